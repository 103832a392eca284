import type { Account } from "../entities/account.ts";
import type { TargetCriteria } from "../entities/target-list.ts";
import { formatMoney } from "./approval-routing.ts";

// Ideal-customer fit: how well an account matches a target list's criteria, as a score from 0 to 100 with the
// reasons in words. Defined in the package README ("Ideal-customer fit").

/** The criteria a fit is scored on, with their weights (the share of the score each is worth when asked). */
export const FIT_WEIGHTS = { industry: 30, employees: 25, annualRevenue: 25, region: 20 } as const;
/** A criterion the fit is scored on. */
export type FitCriterion = keyof typeof FIT_WEIGHTS;

/** One criterion the list asks, and whether the account meets it, in words. */
export interface FitReason {
  readonly criterion: FitCriterion;
  readonly matched: boolean;
  readonly text: string;
}

/** An account's fit: a score from 0 to 100, the reason for each criterion asked, and the criteria it meets. */
export interface CustomerFit {
  readonly score: number;
  readonly reasons: readonly FitReason[];
  /** Whether every criterion asked is met (score 100). */
  readonly fits: boolean;
}

/** The account facts a fit reads. */
export type FitFacts = Pick<Account, "industry" | "employees" | "annualRevenue" | "region">;

const same = (a: string, b: string): boolean =>
  a.trim().toLocaleLowerCase("en") === b.trim().toLocaleLowerCase("en");
const n = (x: number) => x.toLocaleString("en");

function industryReason(wanted: readonly string[], industry: string | null): FitReason {
  const matched = industry !== null && wanted.some((w) => same(w, industry));
  return {
    criterion: "industry",
    matched,
    text:
      industry === null
        ? "industry not known"
        : matched
          ? `in ${industry}, an industry the list hunts`
          : `in ${industry}, not one of ${wanted.join(", ")}`,
  };
}

function employeesReason(
  range: NonNullable<TargetCriteria["employees"]>,
  employees: number | null,
): FitReason {
  const within =
    employees !== null &&
    (range.min === null || employees >= range.min) &&
    (range.max === null || employees <= range.max);
  const wanted =
    range.min !== null && range.max !== null
      ? `${n(range.min)}–${n(range.max)}`
      : range.min !== null
        ? `at least ${n(range.min)}`
        : range.max !== null
          ? `at most ${n(range.max)}`
          : "any number";
  return {
    criterion: "employees",
    matched: within,
    text:
      employees === null
        ? `number of employees not known (the list wants ${wanted})`
        : `${n(employees)} employees, ${within ? "within" : "outside"} ${wanted}`,
  };
}

function revenueReason(
  range: NonNullable<TargetCriteria["annualRevenue"]>,
  revenue: FitFacts["annualRevenue"],
): FitReason {
  const currency = range.min?.currency ?? range.max?.currency;
  if (revenue === null)
    return { criterion: "annualRevenue", matched: false, text: "annual revenue not known" };
  if (currency !== undefined && revenue.currency !== currency)
    return {
      criterion: "annualRevenue",
      matched: false,
      text: `annual revenue in ${revenue.currency}, the list's range in ${currency} (no exchange rate)`,
    };
  const within =
    (range.min === null || revenue.amount >= range.min.amount) &&
    (range.max === null || revenue.amount <= range.max.amount);
  const bounds = [
    range.min && `from ${formatMoney(range.min)}`,
    range.max && `to ${formatMoney(range.max)}`,
  ].filter(Boolean);
  return {
    criterion: "annualRevenue",
    matched: within,
    text: `annual revenue ${formatMoney(revenue)}, ${within ? "within" : "outside"} the range${bounds.length ? ` ${bounds.join(" ")}` : ""}`,
  };
}

function regionReason(wanted: readonly string[], region: string | null): FitReason {
  const matched = region !== null && wanted.some((w) => same(w, region));
  return {
    criterion: "region",
    matched,
    text:
      region === null
        ? "region not known"
        : matched
          ? `covered from ${region}`
          : `covered from ${region}, not ${wanted.join(" or ")}`,
  };
}

/**
 * How well an account fits a list's criteria: each criterion the list asks (a non-empty industry or region
 * list, an employee or revenue range) is met or not; the score is the weight of those met over the weight of
 * those asked (FIT_WEIGHTS), rounded to a whole number. A fact the account does not have does not meet its
 * criterion. A list that asks nothing scores every account 100.
 */
export function customerFit(account: FitFacts, criteria: TargetCriteria): CustomerFit {
  const reasons: FitReason[] = [];
  if (criteria.industries.length > 0) reasons.push(industryReason(criteria.industries, account.industry));
  if (criteria.employees !== null) reasons.push(employeesReason(criteria.employees, account.employees));
  if (criteria.annualRevenue !== null)
    reasons.push(revenueReason(criteria.annualRevenue, account.annualRevenue));
  if (criteria.regions.length > 0) reasons.push(regionReason(criteria.regions, account.region));
  const asked = reasons.reduce((s, r) => s + FIT_WEIGHTS[r.criterion], 0);
  const met = reasons.reduce((s, r) => s + (r.matched ? FIT_WEIGHTS[r.criterion] : 0), 0);
  const score = asked === 0 ? 100 : Math.round((100 * met) / asked);
  return { score, reasons, fits: met === asked };
}
