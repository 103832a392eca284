// Quota attainment for one period: the period's quotas against their members' deals won in it, converted and
// summed where the data is.
import {
  addDays,
  basisPoints,
  type CalendarDate,
  type Currency,
  currencyMismatch,
  MemberIdSchema,
  minus,
  type OpportunityId,
  type QuotaAttainment,
  QuotaSchema,
  startOfDay,
  toReportCurrency,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { type Scope, selectRows } from "../scope.ts";
import { inCurrency, oneOrMany, PeriodLabelSchema, reportCurrencyShape, resolvePeriod } from "./options.ts";
import { parseEach } from "./read.ts";
import { PeriodSchema, QuotaAttainmentSchema, readonlyArray } from "./report-schemas.ts";
import { type QueryResult, queryOk, queryRefused } from "./result.ts";
import { convertedMinor, minor, rowsOf } from "./sql-money.ts";

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

interface WonRow {
  readonly id: string;
  readonly owner_id: string;
  readonly amount_minor: string | null;
  readonly currency: string | null;
  readonly closed_on: string;
  /** Null: the deal's currency has no rate into the report's. */
  readonly converted: string | null;
  /** The owner's won deals in the period, converted and summed (exact). */
  readonly won: string | null;
}

/**
 * Attainment of the period's quotas (see the domain's `quotaAttainment`, the specification); refuses an unknown
 * period or a missing rate. The quotas (a handful) are read whole; their members' deals won in the period are
 * read as columns, each converted into the report's currency in SQL as the domain converts it and summed per
 * owner there (a property test holds the two equal on both drivers).
 */
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
  ).filter((x) => x.status !== "retired"); // retired quotas have no attainment (the domain leaves them out)
  const target = inCurrency(scope.settings, options);
  const members = [...new Set(quotas.map((x) => x.memberId))];
  const o = schema.opportunities;
  // Won deals count on the UTC day they closed: those closed within the period's days, in the order the domain
  // lists them (closed, then id).
  const won =
    members.length === 0
      ? []
      : rowsOf<WonRow>(
          await scope.db.execute(sql`
            select id, owner_id, amount_minor::text as amount_minor, currency, closed_on::text as closed_on,
              converted::text as converted, (sum(converted) over (partition by owner_id))::text as won
            from (
              select ${o.id} as id, ${o.ownerId} as owner_id, ${o.amountMinor} as amount_minor,
                ${o.currency} as currency, ${o.closedAt} as closed_at,
                (${o.closedAt} at time zone 'UTC')::date as closed_on,
                ${convertedMinor(o.amountMinor, o.currency, target.currency, target.rates)} as converted
              from ${o}
              where ${o.workspaceId} = ${scope.workspaceId} and ${o.status} = 'won'
                and ${o.ownerId} in (${sql.join(
                  members.map((m) => sql`${m}`),
                  sql`, `,
                )})
                and ${o.closedAt} >= ${startOfDay(period.value.start)}::timestamptz
                and ${o.closedAt} < ${startOfDay(addDays(period.value.end, 1))}::timestamptz
              offset 0
            ) d
            order by closed_at, id`),
        );
  const byOwner = new Map<string, WonRow[]>();
  for (const r of won) byOwner.set(r.owner_id, [...(byOwner.get(r.owner_id) ?? []), r]);
  const attainments: QuotaAttainment[] = [];
  for (const quota of quotas) {
    const converted = toReportCurrency(quota.amount, target);
    if (!converted.ok) return queryRefused(converted.error);
    const rows = byOwner.get(quota.memberId) ?? [];
    const unrated = rows.find((r) => r.converted === null);
    if (unrated) return queryRefused(currencyMismatch(target.currency, unrated.currency as Currency));
    const closedWon = minor(rows[0]?.won ?? null, target.currency);
    attainments.push({
      quotaId: quota.id,
      memberId: quota.memberId,
      period: period.value,
      target: { amount: quota.amount, converted: converted.value },
      closedWon,
      attainmentBasisPoints: basisPoints(closedWon.amount, converted.value.amount),
      gap: minus(converted.value, closedWon),
      deals: rows.map((r) => ({
        opportunityId: r.id as OpportunityId,
        closedOn: r.closed_on as CalendarDate,
        amount: r.amount_minor === null || r.currency === null ? null : minor(r.amount_minor, r.currency),
        converted: minor(r.converted, target.currency),
      })),
    });
  }
  return queryOk({ period: period.value, attainments });
}
