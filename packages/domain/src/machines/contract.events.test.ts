import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  arbitraryContractSteps,
  CONTRACT_JOURNEYS,
  contractCtx,
  createContract,
  tower,
} from "../../testing/contract.fixtures.ts";
import { eventOfType, eventTypesOf, issuesOf, throughJson, without } from "../../testing/events.fixtures.ts";
import { accepted } from "../../testing/fixtures.ts";
import { runSteps } from "../../testing/small-machines.fixtures.ts";
import { currency } from "../kernel/money.ts";
import { ContractEventSchema } from "./contract.commands.ts";
import { contractMachine } from "./contract.machine.ts";

const created = eventOfType(
  accepted(
    contractMachine.decide(contractMachine.initial, createContract({ towers: [tower("t1")] }), contractCtx()),
  ),
  "ContractCreated",
);

describe("ContractEventSchema", () => {
  it("reads back every event decide accepts, after a trip through JSON, exactly as it was", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbitraryContractSteps, (steps) => {
        for (const event of runSteps(contractMachine, steps).events) {
          seen.add(event.type);
          expect(ContractEventSchema.parse(throughJson(event))).toStrictEqual(event);
        }
      }),
      { examples: CONTRACT_JOURNEYS.map((journey) => [journey]) },
    );
    // Guards against a vacuous pass: the generated commands lead to every kind of event.
    expect([...seen].sort()).toEqual(eventTypesOf(ContractEventSchema));
  });

  it("refuses an unknown type tag, listing the known ones", () => {
    expect(issuesOf(ContractEventSchema, { ...created, type: "ContractShredded" })).toEqual([
      {
        path: ["type"],
        message: expect.stringContaining("Expected 'ContractCreated' | 'ContractTermsUpdated' |"),
      },
    ]);
  });

  it("refuses an event missing a field, naming the field", () => {
    expect(issuesOf(ContractEventSchema, without(created, "endDate"))).toEqual([
      { path: ["endDate"], message: "Invalid input: expected string, received undefined" },
    ]);
  });

  it("refuses a moment that is not an ISO timestamp in UTC", () => {
    expect(issuesOf(ContractEventSchema, { ...created, at: "Thu, 26 Nov 2026 09:00:00 GMT" })).toEqual([
      { path: ["at"], message: "Invalid ISO datetime" },
    ]);
  });

  it("refuses a term in a unit contracts do not count in, naming where", () => {
    expect(issuesOf(ContractEventSchema, { ...created, term: { unit: "weeks", count: 52 } })).toEqual([
      { path: ["term", "unit"], message: expect.stringContaining("Expected 'days' | 'months'") },
    ]);
  });

  it("refuses a tower whose value is not a whole number of cents, naming the tower", () => {
    const towers = created.towers.map((t) => ({ ...t, value: { ...t.value, amount: 10.5 } }));
    expect(issuesOf(ContractEventSchema, { ...created, towers })).toEqual([
      {
        path: ["towers", 0, "value", "amount"],
        message: "an amount is a whole number of minor units (cents)",
      },
    ]);
  });

  it("reads a ContractCreated recorded before contracts had a planned cost as having none", () => {
    const old = ContractEventSchema.parse(throughJson(without(created, "plannedCost")));
    expect(old).toMatchObject({ type: "ContractCreated", plannedCost: null });
    expect(contractMachine.evolve(contractMachine.initial, old)).toMatchObject({ plannedCost: null });
  });
});

describe("a contract's planned cost", () => {
  it("is kept from creation and may change while the terms are open", () => {
    const ctx = contractCtx();
    const c = createContract({ plannedCost: { amount: 1_500_000, currency: created.value.currency } });
    const events = accepted(contractMachine.decide(contractMachine.initial, c, ctx));
    const state = events.reduce(contractMachine.evolve, contractMachine.initial);
    expect(state).toMatchObject({ plannedCost: { amount: 1_500_000 } });
    const update = accepted(contractMachine.decide(state, { type: "UpdateTerms", plannedCost: null }, ctx));
    expect(update.reduce(contractMachine.evolve, state)).toMatchObject({ plannedCost: null });
  });

  it("refuses a negative planned cost, or one in another currency", () => {
    const ctx = contractCtx();
    const negative = contractMachine.decide(
      contractMachine.initial,
      createContract({ plannedCost: { amount: -1, currency: created.value.currency } }),
      ctx,
    );
    expect(negative).toMatchObject({ ok: false, error: { _tag: "InvalidInput", field: "plannedCost" } });
    const foreign = contractMachine.decide(
      contractMachine.initial,
      createContract({ plannedCost: { amount: 1, currency: currency("USD") } }),
      ctx,
    );
    expect(foreign).toMatchObject({ ok: false, error: { _tag: "CurrencyMismatch" } });
  });
});
