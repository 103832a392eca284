import { and, asc, desc, eq, gt, lte } from "drizzle-orm";
import type { StoreDatabase } from "./database.ts";
import { err, ok, type Result } from "./result.ts";
import { events, streams } from "./schema/event-log.ts";
import { assertWorkspaceId } from "./workspace-scope.ts";

/** An event to append: what the domain decided, who decided it, when, and why. */
export interface NewEvent {
  readonly type: string;
  /** JSON-serialisable; the domain's schemas validate it when it is read back. */
  readonly payload: unknown;
  /** When it happened: an ISO-8601 timestamp (the domain's `Timestamp`) or a Date. */
  readonly at: string | Date;
  readonly actorId: string;
  readonly reason?: string | null | undefined;
}

/** An event as kept in the log. */
export interface StoredEvent {
  readonly workspaceId: string;
  readonly streamType: string;
  readonly streamId: string;
  /** 1 for a stream's first event, then 2, 3, … with no gap. */
  readonly version: number;
  /** Position in the global sequence: increasing, with gaps, not in commit order. */
  readonly seq: number;
  readonly type: string;
  readonly actorId: string;
  /** ISO-8601, UTC. */
  readonly at: string;
  readonly reason: string | null;
  readonly payload: unknown;
  /** ISO-8601, UTC: when the row was written. */
  readonly recordedAt: string;
}

/** The command was decided on a version of the stream that is no longer the latest. */
export interface StaleVersion {
  readonly _tag: "StaleVersion";
  readonly streamId: string;
  readonly expectedVersion: number;
  readonly currentVersion: number;
  readonly message: string;
}

export interface AppendEventsInput {
  readonly workspaceId: string;
  readonly streamType: string;
  readonly streamId: string;
  /** The stream's version the events were decided on: 0 for a stream that does not exist yet. */
  readonly expectedVersion: number;
  readonly events: readonly NewEvent[];
}

export interface Appended {
  /** The stream's version after the append. */
  readonly version: number;
  readonly events: readonly StoredEvent[];
}

// Rows per INSERT statement: far below PostgreSQL's 65,535 bind parameters at 9 per row.
const INSERT_CHUNK = 1_000;

/**
 * Appends events to a stream if, and only if, the stream is still at `expectedVersion`. All or nothing,
 * inside a transaction (a savepoint when `db` is already a transaction, so the caller's projections can
 * share it). A stale version — including one lost to a concurrent writer — comes back as a
 * {@link StaleVersion} refusal carrying the current version; nothing is ever overwritten.
 *
 * Run it at READ COMMITTED (PostgreSQL's default): the losers of a race then re-check the stream head after
 * the winner commits and are refused, instead of failing with a serialization error.
 */
export async function appendEvents(
  db: StoreDatabase,
  input: AppendEventsInput,
): Promise<Result<Appended, StaleVersion>> {
  assertWorkspaceId(input.workspaceId);
  const { workspaceId, streamId, streamType, expectedVersion } = input;
  if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
    throw new RangeError(`expectedVersion must be a whole number ≥ 0, got ${expectedVersion}`);
  }
  const rows = input.events.map((e, i) => ({
    workspaceId,
    streamType,
    streamId,
    version: expectedVersion + i + 1,
    type: e.type,
    actorId: e.actorId,
    at: toDate(e.at),
    reason: e.reason ?? null,
    payload: e.payload,
  }));

  if (rows.length === 0) {
    const current = await streamVersion(db, workspaceId, streamId);
    return current === expectedVersion
      ? ok({ version: current, events: [] })
      : err(staleVersion(streamId, expectedVersion, current));
  }

  const newVersion = expectedVersion + rows.length;
  let appended: StoredEvent[] | undefined;
  let collided = false;
  try {
    appended = await db.transaction(async (tx) => {
      if (!(await claimVersions(tx, input, newVersion))) return undefined;
      const stored: StoredEvent[] = [];
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        const inserted = await tx
          .insert(events)
          .values(rows.slice(i, i + INSERT_CHUNK))
          .returning();
        stored.push(...inserted.map(toStoredEvent));
      }
      return stored;
    });
  } catch (error) {
    // Only a writer that bypassed the stream head can get here, but if one does, its event at this
    // version wins and ours is refused like any other stale append.
    if (!isUniqueViolation(error)) throw error;
    collided = true;
  }
  if (appended) return ok({ version: newVersion, events: appended });
  const current = collided
    ? Math.max(
        await streamVersion(db, workspaceId, streamId),
        await lastEventVersion(db, workspaceId, streamId),
      )
    : await streamVersion(db, workspaceId, streamId);
  return err(staleVersion(streamId, expectedVersion, current));
}

// Moves the stream head from `expectedVersion` to `newVersion`, or reports that it could not. Under READ
// COMMITTED a concurrent writer's UPDATE waits on the row lock and then re-evaluates `version = expected`
// against the committed row; a concurrent INSERT of a new stream waits and then does nothing.
async function claimVersions(
  tx: StoreDatabase,
  input: AppendEventsInput,
  newVersion: number,
): Promise<boolean> {
  const { workspaceId, streamId, streamType, expectedVersion } = input;
  const claimed =
    expectedVersion === 0
      ? await tx
          .insert(streams)
          .values({ workspaceId, streamId, streamType, version: newVersion })
          .onConflictDoNothing({ target: [streams.workspaceId, streams.streamId] })
          .returning({ streamType: streams.streamType })
      : await tx
          .update(streams)
          .set({ version: newVersion })
          .where(
            and(
              eq(streams.workspaceId, workspaceId),
              eq(streams.streamId, streamId),
              eq(streams.version, expectedVersion),
            ),
          )
          .returning({ streamType: streams.streamType });
  const [head] = claimed;
  if (!head) return false;
  if (head.streamType !== streamType) {
    // A bug in the caller, not a conflict: throwing rolls the claim back.
    throw new Error(
      `Stream ${streamId} is a ${head.streamType} stream; refusing to append ${streamType} events to it`,
    );
  }
  return true;
}

/** The stream's current version: the version of its last event, 0 when it has none. */
export async function streamVersion(
  db: StoreDatabase,
  workspaceId: string,
  streamId: string,
): Promise<number> {
  assertWorkspaceId(workspaceId);
  const [head] = await db
    .select({ version: streams.version })
    .from(streams)
    .where(and(eq(streams.workspaceId, workspaceId), eq(streams.streamId, streamId)));
  return head?.version ?? 0;
}

async function lastEventVersion(db: StoreDatabase, workspaceId: string, streamId: string): Promise<number> {
  const [last] = await db
    .select({ version: events.version })
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.streamId, streamId)))
    .orderBy(desc(events.version))
    .limit(1);
  return last?.version ?? 0;
}

export interface ReadStreamOptions {
  /** Only events at or before this position in the global sequence. */
  readonly untilSeq?: number | undefined;
  /** Only events that happened (`at`) at or before this moment: the stream as of then. */
  readonly until?: string | Date | undefined;
}

/** A stream's events in version order, optionally only those up to a position or a moment. */
export async function readStream(
  db: StoreDatabase,
  workspaceId: string,
  streamId: string,
  options: ReadStreamOptions = {},
): Promise<StoredEvent[]> {
  assertWorkspaceId(workspaceId);
  const rows = await db
    .select()
    .from(events)
    .where(
      and(
        eq(events.workspaceId, workspaceId),
        eq(events.streamId, streamId),
        options.untilSeq === undefined ? undefined : lte(events.seq, options.untilSeq),
        options.until === undefined ? undefined : lte(events.at, toDate(options.until)),
      ),
    )
    .orderBy(asc(events.version));
  return rows.map(toStoredEvent);
}

export interface ReadWorkspaceEventsOptions {
  /** Return events after this position in the global sequence; 0 (the default) starts at the beginning. */
  readonly afterSeq?: number | undefined;
  /** At most this many events (default 1,000). */
  readonly limit?: number | undefined;
}

/**
 * One page of a workspace's events in `seq` order; pass the last `seq` back as `afterSeq` for the next.
 * `seq` is allocated at insert, not at commit, so a reader tailing the log while writers are busy can
 * see a later `seq` before an earlier one commits; rebuilds run on a quiet log, or re-read a margin.
 */
export async function readWorkspaceEvents(
  db: StoreDatabase,
  workspaceId: string,
  options: ReadWorkspaceEventsOptions = {},
): Promise<StoredEvent[]> {
  assertWorkspaceId(workspaceId);
  const limit = options.limit ?? 1_000;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be ≥ 1, got ${limit}`);
  const rows = await db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), gt(events.seq, options.afterSeq ?? 0)))
    .orderBy(asc(events.seq))
    .limit(limit);
  return rows.map(toStoredEvent);
}

function staleVersion(streamId: string, expectedVersion: number, currentVersion: number): StaleVersion {
  return {
    _tag: "StaleVersion",
    streamId,
    expectedVersion,
    currentVersion,
    message: `This was decided on version ${expectedVersion} of ${streamId}, which is now at version ${currentVersion}: reload and try again.`,
  };
}

function toStoredEvent(row: typeof events.$inferSelect): StoredEvent {
  return {
    workspaceId: row.workspaceId,
    streamType: row.streamType,
    streamId: row.streamId,
    version: row.version,
    seq: row.seq,
    type: row.type,
    actorId: row.actorId,
    at: row.at.toISOString(),
    reason: row.reason,
    payload: row.payload,
    recordedAt: row.recordedAt.toISOString(),
  };
}

function toDate(value: string | Date): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a valid timestamp: ${String(value)}`);
  return date;
}

// drizzle wraps driver errors (DrizzleQueryError) and keeps the driver's error as `cause`; both
// node-postgres and PGlite put the SQLSTATE in `code`.
function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}
