// /invitations/<token>: the link in an invitation. It says who invites you to which workspace and in which role
// (GET /api/invitations/<token>, no sign-in needed); signed in with the invited address, one click joins the
// workspace; signed out, sign in or sign up first and come back here. A used, withdrawn or expired invitation
// says so and offers nothing to click.
import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { errorText } from "../../api/client.ts";
import { type InvitationPreview, useAcceptInvitation, useInvitation, useMe } from "../../api/session.ts";
import { AuthFrame } from "../../ui/auth-frame.tsx";
import { formatDate, humanize } from "../../ui/format.ts";
import { AnchorLink } from "../../ui/links.tsx";

const route = getRouteApi("/invitations/$token");

/** Why an invitation that is not pending admits no one, as the API's refusals say it. */
function closedText(invitation: InvitationPreview): string | null {
  switch (invitation.status) {
    case "accepted":
      return `This invitation was already accepted${invitation.acceptedAt ? ` on ${formatDate(invitation.acceptedAt.slice(0, 10))}` : ""}; an invitation admits one person once.`;
    case "revoked":
      return "This invitation was withdrawn; ask for a new one.";
    case "expired":
      return `This invitation expired on ${formatDate(invitation.expiresAt.slice(0, 10))}; ask a member of the workspace to invite you again.`;
    case "pending":
      return null;
  }
}

export function InvitationPage() {
  const { token } = route.useParams();
  const invitation = useInvitation(token);
  const me = useMe();
  const accept = useAcceptInvitation();
  const navigate = useNavigate();
  const here = `/invitations/${encodeURIComponent(token)}`;

  if (invitation.isPending || me.isPending) return <AuthFrame title="Join a workspace">{null}</AuthFrame>;
  if (invitation.isError) {
    return (
      <AuthFrame title="Join a workspace">
        <Alert color="red" role="alert">
          {errorText(invitation.error)}
        </Alert>
      </AuthFrame>
    );
  }

  const inv = invitation.data;
  const closed = closedText(inv);
  const signedInAs = me.data?.user.email.toLowerCase();
  const otherAddress = signedInAs !== undefined && signedInAs !== inv.email;

  return (
    <AuthFrame title="Join a workspace">
      <Stack>
        <Text data-testid="invitation-summary">
          <b>{inv.invitedByName}</b> invites you to join <b>{inv.workspaceName}</b> as{" "}
          {humanize(inv.role).toLowerCase()}.
        </Text>
        <Text size="sm" c="dimmed">
          Sent to {inv.email}
          {inv.status === "pending" ? `; open until ${formatDate(inv.expiresAt.slice(0, 10))}.` : "."}
        </Text>
        {closed ? (
          <Alert color="yellow" role="status">
            {closed}
          </Alert>
        ) : me.data ? (
          <>
            {otherAddress ? (
              <Alert color="yellow" role="status">
                You are signed in as {me.data.user.email}; sign in with {inv.email} to accept this invitation.
              </Alert>
            ) : (
              <Text>
                You are signed in as <b>{me.data.user.email}</b>.
              </Text>
            )}
            {accept.isError && (
              <Alert color="red" role="alert">
                {errorText(accept.error)}
              </Alert>
            )}
            <Button
              disabled={otherAddress}
              loading={accept.isPending}
              onClick={() =>
                accept.mutate(token, {
                  onSuccess: (joined) =>
                    void navigate({
                      to: "/w/$workspaceId/today",
                      params: { workspaceId: joined.workspaceId },
                    }),
                })
              }
            >
              Accept invitation
            </Button>
          </>
        ) : (
          <>
            <Text>
              Sign in with {inv.email}, or create an account with it, then accept the invitation here.
            </Text>
            <Group>
              <AnchorLink to="/sign-in" search={{ redirect: here }}>
                Sign in
              </AnchorLink>
              <AnchorLink to="/sign-up" search={{ redirect: here }}>
                Create an account
              </AnchorLink>
            </Group>
          </>
        )}
      </Stack>
    </AuthFrame>
  );
}
