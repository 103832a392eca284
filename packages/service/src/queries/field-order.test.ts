import { ContractSchema, OpportunitySchema } from "@accountable/domain";
import { describe, expect, it } from "vitest";
import { fieldOrder, inFieldOrder } from "./field-order.ts";

describe("a row's fields in its entity's order", () => {
  it("reads the order an entity schema declares", () => {
    const order = fieldOrder(ContractSchema);
    expect(order[0]).toBe("id");
    expect(order.indexOf("accountId")).toBeLessThan(order.indexOf("title"));
    expect(new Set(order).size).toBe(order.length);
    expect(fieldOrder(OpportunitySchema).length).toBeGreaterThan(5);
  });

  it("puts jsonb's order (shortest key first) back in the schema's, keeping fields it does not name", () => {
    const fromJsonb = { id: "k1", term: 12, title: "MSA", accountId: "a1", extra: true };
    const ordered = inFieldOrder(fromJsonb, ["id", "accountId", "title", "term"]);
    expect(Object.keys(ordered)).toEqual(["id", "accountId", "title", "term", "extra"]);
    expect(ordered).toEqual(fromJsonb);
  });

  it("adds a list row's version last, and keeps fields the order does not name before it", () => {
    const row = inFieldOrder({ title: "MSA", id: "k1", extra: 1 }, ["id", "title"], 7);
    expect(Object.keys(row)).toEqual(["id", "title", "extra", "version"]);
    expect(row).toEqual({ id: "k1", title: "MSA", extra: 1, version: 7 });
    expect(inFieldOrder({ b: 1, a: 2 }, [], 3)).toEqual({ b: 1, a: 2, version: 3 });
  });
});
