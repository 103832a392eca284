// The search page: /w/:workspaceId/search?q=acme — every kind at once, best match first, the text kept in the
// address so a search can be shared, reloaded or gone back to.
import { Badge, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { errorText } from "../../api/client.ts";
import { canSearch, hitLink, hitStatus, SEARCH_KIND_LABELS, useSearch } from "../../api/search.ts";
import { AnchorLink } from "../../ui/links.tsx";

const route = getRouteApi("/w/$workspaceId/search");

export function SearchPage() {
  const { workspaceId } = route.useParams();
  const { q = "" } = route.useSearch();
  const navigate = useNavigate();
  const [text, setText] = useState(q);
  const [debounced] = useDebouncedValue(text, 250);
  useEffect(() => setText(q), [q]);
  useEffect(() => {
    if (debounced !== q)
      void navigate({
        to: "/w/$workspaceId/search",
        params: { workspaceId },
        search: debounced ? { q: debounced } : {},
        replace: true,
      });
  }, [debounced, q, navigate, workspaceId]);
  const found = useSearch(workspaceId, q, 50);

  return (
    <Stack>
      <Title order={1}>Search</Title>
      <TextInput
        autoFocus
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        placeholder="A name, an e-mail address, an id, a title or a note's subject"
        aria-label="Search"
        description="Accounts, contacts, deals, contracts, briefs and notes you may read. Typos are forgiven."
      />
      {!canSearch(q) ? (
        <Text c="dimmed">Type at least two characters.</Text>
      ) : found.isError ? (
        <Text c="red">{errorText(found.error)}</Text>
      ) : found.data && found.data.hits.length === 0 ? (
        <Text c="dimmed">Nothing you may read matches “{found.data.text}”.</Text>
      ) : (
        <Table highlightOnHover aria-label="Search results" data-loading={found.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>E-mail or account</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(found.data?.hits ?? []).map((hit) => (
              <Table.Tr key={`${hit.kind}:${hit.id}`} data-testid={`hit-${hit.kind}-${hit.id}`}>
                <Table.Td>
                  <Badge variant="light">{SEARCH_KIND_LABELS[hit.kind]}</Badge>
                </Table.Td>
                <Table.Td>
                  <AnchorLink {...hitLink(workspaceId, hit)}>{hit.title}</AnchorLink>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Text size="sm">{hit.detail ?? hit.accountName ?? ""}</Text>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {hitStatus(hit)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
