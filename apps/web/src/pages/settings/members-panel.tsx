// Members and their roles (admins change a role in place), and invitations: invite by e-mail with a role — the
// accept link is shown once — and revoke a pending one.
import { ROLES } from "@accountable/domain";
import { Alert, Badge, Button, Group, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { type FormEvent, useState } from "react";
import { errorText } from "../../api/client.ts";
import { useMembership } from "../../api/session.ts";
import {
  type Role,
  useChangeRole,
  useInvitations,
  useInvite,
  useRevokeInvitation,
} from "../../api/settings.ts";
import { useMembers } from "../../api/workspace.ts";
import { formatDate, humanize } from "../../ui/format.ts";
import { QueryState } from "../../ui/query-state.tsx";
import { SectionCard } from "../../ui/section-card.tsx";
import { ShownOnce } from "../../ui/shown-once.tsx";

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: humanize(r) }));

export function MembersPanel(props: {
  readonly workspaceId: string;
  readonly mayInvite: boolean;
  readonly mayManage: boolean;
}) {
  const { workspaceId } = props;
  const members = useMembers(workspaceId);
  const me = useMembership(workspaceId);
  const changeRole = useChangeRole(workspaceId);
  return (
    <Stack gap="lg">
      <SectionCard title="Members" count={members.data?.length} testId="members">
        <QueryState query={members} label="members">
          {(items) => (
            <Table.ScrollContainer minWidth={560}>
              <Table striped aria-label="Members">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>E-mail</Table.Th>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Status</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((m) => (
                    <Table.Tr key={m.id}>
                      <Table.Td>{m.name}</Table.Td>
                      <Table.Td>{m.email}</Table.Td>
                      <Table.Td>
                        {props.mayManage && m.id !== me?.memberId ? (
                          <Select
                            aria-label={`Role of ${m.name}`}
                            data={ROLE_OPTIONS}
                            value={m.role}
                            allowDeselect={false}
                            size="xs"
                            w={190}
                            disabled={changeRole.isPending}
                            onChange={(role) =>
                              role &&
                              role !== m.role &&
                              changeRole.mutate(
                                { memberId: m.id, role: role as Role },
                                {
                                  onSuccess: () =>
                                    notifications.show({
                                      color: "green",
                                      message: `${m.name} is now ${humanize(role).toLowerCase()}.`,
                                    }),
                                  onError: (e) => notifications.show({ color: "red", message: errorText(e) }),
                                },
                              )
                            }
                          />
                        ) : (
                          humanize(m.role)
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={m.active === false ? "gray" : "green"}>
                          {m.active === false ? "deactivated" : "active"}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
      </SectionCard>
      {props.mayInvite && <Invitations workspaceId={workspaceId} />}
    </Stack>
  );
}

function Invitations(props: { readonly workspaceId: string }) {
  const { workspaceId } = props;
  const invitations = useInvitations(workspaceId);
  const invite = useInvite(workspaceId);
  const revoke = useRevokeInvitation(workspaceId);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("account_executive");
  const [link, setLink] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate(
      { email, role },
      {
        onSuccess: (created) => {
          setLink(`${window.location.origin}/invitations/${encodeURIComponent(created.token)}`);
          setEmail("");
        },
      },
    );
  };

  return (
    <SectionCard title="Invitations" count={invitations.data?.length} testId="invitations">
      <Stack gap="md">
        <form onSubmit={submit} aria-label="Invite a member">
          <Group align="end" wrap="wrap">
            <TextInput
              label="E-mail"
              type="email"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              w={280}
            />
            <Select
              label="Role"
              data={ROLE_OPTIONS}
              value={role}
              onChange={(v) => v && setRole(v as Role)}
              allowDeselect={false}
              w={200}
            />
            <Button type="submit" loading={invite.isPending}>
              Invite
            </Button>
          </Group>
        </form>
        {invite.isError && (
          <Alert color="red" role="alert">
            {errorText(invite.error)}
          </Alert>
        )}
        {link && (
          <ShownOnce
            title="Send this link to the person you invited"
            value={link}
            what="the link"
            note="It is shown only now. Anyone with the link can join as the role you chose."
            testId="invitation-link"
            onClose={() => setLink(null)}
          />
        )}
        <QueryState query={invitations} label="invitations">
          {(items) =>
            items.length === 0 ? (
              <Text c="dimmed">No invitation yet.</Text>
            ) : (
              <Table striped aria-label="Invitations">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>E-mail</Table.Th>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Expires</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((i) => (
                    <Table.Tr key={i.id}>
                      <Table.Td>{i.email}</Table.Td>
                      <Table.Td>{humanize(i.role)}</Table.Td>
                      <Table.Td>{i.status}</Table.Td>
                      <Table.Td>{formatDate(i.expiresAt)}</Table.Td>
                      <Table.Td>
                        {i.status === "pending" && (
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            loading={revoke.isPending && revoke.variables === i.id}
                            onClick={() => revoke.mutate(i.id)}
                          >
                            Revoke
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )
          }
        </QueryState>
      </Stack>
    </SectionCard>
  );
}
