// Global search (GET …/search): ranked hits the signed-in member may read, for the palette and the search page.
import type { Schemas } from "@accountable/client";
import { SEARCH_TEXT_MIN, type SearchKind } from "@accountable/domain";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { AGGREGATE_UI } from "../commands/aggregates.ts";
import { humanize } from "../ui/format.ts";
import { api, unwrap } from "./client.ts";

export type SearchHit = Schemas["SearchHit"];

/** Whether a text is long enough to search (the domain's minimum, spaces folded). */
export const canSearch = (text: string) => text.replace(/\s+/g, " ").trim().length >= SEARCH_TEXT_MIN;

/** The hits for `text` (nothing asked below the minimum); the previous answer stays while the next loads. */
export function useSearch(workspaceId: string, text: string, limit = 20) {
  return useQuery({
    queryKey: ["search", workspaceId, text, limit],
    enabled: canSearch(text),
    placeholderData: keepPreviousData,
    staleTime: 15_000,
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/search", {
          params: { path: { workspaceId }, query: { q: text, limit: String(limit) } },
        }),
      ),
  });
}

/** What a hit is, in words. */
export const SEARCH_KIND_LABELS: Readonly<Record<SearchKind, string>> = {
  account: "Account",
  contact: "Contact",
  opportunity: "Deal",
  contract: "Contract",
  brief: "Brief",
  note: "Note",
};

/** Where a hit opens: an account's and a contract's own pages, the record page for the others. */
export function hitLink(workspaceId: string, hit: SearchHit) {
  if (hit.kind === "account")
    return { to: "/w/$workspaceId/accounts/$accountId", params: { workspaceId, accountId: hit.id } } as const;
  if (hit.kind === "contract")
    return {
      to: "/w/$workspaceId/contracts/$contractId",
      params: { workspaceId, contractId: hit.id },
    } as const;
  const aggregate = hit.kind === "note" ? "activity" : hit.kind;
  return {
    to: "/w/$workspaceId/records/$collection/$id",
    params: { workspaceId, collection: AGGREGATE_UI[aggregate].collection!, id: hit.id },
  } as const;
}

/** The line under a hit's name: a contact's e-mail address, or the account it is under, and its status. */
export function hitDetail(hit: SearchHit): string {
  const where = hit.detail ?? hit.accountName;
  const status = hitStatus(hit);
  return where
    ? `${SEARCH_KIND_LABELS[hit.kind]} · ${where} · ${status}`
    : `${SEARCH_KIND_LABELS[hit.kind]} · ${status}`;
}

/** A hit's status in words, as its record's page says it ("Not renewed", "Closed won"): never the raw value. */
export const hitStatus = (hit: { readonly status: string }): string => humanize(hit.status);
