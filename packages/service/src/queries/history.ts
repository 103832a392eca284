// The workspace's deals as they stood at a past moment, rebuilt from the event log rather than read from the
// read table, so that "as of yesterday" answers do not move when deals move today.
import {
  type Opportunity,
  type OpportunityEvent,
  OpportunityEventSchema,
  type OpportunityState,
  opportunityMachine,
  type Timestamp,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { asc, eq, lte, sql } from "drizzle-orm";
import { opportunitySpec } from "../aggregates/opportunity.ts";
import { type Scope, selectRows } from "../scope.ts";

// Events per round trip: enough to amortise the query, few enough to keep memory flat on a large log.
const EVENT_PAGE = 10_000;

/**
 * Every deal of the workspace as it stood at `asOf`: the opportunity events that happened (`at`) at or before
 * it, each parsed with the domain's schema and folded per stream with the machine's `evolve`, in stream order
 * (by id). Deals created later are absent. `keep` filters the rebuilt deals as they are produced.
 */
export async function opportunitiesAsOf(
  scope: Scope,
  asOf: Timestamp,
  keep: (opp: Opportunity) => boolean = () => true,
): Promise<Opportunity[]> {
  const out: Opportunity[] = [];
  await replayOpportunities(scope, asOf, {
    onDeal: (deal) => {
      if (keep(deal)) out.push(deal);
    },
  });
  return out;
}

/** What a replay tells its caller: each event of a deal, in order, then the deal it made. */
export interface ReplayVisitor {
  onEvent?(event: OpportunityEvent): void;
  onDeal(deal: Opportunity): void;
}

/**
 * Replays the opportunity events that happened at or before `asOf`, stream by stream (by id): `onEvent` sees each
 * parsed event of a deal in order, then `onDeal` the deal they folded into.
 */
export async function replayOpportunities(
  scope: Scope,
  asOf: Timestamp,
  visitor: ReplayVisitor,
): Promise<void> {
  const e = schema.events;
  let streamId: string | null = null;
  let state: OpportunityState = opportunityMachine.initial;
  const flush = () => {
    if (state.status !== "none") visitor.onDeal(state);
    state = opportunityMachine.initial;
  };
  let last: { streamId: string; version: number } | null = null;
  for (;;) {
    const page: { streamId: string; version: number; payload: unknown }[] = await selectRows(
      scope,
      e,
      { streamId: e.streamId, version: e.version, payload: e.payload },
      {
        where: [
          eq(e.streamType, opportunitySpec.type),
          lte(e.at, new Date(asOf)),
          last === null
            ? undefined
            : sql`(${e.streamId}, ${e.version}) > (${last.streamId}, ${last.version})`,
        ],
        // The primary key (workspace, stream, version) serves this order and the keyset above.
        orderBy: [asc(e.streamId), asc(e.version)],
        limit: EVENT_PAGE,
      },
    );
    for (const row of page) {
      if (row.streamId !== streamId) {
        flush();
        streamId = row.streamId;
      }
      const event = OpportunityEventSchema.parse(row.payload);
      visitor.onEvent?.(event);
      state = opportunityMachine.evolve(state, event);
    }
    const end = page[page.length - 1];
    if (page.length < EVENT_PAGE || !end) break;
    last = { streamId: end.streamId, version: end.version };
  }
  flush();
}
