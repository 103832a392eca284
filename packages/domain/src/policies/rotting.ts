import type { Activity } from "../entities/activity.ts";
import type { Opportunity } from "../entities/opportunity.ts";
import type { Pipeline } from "../entities/pipeline.ts";
import { compareTimestamps, elapsedDays, type Timestamp } from "../kernel/calendar-date.ts";
import type { ActivityId, OpportunityId, PipelineId, StageId } from "../kernel/ids.ts";

// Pipedrive-style rotting: a stage may set `rottingDays`; an open deal in it rots once MORE than that many whole
// days have passed since the later of entering the stage and its last completed activity (the opportunity's
// `lastActivityAt`, or a done activity of the deal passed in, whichever is later, so a lagging read model does not
// make a deal rot). One change from Pipedrive, whose users complained about it: a deal does not rot while it has a
// planned activity (status `planned`: not done, not cancelled) that is not overdue (`at ≥ now`) — it is reported
// as spared, with that activity. A cancelled activity spares nothing and restarts no clock.

/** How long a deal has been idle in its stage, and against which limit. */
export interface Idleness {
  readonly opportunityId: OpportunityId;
  readonly pipelineId: PipelineId;
  readonly stageId: StageId;
  readonly stageLabel: string;
  /** Whole days since `since`. */
  readonly idleDays: number;
  /** The stage's rotting days: the deal rots past this many idle days. */
  readonly limit: number;
  /** The later of entering the stage and the last completed activity. */
  readonly since: Timestamp;
  readonly sinceReason: "entered_stage" | "completed_activity";
}

/** Where a deal stands on rotting, and why. */
export type RottingStatus =
  | {
      readonly kind: "untracked";
      readonly opportunityId: OpportunityId;
      /** Closed; in a stage without rotting days; or in a stage its pipelines do not hold. */
      readonly reason: "closed" | "no_limit" | "unknown_stage";
    }
  | (Idleness & { readonly kind: "fresh" })
  | (Idleness & { readonly kind: "stale" })
  | (Idleness & {
      readonly kind: "spared";
      /** The earliest planned, not yet overdue activity that keeps the deal from rotting. */
      readonly plannedActivityId: ActivityId;
      readonly plannedAt: Timestamp;
    });

export type StaleDeal = Extract<RottingStatus, { kind: "stale" }>;
export type SparedDeal = Extract<RottingStatus, { kind: "spared" }>;

/** Whether one deal rots at `now`, with the figures behind the answer. */
export function rottingStatus(
  opp: Opportunity,
  pipelines: readonly Pipeline[],
  activities: readonly Activity[],
  now: Timestamp,
): RottingStatus {
  if (opp.status !== "open") return { kind: "untracked", opportunityId: opp.id, reason: "closed" };
  const stage = pipelines.find((p) => p.id === opp.pipelineId)?.stages.find((s) => s.id === opp.stageId);
  if (!stage) return { kind: "untracked", opportunityId: opp.id, reason: "unknown_stage" };
  if (stage.rottingDays === null) return { kind: "untracked", opportunityId: opp.id, reason: "no_limit" };

  const own = activities.filter((a) => a.opportunityId === opp.id);
  let since = opp.stageEnteredAt;
  let sinceReason: Idleness["sinceReason"] = "entered_stage";
  const completed = [
    opp.lastActivityAt,
    ...own.filter((a) => a.status === "done" && compareTimestamps(a.at, now) <= 0).map((a) => a.at),
  ];
  for (const t of completed) {
    if (t !== null && compareTimestamps(t, since) > 0) {
      since = t;
      sinceReason = "completed_activity";
    }
  }
  const idle: Idleness = {
    opportunityId: opp.id,
    pipelineId: opp.pipelineId,
    stageId: stage.id,
    stageLabel: stage.label,
    idleDays: elapsedDays(since, now),
    limit: stage.rottingDays,
    since,
    sinceReason,
  };
  if (idle.idleDays <= idle.limit) return { kind: "fresh", ...idle };

  const planned = own
    .filter((a) => a.status === "planned" && compareTimestamps(a.at, now) >= 0)
    .sort((a, b) => compareTimestamps(a.at, b.at))[0];
  return planned
    ? { kind: "spared", ...idle, plannedActivityId: planned.id, plannedAt: planned.at }
    : { kind: "stale", ...idle };
}

/** The stale deals (most idle first) and those a planned activity spares. */
export interface RottingReport {
  readonly stale: readonly StaleDeal[];
  readonly spared: readonly SparedDeal[];
}

/** The order of a rotting report's stale deals: most idle first, then by id. */
export const staleDealOrder = (a: StaleDeal, b: StaleDeal): number =>
  b.idleDays - a.idleDays || (a.opportunityId < b.opportunityId ? -1 : 1);

/** The open deals that have rotted at `now`, most idle first, and the ones a planned activity keeps fresh. */
export function staleDeals(
  opps: readonly Opportunity[],
  pipelines: readonly Pipeline[],
  activities: readonly Activity[],
  now: Timestamp,
): RottingReport {
  const stale: StaleDeal[] = [];
  const spared: SparedDeal[] = [];
  for (const opp of opps) {
    const s = rottingStatus(opp, pipelines, activities, now);
    if (s.kind === "stale") stale.push(s);
    else if (s.kind === "spared") spared.push(s);
  }
  stale.sort(staleDealOrder);
  return { stale, spared };
}
