import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertReplaysAndRoundTrips } from "../../testing/entity-machines.fixtures.ts";
import { accepted, ctx, refused, T0 } from "../../testing/fixtures.ts";
import { present, stateAfter } from "../../testing/small-machines.fixtures.ts";
import { QuotaSchema } from "../entities/quota.ts";
import { asId } from "../kernel/ids.ts";
import { commandsFrom, run, toMermaid } from "../kernel/machine.ts";
import { money } from "../kernel/money.ts";
import {
  type QuotaCommand,
  QuotaCommandSchema,
  QuotaEventSchema,
  type QuotaState,
  quotaMachine,
  quotaTable,
} from "./quota.machine.ts";

const eur = (units: number) => money(units * 100, "EUR");

const set: QuotaCommand = {
  type: "SetQuota",
  quotaId: asId.quota("q1"),
  memberId: asId.member("m-ae"),
  period: "2027-Q1",
  amount: eur(250_000),
};
const change = (
  units: number,
  reason = "territory grew",
): Extract<QuotaCommand, { type: "ChangeQuota" }> => ({
  type: "ChangeQuota",
  amount: eur(units),
  reason,
});
const retire: QuotaCommand = { type: "RetireQuota", reason: "left the team" };

const after = (...commands: QuotaCommand[]) => present(stateAfter(quotaMachine, ctx(), ...commands));
const decide = (state: QuotaState, command: QuotaCommand) => quotaMachine.decide(state, command, ctx());

describe("quota machine", () => {
  it("sets a member's target for a period", () => {
    expect(after(set)).toEqual({
      id: "q1",
      status: "set",
      memberId: "m-ae",
      period: "2027-Q1",
      amount: eur(250_000),
    });
  });

  it("parses the periods a quota may cover, and refuses others at the edge", () => {
    const input = { ...set, period: "2027-07" };
    expect(QuotaCommandSchema.parse(input)).toMatchObject({ period: "2027-07" });
    expect(QuotaCommandSchema.safeParse({ ...set, period: "2027-13" }).success).toBe(false);
    expect(QuotaCommandSchema.safeParse({ ...set, amount: eur(0) }).success).toBe(false);
  });

  it("refuses a target of zero or less", () => {
    const r = refused(decide(quotaMachine.initial, { ...set, amount: eur(0) }));
    expect(r).toMatchObject({ guard: "aPositiveAmount", _tag: "InvalidInput", field: "amount" });
  });

  it("refuses to set the same quota twice", () => {
    expect(refused(decide(after(set), set))._tag).toBe("TransitionNotAllowed");
  });

  it("changes the amount, keeping the reason in the event", () => {
    expect(accepted(decide(after(set), change(300_000, " territory grew ")))).toEqual([
      { type: "QuotaChanged", at: T0, amount: eur(300_000), reason: "territory grew" },
    ]);
    expect(after(set, change(300_000)).amount).toEqual(eur(300_000));
  });

  it("refuses a change without a reason", () => {
    expect(refused(decide(after(set), change(300_000, " ")))._tag).toBe("ReasonRequired");
  });

  it("refuses a change to the same amount", () => {
    const r = refused(decide(after(set), change(250_000)));
    expect(r).toMatchObject({ _tag: "InvalidInput", field: "amount" });
  });

  it("refuses a change into another currency, or to zero", () => {
    const usd = refused(decide(after(set), { ...change(1), amount: money(100, "USD") }));
    expect(usd).toMatchObject({
      guard: "inTheQuotasCurrency",
      _tag: "CurrencyMismatch",
      expected: "EUR",
      actual: "USD",
    });
    expect(refused(decide(after(set), change(0)))._tag).toBe("InvalidInput");
  });

  it("retires a quota with a reason", () => {
    expect(after(set, retire).status).toBe("retired");
    expect(refused(decide(after(set), { type: "RetireQuota", reason: "" }))._tag).toBe("ReasonRequired");
  });

  it("refuses to change or retire a retired quota", () => {
    const s = after(set, retire);
    expect(refused(decide(s, change(1)))).toMatchObject({ _tag: "TransitionNotAllowed", allowed: [] });
    expect(refused(decide(s, retire))._tag).toBe("TransitionNotAllowed");
  });

  it("refuses every command but setting on a quota that does not exist", () => {
    expect(refused(decide(quotaMachine.initial, retire))).toMatchObject({ allowed: ["SetQuota"] });
  });

  it("lists the moves of each status and draws them", () => {
    expect(commandsFrom(quotaTable, "set")).toEqual(["ChangeQuota", "RetireQuota"]);
    expect(toMermaid(quotaMachine)).toContain("set --> retired: retire [aReason]");
  });

  it("throws on an event that cannot apply: a bug, not a refusal", () => {
    expect(() =>
      quotaMachine.evolve(quotaMachine.initial, { type: "QuotaRetired", at: T0, reason: "x" }),
    ).toThrow(/does not exist/);
    const r = run(quotaMachine, quotaMachine.initial, set, ctx());
    if (!r.ok) throw new Error(r.error.message);
    expect(() => quotaMachine.evolve(r.value.state, r.value.events[0]!)).toThrow(/existing quota/);
  });

  it("replays to the state it decided, and every event survives JSON and its schema", () => {
    const command = fc.oneof(
      fc.constantFrom(set, { ...set, amount: eur(0) }),
      fc
        .tuple(fc.integer({ min: -1, max: 5 }), fc.constantFrom("why", ""))
        .map(([n, reason]) => change(n * 100_000, reason)),
      fc.constant<QuotaCommand>({ ...change(1), amount: money(100, "USD") }),
      fc.constantFrom<QuotaCommand>(retire, { type: "RetireQuota", reason: "" }),
    );
    assertReplaysAndRoundTrips(quotaMachine, QuotaEventSchema, QuotaSchema, command);
  });
});
