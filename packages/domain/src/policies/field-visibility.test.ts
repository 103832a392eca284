import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CONTRACT_JOURNEYS } from "../../testing/contract.fixtures.ts";
import { actor } from "../../testing/fixtures.ts";
import { eur, openDeal } from "../../testing/policies.fixtures.ts";
import { runSteps } from "../../testing/small-machines.fixtures.ts";
import { ContractSchema } from "../entities/contract.ts";
import { ROLES } from "../entities/member.ts";
import { OpportunitySchema } from "../entities/opportunity.ts";
import { QuotaSchema } from "../entities/quota.ts";
import { asId } from "../kernel/ids.ts";
import { type Money, MoneySchema, money } from "../kernel/money.ts";
import { ContractEventSchema } from "../machines/contract.commands.ts";
import { contractMachine } from "../machines/contract.machine.ts";
import {
  guardedBy,
  isMasked,
  isMoneySchema,
  MaskedSchema,
  masked,
  maskedForRole,
  mayEverSee,
  maySeeClientFigures,
  moneyRuleOf,
  redact,
  redactedSchema,
} from "./field-visibility.ts";
import { MONEY_KINDS, PERMISSION_MATRIX, RESOURCE_KINDS } from "./permissions.matrix.ts";

const hidden = masked("finance.read", "not yours to see");
const hideAll = () => hidden;
const showAll = () => null;

/** Every value in a JSON tree that looks like money: `{ amount, currency }` and nothing else. */
function moneyIn(value: unknown, path = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => moneyIn(v, `${path}[${i}]`));
  if (typeof value !== "object" || value === null) return [];
  const keys = Object.keys(value);
  if (keys.length === 2 && "amount" in value && "currency" in value) return [path];
  return keys.flatMap((k) => moneyIn((value as Record<string, unknown>)[k], `${path}.${k}`));
}

const contractLife = runSteps(contractMachine, CONTRACT_JOURNEYS[0]!);
const contract = ContractSchema.parse(JSON.parse(JSON.stringify(contractLife.state)));

describe("the masked shape", () => {
  it("is neither null nor zero, and names why and what would show it", () => {
    expect(MaskedSchema.parse(hidden)).toEqual({
      masked: true,
      reason: "not yours to see",
      requires: "finance.read",
    });
    expect(MaskedSchema.safeParse(null).success).toBe(false);
    expect(MaskedSchema.safeParse(money(0, "EUR")).success).toBe(false);
    expect(isMasked(hidden)).toBe(true);
    expect(isMasked(money(0, "EUR"))).toBe(false);
  });
});

describe("moneyRuleOf", () => {
  it("decides a money kind's money per record (quota.read for a quota, finance.read otherwise)", () => {
    for (const kind of MONEY_KINDS)
      expect(moneyRuleOf(kind)).toEqual({
        by: "record",
        guard: kind === "quota" ? "quota.read" : "finance.read",
      });
  });

  it("leaves a brief's budgets to brief.read: they are the client's figures", () => {
    expect(moneyRuleOf("brief")).toEqual({ by: "client" });
  });

  it("decides any other kind's money (the approval limits) by the role, so new money there starts masked", () => {
    for (const kind of RESOURCE_KINDS)
      if (kind !== "brief" && !(MONEY_KINDS as readonly string[]).includes(kind))
        expect(moneyRuleOf(kind), kind).toEqual({ by: "role", guard: "finance.read" });
  });
});

describe("maySeeClientFigures", () => {
  it("shows a brief's budgets to the roles that work on briefs or see money, and masks them from the viewer", () => {
    for (const role of ROLES)
      expect(maySeeClientFigures({ role }), role).toBe(
        role === "admin" ||
          PERMISSION_MATRIX[role]["finance.read"] !== "never" ||
          PERMISSION_MATRIX[role]["brief.write"] !== "never" ||
          PERMISSION_MATRIX[role]["brief.transition"] !== "never",
      );
    // The planner works from the client's budget without seeing the agency's money; the viewer sees no money.
    expect(maySeeClientFigures({ role: "account_planner" })).toBe(true);
    expect(maySeeClientFigures({ role: "viewer" })).toBe(false);
  });
});

describe("mayEverSee", () => {
  it("follows the matrix: a role sees workspace figures unless its rule is never", () => {
    for (const role of ROLES)
      for (const guard of ["finance.read", "quota.read"] as const)
        expect(mayEverSee({ role }, guard)).toBe(
          role === "admin" || PERMISSION_MATRIX[role][guard] !== "never",
        );
    expect(mayEverSee({ role: "viewer" }, "finance.read")).toBe(false);
    expect(maskedForRole(actor("viewer"), "finance.read").reason).toContain("sees no money");
    // In words, without the permission's key.
    expect(maskedForRole(actor("viewer"), "finance.read").reason).not.toMatch(/finance|granted/);
    expect(maskedForRole(actor("viewer"), "finance.read").reason).toMatch(/^A viewer .*\.$/);
  });
});

describe("redact", () => {
  it("finds money in a schema wherever MoneySchema is used, refined or not", () => {
    expect(isMoneySchema(MoneySchema)).toBe(true);
    expect(isMoneySchema(QuotaSchema.shape.amount)).toBe(true);
    expect(isMoneySchema(MoneySchema.nullable())).toBe(false); // the walk steps inside
    expect(isMoneySchema(z.object({ amount: z.number(), currency: z.string() }))).toBe(false);
  });

  it("masks every money field of a contract (value, towers' value and cost, milestones) and nothing else", () => {
    expect(moneyIn(contract).length).toBeGreaterThanOrEqual(3);
    const out = redact(ContractSchema, contract, "finance.read", hideAll);
    expect(moneyIn(out)).toEqual([]);
    expect(out.value).toEqual(hidden);
    expect(out.towers[0]!.value).toEqual(hidden);
    expect(out.towers[0]!.cost).toEqual(hidden);
    expect(out.title).toBe(contract.title);
    expect(out.startDate).toBe(contract.startDate);
    // A milestone without an amount keeps its null: masked is not "no value".
    const withNull = { ...contract, milestones: contract.milestones.map((m) => ({ ...m, amount: null })) };
    expect(redact(ContractSchema, withNull, "finance.read", hideAll).milestones.map((m) => m.amount)).toEqual(
      withNull.milestones.map(() => null),
    );
  });

  it("shows every field unchanged when the reader may see the money", () => {
    expect(redact(ContractSchema, contract, "finance.read", showAll)).toEqual(contract);
  });

  it("masks a deal's amount and keeps 'no amount yet' as null: whether it is priced is its stage's, not money", () => {
    // A stage says whether its deals need an amount (pipeline data every reader sees), so null reveals nothing
    // the stage does not; an amount, however small, is masked.
    const deal = openDeal("o-1", { amount: eur(5_000) });
    expect(redact(OpportunitySchema, deal, "finance.read", hideAll).amount).toEqual(hidden);
    const early = openDeal("o-2", { amount: null, closeDate: null, stageId: asId.stage("prospecting") });
    const out = redact(OpportunitySchema, early, "finance.read", hideAll);
    expect(out.amount).toBeNull();
    expect(out.closeDate).toBeNull();
    expect(moneyIn(redact(OpportunitySchema, deal, "finance.read", hideAll))).toEqual([]);
  });

  it("masks the money in every event of a contract's life, each event read by its own type", () => {
    expect(contractLife.events.some((e) => moneyIn(e).length > 0)).toBe(true);
    for (const event of contractLife.events) {
      const out = redact(ContractEventSchema, event, "finance.read", hideAll);
      expect(moneyIn(out), event.type).toEqual([]);
      expect(out.type).toBe(event.type);
    }
  });

  it("asks for the guard a guardedBy part names, and the kind's guard elsewhere", () => {
    const Report = z.object({ target: guardedBy("quota.read", MoneySchema), closedWon: MoneySchema });
    const asked: string[] = [];
    const out = redact(
      Report,
      { target: money(100, "EUR"), closedWon: money(50, "EUR") },
      "finance.read",
      (guard) => {
        asked.push(guard);
        return guard === "quota.read" ? masked("quota.read", "not your quota") : null;
      },
    );
    expect(asked.sort()).toEqual(["finance.read", "quota.read"]);
    expect(out.target).toEqual(masked("quota.read", "not your quota"));
    expect(out.closedWon).toEqual(money(50, "EUR"));
  });

  it("masks the ratios that reveal money (margin and attainment in basis points)", () => {
    const Pnl = z.object({ margin: MoneySchema, marginBasisPoints: z.number().int().nullable() });
    const out = redact(Pnl, { margin: money(5, "EUR"), marginBasisPoints: 2500 }, "finance.read", hideAll);
    expect(out).toEqual({ margin: hidden, marginBasisPoints: hidden });
    expect(
      redact(Pnl, { margin: money(0, "EUR"), marginBasisPoints: null }, "finance.read", hideAll),
    ).toEqual({
      margin: hidden,
      marginBasisPoints: null,
    });
  });

  it("recognises money by its shape where the schema does not say (an unknown payload)", () => {
    const Event = z.object({ type: z.string(), payload: z.unknown() });
    const value = { type: "X", payload: { deep: [{ price: money(1, "EUR") as Money, note: "n" }] } };
    expect(moneyIn(redact(Event, value, "finance.read", hideAll))).toEqual([]);
  });
});

describe("redactedSchema", () => {
  it("accepts both the record as it is and the record masked, and keeps parts without money as they are", () => {
    const Redacted = redactedSchema(ContractSchema, (id) => `${id}View`);
    expect(Redacted.safeParse(contract).success).toBe(true);
    expect(Redacted.safeParse(redact(ContractSchema, contract, "finance.read", hideAll)).success).toBe(true);
    expect(z.globalRegistry.get(Redacted)?.id).toBe("ContractView");
    // A copy is named by the rename it was asked with, whichever was asked first.
    expect(z.globalRegistry.get(redactedSchema(ContractSchema))?.id).toBe("Contract");
    expect(redactedSchema(ContractSchema, (id) => `${id}View`)).not.toBe(Redacted);
    const Plain = z.object({ name: z.string() });
    expect(redactedSchema(Plain)).toBe(Plain);
  });

  it("does not accept a masked value where the schema has no money", () => {
    const Redacted = redactedSchema(ContractSchema);
    expect(Redacted.safeParse({ ...contract, title: hidden }).success).toBe(false);
  });
});
