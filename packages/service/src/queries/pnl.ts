// P&L per account, contract and tower, computed by the domain's pnl policy (`accountPnl`, `contractPnl`) over
// the read tables, optionally over one period (its invoices and costs, and the planned figures prorated to it).
// Accounts are read a page at a time with only their own contracts, invoices and costs, so the workspace-wide
// report stays bounded.
import {
  type Account,
  AccountIdSchema,
  AccountSchema,
  accountPnl,
  ContractIdSchema,
  type ContractPnl,
  ContractSchema,
  type CostEntry,
  CostEntrySchema,
  type Currency,
  CurrencySchema,
  contractPnl,
  type Invoice,
  InvoiceSchema,
  isWithin,
  type Period,
  type Pnl,
  pnlOf,
  TowerIdSchema,
  total,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { asc, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import { notFound } from "../refusals.ts";
import { findData, listDataWhereIn, type Scope, selectRows } from "../scope.ts";
import { inCurrency, PeriodLabelSchema, reportCurrencyShape, resolvePeriod } from "./options.ts";
import { parseEach } from "./read.ts";
import {
  AccountPnlSchema,
  ContractPnlSchema,
  PeriodSchema,
  PnlSchema,
  readonlyArray,
  TowerPnlSchema,
} from "./report-schemas.ts";
import { type QueryResult, queryOk, queryRefused } from "./result.ts";

export const PnlOptionsSchema = z.strictObject({
  /** One account's P&L; every account with a contract, an invoice or a cost when no filter is given. */
  accountId: AccountIdSchema.optional(),
  /** One contract's P&L, per tower. */
  contractId: ContractIdSchema.optional(),
  /** One tower's P&L (with the contract that holds it). */
  towerId: TowerIdSchema.optional(),
  /**
   * Only the invoices issued and the costs dated in this period ("2026-Q3"), and each contract's planned figures
   * prorated to the days of its term in it; every invoice and cost and whole terms when absent.
   */
  period: PeriodLabelSchema.optional(),
  ...reportCurrencyShape,
});
export type PnlOptions = z.input<typeof PnlOptionsSchema>;

/** A tower's P&L, with the contract it belongs to. */
export const TowerPnlLineSchema = z
  .intersection(TowerPnlSchema, z.object({ contractId: ContractIdSchema, contractTitle: z.string() }))
  .meta({ id: "TowerPnlLine" });
export type TowerPnlLine = z.output<typeof TowerPnlLineSchema>;

/** An account's P&L, with the account's name. */
export const AccountPnlLineSchema = z
  .intersection(AccountPnlSchema, z.object({ accountName: z.string() }))
  .meta({ id: "AccountPnlLine" });
export type AccountPnlLine = z.output<typeof AccountPnlLineSchema>;

export const PnlReportSchema = z
  .object({
    /** What was asked for: every account, one account, one contract or one tower. */
    level: z.enum(["workspace", "account", "contract", "tower"]),
    currency: CurrencySchema,
    /**
     * The period the figures cover: actual ones are the invoices issued and costs dated in it, planned ones each
     * contract's share of it prorated by days. null: every invoice and cost on record, and whole terms.
     */
    period: PeriodSchema.nullable(),
    /** At workspace and account level, by account name; empty otherwise. */
    accounts: readonlyArray(AccountPnlLineSchema),
    /** At contract level, the contract; at tower level, the contract(s) holding the tower; empty otherwise. */
    contracts: readonlyArray(ContractPnlSchema),
    /** At tower level, the tower in each contract holding it; empty otherwise. */
    towers: readonlyArray(TowerPnlLineSchema),
    /** Σ of the accounts listed (workspace and account level); null at contract and tower level. */
    total: z.object({ planned: PnlSchema, actual: PnlSchema }).nullable(),
    /**
     * Accounts whose figures are not the reader's to see (their lines are masked): the total is the sum of the
     * other lines, so it reveals none of them. 0 when every line is shown.
     */
    withheld: z.number().int(),
  })
  .meta({
    id: "PnlReport",
    description:
      "P&L per account (all, or one), per contract with its towers, or per tower; optionally over a period.",
  });
export type PnlReport = z.output<typeof PnlReportSchema>;

const PAGE = 200;

/** The P&L asked for (see {@link PnlReport}); NotFound for an account, contract or tower the workspace lacks. */
export async function pnlReport(
  scope: Scope,
  options: z.output<typeof PnlOptionsSchema>,
): Promise<QueryResult<PnlReport>> {
  let period: Period | null = null;
  if (options.period !== undefined) {
    const p = resolvePeriod(options.period, scope.settings);
    if (!p.ok) return queryRefused(p.error);
    period = p.value;
  }
  const target = inCurrency(scope.settings, options);
  const currency = target.currency;
  const inPeriod = {
    invoices: (xs: Invoice[]) =>
      period === null ? xs : xs.filter((i) => i.issuedOn !== null && isWithin(i.issuedOn, period!)),
    costs: (xs: CostEntry[]) => (period === null ? xs : xs.filter((c) => isWithin(c.date, period!))),
  };
  const base = { currency, period, accounts: [], contracts: [], towers: [], total: null, withheld: 0 };

  if (options.contractId !== undefined || options.towerId !== undefined) {
    const c = schema.contracts;
    const rows = await selectRows(
      scope,
      c,
      { data: c.data },
      {
        where: [
          options.contractId === undefined ? undefined : eq(c.id, options.contractId),
          options.towerId === undefined
            ? undefined
            : sql`${c.data}->'towers' @> ${JSON.stringify([{ id: options.towerId }])}::jsonb`,
        ],
        orderBy: [asc(c.id)],
      },
    );
    const contracts = parseEach(ContractSchema, rows);
    if (contracts.length === 0)
      return queryRefused(
        options.contractId !== undefined && options.towerId === undefined
          ? notFound("contract", options.contractId)
          : notFound("tower", options.towerId!),
      );
    const ids = contracts.map((k) => k.id);
    const invoices = inPeriod.invoices(
      parseEach(InvoiceSchema, await rowsWhere(scope, schema.invoices, "contractId", ids)),
    );
    const costs = inPeriod.costs(
      parseEach(CostEntrySchema, await rowsWhere(scope, schema.costs, "contractId", ids)),
    );
    const pnls: ContractPnl[] = [];
    for (const k of contracts) {
      const p = contractPnl(k, invoices, costs, target, period);
      if (!p.ok) return queryRefused(p.error);
      pnls.push(p.value);
    }
    if (options.towerId === undefined) return queryOk({ ...base, level: "contract", contracts: pnls });
    const towers = pnls.flatMap((p) =>
      p.towers
        .filter((t) => t.towerId === options.towerId)
        .map((t) => ({ ...t, contractId: p.contractId, contractTitle: p.title })),
    );
    return queryOk({ ...base, level: "tower", contracts: pnls, towers });
  }

  if (options.accountId !== undefined) {
    const data = await findData(scope, schema.accounts, options.accountId);
    if (data === undefined) return queryRefused(notFound("account", options.accountId));
  }
  const a = schema.accounts;
  const lines: AccountPnlLine[] = [];
  let afterId: string | undefined;
  for (;;) {
    const accounts: Account[] = parseEach(
      AccountSchema,
      await selectRows(
        scope,
        a,
        { data: a.data },
        {
          where: [
            options.accountId === undefined ? undefined : eq(a.id, options.accountId),
            afterId === undefined ? undefined : gt(a.id, afterId),
          ],
          orderBy: [asc(a.id)],
          limit: PAGE,
        },
      ),
    );
    if (accounts.length === 0) break;
    afterId = accounts[accounts.length - 1]!.id;
    const ids = accounts.map((x) => x.id);
    const contracts = parseEach(ContractSchema, await rowsWhere(scope, schema.contracts, "accountId", ids));
    const invoices = inPeriod.invoices(
      parseEach(InvoiceSchema, await rowsWhere(scope, schema.invoices, "accountId", ids)),
    );
    const costs = inPeriod.costs(
      parseEach(CostEntrySchema, await rowsWhere(scope, schema.costs, "accountId", ids)),
    );
    for (const account of accounts) {
      const p = accountPnl(account.id, contracts, invoices, costs, target, period);
      if (!p.ok) return queryRefused(p.error);
      const empty =
        p.value.contracts.length === 0 &&
        p.value.excludedContractIds.length === 0 &&
        p.value.otherActuals.revenueLines.length === 0 &&
        p.value.otherActuals.costEntries.length === 0;
      // The workspace's P&L lists the accounts that have money on record; one account is shown even empty.
      if (empty && options.accountId === undefined) continue;
      lines.push({ ...p.value, accountName: account.name });
    }
    if (accounts.length < PAGE) break;
  }
  lines.sort((x, y) =>
    x.accountName < y.accountName
      ? -1
      : x.accountName > y.accountName
        ? 1
        : x.accountId < y.accountId
          ? -1
          : 1,
  );
  return queryOk({
    ...base,
    level: options.accountId === undefined ? "workspace" : "account",
    accounts: lines,
    total: pnlTotal(currency, lines),
  });
}

/** Σ of the accounts' planned and actual P&L, in the report's currency. */
export function pnlTotal(
  currency: Currency,
  lines: readonly Pick<AccountPnlLine, "planned" | "actual">[],
): { planned: Pnl; actual: Pnl } {
  const sum = (pick: (l: Pick<AccountPnlLine, "planned" | "actual">) => Pnl) =>
    pnlOf(
      total(
        currency,
        lines.map((l) => pick(l).revenue),
      ),
      total(
        currency,
        lines.map((l) => pick(l).cost),
      ),
    );
  return { planned: sum((l) => l.planned), actual: sum((l) => l.actual) };
}

type MoneyTable = typeof schema.contracts | typeof schema.invoices | typeof schema.costs;

/** The rows of `table` whose `column` is one of `values`, within the workspace. */
async function rowsWhere(
  scope: Scope,
  table: MoneyTable,
  column: "accountId" | "contractId",
  values: readonly string[],
): Promise<{ data: unknown }[]> {
  const col = (table as unknown as Record<string, Parameters<typeof listDataWhereIn>[2]>)[column];
  if (!col) throw new Error(`${column} is not a column of that table`);
  const data = await listDataWhereIn(scope, table, col, values);
  return data.map((d) => ({ data: d }));
}
