import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, cli, cliJson } from "./run-cli.ts";

// Exports as other CRMs write them, imported by the real CLI (a subprocess) into one embedded data folder: parents
// named in any row order, dates as exports write them, HubSpot's and Pipedrive's own headers, and a file whose
// fault is found after the first batches (nothing of it is kept).

// Each test runs several subprocesses on the embedded database; on a loaded machine one takes tens of seconds.
const SLOW = 240_000;
let dataDir: string;
const env = () => ({ ACCOUNTABLE_DATA_DIR: dataDir });
const run = (...args: string[]) => cli(args, { env: env() });
const json = <T = Record<string, unknown>>(args: string[], expected = 0) =>
  cliJson<T>(args, expected, { env: env() });
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

interface Summary {
  read: number;
  imported: number;
  rejected: number;
  skipped: number;
  accountsCreated: number;
  currencies: Record<string, number>;
  defaults: { field: string; value: string; rows: number }[];
  ownersCreated: { name: string }[];
  rejections: { row: number; reasons: { field: string; message: string }[] }[];
  dateFormat: string | null;
  dates: { format: string; how: string; shownBy?: { row: number; field: string; cell: string } } | null;
  mapping: { fields: (string | null)[]; ignored: string[] };
}

interface Deal {
  name: string;
  accountId: string;
  status: string;
  stageId: string;
  type: string;
  amount: { amount: number; currency: string } | null;
  closeDate: string | null;
  closedAt?: string;
  lossReason?: string;
  sourceId?: string;
  ownerId: string;
  createdAt: string;
}

const init = (dir: string, id: string) =>
  cliJson(
    [
      "init",
      "--workspace-id",
      id,
      "--name",
      `${id} agency`,
      "--admin-name",
      "Ada Park",
      "--admin-email",
      `ada@${id}.test`,
    ],
    0,
    { env: { ACCOUNTABLE_DATA_DIR: dir } },
  );

beforeAll(async () => {
  assertBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "accountable-import-files-"));
  await init(dataDir, "nw");
}, SLOW);

afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const deals = async () => (await json<{ items: Deal[] }>(["opp", "list", "--limit", "500"])).items;
const accounts = async () =>
  (
    await json<{ items: { id: string; name: string; parentId: string | null }[] }>([
      "account",
      "list",
      "--limit",
      "500",
    ])
  ).items;

describe("parent accounts by name", { timeout: SLOW }, () => {
  it("resolves parents after the whole file, in any row order; an unknown one or a circle rejects the row in words", async () => {
    const file = join(dataDir, "groups.csv");
    writeFileSync(
      file,
      [
        "Account Name,Parent Account,Industry",
        "Zenith Retail Iberia,Zénith  Retail Group,Retail", // the parent comes later, spelt otherwise
        "Zenith Retail Porto,zenith retail iberia,Retail", // its parent waits for its own parent
        "Zenith Retail Group,,Retail",
        "Lonely Branch,Nobody Holdings,Retail",
        "Ring One,Ring Two,Media",
        "Ring Two,Ring One,Media",
      ].join("\n"),
    );
    const ran = await run("import", file, "--kind", "account", "--preset", "salesforce", "--batch-size", "2");
    expect(ran.code, ran.stderr).toBe(7);
    const rejects = await json<Summary>(
      ["import", file, "--kind", "account", "--preset", "salesforce", "--dry-run"],
      7,
    );
    expect(rejects.rejections.map((r) => [r.row, r.reasons[0]!.field])).toEqual([
      [5, "parent"],
      [6, "parent"],
      [7, "parent"],
    ]);
    expect(ran.stdout).toContain("rejected 3");
    const why = rejects.rejections.map((r) => r.reasons[0]!.message);
    expect(why[0]).toBe(
      'no account is named "Nobody Holdings" (or has that id), in the workspace or in the file',
    );
    expect(why[1]).toContain('the parents named form a circle ("Ring One" → "Ring Two" → "Ring One")');

    const all = await accounts();
    const named = (name: string) => all.find((a) => a.name === name)!;
    expect(named("Zenith Retail Iberia").parentId).toBe(named("Zenith Retail Group").id);
    expect(named("Zenith Retail Porto").parentId).toBe(named("Zenith Retail Iberia").id);
    expect(named("Zenith Retail Group").parentId).toBeNull();
  });

  it("exports each account's parent by name, and that file imports into a fresh workspace with the same parents", async () => {
    const out = join(dataDir, "accounts-export.csv");
    expect((await run("export", "accounts", "--format", "import", "--out", out)).code).toBe(0);
    const fresh = mkdtempSync(join(tmpdir(), "accountable-import-roundtrip-"));
    try {
      await init(fresh, "rt");
      const back = await cliJson<Summary>(["import", out, "--kind", "account"], 0, {
        env: { ACCOUNTABLE_DATA_DIR: fresh },
      });
      expect(back.rejected).toBe(0);
      expect(back.mapping.ignored).toEqual(expect.arrayContaining(["id", "parentId", "source"]));
      const listed = (
        await cliJson<{ items: { id: string; name: string; parentId: string | null }[] }>(
          ["account", "list", "--limit", "500"],
          0,
          { env: { ACCOUNTABLE_DATA_DIR: fresh } },
        )
      ).items;
      const parentName = (list: typeof listed, name: string) => {
        const a = list.find((x) => x.name === name)!;
        return list.find((x) => x.id === a.parentId)?.name ?? null;
      };
      const original = await accounts();
      for (const name of ["Zenith Retail Iberia", "Zenith Retail Porto", "Zenith Retail Group"])
        expect([name, parentName(listed, name)]).toEqual([name, parentName(original, name)]);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});

describe("dates as exports write them", { timeout: SLOW }, () => {
  const file = (name: string, dates: string[]) => {
    const path = join(dataDir, name);
    writeFileSync(
      path,
      [
        "Deal,Account,Amount,Currency,Stage,Close Date",
        ...dates.map((d, i) => `${name} ${i},Datewise Ltd,1000,EUR,discovery,${d}`),
      ].join("\n"),
    );
    return path;
  };

  it("refuses a file whose dates could be day or month first, naming --date-format; imports it once said", async () => {
    const ambiguous = file("us-dates.csv", ["3/1/2027", "4/2/2027"]);
    const refused = await run("import", ambiguous);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('writes dates as "3/1/2027" (row 2, closeDate)');
    expect(refused.stderr).toContain("--date-format DD/MM/YYYY or --date-format MM/DD/YYYY");
    expect((await deals()).filter((d) => d.name.startsWith("us-dates.csv"))).toEqual([]);

    const said = await json<Summary>(["import", ambiguous, "--date-format", "mm/dd/yyyy"]);
    expect(said).toMatchObject({
      imported: 2,
      dateFormat: "MM/DD/YYYY",
      dates: { format: "MM/DD/YYYY", how: "given" },
    });
    const text = await run("import", file("us-dates-text.csv", ["3/1/2027"]), "--date-format", "DD/MM/YYYY");
    expect(text.stdout).toMatch(/dates:\s+read as DD\/MM\/YYYY \(--date-format\)/);
    const imported = await deals();
    expect(imported.find((d) => d.name === "us-dates.csv 0")?.closeDate).toBe("2027-03-01");
    expect(imported.find((d) => d.name === "us-dates-text.csv 0")?.closeDate).toBe("2027-01-03");
    expect((await run("import", ambiguous, "--date-format", "YYYY/DD/MM")).code).toBe(2);
  });

  it("reads the order from the file when one date shows it, and says so; a file written both ways is refused", async () => {
    const shown = file("eu-dates.csv", ["03/01/2027", "14/01/2027", "01.02.2027", "2027-03-05T10:00:00Z"]);
    const out = await json<Summary>(["import", shown]);
    expect(out).toMatchObject({
      imported: 4,
      dateFormat: "DD/MM/YYYY",
      dates: { how: "detected", shownBy: { row: 3, field: "closeDate", cell: "14/01/2027" } },
    });
    const closeDates = (await deals())
      .filter((d) => d.name.startsWith("eu-dates.csv"))
      .map((d) => d.closeDate);
    expect(closeDates.sort()).toEqual(["2027-01-03", "2027-01-14", "2027-02-01", "2027-03-05"]);

    const both = await run("import", file("both-ways.csv", ["14/01/2027", "01/14/2027"]));
    expect(both.code).toBe(2);
    expect(both.stderr).toContain(
      'row 2 has closeDate "14/01/2027" (day first), row 3 has closeDate "01/14/2027" (month first)',
    );
  });
});

describe("Excel date serials", { timeout: SLOW }, () => {
  it("reads a date column of Excel serials as days (says so), and no number in a column that is not one", async () => {
    const path = join(dataDir, "excel-serials.csv");
    writeFileSync(
      path,
      [
        "Deal,Account,Amount,Currency,Stage,Close Date,Created",
        "Serial 1,Excel Ltd,1000,EUR,discovery,46477,46000.5",
        "Serial 2,Excel Ltd,1000,EUR,discovery,46478,2025-01-01",
        "Serial 3,Excel Ltd,1000,EUR,discovery,46507.25,",
      ].join("\n"),
    );
    const out = await json<Summary & { excelSerialFields: string[] }>(
      ["import", path, "--map", "Created=createdAt"],
      7,
    );
    expect(out).toMatchObject({ imported: 2, rejected: 1, excelSerialFields: ["closeDate"] });
    // createdAt's column holds an ISO date too, so it is no column of serials: its number is not read as a day.
    expect(out.rejections.map((r) => [r.row, r.reasons.map((i) => i.field)])).toEqual([[2, ["createdAt"]]]);
    expect(out.rejections[0]!.reasons[0]!.message).toContain(
      "a number is read as an Excel date serial only when every cell of its column is one",
    );
    const text = await run("import", path, "--map", "Created=createdAt", "--dry-run");
    expect(text.stdout).toMatch(/dates:\s+closeDate read as Excel date serials \(1900 date system/);
    const read = (await deals()).filter((d) => d.name.startsWith("Serial "));
    expect(read.map((d) => [d.name, d.closeDate]).sort()).toEqual([
      ["Serial 2", "2027-04-01"],
      ["Serial 3", "2027-04-30"],
    ]);
  });
});

describe("presets on those products' own exports", { timeout: SLOW }, () => {
  it("--preset hubspot: owners by name, stage labels, a currency column, won and lost deals", async () => {
    const out = await json<Summary>([
      "import",
      fixture("hubspot-deals.csv"),
      "--preset",
      "hubspot",
      "--create-owners",
    ]);
    expect(out).toMatchObject({ read: 6, imported: 6, rejected: 0, accountsCreated: 3 });
    expect(out.ownersCreated.map((o) => o.name).sort()).toEqual([
      "Maya Lindqvist",
      "Priya Raman",
      "Tomás Ferreira",
    ]);
    expect(out.currencies).toEqual({ USD: 3, EUR: 2 });
    expect(out.defaults).toEqual([{ field: "lossReason", value: "not recorded in hubspot", rows: 1 }]);
    expect(out.mapping.ignored).toEqual(["Pipeline", "Last Activity Date"]);
    const got = new Map(
      (await deals()).filter((d) => /^(Brightline|Kessler|Northgate)/.test(d.name)).map((d) => [d.name, d]),
    );
    expect(got.get("Brightline website relaunch")).toMatchObject({
      stageId: "prospecting",
      amount: null,
      closeDate: null,
      sourceId: "9501",
      createdAt: "2026-05-04T09:12:00.000Z",
    });
    expect(got.get("Brightline brand refresh")).toMatchObject({
      stageId: "negotiation",
      type: "upsell",
      amount: { amount: 4_800_000, currency: "USD" },
    });
    expect(got.get("Kessler Tools catalogue")).toMatchObject({ status: "won", closeDate: "2026-04-30" });
    expect(got.get("Kessler Tools trade fair")).toMatchObject({
      status: "lost",
      lossReason: "Budget moved to next year",
    });
    expect(got.get("Northgate onboarding videos")).toMatchObject({
      status: "lost",
      lossReason: "not recorded in hubspot",
    });
    expect(got.get("Northgate intranet")).toMatchObject({ stageId: "discovery" });
  });

  it("--preset pipedrive: its 'Deal - …' headers, status apart from the stage, US dates read from the file", async () => {
    const out = await json<Summary>([
      "import",
      fixture("pipedrive-deals.csv"),
      "--preset",
      "pipedrive",
      "--create-owners",
    ]);
    expect(out).toMatchObject({
      read: 5,
      imported: 5,
      rejected: 0,
      accountsCreated: 3,
      dateFormat: "MM/DD/YYYY",
    });
    expect(out.dates).toMatchObject({
      how: "detected",
      shownBy: { row: 3, field: "closeDate", cell: "12/18/2026" },
    });
    expect(out.ownersCreated.map((o) => o.name).sort()).toEqual(["Amélie Roux", "Jonas Weber"]);
    expect(out.currencies).toEqual({ EUR: 4, USD: 1 });
    expect(out.defaults).toEqual([{ field: "lossReason", value: "not recorded in pipedrive", rows: 1 }]);
    expect(out.mapping.ignored).toEqual(["Deal - Pipeline"]);
    const got = new Map(
      (await deals()).filter((d) => /^(Harbor|Vireo|Oakfield)/.test(d.name)).map((d) => [d.name, d]),
    );
    expect(got.get("Harbor Lane packaging")).toMatchObject({
      status: "open",
      stageId: "prospecting",
      sourceId: "301",
    });
    expect(got.get("Harbor Lane e-shop")).toMatchObject({ stageId: "proposal", closeDate: "2026-12-18" });
    expect(got.get("Vireo Labs annual report")).toMatchObject({
      status: "won",
      closedAt: "2026-03-27T16:10:00.000Z",
    });
    expect(got.get("Vireo Labs recruiting film")).toMatchObject({
      status: "lost",
      lossReason: "Chose another agency",
      amount: { amount: 1_500_000, currency: "USD" },
    });
    expect(got.get("Oakfield School signage")).toMatchObject({
      status: "lost",
      lossReason: "not recorded in pipedrive",
    });
  });
});

describe("a Salesforce opportunity report as it exports", { timeout: SLOW }, () => {
  it("--preset salesforce: owners by name, stage labels, an Amount Currency column, won and lost, accounts named with and without accents", async () => {
    const out = await json<Summary>([
      "import",
      fixture("salesforce-opportunity-report.csv"),
      "--preset",
      "salesforce",
      "--create-owners",
    ]);
    // "Société Générale" and "Societe Generale", "Maison Lumière" and "MAISON LUMIERE": one account each.
    expect(out).toMatchObject({
      read: 6,
      imported: 6,
      rejected: 0,
      accountsCreated: 3,
      dateFormat: "MM/DD/YYYY",
    });
    expect(out.ownersCreated.map((o) => o.name).sort()).toEqual(["Daniel Okafor", "Léa Moreau"]);
    expect(out.currencies).toEqual({ EUR: 3, USD: 2 });
    expect(out.defaults).toEqual([{ field: "lossReason", value: "not recorded in salesforce", rows: 1 }]);
    expect(out.mapping.ignored).toEqual(["Fiscal Period", "Expected Revenue", "Age", "Next Step"]);
    const got = new Map(
      (await deals()).filter((d) => /^(SG |Keystone|Lumière)/.test(d.name)).map((d) => [d.name, d]),
    );
    expect(got.get("SG intranet redesign")).toMatchObject({
      stageId: "prospecting",
      amount: null,
      closeDate: null,
      sourceId: "0068d00000SFA01",
    });
    expect(got.get("SG brand audit")).toMatchObject({
      stageId: "discovery",
      type: "upsell",
      amount: { amount: 3_200_000, currency: "EUR" },
      closeDate: "2027-03-31",
      leadSource: "Partner Referral",
    });
    expect(got.get("SG brand audit")!.ownerId).toBe(got.get("SG intranet redesign")!.ownerId);
    expect(got.get("Keystone fleet livery")).toMatchObject({
      stageId: "proposal",
      amount: { amount: 4_800_000, currency: "USD" },
      closeDate: "2026-12-18",
    });
    expect(got.get("Keystone driver app")).toMatchObject({ stageId: "negotiation" });
    expect(got.get("Lumière catalogue 2026")).toMatchObject({ status: "won", closeDate: "2026-09-15" });
    expect(got.get("Lumière pop-up store")).toMatchObject({
      status: "lost",
      lossReason: "not recorded in salesforce",
    });
    const named = (await accounts()).filter((a) => /g[ée]n[ée]rale|lumi[èe]re/i.test(a.name));
    expect(named.map((a) => a.name).sort()).toEqual(["Maison Lumière", "Société Générale"]);
  });
});

describe("a ;-separated file from a European spreadsheet", { timeout: SLOW }, () => {
  it("reads its amounts with decimal commas, refuses the ambiguous ones saying what was read, and says why rows were rejected", async () => {
    const file = fixture("european-deals.csv");
    // The rejects are written beside the data, not beside the fixture (a tracked folder).
    const rejects = join(dataDir, "eu.rejects.csv");
    const out = await json<Summary & { decimals: { mark: string; how: string }; rejectsFile: string }>(
      ["import", file, "--source", "eu", "--dry-run", "--rejects", rejects],
      7,
    );
    expect(out).toMatchObject({
      read: 8,
      imported: 4,
      rejected: 4,
      decimals: { mark: ",", how: "delimiter" },
    });
    expect(out.currencies).toEqual({ EUR: 3, CHF: 1 });
    expect(out.rejections.map((r) => [r.row, r.reasons[0]!.field])).toEqual([
      [6, "amount"],
      [7, "amount"],
      [8, "closeDate"],
      [9, "closeDate"],
    ]);
    expect(out.rejections[0]!.reasons[0]!.message).toContain(
      '"12.50" is written with a decimal point (it would be 12.50)',
    );
    expect(out.rejections[1]!.reasons[0]!.message).toContain(
      '"50,000" could be 50.000 (with this file\'s decimal comma) or 50000',
    );

    // As a person reads it: the amounts' reading said, the reasons grouped with rows, the rejects file named.
    const shown = await run("import", file, "--source", "eu", "--rejects", rejects);
    expect(shown.code, shown.stderr).toBe(7);
    expect(shown.stdout).toMatch(
      /amounts:\s+read with a decimal comma, 12\.000,50 being twelve thousand \(the file is ;-separated/,
    );
    expect(shown.stdout).toContain("Why 4 rows were rejected (each row with all its reasons: ");
    expect(shown.stdout).toContain(`reasons: ${rejects})`);
    expect(shown.stdout).toContain("  2 rows: closeDate: a deal in Proposal needs a close date (rows 8, 9)");
    expect(shown.stdout).toMatch(/ {2}1 row: amount: "12\.50" is written with a decimal point .* \(row 6\)/);
    const imported = new Map((await deals()).map((d) => [d.name, d]));
    expect(imported.get("Rahmenvertrag Müller")?.amount).toEqual({ amount: 5_000_000, currency: "EUR" });
    expect(imported.get("Relaunch Website")?.amount).toEqual({ amount: 5_000_000, currency: "EUR" });
    expect(imported.get("Kampagne Frühling")?.amount).toEqual({ amount: 1_250_000, currency: "CHF" });
    expect(imported.get("Messestand")?.amount).toEqual({ amount: 123_450, currency: "EUR" });
    // "ZURCHER BANK" is the "Zürcher Bank" of the row before: one account.
    expect(imported.get("Messestand")?.accountId).toBe(imported.get("Kampagne Frühling")?.accountId);

    // The rejects file keeps the file's `;`, so once its close dates are filled in, it imports the same way,
    // its decimal commas read as before (written with `,`, its "7.800,00" was refused as a decimal comma).
    const rejected = readFileSync(rejects, "utf8").split(/\r?\n/).filter(Boolean);
    expect(rejected[0]).toBe("row;reason;Deal;Account;Amount;Currency;Stage;Close Date;Owner");
    const corrected = join(dataDir, "eu-corrected.csv");
    writeFileSync(
      corrected,
      `${rejected.map((l) => l.replace(/;Proposal;;$/, ";Proposal;30.06.2027;")).join("\n")}\n`,
    );
    const again = await json<Summary>(["import", corrected, "--source", "eu"], 7);
    expect(again).toMatchObject({ read: 4, imported: 2, rejected: 2 });
    const after = new Map((await deals()).map((d) => [d.name, d]));
    expect(after.get("Nachbestellung")?.amount).toEqual({ amount: 780_000, currency: "EUR" });

    // Said otherwise (--decimal .), the decimal-comma amounts are refused, naming --decimal ,.
    const pointed = await json<Summary>(
      ["import", file, "--source", "eu-point", "--decimal", ".", "--dry-run", "--rejects", rejects],
      7,
    );
    expect(pointed.rejections.find((r) => r.row === 2)?.reasons[0]?.message).toContain("--decimal ,");
    const wrong = await run("import", file, "--decimal", "comma");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("--decimal must be . (12,000.50) or , (12.000,50)");
  });
});

describe("a fault found after the first batches", { timeout: SLOW }, () => {
  it("an unclosed quote near the end refuses the whole file with nothing imported, whatever the batch size", async () => {
    const file = join(dataDir, "late-quote.csv");
    const lines = ["name,industry"];
    for (let i = 1; i <= 40; i++) lines.push(`Late Quote ${i},Retail`);
    lines.splice(36, 0, '"Late Quote Open,Retail');
    writeFileSync(file, `${lines.join("\n")}\n`);
    const ran = await run("import", file, "--kind", "account", "--batch-size", "5");
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain("the quoted cell opening on line 37 is never closed");
    expect((await accounts()).filter((a) => a.name.startsWith("Late Quote"))).toEqual([]);
  });
});

describe("an earlier run's rejects file", { timeout: SLOW }, () => {
  it("is removed, and said, when the rows it listed are imported now (it would list rows as rejected that are in)", async () => {
    const file = join(dataDir, "stale.csv");
    const rejects = join(dataDir, "stale.rejects.csv");
    writeFileSync(file, ["name,industry", "Stale One,Retail", ",Retail"].join("\n"));
    const first = await json<Summary & { rejectsFile: string }>(["import", file, "--kind", "account"], 7);
    expect(first.rejectsFile).toBe(rejects);
    expect(existsSync(rejects)).toBe(true);
    // The row corrected in the file; the first row was imported by the first run and is skipped now.
    writeFileSync(file, ["name,industry", "Stale One,Retail", "Stale Two,Retail"].join("\n"));
    const again = await run("import", file, "--kind", "account");
    expect(again.code).toBe(0);
    expect(existsSync(rejects)).toBe(false);
    expect(again.stdout).toContain(`removed ${rejects}, an earlier run's (its rows are in now)`);
  });
});
