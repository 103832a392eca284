// Quota attainment for one period: the period's quotas against their members' deals won in it, converted and
// summed where the data is.
import {
  addDays,
  basisPoints,
  type CalendarDate,
  type CountedDeal,
  type CountedDealsPage,
  type Currency,
  currencyMismatch,
  type LinesWanted,
  MemberIdSchema,
  minus,
  type OpportunityId,
  type QuotaAttainmentSummary,
  QuotaSchema,
  startOfDay,
  toReportCurrency,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Scope } from "../scope.ts";
import { inCurrency, oneOrMany, PeriodLabelSchema, reportCurrencyShape, resolvePeriod } from "./options.ts";
import { parseEach } from "./read.ts";
import { PeriodSchema, QuotaAttainmentSummarySchema, readonlyArray } from "./report-schemas.ts";
import { type QueryResult, queryOk, queryRefused } from "./result.ts";
import { convertedMinor, minor, rowsOf } from "./sql-money.ts";

const MAX_LINES = 1_000;

export const QuotaAttainmentOptionsSchema = z.strictObject({
  /** The quotas set for exactly this period label ("2026-Q3"). */
  period: PeriodLabelSchema,
  /** Only these members' quotas. */
  memberId: oneOrMany(MemberIdSchema, 500),
  /** Also list each quota's counted deals, one page of `linesLimit` in id order (none unless asked). */
  lines: z.union([z.boolean(), z.stringbool()]).optional(),
  /** The page of deals after this deal id (a page's `nextCursor`). */
  linesAfter: z.string().min(1).max(200).optional(),
  /** Deals per page, 1 to 1000 (100 when absent). */
  linesLimit: z.coerce.number().int().min(1).max(MAX_LINES).optional(),
  ...reportCurrencyShape,
});
export type QuotaAttainmentOptions = z.input<typeof QuotaAttainmentOptionsSchema>;

export const QuotaAttainmentReportSchema = z
  .object({
    period: PeriodSchema,
    /** One per quota in force (retired ones are left out by the domain), by member. */
    attainments: readonlyArray(QuotaAttainmentSummarySchema),
  })
  .meta({
    id: "QuotaAttainmentReport",
    description:
      "Attainment of the quotas set for a period; each quota's counted deals one page at a time when asked (lines=true).",
  });
export type QuotaAttainmentReport = z.output<typeof QuotaAttainmentReportSchema>;

interface QuotaRow {
  readonly data: unknown;
  /** Its member's won deals in the period. */
  readonly deals: number;
  /** Those deals converted and summed (exact); null: none. */
  readonly won: string | null;
  /** The currency of the first of them (closed, then id) with no rate into the report's; null: all convert. */
  readonly unrated: string | null;
}

interface DealRow {
  readonly id: string;
  readonly owner_id: string;
  readonly amount_minor: string | null;
  readonly currency: string | null;
  readonly closed_on: string;
  readonly converted: string;
}

/**
 * Attainment of the period's quotas (see the domain's `quotaAttainment` and `summariseQuotaAttainment`, the
 * specification); refuses an unknown period or a missing rate. One statement reads the quotas in force (a
 * handful, whole) each with its member's deals won in the period, converted into the report's currency in SQL
 * as the domain converts them and summed per member there: one row a quota, whatever the deals. The deals
 * themselves are read only when asked, a page per quota in id order (a property test holds the two equal on
 * both drivers).
 */
export async function quotaAttainmentReport(
  scope: Scope,
  options: z.output<typeof QuotaAttainmentOptionsSchema>,
): Promise<QueryResult<QuotaAttainmentReport>> {
  const period = resolvePeriod(options.period, scope.settings);
  if (!period.ok) return queryRefused(period.error);
  const target = inCurrency(scope.settings, options);
  const q = schema.quotas;
  const o = schema.opportunities;
  // Won deals count on the UTC day they closed: those closed within the period's days.
  const wonDeals = (owners: SQL) => sql`
    select ${o.id} as id, ${o.ownerId} as owner_id, ${o.amountMinor} as amount_minor,
      ${o.currency} as currency, ${o.closedAt} as closed_at,
      ${convertedMinor(o.amountMinor, o.currency, target.currency, target.rates)} as converted
    from ${o}
    where ${o.workspaceId} = ${scope.workspaceId} and ${o.status} = 'won' and ${o.ownerId} in (${owners})
      and ${o.closedAt} >= ${startOfDay(period.value.start)}::timestamptz
      and ${o.closedAt} < ${startOfDay(addDays(period.value.end, 1))}::timestamptz`;
  // Retired quotas have no attainment (the domain leaves them out). `offset 0` keeps the deals' subquery whole,
  // so each deal's conversion is computed once, not once per use.
  const rows = rowsOf<QuotaRow>(
    await scope.db.execute(sql`
      with q as (
        select ${q.id} as id, ${q.memberId} as member_id, ${q.data} as data from ${q}
        where ${q.workspaceId} = ${scope.workspaceId} and ${q.period} = ${options.period}
          and ${q.status} <> 'retired'${
            options.memberId === undefined
              ? sql``
              : sql` and ${q.memberId} in (${sql.join(
                  options.memberId.map((m) => sql`${m}`),
                  sql`, `,
                )})`
          }
      ), w as (
        select owner_id, count(*)::int as deals, sum(converted)::text as won,
          (array_agg(currency order by closed_at, id) filter (where converted is null))[1] as unrated
        from (${wonDeals(sql`select member_id from q`)} offset 0) d
        group by owner_id
      )
      select q.data, coalesce(w.deals, 0) as deals, w.won, w.unrated
      from q left join w on w.owner_id = q.member_id
      order by q.member_id, q.id`),
  );
  const quotas = parseEach(
    QuotaSchema,
    rows.map((r) => ({ data: r.data })),
  );
  const lines = options.lines ? { after: options.linesAfter, limit: options.linesLimit ?? 100 } : undefined;
  const members = [...new Set(quotas.map((x) => x.memberId))];
  const pages =
    lines === undefined || members.length === 0
      ? undefined
      : await dealPages(
          scope,
          wonDeals(
            sql.join(
              members.map((m) => sql`${m}`),
              sql`, `,
            ),
          ),
          lines,
          target.currency,
        );
  const attainments: QuotaAttainmentSummary[] = [];
  for (const [i, quota] of quotas.entries()) {
    const converted = toReportCurrency(quota.amount, target);
    if (!converted.ok) return queryRefused(converted.error);
    const row = rows[i]!;
    if (row.unrated) return queryRefused(currencyMismatch(target.currency, row.unrated as Currency));
    const closedWon = minor(row.won, target.currency);
    attainments.push({
      quotaId: quota.id,
      memberId: quota.memberId,
      period: period.value,
      target: { amount: quota.amount, converted: converted.value },
      closedWon,
      attainmentBasisPoints: basisPoints(closedWon.amount, converted.value.amount),
      gap: minus(converted.value, closedWon),
      dealCount: row.deals,
      deals: pages === undefined ? null : (pages.get(quota.memberId) ?? { items: [], nextCursor: null }),
    });
  }
  return queryOk({ period: period.value, attainments });
}

/** A page of each member's counted deals in id order, after `wanted.after`: one statement for every member. */
async function dealPages(
  scope: Scope,
  wonDeals: SQL,
  wanted: LinesWanted,
  currency: Currency,
): Promise<Map<string, CountedDealsPage>> {
  const after = wanted.after === undefined ? sql`` : sql`where id > ${wanted.after}`;
  const rows = rowsOf<DealRow>(
    await scope.db.execute(sql`
      select id, owner_id, amount_minor::text as amount_minor, currency,
        (closed_at at time zone 'UTC')::date::text as closed_on, converted::text as converted
      from (
        select d.*, row_number() over (partition by owner_id order by id) as n
        from (${wonDeals} offset 0) d ${after}
      ) p
      where n <= ${wanted.limit + 1}
      order by owner_id, id`),
  );
  const byOwner = new Map<string, DealRow[]>();
  for (const r of rows) {
    const list = byOwner.get(r.owner_id);
    if (list) list.push(r);
    else byOwner.set(r.owner_id, [r]);
  }
  const pages = new Map<string, CountedDealsPage>();
  for (const [owner, list] of byOwner) {
    const items = list.slice(0, wanted.limit).map(
      (r): CountedDeal => ({
        opportunityId: r.id as OpportunityId,
        closedOn: r.closed_on as CalendarDate,
        amount: r.amount_minor === null || r.currency === null ? null : minor(r.amount_minor, r.currency),
        converted: minor(r.converted, currency),
      }),
    );
    pages.set(owner, {
      items,
      nextCursor: list.length > wanted.limit ? (items[items.length - 1]?.opportunityId ?? null) : null,
    });
  }
  return pages;
}
