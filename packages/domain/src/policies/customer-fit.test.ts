import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TargetCriteriaSchema } from "../entities/target-list.ts";
import { currency } from "../kernel/money.ts";
import { customerFit, FIT_WEIGHTS, type FitFacts } from "./customer-fit.ts";

const EUR = currency("EUR");
const eur = (major: number) => ({ amount: major * 100, currency: EUR });
const criteria = TargetCriteriaSchema.parse({
  industries: ["Banking", "Insurance"],
  employees: { min: 1_000, max: 10_000 },
  annualRevenue: { min: eur(100_000_000), max: null },
  regions: ["DACH"],
});
const bank: FitFacts = {
  industry: "banking",
  employees: 4_000,
  annualRevenue: eur(900_000_000),
  region: "DACH",
};

describe("customerFit", () => {
  it("scores an account meeting every criterion 100, with a reason for each", () => {
    const fit = customerFit(bank, criteria);
    expect(fit.score).toBe(100);
    expect(fit.fits).toBe(true);
    expect(fit.reasons.map((r) => r.text)).toEqual([
      "in banking, an industry the list hunts",
      "4,000 employees, within 1,000–10,000",
      "annual revenue 900,000,000.00 EUR, within the range from 100,000,000.00 EUR",
      "covered from DACH",
    ]);
  });

  it("weighs each criterion met over those asked: the wrong region costs its 20 points", () => {
    const fit = customerFit({ ...bank, region: "Nordics" }, criteria);
    expect(fit.score).toBe(80);
    expect(fit.reasons.at(-1)).toEqual({
      criterion: "region",
      matched: false,
      text: "covered from Nordics, not DACH",
    });
  });

  it("does not count a fact the account lacks as met, and says it is not known", () => {
    const fit = customerFit({ ...bank, employees: null, annualRevenue: null }, criteria);
    expect(fit.score).toBe(50);
    expect(fit.reasons.filter((r) => !r.matched).map((r) => r.text)).toEqual([
      "number of employees not known (the list wants 1,000–10,000)",
      "annual revenue not known",
    ]);
  });

  it("does not compare revenues in two currencies", () => {
    const fit = customerFit(
      { ...bank, annualRevenue: { amount: 10 ** 12, currency: currency("USD") } },
      criteria,
    );
    expect(fit.reasons[2]).toMatchObject({ matched: false, text: expect.stringMatching(/no exchange rate/) });
  });

  it("scores every account 100 on a list that asks nothing", () => {
    const none: FitFacts = { industry: null, employees: null, annualRevenue: null, region: null };
    expect(customerFit(none, TargetCriteriaSchema.parse({}))).toEqual({
      score: 100,
      reasons: [],
      fits: true,
    });
  });

  describe("properties", () => {
    const facts: fc.Arbitrary<FitFacts> = fc.record({
      industry: fc.constantFrom(null, "Banking", "Retail"),
      employees: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
      annualRevenue: fc.option(
        fc.integer({ min: 0, max: 10 ** 12 }).map((amount) => ({ amount, currency: EUR })),
        { nil: null },
      ),
      region: fc.constantFrom(null, "DACH", "Benelux"),
    });
    const bound = fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null });
    const asked = fc
      .record({
        industries: fc.subarray(["Banking", "Insurance"]),
        employees: fc.option(fc.tuple(bound, bound), { nil: null }),
        regions: fc.subarray(["DACH", "Nordics"]),
      })
      .map((c) =>
        TargetCriteriaSchema.parse({
          industries: c.industries,
          regions: c.regions,
          employees: c.employees && {
            min:
              c.employees[0] === null || c.employees[1] === null
                ? c.employees[0]
                : Math.min(...(c.employees as number[])),
            max:
              c.employees[0] === null || c.employees[1] === null
                ? c.employees[1]
                : Math.max(...(c.employees as number[])),
          },
        }),
      );

    it("is a whole number from 0 to 100; 100 exactly when every criterion asked is met", () => {
      fc.assert(
        fc.property(facts, asked, (f, c) => {
          const fit = customerFit(f, c);
          expect(Number.isInteger(fit.score) && fit.score >= 0 && fit.score <= 100).toBe(true);
          expect(fit.fits).toBe(fit.reasons.every((r) => r.matched));
          expect(fit.score === 100).toBe(fit.fits);
        }),
      );
    });

    it("is monotone in the criteria met: an account meeting a criterion more never scores less", () => {
      fc.assert(
        fc.property(facts, asked, (f, c) => {
          const before = customerFit(f, c);
          // Make the account meet one more criterion: take the industry the list asks.
          const better = c.industries.length > 0 ? { ...f, industry: c.industries[0]! } : f;
          const after = customerFit(better, c);
          expect(after.score).toBeGreaterThanOrEqual(before.score);
          const met = (x: typeof before) => x.reasons.filter((r) => r.matched).length;
          expect(met(after)).toBeGreaterThanOrEqual(met(before));
        }),
      );
    });

    it("is the weight of the criteria met over the weight of those asked", () => {
      fc.assert(
        fc.property(facts, asked, (f, c) => {
          const fit = customerFit(f, c);
          const w = (rs: typeof fit.reasons) => rs.reduce((s, r) => s + FIT_WEIGHTS[r.criterion], 0);
          const total = w(fit.reasons);
          expect(fit.score).toBe(
            total === 0 ? 100 : Math.round((100 * w(fit.reasons.filter((r) => r.matched))) / total),
          );
        }),
      );
    });
  });
});
