import type { Account } from "../entities/account.ts";
import type { Brief } from "../entities/brief.ts";
import type { Contact } from "../entities/contact.ts";
import type { Contract } from "../entities/contract.ts";
import type { Actor, Member } from "../entities/member.ts";
import type { Opportunity } from "../entities/opportunity.ts";
import type { WorkspaceSettings } from "../entities/settings.ts";
import type { DecisionContext } from "../kernel/context.ts";
import type { AccountId, MemberId } from "../kernel/ids.ts";
import type { Machine } from "../kernel/machine.ts";
import type { Refusal } from "../kernel/refusal.ts";
import type { Result } from "../kernel/result.ts";
import type { Addressee } from "../machines/invitation.machine.ts";
import type { PipelineUse } from "../machines/workspace.machine.ts";
import {
  type CommandAction,
  type CommandActions,
  resourceKindOfAction,
} from "../policies/command-actions.ts";
import type { FollowUp } from "../policies/follow-ups.ts";
import { can, type PermissionResource, reportsOf } from "../policies/permissions.ts";

// The one command path: authorise with `can`, build the decision context, decide, evolve, and say which follow-ups
// the events call for. It reads nothing: what a command's decision needs beyond the record (its account, the
// account's contacts, the members…) arrives as `Facts`, which each driver loads its own way — the service from the
// read tables, an import from its batch's cache, the demo from the world it holds in memory — after asking
// `factsWanted` which ones this command needs.

/** The member that follow-ups and the sweep act as: the workspace's own policies, not a person. */
export const SYSTEM_ACTOR: Actor = { memberId: "system" as MemberId, role: "admin" };

/** Which facts one command needs: ids to look up, and whether the lists only some commands read are wanted. */
export interface FactsWanted {
  /** The account the record is under (its owner and team for `can`; a contract's follow-ups). */
  readonly account: string | null;
  /** The account whose contacts a deal's decisions read. */
  readonly contactsOf: string | null;
  /** The account whose contracts a deal's or an account's decisions read. */
  readonly contractsOf: string | null;
  /** A contract the command names or the record is delivered under (an invoice's milestones, a brief's links). */
  readonly contract: string | null;
  /** A deal the command names (a brief linked to it). */
  readonly deal: string | null;
  /** A brief the command names (a deal seeding its amount from it). */
  readonly brief: string | null;
  /** The workspace's members: who reports to a supervisor, the owners an imported deal may name. */
  readonly members: boolean;
  /** A new account's name, to find another account of the same name. */
  readonly sameName: string | null;
  /** How many deals each pipeline holds (new settings may not drop one in use). */
  readonly pipelinesInUse: boolean;
  /** The e-mail address an invitation is for. */
  readonly addressee: string | null;
  /** The user accepting an invitation, who may be a member already. */
  readonly userLinked: string | null;
}

/** Nothing wanted: what a command needs is this with the spec's few fields set. */
export const NO_FACTS_WANTED: FactsWanted = {
  account: null,
  contactsOf: null,
  contractsOf: null,
  contract: null,
  deal: null,
  brief: null,
  members: false,
  sameName: null,
  pipelinesInUse: false,
  addressee: null,
  userLinked: null,
};

/**
 * What a decision reads, loaded by a driver as `factsWanted` asked: a fact not wanted may be left empty (null,
 * `[]`, false). The settings are always given.
 */
export interface Facts {
  readonly settings: WorkspaceSettings;
  readonly members: readonly Pick<Member, "id" | "active" | "reportsTo">[];
  readonly account: Account | null;
  readonly contacts: readonly Contact[];
  readonly contracts: readonly Contract[];
  readonly contract: Contract | null;
  readonly deal: Pick<Opportunity, "id" | "accountId" | "name" | "status"> | null;
  readonly brief: Pick<Brief, "id" | "accountId" | "title" | "approvedBudget" | "opportunityId"> | null;
  readonly sameName: { readonly id: AccountId; readonly name: string } | null;
  readonly pipelinesInUse: readonly PipelineUse[];
  readonly addressee: Addressee | null;
  readonly userIsMember: boolean;
  /**
   * A record the command names that the workspace does not hold (the driver checks; null when all are there).
   * Refused after authorising, so someone who may not act here learns nothing about which ids exist.
   */
  readonly missingReference: Refusal | null;
}

/** Facts with nothing loaded but the settings: a driver sets what `factsWanted` asked for. */
export function emptyFacts(settings: WorkspaceSettings): Facts {
  return {
    settings,
    members: [],
    account: null,
    contacts: [],
    contracts: [],
    contract: null,
    deal: null,
    brief: null,
    sameName: null,
    pipelinesInUse: [],
    addressee: null,
    userIsMember: false,
    missingReference: null,
  };
}

/**
 * How one aggregate's commands are decided: its machine, the permission each command needs, and, as pure
 * functions of the facts, the permission resource, the decision context and the follow-ups of its events.
 */
export interface CommandPath<
  S extends { readonly status: string },
  C extends { readonly type: string },
  E extends { readonly type: string },
  X extends DecisionContext,
> {
  /** The stream type, and the name adapters use ("opportunity", "contract", …). */
  readonly type: string;
  readonly machine: Machine<S, C, E, X>;
  readonly actions: CommandActions<C>;
  /** The id a creation command names, so a driver knows which stream it starts. */
  createdId(command: C): string | undefined;
  /** The facts this command's resource, context and follow-ups read. */
  wants(state: S, command: C): Partial<FactsWanted>;
  /**
   * The record as `can` is asked about it (the kind is the action's, see `resourceKindOfAction`). Of the facts
   * it reads the account alone, so a reader describing records loads nothing else.
   */
  resource(state: S, command: C, facts: Facts): PermissionResource;
  context(base: DecisionContext, state: S, command: C, facts: Facts): X;
  /** The commands the events call for next (on the state after them). */
  followUps?(events: readonly E[], state: S, facts: Facts): FollowUp[];
}

// biome-ignore lint/suspicious/noExplicitAny: the table holds paths of every shape
export type AnyCommandPath = CommandPath<any, any, any, any>;

/** The facts a driver must load before {@link decideCommand} runs the command as this actor. */
export function factsWanted<S extends { readonly status: string }, C extends { readonly type: string }>(
  path: CommandPath<S, C, { readonly type: string }, DecisionContext>,
  state: S,
  command: C,
  actor: Actor,
): FactsWanted {
  const wanted = { ...NO_FACTS_WANTED, ...path.wants(state, command) };
  const system = actor === SYSTEM_ACTOR;
  return {
    ...wanted,
    // The resource is asked about people only; the account is read for the policies' follow-ups as well.
    account: system && !path.followUps ? null : wanted.account,
    // A supervisor acts for those who report to them.
    members: wanted.members || (!system && actor.role === "supervisor"),
  };
}

/** A command decided: its events, the state after them, and the follow-ups they call for. */
export interface DecidedCommand<S, E> {
  readonly events: readonly E[];
  readonly state: S;
  readonly followUps: readonly FollowUp[];
}

/**
 * The first step of {@link decideCommand} on its own: whether the actor may issue the command on the record,
 * asked of the domain's `can` (the system actor's policies are not asked); the refusal, or null.
 */
export function authorise<S extends { readonly status: string }, C extends { readonly type: string }>(
  path: CommandPath<S, C, { readonly type: string }, DecisionContext>,
  state: S,
  command: C,
  actor: Actor,
  facts: Facts,
): Refusal | null {
  if (actor === SYSTEM_ACTOR) return null;
  const action = path.actions[command.type as C["type"]];
  // Commands are parsed by the aggregate's schema at the edge; an unknown type here is a caller's bug.
  if (action === undefined) throw new Error(`${path.type} has no command ${command.type}`);
  // A command may act on a part of the aggregate (a contract's tower, a deal's activity clock): the resource
  // takes the kind the action is about, with the aggregate's owner, account and team.
  const resource = {
    ...path.resource(state, command, facts),
    kind: resourceKindOfAction(action as CommandAction),
  };
  // A supervisor acts for those who report to them.
  const permission = can(actor, action, resource, {
    reportsOf: actor.role === "supervisor" ? reportsOf(facts.members, actor.memberId) : [],
  });
  return permission.allowed ? null : permission.refusal;
}

/**
 * Runs one command without writing anything: authorise (the domain's `can`; the system actor's policies are
 * not asked), refuse a missing reference, build the context, decide, evolve, and list the follow-ups (none when
 * nothing happened). A refusal at any step is the answer.
 */
export function decideCommand<
  S extends { readonly status: string },
  C extends { readonly type: string },
  E extends { readonly type: string },
  X extends DecisionContext,
>(
  path: CommandPath<S, C, E, X>,
  state: S,
  command: C,
  { actor, now }: DecisionContext,
  facts: Facts,
): Result<DecidedCommand<S, E>, Refusal> {
  const refused = authorise(path, state, command, actor, facts);
  if (refused) return { ok: false, error: refused };
  if (facts.missingReference) return { ok: false, error: facts.missingReference };

  const decision = path.machine.decide(state, command, path.context({ now, actor }, state, command, facts));
  if (!decision.ok) return decision;
  const events = decision.value;
  let next = state;
  for (const e of events) next = path.machine.evolve(next, e);
  const followUps = events.length > 0 && path.followUps ? path.followUps(events, next, facts) : [];
  return { ok: true, value: { events, state: next, followUps } };
}
