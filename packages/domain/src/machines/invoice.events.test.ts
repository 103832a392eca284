import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventOfType, eventTypesOf, issuesOf, throughJson, without } from "../../testing/events.fixtures.ts";
import { accepted, ctx } from "../../testing/fixtures.ts";
import { arbitraryInvoiceSteps, draftInvoice, INVOICE_JOURNEYS } from "../../testing/invoice.fixtures.ts";
import { runSteps } from "../../testing/small-machines.fixtures.ts";
import { InvoiceEventSchema, invoiceMachine } from "./invoice.machine.ts";

const drafted = eventOfType(
  accepted(invoiceMachine.decide(invoiceMachine.initial, draftInvoice(), ctx())),
  "InvoiceDrafted",
);

describe("InvoiceEventSchema", () => {
  it("reads back every event decide accepts, after a trip through JSON, exactly as it was", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbitraryInvoiceSteps, (steps) => {
        for (const event of runSteps(invoiceMachine, steps).events) {
          seen.add(event.type);
          expect(InvoiceEventSchema.parse(throughJson(event))).toStrictEqual(event);
        }
      }),
      { examples: INVOICE_JOURNEYS.map((journey) => [journey]) },
    );
    // Guards against a vacuous pass: the generated commands lead to every kind of event.
    expect([...seen].sort()).toEqual(eventTypesOf(InvoiceEventSchema));
  });

  it("refuses an unknown type tag, listing the known ones", () => {
    expect(issuesOf(InvoiceEventSchema, { ...drafted, type: "InvoiceShredded" })).toEqual([
      {
        path: ["type"],
        message: expect.stringContaining("Expected 'InvoiceDrafted' | 'InvoiceLineAdded' |"),
      },
    ]);
  });

  it("refuses an event missing a field, naming the field", () => {
    expect(issuesOf(InvoiceEventSchema, without(drafted, "currency"))).toEqual([
      { path: ["currency"], message: "Invalid input: expected string, received undefined" },
    ]);
  });

  it("refuses a moment that is not an ISO timestamp in UTC", () => {
    expect(issuesOf(InvoiceEventSchema, { ...drafted, at: "2026-11-26" })).toEqual([
      { path: ["at"], message: "Invalid ISO datetime" },
    ]);
  });

  it("refuses a line whose quantity has more than three decimals, naming the line", () => {
    const lines = drafted.lines.map((l, i) => (i === 1 ? { ...l, quantity: "1.0001" } : l));
    expect(issuesOf(InvoiceEventSchema, { ...drafted, lines })).toEqual([
      {
        path: ["lines", 1, "quantity"],
        message: "a quantity is a number with at most three decimals, e.g. 7.5",
      },
    ]);
  });
});
