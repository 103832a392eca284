// Accounts: the workspace's clients, and a form to add one (the account owner defaults to you).
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { getRouteApi } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { useAccounts, useCreateAccount } from "../../api/accounts.ts";
import { errorText } from "../../api/client.ts";
import { useMembership } from "../../api/session.ts";
import { useMemberNames, useMembers } from "../../api/workspace.ts";
import { humanize } from "../../ui/format.ts";
import { AnchorLink } from "../../ui/links.tsx";
import { QueryState } from "../../ui/query-state.tsx";

const route = getRouteApi("/w/$workspaceId/accounts");

export function AccountsPage() {
  const { workspaceId } = route.useParams();
  const accounts = useAccounts(workspaceId);
  const name = useMemberNames(workspaceId);
  return (
    <Stack gap="lg">
      <Title order={1}>Accounts</Title>
      <NewAccountForm workspaceId={workspaceId} />
      <QueryState query={accounts} label="accounts">
        {(page) =>
          page.items.length === 0 ? (
            <Text c="dimmed">No account yet: add your first client above.</Text>
          ) : (
            <Table striped highlightOnHover aria-label="Accounts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Account</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Industry</Table.Th>
                  <Table.Th>Owner</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.items.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      <AnchorLink
                        to="/w/$workspaceId/accounts/$accountId"
                        params={{ workspaceId, accountId: a.id }}
                      >
                        {a.name}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light">{humanize(a.status)}</Badge>
                    </Table.Td>
                    <Table.Td>{a.industry ?? ""}</Table.Td>
                    <Table.Td>{name(a.ownerId)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Stack>
  );
}

function NewAccountForm(props: { readonly workspaceId: string }) {
  const { workspaceId } = props;
  const me = useMembership(workspaceId);
  const members = useMembers(workspaceId).data ?? [];
  const create = useCreateAccount(workspaceId);
  const [accountName, setAccountName] = useState("");
  const [industry, setIndustry] = useState("");
  const [ownerId, setOwnerId] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const owner = ownerId ?? me?.memberId;
    if (!owner) return;
    create.mutate(
      { name: accountName, ownerId: owner, ...(industry ? { industry } : {}) },
      {
        onSuccess: () => {
          notifications.show({ color: "green", message: `${accountName} was added.` });
          setAccountName("");
          setIndustry("");
        },
      },
    );
  };

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} aria-label="New account">
        <Stack gap="sm">
          <Title order={2} size="h4">
            New account
          </Title>
          <Group align="end" wrap="wrap">
            <TextInput
              label="Name"
              required
              value={accountName}
              onChange={(e) => setAccountName(e.currentTarget.value)}
              w={260}
            />
            <TextInput
              label="Industry"
              value={industry}
              onChange={(e) => setIndustry(e.currentTarget.value)}
              w={200}
            />
            <Select
              label="Owner"
              data={members.filter((m) => m.active).map((m) => ({ value: m.id, label: m.name }))}
              value={ownerId ?? me?.memberId ?? null}
              onChange={setOwnerId}
              allowDeselect={false}
              searchable
              w={220}
            />
            <Button type="submit" loading={create.isPending}>
              Add account
            </Button>
          </Group>
          {create.isError && (
            <Alert color="red" role="alert">
              {errorText(create.error)}
            </Alert>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
