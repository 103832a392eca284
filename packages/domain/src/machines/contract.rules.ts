import type { Contract, Milestone, Tower } from "../entities/contract.ts";
import { type CalendarDate, DATE_RANGE, type Duration, isInDateRange } from "../kernel/calendar-date.ts";
import { type Currency, currencyMismatch, type Money, sum } from "../kernel/money.ts";
import { type Refusal, refuse } from "../kernel/refusal.ts";
import { spellDate, spellFullDate } from "../kernel/spell-date.ts";
import { formatMoney } from "../policies/approval-routing.ts";
import { describeDuration, noticeDeadline, termEndDate } from "../policies/renewal-schedule.ts";

// The checks the contract machine's decisions share: terms that make sense, amounts in the contract's
// currency, towers and milestones that exist. Each returns the refusal, or undefined when the check passes.

/** The terms a contract is created with and may renegotiate while in draft or negotiation. */
export type ContractTerms = Pick<
  Contract,
  "value" | "plannedCost" | "startDate" | "term" | "noticePeriod" | "autoRenewal" | "renewalTerm"
>;

const positive = (d: Duration) => d.count >= 1;

/** Terms that make sense: a value not below zero, terms of at least a day, a notice that fits the term. */
export function checkTerms(
  t: ContractTerms,
  amounts: readonly Money[],
  today: CalendarDate,
): Refusal | undefined {
  if (t.value.amount < 0) return refuse.invalidInput("value", "A contract's value cannot be negative.");
  if (t.plannedCost && t.plannedCost.amount < 0)
    return refuse.invalidInput("plannedCost", "A contract's planned cost cannot be negative.");
  if (!positive(t.term)) return refuse.invalidInput("term", "A term lasts at least one day or one month.");
  if (t.renewalTerm && !positive(t.renewalTerm)) {
    return refuse.invalidInput("renewalTerm", "A renewal term lasts at least one day or one month.");
  }
  const endDate = termEndDate(t.startDate, t.term);
  if (!isInDateRange(endDate)) return termPastRange("term", t.startDate, endDate);
  const deadline = noticeDeadline(endDate, t.noticePeriod);
  if (deadline < t.startDate) {
    return refuse.invalidInput(
      "noticePeriod",
      `A notice period of ${describeDuration(t.noticePeriod)} does not fit a term from ${spellDate(t.startDate, today)} to ${spellDate(endDate, today)}: notice would be due by ${spellDate(deadline, today)}, before the start.`,
    );
  }
  return inCurrency(t.value.currency, t.plannedCost ? [...amounts, t.plannedCost] : amounts);
}

/** A term (or a renewal) that would run past the last year the domain keeps dates for. */
export function termPastRange(field: string, start: CalendarDate, end: CalendarDate): Refusal {
  return refuse.invalidInput(
    field,
    `A term from ${spellFullDate(start)} would end on ${spellFullDate(end)}, after ${DATE_RANGE.lastYear}: dates run through 31 Dec ${DATE_RANGE.lastYear}.`,
  );
}

/** Refuses the first amount that is not in the contract's currency: towers and milestones are never converted. */
export function inCurrency(c: Currency, amounts: readonly Money[]): Refusal | undefined {
  const foreign = amounts.find((m) => m.currency !== c);
  return foreign ? currencyMismatch(c, foreign.currency) : undefined;
}

/** Every amount a contract's towers and milestones hold, for currency checks when the value changes. */
export function amountsOf(c: {
  readonly towers: readonly Tower[];
  readonly milestones: readonly Pick<Milestone, "amount">[];
}): Money[] {
  return [
    ...c.towers.flatMap((t) => [t.value, t.cost]),
    ...c.milestones.flatMap((m) => (m.amount ? [m.amount] : [])),
  ];
}

/** A tower's value and cost: not negative, in the contract's currency. */
export function checkTowerAmounts(
  amounts: Partial<Pick<Tower, "value" | "cost">>,
  c: Currency,
): Refusal | undefined {
  for (const field of ["value", "cost"] as const) {
    const m = amounts[field];
    if (m && m.amount < 0) return refuse.invalidInput(field, `A tower's ${field} cannot be negative.`);
  }
  return inCurrency(
    c,
    [amounts.value, amounts.cost].filter((m) => m !== undefined),
  );
}

/** A new milestone's amount, if it has one: not negative, in the contract's currency. */
export function checkMilestoneAmount(amount: Money | null, c: Currency): Refusal | undefined {
  if (amount && amount.amount < 0)
    return refuse.invalidInput("amount", "A milestone's amount cannot be negative.");
  return inCurrency(c, amount ? [amount] : []);
}

/** Refuses the first id that appears twice among the given ones. */
export function checkUnique(entity: string, ids: readonly string[]): Refusal | undefined {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) return refuse.alreadyExists(entity, id);
    seen.add(id);
  }
  return undefined;
}

/** Guard "each project manager once": a member is named once among a contract's project managers. */
export function checkProjectManagers(ids: readonly string[]): Refusal | undefined {
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  return twice === undefined
    ? undefined
    : refuse.invalidInput("projectManagerIds", `${twice} is named more than once as a project manager.`);
}

/** The tower with this id, or the refusal saying there is none. */
export function findTower(c: Contract, towerId: string): Tower | Refusal {
  return (
    c.towers.find((t) => t.id === towerId) ??
    refuse.invalidInput("towerId", `This contract has no tower ${towerId}.`)
  );
}

/** The milestone with this id, or the refusal saying there is none. */
export function findMilestone(c: Contract, milestoneId: string): Milestone | Refusal {
  return (
    c.milestones.find((m) => m.id === milestoneId) ??
    refuse.invalidInput("milestoneId", `This contract has no milestone ${milestoneId}.`)
  );
}

/** Whether a lookup returned a refusal rather than the thing looked up. */
export const isRefusal = (x: object): x is Refusal => "_tag" in x;

/**
 * When a contract is split into towers, their values must add up to its value: approval is routed on the
 * value, so towers that add up to more would be approved by too junior a role.
 */
export function checkTowersAddUp(c: Contract): Refusal | undefined {
  if (c.towers.length === 0) return undefined;
  const total = sum(
    c.value.currency,
    c.towers.map((t) => t.value),
  );
  if (!total.ok) return total.error;
  if (total.value.amount === c.value.amount) return undefined;
  return refuse.invalidInput(
    "towers",
    `The towers add up to ${formatMoney(total.value)}, but the contract is worth ${formatMoney(c.value)}.`,
  );
}

/** A date given for something that has happened (signed, done) cannot be after today. */
export function checkNotFuture(field: string, on: CalendarDate, today: CalendarDate): Refusal | undefined {
  return on > today
    ? refuse.invalidInput(field, `${spellDate(on, today)} is after today (${spellDate(today, today)}).`)
    : undefined;
}
