// The pipeline board's data: every open deal of a pipeline (filtered by owner, type and close period), each
// with its version, read a stage at a time and all stages at once; the account facts its exit criteria look at;
// the account names its cards show; and the stage move itself (the command with If-Match: the card's version —
// no read before or after, the command answers the deal as it now stands).
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

/** A deal as the board holds it: as the member reads it, with its version (sent back as If-Match). */
export type BoardDeal = Redacted<Opportunity> & { readonly version: number };

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

/** Every open deal of one stage that passes the filters, 500 a page. */
async function fetchStageDeals(
  workspaceId: string,
  pipelineId: string,
  stageId: string,
  filters: BoardFilters,
): Promise<BoardDeal[]> {
  const deals: BoardDeal[] = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(
      api.GET("/api/workspaces/{workspaceId}/opportunities", {
        params: {
          path: { workspaceId },
          query: {
            pipelineId,
            stageId: [stageId],
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
    deals.push(...asDomain<BoardDeal[]>(page.items));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return deals;
}

/**
 * Every open deal of the pipeline that passes the filters: one request per open stage, all at once (a stage of
 * more than 500 deals pages on by itself), so the board waits for its largest stage, not for every page in turn.
 */
export async function fetchOpenDeals(
  workspaceId: string,
  pipeline: BoardPipeline,
  filters: BoardFilters,
): Promise<BoardDeal[]> {
  const open = pipeline.stages.filter((s) => s.kind === "open");
  const stages = await Promise.all(open.map((s) => fetchStageDeals(workspaceId, pipeline.id, s.id, filters)));
  return stages.flat();
}

// The pipelines' stages (ids and kinds) as last read, per workspace: the board starts reading its deals with
// them at once, without waiting for the workspace's settings. The key holds the stages, so a pipeline changed
// since is read again when the settings arrive.
const pipelinesKey = (workspaceId: string) => `accountable.board-stages.${workspaceId}`;

export function rememberPipelines(workspaceId: string, pipelines: readonly BoardPipeline[]): void {
  const lean = pipelines.map((p) => ({
    id: p.id,
    stages: p.stages.map((s) => ({ id: s.id, kind: s.kind })),
  }));
  try {
    globalThis.localStorage?.setItem(pipelinesKey(workspaceId), JSON.stringify(lean));
  } catch {
    // Storage full or refused: the board then waits for the settings, as on a first visit.
  }
}

export function rememberedPipelines(workspaceId: string): BoardPipeline[] | undefined {
  try {
    const kept = globalThis.localStorage?.getItem(pipelinesKey(workspaceId));
    const parsed: unknown = kept ? JSON.parse(kept) : undefined;
    return Array.isArray(parsed) ? (parsed as BoardPipeline[]) : undefined;
  } catch {
    return undefined;
  }
}

/** The stages a board reads (their ids, in order): part of its key, so a pipeline changed since is read anew. */
const stageKey = (pipeline: BoardPipeline) =>
  pipeline.stages
    .filter((s) => s.kind === "open")
    .map((s) => s.id)
    .join(",");

export const boardDealsKey = (workspaceId: string, pipeline: BoardPipeline, filters: BoardFilters) =>
  [
    "opportunities",
    workspaceId,
    "board",
    pipeline.id,
    stageKey(pipeline),
    normalizeFilters(filters),
  ] as const;

/** The board's deals; the pipeline route prefetches this while the board's code loads. */
export const boardDealsQuery = (workspaceId: string, pipeline: BoardPipeline, filters: BoardFilters) =>
  queryOptions({
    queryKey: boardDealsKey(workspaceId, pipeline, filters),
    queryFn: () => fetchOpenDeals(workspaceId, pipeline, normalizeFilters(filters)),
    staleTime: 30_000,
  });

export function useBoardDeals(workspaceId: string, pipeline: BoardPipeline, filters: BoardFilters) {
  return useQuery({ ...boardDealsQuery(workspaceId, pipeline, filters), placeholderData: keepPreviousData });
}

/** Every account's name by id, for the cards (accounts are few beside deals: pages of 500, all at once after the first). */
export const accountNamesQuery = (workspaceId: string) =>
  queryOptions({
    queryKey: ["accounts", workspaceId, "names"] as const,
    queryFn: async (): Promise<ReadonlyMap<string, string>> => {
      const names = new Map<string, string>();
      let cursor: string | undefined;
      do {
        const page = await unwrap(
          api.GET("/api/workspaces/{workspaceId}/accounts", {
            params: { path: { workspaceId }, query: { limit: PAGE, ...(cursor ? { cursor } : {}) } },
          }),
        );
        for (const a of page.items) names.set(a.id, a.name);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return names;
    },
    staleTime: 60_000,
  });

export const useAccountNames = (workspaceId: string) => useQuery(accountNamesQuery(workspaceId));

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

/** The deal after a command, with its new version: what the command answered. */
export interface MovedDeal {
  readonly deal: Redacted<Opportunity>;
  readonly version: number;
}

/**
 * Sends a stage-move command (MoveStage, CloseAsWon, CloseAsLost or Reopen) decided on `version`, and answers
 * the deal as the command left it (a 409 — changed meanwhile — is thrown as an ApiError like any refusal).
 */
export async function sendStageCommand(
  workspaceId: string,
  id: string,
  version: number,
  command: OpportunityCommand,
): Promise<MovedDeal> {
  const params = { path: { workspaceId, id }, header: { "if-match": `"${version}"` } };
  switch (command.type) {
    case "MoveStage":
      return answered(
        api.POST("/api/workspaces/{workspaceId}/opportunities/{id}/move-stage", {
          params,
          body: { stageId: command.stageId, ...(command.reason ? { reason: command.reason } : {}) },
        }),
      );
    case "CloseAsWon":
      return answered(
        api.POST("/api/workspaces/{workspaceId}/opportunities/{id}/close-as-won", { params, body: {} }),
      );
    case "CloseAsLost":
      return answered(
        api.POST("/api/workspaces/{workspaceId}/opportunities/{id}/close-as-lost", {
          params,
          body: command.lossReason ? { lossReason: command.lossReason } : {},
        }),
      );
    case "Reopen":
      return answered(
        api.POST("/api/workspaces/{workspaceId}/opportunities/{id}/reopen", {
          params,
          body: {
            ...(command.stageId ? { stageId: command.stageId } : {}),
            ...(command.reason ? { reason: command.reason } : {}),
          },
        }),
      );
    default:
      throw new Error(`${command.type} is not a stage move`);
  }
}

async function answered(
  request: Promise<{ data?: { version: number; state: unknown }; error?: unknown; response: Response }>,
): Promise<MovedDeal> {
  const answer = await unwrap(request);
  return { deal: asDomain<Redacted<Opportunity>>(answer.state), version: answer.version };
}
