import { match } from "ts-pattern";
import { z } from "zod";
import {
  ESCALATION_STATUSES,
  type Escalation,
  EscalationSchema,
  LIVE_ESCALATION_STATUSES,
} from "../entities/escalation.ts";
import type { Member } from "../entities/member.ts";
import type { WorkspaceSettings } from "../entities/settings.ts";
import { SeveritySchema } from "../entities/severity.ts";
import { addHours, compareTimestamps, millisBetween, type Timestamp } from "../kernel/calendar-date.ts";
import type { DecisionContext } from "../kernel/context.ts";
import {
  AccountIdSchema,
  ContractIdSchema,
  EscalationIdSchema,
  type MemberId,
  MemberIdSchema,
} from "../kernel/ids.ts";
import {
  aReasonTo,
  assertNew,
  checkMove,
  type Decision,
  existingRecord,
  type GuardedTable,
  type GuardSet,
  type Machine,
} from "../kernel/machine.ts";
import { refuse } from "../kernel/refusal.ts";
import { assertNever, err, ok } from "../kernel/result.ts";
import { text } from "../kernel/text.ts";
import { eventSchema } from "./event-schema.ts";

export type EscalationState = { readonly status: "none" } | Escalation;
export type EscalationStatusOrNone = EscalationState["status"];

/** What an escalation decision is given: the moment, the actor, and the workspace's SLA hours by severity. */
export interface EscalationContext extends DecisionContext {
  readonly slaHours: WorkspaceSettings["slaHours"];
}

// A blank text passes the schema and is refused by `decide`, so a form and a script get the same refusal.
const Reason = text().trim().max(2000);

export const EscalationCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("OpenEscalation"),
    escalationId: EscalationIdSchema,
    accountId: AccountIdSchema,
    contractId: ContractIdSchema.nullable().default(null),
    title: EscalationSchema.shape.title,
    description: EscalationSchema.shape.description.default(""),
    severity: SeveritySchema,
    ownerId: MemberIdSchema,
  }),
  z.strictObject({ type: z.literal("Acknowledge") }),
  z.strictObject({ type: z.literal("StartWork") }),
  z.strictObject({ type: z.literal("Resolve"), resolution: text().trim().max(20_000) }),
  z.strictObject({ type: z.literal("Close") }),
  z.strictObject({ type: z.literal("Reopen"), reason: Reason }),
  z.strictObject({ type: z.literal("ChangeSeverity"), severity: SeveritySchema, reason: Reason }),
  z.strictObject({ type: z.literal("Reassign"), ownerId: MemberIdSchema }),
  z.strictObject({ type: z.literal("EscalateToSupervisor"), supervisorId: MemberIdSchema }),
]);
export type EscalationCommand = z.infer<typeof EscalationCommandSchema>;

const escalation = EscalationSchema.shape;
// `decide` trims the texts it records and refuses blank ones.
const RecordedReason = text().min(1).max(2000);

/** Everything that can happen to an escalation; the store parses each event it reads back with this schema. */
export const EscalationEventSchema = z.discriminatedUnion("type", [
  eventSchema("EscalationOpened", {
    escalationId: escalation.id,
    accountId: escalation.accountId,
    contractId: escalation.contractId,
    title: escalation.title,
    description: escalation.description,
    severity: escalation.severity,
    ownerId: escalation.ownerId,
    slaDueAt: escalation.slaDueAt,
  }),
  eventSchema("EscalationAcknowledged"),
  eventSchema("EscalationWorkStarted"),
  eventSchema("EscalationResolved", { resolution: escalation.resolution.unwrap().min(1).max(20_000) }),
  eventSchema("EscalationClosed"),
  eventSchema("EscalationReopened", { reason: RecordedReason, slaDueAt: escalation.slaDueAt }),
  eventSchema("EscalationSeverityChanged", {
    severity: escalation.severity,
    reason: RecordedReason,
    slaDueAt: escalation.slaDueAt,
  }),
  eventSchema("EscalationReassigned", { ownerId: escalation.ownerId }),
  eventSchema("EscalatedToSupervisor", {
    supervisorId: escalation.ownerId,
    previousOwnerId: escalation.ownerId,
  }),
]);
export type EscalationEvent = z.infer<typeof EscalationEventSchema>;

const live = LIVE_ESCALATION_STATUSES;

type Guards = GuardSet<EscalationState, EscalationCommand, EscalationContext>;

const isBlank = (s: string): boolean => s.trim() === "";
const escalationOf = (state: EscalationState): Escalation | undefined =>
  state.status === "none" ? undefined : state;

/** The named checks of the escalation's table. */
export const escalationGuards = {
  aResolution: {
    words: "a resolution",
    check: (_state, command) =>
      command.type === "Resolve" && isBlank(command.resolution)
        ? refuse.invalidInput("resolution", "Say how the issue was resolved.")
        : undefined,
  },
  aReason: aReasonTo<EscalationCommand>({
    Reopen: "reopen the escalation",
    ChangeSeverity: "change the severity",
  }),
  aDifferentSeverity: {
    words: "a different severity",
    check: (state, command) =>
      command.type === "ChangeSeverity" && command.severity === escalationOf(state)?.severity
        ? refuse.invalidInput("severity", `The escalation is already of ${command.severity} severity.`)
        : undefined,
  },
  aDifferentOwner: {
    words: "a different owner",
    check: (state, command) =>
      command.type === "Reassign" && command.ownerId === escalationOf(state)?.ownerId
        ? refuse.invalidInput("ownerId", `${command.ownerId} already owns this escalation.`)
        : undefined,
  },
  slaBreached: {
    words: "the SLA is breached",
    check: (state, _command, ctx) => {
      const e = escalationOf(state);
      return e && !isSlaBreached(e, ctx.now)
        ? refuse.notYetDue("escalate to a supervisor", e.slaDueAt)
        : undefined;
    },
  },
  aSupervisorOtherThanTheOwner: {
    words: "a supervisor other than the owner",
    check: (state, command) =>
      command.type === "EscalateToSupervisor" && command.supervisorId === escalationOf(state)?.ownerId
        ? refuse.invalidInput("supervisorId", `${command.supervisorId} already owns this escalation.`)
        : undefined,
  },
} as const satisfies Guards;

/** The name of one of the escalation machine's guards. */
export type EscalationGuard = keyof typeof escalationGuards;

export const escalationTable = {
  OpenEscalation: { command: "OpenEscalation", label: "open", from: ["none"], to: ["open"], guards: [] },
  Acknowledge: {
    command: "Acknowledge",
    label: "acknowledge",
    from: ["open"],
    to: ["acknowledged"],
    guards: [],
  },
  StartWork: {
    command: "StartWork",
    label: "start work",
    from: ["acknowledged"],
    to: ["in_progress"],
    guards: [],
  },
  Resolve: {
    command: "Resolve",
    label: "resolve",
    from: ["in_progress"],
    to: ["resolved"],
    guards: ["aResolution"],
  },
  Close: { command: "Close", label: "close", from: ["resolved"], to: ["closed"], guards: [] },
  Reopen: {
    command: "Reopen",
    label: "reopen",
    from: ["resolved", "closed"],
    to: ["open"],
    guards: ["aReason"],
  },
  ChangeSeverity: {
    command: "ChangeSeverity",
    label: "change severity",
    from: live,
    to: live,
    guards: ["aDifferentSeverity", "aReason"],
  },
  Reassign: {
    command: "Reassign",
    label: "reassign",
    from: live,
    to: live,
    guards: ["aDifferentOwner"],
  },
  EscalateToSupervisor: {
    command: "EscalateToSupervisor",
    label: "escalate to the supervisor",
    from: live,
    to: live,
    guards: ["slaBreached", "aSupervisorOtherThanTheOwner"],
    automatic: true,
  },
} as const satisfies GuardedTable<EscalationStatusOrNone, EscalationCommand["type"], EscalationGuard>;

function decide(
  state: EscalationState,
  command: EscalationCommand,
  ctx: EscalationContext,
): Decision<EscalationEvent> {
  const refused = checkMove("escalation", escalationTable, escalationGuards, state, command, ctx);
  if (refused) return err(refused);
  const at = ctx.now;
  return match(command)
    .returnType<Decision<EscalationEvent>>()
    .with({ type: "OpenEscalation" }, (c) =>
      ok([
        {
          type: "EscalationOpened",
          at,
          escalationId: c.escalationId,
          accountId: c.accountId,
          contractId: c.contractId,
          title: c.title,
          description: c.description,
          severity: c.severity,
          ownerId: c.ownerId,
          slaDueAt: addHours(at, ctx.slaHours[c.severity]),
        },
      ]),
    )
    .with({ type: "Acknowledge" }, () => ok([{ type: "EscalationAcknowledged", at }]))
    .with({ type: "StartWork" }, () => ok([{ type: "EscalationWorkStarted", at }]))
    .with({ type: "Resolve" }, (c) =>
      ok([{ type: "EscalationResolved", at, resolution: c.resolution.trim() }]),
    )
    .with({ type: "Close" }, () => ok([{ type: "EscalationClosed", at }]))
    .with({ type: "Reopen" }, (c) => {
      const slaDueAt = addHours(at, ctx.slaHours[existing(state).severity]);
      return ok([{ type: "EscalationReopened", at, reason: c.reason.trim(), slaDueAt }]);
    })
    .with({ type: "ChangeSeverity" }, (c) => {
      // The SLA runs from the (last) opening, so a change of severity neither restarts nor pauses the clock.
      const slaDueAt = addHours(existing(state).openedAt, ctx.slaHours[c.severity]);
      return ok([
        { type: "EscalationSeverityChanged", at, severity: c.severity, reason: c.reason.trim(), slaDueAt },
      ]);
    })
    .with({ type: "Reassign" }, (c) => ok([{ type: "EscalationReassigned", at, ownerId: c.ownerId }]))
    .with({ type: "EscalateToSupervisor" }, (c) =>
      ok([
        {
          type: "EscalatedToSupervisor",
          at,
          supervisorId: c.supervisorId,
          previousOwnerId: existing(state).ownerId,
        },
      ]),
    )
    .exhaustive();
}

function existing(state: EscalationState, event?: EscalationEvent): Escalation {
  return existingRecord(state, "an escalation", event);
}

function evolve(state: EscalationState, event: EscalationEvent): EscalationState {
  switch (event.type) {
    case "EscalationOpened":
      assertNew(state, "escalation", event);
      return {
        id: event.escalationId,
        accountId: event.accountId,
        contractId: event.contractId,
        title: event.title,
        description: event.description,
        severity: event.severity,
        status: "open",
        ownerId: event.ownerId,
        escalatedTo: [],
        openedAt: event.at,
        slaDueAt: event.slaDueAt,
        escalatedAt: null,
        acknowledgedAt: null,
        resolvedAt: null,
        closedAt: null,
        resolution: null,
        reopenCount: 0,
      };
    case "EscalationAcknowledged":
      return { ...existing(state, event), status: "acknowledged", acknowledgedAt: event.at };
    case "EscalationWorkStarted":
      return { ...existing(state, event), status: "in_progress" };
    case "EscalationResolved":
      return {
        ...existing(state, event),
        status: "resolved",
        resolvedAt: event.at,
        resolution: event.resolution,
      };
    case "EscalationClosed":
      return { ...existing(state, event), status: "closed", closedAt: event.at };
    case "EscalationReopened": {
      const e = existing(state, event);
      // A new cycle: it must be acknowledged and resolved again; the earlier cycle stays in the history.
      return {
        ...e,
        status: "open",
        openedAt: event.at,
        slaDueAt: event.slaDueAt,
        acknowledgedAt: null,
        resolvedAt: null,
        closedAt: null,
        resolution: null,
        reopenCount: e.reopenCount + 1,
      };
    }
    case "EscalationSeverityChanged":
      return { ...existing(state, event), severity: event.severity, slaDueAt: event.slaDueAt };
    case "EscalationReassigned":
      return { ...existing(state, event), ownerId: event.ownerId };
    case "EscalatedToSupervisor": {
      const e = existing(state, event);
      return {
        ...e,
        ownerId: event.supervisorId,
        escalatedTo: [...e.escalatedTo, event.supervisorId],
        escalatedAt: event.at,
      };
    }
    default:
      return assertNever(event, "escalation event");
  }
}

/**
 * Escalation: open → acknowledged → in_progress → resolved → closed, reopened with a reason; past its SLA
 * it is escalated to the owner's supervisor (see `dueEscalationCommands`).
 */
export const escalationMachine: Machine<
  EscalationState,
  EscalationCommand,
  EscalationEvent,
  EscalationContext
> = {
  name: "escalation",
  initial: { status: "none" },
  statuses: ["none", ...ESCALATION_STATUSES],
  terminal: [],
  table: escalationTable,
  guards: escalationGuards,
  decide,
  evolve,
};

const isLive = (status: EscalationStatusOrNone): boolean =>
  (LIVE_ESCALATION_STATUSES as readonly string[]).includes(status);

/** Unresolved and past its SLA deadline at `now`. */
export function isSlaBreached(e: Pick<Escalation, "status" | "slaDueAt">, now: Timestamp): boolean {
  return isLive(e.status) && compareTimestamps(now, e.slaDueAt) > 0;
}

/** Milliseconds left until the SLA deadline; negative once it has passed. */
export function slaRemaining(e: Pick<Escalation, "slaDueAt">, now: Timestamp): number {
  return millisBetween(now, e.slaDueAt);
}

/**
 * The member's supervisor from the reporting line (`reportsTo`), passing over inactive members; undefined at
 * the top of the line (or if the line loops back on itself).
 */
export function supervisorOf(
  members: readonly Pick<Member, "id" | "reportsTo" | "active">[],
  memberId: MemberId,
): MemberId | undefined {
  const byId = new Map(members.map((m) => [m.id, m]));
  const seen = new Set<MemberId>([memberId]);
  let next = byId.get(memberId)?.reportsTo ?? null;
  while (next !== null && !seen.has(next)) {
    const boss = byId.get(next);
    // A manager missing from the list is taken at their word: the line says they supervise.
    if (boss === undefined || boss.active) return next;
    seen.add(next);
    next = boss.reportsTo;
  }
  return undefined;
}

/**
 * The time-driven commands due on this escalation now: escalate to the owner's supervisor once per SLA breach.
 * Nothing when the SLA holds, when it was already escalated since the breach, or when the owner has no supervisor.
 */
export function dueEscalationCommands(
  e: Escalation,
  now: Timestamp,
  members: readonly Pick<Member, "id" | "reportsTo" | "active">[],
): EscalationCommand[] {
  if (!isSlaBreached(e, now)) return [];
  // Escalated at or after the deadline: this breach has been answered (and the owner is that supervisor).
  if (e.escalatedAt != null && compareTimestamps(e.escalatedAt, e.slaDueAt) >= 0) return [];
  const supervisorId = supervisorOf(members, e.ownerId);
  if (supervisorId === undefined) return [];
  return [{ type: "EscalateToSupervisor", supervisorId }];
}
