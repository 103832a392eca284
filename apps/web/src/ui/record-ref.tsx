// A reference to another record (`accountId`, `contractId`, `opportunityId`…) shown as that record's name, linked
// to its page. Which fields are references is read from AGGREGATE_UI (`<aggregate>Id` of every aggregate with a
// collection), so an aggregate the domain adds is linked without an edit here. A record the member may not read is
// answered as missing by the API: its id is shown, dimmed, and nothing else is revealed.
import type { AggregateType } from "@accountable/domain";
import { Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useAccounts } from "../api/accounts.ts";
import { useRecord } from "../api/records.ts";
import { AGGREGATE_UI, type Collection } from "../commands/aggregates.ts";
import { AnchorLink, RecordLink } from "./links.tsx";

/** Member references are names, not links; the workspace is not a record of a collection. */
const NOT_LINKED: ReadonlySet<AggregateType> = new Set(["member", "workspace"]);

/** `accountId` → account, `opportunityId` → opportunity… for every aggregate served from a collection. */
const REFERENCE_FIELDS: ReadonlyMap<string, AggregateType> = new Map([
  ...(Object.keys(AGGREGATE_UI) as AggregateType[])
    .filter((a) => AGGREGATE_UI[a].collection !== null && !NOT_LINKED.has(a))
    .map((a) => [`${a}Id`, a] as const),
  // References the domain names by the part the record plays: a contract's renewal deal, the contract it renews
  // and the one that renewed it (they read as ids).
  ["renewalOpportunityId", "opportunity"],
  ["previousRenewalOpportunityId", "opportunity"],
  ["previousContractId", "contract"],
  ["renewedById", "contract"],
]);

/** The aggregate a field of a record refers to, when it is a reference to another record. */
export const referencedAggregate = (field: string): AggregateType | undefined => REFERENCE_FIELDS.get(field);

/**
 * Lists of references (`contactIds` → contacts, `opportunityIds` → deals…), and those the domain names by the part
 * the records play: a deal's `stakeholderIds` are its contacts.
 */
const REFERENCE_LIST_FIELDS: ReadonlyMap<string, AggregateType> = new Map([
  ...[...REFERENCE_FIELDS].map(([field, aggregate]) => [`${field}s`, aggregate] as const),
  ["stakeholderIds", "contact"],
]);

/** The aggregate every id in a list field of a record refers to, when the list is of references. */
export const referencedListAggregate = (field: string): AggregateType | undefined =>
  REFERENCE_LIST_FIELDS.get(field);

/** The linked name of the record `id` of `aggregate`. */
export function RecordRef(props: {
  readonly workspaceId: string;
  readonly aggregate: AggregateType;
  readonly id: string;
}): ReactNode {
  const { workspaceId, aggregate, id } = props;
  const ui = AGGREGATE_UI[aggregate];
  const collection = ui.collection as Collection;
  // Accounts are named from the one list the app already holds (its first 200 by name); any other record, or an
  // account beyond those, is read on its own (and cached: a list of tasks on one account reads it once).
  const accounts = useAccounts(workspaceId, aggregate === "account");
  const listed = aggregate === "account" ? accounts.data?.items.find((a) => a.id === id)?.name : undefined;
  const record = useRecord(
    workspaceId,
    collection,
    id,
    aggregate !== "account" || (!accounts.isPending && listed === undefined),
  );
  const name = listed ?? (record.data ? (ui.title as (s: unknown) => string)(record.data.state) : undefined);
  if (record.isError)
    return (
      <Text span c="dimmed" title={`This ${ui.noun} cannot be shown to you, or no longer exists.`}>
        {id}
      </Text>
    );
  if (name === undefined)
    return (
      <Text span c="dimmed" aria-busy="true">
        …
      </Text>
    );
  const label = name;
  if (aggregate === "account")
    return (
      <AnchorLink to="/w/$workspaceId/accounts/$accountId" params={{ workspaceId, accountId: id }}>
        {label}
      </AnchorLink>
    );
  if (aggregate === "contract")
    return (
      <AnchorLink to="/w/$workspaceId/contracts/$contractId" params={{ workspaceId, contractId: id }}>
        {label}
      </AnchorLink>
    );
  return (
    <RecordLink workspaceId={workspaceId} collection={collection} id={id}>
      {label}
    </RecordLink>
  );
}
