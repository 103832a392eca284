// The forecast per period (and owner). Now: aggregated in SQL over the read table's columns (no entity is read
// or parsed), with the domain's arithmetic reproduced exactly — each deal converted into the report's currency
// and rounded half-even on its own, then weighted by its probability and rounded half-even again, totals exact
// sums of those integers (see the domain's policies/forecast.ts, the specification; a property test holds the
// two equal on both drivers). As of a past moment: the deals rebuilt from the events and the domain's
// `forecast()` itself, summarised into the same shape. A period's deals come back only when asked, one page at
// a time, in id order.
import {
  addDays,
  type CalendarDate,
  type CountedTotal,
  type Currency,
  currencyMismatch,
  type ExchangeRate,
  FORECAST_CATEGORIES,
  type ForecastCategory,
  type ForecastFiguresSummary,
  type ForecastLine,
  type ForecastLinesPage,
  type ForecastSummary,
  forecast,
  forecastDate,
  isWithin,
  type LinesWanted,
  type MemberId,
  money,
  type Opportunity,
  type OpportunityId,
  type Period,
  type PeriodForecastSummary,
  refuse,
  startOfDay,
  summariseForecast,
  summaryFigures,
  TimestampSchema,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Scope } from "../scope.ts";
import { opportunitiesAsOf } from "./history.ts";
import { inCurrency, oneOrMany, PeriodLabelSchema, reportCurrencyShape, resolvePeriod } from "./options.ts";
import { ForecastSummarySchema } from "./report-schemas.ts";
import { type QueryResult, queryOk, queryRefused } from "./result.ts";
import { convertedMinor, minor, percentHalfEven, rowsOf } from "./sql-money.ts";

const MAX_PERIODS = 36;
const MAX_LINES = 1_000;

export const ForecastOptionsSchema = z
  .strictObject({
    /** One period ("2026-Q3"), or several with `periods`; both may be given. */
    period: PeriodLabelSchema.optional(),
    periods: oneOrMany(PeriodLabelSchema, MAX_PERIODS),
    groupBy: z.literal("owner").optional(),
    /** The forecast as it stood at this moment, rebuilt from the events; now when absent. */
    asOf: TimestampSchema.optional(),
    /** Also list each period's deals, one page of `linesLimit` in id order (none unless asked). */
    lines: z.union([z.boolean(), z.stringbool()]).optional(),
    /** The page of deals after this deal id (a page's `nextCursor`). */
    linesAfter: z.string().min(1).max(200).optional(),
    /** Deals per page, 1 to 1000 (100 when absent). */
    linesLimit: z.coerce.number().int().min(1).max(MAX_LINES).optional(),
    ...reportCurrencyShape,
  })
  .refine((o) => o.period !== undefined || o.periods !== undefined, {
    message: "name a period (2026-Q3) or several",
    path: ["period"],
  });
export type ForecastOptions = z.input<typeof ForecastOptionsSchema>;

/** The forecast's figures, and the moment it describes (null: now, from the read table). */
export const ForecastReportSchema = z
  .object({
    asOf: TimestampSchema.nullable(),
    forecast: ForecastSummarySchema,
    /**
     * Deals left out because their amounts are not the reader's to see: the forecast is computed over the
     * others, so no total reveals them. 0 for a reader who sees every amount, or none (then amounts are masked).
     */
    withheld: z.number().int(),
  })
  .meta({
    id: "ForecastReport",
    description:
      "The forecast by period and category (and owner), now (asOf null) or as of a past moment; each period's deals one page at a time when asked (lines=true).",
  });
export type ForecastReport = z.output<typeof ForecastReportSchema>;
// --- SQL ---------------------------------------------------------------------------------------------------

/**
 * One row per deal and period holding its date (`i`, the period's index): the deal's bucket, effective
 * probability, date, and its amount converted into the report's currency and weighted as the domain computes
 * them (null for a currency with no rate: the caller refuses it); `visible` says whether the reader may see
 * the deal's amount. Open deals by expected close, closed ones by the UTC day they closed (the domain's
 * forecastDate), each range served by its own partial index.
 */
function hitsQuery(
  scope: Scope,
  periods: readonly Period[],
  currency: Currency,
  rates: readonly ExchangeRate[],
  only: ReadonlySet<string> | undefined,
): SQL {
  const o = schema.opportunities;
  const days = periods.flatMap((p) => [p.start, p.end]).sort();
  const from = days[0]!;
  const to = days[days.length - 1]!;
  const converted = convertedMinor(o.amountMinor, o.currency, currency, rates);
  const visible =
    only === undefined
      ? sql`true`
      : sql`${o.id} in (select jsonb_array_elements_text(${JSON.stringify([...only])}::jsonb))`;
  const day = sql`case when ${o.status} = 'open' then ${o.closeDate} else (${o.closedAt} at time zone 'UTC')::date end`;
  // One period: the range is the period. Several (they may overlap): each deal joined to every period holding it.
  const period =
    periods.length === 1
      ? { i: sql`0`, join: sql`` }
      : {
          i: sql`p.i`,
          join: sql`join (values ${sql.join(
            periods.map((p, i) => sql`(${i}::int, ${p.start}::date, ${p.end}::date)`),
            sql`, `,
          )}) as p(i, first_day, last_day) on ${day} between p.first_day and p.last_day`,
        };
  // `offset 0` keeps the subquery whole, so each deal's conversion is computed once, not once per use.
  return sql`
    select d.*, ${percentHalfEven(sql`d.converted`, sql`d.probability`)} as weighted
    from (
      select ${period.i} as i, ${o.id} as id, ${o.ownerId} as owner_id, ${o.name} as name, ${o.status} as status,
        ${o.amountMinor} as amount_minor, ${o.currency} as currency, ${day} as day,
        case ${o.status} when 'won' then 'closed' when 'lost' then 'lost'
          else case ${o.forecastCategory} when 'closed' then 'commit' else ${o.forecastCategory} end end as bucket,
        case ${o.status} when 'open' then ${o.probability} when 'won' then 100 else 0 end::bigint as probability,
        ${converted} as converted,
        ${visible} as visible
      from ${o} ${period.join}
      where ${o.workspaceId} = ${scope.workspaceId} and (
        (${o.status} = 'open' and ${o.closeDate} between ${from}::date and ${to}::date)
        or (${o.status} <> 'open' and ${o.closedAt} >= ${startOfDay(from)}::timestamptz
          and ${o.closedAt} < ${startOfDay(addDays(to, 1))}::timestamptz))
      offset 0
    ) d`;
}

interface GroupRow {
  readonly i: number;
  readonly owner_id: string | null;
  readonly bucket: string;
  readonly n: number;
  readonly converted: string | null;
  readonly weighted: string | null;
}

interface LineRow {
  readonly id: string;
  readonly owner_id: string;
  readonly name: string;
  readonly status: Opportunity["status"];
  readonly amount_minor: string | null;
  readonly currency: string | null;
  readonly day: string;
  readonly bucket: ForecastLine["bucket"];
  readonly probability: number;
  readonly converted: string;
  readonly weighted: string;
}

function figuresFrom(rows: readonly GroupRow[], currency: Currency): ForecastFiguresSummary {
  const by = new Map<string, CountedTotal>();
  for (const r of rows) {
    const t = by.get(r.bucket);
    const amount = minor(r.converted, currency);
    const weighted = minor(r.weighted, currency);
    by.set(
      r.bucket,
      t === undefined
        ? { amount, weighted, count: r.n }
        : {
            amount: money(t.amount.amount + amount.amount, currency),
            weighted: money(t.weighted.amount + weighted.amount, currency),
            count: t.count + r.n,
          },
    );
  }
  const none: CountedTotal = { amount: money(0, currency), weighted: money(0, currency), count: 0 };
  const categories = {} as Record<ForecastCategory, CountedTotal>;
  for (const c of FORECAST_CATEGORIES) categories[c] = by.get(c) ?? none;
  return summaryFigures(currency, categories, by.get("lost") ?? none);
}

/** The forecast now, aggregated in SQL; a deal in a period whose currency has no rate is refused (first by id). */
async function currentForecast(
  scope: Scope,
  periods: readonly Period[],
  target: { currency: Currency; rates: readonly ExchangeRate[] },
  groupByOwner: boolean,
  only: ReadonlySet<string> | undefined,
  lines: LinesWanted | undefined,
): Promise<QueryResult<{ forecast: ForecastSummary; withheld: number }>> {
  const { currency } = target;
  const hits = hitsQuery(scope, periods, currency, target.rates, only);
  const sets = groupByOwner ? sql`(i, bucket), (i, owner_id, bucket)` : sql`(i, bucket)`;
  const owner = groupByOwner
    ? sql`owner_id, grouping(owner_id) = 0 as by_owner`
    : sql`null::text as owner_id, false as by_owner`;
  // Sums of integers are exact (numeric); converted per deal, so a group never rounds.
  const groups = rowsOf<GroupRow & { unrated: number; by_owner: boolean }>(
    await scope.db.execute(sql`
      with h as (${hits})
      select i, bucket, ${owner},
        (count(*) filter (where visible))::int as n,
        (count(*) filter (where visible and converted is null))::int as unrated,
        (sum(converted) filter (where visible))::text as converted,
        (sum(weighted) filter (where visible))::text as weighted
      from h group by grouping sets (${sets})`),
  );
  if (groups.some((g) => g.unrated > 0)) {
    const first = rowsOf<{ currency: Currency }>(
      await scope.db.execute(
        sql`with h as (${hits}) select currency from h where visible and converted is null order by id limit 1`,
      ),
    )[0];
    if (first) return queryRefused(currencyMismatch(currency, first.currency));
  }
  let withheld = 0;
  if (only !== undefined) {
    const r = rowsOf<{ n: number }>(
      await scope.db.execute(
        sql`with h as (${hits}) select count(distinct id)::int as n from h where not visible`,
      ),
    );
    withheld = r[0]?.n ?? 0;
  }
  const totals = groups.filter((g) => !g.by_owner);
  const owned = groups.filter((g) => g.by_owner);
  const out: PeriodForecastSummary[] = [];
  for (const [i, period] of periods.entries()) {
    const mine = owned.filter((g) => g.i === i && g.n > 0);
    const ownerIds = [...new Set(mine.map((g) => g.owner_id as string))].sort();
    out.push({
      period,
      total: figuresFrom(
        totals.filter((g) => g.i === i),
        currency,
      ),
      owners: ownerIds.map((ownerId) => ({
        ownerId: ownerId as MemberId,
        ...figuresFrom(
          mine.filter((g) => g.owner_id === ownerId),
          currency,
        ),
      })),
      lines: lines === undefined ? null : await sqlLinesPage(scope, hits, i, currency, lines),
    });
  }
  return queryOk({ forecast: { currency, periods: out }, withheld });
}

async function sqlLinesPage(
  scope: Scope,
  hits: SQL,
  i: number,
  currency: Currency,
  wanted: LinesWanted,
): Promise<ForecastLinesPage> {
  const after = wanted.after === undefined ? sql`` : sql`and id > ${wanted.after}`;
  const rows = rowsOf<LineRow>(
    await scope.db.execute(sql`
      with h as (${hits})
      select id, owner_id, name, status, amount_minor::text as amount_minor, currency, day::text as day, bucket,
        probability::int as probability, converted::text as converted, weighted::text as weighted
      from h where i = ${i} and visible ${after}
      order by id limit ${wanted.limit + 1}`),
  );
  const items = rows.slice(0, wanted.limit).map(
    (r): ForecastLine => ({
      opportunityId: r.id as OpportunityId,
      amount: r.amount_minor === null || r.currency === null ? null : minor(r.amount_minor, r.currency),
      converted: minor(r.converted, currency),
      probability: r.probability,
      weighted: minor(r.weighted, currency),
      name: r.name,
      ownerId: r.owner_id as MemberId,
      status: r.status,
      bucket: r.bucket,
      date: r.day as CalendarDate,
    }),
  );
  return {
    items,
    nextCursor: rows.length > wanted.limit ? (items[items.length - 1]?.opportunityId ?? null) : null,
  };
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
  const target = inCurrency(scope.settings, options);
  const lines: LinesWanted | undefined = options.lines
    ? { after: options.linesAfter, limit: options.linesLimit ?? 100 }
    : undefined;
  if (options.asOf === undefined) {
    const now = await currentForecast(scope, periods, target, options.groupBy === "owner", only, lines);
    if (!now.ok) return now;
    return queryOk({ asOf: null, ...now.value });
  }
  const all = await opportunitiesAsOf(scope, options.asOf, (opp) => {
    const d = forecastDate(opp);
    return d !== null && periods.some((p) => isWithin(d, p));
  });
  const deals = only === undefined ? all : all.filter((d) => only.has(d.id));
  const result = forecast(deals, {
    ...target,
    periods,
    ...(options.groupBy ? { groupBy: options.groupBy } : {}),
  });
  if (!result.ok) return queryRefused(result.error);
  return queryOk({
    asOf: options.asOf,
    forecast: summariseForecast(result.value, lines),
    withheld: all.length - deals.length,
  });
}
