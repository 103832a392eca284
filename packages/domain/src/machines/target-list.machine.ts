import { match } from "ts-pattern";
import { z } from "zod";
import {
  currentTargets,
  OPEN_TARGET_LIST_STATUSES,
  TARGET_LIST_STATUSES,
  type TargetCriteria,
  TargetCriteriaSchema,
  type TargetList,
  TargetListSchema,
  TargetMemberSchema,
  TargetSourceSchema,
} from "../entities/target-list.ts";
import type { DecisionContext } from "../kernel/context.ts";
import { AccountIdSchema, MemberIdSchema, TargetListIdSchema } from "../kernel/ids.ts";
import {
  aReasonTo,
  assertNew,
  checkMove,
  type Decision,
  existingRecord,
  type GuardSet,
  type Machine,
  type Transition,
} from "../kernel/machine.ts";
import { refuse } from "../kernel/refusal.ts";
import { assertNever, err, ok } from "../kernel/result.ts";
import { listInWords, text } from "../kernel/text.ts";
import { eventSchema } from "./event-schema.ts";

export type TargetListState = { readonly status: "none" } | TargetList;
export type TargetListStatusOrNone = TargetListState["status"];

// A blank reason passes the schema and is refused by `decide`, so a form and a script both get ReasonRequired.
const Reason = text().trim().max(2000);
const list = TargetListSchema.shape;

/** At most this many accounts join a list in one command (a criteria match or an import is split by the service). */
export const MAX_TARGETS_PER_COMMAND = 500;

export const TargetListCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("CreateTargetList"),
    targetListId: TargetListIdSchema,
    name: list.name,
    ownerId: MemberIdSchema,
    goal: list.goal.default(""),
    criteria: TargetCriteriaSchema.default(TargetCriteriaSchema.parse({})),
  }),
  z.strictObject({
    type: z.literal("UpdateTargetList"),
    name: list.name.optional(),
    goal: list.goal.optional(),
    criteria: TargetCriteriaSchema.optional(),
  }),
  z.strictObject({ type: z.literal("ActivateTargetList") }),
  z.strictObject({
    type: z.literal("AddTargets"),
    accountIds: z.array(AccountIdSchema).min(1, "name at least one account").max(MAX_TARGETS_PER_COMMAND),
    /** How the accounts were chosen: by hand (default), by the list's criteria, or from an imported file. */
    source: TargetSourceSchema.default("hand"),
  }),
  z.strictObject({ type: z.literal("RemoveTarget"), accountId: AccountIdSchema, reason: Reason }),
  z.strictObject({ type: z.literal("CloseTargetList"), reason: Reason }),
]);
export type TargetListCommand = z.infer<typeof TargetListCommandSchema>;

/** The details an edit may change; an absent field stays as it is. */
export const TargetListChangesSchema = z.strictObject({
  name: list.name.exactOptional(),
  goal: list.goal.exactOptional(),
  criteria: TargetCriteriaSchema.exactOptional(),
});
export type TargetListChanges = z.infer<typeof TargetListChangesSchema>;

const RecordedReason = text().min(1).max(2000);

/** Everything that can happen to a target list; the store parses each event it reads back with this schema. */
export const TargetListEventSchema = z.discriminatedUnion("type", [
  eventSchema("TargetListCreated", {
    targetListId: list.id,
    name: list.name,
    ownerId: list.ownerId,
    goal: list.goal,
    criteria: list.criteria,
  }),
  eventSchema("TargetListUpdated", { changes: TargetListChangesSchema }),
  eventSchema("TargetListActivated"),
  eventSchema("TargetsAdded", {
    accountIds: z.array(AccountIdSchema).min(1),
    source: TargetSourceSchema,
    addedBy: TargetMemberSchema.shape.addedBy,
  }),
  eventSchema("TargetRemoved", { accountId: AccountIdSchema, reason: RecordedReason }),
  eventSchema("TargetListClosed", { reason: RecordedReason }),
]);
export type TargetListEvent = z.infer<typeof TargetListEventSchema>;

type Guards = GuardSet<TargetListState, TargetListCommand, DecisionContext>;

const onList = (state: TargetListState) => (state.status === "none" ? [] : currentTargets(state));

/** Where a criteria's ranges are wrong (a minimum above its maximum, a range in two currencies), in words. */
export function criteriaProblem(c: TargetCriteria): string | undefined {
  const e = c.employees;
  if (e && e.min !== null && e.max !== null && e.min > e.max)
    return `The employee range starts at ${e.min}, above its end at ${e.max}.`;
  const r = c.annualRevenue;
  if (r?.min && r.max) {
    if (r.min.currency !== r.max.currency)
      return `The revenue range is in ${r.min.currency} and ${r.max.currency}: give both ends in one currency.`;
    if (r.min.amount > r.max.amount) return "The revenue range starts above its end.";
  }
  if ((r?.min?.amount ?? 0) < 0 || (r?.max?.amount ?? 0) < 0) return "A revenue range cannot be negative.";
  return undefined;
}

/**
 * The named checks of the table. Each returns nothing when the move may go on, or the refusal; `decide` runs a
 * row's guards in the row's order, so a refusal, a disabled button and the diagram name the same check.
 */
export const targetListGuards = {
  hasSensibleCriteria: {
    words: "criteria whose ranges run from low to high",
    check: (_state, command) => {
      const criteria =
        command.type === "CreateTargetList" || command.type === "UpdateTargetList"
          ? command.criteria
          : undefined;
      const problem = criteria && criteriaProblem(criteria);
      return problem ? refuse.invalidInput("criteria", problem) : undefined;
    },
  },
  hasAChange: {
    words: "a change",
    check: (_state, command) =>
      command.type === "UpdateTargetList" &&
      command.name === undefined &&
      command.goal === undefined &&
      command.criteria === undefined
        ? refuse.invalidInput("changes", "Say what to change: the name, the goal or the criteria.")
        : undefined,
  },
  hasTargetsOrCriteria: {
    words: "accounts on the list, or criteria to find them",
    check: (state) => {
      if (state.status === "none") return undefined;
      const c = state.criteria;
      const asks =
        c.industries.length + c.regions.length > 0 || c.employees !== null || c.annualRevenue !== null;
      return onList(state).length > 0 || asks
        ? undefined
        : refuse.invalidInput(
            "members",
            "Add accounts or criteria before activating the list: it hunts nobody yet.",
          );
    },
  },
  isNotOnTheList: {
    words: "accounts not on the list yet",
    check: (state, command) => {
      if (command.type !== "AddTargets") return undefined;
      const twice = command.accountIds.filter((a, i) => command.accountIds.indexOf(a) !== i);
      if (twice.length > 0)
        return refuse.invalidInput("accountIds", `${listInWords([...new Set(twice)])} named more than once.`);
      const already = new Set(onList(state).map((m) => m.accountId));
      const on = command.accountIds.filter((a) => already.has(a));
      return on.length === 0
        ? undefined
        : refuse.invalidInput(
            "accountIds",
            `${listInWords(on)} ${on.length === 1 ? "is" : "are"} on the list already.`,
          );
    },
  },
  isOnTheList: {
    words: "an account on the list",
    check: (state, command) =>
      command.type === "RemoveTarget" && !onList(state).some((m) => m.accountId === command.accountId)
        ? refuse.invalidInput("accountId", `${command.accountId} is not on the list.`)
        : undefined,
  },
  hasAReason: aReasonTo<TargetListCommand>({
    RemoveTarget: "take an account off the list",
    CloseTargetList: "close the list",
  }),
} as const satisfies Guards;

/** The name of one of the target list machine's guards. */
export type TargetListGuard = keyof typeof targetListGuards;

type Row<C extends TargetListCommand["type"]> = Transition<TargetListStatusOrNone, C> & {
  readonly guards: readonly TargetListGuard[];
};

const open = OPEN_TARGET_LIST_STATUSES;

/** Which moves a list allows from each status, and the named guards each passes, in the order they are asked. */
export const targetListTable: { readonly [C in TargetListCommand["type"]]: Row<C> } = {
  CreateTargetList: {
    command: "CreateTargetList",
    label: "create",
    from: ["none"],
    to: ["draft"],
    guards: ["hasSensibleCriteria"],
  },
  UpdateTargetList: {
    command: "UpdateTargetList",
    label: "edit",
    from: open,
    to: open,
    guards: ["hasAChange", "hasSensibleCriteria"],
  },
  ActivateTargetList: {
    command: "ActivateTargetList",
    label: "activate",
    from: ["draft"],
    to: ["active"],
    guards: ["hasTargetsOrCriteria"],
  },
  AddTargets: {
    command: "AddTargets",
    label: "add accounts",
    from: open,
    to: open,
    guards: ["isNotOnTheList"],
  },
  RemoveTarget: {
    command: "RemoveTarget",
    label: "take an account off",
    from: open,
    to: open,
    guards: ["isOnTheList", "hasAReason"],
  },
  CloseTargetList: {
    command: "CloseTargetList",
    label: "close",
    from: open,
    to: ["closed"],
    guards: ["hasAReason"],
  },
};

function decide(
  state: TargetListState,
  command: TargetListCommand,
  ctx: DecisionContext,
): Decision<TargetListEvent> {
  const refused = checkMove("target list", targetListTable, targetListGuards, state, command, ctx);
  if (refused) return err(refused);
  const at = ctx.now;
  return match(command)
    .returnType<Decision<TargetListEvent>>()
    .with({ type: "CreateTargetList" }, (c) =>
      ok([
        {
          type: "TargetListCreated",
          at,
          targetListId: c.targetListId,
          name: c.name,
          ownerId: c.ownerId,
          goal: c.goal,
          criteria: c.criteria,
        },
      ]),
    )
    .with({ type: "UpdateTargetList" }, (c) =>
      ok([
        {
          type: "TargetListUpdated",
          at,
          changes: {
            ...(c.name !== undefined && { name: c.name }),
            ...(c.goal !== undefined && { goal: c.goal }),
            ...(c.criteria !== undefined && { criteria: c.criteria }),
          },
        },
      ]),
    )
    .with({ type: "ActivateTargetList" }, () => ok([{ type: "TargetListActivated", at }]))
    .with({ type: "AddTargets" }, (c) =>
      ok([
        { type: "TargetsAdded", at, accountIds: c.accountIds, source: c.source, addedBy: ctx.actor.memberId },
      ]),
    )
    .with({ type: "RemoveTarget" }, (c) =>
      ok([{ type: "TargetRemoved", at, accountId: c.accountId, reason: c.reason.trim() }]),
    )
    .with({ type: "CloseTargetList" }, (c) => ok([{ type: "TargetListClosed", at, reason: c.reason.trim() }]))
    .exhaustive();
}

function existing(state: TargetListState, event: TargetListEvent): TargetList {
  return existingRecord(state, "a target list", event);
}

function evolve(state: TargetListState, event: TargetListEvent): TargetListState {
  switch (event.type) {
    case "TargetListCreated":
      assertNew(state, "target list", event);
      return {
        id: event.targetListId,
        name: event.name,
        ownerId: event.ownerId,
        goal: event.goal,
        criteria: event.criteria,
        members: [],
        status: "draft",
        createdAt: event.at,
        statusChangedAt: event.at,
        closeReason: null,
      };
    case "TargetListUpdated":
      return { ...existing(state, event), ...event.changes };
    case "TargetListActivated":
      return { ...existing(state, event), status: "active", statusChangedAt: event.at };
    case "TargetsAdded": {
      const l = existing(state, event);
      const added = event.accountIds.map((accountId) => ({
        accountId,
        addedAt: event.at,
        addedBy: event.addedBy,
        source: event.source,
        removedAt: null,
        removalReason: null,
      }));
      return { ...l, members: [...l.members, ...added] };
    }
    case "TargetRemoved": {
      const l = existing(state, event);
      return {
        ...l,
        members: l.members.map((m) =>
          m.accountId === event.accountId && m.removedAt === null
            ? { ...m, removedAt: event.at, removalReason: event.reason }
            : m,
        ),
      };
    }
    case "TargetListClosed":
      return {
        ...existing(state, event),
        status: "closed",
        statusChangedAt: event.at,
        closeReason: event.reason,
      };
    default:
      return assertNever(event, "target list event");
  }
}

/**
 * Target list: draft → active (with accounts or criteria) → closed with a reason; accounts join by hand, by
 * criteria or by import, and are taken off with a reason while the list is open.
 */
export const targetListMachine: Machine<
  TargetListState,
  TargetListCommand,
  TargetListEvent,
  DecisionContext
> = {
  name: "target list",
  initial: { status: "none" },
  statuses: ["none", ...TARGET_LIST_STATUSES],
  terminal: ["closed"],
  table: targetListTable,
  guards: targetListGuards,
  decide,
  evolve,
};
