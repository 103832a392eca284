import {
  type Account,
  type Actor,
  type AggregateCommands,
  type Brief,
  type Contact,
  type Contract,
  decideCommand,
  emptyFacts,
  type Facts,
  type FactsWanted,
  factsWanted,
  type Member,
  type Opportunity,
  SYSTEM_ACTOR,
  type Timestamp,
  type WorkspaceSettings,
} from "@accountable/domain";
import { type AggregateType, REGISTRY } from "../aggregates/registry.ts";
import type { AnySpec } from "../aggregates/spec.ts";
import type { CommandRequest } from "../execute.ts";

// The demo runs every command through the domain's command path (`decideCommand`: authorise with `can`, decide,
// evolve, follow-ups) in memory, as `execute` does against the database, and keeps the events and final states
// for a bulk write. It is the in-memory driver of that path: the facts `execute` reads from the read tables (the
// account, its contacts and contracts, the members) the simulator reads from the states it holds. A test replays
// the recorded commands through `execute` and checks that the events come out the same.

/** A command as the demo issued it (not a follow-up): enough to replay it through `execute`. */
export interface DemoStep extends CommandRequest {
  readonly actorId: string;
  readonly now: Timestamp;
  readonly reason: string | null;
}

/** An event decided in memory, with the columns of the event log. */
export interface DemoEvent {
  readonly streamType: AggregateType;
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly actorId: string;
  readonly at: Timestamp;
  readonly reason: string | null;
  readonly payload: { readonly type: string };
}

/** A stream's final state in memory, to project into its read table. */
export interface DemoStream {
  readonly type: AggregateType;
  readonly id: string;
  state: { readonly status: string };
  version: number;
  /** When its last event happened: the projected row's `updatedAt`, as `execute` and `rebuild` write it. */
  at: Timestamp;
}

/** The demo asked for something the domain refuses: a bug in the demo's story, never data to keep. */
export class DemoRefused extends Error {
  constructor(
    readonly step: {
      readonly aggregate: AggregateType;
      readonly id: string;
      readonly command: { readonly type: string };
      readonly actorId: string;
    },
    readonly refusal: { readonly _tag: string; readonly message: string },
  ) {
    super(
      `demo: ${step.aggregate} ${step.id} ${step.command.type} refused: ${refusal._tag}: ${refusal.message}`,
    );
  }
}

const MAX_FOLLOW_UP_DEPTH = 4; // as execute

export class DemoSimulator {
  readonly streams = new Map<string, DemoStream>();
  events: DemoEvent[] = [];
  readonly steps: DemoStep[] = [];
  private readonly membersById: Map<string, Member>;
  private readonly contactsOf = new Map<string, string[]>();
  private readonly contractsOf = new Map<string, string[]>();

  constructor(
    readonly settings: WorkspaceSettings,
    private readonly members: readonly Member[],
    private readonly keepSteps: boolean,
  ) {
    this.membersById = new Map(members.map((m) => [m.id, m]));
  }

  /** The state of a stream decided so far in this chunk (`{ status: "none" }` if it has none). */
  state<S extends { readonly status: string }>(id: string): S {
    return (this.streams.get(id)?.state ?? { status: "none" }) as S;
  }

  /**
   * Runs one command as `execute` would; a refusal throws {@link DemoRefused}. Returns the aggregate's state
   * after the command and its follow-ups (entering a notice window, for one, links the renewal deal).
   */
  exec<S extends { readonly status: string }, A extends AggregateType = AggregateType>(
    aggregate: A,
    id: string,
    command: AggregateCommands[A],
    actorId: string,
    now: Timestamp,
    reason: string | null = null,
  ): S {
    if (this.keepSteps) this.steps.push({ aggregate, id, command, actorId, now, reason });
    const after = this.run(aggregate, id, command, actorId, now, reason, 0);
    const spec: AnySpec = REGISTRY[aggregate];
    const streamId = spec.createdId(command) ?? id;
    return (this.streams.get(streamId)?.state ?? after) as S;
  }

  /** Hands over the events and streams decided so far and forgets them (members stay known). */
  drain(): { events: DemoEvent[]; streams: DemoStream[] } {
    const out = { events: this.events, streams: [...this.streams.values()] };
    this.events = [];
    this.streams.clear();
    this.contactsOf.clear();
    this.contractsOf.clear();
    return out;
  }

  private run(
    aggregate: AggregateType,
    requestId: string,
    command: { readonly type: string },
    actorId: string,
    now: Timestamp,
    reason: string | null,
    depth: number,
  ): { readonly status: string } {
    const spec: AnySpec = REGISTRY[aggregate];
    const id = spec.createdId(command) ?? requestId;
    const stream = this.streams.get(id);
    if (stream && stream.type !== aggregate)
      throw new Error(`stream ${id} holds ${stream.type}, not ${aggregate}`);
    const state = stream?.state ?? spec.machine.initial;
    const step = { aggregate, id, command, actorId };

    const actor = this.actor(actorId);
    const facts = this.factsFor(factsWanted(spec, state, command, actor));
    const decided = decideCommand(spec, state, command, { now, actor }, facts);
    if (!decided.ok) throw new DemoRefused(step, decided.error);
    const events: readonly { readonly type: string; readonly at?: Timestamp }[] = decided.value.events;
    if (events.length === 0) return state;
    const next = decided.value.state;

    let version = stream?.version ?? 0;
    for (const e of events) {
      version++;
      this.events.push({
        streamType: aggregate,
        streamId: id,
        version,
        type: e.type,
        actorId: actor.memberId,
        at: e.at ?? now,
        reason,
        payload: e,
      });
    }
    const at = events[events.length - 1]!.at ?? now;
    if (stream) {
      stream.state = next;
      stream.version = version;
      stream.at = at;
    } else {
      this.streams.set(id, { type: aggregate, id, state: next, version, at });
      if (aggregate === "contact") push(this.contactsOf, (next as Contact).accountId, id);
      if (aggregate === "contract") push(this.contractsOf, (next as Contract).accountId, id);
    }

    if (depth < MAX_FOLLOW_UP_DEPTH) {
      for (const f of decided.value.followUps) {
        try {
          this.run(f.target, f.id, f.command, SYSTEM_ACTOR.memberId, now, f.because, depth + 1);
        } catch (e) {
          // As in execute: a refused follow-up is reported there, not fatal; here it simply leaves no events.
          if (!(e instanceof DemoRefused)) throw e;
        }
      }
    }
    return next;
  }

  private actor(memberId: string): Actor {
    if (memberId === SYSTEM_ACTOR.memberId) return SYSTEM_ACTOR;
    const m = this.membersById.get(memberId);
    if (!m?.active) throw new Error(`demo: ${memberId} is not an active member`);
    return { memberId: m.id, role: m.role };
  }

  private account(id: string | null): Account | undefined {
    if (id === null) return undefined;
    const s = this.streams.get(id)?.state;
    return s && s.status !== "none" ? (s as Account) : undefined;
  }

  private contactsOfAccount(accountId: string): Contact[] {
    return (this.contactsOf.get(accountId) ?? []).map((id) => this.streams.get(id)!.state as Contact);
  }

  private contractsOfAccount(accountId: string): Contract[] {
    return (this.contractsOf.get(accountId) ?? []).map((id) => this.streams.get(id)!.state as Contract);
  }

  /** A record of this chunk by id, or null: what the read tables would answer for it. */
  private record<T>(id: string | null): T | null {
    const s = id === null ? undefined : this.streams.get(id)?.state;
    return s && s.status !== "none" ? (s as T) : null;
  }

  /**
   * The facts a command reads, from the world held in memory. The workspace, its members and its invitations
   * are written through `execute` (seed-demo.ts), so the settings' deals per pipeline and an invitation's
   * addressee are never asked of it.
   */
  private factsFor(wanted: FactsWanted): Facts {
    if (wanted.pipelinesInUse || wanted.addressee !== null || wanted.userLinked !== null)
      throw new Error("demo: the workspace's settings and invitations are written through execute");
    return {
      ...emptyFacts(this.settings),
      members: this.members,
      account: this.account(wanted.account) ?? null,
      contacts: wanted.contactsOf === null ? [] : this.contactsOfAccount(wanted.contactsOf),
      contracts: wanted.contractsOf === null ? [] : this.contractsOfAccount(wanted.contractsOf),
      contract: this.record<Contract>(wanted.contract),
      deal: this.record<Opportunity>(wanted.deal),
      brief: this.record<Brief>(wanted.brief),
      // The demo names each client once.
      sameName: null,
    };
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
