import { describe, expect, it } from "vitest";
import { bandWords, contractRows } from "./account-sections.tsx";

const eur = (amount: number) => ({ amount, currency: "EUR" });
const pnl = (revenue: number, cost: number) =>
  ({
    revenue: eur(revenue),
    cost: eur(cost),
    margin: eur(revenue - cost),
    marginBasisPoints: revenue === 0 ? null : Math.round(((revenue - cost) / revenue) * 10_000),
  }) as never;

describe("the account's P&L rows", () => {
  it("leaves out a contract with neither revenue nor cost, and one that only repeats the Actual row", () => {
    const one = { contractId: "c1", title: "Run", actual: pnl(1000, 400) };
    const zero = { contractId: "c2", title: "Pilot", actual: pnl(0, 0) };
    expect(contractRows({ actual: pnl(1000, 400), contracts: [one, zero] })).toEqual([]);
    const two = { contractId: "c3", title: "Build", actual: pnl(500, 100) };
    expect(contractRows({ actual: pnl(1500, 500), contracts: [one, zero, two] }).map((c) => c.title)).toEqual(
      ["Run", "Build"],
    );
    // Costs outside any contract: the one contract is not the whole Actual row, so it stays.
    expect(contractRows({ actual: pnl(1000, 600), contracts: [one] })).toHaveLength(1);
  });
});

describe("a health score beside its band", () => {
  it("says where the workspace's bands fall, so 87 reads as at risk for a reason", () => {
    const bands = { healthy: 90, atRisk: 70 };
    expect(bandWords("at_risk", bands)).toBe("at risk is 70 to 89; healthy from 90");
    expect(bandWords("healthy", bands)).toBe("healthy is 90 and above");
    expect(bandWords("critical", bands)).toBe("critical is below 70; at risk from 70");
  });
});
