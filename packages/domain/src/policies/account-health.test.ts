import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { T0, TODAY } from "../../testing/fixtures.ts";
import {
  activity,
  contact,
  contract,
  escalation,
  eur,
  GBP,
  IN_EUR,
  invoice,
  line,
  USD,
  usd,
} from "../../testing/policies.fixtures.ts";
import { CONTACT_ROLES } from "../entities/contact.ts";
import { ESCALATION_STATUSES } from "../entities/escalation.ts";
import { INVOICE_STATUSES } from "../entities/invoice.ts";
import { defaultWorkspaceSettings } from "../entities/settings.ts";
import { SEVERITIES } from "../entities/severity.ts";
import { addDays, addHours, date } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import { money } from "../kernel/money.ts";
import {
  type AccountHealth,
  type AccountHealthInput,
  type AccountHealthOptions,
  accountHealth,
  DEFAULT_HEALTH_WEIGHTS,
  HEALTH_SIGNALS,
  type HealthFactor,
  type HealthSignal,
  healthBand,
} from "./account-health.ts";

// T0 is 2026-11-26T09:00Z. Default settings: 30 engagement days, bands 90 / 70, 120-day notice window.
const settings = defaultWorkspaceSettings("EUR");
const options = { ...IN_EUR, now: T0, settings };
const account = asId.account("acc-1");
const daysAgo = (d: number) => addHours(T0, -24 * d);

const healthy: AccountHealthInput = {
  accountId: account,
  activities: [activity("a1", { at: daysAgo(5) })],
  contacts: [
    contact("c1", { name: "Ada Client", roles: ["decision_maker"] }),
    contact("c2", { name: "Bo Client", roles: ["champion"] }),
  ],
  escalations: [],
  invoices: [invoice("i1", { status: "paid" })],
  contracts: [contract("k1")],
};

function health(
  overrides: Partial<AccountHealthInput> = {},
  opts: Partial<AccountHealthOptions> = {},
): AccountHealth {
  const r = accountHealth({ ...healthy, ...overrides }, { ...options, ...opts });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function factor<S extends HealthSignal>(h: AccountHealth, signal: S): Extract<HealthFactor, { signal: S }> {
  return h.factors.find((f) => f.signal === signal) as Extract<HealthFactor, { signal: S }>;
}

describe("accountHealth", () => {
  it("scores a well-tended account 100 and healthy, showing every factor", () => {
    const h = health();
    expect(h).toMatchObject({ accountId: account, score: 100, band: "healthy", pointsLost: 0 });
    expect(h.factors.map((f) => f.signal)).toEqual([...HEALTH_SIGNALS]);
    expect(h.factors.map((f) => f.sentence)).toEqual([
      "Last completed activity 5 days ago.",
      "2 of 2 active contacts engaged in the last 30 days.",
      "Ada Client and Bo Client are in place.",
      "No open escalation.",
      "No invoice past due.",
      "No contract near its notice deadline without a renewal opportunity, and none lapsed.",
    ]);
  });

  describe("engagement", () => {
    it("costs nothing up to the engagement limit", () => {
      expect(
        factor(health({ activities: [activity("a", { at: daysAgo(30) })] }), "engagement").pointsLost,
      ).toBe(0);
    });

    it("says today and yesterday in words, not '0 days ago'", () => {
      const sentence = (days: number) =>
        factor(health({ activities: [activity("a", { at: daysAgo(days) })] }), "engagement").sentence;
      expect([0, 1, 2].map(sentence)).toEqual([
        "Last completed activity today.",
        "Last completed activity yesterday.",
        "Last completed activity 2 days ago.",
      ]);
    });

    it("costs 15 points beyond the limit", () => {
      const f = factor(health({ activities: [activity("a", { at: daysAgo(31) })] }), "engagement");
      expect(f).toMatchObject({ pointsLost: 15, daysSince: 31, limitDays: 30, lastActivityId: "a" });
      expect(f.sentence).toBe("Last completed activity 31 days ago, beyond the 30-day engagement limit.");
    });

    it("costs 25 points beyond twice the limit", () => {
      const f = factor(health({ activities: [activity("a", { at: daysAgo(61) })] }), "engagement");
      expect(f.pointsLost).toBe(25);
      expect(f.sentence).toBe(
        "Last completed activity 61 days ago, more than twice the 30-day engagement limit.",
      );
    });

    it("costs 25 points with no completed activity at all", () => {
      const f = factor(health({ activities: [] }), "engagement");
      expect(f).toMatchObject({ pointsLost: 25, lastActivityId: null, daysSince: null });
      expect(f.sentence).toBe("No completed call, e-mail or meeting on record (notes do not count).");
    });

    it("counts only done activities of the account, not planned, future or other accounts' ones", () => {
      const activities = [
        activity("old", { at: daysAgo(45) }),
        activity("planned", { at: daysAgo(1), done: false }),
        activity("future", { at: addHours(T0, 5) }),
        activity("elsewhere", { at: daysAgo(1), accountId: asId.account("acc-2") }),
      ];
      expect(factor(health({ activities }), "engagement").lastActivityId).toBe("old");
    });

    it("does not count a note as engagement with the client, as a contact's engagement does not", () => {
      const activities = [
        activity("old", { at: daysAgo(45) }),
        activity("note", { at: daysAgo(1), kind: "note" }),
      ];
      expect(factor(health({ activities }), "engagement")).toMatchObject({
        lastActivityId: "old",
        pointsLost: 15,
      });
      expect(factor(health({ activities: [activity("n", { kind: "note" })] }), "engagement").pointsLost).toBe(
        25,
      );
    });

    it("does not count a cancelled activity as engagement", () => {
      const activities = [
        activity("old", { at: daysAgo(45) }),
        activity("cancelled", { at: daysAgo(1), done: false, status: "cancelled" }),
      ];
      expect(factor(health({ activities }), "engagement")).toMatchObject({
        lastActivityId: "old",
        pointsLost: 15,
      });
    });

    it("picks the latest completed activity whatever the order", () => {
      const activities = [activity("recent", { at: daysAgo(2) }), activity("old", { at: daysAgo(45) })];
      expect(factor(health({ activities }), "engagement")).toMatchObject({
        lastActivityId: "recent",
        daysSince: 2,
      });
    });
  });

  describe("stakeholders", () => {
    it("costs up to 10 points in proportion to active contacts not engaged lately, half-even", () => {
      const contacts = [
        contact("c1", { roles: ["decision_maker"] }),
        contact("c2", { lastEngagedAt: daysAgo(40) }),
        contact("c3", { lastEngagedAt: null }),
        contact("c4", { lastEngagedAt: daysAgo(31) }),
        contact("gone", { active: false }),
      ];
      const f = factor(health({ contacts }), "stakeholders");
      expect(f).toMatchObject({ pointsLost: 8, engagedContactIds: ["c1"] }); // 10 × 3 ÷ 4 = 7.5 → 8
      expect(f.activeContactIds).toEqual(["c1", "c2", "c3", "c4"]);
      expect(f.sentence).toBe("1 of 4 active contacts engaged in the last 30 days.");
    });

    it("costs 20 points with no active contact at all", () => {
      const f = factor(health({ contacts: [contact("gone", { active: false })] }), "stakeholders");
      expect(f).toMatchObject({ pointsLost: 20, sentence: "No active contact at the client." });
    });
  });

  describe("sponsor", () => {
    it("costs 25 points when the decision maker has left and no champion remains: a sponsor change", () => {
      const contacts = [
        contact("c1", { name: "Ada Client", roles: ["decision_maker"], active: false }),
        contact("c2", { roles: ["billing"] }),
      ];
      const h = health({ contacts });
      expect(factor(h, "sponsor")).toMatchObject({
        pointsLost: 25,
        sponsorIds: [],
        departedSponsorIds: ["c1"],
      });
      expect(factor(h, "sponsor").sentence).toBe(
        "The sponsor is gone: Ada Client has left and no active decision maker or champion remains.",
      );
      expect(h).toMatchObject({ score: 75, band: "at_risk" });
    });

    it("says who left when several sponsors have", () => {
      const contacts = [
        contact("c1", { name: "Ada", roles: ["decision_maker"], active: false }),
        contact("c2", { name: "Bo", roles: ["champion"], active: false }),
      ];
      expect(factor(health({ contacts }), "sponsor").sentence).toMatch(
        /^The sponsor is gone: Ada and Bo have left/,
      );
    });

    it("costs 25 points when there never was a decision maker or champion", () => {
      const f = factor(health({ contacts: [contact("c2", { roles: ["influencer"] })] }), "sponsor");
      expect(f).toMatchObject({
        pointsLost: 25,
        sentence: "No active decision maker or champion at the client.",
      });
    });
  });

  describe("escalations", () => {
    it("costs points by severity, double past the SLA, ignoring resolved ones", () => {
      const escalations = [
        escalation("low", { severity: "low" }),
        escalation("crit", { severity: "critical", slaDueAt: addHours(T0, -4) }),
        escalation("done", { severity: "high", status: "resolved" }),
        escalation("ack", { severity: "high", status: "acknowledged" }),
      ];
      const f = factor(health({ escalations }), "escalations");
      expect(f.escalations).toEqual([
        { escalationId: "crit", severity: "critical", slaBreached: true, points: 40 },
        { escalationId: "ack", severity: "high", slaBreached: false, points: 10 },
        { escalationId: "low", severity: "low", slaBreached: false, points: 2 },
      ]);
      expect(f.pointsLost).toBe(50); // 52, capped
      expect(f.sentence).toBe("3 open escalations: critical past its SLA, high, low.");
    });

    it("puts a breached escalation before an unbreached one of the same severity", () => {
      const escalations = [
        escalation("fresh", { severity: "medium" }),
        escalation("late", { severity: "medium", slaDueAt: addHours(T0, -1) }),
      ];
      const f = factor(health({ escalations }), "escalations");
      expect(f.escalations.map((e) => e.escalationId)).toEqual(["late", "fresh"]);
      expect(f.pointsLost).toBe(15);
    });

    it("drives the account to critical with a breached critical escalation and a lost sponsor", () => {
      const h = health({
        escalations: [escalation("crit", { severity: "critical", slaDueAt: addHours(T0, -4) })],
        contacts: [contact("c", { roles: [] })],
      });
      expect(h).toMatchObject({ score: 35, band: "critical" });
    });
  });

  describe("overdue invoices", () => {
    it("costs 5 points per invoice past due, 10 when over 30 days late, totals converted", () => {
      const invoices = [
        invoice("late", { dueDate: date("2026-10-31") }),
        invoice("later", {
          currency: USD,
          lines: [line("2.5", usd(10_000))],
          status: "overdue",
          dueDate: date("2026-10-01"),
        }),
        invoice("draft", { status: "draft", dueDate: date("2026-01-01") }),
        invoice("paid", { status: "paid", dueDate: date("2026-01-01") }),
        invoice("due-today", { dueDate: TODAY }),
      ];
      const f = factor(health({ invoices }), "overdue_invoices");
      expect(f.invoices).toEqual([
        {
          invoiceId: "later",
          dueDate: "2026-10-01",
          daysPastDue: 56,
          amount: usd(25_000),
          converted: eur(23_000),
          points: 10,
        },
        {
          invoiceId: "late",
          dueDate: "2026-10-31",
          daysPastDue: 26,
          amount: eur(10_000),
          converted: eur(10_000),
          points: 5,
        },
      ]);
      expect(f).toMatchObject({ pointsLost: 15, total: eur(33_000) });
      expect(f.sentence).toBe("2 invoices past due; the oldest 56 days late.");
      expect(f.sentence).not.toMatch(/\d+\.\d{2}|EUR/);
    });

    it("caps the invoices' points at 30", () => {
      const invoices = [1, 2, 3, 4].map((n) => invoice(`i${n}`, { dueDate: date("2026-01-01") }));
      expect(factor(health({ invoices }), "overdue_invoices").pointsLost).toBe(30);
    });

    it("refuses an overdue invoice in a currency without a rate", () => {
      const gbp = invoice("gbp", { currency: GBP, lines: [line("1", money(100, GBP))] });
      const r = accountHealth({ ...healthy, invoices: [gbp] }, options);
      expect(r).toMatchObject({ ok: false, error: { _tag: "CurrencyMismatch", actual: GBP } });
    });
  });

  describe("renewal", () => {
    it("costs 15 points for an expiring contract with no renewal opportunity", () => {
      const f = factor(
        health({ contracts: [contract("k", { status: "expiring", title: "Run" })] }),
        "renewal",
      );
      expect(f.contracts).toEqual([
        {
          contractId: "k",
          title: "Run",
          status: "expiring",
          endDate: "2027-12-31",
          noticeDeadline: "2027-09-30",
          points: 15,
        },
      ]);
      expect(f.pointsLost).toBe(15);
    });

    it("costs nothing once a renewal opportunity exists or the contract is renewed", () => {
      const contracts = [
        contract("k1", { status: "expiring", renewalOpportunityId: asId.opportunity("r1") }),
        contract("k2", { status: "expiring", renewedById: asId.contract("k9") }),
      ];
      expect(factor(health({ contracts }), "renewal").pointsLost).toBe(0);
    });

    it("counts an active contract whose notice window opened before the sweep marked it", () => {
      // Ends 2027-02-28, three months' notice: deadline 2026-11-30 (the renewal schedule's month-end rule); window open.
      const k = contract("k", { title: "Infra", endDate: date("2027-02-28") });
      const f = factor(health({ contracts: [k] }), "renewal");
      expect(f.sentence).toBe("“Infra” reaches its notice deadline on 30 Nov with no renewal opportunity.");
    });

    it("says when the notice deadline has already passed", () => {
      const k = contract("k", { title: "Apps", endDate: date("2027-01-31") });
      expect(factor(health({ contracts: [k] }), "renewal").sentence).toBe(
        "“Apps” passed its notice deadline on 31 Oct with no renewal opportunity.",
      );
    });

    it("ignores contracts not binding, and those whose window has not opened", () => {
      const contracts = [
        contract("draft", { status: "draft", endDate: date("2027-01-31") }),
        contract("ended", { status: "expired", endDate: date("2026-10-31") }),
        contract("next", { previousContractId: asId.contract("ended"), endDate: addDays(TODAY, 700) }),
        contract("far", { endDate: addDays(TODAY, 365) }),
      ];
      expect(factor(health({ contracts }), "renewal").contracts).toEqual([]);
    });

    it("lowers a client whose only contract expired after a lost renewal to at risk, and says why", () => {
      const expired = contract("k", {
        title: "Run",
        status: "expired",
        endDate: date("2026-10-31"),
        endedAt: T0,
        renewalOpportunityId: asId.opportunity("r"),
      });
      const h = health({
        contracts: [expired],
        opportunities: [{ id: asId.opportunity("r"), accountId: account, status: "lost" }],
      });
      expect(h).toMatchObject({ score: 80, band: "at_risk" });
      expect(factor(h, "renewal")).toMatchObject({
        pointsLost: 20,
        sentence: "“Run” expired on 26 Nov with no contract to follow it.",
        contracts: [{ contractId: "k", status: "expired", points: 20 }],
      });
    });

    it("counts a binding contract whose renewal deal was lost, before it ends", () => {
      const k = contract("k", {
        title: "Run",
        status: "expiring",
        renewalOpportunityId: asId.opportunity("r"),
      });
      const lost = { id: asId.opportunity("r"), accountId: account, status: "lost" } as const;
      expect(factor(health({ contracts: [k], opportunities: [lost] }), "renewal")).toMatchObject({
        pointsLost: 20,
        sentence: "The renewal of “Run” was lost; it ends on 31 Dec 2027.",
      });
      const open = { ...lost, status: "open" } as const;
      expect(factor(health({ contracts: [k], opportunities: [open] }), "renewal").pointsLost).toBe(0);
    });

    it("forgets a lapsed contract a year after it ended, and one that a renewal followed", () => {
      const old = contract("old", { status: "terminated", endDate: date("2025-10-01") });
      expect(factor(health({ contracts: [old] }), "renewal").pointsLost).toBe(0);
      const renewed = contract("k", { status: "expired", endDate: date("2026-10-31") });
      const next = contract("k2", { previousContractId: asId.contract("k"), endDate: addDays(TODAY, 700) });
      expect(factor(health({ contracts: [renewed, next] }), "renewal").pointsLost).toBe(0);
      expect(factor(health({ contracts: [renewed] }), "renewal").pointsLost).toBe(20);
    });

    it("lists contracts by notice deadline and caps the points at 40", () => {
      const contracts = ["2027-03-31", "2027-01-31", "2027-02-28"].map((end, i) =>
        contract(`k${i}`, { endDate: date(end) }),
      );
      const f = factor(health({ contracts }), "renewal");
      expect(f.contracts.map((c) => c.contractId)).toEqual(["k1", "k2", "k0"]);
      expect(f.pointsLost).toBe(40);
    });
  });

  it("ignores records of other accounts", () => {
    const other = asId.account("acc-2");
    const h = health({
      escalations: [escalation("e", { accountId: other, severity: "critical" })],
      invoices: [invoice("i", { accountId: other, dueDate: date("2026-01-01") })],
      contracts: [contract("k", { accountId: other, status: "expiring" })],
      contacts: [
        ...healthy.contacts,
        contact("x", { accountId: other, active: false, roles: ["decision_maker"] }),
      ],
    });
    expect(h.score).toBe(100);
  });

  it("uses the workspace's own weights and bands", () => {
    const weights = { ...DEFAULT_HEALTH_WEIGHTS, sponsorGone: 5 };
    const h = health(
      { contacts: [contact("c", { roles: [] })] },
      { weights, settings: { ...settings, healthBands: { healthy: 96, atRisk: 50 } } },
    );
    expect(h).toMatchObject({ score: 95, band: "at_risk" });
  });

  it("keeps the score within 0–100 whatever the records and weights", () => {
    const n = fc.integer({ min: 0, max: 120 });
    const weights = fc.record({
      noActivity: n,
      staleActivity: n,
      coldActivity: n,
      escalation: fc.record({ low: n, medium: n, high: n, critical: n }),
      slaBreachedMultiplier: fc.integer({ min: 1, max: 5 }),
      escalationsCap: n,
      overdueInvoice: n,
      longOverdueInvoice: n,
      longOverdueDays: n,
      overdueInvoicesCap: n,
      renewalAtRisk: n,
      lapsedContract: n,
      lapsedContractDays: fc.integer({ min: 0, max: 800 }),
      renewalCap: n,
      noActiveContact: n,
      unengagedContacts: n,
      sponsorGone: n,
    });
    const days = fc.integer({ min: -10, max: 400 });
    const input = fc.record({
      activities: fc.array(fc.tuple(days, fc.boolean()), { maxLength: 5 }),
      contacts: fc.array(
        fc.tuple(fc.boolean(), fc.subarray([...CONTACT_ROLES]), fc.option(days, { nil: null })),
        { maxLength: 6 },
      ),
      escalations: fc.array(
        fc.tuple(fc.constantFrom(...SEVERITIES), fc.constantFrom(...ESCALATION_STATUSES), days),
        { maxLength: 6 },
      ),
      invoices: fc.array(fc.tuple(fc.constantFrom(...INVOICE_STATUSES), days), { maxLength: 6 }),
      contracts: fc.array(
        fc.tuple(
          fc.constantFrom("draft", "active", "expiring", "expired", "terminated") as fc.Arbitrary<"active">,
          days,
          fc.boolean(),
        ),
        { maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(input, weights, (i, w) => {
        const r = accountHealth(
          {
            accountId: account,
            activities: i.activities.map(([d, done], k) => activity(`a${k}`, { at: daysAgo(d), done })),
            contacts: i.contacts.map(([active, roles, d], k) =>
              contact(`c${k}`, { active, roles, lastEngagedAt: d === null ? null : daysAgo(d) }),
            ),
            escalations: i.escalations.map(([severity, status, d], k) =>
              escalation(`e${k}`, { severity, status, slaDueAt: daysAgo(d) }),
            ),
            invoices: i.invoices.map(([status, d], k) =>
              invoice(`i${k}`, { status, dueDate: addDays(TODAY, -d) }),
            ),
            contracts: i.contracts.map(([status, d, renewal], k) =>
              contract(`k${k}`, {
                status,
                endDate: addDays(TODAY, d),
                renewalOpportunityId: renewal ? asId.opportunity(`r${k}`) : null,
              }),
            ),
          },
          { ...options, weights: w },
        );
        if (!r.ok) throw new Error(r.error.message);
        const { score, pointsLost, factors } = r.value;
        expect(Number.isInteger(score) && score >= 0 && score <= 100).toBe(true);
        expect(score).toBe(Math.max(0, 100 - pointsLost));
        expect(pointsLost).toBe(factors.reduce((s, f) => s + f.pointsLost, 0));
      }),
    );
  });
});

describe("accountHealth, for any account", () => {
  it("never scores higher once a contract lapses without a successor, nor once a renewal deal is lost", () => {
    const day = fc.integer({ min: -400, max: 400 });
    fc.assert(
      fc.property(
        day,
        fc.constantFrom("expired", "terminated") as fc.Arbitrary<"expired">,
        day,
        (end, status, other) => {
          const before = health({ contracts: [contract("k0", { endDate: addDays(TODAY, other) })] });
          const lapsed = contract("k1", { status, endDate: addDays(TODAY, end) });
          const after = health({ contracts: [contract("k0", { endDate: addDays(TODAY, other) }), lapsed] });
          expect(after.score).toBeLessThanOrEqual(before.score);
          const k = contract("k2", { status: "expiring", renewalOpportunityId: asId.opportunity("r") });
          const lostDeal = [{ id: asId.opportunity("r"), accountId: account, status: "lost" as const }];
          expect(health({ contracts: [k], opportunities: lostDeal }).score).toBeLessThan(
            health({ contracts: [k] }).score,
          );
        },
      ),
    );
  });
});

describe("healthBand", () => {
  const bands = settings.healthBands;
  it("is healthy from 90, at risk from 70, critical below", () => {
    expect([100, 90, 89, 70, 69, 0].map((s) => healthBand(s, bands))).toEqual([
      "healthy",
      "healthy",
      "at_risk",
      "at_risk",
      "critical",
      "critical",
    ]);
  });
});
