import {
  type Account,
  type Actor,
  activityFollowUps,
  BINDING_CONTRACT_STATUSES,
  type CommandAction,
  type Contact,
  type Contract,
  can,
  contractContext,
  contractFollowUps,
  type DecisionContext,
  type FollowUp,
  findPipeline,
  type Member,
  type MemberId,
  type Opportunity,
  type PermissionResource,
  pipelineForType,
  type ResourceKind,
  reportsOf,
  resourceKindOfAction,
  resourceUnder,
  type Timestamp,
  type WorkspaceSettings,
} from "@accountable/domain";
import { type AggregateType, REGISTRY } from "../aggregates/registry.ts";
import type { AnySpec } from "../aggregates/spec.ts";
import { SYSTEM_ACTOR } from "../execute.ts";

// The demo runs every command through the domain's machines in memory — authorise with `can`, decide, evolve,
// follow-ups — exactly as `execute` does against the database, and keeps the events and final states for a
// bulk write. What `execute` reads from the read tables (the account, its contacts and contracts, the members)
// the simulator reads from the states it holds. A test replays the recorded commands through `execute` and
// checks that the events come out the same.

/** A command as the demo issued it (not a follow-up): enough to replay it through `execute`. */
export interface DemoStep {
  readonly aggregate: AggregateType;
  readonly id: string;
  readonly command: { readonly type: string };
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
    readonly step: Omit<DemoStep, "now" | "reason">,
    readonly refusal: { readonly _tag: string; readonly message: string },
  ) {
    super(
      `demo: ${step.aggregate} ${step.id} ${step.command.type} refused: ${refusal._tag}: ${refusal.message}`,
    );
  }
}

const MAX_FOLLOW_UP_DEPTH = 4; // as execute
const binding: readonly string[] = BINDING_CONTRACT_STATUSES;

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
  exec<S extends { readonly status: string }>(
    aggregate: AggregateType,
    id: string,
    command: { readonly type: string },
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
    if (actor !== SYSTEM_ACTOR) {
      const action = spec.actions[command.type];
      if (action === undefined) throw new Error(`${aggregate} has no command ${command.type}`);
      const resource = {
        ...this.resource(aggregate, state, command),
        kind: resourceKindOfAction(action as CommandAction),
      };
      const permission = can(actor, action, resource, {
        reportsOf: actor.role === "supervisor" ? reportsOf(this.members, actor.memberId) : [],
      });
      if (!permission.allowed) throw new DemoRefused(step, permission.refusal);
    }

    const decision = spec.machine.decide(
      state,
      command,
      this.context(aggregate, { now, actor }, state, command),
    );
    if (!decision.ok) throw new DemoRefused(step, decision.error);
    const events: readonly { readonly type: string; readonly at?: Timestamp }[] = decision.value;
    if (events.length === 0) return state;
    let next = state;
    for (const e of events) next = spec.machine.evolve(next, e);

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
      for (const f of this.followUps(aggregate, events, next)) {
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

  private dealOf(id: string): Pick<Opportunity, "id" | "accountId" | "name" | "status"> | null {
    const d = this.streams.get(id)?.state;
    if (!d || d.status === "none") return null;
    const o = d as Opportunity;
    return { id: o.id, accountId: o.accountId, name: o.name, status: o.status };
  }

  private contractOf(
    id: string | null,
  ): Pick<Contract, "id" | "accountId" | "title" | "status" | "opportunityId"> | null {
    const k = id === null ? undefined : this.streams.get(id)?.state;
    if (!k || k.status === "none") return null;
    const c = k as Contract;
    return {
      id: c.id,
      accountId: c.accountId,
      title: c.title,
      status: c.status,
      opportunityId: c.opportunityId,
    };
  }

  // The same lookups as the specs' `context` (src/aggregates/*.ts), from memory.
  private context(
    aggregate: AggregateType,
    base: DecisionContext,
    state: { readonly status: string },
    command: { readonly type: string } & Record<string, unknown>,
  ): DecisionContext {
    const s = state as { status: string } & Record<string, unknown>;
    switch (aggregate) {
      case "account":
        return {
          ...base,
          hasBindingContract:
            s.status !== "none" &&
            this.contractsOfAccount(s.id as string).some((c) => binding.includes(c.status)),
          // The demo names each client once.
          sameName: null,
        } as DecisionContext;
      case "opportunity": {
        const accountId = (s.status === "none" ? command.accountId : s.accountId) as string;
        const pipeline =
          s.status === "none"
            ? pipelineForType(this.settings, command.opportunityType as never)
            : findPipeline(this.settings, s.pipelineId as never);
        if (!pipeline) throw new Error(`deal ${String(s.id)} is in a pipeline that does not exist`);
        return {
          ...base,
          pipeline,
          contacts: this.contactsOfAccount(accountId),
          contracts: this.contractsOfAccount(accountId),
        } as DecisionContext;
      }
      case "contract":
        return contractContext(this.settings, base);
      case "escalation":
        return { ...base, slaHours: this.settings.slaHours } as DecisionContext;
      case "brief": {
        // As the brief spec: a link is decided on the deal or contract it names (and a deal on the brief's contract).
        const current = s.status === "none" ? null : (s.contractId as string | null);
        if (command.type === "LinkDeal")
          return {
            ...base,
            deal: this.dealOf(command.opportunityId as string),
            contract: this.contractOf(current),
          } as DecisionContext;
        if (command.type === "LinkContract")
          return { ...base, contract: this.contractOf(command.contractId as string) } as DecisionContext;
        return base;
      }
      default:
        return base;
    }
  }

  // The same permission resources as the specs' `resource` (src/aggregates/*.ts), from memory.
  private resource(
    aggregate: AggregateType,
    state: { readonly status: string },
    command: { readonly type: string } & Record<string, unknown>,
  ): PermissionResource {
    const s = state as { status: string } & Record<string, unknown>;
    const none = s.status === "none";
    const from = (field: string) => ((none ? command[field] : s[field]) ?? null) as string | null;
    const under = (kind: ResourceKind, holders: Parameters<typeof resourceUnder>[2] = {}) =>
      resourceUnder(kind, this.account(from("accountId")) ?? null, holders);
    const member = (id: string | null) => id as MemberId | null;
    switch (aggregate) {
      case "workspace":
        return { kind: "settings" };
      case "member":
        return { kind: "member", ownerId: none ? null : member(s.id as string) };
      case "account":
        return none
          ? { kind: "account", ownerId: member(command.ownerId as string) }
          : { ...resourceUnder("account", s as unknown as Account), ownerId: s.ownerId as MemberId };
      case "contact":
      case "invoice":
      case "cost":
        return under(aggregate === "cost" ? "cost" : aggregate);
      case "opportunity":
      case "contract":
      case "escalation":
      case "plan":
        return under(aggregate, { ownerId: member(from("ownerId")) });
      case "task":
        return under("task", { assigneeId: member(from("assigneeId")) });
      case "brief":
        return under("brief", { assigneeId: member(from("plannerId")) });
      case "activity":
        return under("activity", { ownerId: none ? null : member(s.authorId as string) });
      case "quota":
        return { kind: "quota", ownerId: member(from("memberId")) };
      case "target":
        return { kind: "target", ownerId: member(from("ownerId")) };
      default: {
        const never: never = aggregate;
        throw new Error(`no resource for ${String(never)}`);
      }
    }
  }

  private followUps(
    aggregate: AggregateType,
    events: readonly { readonly type: string }[],
    state: { readonly status: string },
  ): FollowUp[] {
    if (state.status === "none") return [];
    if (aggregate === "contract") {
      const contract = state as Contract;
      const account = this.account(contract.accountId);
      if (!account) return [];
      return events.flatMap((e) => contractFollowUps(e as never, contract, account, this.settings));
    }
    if (aggregate === "activity") return events.flatMap((e) => activityFollowUps(e as never, state as never));
    return [];
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
