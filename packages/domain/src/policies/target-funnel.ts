import type { TargetMember } from "../entities/target-list.ts";
import { compareTimestamps, millisBetween, type Timestamp } from "../kernel/calendar-date.ts";
import type { AccountId } from "../kernel/ids.ts";
import { basisPoints } from "./basis-points.ts";

// A target list's funnel: how far each account on it got from being a target to being a customer. Defined in the
// package README ("Target list funnel").

/** The funnel's steps, in order. */
export const FUNNEL_STEPS = ["target", "met", "opportunity", "won"] as const;
/** A step of the funnel. */
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

/** What the funnel reads of an activity: a meeting held with the account counts. */
export interface FunnelActivity {
  readonly accountId: AccountId | string;
  readonly kind: string;
  readonly status: string;
  readonly at: Timestamp;
}

/** What the funnel reads of a deal: when it was made, and when it was won. */
export interface FunnelDeal {
  readonly accountId: AccountId | string;
  readonly createdAt: Timestamp;
  readonly status: string;
  readonly closedAt?: Timestamp | null | undefined;
}

/** One account's progress: the furthest step it reached and when it reached each. */
export interface TargetProgress {
  readonly accountId: AccountId;
  readonly step: FunnelStep;
  readonly addedAt: Timestamp;
  readonly metAt: Timestamp | null;
  readonly opportunityAt: Timestamp | null;
  readonly wonAt: Timestamp | null;
}

/** One step of the funnel: how many accounts reached it, its rate from the step before, the days it took. */
export interface FunnelStepFigures {
  readonly step: FunnelStep;
  readonly count: number;
  /** count ÷ the previous step's count in basis points; null for the first step and after an empty step. */
  readonly conversionBasisPoints: number | null;
  /** Mean whole days from the previous step to this one, over the accounts that reached it with both dates; null if none. */
  readonly averageDaysFromPrevious: number | null;
  /**
   * Median of the same whole days: the middle one, or the mean of the two middle ones rounded (half up) for an even
   * count; null if none. Beside the mean, it is not pulled by one account that took a year.
   */
  readonly medianDaysFromPrevious: number | null;
}

export interface TargetFunnel {
  readonly steps: readonly FunnelStepFigures[];
  readonly targets: readonly TargetProgress[];
}

const DAY_MS = 86_400_000;
const earliest = (ts: readonly Timestamp[]): Timestamp | null =>
  ts.reduce<Timestamp | null>((m, t) => (m === null || compareTimestamps(t, m) < 0 ? t : m), null);
const onOrAfter = (t: Timestamp, from: Timestamp) => compareTimestamps(t, from) >= 0;

/** One account's progress since it was added to the list. */
export function targetProgress(
  member: Pick<TargetMember, "accountId" | "addedAt">,
  activities: readonly FunnelActivity[],
  deals: readonly FunnelDeal[],
): TargetProgress {
  const from = member.addedAt;
  const mine = <T extends { accountId: string }>(xs: readonly T[]) =>
    xs.filter((x) => x.accountId === member.accountId);
  const meetings = mine(activities).filter(
    (a) => a.kind === "meeting" && a.status === "done" && onOrAfter(a.at, from),
  );
  const made = mine(deals).filter((d) => onOrAfter(d.createdAt, from));
  const metAt = earliest(meetings.map((a) => a.at));
  const opportunityAt = earliest(made.map((d) => d.createdAt));
  const wonAt = earliest(made.flatMap((d) => (d.status === "won" && d.closedAt ? [d.closedAt] : [])));
  // A later step implies the earlier ones: a deal made without a recorded meeting still passed the meeting.
  const step: FunnelStep = wonAt ? "won" : opportunityAt ? "opportunity" : metAt ? "met" : "target";
  return { accountId: member.accountId, step, addedAt: from, metAt, opportunityAt, wonAt };
}

const reached = (p: TargetProgress, step: FunnelStep) =>
  FUNNEL_STEPS.indexOf(p.step) >= FUNNEL_STEPS.indexOf(step);

function stepAt(p: TargetProgress, step: FunnelStep): Timestamp | null {
  switch (step) {
    case "target":
      return p.addedAt;
    case "met":
      return p.metAt;
    case "opportunity":
      return p.opportunityAt;
    case "won":
      return p.wonAt;
  }
}

/**
 * The funnel of a list's current members: for each step, the accounts that reached it (a step reached implies the
 * ones before it, so each count is at most the one before), the conversion from the step before, and the mean and
 * median days between the two steps' dates over the accounts that have both (a step skipped, such as a deal without a recorded
 * meeting, is measured from the last step with a date).
 */
export function targetFunnel(
  members: readonly Pick<TargetMember, "accountId" | "addedAt">[],
  activities: readonly FunnelActivity[],
  deals: readonly FunnelDeal[],
): TargetFunnel {
  const targets = members.map((m) => targetProgress(m, activities, deals));
  const steps = FUNNEL_STEPS.map((step, i): FunnelStepFigures => {
    const here = targets.filter((p) => reached(p, step));
    const previousCount = i === 0 ? null : targets.filter((p) => reached(p, FUNNEL_STEPS[i - 1]!)).length;
    const gaps = i === 0 ? [] : here.flatMap((p) => gapDays(p, i));
    return {
      step,
      count: here.length,
      conversionBasisPoints: previousCount === null ? null : basisPoints(here.length, previousCount),
      averageDaysFromPrevious:
        gaps.length === 0 ? null : Math.round(gaps.reduce((s, d) => s + d, 0) / gaps.length),
      medianDaysFromPrevious: medianDays(gaps),
    };
  });
  return { steps, targets };
}

/** The median of whole days: the middle one, or the two middle ones' mean rounded half up; null for none. */
export function medianDays(days: readonly number[]): number | null {
  if (days.length === 0) return null;
  const sorted = [...days].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** Whole days from the last dated step before step `i` to step `i`, for an account that has a date for step `i`. */
function gapDays(p: TargetProgress, i: number): number[] {
  const to = stepAt(p, FUNNEL_STEPS[i]!);
  if (to === null) return [];
  for (let j = i - 1; j >= 0; j--) {
    const from = stepAt(p, FUNNEL_STEPS[j]!);
    if (from !== null) return [Math.max(0, Math.floor(millisBetween(from, to) / DAY_MS))];
  }
  return [];
}
