// What the P&L page reads from the address and which rows it draws. Every figure is the API's (the domain
// prorates planned figures to the period); this module only chooses the period and leaves out rows that would
// say nothing: all-zero lines, and a contract's lone tower that repeats the contract figure for figure.
import {
  type CalendarDate,
  type FiscalYearSettings,
  isMasked,
  PERIOD_KINDS,
  type PeriodKind,
  parsePeriod,
  periodOf,
  shiftPeriod,
} from "@accountable/domain";

/** In the address, `?period=whole`: every invoice and cost on record, and whole terms. */
export const WHOLE_TERM = "whole";

export type PnlKind = PeriodKind | typeof WHOLE_TERM;

export const PNL_KINDS: readonly { readonly value: PnlKind; readonly label: string }[] = [
  { value: "quarter", label: "Quarter" },
  { value: "month", label: "Month" },
  { value: "year", label: "Year" },
  { value: WHOLE_TERM, label: "Whole term" },
];

export interface ChosenPeriod {
  readonly kind: PnlKind;
  /** The period's label as the API reads it ("2026-Q3", "2026-07", "2026"); null over whole terms. */
  readonly label: string | null;
}

/**
 * The period the address names: a period label, `whole`, or — absent or unreadable — today's quarter under the
 * workspace's fiscal year.
 */
export function chosenPeriod(
  search: string | undefined,
  today: CalendarDate,
  fiscal: FiscalYearSettings,
): ChosenPeriod {
  if (search === WHOLE_TERM) return { kind: WHOLE_TERM, label: null };
  const p = search === undefined ? undefined : parsePeriod(search, fiscal);
  if (p) return { kind: p.kind, label: p.label };
  return { kind: "quarter", label: periodOf("quarter", today, fiscal).label };
}

const AROUND: Record<PeriodKind, { readonly back: number; readonly ahead: number }> = {
  month: { back: 12, ahead: 3 },
  quarter: { back: 4, ahead: 3 },
  year: { back: 3, ahead: 1 },
};

/** The periods of a kind around today's (and the chosen one, if it is further away), in order. */
export function periodChoices(
  kind: PeriodKind,
  today: CalendarDate,
  fiscal: FiscalYearSettings,
  chosen: string | null = null,
): string[] {
  const current = periodOf(kind, today, fiscal);
  const out: string[] = [];
  for (let i = -AROUND[kind].back; i <= AROUND[kind].ahead; i++)
    out.push(shiftPeriod(current, i, fiscal).label);
  if (chosen !== null && parsePeriod(chosen, fiscal)?.kind === kind && !out.includes(chosen))
    out.push(chosen);
  return out.sort();
}

/** Switching the kind of period: the one of that kind that holds today. */
export function periodOfKind(kind: PnlKind, today: CalendarDate, fiscal: FiscalYearSettings): string {
  return kind === WHOLE_TERM ? WHOLE_TERM : periodOf(kind, today, fiscal).label;
}

export const isPnlKind = (v: unknown): v is PnlKind =>
  v === WHOLE_TERM || (PERIOD_KINDS as readonly unknown[]).includes(v);

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A period label as people read it: "2026-07" → "Jul 2026"; quarters and years as they are written. */
export function periodWords(label: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(label);
  return m ? `${MONTHS[Number(m[2]) - 1]} ${m[1]}` : label;
}

/** A P&L as the API sends it: each figure an amount, or masked. */
export interface PnlLike {
  readonly revenue: unknown;
  readonly cost: unknown;
}

const zero = (v: unknown) => !isMasked(v) && (v as { amount?: number } | null)?.amount === 0;

/** Whether a line has anything to say: revenue or cost, planned or actual (a masked figure may be anything). */
export const hasFigures = (line: { readonly planned: PnlLike; readonly actual: PnlLike }): boolean =>
  ![line.planned.revenue, line.planned.cost, line.actual.revenue, line.actual.cost].every(zero);

/** The lines worth a row, and how many were left out for being zero throughout. */
export function withFigures<L extends { readonly planned: PnlLike; readonly actual: PnlLike }>(
  lines: readonly L[],
): { readonly shown: L[]; readonly empty: number } {
  const shown = lines.filter(hasFigures);
  return { shown, empty: lines.length - shown.length };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A contract's towers worth a row: those with figures, and none when the one left repeats the contract's planned
 * and actual figures (a contract of one tower).
 */
export function towersShown<T extends { readonly planned: PnlLike; readonly actual: PnlLike }>(contract: {
  readonly planned: PnlLike;
  readonly actual: PnlLike;
  readonly towers: readonly T[];
}): T[] {
  const shown = contract.towers.filter(hasFigures);
  const only = shown[0];
  return shown.length === 1 &&
    only &&
    same(only.planned, contract.planned) &&
    same(only.actual, contract.actual)
    ? []
    : shown;
}

/** "12.5 %" for a margin in basis points, "—" without revenue; null when masked (the caller shows why). */
export const marginPercent = (basisPoints: unknown): string | null =>
  isMasked(basisPoints)
    ? null
    : typeof basisPoints === "number"
      ? `${(basisPoints / 100).toFixed(1)} %`
      : "—";

/** "92 of 730 days": the share of a contract's term its planned figures are, over a period. */
export const shareWords = (
  share: { readonly days: number; readonly ofDays: number } | null,
): string | null => (share === null ? null : `${share.days} of ${share.ofDays} days`);

/** Why the total leaves accounts out, or why there is none: the API withholds the lines the member may not see. */
export function withheldWords(withheld: number, of: number): string {
  if (withheld >= of) return "No account's figures are yours to see, so there is no total.";
  const who = withheld === 1 ? "1 account's figures are" : `${withheld} accounts' figures are`;
  return `${who} not yours to see: the total adds up the others.`;
}
