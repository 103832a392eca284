import type { Contract, ContractStatus } from "../entities/contract.ts";
import type { CostCategory, CostEntry } from "../entities/cost-entry.ts";
import { type Invoice, type InvoiceStatus, lineAmount } from "../entities/invoice.ts";
import { type CalendarDate, dateOf, minDate } from "../kernel/calendar-date.ts";
import type { AccountId, ContractId, CostEntryId, InvoiceId, TowerId } from "../kernel/ids.ts";
import { type Currency, type CurrencyMismatch, type Money, minus, zero } from "../kernel/money.ts";
import { ok, type Result } from "../kernel/result.ts";
import { basisPoints } from "./basis-points.ts";
import { type ConvertedAmount, type InCurrency, toReportCurrency, total } from "./in-currency.ts";
import { overlap, type ProratedShare, prorate, shareOf, spanDays } from "./proration.ts";
import type { DateSpan } from "./sales-trend.ts";

// Profit and loss per tower, contract and account, planned and actual, in one currency.
// - Planned: a tower's value vs its cost; a contract's value vs its planned cost, which is its towers' costs plus
//   the contract's own planned cost (the work no tower covers; all of it for an agency contract without towers).
//   Given a period, each planned figure is the share of the contract's term (start to end date) that falls in it,
//   prorated by days in exact minor units (`prorate`): the shares of the periods a contract covers add up to
//   the whole. A tacitly renewed contract's value is spread over its whole span so far (its end date moved). A
//   terminated contract plans only the days it was served, from its start to the day it ended: the periods after
//   plan nothing, and its whole-term figures are that share of its value and costs (a contract ended on its
//   first day of a 730-day term plans 1/730 of it).
// - Actual revenue: the line amounts of the invoices that were issued (issued, overdue, paid, written off — not
//   draft, not void), attributed to a contract by invoice.contractId and to a tower by line.towerId. A written-off
//   invoice still counts: it was billed; the loss shows as bad debt elsewhere, not as missing revenue.
// - Actual cost: cost entries by contractId and towerId; a voided entry (booked in error) counts nowhere.
// - Lines and costs of a contract naming no tower, or a tower the contract does not have, are "unallocated".
// - An account's planned figures sum its agreed contracts (signed, active, expiring, renewed, expired,
//   terminated); drafts, negotiations, pending approvals and withdrawn ones were never agreed and are excluded.
//   Its actual figures hold every issued invoice and every cost of the account, the ones not attributed to a
//   listed contract under `otherActuals`, so account actual = Σ contract actuals + other actuals, exactly.
// Actual figures have no period filter: pass the invoices and costs of the period you want.

/** The invoice statuses whose lines count as revenue: issued ones (not draft, not void). */
export const BILLED_INVOICE_STATUSES: readonly InvoiceStatus[] = ["issued", "overdue", "paid", "written_off"];
/** The contract statuses whose plan counts: agreed ones (not drafts, negotiations, approvals or withdrawn). */
export const AGREED_CONTRACT_STATUSES: readonly ContractStatus[] = [
  "signed",
  "active",
  "expiring",
  "renewed",
  "expired",
  "terminated",
];

/** Revenue, cost, margin (revenue − cost) and margin in basis points of revenue (null when revenue is zero). */
export interface Pnl {
  readonly revenue: Money;
  readonly cost: Money;
  readonly margin: Money;
  readonly marginBasisPoints: number | null;
}

/** An invoice line counted as revenue. */
export interface RevenueLine extends ConvertedAmount {
  readonly invoiceId: InvoiceId;
  /** The line's position in its invoice, from 0. */
  readonly lineIndex: number;
  readonly description: string;
  readonly towerId: TowerId | null;
}

/** A cost entry counted as cost. */
export interface CostLine extends ConvertedAmount {
  readonly costEntryId: CostEntryId;
  readonly towerId: TowerId | null;
  readonly category: CostCategory;
  readonly date: CalendarDate;
}

/** Actual figures and the invoice lines and cost entries behind them. */
export interface Actuals {
  readonly actual: Pnl;
  readonly revenueLines: readonly RevenueLine[];
  readonly costEntries: readonly CostLine[];
}

export interface TowerPnl extends Actuals {
  readonly towerId: TowerId;
  readonly name: string;
  /** The tower's value and cost for the whole term, as recorded and converted (`planned` holds the period's share). */
  readonly plannedValue: ConvertedAmount;
  readonly plannedCost: ConvertedAmount;
  readonly planned: Pnl;
}

export interface ContractPnl extends Actuals {
  readonly contractId: ContractId;
  readonly title: string;
  readonly status: ContractStatus;
  readonly plannedValue: ConvertedAmount;
  /** The contract's own planned cost (what no tower covers), as recorded and converted; zero when none is recorded. */
  readonly ownPlannedCost: ConvertedAmount;
  /**
   * Given a period: the days of the contract's term within it, of all its days; the planned figures (the
   * contract's and its towers') are that share. null: no period, the whole term.
   */
  readonly plannedShare: ProratedShare | null;
  /** value vs planned cost (the towers' costs + the contract's own), prorated to the period when one is given. */
  readonly planned: Pnl;
  readonly towers: readonly TowerPnl[];
  /** Lines and costs of the contract naming no tower of it. */
  readonly unallocated: Actuals;
}

export interface AccountPnl {
  readonly accountId: AccountId;
  /** Σ of the agreed contracts' planned figures. */
  readonly planned: Pnl;
  /** Every issued invoice line and every cost of the account. */
  readonly actual: Pnl;
  readonly contracts: readonly ContractPnl[];
  /** Contracts of the account never agreed, left out of the planned figures. */
  readonly excludedContractIds: readonly ContractId[];
  /** Lines and costs not attributed to one of `contracts`. */
  readonly otherActuals: Actuals;
}

/** Revenue, cost, margin and margin in basis points, all in one currency. */
export function pnlOf(revenue: Money, cost: Money): Pnl {
  const margin = minus(revenue, cost);
  return { revenue, cost, margin, marginBasisPoints: basisPoints(margin.amount, revenue.amount) };
}

function converted(m: Money, target: InCurrency): Result<ConvertedAmount, CurrencyMismatch> {
  const c = toReportCurrency(m, target);
  return c.ok ? ok({ amount: m, converted: c.value }) : c;
}

function revenueLines(
  invoices: readonly Invoice[],
  target: InCurrency,
): Result<RevenueLine[], CurrencyMismatch> {
  const out: RevenueLine[] = [];
  for (const invoice of invoices) {
    if (!BILLED_INVOICE_STATUSES.includes(invoice.status)) continue;
    for (const [lineIndex, line] of invoice.lines.entries()) {
      const c = converted(lineAmount(line), target);
      if (!c.ok) return c;
      out.push({
        invoiceId: invoice.id,
        lineIndex,
        description: line.description,
        towerId: line.towerId,
        ...c.value,
      });
    }
  }
  return ok(out);
}

function costLines(costs: readonly CostEntry[], target: InCurrency): Result<CostLine[], CurrencyMismatch> {
  const out: CostLine[] = [];
  for (const cost of costs) {
    if (cost.status === "voided") continue;
    const c = converted(cost.amount, target);
    if (!c.ok) return c;
    out.push({
      costEntryId: cost.id,
      towerId: cost.towerId,
      category: cost.category,
      date: cost.date,
      ...c.value,
    });
  }
  return ok(out);
}

function actuals(c: Currency, revenue: readonly RevenueLine[], costs: readonly CostLine[]): Actuals {
  return {
    actual: pnlOf(
      total(
        c,
        revenue.map((l) => l.converted),
      ),
      total(
        c,
        costs.map((l) => l.converted),
      ),
    ),
    revenueLines: revenue,
    costEntries: costs,
  };
}

/** The contract's own planned cost, or zero in its currency when none is recorded. */
export function ownPlannedCost(contract: Pick<Contract, "plannedCost" | "value">): Money {
  return contract.plannedCost ?? zero(contract.value.currency);
}

/** The days a contract's planned figures are spread over: its start date to its end date. */
export function contractSpan(contract: Pick<Contract, "startDate" | "endDate">): DateSpan {
  return { start: contract.startDate, end: contract.endDate };
}

/**
 * The days a contract's plan holds: its term, or once terminated its term up to the day it ended (the days after
 * were never served). Empty (ends before it starts) when it ended before its start date.
 */
export function servedSpan(
  contract: Pick<Contract, "startDate" | "endDate" | "status" | "endedAt">,
): DateSpan {
  const span = contractSpan(contract);
  if (contract.status !== "terminated" || contract.endedAt === null) return span;
  return { start: span.start, end: minDate(span.end, dateOf(contract.endedAt)) };
}

/**
 * A contract's P&L, planned and actual, in total and per tower, from the invoices and cost entries given
 * (those of other contracts are ignored); given a period, the planned figures are the period's prorated share.
 * Refuses an amount whose currency has no rate.
 */
export function contractPnl(
  contract: Contract,
  invoices: readonly Invoice[],
  costs: readonly CostEntry[],
  target: InCurrency,
  period: DateSpan | null = null,
): Result<ContractPnl, CurrencyMismatch> {
  const span = contractSpan(contract);
  // The value is spread over the whole term; what is planned is the share of the days served within the period.
  const served = servedSpan(contract);
  const within = period === null ? overlap(served, span) : overlap(served, period);
  const whole = period === null && served.end === span.end;
  const part = (m: Money): Money =>
    whole ? m : within === null ? zero(m.currency) : prorate(m, span, within);
  const c = target.currency;
  const revenue = revenueLines(
    invoices.filter((i) => i.contractId === contract.id),
    target,
  );
  if (!revenue.ok) return revenue;
  const spent = costLines(
    costs.filter((k) => k.contractId === contract.id),
    target,
  );
  if (!spent.ok) return spent;
  const value = converted(contract.value, target);
  if (!value.ok) return value;
  const own = converted(ownPlannedCost(contract), target);
  if (!own.ok) return own;

  const towers: TowerPnl[] = [];
  for (const tower of contract.towers) {
    const plannedValue = converted(tower.value, target);
    if (!plannedValue.ok) return plannedValue;
    const plannedCost = converted(tower.cost, target);
    if (!plannedCost.ok) return plannedCost;
    towers.push({
      towerId: tower.id,
      name: tower.name,
      plannedValue: plannedValue.value,
      plannedCost: plannedCost.value,
      planned: pnlOf(part(plannedValue.value.converted), part(plannedCost.value.converted)),
      ...actuals(
        c,
        revenue.value.filter((l) => l.towerId === tower.id),
        spent.value.filter((k) => k.towerId === tower.id),
      ),
    });
  }
  const towerIds = new Set<TowerId | null>(contract.towers.map((t) => t.id));
  return ok({
    contractId: contract.id,
    title: contract.title,
    status: contract.status,
    plannedValue: value.value,
    ownPlannedCost: own.value,
    plannedShare:
      period === null ? null : within === null ? { days: 0, ofDays: spanDays(span) } : shareOf(span, within),
    // Each part is prorated on its own, so each adds up over the periods exactly and so does their sum.
    planned: pnlOf(
      part(value.value.converted),
      total(c, [...towers.map((t) => t.planned.cost), part(own.value.converted)]),
    ),
    towers,
    unallocated: actuals(
      c,
      revenue.value.filter((l) => !towerIds.has(l.towerId)),
      spent.value.filter((k) => !towerIds.has(k.towerId)),
    ),
    ...actuals(c, revenue.value, spent.value),
  });
}

/**
 * An account's P&L: planned over its agreed contracts (prorated to the period when one is given), actual over all
 * its issued invoices and costs, with each agreed contract's P&L and what no listed contract explains. Refuses an
 * amount whose currency has no rate.
 */
export function accountPnl(
  accountId: AccountId,
  contracts: readonly Contract[],
  invoices: readonly Invoice[],
  costs: readonly CostEntry[],
  target: InCurrency,
  period: DateSpan | null = null,
): Result<AccountPnl, CurrencyMismatch> {
  const c = target.currency;
  const mine = contracts.filter((k) => k.accountId === accountId);
  const agreed = mine.filter((k) => AGREED_CONTRACT_STATUSES.includes(k.status));
  const accountInvoices = invoices.filter((i) => i.accountId === accountId);
  const accountCosts = costs.filter((k) => k.accountId === accountId);

  const perContract: ContractPnl[] = [];
  for (const k of agreed) {
    const p = contractPnl(k, accountInvoices, accountCosts, target, period);
    if (!p.ok) return p;
    perContract.push(p.value);
  }
  const listed = new Set<ContractId | null>(agreed.map((k) => k.id));
  const otherRevenue = revenueLines(
    accountInvoices.filter((i) => !listed.has(i.contractId)),
    target,
  );
  if (!otherRevenue.ok) return otherRevenue;
  const otherCosts = costLines(
    accountCosts.filter((k) => !listed.has(k.contractId)),
    target,
  );
  if (!otherCosts.ok) return otherCosts;
  return ok(
    composeAccountPnl(
      accountId,
      c,
      perContract,
      actuals(c, otherRevenue.value, otherCosts.value),
      mine.filter((k) => !AGREED_CONTRACT_STATUSES.includes(k.status)).map((k) => k.id),
    ),
  );
}

/**
 * An account's P&L from its agreed contracts' P&Ls and what no listed contract explains: planned is the contracts'
 * plan, actual their actuals and the rest. `accountPnl` composes it so; a caller that sums the lines elsewhere (in
 * SQL) composes its figures with this, the same way.
 */
export function composeAccountPnl(
  accountId: AccountId,
  c: Currency,
  perContract: readonly ContractPnl[],
  otherActuals: AccountPnl["otherActuals"],
  excludedContractIds: readonly ContractId[],
): AccountPnl {
  const sumOf = (pick: (p: Pnl) => Money, others: Money[]) =>
    total(c, [...perContract.map((p) => pick(p.actual)), ...others]);
  return {
    accountId,
    planned: pnlOf(
      total(
        c,
        perContract.map((p) => p.planned.revenue),
      ),
      total(
        c,
        perContract.map((p) => p.planned.cost),
      ),
    ),
    actual: pnlOf(
      sumOf((p) => p.revenue, [otherActuals.actual.revenue]),
      sumOf((p) => p.cost, [otherActuals.actual.cost]),
    ),
    contracts: perContract,
    excludedContractIds,
    otherActuals,
  };
}
