// Accounts: the workspace's clients, and a form to add one (the account owner defaults to you).

import { CurrencySchema, fromDecimalString } from "@accountable/domain";
import {
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
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
import { type SyntheticEvent, useState } from "react";
import { useAccounts, useCreateAccount } from "../../api/accounts.ts";
import { ApiError, errorText } from "../../api/client.ts";
import { useMembership } from "../../api/session.ts";
import { useMemberNames, useMembers, useWorkspace } from "../../api/workspace.ts";
import { useAsker } from "../../commands/command-panel.tsx";
import { mayCreateOwn } from "../../commands/record-commands.ts";
import { humanize } from "../../ui/format.ts";
import { AnchorLink } from "../../ui/links.tsx";
import { QueryState } from "../../ui/query-state.tsx";
import { ACCOUNT_STATUS_COLORS } from "../../ui/status-colors.ts";

const route = getRouteApi("/w/$workspaceId/accounts");

const currencyOf = (code: string) => CurrencySchema.parse(code);

export function AccountsPage() {
  const { workspaceId } = route.useParams();
  const accounts = useAccounts(workspaceId);
  const name = useMemberNames(workspaceId);
  // A viewer may not add an account (the domain's `can` says so): no form they would only be refused by.
  const mayCreate = mayCreateOwn("account", "CreateAccount", useAsker(workspaceId, null));
  return (
    <Stack gap="lg">
      <Title order={1}>Accounts</Title>
      {mayCreate && <NewAccountForm workspaceId={workspaceId} />}
      <QueryState query={accounts} label="accounts">
        {(page) =>
          page.items.length === 0 ? (
            <Text c="dimmed">
              {mayCreate ? "No account yet: add your first client above." : "No account yet."}
            </Text>
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
                      <Badge variant="light" color={ACCOUNT_STATUS_COLORS[a.status] ?? "gray"}>
                        {humanize(a.status)}
                      </Badge>
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
  const [employees, setEmployees] = useState<number | string>("");
  const [revenue, setRevenue] = useState<number | string>("");
  const [region, setRegion] = useState("");
  const currency = useWorkspace(workspaceId).data?.state.settings?.currency ?? "EUR";
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState<string | null>(null);

  const submit = (e: SyntheticEvent, confirmed = false) => {
    e.preventDefault();
    const owner = ownerId ?? me?.memberId;
    if (!owner) return;
    setDuplicate(null);
    const revenueMoney =
      revenue === "" ? undefined : fromDecimalString(String(revenue), currencyOf(currency));
    create.mutate(
      {
        name: accountName,
        ownerId: owner,
        ...(industry ? { industry } : {}),
        ...(typeof employees === "number" ? { employees } : {}),
        ...(revenueMoney ? { annualRevenue: revenueMoney } : {}),
        ...(region.trim() ? { region } : {}),
        // A name that is taken is refused by the domain ("Zephyr Logistics" twice is usually a mistake); the
        // person is asked, and says so to add it anyway.
        ...(confirmed ? { allowDuplicate: true } : {}),
      },
      {
        onError: (error) => {
          if (error instanceof ApiError && error.problem?.code === "AlreadyExists" && !confirmed)
            setDuplicate(accountName.trim());
        },
        onSuccess: () => {
          notifications.show({ color: "green", message: `${accountName} was added.` });
          setAccountName("");
          setIndustry("");
          setEmployees("");
          setRevenue("");
          setRegion("");
        },
      },
    );
  };

  return (
    <Paper withBorder p="md">
      <form onSubmit={(e) => submit(e)} aria-label="New account">
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
            <NumberInput
              label="Employees"
              value={employees}
              onChange={setEmployees}
              min={0}
              allowDecimal={false}
              thousandSeparator=","
              w={140}
            />
            <NumberInput
              label={`Annual revenue (${currency})`}
              value={revenue}
              onChange={setRevenue}
              min={0}
              thousandSeparator=","
              w={200}
            />
            <TextInput
              label="Region or office"
              value={region}
              onChange={(e) => setRegion(e.currentTarget.value)}
              w={180}
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
          {duplicate && (
            <Alert color="yellow" role="alert" title="This name is taken">
              <Text size="sm">
                There is already an account named {duplicate}. Add another one with the same name?
              </Text>
              <Group gap="xs" mt="xs">
                <Button size="xs" color="yellow" onClick={(e) => submit(e, true)}>
                  Add it anyway
                </Button>
                <Button size="xs" variant="default" onClick={() => setDuplicate(null)}>
                  Cancel
                </Button>
              </Group>
            </Alert>
          )}
          {create.isError && !duplicate && (
            <Alert color="red" role="alert">
              {errorText(create.error)}
            </Alert>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
