// The reader holds every read to the permission matrix, on a seeded demo workspace: for a member of each role,
// every list, record, history and report either shows a money value the rule lets them see (equal to what the
// service holds) or the masked shape — never money their rule denies, never a total over amounts it hides.
import {
  can,
  GUARDED_FIGURES,
  isMasked,
  type Masked,
  type MemberId,
  maySeeClientFigures,
  type OpportunityCommand,
  PERMISSION_MATRIX,
  ROLES,
  type Role,
  reportsOf,
  resourceUnder,
  type Timestamp,
  timestamp,
} from "@accountable/domain";
import type { DatabaseHandle } from "@accountable/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createService,
  LIST_AGGREGATES,
  LIST_NAMES,
  type QueryResult,
  type Reader,
  type Service,
} from "../src/index.ts";
import { TARGETS } from "./databases.ts";

const NOW: Timestamp = timestamp("2026-11-20T10:00:00.000Z");

function value<T>(r: QueryResult<T>): T {
  if (!r.ok) throw new Error(`${r.error._tag}: ${r.error.message}`);
  return r.value;
}

const isMoney = (v: unknown): boolean =>
  typeof v === "object" &&
  v !== null &&
  !Array.isArray(v) &&
  Object.keys(v).length === 2 &&
  typeof (v as { amount?: unknown }).amount === "number" &&
  typeof (v as { currency?: unknown }).currency === "string";

/** Every money value and every masked value in a JSON tree, with its path. */
function figures(value: unknown, path = "$", out = { money: [] as string[], masked: [] as string[] }) {
  if (isMoney(value)) out.money.push(path);
  else if (isMasked(value)) out.masked.push(path);
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) figures(v, `${path}[${i}]`, out);
  else if (typeof value === "object" && value !== null)
    for (const [k, v] of Object.entries(value)) figures(v, `${path}.${k}`, out);
  return out;
}

/** The value with every money value replaced by a marker: what a member who sees no money should get. */
function maskEverything(value: unknown): unknown {
  if (isMoney(value)) return "masked";
  if (isMasked(value)) return "masked";
  if (Array.isArray(value)) return value.map(maskEverything);
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k in GUARDED_FIGURES && (typeof v === "number" || isMasked(v)) ? "masked" : maskEverything(v),
      ]),
    );
  return value;
}

const json = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const sees = (role: Role, guard: "finance.read" | "quota.read") =>
  role === "admin" ? "always" : PERMISSION_MATRIX[role][guard];

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`the reader on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let service: Service;
    const ws = "ws-reader";
    const readers = new Map<Role, Reader>();
    const members = new Map<Role, MemberId>();
    let admin: Reader;

    beforeAll(async () => {
      handle = await target.open();
      service = createService({ db: handle.db, clock: () => NOW });
      value(await service.seedDemo({ workspaceId: ws, seed: 11, now: NOW, opportunities: 80 }));
      const all = value(await service.queries.listMembers(ws, { limit: 200 })).items;
      for (const role of ROLES) {
        // The member of the role holding the most deals: the partial rules have something to show.
        const candidates = all.filter((m) => m.role === role && m.active);
        expect(candidates.length, role).toBeGreaterThan(0);
        const deals = value(await service.queries.listOpportunities(ws, { limit: 500 })).items;
        const member = candidates
          .map((m) => ({ m, n: deals.filter((d) => d.ownerId === m.id).length }))
          .sort((a, b) => b.n - a.n)[0]!.m;
        members.set(role, member.id);
        const r = await service.reader(ws, member.id);
        if (!r.ok) throw new Error(r.error.message);
        readers.set(role, r.value);
      }
      admin = readers.get("admin")!;
    }, 180_000);

    afterAll(async () => {
      await handle?.close();
    });

    it("refuses a reader to anyone who is not an active member", async () => {
      const r = await service.reader(ws, "nobody");
      expect(r.ok).toBe(false);
    });

    it("shows a deal's amount by finance.read on that deal, and masks it, saying why, otherwise", async () => {
      const accounts = new Map(
        value(await service.queries.listAccounts(ws, { limit: 500 })).items.map((a) => [a.id, a]),
      );
      const raw = value(await service.queries.listOpportunities(ws, { limit: 500 })).items;
      const everyone = value(await service.queries.listMembers(ws, { limit: 200 })).items;
      for (const role of ROLES) {
        const me = members.get(role)!;
        const actor = { memberId: me, role };
        const team = reportsOf(everyone, me);
        const page = value(await readers.get(role)!.list("opportunities", { limit: 500 }));
        let shown = 0;
        let hidden = 0;
        for (const { version, ...item } of page.items) {
          expect(version, `${item.id}'s version`).toBeGreaterThan(0);
          const deal = raw.find((d) => d.id === item.id)!;
          const account = accounts.get(deal.accountId) ?? null;
          const rule = can(
            actor,
            "finance.read",
            { ...resourceUnder("opportunity", account), ownerId: deal.ownerId },
            { reportsOf: team },
          );
          if (rule.allowed) {
            expect(item, `${role} may see ${deal.id}`).toEqual(deal);
            shown++;
          } else {
            expect(isMasked(item.amount), `${role} may not see ${deal.id}`).toBe(true);
            expect((item.amount as Masked).requires).toBe("finance.read");
            expect((item.amount as Masked).reason).toContain("you may not");
            expect(figures(json(item)).money, `${role}: no money of ${deal.id}`).toEqual([]);
            expect(maskEverything(json(item))).toEqual(maskEverything(json(deal)));
            hidden++;
          }
        }
        const rule = sees(role, "finance.read");
        if (rule === "always") expect(hidden, role).toBe(0);
        if (rule === "never") expect(shown, role).toBe(0);
        if (rule === "own" || rule === "team") {
          expect(shown, `${role} sees their own`).toBeGreaterThan(0);
          // A role that reads every deal sees the others' masked; one that reads its own sees only those.
          if (PERMISSION_MATRIX[role]["opportunity.read"] === "always")
            expect(hidden, `${role} does not see the others'`).toBeGreaterThan(0);
        }
      }
    });

    it("gives each list item its record's version: the one the record answers (its ETag), for If-Match", async () => {
      const reader = readers.get("admin")!;
      const page = value(await reader.list("opportunities", { limit: 20 }));
      expect(page.items.length).toBeGreaterThan(0);
      for (const item of page.items) {
        const record = value(await reader.record("opportunity", item.id));
        expect(item.version, item.id).toBe(record.version);
      }
      // Every list, not one.
      const tasks = value(await reader.list("tasks", { limit: 5 }));
      for (const item of tasks.items)
        expect(item.version).toBe(value(await reader.record("task", item.id)).version);
    });

    it("lets a member who may see no money see none in any list, record or history but a brief's budgets", async () => {
      for (const role of ROLES.filter((r) => sees(r, "finance.read") === "never")) {
        const reader = readers.get(role)!;
        for (const name of LIST_NAMES) {
          const page = json(value(await reader.list(name, { limit: 100 })));
          // A brief's budgets are the client's figures: shown to a role that works on briefs, never to the viewer.
          if (name === "briefs" && maySeeClientFigures({ role })) continue;
          expect(figures(page).money, `${role} ${name}`).toEqual([]);
          const first = page.items[0] as { id: string } | undefined;
          if (!first) continue;
          const aggregate = LIST_AGGREGATES[name];
          expect(figures(json(value(await reader.record(aggregate, first.id)))).money).toEqual([]);
          expect(figures(json(value(await reader.history(aggregate, first.id)))).money).toEqual([]);
        }
        const workspace = json(value(await reader.record("workspace", ws)));
        expect(figures(workspace).money, `${role} workspace`).toEqual([]);
      }
    });

    it("answers every report to a member who sees no money with the report's every figure masked, nothing else changed", async () => {
      const accountId = value(await service.queries.listAccounts(ws, { limit: 1 })).items[0]!.id;
      const reports = (r: Reader) => ({
        pipeline: () => r.pipeline(),
        forecast: () => r.forecast({ periods: ["2026-Q3", "2026-Q4"], groupBy: "owner" }),
        quota: () => r.quotaAttainment({ period: "2026-Q4" }),
        stale: () => r.staleDeals(),
        renewals: () => r.renewalsDue({ from: "2026-01-01", to: "2027-12-31" }),
        health: () => r.accountHealth(),
        pnl: () => r.pnl(),
        overview: () => r.account360(accountId),
        client: () => r.clientReport({ accountId, period: "2026-Q4" }),
      });
      const full = reports(admin);
      for (const role of ROLES) {
        const mine = reports(readers.get(role)!);
        for (const [name, run] of Object.entries(mine)) {
          const got = await run();
          const theirs: QueryResult<unknown> = await full[name as keyof typeof full]();
          if (!got.ok) {
            // Workspace-wide reports need report.read on every record: a member of an own rule is refused.
            expect(got.error._tag, `${role} ${name}`).toMatch(/NotPermitted|NotFound/);
            continue;
          }
          const rule = sees(role, "finance.read");
          if (rule === "always") expect(json(got.value), `${role} ${name}`).toEqual(json(value(theirs)));
          if (rule === "never") {
            const brief = (name === "overview" || name === "client") && maySeeClientFigures({ role });
            if (!brief) expect(figures(json(got.value)).money, `${role} ${name}`).toEqual([]);
            // A P&L says how many accounts' figures it masks (all of them here); nothing else differs.
            const withheld = (v: unknown) => ({ ...(v as object), withheld: "counted" });
            if (!brief)
              expect(withheld(maskEverything(json(got.value)))).toEqual(
                withheld(maskEverything(json(value(theirs)))),
              );
          }
        }
      }
    });

    it("computes a partial member's pipeline and forecast over the deals they may see, saying how many it leaves out", async () => {
      const all = value(await admin.pipeline());
      const counted = (p: typeof all) =>
        p.pipelines.flatMap((x) => x.stages).reduce((n, s) => n + s.count, 0);
      expect(all.withheld).toBe(0);
      for (const role of ["supervisor", "account_executive"] as const) {
        const mine = value(await readers.get(role)!.pipeline());
        expect(mine.withheld, role).toBeGreaterThan(0);
        expect(counted(mine) + mine.withheld, role).toBe(counted(all));
        expect(figures(json(mine)).masked).toEqual([]);
        const forecast = value(await readers.get(role)!.forecast({ period: "2026" }));
        const everything = value(await admin.forecast({ period: "2026" }));
        expect(forecast.forecast.periods[0]!.total.deals + forecast.withheld).toBe(
          everything.forecast.periods[0]!.total.deals,
        );
      }
    });

    it("sums a partial member's P&L over the accounts they may see; the others' lines are masked", async () => {
      const all = value(await admin.pnl());
      const mine = value(await readers.get("account_executive")!.pnl());
      expect(mine.accounts.length).toBe(all.accounts.length);
      expect(mine.withheld).toBeGreaterThan(0);
      const shown = mine.accounts.filter((a) => !isMasked(a.actual.revenue));
      expect(shown.length + mine.withheld).toBe(all.accounts.length);
      expect(mine.total).not.toEqual(all.total);
      for (const line of shown)
        expect(json(line)).toEqual(json(all.accounts.find((a) => a.accountId === line.accountId)));
    });

    it("answers a command's outcome (state, events, follow-ups) with the money its member may not see masked", async () => {
      // An open deal whose amount an account executive sees (theirs), and one they do not (another's).
      const page = value(await readers.get("account_executive")!.list("opportunities", { limit: 500 }));
      const open = page.items.filter((d) => d.status === "open");
      const own = open.find((d) => !isMasked(d.amount))!;
      const other = open.find((d) => isMasked(d.amount))!;
      expect(own && other).toBeTruthy();
      // A dry run as admin: the outcome is what `execute` answers, nothing written.
      const outcome = async (id: string) => {
        const r = await service.execute(
          ws,
          {
            aggregate: "opportunity",
            id,
            command: {
              type: "UpdateDetails",
              amount: { amount: 123_456, currency: "EUR" },
            } as OpportunityCommand,
          },
          members.get("admin")!,
          { dryRun: true },
        );
        if (!r.ok) throw new Error(r.error.message);
        return r.value;
      };
      for (const deal of [own, other]) {
        const executed = await outcome(deal.id);
        const all = figures(json(executed));
        expect(all.money.length, deal.id).toBeGreaterThan(1);
        expect(all.masked).toEqual([]);
        expect(await admin.executed(executed)).toEqual(executed);
        for (const role of ROLES.filter((r) => sees(r, "finance.read") === "never")) {
          const shown = figures(json(await readers.get(role)!.executed(executed)));
          expect(shown.money, role).toEqual([]);
          expect(shown.masked.length, role).toBe(all.money.length);
        }
        // An account executive sees the money of their own deal, not of another's.
        const mine = figures(json(await readers.get("account_executive")!.executed(executed)));
        if (deal === own) expect(mine.masked).toEqual([]);
        else expect(mine.money).toEqual([]);
      }
    });

    it("masks a quota's target from a member who may not read that quota", async () => {
      const all = value(await admin.quotaAttainment({ period: "2026-Q4" }));
      expect(all.attainments.length).toBeGreaterThan(0);
      const ae = members.get("account_executive")!;
      const mine = value(await readers.get("account_executive")!.quotaAttainment({ period: "2026-Q4" }));
      for (const a of mine.attainments) {
        if (a.memberId === ae) expect(isMasked(a.target.amount)).toBe(false);
        else {
          expect(a.target.amount).toMatchObject({ masked: true, requires: "quota.read" });
          expect(a.target.converted).toMatchObject({ masked: true, requires: "quota.read" });
          expect(a.gap).toMatchObject({ masked: true, requires: "quota.read" });
          expect(a.attainmentBasisPoints === null || isMasked(a.attainmentBasisPoints)).toBe(true);
        }
      }
    });
  });
}
