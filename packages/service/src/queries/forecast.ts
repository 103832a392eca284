// The forecast per period (and owner), computed by the domain's `forecast()` over the deals dated in the
// periods: read from the read table now, or rebuilt from the events as they stood at `asOf`.
import {
  addDays,
  forecast,
  forecastDate,
  isWithin,
  type Opportunity,
  OpportunitySchema,
  type Period,
  refuse,
  startOfDay,
  TimestampSchema,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { and, asc, between, eq, gte, lt, ne, or } from "drizzle-orm";
import { z } from "zod";
import { type Scope, selectRows } from "../scope.ts";
import { opportunitiesAsOf } from "./history.ts";
import { inCurrency, oneOrMany, PeriodLabelSchema, reportCurrencyShape, resolvePeriod } from "./options.ts";
import { parseEach } from "./read.ts";
import { ForecastSchema } from "./report-schemas.ts";
import { type QueryResult, queryOk, queryRefused } from "./result.ts";

const MAX_PERIODS = 36;

export const ForecastOptionsSchema = z
  .object({
    /** One period ("2026-Q3"), or several with `periods`; both may be given. */
    period: PeriodLabelSchema.optional(),
    periods: oneOrMany(PeriodLabelSchema, MAX_PERIODS),
    groupBy: z.literal("owner").optional(),
    /** The forecast as it stood at this moment, rebuilt from the events; now when absent. */
    asOf: TimestampSchema.optional(),
    ...reportCurrencyShape,
  })
  .refine((o) => o.period !== undefined || o.periods !== undefined, {
    message: "name a period (2026-Q3) or several",
    path: ["period"],
  });
export type ForecastOptions = z.input<typeof ForecastOptionsSchema>;

/** The domain's forecast, and the moment it describes (null: now, from the read table). */
export const ForecastReportSchema = z
  .object({
    asOf: TimestampSchema.nullable(),
    /**
     * Only deals dated in one of the periods are read (a large workspace holds far more outside them), so
     * `outsidePeriods` is empty.
     */
    forecast: ForecastSchema,
    /**
     * Deals left out because their amounts are not the reader's to see: the forecast is computed over the
     * others, so no total reveals them. 0 for a reader who sees every amount, or none (then amounts are masked).
     */
    withheld: z.number().int(),
  })
  .meta({
    id: "ForecastReport",
    description: "The forecast by period and category (and owner), now (asOf null) or as of a past moment.",
  });
export type ForecastReport = z.output<typeof ForecastReportSchema>;

const inAnyOf = (periods: readonly Period[]) => (opp: Opportunity) => {
  const d = forecastDate(opp);
  return periods.some((p) => isWithin(d, p));
};

/** The deals whose forecast date may fall in [from, to], from the read table, in id order. */
async function currentDeals(scope: Scope, periods: readonly Period[]): Promise<Opportunity[]> {
  // ISO dates sort as text: the earliest start and the latest end bound every period.
  const days = periods.flatMap((p) => [p.start, p.end]).sort();
  const from = days[0]!;
  const to = days[days.length - 1]!;
  const o = schema.opportunities;
  // Open deals by expected close (opportunities_close_idx); closed ones by the UTC day they closed.
  const rows = await selectRows(
    scope,
    o,
    { data: o.data },
    {
      where: [
        or(
          and(eq(o.status, "open"), between(o.closeDate, from, to)),
          and(
            ne(o.status, "open"),
            gte(o.closedAt, startOfDay(from)),
            lt(o.closedAt, startOfDay(addDays(to, 1))),
          ),
        ),
      ],
      orderBy: [asc(o.id)],
    },
  );
  return parseEach(OpportunitySchema, rows).filter(inAnyOf(periods));
}

/** The forecast (see {@link ForecastReport}); refuses an unknown period or an amount with no rate. */
export async function forecastReport(
  scope: Scope,
  options: z.output<typeof ForecastOptionsSchema>,
  only?: ReadonlySet<string>,
): Promise<QueryResult<ForecastReport>> {
  const labels = [...new Set([...(options.period ? [options.period] : []), ...(options.periods ?? [])])];
  if (labels.length > MAX_PERIODS)
    return queryRefused(refuse.invalidInput("periods", `At most ${MAX_PERIODS} periods at once.`));
  const periods: Period[] = [];
  for (const label of labels) {
    const p = resolvePeriod(label, scope.settings, "periods");
    if (!p.ok) return queryRefused(p.error);
    periods.push(p.value);
  }
  const all =
    options.asOf === undefined
      ? await currentDeals(scope, periods)
      : await opportunitiesAsOf(scope, options.asOf, inAnyOf(periods));
  const deals = only === undefined ? all : all.filter((d) => only.has(d.id));
  const withheld = all.length - deals.length;
  const result = forecast(deals, {
    ...inCurrency(scope.settings, options),
    periods,
    ...(options.groupBy ? { groupBy: options.groupBy } : {}),
  });
  if (!result.ok) return queryRefused(result.error);
  return queryOk({ asOf: options.asOf ?? null, forecast: result.value, withheld });
}
