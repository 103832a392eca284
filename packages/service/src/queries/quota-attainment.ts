// Quota attainment for one period: the period's quotas against their members' deals won in it.
import {
  addDays,
  MemberIdSchema,
  OpportunitySchema,
  QuotaSchema,
  quotaAttainment,
  startOfDay,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { eq, gte, inArray, lt } from "drizzle-orm";
import { z } from "zod";
import { type Scope, selectRows } from "../scope.ts";
import { inCurrency, oneOrMany, PeriodLabelSchema, reportCurrencyShape, resolvePeriod } from "./options.ts";
import { parseEach } from "./read.ts";
import { PeriodSchema, QuotaAttainmentSchema, readonlyArray } from "./report-schemas.ts";
import { type QueryResult, queryOk, queryRefused } from "./result.ts";

export const QuotaAttainmentOptionsSchema = z.strictObject({
  /** The quotas set for exactly this period label ("2026-Q3"). */
  period: PeriodLabelSchema,
  /** Only these members' quotas. */
  memberId: oneOrMany(MemberIdSchema, 500),
  ...reportCurrencyShape,
});
export type QuotaAttainmentOptions = z.input<typeof QuotaAttainmentOptionsSchema>;

export const QuotaAttainmentReportSchema = z
  .object({
    period: PeriodSchema,
    /** One per quota in force (retired ones are left out by the domain), by member. */
    attainments: readonlyArray(QuotaAttainmentSchema),
  })
  .meta({ id: "QuotaAttainmentReport", description: "Attainment of the quotas set for a period." });
export type QuotaAttainmentReport = z.output<typeof QuotaAttainmentReportSchema>;

/** Attainment of the period's quotas (see the domain's `quotaAttainment`); refuses an unknown period or a missing rate. */
export async function quotaAttainmentReport(
  scope: Scope,
  options: z.output<typeof QuotaAttainmentOptionsSchema>,
): Promise<QueryResult<QuotaAttainmentReport>> {
  const period = resolvePeriod(options.period, scope.settings);
  if (!period.ok) return queryRefused(period.error);
  const q = schema.quotas;
  const quotas = parseEach(
    QuotaSchema,
    await selectRows(
      scope,
      q,
      { data: q.data },
      {
        where: [
          eq(q.period, options.period),
          options.memberId === undefined ? undefined : inArray(q.memberId, options.memberId),
        ],
        orderBy: [q.memberId, q.id],
      },
    ),
  );
  const members = [...new Set(quotas.map((x) => x.memberId))];
  const o = schema.opportunities;
  // Won deals count on the UTC day they closed: read those closed within the period's days.
  const won =
    members.length === 0
      ? []
      : parseEach(
          OpportunitySchema,
          await selectRows(
            scope,
            o,
            { data: o.data },
            {
              where: [
                eq(o.status, "won"),
                inArray(o.ownerId, members),
                gte(o.closedAt, startOfDay(period.value.start)),
                lt(o.closedAt, startOfDay(addDays(period.value.end, 1))),
              ],
              orderBy: [o.closedAt, o.id],
            },
          ),
        );
  const result = quotaAttainment(quotas, won, {
    ...inCurrency(scope.settings, options),
    fiscalYear: scope.settings.fiscalYear,
  });
  if (!result.ok) return queryRefused(result.error);
  return queryOk({ period: period.value, attainments: result.value });
}
