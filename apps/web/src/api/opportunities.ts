// The pipeline board's data: every open deal of a pipeline (filtered by owner, type and close period), the
// account facts its exit criteria look at, and the stage move itself (read the version, then the command with
// If-Match).
import type {
  Contact,
  Contract,
  Opportunity,
  OpportunityCommand,
  OpportunityType,
  Redacted,
} from "@accountable/domain";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client.ts";

/** What the board's reads need of a pipeline: its id and its stages' ids and kinds. */
export interface BoardPipeline {
  readonly id: string;
  readonly stages: readonly { readonly id: string; readonly kind: string }[];
}

export interface BoardFilters {
  readonly ownerId?: string | undefined;
  readonly types?: readonly OpportunityType[] | undefined;
  /** Close dates, YYYY-MM-DD, both included. */
  readonly closeFrom?: string | undefined;
  readonly closeTo?: string | undefined;
}

const PAGE = 500;

// The API's schemas are generated from the domain's, so a record read from it is the domain's value (ids and
// timestamps arrive as plain strings, which the domain's brands only mark), with the money the member may not see
// masked (`Redacted`).
const asDomain = <T>(value: unknown): T => value as T;

/** The same filters always make the same query key (no empty list here, an absent one there). */
export function normalizeFilters(filters: BoardFilters): BoardFilters {
  return {
    ...(filters.ownerId ? { ownerId: filters.ownerId } : {}),
    ...(filters.types && filters.types.length > 0 ? { types: [...filters.types].sort() } : {}),
    ...(filters.closeFrom ? { closeFrom: filters.closeFrom } : {}),
    ...(filters.closeTo ? { closeTo: filters.closeTo } : {}),
  };
}

/**
 * Every open deal of the pipeline that passes the filters, 500 a page. (Tried: one request per stage, all at
 * once — slower on the embedded database, which answers one query at a time, and more requests in all.)
 */
export async function fetchOpenDeals(
  workspaceId: string,
  pipeline: BoardPipeline,
  filters: BoardFilters,
): Promise<Redacted<Opportunity>[]> {
  const deals: Redacted<Opportunity>[] = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(
      api.GET("/api/workspaces/{workspaceId}/opportunities", {
        params: {
          path: { workspaceId },
          query: {
            pipelineId: pipeline.id,
            status: ["open"],
            sort: "closeDate",
            limit: PAGE,
            ...(filters.ownerId ? { ownerId: [filters.ownerId] } : {}),
            ...(filters.types && filters.types.length > 0 ? { type: [...filters.types] } : {}),
            ...(filters.closeFrom ? { closeDateFrom: filters.closeFrom } : {}),
            ...(filters.closeTo ? { closeDateTo: filters.closeTo } : {}),
            ...(cursor ? { cursor } : {}),
          },
        },
      }),
    );
    deals.push(...asDomain<Redacted<Opportunity>[]>(page.items));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return deals;
}

export const boardDealsKey = (workspaceId: string, pipelineId: string, filters: BoardFilters) =>
  ["opportunities", workspaceId, "board", pipelineId, normalizeFilters(filters)] as const;

/** The board's deals; the pipeline route prefetches this while the board's code loads. */
export const boardDealsQuery = (workspaceId: string, pipeline: BoardPipeline, filters: BoardFilters) =>
  queryOptions({
    queryKey: boardDealsKey(workspaceId, pipeline.id, filters),
    queryFn: () => fetchOpenDeals(workspaceId, pipeline, normalizeFilters(filters)),
    staleTime: 30_000,
  });

export function useBoardDeals(workspaceId: string, pipeline: BoardPipeline, filters: BoardFilters) {
  return useQuery({ ...boardDealsQuery(workspaceId, pipeline, filters), placeholderData: keepPreviousData });
}

/** What the exit criteria look up about the deal's account: its contacts and its contracts. */
export interface AccountFacts {
  readonly contacts: readonly Contact[];
  readonly contracts: readonly Redacted<Contract>[];
}

export const accountFactsQuery = (workspaceId: string, accountId: string) => ({
  queryKey: ["account-facts", workspaceId, accountId] as const,
  queryFn: async (): Promise<AccountFacts> => {
    const [contacts, contracts] = await Promise.all([
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/contacts", {
          params: { path: { workspaceId }, query: { accountId, limit: 500 } },
        }),
      ),
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/contracts", {
          params: { path: { workspaceId }, query: { accountId, limit: 500 } },
        }),
      ),
    ]);
    return {
      contacts: asDomain<Contact[]>(contacts.items),
      contracts: asDomain<Redacted<Contract>[]>(contracts.items),
    };
  },
  staleTime: 30_000,
});

/** The deal as the server holds it now, with its version (the ETag that If-Match sends back). */
export async function fetchDeal(
  workspaceId: string,
  id: string,
): Promise<{ readonly deal: Redacted<Opportunity>; readonly version: number }> {
  const record = await unwrap(
    api.GET("/api/workspaces/{workspaceId}/opportunities/{id}", { params: { path: { workspaceId, id } } }),
  );
  return { deal: asDomain<Redacted<Opportunity>>(record.state), version: record.version };
}

/** Sends a stage-move command (MoveStage, CloseAsWon, CloseAsLost or Reopen) decided on `version`. */
export async function sendStageCommand(
  workspaceId: string,
  id: string,
  version: number,
  command: OpportunityCommand,
): Promise<void> {
  const params = { path: { workspaceId, id }, header: { "if-match": `"${version}"` } };
  switch (command.type) {
    case "MoveStage":
      await unwrap(
        api.POST("/api/workspaces/{workspaceId}/opportunities/{id}/move-stage", {
          params,
          body: { stageId: command.stageId, ...(command.reason ? { reason: command.reason } : {}) },
        }),
      );
      return;
    case "CloseAsWon":
      await unwrap(
        api.POST("/api/workspaces/{workspaceId}/opportunities/{id}/close-as-won", { params, body: {} }),
      );
      return;
    case "CloseAsLost":
      await unwrap(
        api.POST("/api/workspaces/{workspaceId}/opportunities/{id}/close-as-lost", {
          params,
          body: command.lossReason ? { lossReason: command.lossReason } : {},
        }),
      );
      return;
    case "Reopen":
      await unwrap(
        api.POST("/api/workspaces/{workspaceId}/opportunities/{id}/reopen", {
          params,
          body: {
            ...(command.stageId ? { stageId: command.stageId } : {}),
            ...(command.reason ? { reason: command.reason } : {}),
          },
        }),
      );
      return;
    default:
      throw new Error(`${command.type} is not a stage move`);
  }
}
