import type { Timestamp } from "@accountable/domain";
import { appendNewStreams, type NewEvent, type NewStream, type StoreDatabase } from "@accountable/store";
import type { PgTable } from "drizzle-orm/pg-core";
import { type AggregateType, REGISTRY } from "./aggregates/registry.ts";
import type { AnySpec } from "./aggregates/spec.ts";
import { insertRows, type Scope } from "./scope.ts";

// Writing many NEW streams at once (the demo generator; later, bulk import): their events, their stream heads
// and their read rows, in one transaction, with multi-row statements instead of one round trip per command.
// The events were decided by the domain's machines beforehand; the read rows come from the specs' own
// `project`, run against a recorder that collects the rows instead of writing them one by one — so the
// rows are exactly what `execute` and `rebuild` write.

/** An event to keep, decided beforehand, with the columns of the event log. */
export interface BulkEvent {
  readonly streamType: AggregateType;
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly actorId: string;
  readonly at: Timestamp;
  readonly reason: string | null;
  readonly payload: unknown;
}

/** A new stream: its type, id, final state and version, and when its last event happened. */
export interface BulkStream {
  readonly type: AggregateType;
  readonly id: string;
  readonly state: { readonly status: string };
  readonly version: number;
  readonly at: Timestamp;
}

export interface BulkWritten {
  readonly streams: number;
  readonly events: number;
  /** Read-table rows written (towers included). */
  readonly rows: number;
}

/**
 * Writes new streams with their events (the store's `appendNewStreams`) and read rows in one transaction.
 * Every stream must be new: one that exists already fails the whole batch, so nothing is overwritten. Each
 * stream's events come in version order, 1, 2, 3…, as `appendEvents` numbers them.
 */
export async function writeNewStreams(
  scope: Scope,
  batch: { readonly streams: readonly BulkStream[]; readonly events: readonly BulkEvent[] },
): Promise<BulkWritten> {
  const rowsByTable = await projectRows(scope, batch.streams);
  const byStream = new Map<string, NewStream & { events: NewEvent[] }>();
  for (const s of batch.streams) byStream.set(s.id, { streamType: s.type, streamId: s.id, events: [] });
  for (const e of batch.events) {
    const stream = byStream.get(e.streamId);
    if (!stream) throw new Error(`event of ${e.streamId}, a stream not in the batch`);
    if (e.version !== stream.events.length + 1)
      throw new Error(`${e.streamId}: version ${e.version} after ${stream.events.length}`);
    stream.events.push({ type: e.type, payload: e.payload, at: e.at, actorId: e.actorId, reason: e.reason });
  }
  return scope.db.transaction(async (tx) => {
    const appended = await appendNewStreams(tx, scope.workspaceId, [...byStream.values()]);
    // The batch was meant to create these streams; one that exists is a caller's bug, not a conflict to report.
    if (!appended.ok) throw new Error(appended.error.message);
    let rows = 0;
    for (const [table, list] of rowsByTable) {
      await insertRows({ ...scope, db: tx }, table as PgTable & { workspaceId: never }, list);
      rows += list.length;
    }
    return { streams: appended.value.streams, events: appended.value.events, rows };
  });
}

/** The read rows of new streams, as each spec's `project` would write them. */
async function projectRows(
  scope: Scope,
  streams: readonly BulkStream[],
): Promise<Map<PgTable, Record<string, unknown>[]>> {
  const recorder = recordingDatabase();
  const recording: Scope = { ...scope, db: recorder.db };
  for (const s of streams) {
    if (s.state.status === "none") continue;
    const spec: AnySpec = REGISTRY[s.type];
    await spec.project(recording, s.state, s.version, s.at);
  }
  return recorder.rows;
}

/**
 * Stands in for the database while `project` runs: records each inserted row (`insert(t).values(v)`, then
 * `onConflictDoUpdate` or a plain await) and ignores `delete(t).where(…)`, which only clears rows of the
 * same stream — and a new stream has none. Any other call (a select, an update) is not there and throws:
 * a projection that starts reading must not be bulk-written this way without a look.
 */
function recordingDatabase(): { db: StoreDatabase; rows: Map<PgTable, Record<string, unknown>[]> } {
  const rows = new Map<PgTable, Record<string, unknown>[]>();
  const done = () => Promise.resolve();
  const db = {
    insert: (table: PgTable) => ({
      values: (v: Record<string, unknown> | Record<string, unknown>[]) => {
        const list = rows.get(table) ?? [];
        if (!rows.has(table)) rows.set(table, list);
        for (const row of Array.isArray(v) ? v : [v]) {
          const { workspaceId: _w, ...rest } = row;
          list.push(rest);
        }
        return Object.assign(done(), { onConflictDoUpdate: done, onConflictDoNothing: done });
      },
    }),
    delete: () => ({ where: done }),
  };
  return { db: db as unknown as StoreDatabase, rows };
}
