import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  contractAfter,
  contractCtx,
  createContract,
  eur,
  signingSteps,
} from "../../testing/contract.fixtures.ts";
import type { BillingSchedule, Contract } from "../entities/contract.ts";
import { defaultWorkspaceSettings } from "../entities/settings.ts";
import { addDays, type CalendarDate, date, fromDayNumber, toDayNumber } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import { run } from "../kernel/machine.ts";
import { money } from "../kernel/money.ts";
import type { ContractCommand } from "../machines/contract.commands.ts";
import { contractMachine } from "../machines/contract.machine.ts";
import { contractFollowUps } from "./follow-ups.ts";
import { dueRetainerPeriods, retainerInvoiceId, retainerPeriods } from "./retainer-billing.ts";

const c1 = asId.contract("c1");
const schedule = (over: Partial<BillingSchedule> = {}): BillingSchedule => ({
  amount: eur(1_000),
  period: "monthly",
  startsOn: date("2027-01-01"),
  issueDay: 1,
  billedThrough: null,
  ...over,
});

describe("retainer periods", () => {
  it("bills each calendar month of a year from the 1st, issued on the issue day", () => {
    const periods = retainerPeriods(c1, schedule({ issueDay: 5 }), date("2027-12-31"));
    expect(periods).toHaveLength(12);
    expect(periods[1]).toEqual({
      start: "2027-02-01",
      end: "2027-02-28",
      issueOn: "2027-02-05",
      amount: eur(1_000),
      invoiceId: "c1.period.20270201",
    });
    expect(periods.every((p) => p.amount.amount === 100_000)).toBe(true);
  });

  it("counts months from the first day, keeping the 31st where a month has one", () => {
    const starts = retainerPeriods(c1, schedule({ startsOn: date("2027-01-31") }), date("2027-05-30")).map(
      (p) => [p.start, p.end],
    );
    expect(starts).toEqual([
      ["2027-01-31", "2027-02-27"],
      ["2027-02-28", "2027-03-30"],
      ["2027-03-31", "2027-04-29"],
      ["2027-04-30", "2027-05-30"],
    ]);
  });

  it("cuts the last quarter at the contract's end and bills its share of days", () => {
    const periods = retainerPeriods(
      c1,
      schedule({ period: "quarterly", amount: eur(9_000) }),
      date("2027-08-15"),
    );
    expect(periods.map((p) => [p.start, p.end, p.amount.amount])).toEqual([
      ["2027-01-01", "2027-03-31", 900_000],
      ["2027-04-01", "2027-06-30", 900_000],
      // 46 of the quarter's 92 days: half.
      ["2027-07-01", "2027-08-15", 450_000],
    ]);
  });

  it("issues a cut period's invoice within it: an issue day past its end falls on its last day", () => {
    const [only] = retainerPeriods(c1, schedule({ issueDay: 20 }), date("2027-01-10"));
    expect(only).toMatchObject({ start: "2027-01-01", end: "2027-01-10", issueOn: "2027-01-10" });
  });

  const day = (from: string, span: number) =>
    fc.integer({ min: 0, max: span }).map((n) => fromDayNumber(toDayNumber(date(from)) + n));
  const arbitrarySchedule = fc.record({
    amount: fc.integer({ min: 1, max: 10_000_000_000 }).map((n) => money(n, "EUR")),
    period: fc.constantFrom("monthly" as const, "quarterly" as const),
    startsOn: day("2026-01-01", 1500),
    issueDay: fc.integer({ min: 1, max: 31 }),
    billedThrough: fc.constant(null),
  });
  const withEnd = fc
    .tuple(arbitrarySchedule, fc.integer({ min: 0, max: 2000 }))
    .map(([s, days]) => [s, addDays(s.startsOn, days)] as const);

  it("tile the days from the first to the contract's end exactly, each issued within itself", () => {
    fc.assert(
      fc.property(withEnd, ([s, end]) => {
        const periods = retainerPeriods(c1, s, end);
        expect(periods[0]?.start).toBe(s.startsOn);
        expect(periods.at(-1)?.end).toBe(end);
        for (const [i, p] of periods.entries()) {
          expect(p.start <= p.issueOn && p.issueOn <= p.end).toBe(true);
          if (i > 0) expect(p.start).toBe(addDays(periods[i - 1]!.end, 1));
        }
        expect(new Set(periods.map((p) => p.invoiceId)).size).toBe(periods.length);
      }),
    );
  });

  it("bill exact minor units: every period but a cut last one its whole amount, the cut one its share", () => {
    fc.assert(
      fc.property(withEnd, ([s, end]) => {
        const periods = retainerPeriods(c1, s, end);
        for (const p of periods.slice(0, -1)) expect(p.amount).toEqual(s.amount);
        const last = periods.at(-1)!;
        expect(Number.isSafeInteger(last.amount.amount)).toBe(true);
        expect(last.amount.amount).toBeGreaterThanOrEqual(0);
        expect(last.amount.amount).toBeLessThanOrEqual(s.amount.amount);
      }),
    );
  });

  it("tile the rest of the term from any day on (after a billed period, or a renewal that moved the end)", () => {
    fc.assert(
      fc.property(
        withEnd.chain(([s, end]) => fc.tuple(fc.constant(s), fc.constant(end), day(s.startsOn, 2000))),
        ([s, end, from]) => {
          fc.pre(from <= end);
          const rest = retainerPeriods(c1, s, end, from);
          expect(rest[0]?.start).toBe(from);
          expect(rest.at(-1)?.end).toBe(end);
          for (const [i, p] of rest.entries()) if (i > 0) expect(p.start).toBe(addDays(rest[i - 1]!.end, 1));
          // The periods it cuts are the ones of the whole schedule that contain `from` and `end`.
          const all = retainerPeriods(c1, s, end);
          const inner = rest.slice(1, -1);
          for (const p of inner) expect(all).toContainEqual(p);
        },
      ),
    );
  });
});

/** c1 signed with a monthly schedule of 1,000 EUR from its start (2027-01-01, 12 months), then active. */
function retainer(billing = defaultWorkspaceSettings("EUR").billing): Contract {
  return contractAfter([
    ...signingSteps(createContract()),
    [{ type: "SetBillingSchedule", amount: eur(1_000), period: "monthly", issueDay: 1 }, contractCtx()],
    [{ type: "Activate" }, contractCtx({ day: "2027-01-01", billing })],
  ]);
}

/** Bills every period due on each day given, in order, as the sweep would; returns the contract and the events. */
function sweepDays(contract: Contract, days: readonly CalendarDate[], draft = true) {
  let state: Contract = contract;
  const events = [];
  const billing = { ...defaultWorkspaceSettings("EUR").billing, draftRetainerInvoices: draft };
  for (const d of days) {
    for (const _ of dueRetainerPeriods(state, d)) {
      const r = run(contractMachine, state, { type: "BillRetainerPeriod" }, contractCtx({ day: d, billing }));
      if (!r.ok) throw new Error(r.error.message);
      state = r.value.state as Contract;
      events.push(...r.value.events);
    }
  }
  return { state, events };
}

describe("billing a retainer as the days pass", () => {
  it("lists only the periods whose issue day has come, of a contract that binds", () => {
    const c = retainer();
    expect(dueRetainerPeriods(c, date("2026-12-31"))).toEqual([]);
    expect(dueRetainerPeriods(c, date("2027-03-01")).map((p) => p.start)).toEqual([
      "2027-01-01",
      "2027-02-01",
      "2027-03-01",
    ]);
    expect(dueRetainerPeriods({ ...c, status: "draft" }, date("2027-03-01"))).toEqual([]);
    expect(dueRetainerPeriods({ ...c, status: "terminated" }, date("2027-03-01"))).toEqual([]);
  });

  it("never bills a period twice, however often and on whichever days it runs, and bills the term exactly", () => {
    const c = retainer();
    fc.assert(
      fc.property(
        fc
          .array(fc.integer({ min: 0, max: 400 }), { maxLength: 30 })
          .map((ns) => [...ns].sort((a, b) => a - b).map((n) => addDays(date("2026-12-01"), n))),
        (days) => {
          const { state, events } = sweepDays(c, [...days, ...days]);
          const starts = events.map((e) => (e.type === "RetainerPeriodBilled" ? e.start : ""));
          expect(new Set(starts).size).toBe(starts.length);
          const last = days.at(-1);
          const due =
            last === undefined
              ? []
              : retainerPeriods(c.id, c.billingSchedule!, c.endDate).filter((p) => p.issueOn <= last);
          expect(starts).toEqual(due.map((p) => p.start));
          expect(dueRetainerPeriods(state, last ?? date("2026-12-01"))).toEqual([]);
        },
      ),
    );
    const year = sweepDays(c, [date("2028-01-01")]);
    const total = year.events.reduce(
      (s, e) => s + (e.type === "RetainerPeriodBilled" ? e.amount.amount : 0),
      0,
    );
    expect(total).toBe(1_200_000);
  });

  it("refuses to bill before the next period's issue day, saying when", () => {
    const r = contractMachine.decide(
      retainer(),
      { type: "BillRetainerPeriod" },
      contractCtx({ day: "2026-12-15" }),
    );
    expect(r).toMatchObject({
      ok: false,
      error: {
        _tag: "NotYetDue",
        message: "It is too early to bill the period 2027-01-01 to 2027-01-31: not before 2027-01-01.",
      },
    });
  });

  it("drafts each billed period's invoice, linked to the contract and the period, due after the payment terms", () => {
    const { state, events } = sweepDays(retainer(), [date("2027-02-01")]);
    const settings = defaultWorkspaceSettings("EUR");
    const followUps = events.flatMap((e) =>
      contractFollowUps(e, state, { id: state.accountId, status: "active" }, settings),
    );
    expect(followUps.map((f) => f.id)).toEqual([
      retainerInvoiceId(state.id, date("2027-01-01")),
      retainerInvoiceId(state.id, date("2027-02-01")),
    ]);
    expect(followUps[1]).toMatchObject({
      target: "invoice",
      because: 'the period 1 Feb to 28 Feb of "Managed services" is billed on 1 Feb',
      command: {
        type: "DraftInvoice",
        contractId: "c1",
        dueDate: "2027-03-03",
        lines: [{ unitPrice: eur(1_000), period: { start: "2027-02-01", end: "2027-02-28" } }],
      },
    });
  });

  it("moves on without drafting when the workspace drafts no retainer invoices", () => {
    const { state, events } = sweepDays(retainer(), [date("2027-02-01")], false);
    expect(events.map((e) => e.type === "RetainerPeriodBilled" && e.invoiceId)).toEqual([null, null]);
    expect(state.billingSchedule?.billedThrough).toBe("2027-02-28");
    const settings = defaultWorkspaceSettings("EUR");
    expect(
      events.flatMap((e) => contractFollowUps(e, state, { id: state.accountId, status: "active" }, settings)),
    ).toEqual([]);
  });
});

describe("setting a billing schedule", () => {
  const set = (
    over: Partial<Extract<ContractCommand, { type: "SetBillingSchedule" }>> = {},
  ): ContractCommand => ({
    type: "SetBillingSchedule",
    amount: eur(1_000),
    period: "monthly",
    issueDay: 1,
    ...over,
  });
  const draft = contractAfter([createContract()]);
  const decide = (c: Contract, cmd: ContractCommand, day = "2026-11-26") =>
    contractMachine.decide(c, cmd, contractCtx({ day }));

  it("starts at the contract's start unless told", () => {
    const r = decide(draft, set());
    expect(r).toMatchObject({ ok: true, value: [{ type: "BillingScheduleSet", startsOn: "2027-01-01" }] });
  });

  it("refuses a zero amount, another currency, a first day outside the term", () => {
    expect(decide(draft, set({ amount: eur(0) }))).toMatchObject({ ok: false, error: { field: "amount" } });
    expect(decide(draft, set({ amount: money(100, "USD") }))).toMatchObject({
      ok: false,
      error: { _tag: "CurrencyMismatch" },
    });
    expect(decide(draft, set({ startsOn: date("2028-01-01") }))).toMatchObject({
      ok: false,
      error: {
        message: "The first period must start within the contract's term, 1 Jan 2027 to 31 Dec 2027.",
      },
    });
  });

  it("refuses, while the terms are open, a schedule that bills more than the contract's value", () => {
    expect(decide(draft, set({ amount: eur(2_000) }))).toMatchObject({
      ok: false,
      error: {
        message: "12 monthly periods bill 24,000.00 EUR, more than the contract's value of 20,000.00 EUR.",
      },
    });
  });

  it("changes only the periods not billed yet", () => {
    const { state } = sweepDays(retainer(), [date("2027-02-01")]);
    expect(
      decide(state, set({ amount: eur(1_200), startsOn: date("2027-02-15") }), "2027-02-02"),
    ).toMatchObject({
      ok: false,
      error: {
        message: "Periods up to 2027-02-28 are billed already: the schedule may change from 2027-03-01 on.",
      },
    });
    const changed = decide(state, set({ amount: eur(1_200) }), "2027-02-02");
    expect(changed).toMatchObject({ ok: true, value: [{ startsOn: "2027-03-01" }] });
    expect(decide(state, set({ startsOn: date("2027-01-01") }), "2027-02-02")).toMatchObject({ ok: false });
  });
});
