import { and, eq, sql } from "drizzle-orm";
import { canCopy, copyRows } from "./copy.ts";
import type { StoreDatabase } from "./database.ts";
import type { NewEvent } from "./event-log.ts";
import { err, ok, type Result } from "./result.ts";
import { events, streams } from "./schema/event-log.ts";
import { idempotencyKeys } from "./schema/idempotency-keys.ts";
import { assertWorkspaceId } from "./workspace-scope.ts";

// Bulk writes for imports: many new streams, and the idempotency keys that say a keyed request was done, each
// in a few multi-row statements instead of a few statements per stream. Both are all or nothing (a savepoint
// when `db` is a transaction), so a caller can put a whole batch in one transaction with its projections.

/** A stream that does not exist yet, with its first events (versions 1, 2, …). */
export interface NewStream {
  readonly streamType: string;
  readonly streamId: string;
  readonly events: readonly NewEvent[];
}

/** Some of the streams to create exist already (another writer created them first): nothing was appended. */
export interface StreamsExist {
  readonly _tag: "StreamsExist";
  readonly streamIds: readonly string[];
  readonly message: string;
}

/** Some of the keys are taken (another writer claimed them first): nothing was claimed. */
export interface KeysTaken {
  readonly _tag: "KeysTaken";
  readonly keys: readonly string[];
  readonly message: string;
}

// Rows per statement. A statement's rows travel as one JSON document that the server reads with
// `jsonb_to_recordset`: no 65,535-parameter bound, and building it is one `JSON.stringify`. Measured on
// PostgreSQL: drizzle's builder spends more time on a 1,000-row VALUES list than the database spends inserting
// it; one array parameter per column was ~40% slower than JSON (escaping JSON payloads inside an array literal
// is costly); jsonb beat json by 15–25% (a payload is parsed once, not again as its column's value).
const CHUNK = 5_000;

class Rollback extends Error {}

const EVENT_COLUMNS = [
  events.workspaceId,
  events.streamType,
  events.streamId,
  events.version,
  events.type,
  events.actorId,
  events.at,
  events.reason,
  events.payload,
];

const param = (values: readonly unknown[]) => sql.param(values);
const json = (rows: readonly unknown[]) => sql`${JSON.stringify(rows)}::jsonb`;

/**
 * Creates streams that must not exist yet, with their events, or none of them: the stream heads are inserted
 * `ON CONFLICT DO NOTHING`, exactly as `appendEvents` claims a new stream, so a stream another writer created
 * first (or creates concurrently: its head's unique key makes us wait for its commit) comes back in a
 * {@link StreamsExist} refusal, and nothing is written.
 */
export async function appendNewStreams(
  db: StoreDatabase,
  workspaceId: string,
  input: readonly NewStream[],
): Promise<Result<{ readonly streams: number; readonly events: number }, StreamsExist>> {
  assertWorkspaceId(workspaceId);
  for (const s of input)
    if (s.events.length === 0) throw new RangeError(`stream ${s.streamId} has no events to start with`);
  if (input.length === 0) return ok({ streams: 0, events: 0 });
  let existing: string[] = [];
  let eventCount = 0;
  // On the embedded database, COPY (copy.ts): the stream heads in a savepoint that a stream existing already
  // rolls back, to take the statements below, which say which streams those are.
  if (canCopy(db)) {
    const copied = await db.transaction(async (tx) => {
      const heads = await copyRows(
        tx,
        streams,
        [streams.workspaceId, streams.streamId, streams.streamType, streams.version],
        input.map((s) => [workspaceId, s.streamId, s.streamType, s.events.length]),
        { onConflict: "report" },
      );
      if (heads !== "copied") return false;
      const rows = input.flatMap((s) =>
        s.events.map((e, i) => [
          workspaceId,
          s.streamType,
          s.streamId,
          i + 1,
          e.type,
          e.actorId,
          toDate(e.at),
          e.reason ?? null,
          e.payload,
        ]),
      );
      eventCount = rows.length;
      await copyRows(tx, events, EVENT_COLUMNS, rows);
      return true;
    });
    if (copied) return ok({ streams: input.length, events: eventCount });
  }
  try {
    await db.transaction(async (tx) => {
      const created = new Set<string>();
      for (let i = 0; i < input.length; i += CHUNK) {
        const chunk = input.slice(i, i + CHUNK);
        const claimed = await tx.execute(sql`
          insert into ${streams} (workspace_id, stream_id, stream_type, version)
          select ${workspaceId}, u.stream_id, u.stream_type, u.version
          from jsonb_to_recordset(${json(chunk.map((s) => ({ stream_id: s.streamId, stream_type: s.streamType, version: s.events.length })))})
            as u(stream_id text, stream_type text, version int)
          on conflict (workspace_id, stream_id) do nothing
          returning stream_id`);
        for (const row of rowsOf<{ stream_id: string }>(claimed)) created.add(row.stream_id);
      }
      if (created.size < input.length) {
        existing = input.map((s) => s.streamId).filter((id) => !created.has(id));
        throw new Rollback();
      }
      const rows = input.flatMap((s) => s.events.map((e, i) => ({ s, e, version: i + 1 })));
      eventCount = rows.length;
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        const encoded = chunk.map((r) => ({
          stream_type: r.s.streamType,
          stream_id: r.s.streamId,
          version: r.version,
          type: r.e.type,
          actor_id: r.e.actorId,
          at: toDate(r.e.at).toISOString(),
          reason: r.e.reason ?? null,
          payload: r.e.payload,
        }));
        await tx.execute(sql`
          insert into ${events} (workspace_id, stream_type, stream_id, version, type, actor_id, at, reason, payload)
          select ${workspaceId}, u.*
          from jsonb_to_recordset(${json(encoded)}) as u(stream_type text, stream_id text, version int, type text,
            actor_id text, at timestamptz, reason text, payload jsonb)`);
      }
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
    return err({
      _tag: "StreamsExist",
      streamIds: existing,
      message: `${existing.length} of the streams to create exist already (${existing.slice(0, 3).join(", ")}${existing.length > 3 ? ", …" : ""}); nothing was appended.`,
    });
  }
  return ok({ streams: input.length, events: eventCount });
}

/** The keys of `scope` already recorded, with the result each was recorded with. */
export async function findIdempotencyKeys(
  db: StoreDatabase,
  workspaceId: string,
  scope: string,
  keys: readonly string[],
): Promise<Map<string, unknown>> {
  assertWorkspaceId(workspaceId);
  const found = new Map<string, unknown>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = await db
      .select({ key: idempotencyKeys.key, result: idempotencyKeys.result })
      .from(idempotencyKeys)
      .where(
        and(
          eq(idempotencyKeys.workspaceId, workspaceId),
          eq(idempotencyKeys.scope, scope),
          sql`${idempotencyKeys.key} = any(${param(keys.slice(i, i + CHUNK))}::text[])`,
        ),
      );
    for (const r of rows) found.set(r.key, r.result);
  }
  return found;
}

/**
 * Records keys of `scope` as done, each with its result, or none of them: a key already recorded (or being
 * recorded by a concurrent transaction, which we wait for) comes back in a {@link KeysTaken} refusal. Put the
 * claim in the transaction that does the work, so the key and the work commit together or not at all.
 */
export async function claimIdempotencyKeys(
  db: StoreDatabase,
  workspaceId: string,
  scope: string,
  entries: readonly { readonly key: string; readonly result: unknown }[],
): Promise<Result<number, KeysTaken>> {
  assertWorkspaceId(workspaceId);
  if (entries.length === 0) return ok(0);
  // On the embedded database, COPY (copy.ts) in a savepoint: a key recorded already rolls it back, and the
  // statement below says which keys those are.
  const copied = await copyRows(
    db,
    idempotencyKeys,
    [idempotencyKeys.workspaceId, idempotencyKeys.scope, idempotencyKeys.key, idempotencyKeys.result],
    entries.map((e) => [workspaceId, scope, e.key, e.result ?? null]),
    { onConflict: "report" },
  );
  if (copied === "copied") return ok(entries.length);
  let taken: string[] = [];
  try {
    await db.transaction(async (tx) => {
      const claimed = new Set<string>();
      for (let i = 0; i < entries.length; i += CHUNK) {
        const chunk = entries.slice(i, i + CHUNK);
        const rows = await tx.execute(sql`
          insert into ${idempotencyKeys} (workspace_id, scope, key, result)
          select ${workspaceId}, ${scope}, u.key, u.result
          from jsonb_to_recordset(${json(chunk.map((e) => ({ key: e.key, result: e.result ?? null })))}) as u(key text, result jsonb)
          on conflict (workspace_id, scope, key) do nothing
          returning key`);
        for (const r of rowsOf<{ key: string }>(rows)) claimed.add(r.key);
      }
      if (claimed.size < entries.length) {
        taken = entries.map((e) => e.key).filter((k) => !claimed.has(k));
        throw new Rollback();
      }
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
    return err({
      _tag: "KeysTaken",
      keys: taken,
      message: `${taken.length} of the keys are recorded already; nothing was claimed.`,
    });
  }
  return ok(entries.length);
}

// node-postgres returns a QueryResult with `rows`; PGlite's drizzle driver returns `{ rows }` too.
function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

function toDate(value: string | Date): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a valid timestamp: ${String(value)}`);
  return date;
}
