// The agency chain around a record: the brief(s) a deal or contract comes from, the deal, and the contract — each
// a link to its page. Briefs are read from the briefs list by the deal or contract they name (the read table
// holds both links), so a brief linked from its own page shows here at once.
import { Stack, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { api, unwrap } from "../api/client.ts";
import { humanize } from "./format.ts";
import { RecordLink } from "./links.tsx";
import { MoneyText } from "./money-text.tsx";
import { RecordRef } from "./record-ref.tsx";
import { SectionCard } from "./section-card.tsx";

/** Which briefs to list: those leading to a deal, or those delivered under a contract. */
export type BriefsBy = { readonly opportunityId: string } | { readonly contractId: string };

export function useBriefs(workspaceId: string, by: BriefsBy | null) {
  return useQuery({
    queryKey: ["briefs", workspaceId, "chain", by],
    enabled: by !== null,
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/briefs", {
          params: { path: { workspaceId }, query: { ...by, limit: 20, sort: "updatedAt", order: "desc" } },
        }),
      ).then((page) => page.items),
  });
}

/** The contracts made from a deal (their `opportunityId`), newest first. */
function useContractsOf(workspaceId: string, opportunityId: string | null) {
  return useQuery({
    queryKey: ["contracts", workspaceId, "chain", opportunityId],
    enabled: opportunityId !== null,
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/contracts", {
          params: { path: { workspaceId }, query: { opportunityId: opportunityId!, limit: 20 } },
        }),
      ).then((page) => page.items.map((c) => c.id)),
  });
}

/** The chain card: a row per link, with the briefs listed when the record is a deal or a contract. */
export function ChainLinks(props: {
  readonly workspaceId: string;
  /** The deal in the chain (a contract's, a brief's); undefined: the record is the deal. */
  readonly opportunityId?: string | null;
  /** The contract in the chain (a deal's, a brief's); undefined: the record is the contract. */
  readonly contractId?: string | null;
  /** The briefs to list; null: the record is a brief. */
  readonly briefsBy: BriefsBy | null;
}): ReactNode {
  const { workspaceId, opportunityId, contractId, briefsBy } = props;
  const briefs = useBriefs(workspaceId, briefsBy);
  // A deal's contracts: the one it links to and those made from it (a contract names its deal on creation).
  const dealId = briefsBy !== null && "opportunityId" in briefsBy ? briefsBy.opportunityId : null;
  const made = useContractsOf(workspaceId, dealId);
  const contractIds =
    contractId === undefined
      ? []
      : [...new Set([...(contractId === null ? [] : [contractId]), ...(made.data ?? [])])];
  const none = (
    <Text span c="dimmed">
      not linked
    </Text>
  );
  return (
    <SectionCard title="Brief, deal and contract" testId="chain-links">
      <Stack gap="xs">
        {briefsBy !== null && (
          <div>
            <Text size="sm" fw={500}>
              {"opportunityId" in briefsBy ? "Briefs it comes from" : "Briefs delivered under it"}
            </Text>
            {briefs.isPending ? (
              <Text c="dimmed" aria-busy="true">
                …
              </Text>
            ) : (briefs.data ?? []).length === 0 ? (
              <Text c="dimmed" size="sm">
                No brief is linked yet: link one from the brief's page ("link the deal", "link the contract").
              </Text>
            ) : (
              <Table aria-label="Briefs" data-testid="chain-briefs">
                <Table.Tbody>
                  {(briefs.data ?? []).map((b) => (
                    <Table.Tr key={b.id}>
                      <Table.Td>
                        <RecordLink workspaceId={workspaceId} collection="briefs" id={b.id}>
                          {b.title}
                        </RecordLink>
                      </Table.Td>
                      <Table.Td>{humanize(b.status)}</Table.Td>
                      <Table.Td ta="right">
                        {b.approvedBudget ? (
                          <>
                            approved <MoneyText value={b.approvedBudget} />
                          </>
                        ) : (
                          <Text span c="dimmed">
                            budget not approved
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </div>
        )}
        {opportunityId !== undefined && (
          <Text size="sm" data-testid="chain-deal">
            <Text span fw={500}>
              Deal:{" "}
            </Text>
            {opportunityId === null ? (
              none
            ) : (
              <RecordRef workspaceId={workspaceId} aggregate="opportunity" id={opportunityId} />
            )}
          </Text>
        )}
        {contractId !== undefined && (
          <Text size="sm" data-testid="chain-contract">
            <Text span fw={500}>
              Contract:{" "}
            </Text>
            {contractIds.length === 0
              ? none
              : contractIds.map((id, i) => (
                  <span key={id}>
                    {i > 0 ? ", " : ""}
                    <RecordRef workspaceId={workspaceId} aggregate="contract" id={id} />
                  </span>
                ))}
          </Text>
        )}
      </Stack>
    </SectionCard>
  );
}
