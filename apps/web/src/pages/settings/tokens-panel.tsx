// The signed-in user's API tokens (for scripts and the CLI): create one — the secret is shown once —, list them
// by their prefix and last use, delete one.
import { Alert, Button, Code, Group, NumberInput, Stack, Table, Text, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { errorText } from "../../api/client.ts";
import { useApiTokens, useCreateToken, useDeleteToken } from "../../api/settings.ts";
import { formatDate, formatDateTime } from "../../ui/format.ts";
import { QueryState } from "../../ui/query-state.tsx";
import { SectionCard } from "../../ui/section-card.tsx";
import { ShownOnce } from "../../ui/shown-once.tsx";

export function TokensPanel() {
  const tokens = useApiTokens();
  const create = useCreateToken();
  const remove = useDeleteToken();
  const [name, setName] = useState("");
  const [days, setDays] = useState<number | "">("");
  const [secret, setSecret] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name, ...(days === "" ? {} : { expiresInDays: days }) },
      {
        onSuccess: (created) => {
          setSecret(created.token);
          setName("");
          setDays("");
        },
      },
    );
  };

  return (
    <SectionCard title="API tokens" count={tokens.data?.length} testId="api-tokens">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Send a token as <Code>Authorization: Bearer &lt;token&gt;</Code>. It acts as you, in every workspace
          you belong to.
        </Text>
        <form onSubmit={submit} aria-label="New API token">
          <Group align="end" wrap="wrap">
            <TextInput
              label="Name"
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              w={240}
            />
            <NumberInput
              label="Expires in (days; empty: never)"
              value={days}
              onChange={(v) => setDays(v === "" ? "" : Number(v))}
              min={1}
              max={3650}
              w={220}
            />
            <Button type="submit" loading={create.isPending}>
              Create token
            </Button>
          </Group>
        </form>
        {create.isError && (
          <Alert color="red" role="alert">
            {errorText(create.error)}
          </Alert>
        )}
        {secret && (
          <ShownOnce
            title="Your new token"
            value={secret}
            what="the token"
            note="Copy it now: it is shown only once."
            testId="new-token"
            onClose={() => setSecret(null)}
          />
        )}
        <QueryState query={tokens} label="your tokens">
          {(items) =>
            items.length === 0 ? (
              <Text c="dimmed">No token yet.</Text>
            ) : (
              <Table striped aria-label="API tokens">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Starts with</Table.Th>
                    <Table.Th>Created</Table.Th>
                    <Table.Th>Expires</Table.Th>
                    <Table.Th>Last used</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((t) => (
                    <Table.Tr key={t.id}>
                      <Table.Td>{t.name}</Table.Td>
                      <Table.Td>
                        <Code>{t.prefix}…</Code>
                      </Table.Td>
                      <Table.Td>{formatDate(t.createdAt)}</Table.Td>
                      <Table.Td>{t.expiresAt ? formatDate(t.expiresAt) : "never"}</Table.Td>
                      <Table.Td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "—"}</Table.Td>
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          aria-label={`Delete the token ${t.name}`}
                          loading={remove.isPending && remove.variables === t.id}
                          onClick={() => remove.mutate(t.id)}
                        >
                          Delete
                        </Button>
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
