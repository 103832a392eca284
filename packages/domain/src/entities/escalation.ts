import { z } from "zod";
import { TimestampSchema } from "../kernel/calendar-date.ts";
import { AccountIdSchema, ContractIdSchema, EscalationIdSchema, MemberIdSchema } from "../kernel/ids.ts";
import { text } from "../kernel/text.ts";
import { SeveritySchema } from "./severity.ts";

export const ESCALATION_STATUSES = ["open", "acknowledged", "in_progress", "resolved", "closed"] as const;
/** Statuses in which the issue is still the team's to solve and its SLA clock runs. */
export const LIVE_ESCALATION_STATUSES = [
  "open",
  "acknowledged",
  "in_progress",
] as const satisfies readonly (typeof ESCALATION_STATUSES)[number][];
export const EscalationStatusSchema = z.enum(ESCALATION_STATUSES).meta({ id: "EscalationStatus" });
export type EscalationStatus = z.infer<typeof EscalationStatusSchema>;

/** A client issue with a severity, an owner and a deadline to resolve it (its SLA). */
export const EscalationSchema = z
  .strictObject({
    id: EscalationIdSchema,
    accountId: AccountIdSchema,
    contractId: ContractIdSchema.nullable(),
    title: text().trim().min(1, "an escalation needs a title").max(300),
    description: text().max(20_000),
    severity: SeveritySchema,
    status: EscalationStatusSchema,
    ownerId: MemberIdSchema,
    /** Members it has been escalated to, in order (each the previous owner's supervisor). */
    escalatedTo: z.array(MemberIdSchema),
    /** When it was last opened: a reopen restarts the SLA clock from here (the first opening stays in the history). */
    openedAt: TimestampSchema,
    slaDueAt: TimestampSchema,
    /** When it was last escalated to a supervisor, so a sweep escalates once per SLA breach; absent or null: never. */
    escalatedAt: TimestampSchema.nullable().optional(),
    acknowledgedAt: TimestampSchema.nullable(),
    resolvedAt: TimestampSchema.nullable(),
    closedAt: TimestampSchema.nullable(),
    resolution: text().nullable(),
    reopenCount: z.number().int().min(0),
  })
  .meta({ id: "Escalation" });
export type Escalation = z.infer<typeof EscalationSchema>;

/** Whether the escalation is still the team's to solve (one of {@link LIVE_ESCALATION_STATUSES}). */
export function isEscalationLive(e: Pick<Escalation, "status">): boolean {
  return (LIVE_ESCALATION_STATUSES as readonly EscalationStatus[]).includes(e.status);
}
