import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  contract,
  EUR,
  eur,
  GBP,
  IN_EUR,
  lostDeal,
  openDeal,
  tower,
  usd,
  wonDeal,
} from "../../testing/policies.fixtures.ts";
import { serviceLineKey } from "../entities/service-line.ts";
import { asId } from "../kernel/ids.ts";
import { money } from "../kernel/money.ts";
import {
  WHITESPACE_STATES,
  type WhitespaceContract,
  type WhitespaceDeal,
  whitespace,
  workspaceServiceLines,
} from "./whitespace.ts";

const ACME = "acc-1";
const other = { accountId: asId.account("acc-2") };

function matrix(deals: WhitespaceDeal[], contracts: WhitespaceContract[] = [], declaredLines: string[] = []) {
  const r = whitespace({ accountId: ACME, deals, contracts, declaredLines }, IN_EUR);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const row = (m: ReturnType<typeof matrix>, line: string) => m.lines.find((l) => l.line === line);

describe("whitespace", () => {
  it("places each line of the workspace: bought, in pipeline or not offered", () => {
    const m = matrix(
      [
        wonDeal("w1", "2026-03-01T00:00:00.000Z", { serviceLine: "Media", amount: eur(500_000) }),
        openDeal("o1", { serviceLine: "Creative", amount: eur(200_000), probability: 25 }),
        wonDeal("w2", "2026-05-01T00:00:00.000Z", { ...other, serviceLine: "Data", amount: eur(300_000) }),
        wonDeal("w3", "2026-06-01T00:00:00.000Z", { ...other, serviceLine: "Data", amount: eur(100_000) }),
        wonDeal("w4", "2026-07-01T00:00:00.000Z", { ...other, serviceLine: "Data", amount: eur(900_000) }),
        lostDeal("l1", "2026-07-01T00:00:00.000Z", { serviceLine: "Events" }),
      ],
      [],
      ["Social"],
    );
    expect(m.lines.map((l) => [l.line, l.state, l.atStake.amount])).toEqual([
      ["Social", "not_offered", 0],
      ["Creative", "in_pipeline", 200_000],
      ["Data", "not_offered", 300_000],
      ["Events", "not_offered", 0],
      ["Media", "bought", 500_000],
    ]);
    expect(row(m, "Creative")).toMatchObject({ weighted: eur(50_000), dealIds: ["o1"] });
    expect(row(m, "Data")).toMatchObject({ estimate: eur(300_000), estimateBasis: 3 });
    expect(row(m, "Events")?.reason).toBe(
      "1 deal lost, none open; no estimate: the line was never won anywhere",
    );
    expect(row(m, "Social")).toMatchObject({
      estimate: null,
      reason: "Never offered; no estimate: the line was never won anywhere",
    });
    expect(m.totals).toEqual({
      bought: eur(500_000),
      pipeline: eur(200_000),
      weighted: eur(50_000),
      notOffered: eur(300_000),
    });
  });

  it("takes the lower of the two middle won deals as the median of an even count (no unit invented)", () => {
    const m = matrix([
      wonDeal("w1", "2026-01-01T00:00:00.000Z", { ...other, serviceLine: "Data", amount: eur(101) }),
      wonDeal("w2", "2026-01-01T00:00:00.000Z", { ...other, serviceLine: "Data", amount: eur(200) }),
    ]);
    expect(row(m, "Data")?.estimate).toEqual(eur(101));
  });

  it("counts a live contract's towers on their lines, and a won deal behind a counted contract once", () => {
    const deal = wonDeal("w1", "2026-01-01T00:00:00.000Z", {
      serviceLine: "Media",
      amount: eur(1_000_000),
      contractId: asId.contract("k1"),
    });
    const k1 = contract("k1", {
      opportunityId: asId.opportunity("w1"),
      value: eur(1_000_000),
      towers: [
        tower("t1", eur(600_000), eur(0), { name: "media" }),
        tower("t2", eur(400_000), eur(0), { name: "Creative" }),
      ],
    });
    const m = matrix([deal], [k1]);
    expect(row(m, "Media")).toMatchObject({
      state: "bought",
      bought: eur(600_000),
      contractIds: ["k1"],
      dealIds: ["w1"],
    });
    expect(row(m, "Creative")).toMatchObject({
      state: "bought",
      bought: eur(400_000),
      reason: "1 live contract covers it",
    });
  });

  it("a contract without towers covers its deal's line; an expired one covers nothing", () => {
    const deal = wonDeal("w1", "2025-01-01T00:00:00.000Z", { serviceLine: "Media", amount: eur(100) });
    const live = contract("k1", { opportunityId: asId.opportunity("w1"), value: eur(900) });
    expect(row(matrix([deal], [live]), "Media")?.bought).toEqual(eur(900));
    const expired = contract("k1", {
      opportunityId: asId.opportunity("w1"),
      value: eur(900),
      status: "expired",
    });
    // The won deal still says the account bought the line; its revenue is the deal's, the contract being over.
    expect(row(matrix([deal], [expired]), "Media")?.bought).toEqual(eur(100));
  });

  it("keeps a bought line bought when more is in pipeline, and says so", () => {
    const m = matrix([
      wonDeal("w1", "2026-01-01T00:00:00.000Z", { serviceLine: "Media" }),
      openDeal("o1", { serviceLine: "media " }),
    ]);
    expect(m.lines).toHaveLength(1);
    expect(row(m, "Media")).toMatchObject({
      state: "bought",
      pipeline: eur(100_000),
      reason: "1 deal won; 1 more open",
    });
  });

  it("converts each amount into the report's currency, and refuses an amount without a rate", () => {
    const m = matrix([openDeal("o1", { serviceLine: "Media", amount: usd(10_000) })]);
    expect(row(m, "Media")?.pipeline).toEqual(eur(9_200));
    const r = whitespace(
      {
        accountId: ACME,
        deals: [openDeal("o1", { serviceLine: "Media", amount: money(1, GBP) })],
        contracts: [],
      },
      IN_EUR,
    );
    expect(r.ok ? "ok" : r.error._tag).toBe("CurrencyMismatch");
  });

  it("shows every line of the catalog in its order, sold or not, then the lines it lacks, said so", () => {
    const m = matrix(
      [
        wonDeal("w1", "2026-03-01T00:00:00.000Z", { serviceLine: "media", amount: eur(500_000) }),
        openDeal("o1", { serviceLine: "SEO", amount: eur(200_000) }),
      ],
      [contract("k1", { towers: [tower("t1", eur(90_000), eur(0), { name: "Events" })] })],
      ["Strategy", "Media", "Cloud"],
    );
    expect(m.lines.map((l) => [l.line, l.inCatalog, l.state])).toEqual([
      ["Strategy", true, "not_offered"],
      ["Media", true, "bought"],
      ["Cloud", true, "not_offered"],
      ["Events", false, "bought"],
      ["SEO", false, "in_pipeline"],
    ]);
    expect(m.catalogSize).toBe(3);
    expect(m.notInCatalog).toEqual(["Events", "SEO"]);
    expect(row(m, "Cloud")?.reason).toBe("Never offered; no estimate: the line was never won anywhere");
  });

  it("without a catalog, shows the lines seen on deals and towers, none of them in the catalog", () => {
    const m = matrix([openDeal("o1", { serviceLine: "Media", amount: eur(1_000) })]);
    expect(m.catalogSize).toBe(0);
    expect(m.lines.map((l) => [l.line, l.inCatalog])).toEqual([["Media", false]]);
    expect(m.notInCatalog).toEqual(["Media"]);
  });

  it("counts the account's deals that name no line", () => {
    expect(matrix([openDeal("o1"), wonDeal("w1", "2026-01-01T00:00:00.000Z")]).unplaced).toEqual({
      open: 1,
      won: 1,
    });
  });

  it("names a line by its declared spelling, else the first seen in order", () => {
    const lines = workspaceServiceLines({
      declaredLines: ["SEO"],
      deals: [
        openDeal("a", { serviceLine: "seo" }),
        openDeal("b", { serviceLine: "social" }),
        openDeal("c", { serviceLine: "Social" }),
      ],
      contracts: [],
    });
    expect([...lines.values()]).toEqual(["SEO", "Social"]);
    expect(serviceLineKey("  Paid   Social ")).toBe("paid social");
  });

  describe("properties", () => {
    const LINES = ["Media", "Creative", "Data", "Events"];
    const deal = fc
      .record({
        id: fc.integer({ min: 0, max: 10_000 }),
        mine: fc.boolean(),
        status: fc.constantFrom("open", "won", "lost"),
        line: fc.option(fc.constantFrom(...LINES), { nil: null }),
        amount: fc.integer({ min: 0, max: 10_000_000_000 }),
        usd: fc.boolean(),
        probability: fc.integer({ min: 0, max: 100 }),
      })
      .map((d): WhitespaceDeal => {
        const base = {
          serviceLine: d.line,
          amount: d.usd ? usd(d.amount) : eur(d.amount),
          accountId: asId.account(d.mine ? ACME : "acc-2"),
          probability: d.probability,
        };
        const id = `d${d.id}`;
        return d.status === "open"
          ? openDeal(id, base)
          : d.status === "won"
            ? wonDeal(id, "2026-01-01T00:00:00.000Z", base)
            : lostDeal(id, "2026-01-01T00:00:00.000Z", base);
      });
    const agreement = fc
      .record({
        id: fc.integer({ min: 0, max: 50 }),
        live: fc.boolean(),
        towers: fc.array(fc.tuple(fc.constantFrom(...LINES), fc.integer({ min: 0, max: 1_000_000_000 })), {
          maxLength: 3,
        }),
      })
      .map(({ id, live, towers }) =>
        contract(`k${id}`, {
          status: live ? "active" : "expired",
          towers: towers.map(([name, v], i) => tower(`t${i}`, eur(v), eur(0), { name })),
        }),
      );

    it("puts each line in exactly one state, and the totals are the exact sums of the lines' figures", () => {
      fc.assert(
        fc.property(
          fc.array(deal, { maxLength: 30 }),
          fc.array(agreement, { maxLength: 4 }),
          (deals, contracts) => {
            const m = matrix(deals, contracts);
            const seen = new Set([
              ...deals.flatMap((d) => (d.serviceLine ? [serviceLineKey(d.serviceLine)] : [])),
              ...contracts.flatMap((k) => k.towers.map((t) => serviceLineKey(t.name))),
            ]);
            expect(m.lines.map((l) => serviceLineKey(l.line)).sort()).toEqual([...seen].sort());
            for (const l of m.lines) expect(WHITESPACE_STATES.filter((s) => s === l.state)).toHaveLength(1);
            const sum = (s: string, f: (l: (typeof m.lines)[number]) => number) =>
              m.lines.filter((l) => l.state === s).reduce((a, l) => a + f(l), 0);
            expect(m.totals.bought.amount).toBe(sum("bought", (l) => l.atStake.amount));
            expect(m.totals.pipeline.amount).toBe(sum("in_pipeline", (l) => l.pipeline.amount));
            expect(m.totals.weighted.amount).toBe(sum("in_pipeline", (l) => l.weighted.amount));
            expect(m.totals.notOffered.amount).toBe(sum("not_offered", (l) => l.atStake.amount));
            for (const l of m.lines) {
              expect(l.atStake.currency).toBe(EUR);
              expect(l.weighted.amount).toBeLessThanOrEqual(l.pipeline.amount);
            }
          },
        ),
      );
    });

    it("has one row per line of the catalog or seen, in the catalog's order; a line nobody sold is not offered", () => {
      fc.assert(
        fc.property(
          fc.array(deal, { maxLength: 30 }),
          fc.array(agreement, { maxLength: 4 }),
          fc
            .subarray([...LINES, "Strategy", "Cloud"])
            .chain((c) => fc.shuffledSubarray(c, { minLength: c.length })),
          (deals, contracts, catalog) => {
            const m = matrix(deals, contracts, catalog);
            const keys = m.lines.map((l) => serviceLineKey(l.line));
            expect(new Set(keys).size).toBe(keys.length);
            expect(m.lines.slice(0, catalog.length).map((l) => l.line)).toEqual(catalog);
            expect(m.catalogSize).toBe(catalog.length);
            for (const l of m.lines) expect(l.inCatalog).toBe(catalog.includes(l.line));
            expect(m.notInCatalog).toEqual(
              m.lines.filter((l) => !catalog.includes(l.line)).map((l) => l.line),
            );
            const sold = new Set([
              ...deals.flatMap((d) => (d.serviceLine ? [serviceLineKey(d.serviceLine)] : [])),
              ...contracts.flatMap((k) => k.towers.map((t) => serviceLineKey(t.name))),
            ]);
            for (const l of m.lines)
              if (!sold.has(serviceLineKey(l.line)))
                expect(l).toMatchObject({ state: "not_offered", estimate: null, atStake: eur(0) });
          },
        ),
      );
    });

    it("loses no minor unit: in one currency, a line's pipeline is the exact sum of its open deals", () => {
      fc.assert(
        fc.property(fc.array(deal, { maxLength: 30 }), (deals) => {
          const inEur = deals.map((d) => ({ ...d, amount: eur(d.amount!.amount) }));
          const m = matrix(inEur);
          for (const l of m.lines) {
            const open = inEur.filter(
              (d) => d.accountId === ACME && d.status === "open" && d.serviceLine === l.line,
            );
            expect(l.pipeline.amount).toBe(open.reduce((a, d) => a + d.amount.amount, 0));
            const won = inEur.filter(
              (d) => d.accountId === ACME && d.status === "won" && d.serviceLine === l.line,
            );
            expect(l.bought.amount).toBe(won.reduce((a, d) => a + d.amount.amount, 0));
          }
        }),
      );
    });
  });
});
