import { match } from "ts-pattern";
import { z } from "zod";
import {
  ACCOUNT_PLAN_STATUSES,
  type AccountPlan,
  AccountPlanSchema,
  isObjectiveOpen,
  isObjectiveOverdue,
  type Objective,
  ObjectiveSchema,
  ObjectiveStatusSchema,
  OPEN_ACCOUNT_PLAN_STATUSES,
  type Risk,
  RiskLevelSchema,
  RiskSchema,
} from "../entities/account-plan.ts";
import { type CalendarDate, CalendarDateSchema, dateOf, daysBetween } from "../kernel/calendar-date.ts";
import type { DecisionContext } from "../kernel/context.ts";
import {
  AccountIdSchema,
  AccountPlanIdSchema,
  MemberIdSchema,
  ObjectiveIdSchema,
  RiskIdSchema,
} from "../kernel/ids.ts";
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
import { assertNever, err, InvariantViolation, ok } from "../kernel/result.ts";
import { spellDate } from "../kernel/spell-date.ts";
import { listInWords, text } from "../kernel/text.ts";
import { eventSchema } from "./event-schema.ts";

export type AccountPlanState = { readonly status: "none" } | AccountPlan;
export type AccountPlanStatusOrNone = AccountPlanState["status"];

const plan = AccountPlanSchema.shape;
const objective = ObjectiveSchema.shape;
const risk = RiskSchema.shape;
// Blank texts pass the schema and are refused by a named guard, so a form and a script get the same sentence.
const Reason = text().trim().max(2000);

/** Every command an account plan accepts. */
export const AccountPlanCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("DraftPlan"),
    planId: AccountPlanIdSchema,
    accountId: AccountIdSchema,
    ownerId: MemberIdSchema,
    title: plan.title,
    periodStart: CalendarDateSchema,
    periodEnd: CalendarDateSchema,
    ambition: plan.ambition.default(""),
    nextReviewOn: CalendarDateSchema.nullable().default(null),
  }),
  z.strictObject({
    type: z.literal("EditPlan"),
    title: plan.title.optional(),
    ownerId: MemberIdSchema.optional(),
    periodStart: CalendarDateSchema.optional(),
    periodEnd: CalendarDateSchema.optional(),
    ambition: plan.ambition.optional(),
    nextReviewOn: CalendarDateSchema.optional(),
  }),
  z.strictObject({
    type: z.literal("AddObjective"),
    objectiveId: ObjectiveIdSchema,
    title: objective.title,
    ownerId: MemberIdSchema,
    dueDate: CalendarDateSchema,
  }),
  z.strictObject({
    type: z.literal("ChangeObjective"),
    objectiveId: ObjectiveIdSchema,
    title: objective.title.optional(),
    ownerId: MemberIdSchema.optional(),
    dueDate: CalendarDateSchema.optional(),
  }),
  z.strictObject({
    type: z.literal("SetObjectiveStatus"),
    objectiveId: ObjectiveIdSchema,
    status: ObjectiveStatusSchema,
    note: Reason.optional(),
  }),
  z.strictObject({ type: z.literal("RemoveObjective"), objectiveId: ObjectiveIdSchema }),
  z.strictObject({
    type: z.literal("AddRisk"),
    riskId: RiskIdSchema,
    description: risk.description,
    likelihood: RiskLevelSchema,
    impact: RiskLevelSchema,
    mitigation: risk.mitigation.default(""),
    ownerId: MemberIdSchema,
  }),
  z.strictObject({ type: z.literal("ResolveRisk"), riskId: RiskIdSchema, resolution: Reason }),
  z.strictObject({ type: z.literal("Activate"), nextReviewOn: CalendarDateSchema.optional() }),
  z.strictObject({ type: z.literal("StartReview") }),
  z.strictObject({ type: z.literal("CompleteReview"), nextReviewOn: CalendarDateSchema, summary: Reason }),
  z.strictObject({ type: z.literal("Archive"), reason: Reason }),
]);
export type AccountPlanCommand = z.infer<typeof AccountPlanCommandSchema>;

// `decide` trims the texts it records and refuses blank ones.
const Recorded = text().min(1).max(2000);

/** Everything that can happen to an account plan; the store parses each event it reads back with this schema. */
export const AccountPlanEventSchema = z.discriminatedUnion("type", [
  eventSchema("PlanDrafted", {
    planId: plan.id,
    accountId: plan.accountId,
    ownerId: plan.ownerId,
    title: plan.title,
    periodStart: plan.periodStart,
    periodEnd: plan.periodEnd,
    ambition: plan.ambition,
    nextReviewOn: plan.nextReviewOn,
  }),
  eventSchema("PlanEdited", {
    changes: z.strictObject({
      title: plan.title.optional(),
      ownerId: plan.ownerId.optional(),
      periodStart: plan.periodStart.optional(),
      periodEnd: plan.periodEnd.optional(),
      ambition: plan.ambition.optional(),
      nextReviewOn: CalendarDateSchema.optional(),
    }),
  }),
  eventSchema("ObjectiveAdded", { objective: ObjectiveSchema }),
  eventSchema("ObjectiveChanged", {
    objectiveId: objective.id,
    changes: z.strictObject({
      title: objective.title.optional(),
      ownerId: objective.ownerId.optional(),
      dueDate: objective.dueDate.optional(),
    }),
  }),
  eventSchema("ObjectiveStatusChanged", {
    objectiveId: objective.id,
    status: objective.status,
    note: Recorded.nullable(),
  }),
  eventSchema("ObjectiveRemoved", { objectiveId: objective.id }),
  eventSchema("RiskAdded", { risk: RiskSchema }),
  eventSchema("RiskResolved", { riskId: risk.id, resolution: Recorded }),
  eventSchema("PlanActivated", { nextReviewOn: CalendarDateSchema }),
  eventSchema("PlanReviewStarted"),
  eventSchema("PlanReviewCompleted", { nextReviewOn: CalendarDateSchema, summary: Recorded }),
  eventSchema("PlanArchived", { reason: Recorded }),
]);
export type AccountPlanEvent = z.infer<typeof AccountPlanEventSchema>;

type Guards = GuardSet<AccountPlanState, AccountPlanCommand, DecisionContext>;

const isBlank = (s: string | undefined): boolean => s === undefined || s.trim() === "";
const todayOf = (ctx: DecisionContext): CalendarDate => dateOf(ctx.now);
const planOf = (state: AccountPlanState): AccountPlan | undefined =>
  state.status === "none" ? undefined : state;
const objectiveIn = (state: AccountPlanState, id: string): Objective | undefined =>
  planOf(state)?.objectives.find((o) => o.id === id);
const riskIn = (state: AccountPlanState, id: string): Risk | undefined =>
  planOf(state)?.risks.find((r) => r.id === id);

/** The period the plan would cover after the command: the edit's dates over the plan's. */
function periodAfter(
  state: AccountPlanState,
  c: AccountPlanCommand,
): { start: CalendarDate; end: CalendarDate } | undefined {
  if (c.type === "DraftPlan") return { start: c.periodStart, end: c.periodEnd };
  const p = planOf(state);
  if (!p) return undefined;
  if (c.type === "EditPlan")
    return { start: c.periodStart ?? p.periodStart, end: c.periodEnd ?? p.periodEnd };
  return { start: p.periodStart, end: p.periodEnd };
}

/** The review date the command sets, if it sets one. */
function reviewDateOf(c: AccountPlanCommand): CalendarDate | null | undefined {
  switch (c.type) {
    case "DraftPlan":
    case "EditPlan":
    case "Activate":
    case "CompleteReview":
      return c.nextReviewOn;
    default:
      return undefined;
  }
}

/**
 * The named checks of the account plan's table. Each returns nothing when the move may go on, or the refusal in
 * words; `decide` runs a row's guards in the row's order, so a refusal, a disabled button and a diagram agree.
 */
export const accountPlanGuards = {
  periodIsOrdered: {
    words: "a period that ends after it starts",
    check: (state, command) => {
      const period = periodAfter(state, command);
      return period && period.end < period.start
        ? refuse.invalidInput(
            "periodEnd",
            `The plan's period cannot end (${period.end}) before it starts (${period.start}).`,
          )
        : undefined;
    },
  },
  reviewNotInPast: {
    words: "a review date not in the past",
    check: (_state, command, ctx) => {
      const on = reviewDateOf(command);
      const today = todayOf(ctx);
      return on && on < today
        ? refuse.invalidInput(
            "nextReviewOn",
            `A review cannot be planned in the past: ${spellDate(on, today)} is before today (${spellDate(today, today)}).`,
          )
        : undefined;
    },
  },
  reviewAfterToday: {
    words: "a next review after today",
    check: (_state, command, ctx) => {
      const on = reviewDateOf(command);
      const today = todayOf(ctx);
      return on && on <= today
        ? refuse.invalidInput(
            "nextReviewOn",
            `The next review must come after today (${spellDate(today, today)}), not on ${spellDate(on, today)}: a review sets the date of the next one.`,
          )
        : undefined;
    },
  },
  somethingToChange: {
    words: "something to change",
    check: (state, command) => {
      const p = planOf(state);
      if (!p) return undefined;
      if (command.type === "EditPlan") {
        const { type: _t, ...fields } = command;
        const changed = Object.entries(fields).some(
          ([k, v]) => v !== undefined && v !== (p as Record<string, unknown>)[k],
        );
        return changed
          ? undefined
          : refuse.invalidInput("plan", "Nothing to change: every field is as it is already.");
      }
      if (command.type === "ChangeObjective") {
        const o = objectiveIn(state, command.objectiveId);
        if (!o) return undefined;
        const changed =
          (command.title !== undefined && command.title !== o.title) ||
          (command.ownerId !== undefined && command.ownerId !== o.ownerId) ||
          (command.dueDate !== undefined && command.dueDate !== o.dueDate);
        return changed
          ? undefined
          : refuse.invalidInput("objective", `Nothing to change on the objective "${o.title}".`);
      }
      return undefined;
    },
  },
  newObjectiveId: {
    words: "a new objective",
    check: (state, command) =>
      command.type === "AddObjective" && objectiveIn(state, command.objectiveId)
        ? refuse.alreadyExists("objective", command.objectiveId)
        : undefined,
  },
  objectiveExists: {
    words: "an objective of the plan",
    check: (state, command) => {
      if (!("objectiveId" in command) || command.type === "AddObjective") return undefined;
      const p = planOf(state);
      if (!p || objectiveIn(state, command.objectiveId)) return undefined;
      const known = p.objectives.map((o) => o.id);
      return refuse.invalidInput(
        "objectiveId",
        known.length === 0
          ? `The plan has no objective ${command.objectiveId}; it has no objectives yet.`
          : `The plan has no objective ${command.objectiveId}; its objectives are ${listInWords(known)}.`,
      );
    },
  },
  dueWithinPeriod: {
    words: "a due date within the plan's period",
    check: (state, command) => {
      const due =
        command.type === "AddObjective" || command.type === "ChangeObjective" ? command.dueDate : undefined;
      const period = periodAfter(state, command);
      if (due === undefined || !period) return undefined;
      return due < period.start || due > period.end
        ? refuse.invalidInput(
            "dueDate",
            `An objective is due within the plan's period (${period.start} to ${period.end}), not on ${due}.`,
          )
        : undefined;
    },
  },
  objectivesWithinPeriod: {
    words: "open objectives due within the new period",
    check: (state, command, ctx) => {
      const p = planOf(state);
      const period = periodAfter(state, command);
      if (!p || !period || command.type !== "EditPlan") return undefined;
      const outside = p.objectives.filter(
        (o) => isObjectiveOpen(o) && (o.dueDate < period.start || o.dueDate > period.end),
      );
      return outside.length === 0
        ? undefined
        : refuse.invalidInput(
            "periodEnd",
            `The new period (${spellDate(period.start, ctx.now)} to ${spellDate(period.end, ctx.now)}) would leave open objectives due outside it: ${listInWords(outside.map((o) => `"${o.title}" (due ${spellDate(o.dueDate, ctx.now)})`))}. Move their due dates first.`,
          );
    },
  },
  aDifferentStatus: {
    words: "a different status",
    check: (state, command) => {
      if (command.type !== "SetObjectiveStatus") return undefined;
      const o = objectiveIn(state, command.objectiveId);
      return o && o.status === command.status
        ? refuse.invalidInput(
            "status",
            `The objective "${o.title}" is already ${command.status.replace(/_/g, " ")}.`,
          )
        : undefined;
    },
  },
  aReasonToDrop: {
    words: "a reason to drop an objective",
    check: (_state, command) =>
      command.type === "SetObjectiveStatus" && command.status === "dropped" && isBlank(command.note)
        ? refuse.reasonRequired("drop an objective")
        : undefined,
  },
  removableNow: {
    words: "an objective not yet part of an active plan",
    check: (state, command) => {
      if (command.type !== "RemoveObjective" || state.status !== "active") return undefined;
      const o = objectiveIn(state, command.objectiveId);
      return refuse.invalidInput(
        "objectiveId",
        `An active plan keeps its objectives on the record: drop "${o?.title ?? command.objectiveId}" with a reason instead, or start a review to rework the plan.`,
      );
    },
  },
  newRiskId: {
    words: "a new risk",
    check: (state, command) =>
      command.type === "AddRisk" && riskIn(state, command.riskId)
        ? refuse.alreadyExists("risk", command.riskId)
        : undefined,
  },
  riskIsOpen: {
    words: "an open risk",
    check: (state, command) => {
      if (command.type !== "ResolveRisk") return undefined;
      const r = riskIn(state, command.riskId);
      if (!r) return refuse.invalidInput("riskId", `The plan has no risk ${command.riskId}.`);
      return r.resolution !== null
        ? refuse.invalidInput("riskId", `The risk "${r.description}" was already resolved: ${r.resolution}`)
        : undefined;
    },
  },
  aResolution: {
    words: "a resolution",
    check: (_state, command) =>
      command.type === "ResolveRisk" && isBlank(command.resolution)
        ? refuse.invalidInput("resolution", "Say how the risk was resolved (mitigated, accepted, gone).")
        : undefined,
  },
  hasAnObjective: {
    words: "at least one objective",
    check: (state) => {
      const p = planOf(state);
      return p && !p.objectives.some(isObjectiveOpen)
        ? refuse.invalidInput(
            "objectives",
            "A plan goes live with at least one open objective: add what the plan is to achieve, with an owner and a due date.",
          )
        : undefined;
    },
  },
  hasAReviewDate: {
    words: "a next review date",
    check: (state, command) => {
      const p = planOf(state);
      if (!p || command.type !== "Activate") return undefined;
      return (command.nextReviewOn ?? p.nextReviewOn) === null
        ? refuse.invalidInput("nextReviewOn", "Say when the plan will first be reviewed before it goes live.")
        : undefined;
    },
  },
  overdueObjectivesSettled: {
    words: "every overdue objective done, dropped or given a new due date",
    check: (state, _command, ctx) => {
      const p = planOf(state);
      if (!p) return undefined;
      const overdue = p.objectives.filter((o) => isObjectiveOverdue(o, todayOf(ctx)));
      return overdue.length === 0
        ? undefined
        : refuse.invalidInput(
            "objectives",
            `A review settles every overdue objective: mark ${listInWords(overdue.map((o) => `"${o.title}" (due ${spellDate(o.dueDate, ctx.now)})`))} done, drop it with a reason, or give it a new due date.`,
          );
    },
  },
  aReviewSummary: {
    words: "a summary of the review",
    check: (_state, command) =>
      command.type === "CompleteReview" && isBlank(command.summary)
        ? refuse.invalidInput("summary", "Say what the review concluded.")
        : undefined,
  },
  aReason: aReasonTo<AccountPlanCommand>({
    Archive: "archive the plan",
  }),
} as const satisfies Guards;

/** The name of one of the account plan machine's guards. */
export type AccountPlanGuard = keyof typeof accountPlanGuards;

type Row<C extends AccountPlanCommand["type"]> = Transition<AccountPlanStatusOrNone, C> & {
  readonly guards: readonly AccountPlanGuard[];
};

const open = OPEN_ACCOUNT_PLAN_STATUSES;

/** The account plan's moves, and the named guards each passes, in the order they are asked. */
export const accountPlanTable: { readonly [C in AccountPlanCommand["type"]]: Row<C> } = {
  DraftPlan: {
    command: "DraftPlan",
    label: "draft",
    from: ["none"],
    to: ["draft"],
    guards: ["periodIsOrdered", "reviewNotInPast"],
  },
  EditPlan: {
    command: "EditPlan",
    label: "edit the plan",
    from: open,
    to: open,
    guards: ["somethingToChange", "periodIsOrdered", "objectivesWithinPeriod", "reviewNotInPast"],
  },
  AddObjective: {
    command: "AddObjective",
    label: "add an objective",
    from: open,
    to: open,
    guards: ["newObjectiveId", "dueWithinPeriod"],
  },
  ChangeObjective: {
    command: "ChangeObjective",
    label: "change an objective",
    from: open,
    to: open,
    guards: ["objectiveExists", "somethingToChange", "dueWithinPeriod"],
  },
  SetObjectiveStatus: {
    command: "SetObjectiveStatus",
    label: "set an objective's status",
    from: open,
    to: open,
    guards: ["objectiveExists", "aDifferentStatus", "aReasonToDrop"],
  },
  RemoveObjective: {
    command: "RemoveObjective",
    label: "remove an objective",
    from: open,
    to: open,
    guards: ["objectiveExists", "removableNow"],
  },
  AddRisk: { command: "AddRisk", label: "add a risk", from: open, to: open, guards: ["newRiskId"] },
  ResolveRisk: {
    command: "ResolveRisk",
    label: "resolve a risk",
    from: open,
    to: open,
    guards: ["riskIsOpen", "aResolution"],
  },
  Activate: {
    command: "Activate",
    label: "activate",
    from: ["draft"],
    to: ["active"],
    guards: ["hasAnObjective", "hasAReviewDate", "reviewNotInPast"],
  },
  StartReview: {
    command: "StartReview",
    label: "start the review",
    from: ["active"],
    to: ["under_review"],
    guards: [],
  },
  CompleteReview: {
    command: "CompleteReview",
    label: "complete the review",
    from: ["under_review"],
    to: ["active"],
    guards: ["aReviewSummary", "reviewAfterToday", "overdueObjectivesSettled", "hasAnObjective"],
  },
  Archive: {
    command: "Archive",
    label: "archive",
    from: open,
    to: ["archived"],
    guards: ["aReason"],
  },
};

function existing(state: AccountPlanState, event?: AccountPlanEvent): AccountPlan {
  return existingRecord(state, "an account plan", event);
}

/** The fields of an edit that differ from the plan's, without the ones left out. */
function changedFields<T extends Record<string, unknown>>(
  given: T,
  current: Record<string, unknown>,
): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(given))
    if (k !== "type" && v !== undefined && v !== current[k]) (out as Record<string, unknown>)[k] = v;
  return out;
}

function decide(
  state: AccountPlanState,
  command: AccountPlanCommand,
  ctx: DecisionContext,
): Decision<AccountPlanEvent> {
  const refused = checkMove("account plan", accountPlanTable, accountPlanGuards, state, command, ctx);
  if (refused) return err(refused);
  const at = ctx.now;
  return match(command)
    .returnType<Decision<AccountPlanEvent>>()
    .with({ type: "DraftPlan" }, (c) =>
      ok([
        {
          type: "PlanDrafted",
          at,
          planId: c.planId,
          accountId: c.accountId,
          ownerId: c.ownerId,
          title: c.title,
          periodStart: c.periodStart,
          periodEnd: c.periodEnd,
          ambition: c.ambition,
          nextReviewOn: c.nextReviewOn,
        },
      ]),
    )
    .with({ type: "EditPlan" }, (c) => {
      const changes = changedFields(c, existing(state));
      return ok([{ type: "PlanEdited", at, changes }]);
    })
    .with({ type: "AddObjective" }, (c) =>
      ok([
        {
          type: "ObjectiveAdded",
          at,
          objective: {
            id: c.objectiveId,
            title: c.title,
            ownerId: c.ownerId,
            dueDate: c.dueDate,
            status: "open",
            note: null,
          },
        },
      ]),
    )
    .with({ type: "ChangeObjective" }, (c) => {
      const o = objectiveIn(state, c.objectiveId) as Objective;
      const { objectiveId, ...fields } = c;
      return ok([{ type: "ObjectiveChanged", at, objectiveId, changes: changedFields(fields, o) }]);
    })
    .with({ type: "SetObjectiveStatus" }, (c) =>
      ok([
        {
          type: "ObjectiveStatusChanged",
          at,
          objectiveId: c.objectiveId,
          status: c.status,
          note: isBlank(c.note) ? null : (c.note as string).trim(),
        },
      ]),
    )
    .with({ type: "RemoveObjective" }, (c) =>
      ok([{ type: "ObjectiveRemoved", at, objectiveId: c.objectiveId }]),
    )
    .with({ type: "AddRisk" }, (c) =>
      ok([
        {
          type: "RiskAdded",
          at,
          risk: {
            id: c.riskId,
            description: c.description,
            likelihood: c.likelihood,
            impact: c.impact,
            mitigation: c.mitigation,
            ownerId: c.ownerId,
            resolution: null,
            resolvedAt: null,
          },
        },
      ]),
    )
    .with({ type: "ResolveRisk" }, (c) =>
      ok([{ type: "RiskResolved", at, riskId: c.riskId, resolution: c.resolution.trim() }]),
    )
    .with({ type: "Activate" }, (c) => {
      const nextReviewOn = (c.nextReviewOn ?? existing(state).nextReviewOn) as CalendarDate;
      return ok([{ type: "PlanActivated", at, nextReviewOn }]);
    })
    .with({ type: "StartReview" }, () => ok([{ type: "PlanReviewStarted", at }]))
    .with({ type: "CompleteReview" }, (c) =>
      ok([{ type: "PlanReviewCompleted", at, nextReviewOn: c.nextReviewOn, summary: c.summary.trim() }]),
    )
    .with({ type: "Archive" }, (c) => ok([{ type: "PlanArchived", at, reason: c.reason.trim() }]))
    .exhaustive();
}

/** The record with each change that holds a value applied (a field left out of an edit stays as it was). */
function applied<T extends object>(base: T, changes: { readonly [K in keyof T]?: T[K] | undefined }): T {
  const out = { ...base };
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

function withObjective(p: AccountPlan, id: string, change: (o: Objective) => Objective): AccountPlan {
  if (!p.objectives.some((o) => o.id === id))
    throw new InvariantViolation(`objective ${id} is not on account plan ${p.id}`);
  return { ...p, objectives: p.objectives.map((o) => (o.id === id ? change(o) : o)) };
}

function evolve(state: AccountPlanState, event: AccountPlanEvent): AccountPlanState {
  switch (event.type) {
    case "PlanDrafted":
      assertNew(state, "account plan", event);
      return {
        id: event.planId,
        accountId: event.accountId,
        ownerId: event.ownerId,
        title: event.title,
        periodStart: event.periodStart,
        periodEnd: event.periodEnd,
        ambition: event.ambition,
        status: "draft",
        objectives: [],
        risks: [],
        nextReviewOn: event.nextReviewOn,
        lastReviewedOn: null,
        lastReviewSummary: null,
        createdAt: event.at,
        activatedAt: null,
        archivedAt: null,
        archiveReason: null,
      };
    case "PlanEdited":
      return applied<AccountPlan>(existing(state, event), event.changes);
    case "ObjectiveAdded": {
      const p = existing(state, event);
      return { ...p, objectives: [...p.objectives, event.objective] };
    }
    case "ObjectiveChanged":
      return withObjective(existing(state, event), event.objectiveId, (o) => applied(o, event.changes));
    case "ObjectiveStatusChanged":
      return withObjective(existing(state, event), event.objectiveId, (o) => ({
        ...o,
        status: event.status,
        note: event.note,
      }));
    case "ObjectiveRemoved": {
      const p = existing(state, event);
      return { ...p, objectives: p.objectives.filter((o) => o.id !== event.objectiveId) };
    }
    case "RiskAdded": {
      const p = existing(state, event);
      return { ...p, risks: [...p.risks, event.risk] };
    }
    case "RiskResolved": {
      const p = existing(state, event);
      return {
        ...p,
        risks: p.risks.map((r) =>
          r.id === event.riskId ? { ...r, resolution: event.resolution, resolvedAt: event.at } : r,
        ),
      };
    }
    case "PlanActivated":
      return {
        ...existing(state, event),
        status: "active",
        activatedAt: event.at,
        nextReviewOn: event.nextReviewOn,
      };
    case "PlanReviewStarted":
      return { ...existing(state, event), status: "under_review" };
    case "PlanReviewCompleted":
      return {
        ...existing(state, event),
        status: "active",
        nextReviewOn: event.nextReviewOn,
        lastReviewedOn: dateOf(event.at),
        lastReviewSummary: event.summary,
      };
    case "PlanArchived":
      return {
        ...existing(state, event),
        status: "archived",
        archivedAt: event.at,
        archiveReason: event.reason,
      };
    default:
      return assertNever(event, "account plan event");
  }
}

/**
 * Account plan: draft → active (with an open objective and a review date) → under_review → active again (the
 * review settles overdue objectives and sets the next review) …, archived with a reason from any of them.
 */
export const accountPlanMachine: Machine<
  AccountPlanState,
  AccountPlanCommand,
  AccountPlanEvent,
  DecisionContext
> = {
  name: "account plan",
  initial: { status: "none" },
  statuses: ["none", ...ACCOUNT_PLAN_STATUSES],
  terminal: ["archived"],
  table: accountPlanTable,
  guards: accountPlanGuards,
  decide,
  evolve,
};

/** Days before its next review date from which a plan's review waits in its owner's inbox. */
export const PLAN_REVIEW_LEAD_DAYS = 7;

/** A plan's review reminder at `today`: due within the lead days, or overdue; null when nothing is due. */
export interface PlanReviewReminder {
  readonly due: CalendarDate;
  readonly overdue: boolean;
  /** Days until the review; negative once it is past. */
  readonly daysLeft: number;
  /** The review has been started and not completed yet. */
  readonly inProgress: boolean;
}

/**
 * Whether the plan's review waits on its owner at `today`: an active plan whose next review is at most
 * {@link PLAN_REVIEW_LEAD_DAYS} days away (or past), and a plan under review (until the review is completed).
 */
export function planReviewReminder(
  p: Pick<AccountPlan, "status" | "nextReviewOn">,
  today: CalendarDate,
  leadDays: number = PLAN_REVIEW_LEAD_DAYS,
): PlanReviewReminder | null {
  if (p.nextReviewOn === null || (p.status !== "active" && p.status !== "under_review")) return null;
  const daysLeft = daysBetween(today, p.nextReviewOn);
  const inProgress = p.status === "under_review";
  if (!inProgress && daysLeft > leadDays) return null;
  return { due: p.nextReviewOn, overdue: daysLeft < 0, daysLeft, inProgress };
}
