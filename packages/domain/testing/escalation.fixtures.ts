// Helpers for the escalation machine's tests. Not exported from the package.
import fc from "fast-check";
import type { Severity } from "../src/entities/severity.ts";
import type { Timestamp } from "../src/kernel/calendar-date.ts";
import { asId } from "../src/kernel/ids.ts";
import type { EscalationCommand, EscalationContext } from "../src/machines/escalation.machine.ts";
import { ctx, T0 } from "./fixtures.ts";
import { arbitrarySteps } from "./small-machines.fixtures.ts";
import { atHours } from "./timeline.fixtures.ts";

/** Hours to resolve, by severity. */
const SLA_HOURS = { low: 120, medium: 72, high: 24, critical: 4 };

/** An escalation context at `now` with the SLA hours above. */
export function escalationCtx(now: Timestamp = T0): EscalationContext {
  return { ...ctx({ now }), slaHours: SLA_HOURS };
}

/** Opens escalation e1 on Acme, "Site down", owned by ae1. */
export const openEscalation = (severity: Severity = "high"): EscalationCommand => ({
  type: "OpenEscalation",
  escalationId: asId.escalation("e1"),
  accountId: asId.account("acme"),
  contractId: null,
  title: "Site down",
  description: "",
  severity,
  ownerId: asId.member("ae1"),
});
export const acknowledge: EscalationCommand = { type: "Acknowledge" };
export const startWork: EscalationCommand = { type: "StartWork" };
export const resolve: EscalationCommand = { type: "Resolve", resolution: "restarted the cluster" };
export const close: EscalationCommand = { type: "Close" };
export const escalate = (id = "sup1"): EscalationCommand => ({
  type: "EscalateToSupervisor",
  supervisorId: asId.member(id),
});

/** Any escalation command: blank texts, the same severity or owner again, supervisors early or late. */
export const arbitraryEscalationCommand: fc.Arbitrary<EscalationCommand> = fc.oneof(
  fc.constantFrom<Severity>("low", "medium", "high", "critical").map(openEscalation),
  fc.constantFrom(acknowledge, startWork, close),
  fc.constantFrom<EscalationCommand>(resolve, { type: "Resolve", resolution: "" }),
  fc.constantFrom("", "again").map((reason): EscalationCommand => ({ type: "Reopen", reason })),
  fc
    .tuple(fc.constantFrom<Severity>("low", "critical"), fc.constantFrom("", "worse"))
    .map(([severity, reason]): EscalationCommand => ({ type: "ChangeSeverity", severity, reason })),
  fc
    .constantFrom("ae1", "ae2")
    .map((id): EscalationCommand => ({ type: "Reassign", ownerId: asId.member(id) })),
  fc.constantFrom("sup1", "dir1").map(escalate),
);

/** Escalation commands, each decided at a later moment than the one before. */
export const arbitraryEscalationSteps = arbitrarySteps(arbitraryEscalationCommand, (now: Timestamp) =>
  fc.constant(escalationCtx(now)),
);

/** A life that leads to every kind of escalation event: made critical, its 4-hour SLA breached, escalated. */
export const ESCALATION_JOURNEYS = [
  atHours<EscalationCommand, EscalationContext>(escalationCtx, [
    [0, openEscalation("high")],
    [1, acknowledge],
    [2, { type: "ChangeSeverity", severity: "critical", reason: "the whole site is down" }],
    [3, { type: "Reassign", ownerId: asId.member("ae2") }],
    [4, startWork],
    [5, escalate("sup1")],
    [6, resolve],
    [7, close],
    [8, { type: "Reopen", reason: "down again" }],
  ]),
];
