import { z } from "zod";
import { type CalendarDate, CalendarDateSchema, TimestampSchema } from "../kernel/calendar-date.ts";
import {
  AccountIdSchema,
  AccountPlanIdSchema,
  MemberIdSchema,
  ObjectiveIdSchema,
  RiskIdSchema,
} from "../kernel/ids.ts";
import { text } from "../kernel/text.ts";

/** An account plan's life: drafted, in force, being reviewed, kept for the record. */
export const ACCOUNT_PLAN_STATUSES = ["draft", "active", "under_review", "archived"] as const;
export const AccountPlanStatusSchema = z.enum(ACCOUNT_PLAN_STATUSES).meta({ id: "AccountPlanStatus" });
export type AccountPlanStatus = z.infer<typeof AccountPlanStatusSchema>;
/** Statuses in which the plan may still be worked on (objectives, risks, details). */
export const OPEN_ACCOUNT_PLAN_STATUSES = [
  "draft",
  "active",
  "under_review",
] as const satisfies readonly AccountPlanStatus[];

/** Where an objective stands; `done` and `dropped` settle it. */
export const OBJECTIVE_STATUSES = ["open", "in_progress", "done", "dropped"] as const;
export const ObjectiveStatusSchema = z.enum(OBJECTIVE_STATUSES).meta({ id: "ObjectiveStatus" });
export type ObjectiveStatus = z.infer<typeof ObjectiveStatusSchema>;
/** Objectives still to be reached: their due date matters. */
export const OPEN_OBJECTIVE_STATUSES = ["open", "in_progress"] as const satisfies readonly ObjectiveStatus[];

/** How likely a risk is, and how hard it would hit: each low, medium or high. */
export const RISK_LEVELS = ["low", "medium", "high"] as const;
export const RiskLevelSchema = z.enum(RISK_LEVELS).meta({ id: "RiskLevel" });
export type RiskLevel = z.infer<typeof RiskLevelSchema>;

/** A risk's severity, derived from likelihood × impact (never stored apart, so the two cannot disagree). */
export const RISK_SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type RiskSeverity = (typeof RISK_SEVERITIES)[number];

export const ObjectiveSchema = z
  .strictObject({
    id: ObjectiveIdSchema,
    title: text().trim().min(1, "an objective needs a title").max(300),
    ownerId: MemberIdSchema,
    dueDate: CalendarDateSchema,
    status: ObjectiveStatusSchema,
    /** What was said when its status last changed (why it was dropped, how it was done); null: nothing. */
    note: text().nullable(),
  })
  .meta({ id: "PlanObjective" });
export type Objective = z.infer<typeof ObjectiveSchema>;

export const RiskSchema = z
  .strictObject({
    id: RiskIdSchema,
    description: text().trim().min(1, "a risk needs a description").max(2000),
    likelihood: RiskLevelSchema,
    impact: RiskLevelSchema,
    mitigation: text().trim().max(2000),
    ownerId: MemberIdSchema,
    /** How it was resolved (mitigated, accepted, gone); null while it is open. */
    resolution: text().nullable(),
    resolvedAt: TimestampSchema.nullable(),
  })
  .meta({ id: "PlanRisk" });
export type Risk = z.infer<typeof RiskSchema>;

/**
 * An account plan: the ambition for one account over a period, the objectives that get there (each with an
 * owner and a due date), the risks in the way, and the date it is next reviewed.
 */
export const AccountPlanSchema = z
  .strictObject({
    id: AccountPlanIdSchema,
    accountId: AccountIdSchema,
    /** Who answers for the plan: usually the account's owner. */
    ownerId: MemberIdSchema,
    title: text().trim().min(1, "a plan needs a title").max(200),
    /** The period the plan covers, both days included. */
    periodStart: CalendarDateSchema,
    periodEnd: CalendarDateSchema,
    /** The ambition and summary, in the owner's words. */
    ambition: text().trim().max(20_000),
    status: AccountPlanStatusSchema,
    objectives: z.array(ObjectiveSchema),
    risks: z.array(RiskSchema),
    /** When the plan is next reviewed with the manager; the inbox reminds the owner as it nears. */
    nextReviewOn: CalendarDateSchema.nullable(),
    /** The last completed review: its day and what it concluded. */
    lastReviewedOn: CalendarDateSchema.nullable(),
    lastReviewSummary: text().nullable(),
    createdAt: TimestampSchema,
    activatedAt: TimestampSchema.nullable(),
    archivedAt: TimestampSchema.nullable(),
    archiveReason: text().nullable(),
  })
  .meta({ id: "AccountPlan" });
export type AccountPlan = z.infer<typeof AccountPlanSchema>;

const LEVEL: Readonly<Record<RiskLevel, number>> = { low: 1, medium: 2, high: 3 };

/** Likelihood × impact (1–3 each): 1–2 low, 3–4 medium, 6 high, 9 critical. */
export function riskSeverity(risk: Pick<Risk, "likelihood" | "impact">): RiskSeverity {
  const score = LEVEL[risk.likelihood] * LEVEL[risk.impact];
  return score >= 9 ? "critical" : score >= 6 ? "high" : score >= 3 ? "medium" : "low";
}

/** Whether the objective is still to be reached (one of {@link OPEN_OBJECTIVE_STATUSES}). */
export function isObjectiveOpen(o: Pick<Objective, "status">): boolean {
  return (OPEN_OBJECTIVE_STATUSES as readonly ObjectiveStatus[]).includes(o.status);
}

/** An objective still open after its due date. */
export function isObjectiveOverdue(o: Pick<Objective, "status" | "dueDate">, today: CalendarDate): boolean {
  return isObjectiveOpen(o) && o.dueDate < today;
}
