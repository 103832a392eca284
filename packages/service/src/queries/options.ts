// Option fields several queries share: the report currency and its rates, a period label, "now".
import {
  CurrencySchema,
  DATE_RANGE,
  type ExchangeRate,
  type InCurrency,
  type InvalidInput,
  type Period,
  PeriodLabelSchema,
  parsePeriod,
  refuse,
  TimestampSchema,
  type WorkspaceSettings,
} from "@accountable/domain";
import { z } from "zod";

/**
 * One value or several, as an array or as a comma-separated string the way a query string carries them
 * ("open,won"); always an array once parsed.
 */
export function oneOrMany<T extends z.ZodType>(item: T, max = 100) {
  return z
    .preprocess(
      (v: string | readonly z.input<T>[]) => (typeof v === "string" ? v.split(",").map((s) => s.trim()) : v),
      z.array(item).min(1).max(max),
    )
    .optional();
}

const DECIMAL = /^\d{1,12}(\.\d{1,12})?$/;

/** A rate as a query string or a CLI flag writes it: "USD/EUR=0.92" (1 USD = 0.92 EUR). */
const COMPACT_RATE = /^([A-Z]{3})\/([A-Z]{3})=(.+)$/;

/** An exchange rate given with a query: 1 `from` = `rate` `to`, the rate a decimal string (exact, never a float). */
export const ExchangeRateInputSchema = z.object({
  from: CurrencySchema,
  to: CurrencySchema,
  rate: z.string().regex(DECIMAL, "a rate is a positive decimal such as 0.92"),
}) satisfies z.ZodType<ExchangeRate>;

/**
 * The report's currency (default: the workspace's) and the rates that bring other currencies into it: an array
 * of rates, or "USD/EUR=0.92,GBP/EUR=1.17" as a query string carries them.
 */
export const reportCurrencyShape = {
  currency: CurrencySchema.optional(),
  rates: z
    .preprocess(
      (v) =>
        typeof v === "string"
          ? v
              .split(",")
              .filter((s) => s.trim() !== "")
              .map((s) => {
                const m = COMPACT_RATE.exec(s.trim());
                return m ? { from: m[1], to: m[2], rate: m[3] } : s;
              })
          : v,
      z.array(ExchangeRateInputSchema).max(200),
    )
    .default([]),
};

/** "2026", "2026-Q3" or "2026-07", read under the workspace's fiscal year (the domain's label). */
export { PeriodLabelSchema };

/** The moment a time-dependent query is answered at; the service clock when absent. */
export const nowShape = { now: TimestampSchema.optional() };

export function inCurrency(
  settings: WorkspaceSettings,
  o: { readonly currency?: InCurrency["currency"] | undefined; readonly rates: readonly ExchangeRate[] },
): InCurrency {
  return { currency: o.currency ?? settings.currency, rates: o.rates };
}

/** The period a label names under the workspace's fiscal year, or an InvalidInput refusal. */
export function resolvePeriod(
  label: string,
  settings: WorkspaceSettings,
  field = "period",
): { ok: true; value: Period } | { ok: false; error: InvalidInput } {
  const p = parsePeriod(label, settings.fiscalYear);
  return p
    ? { ok: true, value: p }
    : {
        ok: false,
        error: refuse.invalidInput(
          field,
          `There is no period "${label}": a period is written 2026, 2026-Q3 or 2026-07, in the years ${DATE_RANGE.firstYear} to ${DATE_RANGE.lastYear}.`,
        ),
      };
}
