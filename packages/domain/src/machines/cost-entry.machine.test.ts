import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertReplaysAndRoundTrips } from "../../testing/entity-machines.fixtures.ts";
import { accepted, actor, ctx, refused, T0 } from "../../testing/fixtures.ts";
import { present, stateAfter } from "../../testing/small-machines.fixtures.ts";
import { CostEntrySchema } from "../entities/cost-entry.ts";
import { date } from "../kernel/calendar-date.ts";
import { commandsFrom, run, toMermaid } from "../kernel/machine.ts";
import { money } from "../kernel/money.ts";
import {
  type CostEntryCommand,
  CostEntryCommandSchema,
  CostEntryEventSchema,
  type CostEntryState,
  costEntryMachine,
  costEntryTable,
} from "./cost-entry.machine.ts";

const eur = (units: number) => money(units * 100, "EUR");
const finance = ctx({ actor: actor("finance", "m-fin") });

const record = (overrides: Record<string, unknown> = {}): CostEntryCommand =>
  CostEntryCommandSchema.parse({
    type: "RecordCost",
    costEntryId: "k1",
    accountId: "acme",
    contractId: "ct1",
    towerId: "tw1",
    date: "2026-11-01",
    category: "labour",
    description: "Service desk, November",
    amount: eur(12_000),
    hours: 160,
    ...overrides,
  });
const voidIt: CostEntryCommand = { type: "VoidCost", reason: "booked twice" };

const after = (...commands: CostEntryCommand[]) =>
  present(stateAfter(costEntryMachine, finance, ...commands));
const decide = (state: CostEntryState, command: CostEntryCommand) =>
  costEntryMachine.decide(state, command, finance);

describe("cost entry machine", () => {
  describe("recording", () => {
    it("records a cost, booked by the actor", () => {
      expect(after(record())).toEqual({
        id: "k1",
        status: "recorded",
        accountId: "acme",
        contractId: "ct1",
        towerId: "tw1",
        date: "2026-11-01",
        category: "labour",
        description: "Service desk, November",
        amount: eur(12_000),
        hours: 160,
        recordedBy: "m-fin",
      });
    });

    it("records a cost on the account alone", () => {
      expect(after(record({ contractId: null, towerId: null, hours: null }))).toMatchObject({
        contractId: null,
        towerId: null,
      });
    });

    it("refuses a cost of zero or less: a wrong entry is corrected or voided, not offset", () => {
      const r = refused(decide(costEntryMachine.initial, record({ amount: eur(0) })));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "amount" });
      expect(refused(decide(costEntryMachine.initial, record({ amount: eur(-5) })))._tag).toBe(
        "InvalidInput",
      );
    });

    it("refuses a tower cost that names no contract", () => {
      const r = refused(decide(costEntryMachine.initial, record({ contractId: null })));
      expect(r).toMatchObject({
        guard: "aTowerCostNamesItsContract",
        _tag: "InvalidInput",
        field: "contractId",
      });
    });

    it("refuses to record the same entry twice", () => {
      expect(refused(decide(after(record()), record()))._tag).toBe("TransitionNotAllowed");
    });
  });

  describe("correcting", () => {
    it("changes what the correction names, with its reason in the event", () => {
      const s = after(record());
      const fix: CostEntryCommand = {
        type: "CorrectCost",
        amount: eur(11_000),
        hours: null,
        date: date("2026-11-02"),
        reason: " wrong rate ",
      };
      expect(accepted(decide(s, fix))).toEqual([
        {
          type: "CostCorrected",
          at: T0,
          changes: { amount: eur(11_000), hours: null, date: "2026-11-02" },
          reason: "wrong rate",
        },
      ]);
      expect(after(record(), fix)).toMatchObject({
        amount: eur(11_000),
        hours: null,
        date: "2026-11-02",
        category: "labour",
      });
    });

    it("changes the description and category", () => {
      const s = after(record(), {
        type: "CorrectCost",
        description: "Freelance designer",
        category: "subcontractor",
        reason: "misfiled",
      });
      expect(s).toMatchObject({ description: "Freelance designer", category: "subcontractor" });
    });

    it("refuses a correction without a reason", () => {
      const r = refused(decide(after(record()), { type: "CorrectCost", amount: eur(1), reason: "  " }));
      expect(r._tag).toBe("ReasonRequired");
    });

    it("refuses a correction that names no change", () => {
      const r = refused(decide(after(record()), { type: "CorrectCost", reason: "checking" }));
      expect(r).toMatchObject({ guard: "somethingToChange", _tag: "InvalidInput", field: "changes" });
    });

    it("refuses an amount in another currency, or not positive", () => {
      const s = after(record());
      const usd = refused(decide(s, { type: "CorrectCost", amount: money(100, "USD"), reason: "x" }));
      expect(usd).toMatchObject({ _tag: "CurrencyMismatch", expected: "EUR", actual: "USD" });
      expect(refused(decide(s, { type: "CorrectCost", amount: eur(0), reason: "x" }))._tag).toBe(
        "InvalidInput",
      );
    });

    it("refuses to correct a voided entry", () => {
      const r = refused(
        decide(after(record(), voidIt), { type: "CorrectCost", amount: eur(1), reason: "x" }),
      );
      expect(r).toMatchObject({ _tag: "TransitionNotAllowed", from: "voided" });
    });
  });

  describe("voiding", () => {
    it("voids an entry booked in error", () => {
      expect(after(record(), voidIt).status).toBe("voided");
    });

    it("refuses to void without a reason", () => {
      expect(refused(decide(after(record()), { type: "VoidCost", reason: "" }))._tag).toBe("ReasonRequired");
    });

    it("refuses to void twice", () => {
      const r = refused(decide(after(record(), voidIt), voidIt));
      expect(r.message).toBe("A cost entry that is voided cannot void cost. No move is allowed from there.");
    });
  });

  it("refuses every command but recording on an entry that does not exist", () => {
    expect(refused(decide(costEntryMachine.initial, voidIt))).toMatchObject({ allowed: ["RecordCost"] });
  });

  it("lists the moves of each status and draws them", () => {
    expect(commandsFrom(costEntryTable, "recorded")).toEqual(["CorrectCost", "VoidCost"]);
    expect(toMermaid(costEntryMachine)).toContain("recorded --> voided: void [aReason]");
  });

  it("throws on an event that cannot apply: a bug, not a refusal", () => {
    expect(() =>
      costEntryMachine.evolve(costEntryMachine.initial, { type: "CostVoided", at: T0, reason: "x" }),
    ).toThrow(/does not exist/);
    const r = run(costEntryMachine, costEntryMachine.initial, record(), finance);
    if (!r.ok) throw new Error(r.error.message);
    expect(() => costEntryMachine.evolve(r.value.state, r.value.events[0]!)).toThrow(/existing cost entry/);
  });

  it("replays to the state it decided, and every event survives JSON and its schema", () => {
    const command = fc.oneof(
      fc.constantFrom(record(), record({ amount: eur(0) }), record({ towerId: null, hours: null })),
      fc.constantFrom<CostEntryCommand>(
        { type: "CorrectCost", amount: eur(900), reason: "rate" },
        { type: "CorrectCost", amount: money(100, "USD"), reason: "rate" },
        { type: "CorrectCost", hours: null, category: "software", reason: "misfiled" },
        { type: "CorrectCost", description: "Licences", date: date("2026-12-01"), reason: "x" },
        { type: "CorrectCost", hours: 12, reason: "" },
      ),
      fc.constantFrom<CostEntryCommand>(voidIt, { type: "VoidCost", reason: " " }),
    );
    assertReplaysAndRoundTrips(costEntryMachine, CostEntryEventSchema, CostEntrySchema, command, (now) =>
      fc.constant(ctx({ now, actor: finance.actor })),
    );
  });
});
