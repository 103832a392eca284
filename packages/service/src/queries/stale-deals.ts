// Rotting deals: the open deals idle in their stage past its rotting days, with the activities that may
// restart their clock or spare them.
import {
  ActivitySchema,
  addHours,
  MemberIdSchema,
  type Opportunity,
  OpportunitySchema,
  PipelineIdSchema,
  staleDeals,
  type Timestamp,
  TimestampSchema,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { eq, inArray, isNotNull, lte } from "drizzle-orm";
import { z } from "zod";
import { idsWhere, type Scope, selectRows } from "../scope.ts";
import { nowShape } from "./options.ts";
import { parseEach } from "./read.ts";
import { readonlyArray, SparedDealSchema, StaleDealSchema } from "./report-schemas.ts";
import { type QueryResult, queryOk } from "./result.ts";

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

/** The stale deals at `now` (see the domain's `staleDeals`), and the ones a planned activity spares. */
export async function staleDealsReport(
  scope: Scope,
  options: z.output<typeof StaleDealsOptionsSchema> & { readonly now: Timestamp },
): Promise<QueryResult<StaleDealsReport>> {
  const { now } = options;
  const limits = scope.settings.pipelines.flatMap((p) =>
    p.stages.flatMap((s) => (s.kind === "open" && s.rottingDays !== null ? [s.rottingDays] : [])),
  );
  if (limits.length === 0) return queryOk({ now, stale: [], spared: [], opportunities: {} });
  // A deal rots only once more than its stage's days have passed since it entered the stage (a completed
  // activity only moves the clock later), so deals that entered a stage within the shortest limit cannot.
  const enteredBy = addHours(now, -24 * (Math.min(...limits) + 1));
  const o = schema.opportunities;
  const candidates = [
    eq(o.status, "open"),
    lte(o.stageEnteredAt, enteredBy),
    options.ownerId === undefined ? undefined : eq(o.ownerId, options.ownerId),
    options.pipelineId === undefined ? undefined : eq(o.pipelineId, options.pipelineId),
  ];
  const a = schema.activities;
  const [deals, activities] = await Promise.all([
    selectRows(scope, o, { data: o.data }, { where: candidates }).then((rows) =>
      parseEach(OpportunitySchema, rows),
    ),
    selectRows(
      scope,
      a,
      { data: a.data },
      {
        where: [
          isNotNull(a.opportunityId),
          inArray(a.status, ["planned", "done"]),
          inArray(a.opportunityId, idsWhere(scope, o, ...candidates)),
        ],
      },
    ).then((rows) => parseEach(ActivitySchema, rows)),
  ]);
  const report = staleDeals(deals, scope.settings.pipelines, activities, now);
  const named = new Set<string>([...report.stale, ...report.spared].map((d) => d.opportunityId));
  const opportunities: Record<string, Opportunity> = {};
  for (const d of deals) if (named.has(d.id)) opportunities[d.id] = d;
  return queryOk({ now, ...report, opportunities });
}
