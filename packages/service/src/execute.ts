import {
  type Actor,
  type AggregateCommands,
  commandsFrom,
  decideCommand,
  defaultWorkspaceSettings,
  type FollowUp,
  factsWanted,
  type InvitationCommand,
  refuse,
  StoredSettingsSchema,
  SYSTEM_ACTOR,
  type Timestamp,
  type WorkspaceSettings,
} from "@accountable/domain";
import { appendEvents, findWorkspace, readStream, type StoreDatabase } from "@accountable/store";
import { type AggregateType, type RunnableAggregate, SPECS } from "./aggregates/registry.ts";
import type { AnySpec } from "./aggregates/spec.ts";
import { loadFacts } from "./facts.ts";
import { loadMember } from "./lookups.ts";
import { missingReference } from "./references.ts";
import { notAMember, notFound, type ServiceRefusal } from "./refusals.ts";
import type { Scope } from "./scope.ts";

/** The member that follow-ups and the sweep act as: the workspace's own policies, not a person. */
export { SYSTEM_ACTOR };

/** The command union of every aggregate `execute` runs: the domain's, and the invitation's (the service's own flows). */
export interface RunnableCommands extends AggregateCommands {
  readonly invitation: InvitationCommand;
}

/**
 * A command addressed to one aggregate. `id` names it; creation commands carry their own id too. Adapters address
 * the registry's aggregates; the service's own flows also run those only they may start (an invitation). Its
 * command is `A`'s own: `execute` infers `A` from the aggregate named, so a command of another aggregate does not
 * compile (`{ aggregate: "quota", command: { type: "MoveStage", … } }`). An adapter holding an aggregate known
 * only at run time parses the command with that aggregate's schema (`parseCommand`).
 */
export interface CommandRequest<A extends RunnableAggregate = AggregateType> {
  readonly aggregate: A;
  readonly id: string;
  /** Parsed by the aggregate's command schema at the edge (API body, CLI flags, import row). */
  readonly command: RunnableCommands[A];
  /** The version the command was decided on; a different current version refuses it as stale. */
  readonly expectedVersion?: number | undefined;
}

export interface ExecuteOptions {
  readonly now: Timestamp;
  /** Decide and report the events, write nothing. */
  readonly dryRun?: boolean;
  /** Why, in the actor's words: kept with every event. */
  readonly reason?: string | null;
  /**
   * Runs inside the command's transaction once its events are written, before it commits: what must be written
   * with them or not at all (an Idempotency-Key's kept answer). Throwing rolls the command back. Not on a dry run.
   */
  readonly beforeCommit?: (tx: StoreDatabase, executed: Executed) => Promise<void>;
}

/** What a follow-up did: its events, or why the policy's command was refused. */
export type FollowUpOutcome = FollowUp &
  (
    | { readonly ok: true; readonly version: number }
    | { readonly ok: false; readonly refusal: ServiceRefusal }
  );

export interface Executed {
  readonly aggregate: RunnableAggregate;
  readonly id: string;
  /** The stream's version after the events (unchanged on a dry run). */
  readonly version: number;
  readonly events: readonly { readonly type: string }[];
  readonly state: unknown;
  readonly followUps: readonly FollowUpOutcome[];
  readonly dryRun: boolean;
}

export type ExecuteResult =
  | { readonly ok: true; readonly value: Executed }
  | { readonly ok: false; readonly error: ServiceRefusal };

class Refused extends Error {
  constructor(readonly refusal: ServiceRefusal) {
    super(refusal.message);
  }
}

/** Reads the workspace's settings; a workspace not created yet gets the defaults (only CreateWorkspace runs then). */
export async function loadScope(db: StoreDatabase, workspaceId: string): Promise<Scope> {
  const row = await findWorkspace(db, workspaceId);
  return { db, workspaceId, settings: workspaceSettingsOf(row?.settings) };
}

/**
 * A workspace's settings as stored, read with the domain's schema for stored settings (a document saved before a
 * field existed reads as its defaults meant; the defaults when absent or unreadable).
 */
export function workspaceSettingsOf(stored: unknown): WorkspaceSettings {
  const parsed = stored === undefined || stored === null ? undefined : StoredSettingsSchema.safeParse(stored);
  return parsed?.success ? parsed.data : defaultWorkspaceSettings();
}

/**
 * An aggregate's current state and version, replayed from its events (each parsed by the domain's schema). Ids are
 * unique across a workspace's records: an id another kind of record holds is no record of this kind (version 0),
 * and `heldBy` names that kind, so creating one over it is refused as existing rather than failing.
 */
export async function loadAggregate(
  scope: Scope,
  spec: AnySpec,
  id: string,
  until?: Timestamp,
): Promise<{ state: AnySpec["machine"]["initial"]; version: number; heldBy?: string }> {
  const stored = await readStream(scope.db, scope.workspaceId, id, until === undefined ? {} : { until });
  const other = stored.find((e) => e.streamType !== spec.type);
  if (other) return { state: spec.machine.initial, version: 0, heldBy: other.streamType };
  let state = spec.machine.initial;
  for (const e of stored) state = spec.machine.evolve(state, spec.eventSchema.parse(e.payload));
  return { state, version: stored.length === 0 ? 0 : stored[stored.length - 1]!.version };
}

async function resolveActor(scope: Scope, memberId: string): Promise<Actor | ServiceRefusal> {
  if (memberId === SYSTEM_ACTOR.memberId) return SYSTEM_ACTOR;
  const member = await loadMember(scope, memberId);
  if (!member?.active) return notAMember(memberId);
  return { memberId: member.id, role: member.role };
}

/**
 * How a command sent without an expected version is tried again when a concurrent writer took the record's next
 * version first: its caller did not ask for optimistic locking, so the service decides it again on the new
 * version rather than answering StaleVersion. Bounded, with full jitter (a random wait up to a cap that doubles
 * with each attempt) so the losers of one race do not meet again in the next.
 */
export interface StaleRetry {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** The wait before the given retry (1 for the first retry), in milliseconds. */
  readonly delayMs: (retry: number) => number;
}

export const STALE_RETRY: StaleRetry = {
  attempts: 64,
  delayMs: (retry) => Math.random() * Math.min(50, 2 ** retry),
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs one command: load the record and the facts its decision reads (the read tables as the driver of the
 * domain's `decideCommand`: authorise with `can`, decide, evolve, follow-ups) → append and project → run the
 * follow-ups, all in one transaction; a refusal at any step writes nothing. Follow-ups run as the system actor; one that is
 * refused is reported, not fatal, since the user's own command was accepted. A command without an expected
 * version that loses a race is run again (see {@link StaleRetry}); one with an expected version is refused.
 */
export async function execute<A extends RunnableAggregate>(
  db: StoreDatabase,
  workspaceId: string,
  request: CommandRequest<A>,
  actorId: string,
  options: ExecuteOptions,
  retry: StaleRetry = STALE_RETRY,
): Promise<ExecuteResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      const value = options.dryRun
        ? await run(db, workspaceId, request, actorId, options, 0)
        : await db.transaction(async (tx) => {
            const executed = await run(tx, workspaceId, request, actorId, options, 0);
            await options.beforeCommit?.(tx, executed);
            return executed;
          });
      return { ok: true, value };
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      const lostRace =
        e.refusal._tag === "StaleVersion" && request.expectedVersion === undefined && !options.dryRun;
      if (!lostRace || attempt >= retry.attempts) return { ok: false, error: e.refusal };
      await sleep(retry.delayMs(attempt));
    }
  }
}

const MAX_FOLLOW_UP_DEPTH = 4;

async function run(
  db: StoreDatabase,
  workspaceId: string,
  request: CommandRequest<RunnableAggregate>,
  actorId: string,
  options: ExecuteOptions,
  depth: number,
): Promise<Executed> {
  const scope = await loadScope(db, workspaceId);
  const spec: AnySpec = SPECS[request.aggregate];
  const command = request.command;
  const id = spec.createdId(command) ?? request.id;
  const { state, version, heldBy } = await loadAggregate(scope, spec, id);
  // The id is another kind of record's: "a task with id … already exists", never a failure to append.
  if (heldBy !== undefined)
    throw new Refused(
      spec.createdId(command) !== undefined ? refuse.alreadyExists(heldBy, id) : notFound(spec.type, id),
    );

  if (request.expectedVersion !== undefined && request.expectedVersion !== version) {
    throw new Refused({
      _tag: "StaleVersion",
      streamId: id,
      expectedVersion: request.expectedVersion,
      currentVersion: version,
      message: `This ${spec.type} changed since you loaded it (you had version ${request.expectedVersion}, it is now at ${version}); reload and try again.`,
    });
  }

  // A command for a record that is not there, or a creation over one that is, is answered as such before
  // anything else is asked: "no such deal" and "it exists already", not "that move is not allowed from here".
  const createdId = spec.createdId(command);
  const allowedNow = commandsFrom(spec.machine.table, state.status) as readonly string[];
  if (!allowedNow.includes(command.type)) {
    if (state.status === "none") throw new Refused(notFound(spec.type, id));
    if (createdId !== undefined) throw new Refused(refuse.alreadyExists(spec.type, id));
  }

  const actor = await resolveActor(scope, actorId);
  if ("_tag" in actor) throw new Refused(actor);
  const facts = await loadFacts(scope, factsWanted(spec, state, command, actor));
  // Refused only after the permission (see decideCommand): an outsider learns nothing about which ids exist.
  const dangling = await missingReference(
    scope,
    request.aggregate,
    createdId,
    command as Record<string, unknown>,
  );
  const decided = decideCommand(
    spec,
    state,
    command,
    { now: options.now, actor },
    { ...facts, missingReference: dangling },
  );
  if (!decided.ok) throw new Refused(decided.error);
  const events: readonly { readonly type: string; readonly at?: string }[] = decided.value.events;
  const next = decided.value.state;

  if (options.dryRun)
    return { aggregate: request.aggregate, id, version, events, state: next, followUps: [], dryRun: true };
  if (events.length === 0)
    return { aggregate: request.aggregate, id, version, events, state: next, followUps: [], dryRun: false };

  await spec.prepare?.(scope, state, command);
  const appended = await appendEvents(db, {
    workspaceId,
    streamType: spec.type,
    streamId: id,
    expectedVersion: version,
    events: events.map((e) => ({
      type: e.type,
      payload: e,
      at: e.at ?? options.now,
      actorId: actor.memberId,
      reason: options.reason ?? null,
    })),
  });
  if (!appended.ok) throw new Refused(appended.error);
  if (next.status !== "none") await spec.project(scope, next, appended.value.version, options.now);

  const followUps: FollowUpOutcome[] = [];
  if (depth < MAX_FOLLOW_UP_DEPTH) {
    for (const f of decided.value.followUps) {
      try {
        const done = await run(
          db,
          workspaceId,
          { aggregate: f.target, id: f.id, command: f.command },
          SYSTEM_ACTOR.memberId,
          { now: options.now, reason: f.because },
          depth + 1,
        );
        followUps.push({ ...f, ok: true, version: done.version });
      } catch (e) {
        if (!(e instanceof Refused)) throw e;
        followUps.push({ ...f, ok: false, refusal: e.refusal });
      }
    }
  }
  return {
    aggregate: request.aggregate,
    id,
    version: appended.value.version,
    events,
    state: next,
    followUps,
    dryRun: false,
  };
}
