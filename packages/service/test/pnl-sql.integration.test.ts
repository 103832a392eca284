// The P&L summed in SQL equals the domain's `accountPnl`/`contractPnl` (the specification) on random accounts,
// contracts, invoices and costs: contracts of every status, with and without towers (a tower id shared by
// several contracts), an own planned cost or none, terminated before, within or after their term; invoices of
// every status, issued or not, on either side of the period's edges, naming a contract, none, another account's
// or one never agreed, with lines whose quantity × unit price lands on half a minor unit, negative ones
// included, naming a tower of their contract, of another or none; costs recorded or voided; amounts in
// currencies with and without a rate (minor units of 0, 2 and 3 digits), rates whose conversion lands on half a
// minor unit. Every level: the workspace, one account, one contract, one tower; over a period or not.
import { randomBytes } from "node:crypto";
import {
  type Account,
  type AccountPnl,
  type Actuals,
  accountPnl,
  type Contract,
  type ContractPnl,
  type CostEntry,
  type Currency,
  contractPnl,
  type ExchangeRate,
  type Invoice,
  isWithin,
  money,
} from "@accountable/domain";
import { type DatabaseHandle, schema } from "@accountable/store";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountRow } from "../src/aggregates/account.ts";
import { contractRow } from "../src/aggregates/contract.ts";
import { costRow, invoiceRow } from "../src/aggregates/money.ts";
import { loadScope } from "../src/execute.ts";
import { createService, type Service } from "../src/index.ts";
import { resolvePeriod } from "../src/queries/options.ts";
import { byAccountName, pnlTotal } from "../src/queries/pnl.ts";
import { TARGETS } from "./databases.ts";
import { seedWorkspace } from "./scenario.ts";

const CURRENCIES = ["EUR", "USD", "JPY", "KWD", "GBP"] as const;
const ACCOUNTS = ["a-1", "a-2", "a-3", "a-4"] as const;
const CONTRACTS = ["k-1", "k-2", "k-3", "k-4", "k-5", "k-6"] as const;
const TOWERS = ["t-1", "t-2", "t-3"] as const;
const PERIODS = ["2026-Q1", "2026-Q3", "2026", "2026-03"] as const;
const CONTRACT_STATUSES = [
  "draft",
  "negotiation",
  "pending_approval",
  "withdrawn",
  "signed",
  "active",
  "expiring",
  "renewed",
  "expired",
  "terminated",
] as const;
const INVOICE_STATUSES = ["draft", "issued", "overdue", "paid", "written_off", "void"] as const;

const day = fc
  .integer({ min: 0, max: 500 })
  .map((n) => new Date(Date.UTC(2025, 10, 1) + n * 86_400_000).toISOString().slice(0, 10));

// Multiples of 50 and of 1,000 meet the half-unit ties of a conversion; small ones round to zero.
const amount = fc.oneof(
  fc.integer({ min: 0, max: 100_000_000 }),
  fc.integer({ min: 1, max: 2_000_000 }).map((n) => n * 50),
  fc.integer({ min: 1, max: 1_000 }),
);
const currency = fc.constantFrom(...CURRENCIES);
const rate = fc.oneof(
  fc.constantFrom("0.5", "1.25", "2", "0.005", "150"),
  fc
    .tuple(fc.integer({ min: 1, max: 30_000 }), fc.integer({ min: 0, max: 6 }))
    .map(([n, scale]) => (n / 10 ** scale).toFixed(scale)),
);

const contract = fc.record({
  id: fc.constantFrom(...CONTRACTS),
  accountId: fc.constantFrom(...ACCOUNTS, "a-gone"),
  status: fc.constantFrom(...CONTRACT_STATUSES),
  value: amount,
  currency,
  plannedCost: fc.option(fc.tuple(amount, currency)),
  start: day,
  days: fc.integer({ min: 0, max: 800 }),
  endedAt: fc.option(day),
  towers: fc.uniqueArray(
    fc.record({ id: fc.constantFrom(...TOWERS), value: amount, cost: amount, currency }),
    {
      maxLength: 3,
      selector: (t) => t.id,
    },
  ),
});

const invoice = fc.record({
  suffix: fc.stringMatching(/^[a-z0-9]{1,5}$/),
  accountId: fc.constantFrom(...ACCOUNTS, "a-gone"),
  contractId: fc.option(fc.constantFrom(...CONTRACTS, "k-none")),
  status: fc.constantFrom(...INVOICE_STATUSES),
  issuedOn: fc.option(day),
  currency,
  lines: fc.array(
    fc.record({
      quantity: fc.constantFrom("1", "0", "7.5", "0.333", "2.125", "0.5", "12.005"),
      unitPrice: fc.oneof(amount, fc.integer({ min: -50_000, max: -1 })),
      towerId: fc.option(fc.constantFrom(...TOWERS)),
    }),
    { maxLength: 3 },
  ),
});

const cost = fc.record({
  suffix: fc.stringMatching(/^[a-z0-9]{1,5}$/),
  accountId: fc.constantFrom(...ACCOUNTS, "a-gone"),
  contractId: fc.option(fc.constantFrom(...CONTRACTS, "k-none")),
  towerId: fc.option(fc.constantFrom(...TOWERS)),
  voided: fc.boolean(),
  date: day,
  amount,
  currency,
});

const scenario = fc.record({
  // Two accounts may share a name: the report orders them by name, then id.
  names: fc.tuple(...ACCOUNTS.map(() => fc.constantFrom("Acme", "Beta", "Zeta"))),
  missing: fc.subarray([...ACCOUNTS], { maxLength: 1 }),
  contracts: fc.uniqueArray(contract, { maxLength: 6, selector: (k) => k.id }),
  invoices: fc.uniqueArray(invoice, { maxLength: 8, selector: (i) => i.suffix }),
  costs: fc.uniqueArray(cost, { maxLength: 8, selector: (c) => c.suffix }),
  level: fc.oneof(
    fc.constant({ kind: "workspace" as const }),
    fc.record({ kind: fc.constant("account" as const), id: fc.constantFrom(...ACCOUNTS) }),
    fc.record({ kind: fc.constant("contract" as const), id: fc.constantFrom(...CONTRACTS) }),
    fc.record({ kind: fc.constant("tower" as const), id: fc.constantFrom(...TOWERS) }),
  ),
  period: fc.option(fc.constantFrom(...PERIODS)),
  target: fc.constantFrom<Currency>("EUR" as Currency, "JPY" as Currency, "KWD" as Currency),
  rates: fc.record({ EUR: rate, USD: rate, JPY: rate, KWD: rate, GBP: rate }),
  // A currency with no rate into the report's (a refusal when an amount counted is in it).
  unrated: fc.subarray([...CURRENCIES], { maxLength: 1 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00.000Z`) + n * 86_400_000).toISOString().slice(0, 10);

// Only the fields the P&L and the read tables' columns read.
function entities(s: Scenario) {
  const accounts = ACCOUNTS.filter((id) => !s.missing.includes(id)).map(
    (id, i) =>
      ({ id, name: s.names[i], status: "active", ownerId: "m-1", parentId: null }) as unknown as Account,
  );
  const contracts = s.contracts.map(
    (k) =>
      ({
        id: k.id,
        accountId: k.accountId,
        opportunityId: null,
        ownerId: "m-1",
        title: `Contract ${k.id}`,
        status: k.status,
        value: money(k.value, k.currency),
        plannedCost: k.plannedCost === null ? null : money(k.plannedCost[0], k.plannedCost[1]),
        startDate: k.start,
        endDate: addDays(k.start, k.days),
        towers: k.towers.map((t) => ({
          id: t.id,
          name: `Tower ${t.id}`,
          value: money(t.value, t.currency),
          cost: money(t.cost, t.currency),
        })),
        endedAt: k.status === "terminated" && k.endedAt !== null ? `${k.endedAt}T10:00:00.000Z` : null,
      }) as unknown as Contract,
  );
  const invoices = s.invoices.map(
    (i) =>
      ({
        id: `i-${i.suffix}`,
        accountId: i.accountId,
        contractId: i.contractId,
        status: i.status,
        dueDate: "2026-06-01",
        currency: i.currency,
        issuedOn: i.status === "draft" ? null : i.issuedOn,
        lines: i.lines.map((l, n) => ({
          description: `Line ${n}`,
          quantity: l.quantity,
          unitPrice: money(l.unitPrice, i.currency),
          towerId: l.towerId,
        })),
      }) as unknown as Invoice,
  );
  const costs = s.costs.map(
    (c) =>
      ({
        id: `c-${c.suffix}`,
        accountId: c.accountId,
        contractId: c.contractId,
        towerId: c.contractId === null ? null : c.towerId,
        status: c.voided ? "voided" : "recorded",
        date: c.date,
        amount: money(c.amount, c.currency),
        category: "labour",
      }) as unknown as CostEntry,
  );
  return { accounts, contracts, invoices, costs };
}

const bare = <A extends Actuals>(a: A): A => ({ ...a, revenueLines: [], costEntries: [] });
const bareContract = (k: ContractPnl): ContractPnl => ({
  ...bare(k),
  towers: k.towers.map(bare),
  unallocated: bare(k.unallocated),
});
const bareAccount = (p: AccountPnl): AccountPnl => ({
  ...p,
  contracts: p.contracts.map(bareContract),
  otherActuals: bare(p.otherActuals),
});
const byId = <T extends { readonly id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`P&L in SQL on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let service: Service;
    const ws = `ws-${randomBytes(4).toString("hex")}`;

    beforeAll(async () => {
      handle = await target.open();
      service = createService({ db: handle.db });
      await seedWorkspace(service, ws);
    });

    afterAll(async () => {
      await handle?.close();
    });

    async function replace(e: ReturnType<typeof entities>): Promise<void> {
      const at = "2026-01-01T00:00:00.000Z";
      const t = schema;
      for (const table of [t.accounts, t.contracts, t.invoices, t.costs])
        await handle.db.delete(table).where(eq(table.workspaceId, ws));
      const put = async <R extends object>(table: typeof t.accounts, rows: R[]) => {
        if (rows.length > 0)
          await handle.db.insert(table).values(rows.map((r) => ({ workspaceId: ws, ...r })) as never);
      };
      await put(
        t.accounts,
        e.accounts.map((x) => accountRow(x, 1, at)),
      );
      await put(
        t.contracts as never,
        e.contracts.map((x) => contractRow(x, 1, at)),
      );
      await put(
        t.invoices as never,
        e.invoices.map((x) => invoiceRow(x, 1, at)),
      );
      await put(
        t.costs as never,
        e.costs.map((x) => costRow(x, 1, at)),
      );
    }

    it("equals the domain's P&L on random accounts, contracts, invoices and costs", async () => {
      const settings = (await loadScope(handle.db, ws)).settings;
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          const e = entities(s);
          await replace(e);
          const rates: ExchangeRate[] = CURRENCIES.filter(
            (c) => c !== s.target && !s.unrated.includes(c),
          ).map((c) => ({ from: c as Currency, to: s.target, rate: s.rates[c] }));
          const inCurrency = { currency: s.target, rates };
          const period = s.period === null ? null : resolvePeriod(s.period, settings);
          if (period !== null && !period.ok) throw new Error(period.error.message);
          const p = period === null ? null : period.value;
          // The report lists lines by invoice id, then position, and costs by id.
          const invoices = [...e.invoices]
            .sort(byId)
            .filter((i) => p === null || (i.issuedOn !== null && isWithin(i.issuedOn, p)));
          const costs = [...e.costs].sort(byId).filter((c) => p === null || isWithin(c.date, p));
          const contracts = [...e.contracts].sort(byId);

          const options = {
            currency: s.target,
            rates,
            ...(s.period === null ? {} : { period: s.period }),
            ...(s.level.kind === "account" ? { accountId: s.level.id } : {}),
            ...(s.level.kind === "contract" ? { contractId: s.level.id } : {}),
            ...(s.level.kind === "tower" ? { towerId: s.level.id } : {}),
          };
          const actual = await service.queries.pnl(ws, options);
          // With its lines (one account, contract or tower), the report is the domain's own, lines and all.
          const withLines =
            s.level.kind === "workspace" ? null : await service.queries.pnl(ws, { ...options, lines: true });

          if (s.level.kind === "contract" || s.level.kind === "tower") {
            const level = s.level;
            const asked = contracts.filter((k) =>
              level.kind === "contract" ? k.id === level.id : k.towers.some((t) => t.id === level.id),
            );
            if (asked.length === 0) {
              expect(actual).toMatchObject({ ok: false, error: { _tag: "NotFound" } });
              return;
            }
            const full: ContractPnl[] = [];
            for (const k of asked) {
              const r = contractPnl(k, invoices, costs, inCurrency, p);
              if (!r.ok) {
                expect(actual.ok || actual.error).toEqual(r.error);
                expect(withLines?.ok || withLines?.error).toEqual(r.error);
                return;
              }
              full.push(r.value);
            }
            const pnls = full.map(bareContract);
            if (!actual.ok) throw new Error(`${actual.error._tag}: ${actual.error.message}`);
            expect(actual.value.contracts).toEqual(pnls);
            expect(withLines?.ok && withLines.value.contracts).toEqual(full);
            expect(actual.value.level).toBe(level.kind);
            if (level.kind === "tower")
              expect(actual.value.towers).toEqual(
                pnls.flatMap((k) =>
                  k.towers
                    .filter((t) => t.towerId === level.id)
                    .map((t) => ({ ...t, contractId: k.contractId, contractTitle: k.title })),
                ),
              );
            return;
          }

          const level = s.level;
          const shown = e.accounts.filter((a) => level.kind === "workspace" || a.id === level.id);
          if (shown.length === 0) {
            expect(actual).toMatchObject({ ok: false, error: { _tag: "NotFound" } });
            return;
          }
          const lines = [];
          const full = [];
          for (const a of shown) {
            const r = accountPnl(a.id, contracts, invoices, costs, inCurrency, p);
            if (!r.ok) {
              expect(actual.ok || actual.error).toEqual(r.error);
              if (withLines) expect(withLines.ok || withLines.error).toEqual(r.error);
              return;
            }
            const empty =
              r.value.contracts.length === 0 &&
              r.value.excludedContractIds.length === 0 &&
              r.value.otherActuals.revenueLines.length === 0 &&
              r.value.otherActuals.costEntries.length === 0;
            if (empty && level.kind === "workspace") continue;
            lines.push({ ...bareAccount(r.value), accountName: a.name });
            full.push({ ...r.value, accountName: a.name });
          }
          lines.sort(byAccountName);
          if (!actual.ok) throw new Error(`${actual.error._tag}: ${actual.error.message}`);
          expect(actual.value.accounts).toEqual(lines);
          expect(actual.value.total).toEqual(pnlTotal(s.target, lines));
          if (withLines) expect(withLines.ok && withLines.value.accounts).toEqual(full);
        }),
        { numRuns: target.name === "PGlite" ? 120 : 200 },
      );
    }, 300_000);
  });
}
