// /invitations/<token>: the link in an invitation. Signed in as the invited address, one click joins the
// workspace; signed out, sign in or sign up first and come back here.
import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { errorText } from "../../api/client.ts";
import { useAcceptInvitation, useMe } from "../../api/session.ts";
import { AuthFrame } from "../../ui/auth-frame.tsx";
import { AnchorLink } from "../../ui/links.tsx";

const route = getRouteApi("/invitations/$token");

export function InvitationPage() {
  const { token } = route.useParams();
  const me = useMe();
  const accept = useAcceptInvitation();
  const navigate = useNavigate();
  const here = `/invitations/${encodeURIComponent(token)}`;

  return (
    <AuthFrame title="Join a workspace">
      {me.isPending ? null : me.data ? (
        <Stack>
          <Text>
            You are signed in as <b>{me.data.user.email}</b>. Accept the invitation to join its workspace.
          </Text>
          {accept.isError && (
            <Alert color="red" role="alert">
              {errorText(accept.error)}
            </Alert>
          )}
          <Button
            loading={accept.isPending}
            onClick={() =>
              accept.mutate(token, {
                onSuccess: (joined) =>
                  void navigate({ to: "/w/$workspaceId/today", params: { workspaceId: joined.workspaceId } }),
              })
            }
          >
            Accept invitation
          </Button>
        </Stack>
      ) : (
        <Stack>
          <Text>Sign in with the e-mail address the invitation was sent to, then accept it.</Text>
          <Group>
            <AnchorLink to="/sign-in" search={{ redirect: here }}>
              Sign in
            </AnchorLink>
            <AnchorLink to="/sign-up" search={{ redirect: here }}>
              Create an account
            </AnchorLink>
          </Group>
        </Stack>
      )}
    </AuthFrame>
  );
}
