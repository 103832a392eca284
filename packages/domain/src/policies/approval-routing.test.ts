import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agencyAuthority, eur, usd } from "../../testing/contract.fixtures.ts";
import type { ApprovalAuthority } from "../entities/settings.ts";
import { timestamp } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import { money } from "../kernel/money.ts";
import {
  approvalLadder,
  canApprove,
  formatMoney,
  pendingApprovals,
  routeApproval,
} from "./approval-routing.ts";

const routed = (value: ReturnType<typeof eur>, discountPercent = 0, authority = agencyAuthority) => {
  const r = routeApproval({ value, discountPercent }, authority);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe("routeApproval", () => {
  describe("the agency's ladder (supervisor 25,000 at 10 %, director 250,000 at 25 %, admin unlimited)", () => {
    it("sends 20,000 to a supervisor", () => {
      expect(routed(eur(20_000)).requiredApprovals).toEqual(["supervisor"]);
    });

    it("sends 100,000 to a director", () => {
      expect(routed(eur(100_000)).requiredApprovals).toEqual(["director"]);
    });

    it("sends 300,000 to the managing director (admin)", () => {
      expect(routed(eur(300_000)).requiredApprovals).toEqual(["admin"]);
    });

    it("sends 20,000 at a 15 % discount to a director: a supervisor may grant at most 10 %", () => {
      expect(routed(eur(20_000), 15).requiredApprovals).toEqual(["director"]);
    });

    it("sends exactly 25,000 to a supervisor: a limit includes its amount", () => {
      expect(routed(eur(25_000)).requiredApprovals).toEqual(["supervisor"]);
    });

    it("sends 25,000.01 to a director", () => {
      expect(routed(money(2_500_001, "EUR")).requiredApprovals).toEqual(["director"]);
    });
  });

  it("explains every rung it weighed, lowest first", () => {
    const route = routed(eur(100_000), 5);
    expect(route.considered.map((r) => [r.role, r.coversValue, r.coversDiscount])).toEqual([
      ["supervisor", false, true],
      ["director", true, true],
      ["admin", true, true],
    ]);
    expect(route.considered[0]?.reason).toBe(
      "A supervisor may approve up to 25,000.00 EUR at up to 10% discount: 100,000.00 EUR is above the limit.",
    );
    expect(route.explanation).toBe(
      "A director must approve 100,000.00 EUR at a 5% discount: the lowest authority that covers it.",
    );
  });

  it("names both reasons when a rung fails on value and discount", () => {
    expect(routed(eur(30_000), 12).considered[0]?.reason).toMatch(
      /30,000.00 EUR is above the limit and a 12% discount is above the cap\.$/,
    );
  });

  it("escalates to the most senior unlimited rung when no rung covers the discount", () => {
    const capped: ApprovalAuthority[] = [
      ...agencyAuthority.slice(0, 2),
      { role: "admin", limit: null, maxDiscountPercent: 40 },
    ];
    const route = routed(eur(20_000), 60, capped);
    expect(route.requiredApprovals).toEqual(["admin"]);
    expect(route.explanation).toMatch(/goes to the most senior: an admin/);
  });

  it("refuses when nothing covers the contract and no one is unlimited", () => {
    const r = routeApproval({ value: eur(300_000), discountPercent: 0 }, agencyAuthority.slice(0, 2));
    expect(r).toMatchObject({ ok: false, error: { _tag: "InvalidInput", field: "approvalAuthority" } });
  });

  it("refuses a value in another currency than the limits, without converting", () => {
    const r = routeApproval({ value: usd(20_000), discountPercent: 0 }, agencyAuthority);
    expect(r).toMatchObject({
      ok: false,
      error: { _tag: "CurrencyMismatch", expected: "EUR", actual: "USD" },
    });
  });

  it("needs no approval when the workspace sets no authority", () => {
    expect(routed(eur(1_000_000), 0, []).requiredApprovals).toEqual([]);
  });

  it("takes the ladder in any order the settings list it", () => {
    expect(routed(eur(100_000), 0, [...agencyAuthority].reverse()).requiredApprovals).toEqual(["director"]);
  });

  it("for any value and ladder, picks a role that covers it, or the most senior unlimited one", () => {
    const rung = fc.record({
      role: fc.constantFrom("supervisor", "director", "account_manager", "finance") as fc.Arbitrary<
        ApprovalAuthority["role"]
      >,
      limit: fc.option(
        fc.integer({ min: 0, max: 10_000_000 }).map((n) => eur(n)),
        { nil: null },
      ),
      maxDiscountPercent: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    });
    const top: fc.Arbitrary<ApprovalAuthority> = fc.record({
      role: fc.constant("admin" as const),
      limit: fc.constant(null),
      maxDiscountPercent: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.array(rung, { maxLength: 5 }),
        top,
        fc.integer({ min: 0, max: 20_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        (rungs, unlimited, amount, discountPercent) => {
          const ladder = [...rungs, unlimited];
          const subject = { value: eur(amount), discountPercent };
          const r = routeApproval(subject, ladder);
          if (!r.ok) throw new Error(r.error.message);
          const [role] = r.value.requiredApprovals;
          expect(r.value.requiredApprovals).toHaveLength(1);
          const covering = approvalLadder(ladder).find(
            (a) =>
              (a.limit === null || amount * 100 <= a.limit.amount) &&
              (a.maxDiscountPercent === null || discountPercent <= a.maxDiscountPercent),
          );
          expect(role).toBe(
            covering
              ? covering.role
              : approvalLadder(ladder)
                  .filter((a) => !a.limit)
                  .at(-1)?.role,
          );
          expect(canApprove(role!, subject, ladder)).toBe(true);
        },
      ),
    );
  });
});

describe("approvalLadder", () => {
  it("orders by limit, unlimited last, then by discount cap", () => {
    const ladder = approvalLadder([
      { role: "admin", limit: null, maxDiscountPercent: null },
      { role: "finance", limit: null, maxDiscountPercent: 50 },
      { role: "director", limit: eur(250_000), maxDiscountPercent: 25 },
      { role: "supervisor", limit: eur(25_000), maxDiscountPercent: null },
      { role: "account_manager", limit: eur(25_000), maxDiscountPercent: 5 },
    ]);
    expect(ladder.map((r) => r.role)).toEqual([
      "account_manager",
      "supervisor",
      "director",
      "finance",
      "admin",
    ]);
  });
});

describe("canApprove", () => {
  const subject = { value: eur(20_000), discountPercent: 0 };

  it("lets a director approve what needs a supervisor", () => {
    expect(canApprove("director", subject, agencyAuthority)).toBe(true);
  });

  it("does not let a supervisor approve 100,000", () => {
    expect(canApprove("supervisor", { value: eur(100_000), discountPercent: 0 }, agencyAuthority)).toBe(
      false,
    );
  });

  it("does not let a role outside the ladder approve", () => {
    expect(canApprove("account_executive", subject, agencyAuthority)).toBe(false);
  });

  it("lets the unlimited rung approve a discount above its own cap once escalated to it", () => {
    const capped: ApprovalAuthority[] = [{ role: "admin", limit: null, maxDiscountPercent: 40 }];
    expect(canApprove("admin", { value: eur(20_000), discountPercent: 60 }, capped)).toBe(true);
  });

  it("does not count a limit in another currency", () => {
    expect(canApprove("supervisor", { value: usd(1), discountPercent: 0 }, agencyAuthority)).toBe(false);
  });
});

describe("pendingApprovals", () => {
  const at = timestamp("2026-11-26T09:00:00.000Z");
  const base = { value: eur(20_000), discountPercent: 0, requiredApprovals: ["supervisor" as const] };
  const approval = (role: "supervisor" | "director" | "finance") => ({
    memberId: asId.member(`m-${role}`),
    role,
    at,
  });

  it("waits for the required role", () => {
    expect(pendingApprovals({ ...base, approvals: [] }, agencyAuthority)).toEqual(["supervisor"]);
  });

  it("is met by the required role", () => {
    expect(pendingApprovals({ ...base, approvals: [approval("supervisor")] }, agencyAuthority)).toEqual([]);
  });

  it("is met by a more senior role whose authority covers it", () => {
    expect(pendingApprovals({ ...base, approvals: [approval("director")] }, agencyAuthority)).toEqual([]);
  });

  it("is not met by a role outside the ladder", () => {
    expect(pendingApprovals({ ...base, approvals: [approval("finance")] }, agencyAuthority)).toEqual([
      "supervisor",
    ]);
  });
});

describe("formatMoney", () => {
  it("groups thousands and keeps the minor unit", () => {
    expect(formatMoney(money(-123_456_789, "EUR"))).toBe("-1,234,567.89 EUR");
    expect(formatMoney(money(5_000, "JPY"))).toBe("5,000 JPY");
  });
});
