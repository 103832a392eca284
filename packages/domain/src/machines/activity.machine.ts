import { match } from "ts-pattern";
import { z } from "zod";
import {
  ACTIVITY_STATUSES,
  type Activity,
  ActivityKindSchema,
  ActivitySchema,
  ActivityVisibilitySchema,
  type MeetingMinutes,
  MeetingMinutesSchema,
} from "../entities/activity.ts";
import { compareTimestamps, TimestampSchema } from "../kernel/calendar-date.ts";
import type { DecisionContext } from "../kernel/context.ts";
import {
  AccountIdSchema,
  ActivityIdSchema,
  type ContactId,
  ContractIdSchema,
  MemberIdSchema,
  OpportunityIdSchema,
} from "../kernel/ids.ts";
import {
  assertNew,
  checkMove,
  type Decision,
  existingRecord,
  type GuardedTable,
  type GuardSet,
  givenFields,
  type Machine,
  somethingToChange,
} from "../kernel/machine.ts";
import { refuse } from "../kernel/refusal.ts";
import { assertNever, err, ok } from "../kernel/result.ts";
import { text } from "../kernel/text.ts";
import { eventSchema } from "./event-schema.ts";

export type ActivityState = { readonly status: "none" } | Activity;
export type ActivityStatusOrNone = ActivityState["status"];

const field = ActivitySchema.shape;
const Reason = text().trim().max(2000);

// Logging (it happened) and planning (it will) take the same details; `at` decides which one applies.
const details = {
  activityId: ActivityIdSchema,
  accountId: AccountIdSchema,
  opportunityId: OpportunityIdSchema.nullable().default(null),
  contractId: ContractIdSchema.nullable().default(null),
  kind: ActivityKindSchema,
  subject: field.subject,
  body: field.body.default(null),
  contactIds: field.contactIds.default([]),
  /** When it happened (logging: now or earlier) or is planned to happen (planning: later than now). */
  at: TimestampSchema,
  direction: field.direction.default(null),
  minutes: MeetingMinutesSchema.nullable().default(null),
  /** Whether the client may read the note; left out: internal. */
  visibility: ActivityVisibilitySchema.default("internal"),
};

/** Every command an activity accepts, as adapters parse it from user input. */
export const ActivityCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("LogActivity"), ...details }),
  z.strictObject({ type: z.literal("PlanActivity"), ...details }),
  z.strictObject({ type: z.literal("CompleteActivity"), minutes: MeetingMinutesSchema.optional() }),
  z.strictObject({ type: z.literal("CancelActivity"), reason: Reason.optional() }),
  z.strictObject({ type: z.literal("RescheduleActivity"), at: TimestampSchema }),
  z.strictObject({
    type: z.literal("UpdateActivity"),
    subject: field.subject.optional(),
    body: field.body.optional(),
    minutes: MeetingMinutesSchema.nullable().optional(),
    visibility: ActivityVisibilitySchema.optional(),
  }),
]);
/** A command as `decide` receives it: parsed, defaults applied. */
export type ActivityCommand = z.infer<typeof ActivityCommandSchema>;
type Command<T extends ActivityCommand["type"]> = Extract<ActivityCommand, { readonly type: T }>;

/** The details `UpdateActivity` may change; an absent field stays as it is, `null` clears it. */
export const ActivityChangesSchema = z
  .strictObject({
    subject: field.subject,
    body: field.body,
    minutes: MeetingMinutesSchema.nullable(),
    visibility: ActivityVisibilitySchema,
  })
  .partial();
export type ActivityChanges = z.infer<typeof ActivityChangesSchema>;

// The event names the activity's moment `activityAt`: `at` is when the event was recorded.
const recorded = {
  activityId: ActivityIdSchema,
  accountId: AccountIdSchema,
  opportunityId: field.opportunityId,
  contractId: field.contractId,
  kind: ActivityKindSchema,
  subject: field.subject,
  body: field.body,
  authorId: MemberIdSchema,
  contactIds: field.contactIds,
  activityAt: TimestampSchema,
  direction: field.direction,
  minutes: MeetingMinutesSchema.nullable(),
  /** Events recorded before notes had a visibility read as internal. */
  visibility: ActivityVisibilitySchema.default("internal"),
};

/** Everything that can happen to an activity; the store parses each event it reads back with this schema. */
export const ActivityEventSchema = z.discriminatedUnion("type", [
  eventSchema("ActivityLogged", recorded),
  eventSchema("ActivityPlanned", recorded),
  /** `activityAt` is when it took place: the planned moment, or now if it took place earlier than planned. */
  eventSchema("ActivityCompleted", { activityAt: TimestampSchema, minutes: MeetingMinutesSchema.nullable() }),
  eventSchema("ActivityCancelled", { reason: Reason.nullable() }),
  eventSchema("ActivityRescheduled", { activityAt: TimestampSchema }),
  eventSchema("ActivityUpdated", { changes: ActivityChangesSchema }),
]);
export type ActivityEvent = z.infer<typeof ActivityEventSchema>;

type Guards = GuardSet<ActivityState, ActivityCommand, DecisionContext>;

const activityOf = (state: ActivityState): Activity | undefined =>
  state.status === "none" ? undefined : state;

/** The minutes the command would record, if any. */
function minutesOf(command: ActivityCommand): MeetingMinutes | null {
  switch (command.type) {
    case "LogActivity":
    case "PlanActivity":
      return command.minutes;
    case "CompleteActivity":
      return command.minutes ?? null;
    case "UpdateActivity":
      return changesOf(command).minutes ?? null;
    default:
      return null;
  }
}

/** The named checks of the activity's table. */
export const activityGuards = {
  notAhead: {
    words: "a moment now or in the past",
    check: (_state, command, ctx) =>
      command.type === "LogActivity" && compareTimestamps(command.at, ctx.now) > 0
        ? refuse.invalidInput("at", "This activity lies ahead: plan it rather than log it.")
        : undefined,
  },
  ahead: {
    words: "a moment in the future",
    check: (_state, command, ctx) => {
      if (command.type !== "PlanActivity" && command.type !== "RescheduleActivity") return undefined;
      if (compareTimestamps(command.at, ctx.now) > 0) return undefined;
      return refuse.invalidInput(
        "at",
        command.type === "PlanActivity"
          ? "This activity has already taken place: log it rather than plan it."
          : "A planned activity lies ahead: pick a later moment, or complete it if it took place.",
      );
    },
  },
  somethingToChange: somethingToChange<ActivityCommand, "UpdateActivity">(
    "UpdateActivity",
    changesOf,
    "Say what to change: the subject, the body, the minutes or who may read it (visibility).",
  ),
  onlyMeetingsHaveMinutes: {
    words: "minutes only for a meeting",
    check: (state, command) => {
      const minutes = minutesOf(command);
      const kind = command.type === "LogActivity" ? command.kind : activityOf(state)?.kind;
      return minutes !== null && kind !== undefined && kind !== "meeting"
        ? refuse.invalidInput(
            "minutes",
            `Only a meeting has minutes; this is ${kind === "email" ? "an" : "a"} ${kind}.`,
          )
        : undefined;
    },
  },
  noMinutesBeforeItTakesPlace: {
    words: "no minutes before it takes place",
    check: (state, command) => {
      const planned = command.type === "PlanActivity" || activityOf(state)?.status === "planned";
      return planned && minutesOf(command) !== null
        ? refuse.invalidInput(
            "minutes",
            "Minutes are written once the meeting has taken place: complete it first.",
          )
        : undefined;
    },
  },
} as const satisfies Guards;

/** The name of one of the activity machine's guards. */
export type ActivityGuard = keyof typeof activityGuards;

export const activityTable = {
  LogActivity: {
    command: "LogActivity",
    label: "log",
    from: ["none"],
    to: ["done"],
    guards: ["notAhead", "onlyMeetingsHaveMinutes"],
  },
  PlanActivity: {
    command: "PlanActivity",
    label: "plan",
    from: ["none"],
    to: ["planned"],
    guards: ["ahead", "noMinutesBeforeItTakesPlace"],
  },
  CompleteActivity: {
    command: "CompleteActivity",
    label: "complete",
    from: ["planned"],
    to: ["done"],
    guards: ["onlyMeetingsHaveMinutes"],
  },
  CancelActivity: {
    command: "CancelActivity",
    label: "cancel",
    from: ["planned"],
    to: ["cancelled"],
    guards: [],
  },
  RescheduleActivity: {
    command: "RescheduleActivity",
    label: "reschedule",
    from: ["planned"],
    to: ["planned"],
    guards: ["ahead"],
  },
  UpdateActivity: {
    command: "UpdateActivity",
    label: "edit",
    from: ["planned", "done"],
    to: ["planned", "done"],
    guards: ["somethingToChange", "onlyMeetingsHaveMinutes", "noMinutesBeforeItTakesPlace"],
  },
} as const satisfies GuardedTable<ActivityStatusOrNone, ActivityCommand["type"], ActivityGuard>;

function decide(
  state: ActivityState,
  command: ActivityCommand,
  ctx: DecisionContext,
): Decision<ActivityEvent> {
  const refused = checkMove("activity", activityTable, activityGuards, state, command, ctx);
  if (refused) return err(refused);
  const at = ctx.now;
  return match(command)
    .returnType<Decision<ActivityEvent>>()
    .with({ type: "LogActivity" }, (c) => ok([{ type: "ActivityLogged", at, ...recordedFields(c, ctx) }]))
    .with({ type: "PlanActivity" }, (c) => ok([{ type: "ActivityPlanned", at, ...recordedFields(c, ctx) }]))
    .with({ type: "CompleteActivity" }, (c) => {
      const activity = existing(state);
      // Completed ahead of its slot, it took place now: a done activity never lies in the future.
      const activityAt = compareTimestamps(activity.at, at) > 0 ? at : activity.at;
      return ok([{ type: "ActivityCompleted", at, activityAt, minutes: c.minutes ?? null }]);
    })
    .with({ type: "CancelActivity" }, (c) =>
      ok([{ type: "ActivityCancelled", at, reason: c.reason?.trim() || null }]),
    )
    .with({ type: "RescheduleActivity" }, (c) => ok([{ type: "ActivityRescheduled", at, activityAt: c.at }]))
    .with({ type: "UpdateActivity" }, (c) => ok([{ type: "ActivityUpdated", at, changes: changesOf(c) }]))
    .exhaustive();
}

function recordedFields(c: Command<"LogActivity" | "PlanActivity">, ctx: DecisionContext) {
  return {
    activityId: c.activityId,
    accountId: c.accountId,
    opportunityId: c.opportunityId,
    contractId: c.contractId,
    kind: c.kind,
    subject: c.subject,
    body: c.body,
    // The author is whoever records the activity; the service never takes it from the input.
    authorId: ctx.actor.memberId,
    contactIds: distinct(c.contactIds),
    activityAt: c.at,
    direction: c.direction,
    minutes: c.minutes,
    visibility: c.visibility,
  };
}

const distinct = (ids: readonly ContactId[]): ContactId[] => [...new Set(ids)];

function changesOf(c: Command<"UpdateActivity">): ActivityChanges {
  return givenFields(c, ["subject", "body", "minutes", "visibility"]);
}

function existing(state: ActivityState, event?: ActivityEvent): Activity {
  return existingRecord(state, "an activity", event);
}

/** The value a change sets, or the current one when the change leaves it out. */
const or = <T>(change: T | undefined, current: T): T => (change === undefined ? current : change);

function created(
  state: ActivityState,
  event: Extract<ActivityEvent, { type: "ActivityLogged" | "ActivityPlanned" }>,
  status: "done" | "planned",
): Activity {
  assertNew(state, "activity", event);
  return {
    id: event.activityId,
    accountId: event.accountId,
    opportunityId: event.opportunityId,
    contractId: event.contractId,
    kind: event.kind,
    subject: event.subject,
    body: event.body,
    authorId: event.authorId,
    contactIds: [...event.contactIds],
    at: event.activityAt,
    status,
    done: status === "done",
    direction: event.direction,
    minutes: event.minutes,
    visibility: event.visibility,
  };
}

function evolve(state: ActivityState, event: ActivityEvent): ActivityState {
  switch (event.type) {
    case "ActivityLogged":
      return created(state, event, "done");
    case "ActivityPlanned":
      return created(state, event, "planned");
    case "ActivityCompleted":
      return {
        ...existing(state, event),
        status: "done",
        done: true,
        at: event.activityAt,
        minutes: event.minutes,
      };
    case "ActivityCancelled":
      return { ...existing(state, event), status: "cancelled", done: false };
    case "ActivityRescheduled":
      return { ...existing(state, event), at: event.activityAt };
    case "ActivityUpdated": {
      const a = existing(state, event);
      const x = event.changes;
      return {
        ...a,
        subject: or(x.subject, a.subject),
        body: or(x.body, a.body),
        minutes: or(x.minutes, a.minutes),
        visibility: or(x.visibility, a.visibility),
      };
    }
    default:
      return assertNever(event, "activity event");
  }
}

/**
 * Activity: logged as done (it already happened), or planned → done or cancelled. Only a meeting has minutes,
 * written once it has taken place. The author is the actor who records it. `done` always mirrors the status.
 */
export const activityMachine: Machine<ActivityState, ActivityCommand, ActivityEvent, DecisionContext> = {
  name: "activity",
  initial: { status: "none" },
  statuses: ["none", ...ACTIVITY_STATUSES],
  terminal: ["done", "cancelled"],
  table: activityTable,
  guards: activityGuards,
  decide,
  evolve,
};
