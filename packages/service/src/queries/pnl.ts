// P&L per account, contract and tower, optionally over one period (its invoices and costs, and the planned
// figures prorated to it). The actual figures are aggregated where the data is: every billed invoice line and
// every cost entry converted into the report's currency on its own and rounded as the domain does (a line's
// quantity × unit price half-even, then the rate half-even), summed exactly in SQL per account, contract and
// tower; no invoice or cost is read into the process. The planned figures are each contract's own arithmetic
// (its value, costs and towers prorated to the period), the domain's `contractPnl` over the contract's row. A
// property test holds the result equal to the domain's `accountPnl`/`contractPnl` (the specification) on random
// data, on both drivers. The invoice lines and cost entries behind the figures are listed only when asked
// (`lines`, for one account, contract or tower): then the domain computes the report from the entities.
import {
  type Account,
  type AccountId,
  AccountIdSchema,
  type AccountPnl,
  type Actuals,
  AGREED_CONTRACT_STATUSES,
  accountPnl,
  BILLED_INVOICE_STATUSES,
  type Contract,
  ContractIdSchema,
  type ContractPnl,
  type CostEntry,
  type Currency,
  CurrencySchema,
  composeAccountPnl,
  contractPnl,
  currencyMismatch,
  type InCurrency,
  type Invoice,
  isWithin,
  type Money,
  money,
  type Period,
  type Pnl,
  pnlOf,
  refuse,
  TowerIdSchema,
  total,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { asc, eq, gt, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { notFound } from "../refusals.ts";
import { findData, listDataWhereIn, type Scope, selectRows } from "../scope.ts";
import { inCurrency, PeriodLabelSchema, reportCurrencyShape, resolvePeriod } from "./options.ts";
import {
  AccountPnlSchema,
  ContractPnlSchema,
  PeriodSchema,
  PnlSchema,
  readonlyArray,
  TowerPnlSchema,
} from "./report-schemas.ts";
import { type QueryResult, queryOk, queryRefused } from "./result.ts";
import { convertedMinor, halfEven, minor, rowsOf } from "./sql-money.ts";

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
  /**
   * Also list the invoice lines and cost entries behind each figure (`revenueLines`, `costEntries`), for one
   * account, contract or tower; they are empty unless asked.
   */
  lines: z.union([z.boolean(), z.stringbool()]).optional(),
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
  if (!options.lines) return pnlInSql(scope, options, target, period);
  if (options.accountId === undefined && options.contractId === undefined && options.towerId === undefined)
    return queryRefused(
      refuse.invalidInput(
        "lines",
        "The lines behind the figures are listed for one account, contract or tower.",
      ),
    );
  return pnlFromEntities(scope, options, target, period);
}

/** The report with its lines: the domain's `accountPnl`/`contractPnl` over the entities read. */
async function pnlFromEntities(
  scope: Scope,
  options: z.output<typeof PnlOptionsSchema>,
  target: InCurrency,
  period: Period | null,
): Promise<QueryResult<PnlReport>> {
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
    const contracts = trusted<Contract>(rows);
    if (contracts.length === 0)
      return queryRefused(
        options.contractId !== undefined && options.towerId === undefined
          ? notFound("contract", options.contractId)
          : notFound("tower", options.towerId!),
      );
    const ids = contracts.map((k) => k.id);
    const invoices = inPeriod.invoices(
      trusted<Invoice>(await rowsWhere(scope, schema.invoices, "contractId", ids)).sort(byId),
    );
    const costs = inPeriod.costs(
      trusted<CostEntry>(await rowsWhere(scope, schema.costs, "contractId", ids)).sort(byId),
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
    const accounts: Account[] = trusted<Account>(
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
    const contracts = trusted<Contract>(await rowsWhere(scope, schema.contracts, "accountId", ids)).sort(
      byId,
    );
    const invoices = inPeriod.invoices(
      trusted<Invoice>(await rowsWhere(scope, schema.invoices, "accountId", ids)).sort(byId),
    );
    const costs = inPeriod.costs(
      trusted<CostEntry>(await rowsWhere(scope, schema.costs, "accountId", ids)).sort(byId),
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
  return queryOk(accountsAnswer(base, options.accountId, currency, lines));
}

/** The order of a P&L's accounts: by name, then id. */
export function byAccountName(x: AccountPnlLine, y: AccountPnlLine): number {
  if (x.accountName !== y.accountName) return x.accountName < y.accountName ? -1 : 1;
  return x.accountId < y.accountId ? -1 : x.accountId > y.accountId ? 1 : 0;
}

/** The P&L of the workspace's accounts (or of one), in order, with their total: both paths answer so. */
function accountsAnswer<B extends object>(
  base: B,
  accountId: string | undefined,
  currency: Currency,
  lines: AccountPnlLine[],
) {
  lines.sort(byAccountName);
  return {
    ...base,
    level: accountId === undefined ? ("workspace" as const) : ("account" as const),
    accounts: lines,
    total: pnlTotal(currency, lines),
  };
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

/** Rows checked when projected (the house's "reads trust the projection"), as the domain's entities. */
const trusted = <T>(rows: readonly { readonly data: unknown }[]): T[] => rows.map((r) => r.data as T);

const byId = <T extends { readonly id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** An account's P&L without the lines behind its figures (as the report gives it unless they are asked for). */
export function withoutLines(p: AccountPnl): AccountPnl {
  const bare = <A extends Actuals>(a: A): A => ({ ...a, revenueLines: [], costEntries: [] });
  return {
    ...p,
    contracts: p.contracts.map((k) => ({
      ...bare(k),
      towers: k.towers.map(bare),
      unallocated: bare(k.unallocated),
    })),
    otherActuals: bare(p.otherActuals),
  };
}

// --- SQL ---------------------------------------------------------------------------------------------------

/** The sums of one kind (billed invoice lines, or costs) of one account, contract and tower, in the report's currency. */
interface SumRow {
  readonly kind: "revenue" | "cost";
  readonly account_id: string;
  readonly contract_id: string | null;
  readonly tower_id: string | null;
  readonly n: number;
  readonly unrated: number;
  /** The first (by code) currency with no rate into the report's, when `unrated`. */
  readonly unrated_currency: string | null;
  readonly total: string | null;
}

/** Which invoices and costs to sum: those of the workspace's accounts, of one account, or of some contracts. */
type SumsOf =
  | { readonly kind: "workspace" }
  | { readonly kind: "account"; readonly accountId: string }
  | { readonly kind: "contracts"; readonly contractIds: readonly string[] };

/**
 * Billed invoice lines and cost entries summed per (account, contract, tower), each converted into the report's
 * currency on its own as the domain converts it: a line is its quantity (three decimals at most) × its unit price
 * rounded half-even, then converted half-even; a cost its amount converted. Invoices by the day they were issued
 * and costs by their date when a period is given; voided costs, and draft or void invoices, count nowhere.
 */
function sumsQuery(scope: Scope, of: SumsOf, target: InCurrency, period: Period | null): SQL {
  const i = schema.invoices;
  const k = schema.costs;
  const a = schema.accounts;
  const ws = scope.workspaceId;
  const line = sql`l.value`;
  const lineAmount = halfEven(
    sql`((${line}->'unitPrice'->>'amount')::numeric * ((${line}->>'quantity')::numeric * 1000))`,
    sql`1000::numeric`,
  );
  const filter = (t: typeof i | typeof k): SQL =>
    of.kind === "account"
      ? sql`and ${t.accountId} = ${of.accountId}`
      : of.kind === "contracts"
        ? sql`and ${t.contractId} in (select jsonb_array_elements_text(${JSON.stringify(of.contractIds)}::jsonb))`
        : // The workspace's P&L lists its accounts: money of an account it does not hold counts nowhere.
          sql`and ${t.accountId} in (select ${a.id} from ${a} where ${a.workspaceId} = ${ws})`;
  const invoicesIn =
    period === null
      ? sql``
      : sql`and (${i.data}->>'issuedOn')::date between ${period.start}::date and ${period.end}::date`;
  const costsIn =
    period === null ? sql`` : sql`and ${k.date} between ${period.start}::date and ${period.end}::date`;
  const billed = sql.join(
    BILLED_INVOICE_STATUSES.map((st) => sql`${st}`),
    sql`, `,
  );
  const converted = convertedMinor(sql`x.amount`, sql`x.currency`, target.currency, target.rates);
  // `offset 0` keeps each subquery whole, so a line's amount and its conversion are computed once each.
  return sql`
    select kind, account_id, contract_id, tower_id, count(*)::int as n,
      (count(*) filter (where converted is null))::int as unrated,
      min(currency) filter (where converted is null) as unrated_currency,
      sum(converted)::text as total
    from (
      select x.*, ${converted} as converted
      from (
        select 'revenue' as kind, ${i.accountId} as account_id, ${i.contractId} as contract_id,
          ${line}->>'towerId' as tower_id, ${lineAmount}::bigint as amount,
          ${line}->'unitPrice'->>'currency' as currency
        from ${i} cross join lateral jsonb_array_elements(${i.data}->'lines') as l
        where ${i.workspaceId} = ${ws} and ${i.status} in (${billed}) ${invoicesIn} ${filter(i)}
        union all
        select 'cost', ${k.accountId}, ${k.contractId}, ${k.towerId}, (${k.data}->'amount'->>'amount')::bigint,
          ${k.data}->'amount'->>'currency'
        from ${k}
        where ${k.workspaceId} = ${ws} and ${k.status} <> 'voided' ${costsIn} ${filter(k)}
        offset 0
      ) x
      offset 0
    ) y
    group by kind, account_id, contract_id, tower_id`;
}

/** Money summed in SQL, and how many lines or entries it adds up. */
interface Tally {
  revenue: bigint;
  revenueN: number;
  cost: bigint;
  costN: number;
}
const noTally = (): Tally => ({ revenue: 0n, revenueN: 0, cost: 0n, costN: 0 });

function add(t: Tally, r: SumRow): void {
  const v = BigInt(r.total ?? "0");
  if (r.kind === "revenue") {
    t.revenue += v;
    t.revenueN += r.n;
  } else {
    t.cost += v;
    t.costN += r.n;
  }
}

/** Actual figures from a tally; the lines behind them are not listed. */
function actualsOf(t: Tally, currency: Currency): Actuals {
  return {
    actual: pnlOf(minor(t.revenue.toString(), currency), minor(t.cost.toString(), currency)),
    revenueLines: [],
    costEntries: [],
  };
}

/**
 * A contract's P&L from its sums: the planned figures are the domain's (`contractPnl` of the contract over no
 * invoice or cost: its value, own cost and towers converted and prorated), the actual ones the sums of its
 * lines and costs per tower, those naming no tower of it unallocated.
 */
function contractFrom(
  contract: Contract,
  rows: readonly SumRow[],
  target: InCurrency,
  period: Period | null,
): QueryResult<ContractPnl> {
  const planned = contractPnl(contract, [], [], target, period);
  if (!planned.ok) return queryRefused(planned.error);
  const towerIds = new Set<string>(contract.towers.map((t) => t.id));
  const all = noTally();
  const unallocated = noTally();
  const byTower = new Map<string, Tally>();
  for (const r of rows) {
    add(all, r);
    if (r.tower_id !== null && towerIds.has(r.tower_id)) {
      const t = byTower.get(r.tower_id) ?? noTally();
      byTower.set(r.tower_id, t);
      add(t, r);
    } else add(unallocated, r);
  }
  const c = target.currency;
  return queryOk({
    ...planned.value,
    towers: planned.value.towers.map((t) => ({ ...t, ...actualsOf(byTower.get(t.towerId) ?? noTally(), c) })),
    unallocated: actualsOf(unallocated, c),
    ...actualsOf(all, c),
  });
}

/** The report without lines: sums from SQL, planned figures per contract. */
async function pnlInSql(
  scope: Scope,
  options: z.output<typeof PnlOptionsSchema>,
  target: InCurrency,
  period: Period | null,
): Promise<QueryResult<PnlReport>> {
  const currency = target.currency;
  const base = { currency, period, accounts: [], contracts: [], towers: [], total: null, withheld: 0 };
  const c = schema.contracts;
  const sums = async (of: SumsOf): Promise<QueryResult<SumRow[]>> => {
    const rows = rowsOf<SumRow>(await scope.db.execute(sumsQuery(scope, of, target, period)));
    const unrated = rows.find((r) => r.unrated > 0);
    return unrated
      ? queryRefused(currencyMismatch(currency, unrated.unrated_currency as Currency))
      : queryOk(rows);
  };
  // Only what a contract's plan is made of, from its columns and record (checked when projected: the house's
  // "reads trust the projection"), as the domain's Contract for `contractPnl`.
  const contractsWhere = async (...where: (SQL | undefined)[]): Promise<Contract[]> =>
    (
      await selectRows(
        scope,
        c,
        {
          id: c.id,
          accountId: c.accountId,
          title: c.title,
          status: c.status,
          valueMinor: c.valueMinor,
          currency: c.currency,
          startDate: c.startDate,
          endDate: c.endDate,
          plannedCost: sql<Money | null>`${c.data}->'plannedCost'`,
          towers: sql<Contract["towers"]>`${c.data}->'towers'`,
          endedAt: sql<string | null>`${c.data}->>'endedAt'`,
        },
        { where, orderBy: [asc(c.id)] },
      )
    ).map(
      ({ valueMinor, currency: valueCurrency, ...k }) =>
        ({ ...k, value: money(valueMinor, valueCurrency) }) as unknown as Contract,
    );

  if (options.contractId !== undefined || options.towerId !== undefined) {
    const contracts = await contractsWhere(
      options.contractId === undefined ? undefined : eq(c.id, options.contractId),
      options.towerId === undefined
        ? undefined
        : sql`${c.data}->'towers' @> ${JSON.stringify([{ id: options.towerId }])}::jsonb`,
    );
    if (contracts.length === 0)
      return queryRefused(
        options.contractId !== undefined && options.towerId === undefined
          ? notFound("contract", options.contractId)
          : notFound("tower", options.towerId!),
      );
    const rows = await sums({ kind: "contracts", contractIds: contracts.map((k) => k.id) });
    if (!rows.ok) return rows;
    const pnls: ContractPnl[] = [];
    for (const k of contracts) {
      const p = contractFrom(
        k,
        rows.value.filter((r) => r.contract_id === k.id),
        target,
        period,
      );
      if (!p.ok) return p;
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

  const a = schema.accounts;
  let names: { id: string; name: string }[];
  let contracts: Contract[];
  let rows: QueryResult<SumRow[]>;
  if (options.accountId !== undefined) {
    names = await selectRows(scope, a, { id: a.id, name: a.name }, { where: [eq(a.id, options.accountId)] });
    if (names.length === 0) return queryRefused(notFound("account", options.accountId));
    [contracts, rows] = await Promise.all([
      contractsWhere(eq(c.accountId, options.accountId)),
      sums({ kind: "account", accountId: options.accountId }),
    ]);
  } else {
    [contracts, rows] = await Promise.all([
      contractsWhere(
        sql`${c.accountId} in (select ${a.id} from ${a} where ${a.workspaceId} = ${scope.workspaceId})`,
      ),
      sums({ kind: "workspace" }),
    ]);
    names = [];
  }
  if (!rows.ok) return rows;
  // Per account: its contracts (by id) and its sums.
  const byAccount = new Map<string, { contracts: Contract[]; rows: SumRow[] }>();
  const of = (id: string) => {
    const x = byAccount.get(id) ?? { contracts: [], rows: [] };
    byAccount.set(id, x);
    return x;
  };
  for (const k of contracts) of(k.accountId).contracts.push(k);
  for (const r of rows.value) of(r.account_id).rows.push(r);
  if (options.accountId === undefined) {
    // The workspace's P&L lists the accounts that have money on record: a contract, a billed line or a cost.
    const all = await selectRows(scope, a, { id: a.id, name: a.name });
    names = all.filter((x) => byAccount.has(x.id));
  }
  const lines: AccountPnlLine[] = [];
  for (const { id, name } of names) {
    const p = accountFrom(id as AccountId, byAccount.get(id) ?? { contracts: [], rows: [] }, target, period);
    if (!p.ok) return p;
    lines.push({ ...p.value, accountName: name });
  }
  return queryOk(accountsAnswer(base, options.accountId, currency, lines));
}

/**
 * An account's P&L from its contracts and sums, as the domain's `accountPnl` composes it: planned over the
 * agreed contracts, each agreed contract's actuals from the account's lines and costs naming it, the rest
 * (no contract, one never agreed, another account's) under `otherActuals`.
 */
function accountFrom(
  accountId: AccountId,
  mine: { readonly contracts: readonly Contract[]; readonly rows: readonly SumRow[] },
  target: InCurrency,
  period: Period | null,
): QueryResult<AccountPnl> {
  const c = target.currency;
  const agreed = mine.contracts.filter((k) => AGREED_CONTRACT_STATUSES.includes(k.status));
  const listed = new Set<string>(agreed.map((k) => k.id));
  const perContract: ContractPnl[] = [];
  for (const k of agreed) {
    const p = contractFrom(
      k,
      mine.rows.filter((r) => r.contract_id === k.id),
      target,
      period,
    );
    if (!p.ok) return p;
    perContract.push(p.value);
  }
  const other = noTally();
  for (const r of mine.rows) if (r.contract_id === null || !listed.has(r.contract_id)) add(other, r);
  return queryOk(
    composeAccountPnl(
      accountId,
      c,
      perContract,
      actualsOf(other, c),
      mine.contracts.filter((k) => !AGREED_CONTRACT_STATUSES.includes(k.status)).map((k) => k.id),
    ),
  );
}
