// Issue 14's "done when": a realistic pipeline export (Salesforce's column headers, people's names as owners —
// one with accents —, no currency column, amounts in major units with and without cents, a deal won the day it
// was created, early deals with neither an amount nor a close date, lost deals without a reason and some lost
// before they had a price) imports with one command and no hand edits, every row accounted for with the
// defaults it received listed, and `report metrics` gives the same win rate, won value, average won cycle and
// revenue by owner as a computation over the file itself, written here without the product's code (its own CSV
// split, its own sums; rates compared as exact fractions) — on the embedded database and on PostgreSQL.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "@accountable/store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, cliJson } from "./run-cli.ts";

const FIXTURE = new URL("./fixtures/pipeline-export.csv", import.meta.url);

interface Row {
  readonly owner: string;
  readonly stage: string;
  /** Minor units (cents): the file's amounts are dollars with up to two decimals; null where the cell is empty. */
  readonly cents: number | null;
  readonly created: string;
  readonly closed: string;
  readonly lossReason: string;
}

/** The fixture holds no quoted field, so a line is its fields split at commas. */
function readFixture(): Row[] {
  const [header, ...lines] = readFileSync(FIXTURE, "utf8").trim().split("\n");
  const cols = header!.split(",");
  const at = (name: string) => cols.indexOf(name);
  return lines.map((line) => {
    const f = line.split(",");
    const amount = f[at("Amount")]!;
    const [whole, fraction = ""] = amount.split(".");
    return {
      owner: f[at("Opportunity Owner")]!,
      stage: f[at("Stage")]!,
      cents: amount === "" ? null : Number(whole) * 100 + Number(fraction.padEnd(2, "0")),
      created: f[at("Created Date")]!,
      closed: f[at("Close Date")]!,
      lossReason: f[at("Loss Reason")] ?? "",
    };
  });
}

const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;
const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
/** A deal's cents, an empty amount counting nothing (as "no amount yet" adds nothing to a total). */
const centsOf = (r: Row) => r.cents ?? 0;

interface Money {
  readonly amount: number;
  readonly currency: string;
}
interface Figures {
  readonly won: number;
  readonly lost: number;
  readonly wonAmount: Money;
  readonly lostAmount: Money;
  readonly winRateBasisPoints: number | null;
  readonly valueWinRateBasisPoints: number | null;
  readonly averageCycleDays: number | null;
}
interface Report {
  readonly metrics: {
    readonly currency: string;
    readonly all: { readonly whole: Figures };
    readonly groups: readonly { readonly key: string | null; readonly whole: Figures }[];
  };
}

const rows = readFixture();
const won = rows.filter((r) => r.stage === "Closed Won");
const lost = rows.filter((r) => r.stage === "Closed Lost");

interface Imported {
  read: number;
  imported: number;
  rejected: number;
  ownersCreated: { memberId: string; name: string }[];
  currencies: Record<string, number>;
  defaults: { field: string; value: string; rows: number }[];
}

const serverUrl = process.env.DATABASE_URL;
const DRIVERS = [
  { name: "the embedded database", skip: false },
  { name: "PostgreSQL (DATABASE_URL)", skip: !serverUrl },
] as const;

for (const driver of DRIVERS) {
  describe.skipIf(driver.skip)(
    `a realistic pipeline export, imported, then report metrics, on ${driver.name}`,
    () => {
      let dataDir: string;
      let database: TestDatabase | undefined;
      const env = () => ({
        ACCOUNTABLE_DATA_DIR: dataDir,
        ...(database ? { DATABASE_URL: database.url } : {}),
      });
      const json = <T>(args: string[]) => cliJson<T>(args, 0, { env: env() });

      let imported: Imported;
      let report: Report;

      beforeAll(async () => {
        assertBuilt();
        dataDir = mkdtempSync(join(tmpdir(), "accountable-cli-import-metrics-"));
        if (driver.name.startsWith("PostgreSQL")) database = await createTestDatabase(serverUrl!);
        await json([
          "init",
          ...["--workspace-id", "px", "--name", "Pipeline export", "--currency", "USD"],
          ...["--admin-name", "Admin", "--admin-email", "admin@px.test"],
        ]);
        imported = await json(["import", FIXTURE.pathname, "--preset", "salesforce", "--create-owners"]);
        // Ten years up to now: every close date of the file (2025–2026) falls in the span for years to come.
        report = await json<Report>(["report", "metrics", "--per", "year", "--last", "10", "--by", "owner"]);
      }, 180_000);

      afterAll(async () => {
        await database?.drop();
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      });

      it("imports every row with one command: owners made members by name, amounts read as the workspace's USD", () => {
        expect(imported).toMatchObject({ read: rows.length, imported: rows.length, rejected: 0 });
        expect(imported.ownersCreated.map((o) => o.name).sort()).toEqual(
          [...new Set(rows.map((r) => r.owner))].sort(),
        );
        const priced = rows.filter((r) => r.cents !== null).length;
        expect(imported.currencies).toEqual({ USD: priced });
        expect(won.length).toBeGreaterThan(10);
        expect(lost.length).toBeGreaterThan(10);
      });

      it("lists every default it applied, with how many rows got it, and invents nothing else", () => {
        const early = rows.filter((r) => r.stage === "Prospecting");
        // The fixture is realistic only if it has what the issue names: early deals with neither amount nor close
        // date, lost deals without a reason, and lost ones that never had a price.
        expect(early.length).toBeGreaterThan(3);
        expect(early.every((r) => r.cents === null && r.closed === "")).toBe(true);
        expect(lost.filter((r) => r.cents === null).length).toBeGreaterThan(1);
        const unexplained = lost.filter((r) => r.lossReason === "").length;
        expect(unexplained).toBeGreaterThan(3);
        expect([...imported.defaults].sort((a, b) => a.field.localeCompare(b.field))).toEqual([
          // "amounts read as USD": the workspace's one currency, said, on every row with an amount.
          { field: "currency", value: "USD", rows: rows.filter((r) => r.cents !== null).length },
          { field: "lossReason", value: "not recorded in salesforce", rows: unexplained },
        ]);
      });

      it("shows an early deal as having no amount and no close date yet, not as zero", async () => {
        const page = await json<{
          items: { name: string; amount: unknown; closeDate: unknown; stageId: string }[];
        }>(["opp", "list", "--stage", "prospecting", "--limit", "100"]);
        expect(page.items.length).toBe(rows.filter((r) => r.stage === "Prospecting").length);
        for (const deal of page.items) expect(deal).toMatchObject({ amount: null, closeDate: null });
      });

      it("win rate by count and by value, and the won value, are the file's", () => {
        const whole = report.metrics.all.whole;
        expect(report.metrics.currency).toBe("USD");
        expect(whole.won).toBe(won.length);
        expect(whole.lost).toBe(lost.length);
        const wonCents = sum(won.map(centsOf));
        const lostCents = sum(lost.map(centsOf));
        expect(whole.wonAmount).toEqual({ amount: wonCents, currency: "USD" });
        expect(whole.lostAmount).toEqual({ amount: lostCents, currency: "USD" });
        // Basis points, rounded: within half a basis point of the exact fraction.
        expect(
          Math.abs(whole.winRateBasisPoints! - (won.length * 10_000) / (won.length + lost.length)),
        ).toBeLessThanOrEqual(0.5);
        expect(
          Math.abs(whole.valueWinRateBasisPoints! - (wonCents * 10_000) / (wonCents + lostCents)),
        ).toBeLessThanOrEqual(0.5);
      });

      it("the average won cycle is the mean of created → closed over the file's won deals, in days", () => {
        const cycles = won.map((r) => days(r.created, r.closed));
        expect(cycles).toContain(0);
        expect(report.metrics.all.whole.averageCycleDays).toBeCloseTo(sum(cycles) / cycles.length, 9);
      });

      it("revenue won by owner, by the owners' names, is the file's", () => {
        const nameOf = new Map(imported.ownersCreated.map((o) => [o.memberId, o.name]));
        const fromReport = Object.fromEntries(
          report.metrics.groups.map((g) => [nameOf.get(g.key ?? "") ?? g.key, g.whole.wonAmount.amount]),
        );
        const fromFile: Record<string, number> = {};
        for (const r of rows)
          fromFile[r.owner] = (fromFile[r.owner] ?? 0) + (r.stage === "Closed Won" ? centsOf(r) : 0);
        expect(fromReport).toEqual(fromFile);
      });
    },
  );
}
