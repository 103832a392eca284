import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accepted, ctx, refused, T0 } from "../../testing/fixtures.ts";
import {
  arbitraryInvoiceLine,
  arbitraryInvoiceSteps,
  DUE,
  design,
  draftInvoice as draft,
  EUR,
  hosting,
  INVOICE_JOURNEYS,
  issue,
  line,
  markOverdue,
} from "../../testing/invoice.fixtures.ts";
import { present, replaysToSameState, runSteps, stateAfter } from "../../testing/small-machines.fixtures.ts";
import { type InvoiceLine, invoiceTotal, lineAmount } from "../entities/invoice.ts";
import { addHours, date, dateOf, type Timestamp, timestamp } from "../kernel/calendar-date.ts";
import { commandsFrom, run, toMermaid } from "../kernel/machine.ts";
import { money } from "../kernel/money.ts";
import {
  dueInvoiceCommands,
  type InvoiceCommand,
  InvoiceCommandSchema,
  type InvoiceState,
  invoiceMachine,
  invoiceTable,
} from "./invoice.machine.ts";

/** The morning of a calendar day, for the overdue sweep. */
const on = (d: string): Timestamp => timestamp(`${d}T08:00:00.000Z`);

const after = (...commands: InvoiceCommand[]) => present(stateAfter(invoiceMachine, ctx(), ...commands));
const decide = (state: InvoiceState, command: InvoiceCommand, now: Timestamp = T0) =>
  invoiceMachine.decide(state, command, ctx({ now }));
function next(state: InvoiceState, command: InvoiceCommand, now: Timestamp = T0) {
  const r = run(invoiceMachine, state, command, ctx({ now }));
  if (!r.ok) throw new Error(r.error.message);
  return present(r.value.state);
}
const overdue = () => next(after(draft(), issue), markOverdue, on("2026-12-27"));

describe("invoice machine", () => {
  describe("drafting", () => {
    it("drafts an invoice with its lines, not yet numbered or issued", () => {
      expect(after(draft())).toEqual({
        id: "i1",
        accountId: "acme",
        contractId: null,
        number: null,
        currency: "EUR",
        lines: [design, hosting],
        status: "draft",
        issuedOn: null,
        dueDate: DUE,
        paidAt: null,
        reason: null,
      });
    });

    it("refuses a line in another currency", () => {
      const r = refused(decide(invoiceMachine.initial, draft([design, line("Licence", "1", 100, "USD")])));
      expect(r).toMatchObject({
        guard: "linesInTheInvoiceCurrency",
        _tag: "CurrencyMismatch",
        expected: "EUR",
        actual: "USD",
      });
    });

    it("refuses a quantity that is not a number", () => {
      const r = refused(decide(invoiceMachine.initial, draft([line("Oops", "seven", 100)])));
      expect(r).toMatchObject({
        guard: "linesInTheInvoiceCurrency",
        _tag: "InvalidInput",
        field: "quantity",
      });
    });

    it("refuses a line too large for a money amount", () => {
      const r = refused(
        decide(invoiceMachine.initial, draft([line("Huge", "999999999", 9_000_000_000_000)])),
      );
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "lines" });
    });

    it("parses a draft command, defaulting contract, lines and each line's tower", () => {
      const c = InvoiceCommandSchema.parse({
        type: "DraftInvoice",
        invoiceId: "i1",
        accountId: "acme",
        currency: "EUR",
        dueDate: "2026-12-26",
      });
      expect(c).toMatchObject({ contractId: null, lines: [] });
      const add = InvoiceCommandSchema.parse({
        type: "AddLine",
        line: { description: "Hosting", quantity: "1", unitPrice: { amount: 4999, currency: "EUR" } },
      });
      expect(add).toMatchObject({ line: { towerId: null } });
    });

    it("adds a line", () => {
      expect(next(after(draft([design])), { type: "AddLine", line: hosting }).lines).toEqual([
        design,
        hosting,
      ]);
    });

    it("refuses to add a line in another currency", () => {
      const r = refused(decide(after(draft()), { type: "AddLine", line: line("Licence", "1", 100, "GBP") }));
      expect(r._tag).toBe("CurrencyMismatch");
    });

    it("removes a line by its index", () => {
      expect(next(after(draft()), { type: "RemoveLine", index: 0 }).lines).toEqual([hosting]);
    });

    it("refuses to remove a line that is not there", () => {
      const r = refused(decide(after(draft()), { type: "RemoveLine", index: 2 }));
      expect(r.message).toBe("There is no line 3: the invoice has 2.");
    });

    it("refuses a removal that would leave a running total too large", () => {
      const max = Number.MAX_SAFE_INTEGER;
      const s = after(draft([line("A", "1", max), line("Credit", "1", -max), line("B", "1", max)]));
      expect(refused(decide(s, { type: "RemoveLine", index: 1 }))).toMatchObject({
        _tag: "InvalidInput",
        field: "lines",
      });
    });

    it("changes the due date of a draft", () => {
      expect(next(after(draft()), { type: "ChangeDueDate", dueDate: date("2027-01-10") }).dueDate).toBe(
        "2027-01-10",
      );
    });

    it("refuses to change the due date to the one it has", () => {
      expect(refused(decide(after(draft()), { type: "ChangeDueDate", dueDate: DUE }))._tag).toBe(
        "InvalidInput",
      );
    });

    it("refuses to change lines or due date once issued", () => {
      const issued = after(draft(), issue);
      expect(refused(decide(issued, { type: "AddLine", line: hosting }))._tag).toBe("TransitionNotAllowed");
      expect(refused(decide(issued, { type: "RemoveLine", index: 0 }))._tag).toBe("TransitionNotAllowed");
      expect(refused(decide(issued, { type: "ChangeDueDate", dueDate: DUE }))._tag).toBe(
        "TransitionNotAllowed",
      );
    });
  });

  describe("issuing", () => {
    it("issues with a number and an issue date", () => {
      expect(after(draft(), issue)).toMatchObject({
        status: "issued",
        number: "2026-0042",
        issuedOn: "2026-11-26",
      });
    });

    it("refuses to issue an invoice without lines", () => {
      const r = refused(decide(after(draft([])), issue));
      expect(r).toMatchObject({
        _tag: "InvalidInput",
        message: "Add at least one line before issuing the invoice.",
      });
    });

    it("refuses to issue an invoice whose total is not positive", () => {
      const r = refused(decide(after(draft([hosting, line("Credit", "1", -4_999)])), issue));
      expect(r.message).toBe("An invoice is issued for a positive total; this one comes to 0.00 EUR.");
    });

    it("refuses to issue an invoice due before its issue date", () => {
      const r = refused(decide(after(draft()), { ...issue, issuedOn: date("2026-12-27") }));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "dueDate" });
    });

    it("issues an invoice due on its issue date", () => {
      expect(after(draft(), { ...issue, issuedOn: DUE }).status).toBe("issued");
    });
  });

  describe("overdue (automatic)", () => {
    it("is marked overdue the day after its due date", () => {
      expect(overdue().status).toBe("overdue");
    });

    it("refuses to mark it overdue on its due date, naming the first day it can be", () => {
      const r = refused(decide(after(draft(), issue), markOverdue, on("2026-12-26")));
      expect(r).toMatchObject({ _tag: "NotYetDue", due: "2026-12-27" });
    });

    it("is an automatic move in the table", () => {
      expect(toMermaid(invoiceMachine)).toContain(
        "issued --> overdue: mark overdue (automatic) [pastTheDueDate]",
      );
    });
  });

  describe("payment", () => {
    it("records a payment on an issued invoice, dated now by default", () => {
      expect(after(draft(), issue, { type: "RecordPayment" })).toMatchObject({ status: "paid", paidAt: T0 });
    });

    it("records a payment on an overdue invoice at the time given", () => {
      const paidAt = timestamp("2026-12-27T07:00:00.000Z");
      expect(next(overdue(), { type: "RecordPayment", paidAt }, on("2026-12-28"))).toMatchObject({
        status: "paid",
        paidAt,
      });
    });

    it("refuses a payment dated in the future", () => {
      const r = refused(decide(after(draft(), issue), { type: "RecordPayment", paidAt: addHours(T0, 1) }));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "paidAt" });
    });
  });

  describe("writing off and voiding", () => {
    it("writes off an overdue invoice with a reason", () => {
      expect(next(overdue(), { type: "WriteOff", reason: "client insolvent" })).toMatchObject({
        status: "written_off",
        reason: "client insolvent",
      });
    });

    it("refuses to write off without a reason", () => {
      expect(refused(decide(overdue(), { type: "WriteOff", reason: "" }))._tag).toBe("ReasonRequired");
    });

    it("refuses to write off an invoice that is not overdue", () => {
      expect(refused(decide(after(draft(), issue), { type: "WriteOff", reason: "x" }))._tag).toBe(
        "TransitionNotAllowed",
      );
    });

    it.each([
      ["draft", []],
      ["issued", [issue]],
    ] as const)("voids a %s invoice with a reason", (_, path) => {
      expect(after(draft(), ...path, { type: "Void", reason: "wrong account" })).toMatchObject({
        status: "void",
        reason: "wrong account",
      });
    });

    it("refuses to void without a reason", () => {
      const r = refused(decide(after(draft()), { type: "Void", reason: " " }));
      expect(r).toMatchObject({ _tag: "ReasonRequired", message: "Give a reason to void the invoice." });
    });

    it("refuses to void an overdue invoice: it is written off instead", () => {
      const r = refused(decide(overdue(), { type: "Void", reason: "x" }));
      expect(r).toMatchObject({ _tag: "TransitionNotAllowed", allowed: ["RecordPayment", "WriteOff"] });
    });

    it("allows nothing once paid, written off or void", () => {
      for (const s of ["paid", "written_off", "void"] as const)
        expect(commandsFrom(invoiceTable, s)).toEqual([]);
    });
  });

  describe("dueInvoiceCommands (the sweep)", () => {
    const issued = () => after(draft(), issue);

    it("asks nothing up to the due date", () => {
      expect(dueInvoiceCommands(issued(), DUE)).toEqual([]);
    });

    it("marks an issued invoice overdue after its due date", () => {
      expect(dueInvoiceCommands(issued(), date("2026-12-27"))).toEqual([markOverdue]);
    });

    it("asks nothing once it is overdue, so a second sweep is harmless", () => {
      expect(dueInvoiceCommands(overdue(), date("2026-12-27"))).toEqual([]);
    });

    it("asks nothing of a draft or a paid invoice", () => {
      expect(dueInvoiceCommands(after(draft()), date("2027-06-01"))).toEqual([]);
      expect(
        dueInvoiceCommands(after(draft(), issue, { type: "RecordPayment" }), date("2027-06-01")),
      ).toEqual([]);
    });
  });

  it("throws on an event that cannot apply: a bug, not a refusal", () => {
    expect(() => invoiceMachine.evolve(invoiceMachine.initial, { type: "Unheard" } as never)).toThrow(
      /Unhandled invoice event/,
    );
    expect(() =>
      invoiceMachine.evolve(invoiceMachine.initial, { type: "InvoiceMarkedOverdue", at: T0 }),
    ).toThrow(/does not exist/);
    const drafted = accepted(decide(invoiceMachine.initial, draft()))[0]!;
    expect(() => invoiceMachine.evolve(after(draft()), drafted)).toThrow(/existing invoice/);
    expect(() =>
      invoiceMachine.evolve(after(draft()), { type: "InvoiceLineRemoved", at: T0, index: 5 }),
    ).toThrow(/line 5 of 2/);
  });

  it("replaying the accepted events of any command sequence gives the state the decisions reached", () => {
    fc.assert(
      fc.property(arbitraryInvoiceSteps, (steps) => {
        const { stepwise, replayed } = replaysToSameState(invoiceMachine, steps);
        expect(replayed).toEqual(stepwise);
      }),
      { examples: INVOICE_JOURNEYS.map((journey) => [journey]) },
    );
  });

  it("a sweep's commands are accepted, and a second sweep on the same day asks nothing", () => {
    fc.assert(
      fc.property(arbitraryInvoiceSteps, fc.integer({ min: 0, max: 90 }), (steps, days) => {
        const { state } = runSteps(invoiceMachine, steps);
        if (state.status === "none") return;
        const now = addHours(steps.at(-1)?.[1].now ?? T0, days * 24);
        let swept: InvoiceState = state;
        for (const c of dueInvoiceCommands(state, dateOf(now))) swept = next(swept, c, now);
        expect(dueInvoiceCommands(present(swept), dateOf(now))).toEqual([]);
      }),
    );
  });

  describe("totals are exact", () => {
    // An independent reading of a line: quantity in thousandths, rounded half to even, all in bigint.
    function exactAmount(l: InvoiceLine): bigint {
      const [whole = "0", fraction = ""] = l.quantity.split(".");
      const thousandths = BigInt(whole) * 1000n + BigInt(fraction.padEnd(3, "0"));
      const product = BigInt(l.unitPrice.amount) * thousandths;
      const magnitude = product < 0n ? -product : product;
      let q = magnitude / 1000n;
      const r = magnitude % 1000n;
      if (r > 500n || (r === 500n && q % 2n === 1n)) q += 1n;
      return product < 0n ? -q : q;
    }
    const MAX = BigInt(Number.MAX_SAFE_INTEGER);
    const fits = (n: bigint) => n <= MAX && n >= -MAX;

    it("rounds a half cent to the even cent", () => {
      expect(lineAmount(line("Half", "0.5", 1))).toEqual(money(0, EUR));
      expect(lineAmount(line("Half", "1.5", 1))).toEqual(money(2, EUR));
      expect(exactAmount(line("Half", "2.5", -1))).toBe(-2n);
    });

    it("the invoice total is the exact sum of its line amounts, or the lines are refused when it cannot be held", () => {
      fc.assert(
        fc.property(
          // Mostly everyday amounts, with some so large that the total cannot be held.
          fc.array(
            fc.oneof(
              { arbitrary: arbitraryInvoiceLine(1_000_000), weight: 6 },
              { arbitrary: arbitraryInvoiceLine(Number.MAX_SAFE_INTEGER), weight: 1 },
            ),
            { minLength: 1, maxLength: 8 },
          ),
          (lines) => {
            let sum = 0n;
            let holdable = true;
            for (const l of lines) {
              const amount = exactAmount(l);
              sum += amount;
              holdable &&= fits(amount) && fits(sum);
            }
            const d = decide(invoiceMachine.initial, draft(lines));
            expect(d.ok).toBe(holdable);
            if (!holdable) return;
            const invoice = after(draft(lines));
            expect(BigInt(invoiceTotal(invoice).amount)).toBe(sum);
            expect(invoice.lines.map((l) => BigInt(lineAmount(l).amount))).toEqual(lines.map(exactAmount));
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});
