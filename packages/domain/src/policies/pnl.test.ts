import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  contract,
  costEntry,
  EUR,
  eur,
  GBP,
  IN_EUR,
  invoice,
  JPY,
  line,
  RATES,
  tower,
  USD,
  usd,
} from "../../testing/policies.fixtures.ts";
import { INVOICE_STATUSES, lineAmount } from "../entities/invoice.ts";
import { date, timestamp } from "../kernel/calendar-date.ts";
import { periodsBetween } from "../kernel/fiscal.ts";
import { asId } from "../kernel/ids.ts";
import { convertWith, money } from "../kernel/money.ts";
import { accountPnl, type ContractPnl, contractPnl, contractSpan, pnlOf } from "./pnl.ts";
import { prorate } from "./proration.ts";

const k1 = asId.contract("k1");
const k2 = asId.contract("k2");
const k3 = asId.contract("k3");
const sd = asId.tower("t-sd");
const inf = asId.tower("t-inf");

const outsourcing = contract("k1", {
  title: "Outsourcing",
  value: eur(12_000_000),
  towers: [
    tower("t-sd", eur(6_000_000), eur(4_500_000), { name: "Service desk" }),
    tower("t-inf", usd(5_000_000), eur(3_000_000), { name: "Infrastructure" }),
  ],
});

const invoices = [
  invoice("inv1", {
    contractId: k1,
    status: "paid",
    lines: [
      line("10", eur(150_000), "t-sd"),
      line("7.5", eur(12_345), "t-inf"), // 92,587.5 → 92,588 (half-even)
      line("1", eur(50_000), null, "Project management"),
    ],
  }),
  invoice("inv2", { contractId: k1, currency: USD, lines: [line("2", usd(100_000), "t-inf")] }),
  invoice("void", { contractId: k1, status: "void", lines: [line("1", eur(999_999), "t-sd")] }),
  invoice("draft", { contractId: k1, status: "draft", lines: [line("1", eur(999_999), "t-sd")] }),
  invoice("written-off", {
    contractId: k1,
    status: "written_off",
    lines: [line("1", eur(10_000), "t-gone")],
  }),
  invoice("inv6", { contractId: k2, status: "paid", lines: [line("1", eur(300_000))] }),
  invoice("inv7", { lines: [line("1", eur(40_000))] }),
  invoice("elsewhere", { accountId: asId.account("acc-2"), lines: [line("1", eur(777_777))] }),
];

const costs = [
  costEntry("c1", eur(1_200_000), { contractId: k1, towerId: sd }),
  costEntry("c2", usd(300_000), { contractId: k1, towerId: inf }),
  costEntry("c3", eur(20_000), { contractId: k1 }),
  costEntry("c4", eur(100_000), { contractId: k2 }),
  costEntry("c5", eur(5_000)),
  costEntry("c6", eur(7_000), { contractId: k3 }),
  costEntry("elsewhere", eur(888_888), { accountId: asId.account("acc-2") }),
];

function ok<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const k1Pnl = (): ContractPnl => ok(contractPnl(outsourcing, invoices, costs, IN_EUR));

describe("pnlOf", () => {
  it("is revenue minus cost, with the margin in basis points of revenue", () => {
    expect(pnlOf(eur(200_000), eur(150_000))).toEqual({
      revenue: eur(200_000),
      cost: eur(150_000),
      margin: eur(50_000),
      marginBasisPoints: 2_500,
    });
  });

  it("gives no margin percent without revenue", () => {
    expect(pnlOf(eur(0), eur(10_000))).toMatchObject({ margin: eur(-10_000), marginBasisPoints: null });
  });
});

describe("contractPnl", () => {
  it("plans the contract value against the sum of the towers' costs", () => {
    expect(k1Pnl().planned).toEqual({
      revenue: eur(12_000_000),
      cost: eur(7_500_000),
      margin: eur(4_500_000),
      marginBasisPoints: 3_750,
    });
  });

  it("plans each tower's value against its cost, converted", () => {
    const [desk, infra] = k1Pnl().towers;
    expect(desk?.planned).toMatchObject({ margin: eur(1_500_000), marginBasisPoints: 2_500 });
    expect(infra?.plannedValue).toEqual({ amount: usd(5_000_000), converted: eur(4_600_000) });
    expect(infra?.planned).toMatchObject({ margin: eur(1_600_000), marginBasisPoints: 3_478 });
  });

  it("counts the lines of issued, overdue, paid and written-off invoices, never draft or void", () => {
    const p = k1Pnl();
    expect(p.actual.revenue).toEqual(eur(1_836_588));
    expect(p.revenueLines.map((l) => l.invoiceId)).toEqual(["inv1", "inv1", "inv1", "inv2", "written-off"]);
  });

  it("counts the contract's cost entries, converted", () => {
    const p = k1Pnl();
    expect(p.actual.cost).toEqual(eur(1_496_000));
    expect(p.costEntries.map((c) => [c.costEntryId, c.converted.amount])).toEqual([
      ["c1", 1_200_000],
      ["c2", 276_000],
      ["c3", 20_000],
    ]);
  });

  it("leaves voided cost entries out, on the contract and on the account", () => {
    const voided = costEntry("void", eur(999_999), { contractId: k1, towerId: sd, status: "voided" });
    const p = ok(contractPnl(outsourcing, invoices, [...costs, voided], IN_EUR));
    expect(p.actual.cost).toEqual(k1Pnl().actual.cost);
    expect(p.costEntries.map((c) => c.costEntryId)).not.toContain("void");
    const acc = asId.account("acc-1");
    const a = ok(accountPnl(acc, [outsourcing], [], [costEntry("v2", eur(5), { status: "voided" })], IN_EUR));
    expect(a.actual.cost).toEqual(eur(0));
  });

  it("gives the actual margin exactly and in basis points", () => {
    expect(k1Pnl().actual).toMatchObject({ margin: eur(340_588), marginBasisPoints: 1_854 });
  });

  it("attributes lines and costs to towers by their tower id", () => {
    const [desk, infra] = k1Pnl().towers;
    expect(desk?.actual).toEqual({
      revenue: eur(1_500_000),
      cost: eur(1_200_000),
      margin: eur(300_000),
      marginBasisPoints: 2_000,
    });
    expect(infra?.actual).toMatchObject({ revenue: eur(276_588), cost: eur(276_000), marginBasisPoints: 21 });
    expect(infra?.revenueLines[0]).toEqual({
      invoiceId: "inv1",
      lineIndex: 1,
      description: "Service",
      towerId: "t-inf",
      amount: eur(92_588),
      converted: eur(92_588),
    });
  });

  it("keeps lines and costs naming no tower of the contract as unallocated", () => {
    const u = k1Pnl().unallocated;
    expect(u.actual).toEqual({
      revenue: eur(60_000),
      cost: eur(20_000),
      margin: eur(40_000),
      marginBasisPoints: 6_667,
    });
    expect(u.revenueLines.map((l) => l.towerId)).toEqual([null, "t-gone"]);
  });

  it("plans a contract without towers at zero cost, and a tower without revenue has no margin percent", () => {
    const bare = ok(contractPnl(contract("k2", { value: eur(1_000_000) }), [], [], IN_EUR));
    expect(bare.planned).toMatchObject({ cost: eur(0), marginBasisPoints: 10_000 });
    const idle = ok(contractPnl(outsourcing, [], [], IN_EUR));
    expect(idle.towers[0]?.actual.marginBasisPoints).toBeNull();
  });

  it("plans the contract's own planned cost on top of its towers' costs", () => {
    const agency = contract("k2", { value: eur(1_000_000), plannedCost: eur(650_000) });
    const p = ok(contractPnl(agency, [], [], IN_EUR));
    expect(p.planned).toMatchObject({ cost: eur(650_000), margin: eur(350_000), marginBasisPoints: 3_500 });
    expect(p.ownPlannedCost).toEqual({ amount: eur(650_000), converted: eur(650_000) });
    const both = ok(contractPnl({ ...outsourcing, plannedCost: eur(500_000) }, [], [], IN_EUR));
    expect(both.planned.cost).toEqual(eur(8_000_000));
  });

  it("given a period, plans the share of the term's days that fall in it, the towers' too", () => {
    // outsourcing runs 2026-01-01 to 2027-12-31: 730 days, of which 2026-Q3 holds 92.
    const q3 = { start: date("2026-07-01"), end: date("2026-09-30") };
    const p = ok(contractPnl({ ...outsourcing, plannedCost: eur(730_000) }, [], [], IN_EUR, q3));
    expect(p.plannedShare).toEqual({ days: 92, ofDays: 730 });
    expect(p.planned.revenue).toEqual(prorate(eur(12_000_000), contractSpan(outsourcing), q3));
    const [desk, infra] = p.towers;
    expect(desk?.planned.cost).toEqual(prorate(eur(4_500_000), contractSpan(outsourcing), q3));
    expect(p.planned.cost.amount).toBe(
      (desk?.planned.cost.amount ?? 0) + (infra?.planned.cost.amount ?? 0) + 92_000,
    );
    expect(ok(contractPnl(outsourcing, [], [], IN_EUR)).plannedShare).toBeNull();
  });

  it("adds the periods' planned figures up to the whole term's, to the minor unit", () => {
    const odd = { ...outsourcing, value: eur(12_000_001), plannedCost: eur(333_333) };
    const whole = ok(contractPnl(odd, [], [], IN_EUR)).planned;
    const quarters = periodsBetween("quarter", odd.startDate, odd.endDate).map(
      (q) => ok(contractPnl(odd, [], [], IN_EUR, q)).planned,
    );
    expect(quarters).toHaveLength(8);
    expect(quarters.reduce((a, q) => a + q.revenue.amount, 0)).toBe(whole.revenue.amount);
    expect(quarters.reduce((a, q) => a + q.cost.amount, 0)).toBe(whole.cost.amount);
  });

  describe("a terminated contract", () => {
    // outsourcing runs 2026-01-01 to 2027-12-31 (730 days); ended on 2026-08-15, it served 227 of them.
    const ended = {
      ...outsourcing,
      value: eur(12_000_001),
      plannedCost: eur(333_333),
      status: "terminated" as const,
      endedAt: timestamp("2026-08-15T16:30:00.000Z"),
    };
    const served = { start: date("2026-01-01"), end: date("2026-08-15") };

    it("plans nothing in the periods after the day it ended", () => {
      for (const q of periodsBetween("quarter", date("2026-10-01"), date("2027-12-31"))) {
        const p = ok(contractPnl(ended, [], [], IN_EUR, q));
        expect(p.planned.revenue).toEqual(eur(0));
        expect(p.planned.cost).toEqual(eur(0));
        expect(p.plannedShare).toEqual({ days: 0, ofDays: 730 });
      }
    });

    it("plans the days it was served as it did while it ran, the period it ended in up to that day", () => {
      const q2 = { start: date("2026-04-01"), end: date("2026-06-30") };
      const running = { ...ended, status: "active" as const, endedAt: null };
      expect(ok(contractPnl(ended, [], [], IN_EUR, q2)).planned).toEqual(
        ok(contractPnl(running, [], [], IN_EUR, q2)).planned,
      );
      const q3 = ok(
        contractPnl(ended, [], [], IN_EUR, { start: date("2026-07-01"), end: date("2026-09-30") }),
      );
      expect(q3.plannedShare).toEqual({ days: 46, ofDays: 730 });
      expect(q3.planned.revenue).toEqual(
        prorate(eur(12_000_001), contractSpan(ended), { start: date("2026-07-01"), end: date("2026-08-15") }),
      );
    });

    it("plans the served share of its term in whole, and its periods add up to it to the minor unit", () => {
      const whole = ok(contractPnl(ended, [], [], IN_EUR)).planned;
      expect(whole.revenue).toEqual(prorate(eur(12_000_001), contractSpan(ended), served));
      expect(whole.revenue.amount).toBeLessThan(12_000_001);
      const quarters = periodsBetween("quarter", ended.startDate, ended.endDate).map(
        (q) => ok(contractPnl(ended, [], [], IN_EUR, q)).planned,
      );
      expect(quarters.reduce((a, q) => a + q.revenue.amount, 0)).toBe(whole.revenue.amount);
      expect(quarters.reduce((a, q) => a + q.cost.amount, 0)).toBe(whole.cost.amount);
    });

    it("plans nothing at all when it ended before its start date", () => {
      const never = { ...ended, endedAt: timestamp("2025-12-01T09:00:00.000Z") };
      expect(ok(contractPnl(never, [], [], IN_EUR)).planned.revenue).toEqual(eur(0));
      expect(ok(contractPnl(never, [], [], IN_EUR, served)).planned.cost).toEqual(eur(0));
    });
  });

  it("refuses any amount in a currency without a rate", () => {
    const gbp = money(100, GBP);
    const cases = [
      contractPnl(
        outsourcing,
        [invoice("g", { contractId: k1, currency: GBP, lines: [line("1", gbp)] })],
        [],
        IN_EUR,
      ),
      contractPnl(outsourcing, [], [costEntry("g", gbp, { contractId: k1 })], IN_EUR),
      contractPnl({ ...outsourcing, value: gbp }, [], [], IN_EUR),
      contractPnl({ ...outsourcing, towers: [tower("t", gbp, eur(1))] }, [], [], IN_EUR),
      contractPnl({ ...outsourcing, towers: [tower("t", eur(1), gbp)] }, [], [], IN_EUR),
    ];
    for (const r of cases)
      expect(r).toMatchObject({ ok: false, error: { _tag: "CurrencyMismatch", actual: GBP } });
  });
});

describe("accountPnl", () => {
  const contracts = [
    outsourcing,
    contract("k2", { status: "expired", value: eur(1_000_000) }),
    contract("k3", { status: "draft", value: eur(50_000_000) }),
    contract("k-other", { accountId: asId.account("acc-2") }),
  ];
  const account = () => ok(accountPnl(asId.account("acc-1"), contracts, invoices, costs, IN_EUR));

  it("plans over the agreed contracts only", () => {
    const a = account();
    expect(a.planned).toEqual({
      revenue: eur(13_000_000),
      cost: eur(7_500_000),
      margin: eur(5_500_000),
      marginBasisPoints: 4_231,
    });
    expect(a.contracts.map((c) => c.contractId)).toEqual(["k1", "k2"]);
    expect(a.excludedContractIds).toEqual(["k3"]);
  });

  it("counts every issued invoice and every cost of the account as actual", () => {
    expect(account().actual).toMatchObject({
      revenue: eur(2_176_588),
      cost: eur(1_608_000),
      margin: eur(568_588),
    });
  });

  it("keeps what no agreed contract explains apart", () => {
    const o = account().otherActuals;
    expect(o.revenueLines.map((l) => l.invoiceId)).toEqual(["inv7"]);
    expect(o.costEntries.map((c) => c.costEntryId)).toEqual(["c5", "c6"]);
    expect(o.actual).toMatchObject({ revenue: eur(40_000), cost: eur(12_000) });
  });

  it("refuses an amount in a currency without a rate, on a contract or elsewhere", () => {
    const gbp = money(100, GBP);
    const acc = asId.account("acc-1");
    const gbpInvoice = invoice("g", { currency: GBP, lines: [line("1", gbp)] });
    expect(accountPnl(acc, [], [gbpInvoice], [], IN_EUR).ok).toBe(false);
    expect(accountPnl(acc, [], [], [costEntry("g", gbp)], IN_EUR).ok).toBe(false);
    expect(accountPnl(acc, [{ ...outsourcing, value: gbp }], [], [], IN_EUR).ok).toBe(false);
  });
});

describe("P&L properties", () => {
  const amount = fc.tuple(fc.constantFrom(EUR, USD, JPY), fc.integer({ min: -(2 ** 36), max: 2 ** 36 }));
  const input = fc.record({
    invoices: fc.array(
      fc.record({
        status: fc.constantFrom(...INVOICE_STATUSES),
        contract: fc.constantFrom("k1", "k2", "k3", null),
        lines: fc.array(
          fc.tuple(
            fc.constantFrom("1", "2.5", "0.333", "7.125"),
            fc.integer({ min: 0, max: 2 ** 30 }),
            fc.constantFrom("t-sd", "t-inf", "t-x", null),
          ),
          { maxLength: 4 },
        ),
        currency: fc.constantFrom(EUR, USD, JPY),
      }),
      { maxLength: 8 },
    ),
    costs: fc.array(
      fc.record({
        amount,
        contract: fc.constantFrom("k1", "k2", "k3", null),
        tower: fc.constantFrom("t-sd", "t-inf", null),
      }),
      { maxLength: 8 },
    ),
  });

  it("margin is revenue − cost exactly, revenue and cost equal independent bigint sums, and the account adds up", () => {
    fc.assert(
      fc.property(input, (i) => {
        const invs = i.invoices.map((x, n) =>
          invoice(`i${n}`, {
            status: x.status,
            currency: x.currency,
            contractId: x.contract === null ? null : asId.contract(x.contract),
            lines: x.lines.map(([q, p, t]) => line(q, money(p, x.currency), t)),
          }),
        );
        const cs = i.costs.map((x, n) =>
          costEntry(`c${n}`, money(x.amount[1], x.amount[0]), {
            contractId: x.contract === null ? null : asId.contract(x.contract),
            towerId: x.contract === null || x.tower === null ? null : asId.tower(x.tower),
          }),
        );
        const contracts = [
          outsourcing,
          contract("k2", { status: "terminated" }),
          contract("k3", { status: "withdrawn" }),
        ];
        const a = ok(accountPnl(asId.account("acc-1"), contracts, invs, cs, IN_EUR));
        const toEur = (m: Parameters<typeof lineAmount>[0]["unitPrice"]) => {
          const c = convertWith(m, EUR, RATES, "half_even");
          if (!c.ok) throw new Error("rate");
          return BigInt(c.value.amount);
        };
        let revenue = 0n;
        for (const inv of invs) {
          if (inv.status === "draft" || inv.status === "void") continue;
          for (const l of inv.lines) revenue += toEur(lineAmount(l));
        }
        const cost = cs.reduce((s, c) => s + toEur(c.amount), 0n);
        expect(BigInt(a.actual.revenue.amount)).toBe(revenue);
        expect(BigInt(a.actual.cost.amount)).toBe(cost);
        const every = [
          a.actual,
          a.planned,
          a.otherActuals.actual,
          ...a.contracts.flatMap((c) => [
            c.actual,
            c.planned,
            c.unallocated.actual,
            ...c.towers.flatMap((t) => [t.actual, t.planned]),
          ]),
        ];
        for (const p of every)
          expect(BigInt(p.margin.amount)).toBe(BigInt(p.revenue.amount) - BigInt(p.cost.amount));
        for (const c of a.contracts) {
          const parts = [...c.towers.map((t) => t.actual), c.unallocated.actual];
          expect(parts.reduce((s, p) => s + BigInt(p.revenue.amount), 0n)).toBe(
            BigInt(c.actual.revenue.amount),
          );
          expect(parts.reduce((s, p) => s + BigInt(p.cost.amount), 0n)).toBe(BigInt(c.actual.cost.amount));
        }
        const sum = [...a.contracts.map((c) => c.actual), a.otherActuals.actual];
        expect(sum.reduce((s, p) => s + BigInt(p.margin.amount), 0n)).toBe(BigInt(a.actual.margin.amount));
      }),
    );
  });
});
