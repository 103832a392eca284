// Rotting deals: the open deals idle in their stage past its rotting days, with the activities that may
// restart their clock or spare them.
import {
  type Activity,
  staleDealOrder as byIdleness,
  MemberIdSchema,
  type Opportunity,
  OpportunitySchema,
  PipelineIdSchema,
  rottingStatus,
  type SparedDeal,
  type StaleDeal,
  type Timestamp,
  TimestampSchema,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Scope } from "../scope.ts";
import { nowShape } from "./options.ts";
import { readonlyArray, SparedDealSchema, StaleDealSchema } from "./report-schemas.ts";
import { type QueryResult, queryOk } from "./result.ts";
import { rowsOf } from "./sql-money.ts";

export const StaleDealsOptionsSchema = z.strictObject({
  ...nowShape,
  ownerId: MemberIdSchema.optional(),
  pipelineId: PipelineIdSchema.optional(),
});
export type StaleDealsOptions = z.input<typeof StaleDealsOptionsSchema>;

/** The domain's rotting report at `now`, with the deals it names. */
export const StaleDealsReportSchema = z
  .object({
    now: TimestampSchema,
    /** Open deals idle in their stage past its rotting days, most idle first. */
    stale: readonlyArray(StaleDealSchema),
    /** Deals that would be stale but for a planned, not yet overdue activity. */
    spared: readonlyArray(SparedDealSchema),
    /** The stale and spared deals, by id, for their names, owners and amounts. */
    opportunities: z.record(z.string(), OpportunitySchema).readonly(),
  })
  .meta({
    id: "StaleDealsReport",
    description: "Open deals rotting in their stage at `now`, and those a planned activity spares.",
  });
export type StaleDealsReport = z.output<typeof StaleDealsReportSchema>;

interface CandidateRow {
  readonly deal: Opportunity;
  /** The deal's latest done activity up to `now` (it may move the clock later), if any. */
  readonly done: Activity | null;
  /** Its earliest planned activity not yet overdue (it spares the deal), if any. */
  readonly planned: Activity | null;
}

/**
 * The stale deals at `now` (see the domain's `staleDeals`, the specification), and the ones a planned activity
 * spares. Filtered where the data is: an open deal rots only once more than its stage's days have passed since
 * the later of entering the stage, its last activity and its last done activity, so the statement keeps only
 * deals for which all three lie at least the stage's days + 1 back (exactly the rotting ones), each with the two
 * activities the rule reads; the domain's rule then runs over those alone (a property test holds the two equal
 * on both drivers). Rows were validated when projected: read, not parsed again.
 */
export async function staleDealsReport(
  scope: Scope,
  options: z.output<typeof StaleDealsOptionsSchema> & { readonly now: Timestamp },
): Promise<QueryResult<StaleDealsReport>> {
  const { now } = options;
  const nowMs = Date.parse(now);
  // Each stage with rotting days, as the domain finds a deal's stage (the first pipeline and stage of its id).
  const limits: SQL[] = [];
  const pipelines = new Set<string>();
  for (const p of scope.settings.pipelines) {
    if (pipelines.has(p.id)) continue;
    pipelines.add(p.id);
    const stages = new Set<string>();
    for (const st of p.stages) {
      if (stages.has(st.id)) continue;
      stages.add(st.id);
      if (st.rottingDays === null) continue;
      const cutoff = new Date(nowMs - (st.rottingDays + 1) * 86_400_000).toISOString();
      limits.push(sql`(${p.id}, ${st.id}, ${cutoff}::timestamptz)`);
    }
  }
  if (limits.length === 0) return queryOk({ now, stale: [], spared: [], opportunities: {} });
  const o = schema.opportunities;
  const a = schema.activities;
  const activity = (status: "done" | "planned") =>
    sql`from ${a} where ${a.workspaceId} = ${o.workspaceId} and ${a.opportunityId} = ${o.id}
      and ${a.status} = ${status}`;
  const rows = rowsOf<CandidateRow>(
    await scope.db.execute(sql`
      with s(pipeline_id, stage_id, cutoff) as (values ${sql.join(limits, sql`, `)})
      select ${o.data} as deal, done.data as done, planned.data as planned
      from ${o}
      join s on s.pipeline_id = ${o.pipelineId} and s.stage_id = ${o.stageId}
      left join lateral (select ${a.data} as data, ${a.at} as at ${activity("done")}
        and ${a.at} <= ${now}::timestamptz order by ${a.at} desc, ${a.id} limit 1) done on true
      left join lateral (select ${a.data} as data ${activity("planned")}
        and ${a.at} >= ${now}::timestamptz order by ${a.at}, ${a.id} limit 1) planned on true
      where ${o.workspaceId} = ${scope.workspaceId} and ${o.status} = 'open'
        and ${o.stageEnteredAt} <= s.cutoff
        and coalesce((${o.data}->>'lastActivityAt')::timestamptz <= s.cutoff, true)
        and (done.at is null or done.at <= s.cutoff)
        ${options.ownerId === undefined ? sql`` : sql`and ${o.ownerId} = ${options.ownerId}`}
        ${options.pipelineId === undefined ? sql`` : sql`and ${o.pipelineId} = ${options.pipelineId}`}
      order by ${o.id}`),
  );
  // The domain's rule per deal, with that deal's own activities (the whole report's activities handed to each
  // deal would make it quadratic), in the order and with the sort of its `staleDeals`.
  const stale: StaleDeal[] = [];
  const spared: SparedDeal[] = [];
  const opportunities: Record<string, Opportunity> = {};
  for (const r of rows) {
    const own = [r.done, r.planned].filter((x): x is Activity => x !== null);
    const status = rottingStatus(r.deal, scope.settings.pipelines, own, now);
    if (status.kind === "stale") stale.push(status);
    else if (status.kind === "spared") spared.push(status);
    else continue;
    opportunities[r.deal.id] = r.deal;
  }
  stale.sort(byIdleness);
  const report = { stale, spared };
  return queryOk({ now, ...report, opportunities });
}
