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
import {
  keepPreviousData,
  queryOptions,
  experimental_streamedQuery as streamedQuery,
  useQuery,
} from "@tanstack/react-query";
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
/**
 * The first page of each column: more cards than the tallest screen shows (a card is about 124 px), read first
 * and small, so the board is drawn and usable while the rest of each column follows.
 */
export const FIRST_PAGE = 40;

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

/** One page of a stage's open deals that pass the filters, by close date, from `cursor`. */
async function fetchStagePage(
  workspaceId: string,
  pipelineId: string,
  stageId: string,
  filters: BoardFilters,
  limit: number,
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<{ deals: BoardDeal[]; next: string | undefined }> {
  const page = await unwrap(
    api.GET("/api/workspaces/{workspaceId}/opportunities", {
      params: {
        path: { workspaceId },
        query: {
          pipelineId,
          stageId: [stageId],
          status: ["open"],
          sort: "closeDate",
          limit,
          ...(filters.ownerId ? { ownerId: [filters.ownerId] } : {}),
          ...(filters.types && filters.types.length > 0 ? { type: [...filters.types] } : {}),
          ...(filters.closeFrom ? { closeDateFrom: filters.closeFrom } : {}),
          ...(filters.closeTo ? { closeDateTo: filters.closeTo } : {}),
          ...(cursor ? { cursor } : {}),
        },
      },
      ...(signal ? { signal } : {}),
    }),
  );
  return { deals: asDomain<BoardDeal[]>(page.items), next: page.nextCursor ?? undefined };
}

/** The board's deals as read so far: `loading` names the stages whose later deals are still on their way. */
export interface BoardDeals {
  readonly deals: readonly BoardDeal[];
  readonly loading: readonly string[];
}

/** A part of the board's deals as it arrives: deals, and the stages still loading after it. */
export interface BoardChunk {
  readonly deals: readonly BoardDeal[];
  readonly done: readonly string[];
  readonly started?: readonly string[];
}

export const NO_BOARD_DEALS: BoardDeals = { deals: [], loading: [] };

/**
 * Adds a part to the deals read so far. A deal the board holds already is kept as the board holds it: a card
 * moved meanwhile may come back in its new stage's later page, and the board's copy (moved, with the version
 * the move answered) is the newer one.
 */
export function addBoardChunk(board: BoardDeals, chunk: BoardChunk): BoardDeals {
  const known = new Set(board.deals.map((d) => d.id));
  const fresh = chunk.deals.filter((d) => !known.has(d.id));
  const loading = [...board.loading, ...(chunk.started ?? [])].filter((s) => !chunk.done.includes(s));
  return { deals: fresh.length > 0 ? [...board.deals, ...fresh] : board.deals, loading };
}

/**
 * Every open deal of the pipeline that passes the filters, in parts: first a small page of every open stage at
 * once (the board is drawn with them), then the rest of each stage that has more, 500 a page, each page as it
 * comes — every stage in parallel, never one stage after another.
 */
export async function* streamOpenDeals(
  workspaceId: string,
  pipeline: BoardPipeline,
  filters: BoardFilters,
  signal?: AbortSignal,
): AsyncGenerator<BoardChunk> {
  const open = pipeline.stages.filter((s) => s.kind === "open").map((s) => s.id);
  const firsts = await Promise.all(
    open.map((id) => fetchStagePage(workspaceId, pipeline.id, id, filters, FIRST_PAGE, undefined, signal)),
  );
  const more = open.flatMap((id, i) => (firsts[i]!.next ? [{ id, cursor: firsts[i]!.next! }] : []));
  yield {
    deals: firsts.flatMap((f) => f.deals),
    started: more.map((m) => m.id),
    done: [],
  };
  // Each stage pages on by itself; its pages are handed over in the order they arrive.
  const waiting = new Map<string, Promise<{ id: string; deals: BoardDeal[]; next: string | undefined }>>();
  const read = (id: string, cursor: string) =>
    waiting.set(
      id,
      fetchStagePage(workspaceId, pipeline.id, id, filters, PAGE, cursor, signal).then((p) => ({ id, ...p })),
    );
  for (const m of more) read(m.id, m.cursor);
  while (waiting.size > 0) {
    const page = await Promise.race(waiting.values());
    waiting.delete(page.id);
    if (page.next) read(page.id, page.next);
    yield { deals: page.deals, done: page.next ? [] : [page.id] };
  }
}

/** Every open deal of the pipeline that passes the filters, all parts read (for callers that want them whole). */
export async function fetchOpenDeals(
  workspaceId: string,
  pipeline: BoardPipeline,
  filters: BoardFilters,
): Promise<BoardDeal[]> {
  let board = NO_BOARD_DEALS;
  for await (const chunk of streamOpenDeals(workspaceId, pipeline, filters))
    board = addBoardChunk(board, chunk);
  return [...board.deals];
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

/**
 * The board's deals, streamed: the query has data (and the board is drawn) once every stage's first page is in;
 * later pages are added as they come. A refetch (after a 409) keeps showing the board until its read is whole.
 * The pipeline route prefetches this while the board's code loads.
 */
export const boardDealsQuery = (workspaceId: string, pipeline: BoardPipeline, filters: BoardFilters) =>
  queryOptions({
    queryKey: boardDealsKey(workspaceId, pipeline, filters),
    queryFn: streamedQuery<BoardChunk, BoardDeals, ReturnType<typeof boardDealsKey>>({
      streamFn: (context) =>
        streamOpenDeals(workspaceId, pipeline, normalizeFilters(filters), context.signal),
      reducer: addBoardChunk,
      initialValue: NO_BOARD_DEALS,
      refetchMode: "replace",
    }),
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
