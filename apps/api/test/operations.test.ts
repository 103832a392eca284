// The workspace operations (sweep, imports) and the P&L and account-health reports, over HTTP: who may call
// them, what they answer, and that they are in the OpenAPI document.
import { ImportOptionsSchema, type ImportSummary, ImportSummarySchema } from "@accountable/service";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGETS } from "./databases.ts";
import { type Harness, openHarness } from "./harness.ts";
import { M, seedAgency, WS } from "./seed.ts";

const base = `/api/workspaces/${WS}`;

describe.each(TARGETS)("sweep, imports, P&L and account health over HTTP on $name", (target) => {
  let h: Harness;
  beforeAll(async () => {
    if (target.skip) return;
    h = await openHarness(target);
    await seedAgency(h.service);
    h.grant("admin", WS, M.admin);
    h.grant("ae", WS, M.ae);
    h.grant("viewer", WS, M.viewer);
    h.grant("fin", WS, M.finance);
  });
  afterAll(async () => h?.close());

  it.skipIf(target.skip)(
    "sweeps for an admin, as of a moment or now, and twice changes nothing",
    async () => {
      const at = "2027-01-01T00:00:00.000Z";
      const first = await h.call("admin", "POST", `${base}/sweep`, { at });
      expect(first.status).toBe(200);
      const summary = await first.json();
      expect(summary).toMatchObject({ workspaceId: WS, now: at, today: "2027-01-01" });
      for (const rule of ["contracts", "invoices", "escalations"])
        expect(summary[rule]).toEqual(expect.objectContaining({ applied: expect.any(Array), refused: [] }));
      const again = await (await h.call("admin", "POST", `${base}/sweep`, { at })).json();
      expect(again.contracts.applied).toEqual([]);
      // No body at all: now.
      const now = await h.call("admin", "POST", `${base}/sweep`);
      expect(now.status).toBe(200);
      expect((await now.json()).now).not.toBe(at);
    },
  );

  it.skipIf(target.skip)(
    "refuses the sweep to a non-admin (403) and a moment that is not one (422)",
    async () => {
      const denied = await h.call("ae", "POST", `${base}/sweep`, {});
      expect(denied.status).toBe(403);
      expect((await denied.json()).code).toBe("NotPermitted");
      const bad = await h.call("admin", "POST", `${base}/sweep`, { at: "tomorrow" });
      expect(bad.status).toBe(422);
      expect((await bad.json()).code).toBe("InvalidCommand");
    },
  );

  it.skipIf(target.skip)(
    "refuses a sweep moment more than a year ahead, naming `at` (the fuzz's 2999-12-31 renewed contracts for 490 s)",
    async () => {
      const farOff = await h.call("admin", "POST", `${base}/sweep`, { at: "2999-12-31T23:59:59.999Z" });
      expect(farOff.status).toBe(422);
      const problem = await farOff.json();
      expect(problem).toMatchObject({ code: "InvalidInput", field: "at" });
      expect(problem.detail).toMatch(
        /^A sweep may look at most 366 days ahead, to \d{4}-\d{2}-\d{2}: 2999-12-31 is later\./,
      );
      const contracts = await (await h.call("admin", "GET", `${base}/contracts?limit=200`)).json();
      expect(contracts.items.every((c: { endDate: string }) => c.endDate < "2100-01-01")).toBe(true);
    },
  );

  it.skipIf(target.skip)(
    "imports rows: every row imported, rejected with its reason or skipped, and a rerun skips them all",
    async () => {
      const rows = [
        { name: "Globex", sourceId: "a1" },
        { name: "Initech", externalId: "a2" },
        { name: "", externalId: "a3" },
        {
          kind: "opportunity",
          name: "Globex pilot",
          accountName: "Globex",
          amount: "5000",
          closeDate: "2027-01-15",
        },
      ];
      // Deals come in through ImportOpportunity, which is for admins and directors (opportunity.import).
      const res = await h.call("admin", "POST", `${base}/imports`, {
        kind: "account",
        rows,
        source: "test",
        firstRow: 2,
      });
      expect(res.status).toBe(200);
      const s = await res.json();
      expect(s.read).toBe(4);
      expect(s.read).toBe(s.imported + s.rejected + s.skipped);
      expect(s.importedByKind).toMatchObject({ account: 2, opportunity: 1 });
      expect(s.rejections).toEqual([expect.objectContaining({ row: 4, kind: "account" })]);
      const deals = await (await h.call("ae", "GET", `${base}/opportunities?limit=100`)).json();
      expect(deals.items.map((d: { name: string }) => d.name)).toContain("Globex pilot");
      // The source's ids are kept on the records (`externalId` is the field's former name); the product's id is `id`.
      const accounts = (await (await h.call("ae", "GET", `${base}/accounts?limit=100`)).json()).items as {
        id: string;
        name: string;
        source?: string;
        sourceId?: string;
      }[];
      const globex = accounts.find((a) => a.name === "Globex")!;
      expect(globex).toMatchObject({ source: "test", sourceId: "a1" });
      expect(globex.id).not.toBe("a1");
      expect(accounts.find((a) => a.name === "Initech")).toMatchObject({ sourceId: "a2" });
      const record = await (await h.call("ae", "GET", `${base}/accounts/${globex.id}`)).json();
      expect(JSON.stringify(record)).toContain('"sourceId":"a1"');

      const rerun = await (
        await h.call("admin", "POST", `${base}/imports`, {
          kind: "account",
          rows,
          source: "test",
          firstRow: 2,
        })
      ).json();
      expect(rerun).toMatchObject({ read: 4, imported: 0, rejected: 1, skipped: 3 });
      expect(rerun.skips.map((x: { reason: string }) => x.reason)).toEqual([
        "already_imported",
        "already_imported",
        "already_imported",
      ]);
    },
  );

  it.skipIf(target.skip)(
    "takes every option the local import takes and answers its summary: the route's dry run equals the service's",
    async () => {
      await h.call("admin", "POST", `${base}/imports`, {
        kind: "account",
        rows: [{ name: "Umbrella" }, { name: "Umbrella Labs" }, { name: "Societe Generale" }],
        source: "options",
      });
      const rows = [
        { kind: "account", name: "Umbrella Labs", parent: "Umbrella" },
        // Accents aside, the workspace's "Societe Generale": matched, not created again.
        {
          kind: "opportunity",
          name: "SG audit",
          accountName: "Société Générale",
          amount: "50.000,00",
          closeDate: "46388",
        },
        {
          kind: "opportunity",
          name: "SG extra",
          accountName: "SOCIÉTÉ GÉNÉRALE",
          amount: "12.50",
          closeDate: "46388",
        },
      ];
      const options = {
        source: "options",
        firstRow: 2,
        excelSerialFields: ["closeDate" as const],
        decimalMark: "," as const,
      };
      const overHttp = await h.call("admin", "POST", `${base}/imports`, { rows, ...options, dryRun: true });
      expect(overHttp.status).toBe(200);
      const answered = ImportSummarySchema.parse(await overHttp.json());
      const local = await h.service.importRows(WS, M.admin, rows, { ...options, dryRun: true });
      if (!local.ok) throw new Error(local.error.message);
      const timeless = ({ elapsedMs: _e, rowsPerSecond: _r, ...s }: ImportSummary) => s;
      expect(timeless(answered)).toEqual(timeless(local.value));

      const real = ImportSummarySchema.parse(
        await (await h.call("admin", "POST", `${base}/imports`, { rows, ...options })).json(),
      );
      expect(real).toMatchObject({
        read: 3,
        imported: 1,
        rejected: 1,
        skipped: 1,
        accountsCreated: 0,
        decimalMark: ",",
        excelSerialFields: ["closeDate"],
        parentsSet: [{ row: 2, accountId: expect.any(String), parentId: expect.any(String) }],
        rejections: [
          { row: 4, reasons: [{ field: "amount", message: expect.stringContaining("it would be 12.50") }] },
        ],
      });
      const deals = (await (await h.call("admin", "GET", `${base}/opportunities?limit=200`)).json())
        .items as {
        name: string;
        closeDate: string;
        amount: { amount: number } | null;
      }[];
      expect(deals.find((d) => d.name === "SG audit")).toMatchObject({
        closeDate: "2027-01-01",
        amount: { amount: 5_000_000, currency: "EUR" },
      });
    },
  );

  it.skipIf(target.skip)(
    "documents every option of the service's import as the route's, and no other",
    async () => {
      const doc = await (await h.call(null, "GET", "/openapi.json")).json();
      const request = doc.components.schemas.ImportRequest as { properties: Record<string, unknown> };
      expect(Object.keys(request.properties).sort()).toEqual(
        [...Object.keys(ImportOptionsSchema.shape), "kind", "rows"].sort(),
      );
      const summary = doc.components.schemas.ImportSummary as { properties: Record<string, unknown> };
      expect(Object.keys(summary.properties).sort()).toEqual(Object.keys(ImportSummarySchema.shape).sort());
    },
  );

  it.skipIf(target.skip)(
    "refuses an import to a role that may create nothing of the kind (403)",
    async () => {
      const res = await h.call("viewer", "POST", `${base}/imports`, {
        kind: "account",
        rows: [{ name: "Nope" }],
      });
      expect(res.status).toBe(403);
      expect((await res.json()).code).toBe("NotPermitted");
      const after = await (await h.call("admin", "GET", `${base}/accounts?limit=100`)).json();
      expect(after.items.map((a: { name: string }) => a.name)).not.toContain("Nope");
    },
  );

  it.skipIf(target.skip)(
    "refuses an empty import and too many rows (422); a NUL in a cell rejects its row",
    async () => {
      const empty = await h.call("ae", "POST", `${base}/imports`, { kind: "account", rows: [] });
      expect(empty.status).toBe(422);
      const many = Array.from({ length: 10_001 }, () => ({}));
      const tooMany = await h.call("ae", "POST", `${base}/imports`, { kind: "account", rows: many });
      expect([413, 422]).toContain(tooMany.status);
      const nul = await h.call("ae", "POST", `${base}/imports`, {
        kind: "account",
        rows: [{ name: "a\u0000b" }],
      });
      // The domain's text primitive refuses it, as it does for the CLI's import: the row, with its reason.
      expect(nul.status).toBe(200);
      expect(await nul.json()).toMatchObject({
        imported: 0,
        rejected: 1,
        rejections: [{ reasons: [{ field: "name", message: expect.stringMatching(/NUL/) }] }],
      });
    },
  );

  it.skipIf(target.skip)(
    "answers P&L to finance (every account by default), and to a viewer with every figure masked",
    async () => {
      const res = await h.call("fin", "GET", `${base}/reports/pnl`);
      expect(res.status).toBe(200);
      const r = await res.json();
      expect(r.level).toBe("workspace");
      const masked = await h.call("viewer", "GET", `${base}/reports/pnl`);
      expect(masked.status).toBe(200);
      const seen = JSON.stringify(await masked.json());
      expect(seen).not.toMatch(/"amount":-?\d/);
      expect(seen).toContain('"masked":true');
      const bad = await h.call("fin", "GET", `${base}/reports/pnl?period=someday`);
      expect(bad.status).toBe(400);
    },
  );

  it.skipIf(target.skip)("answers account health, worst first, for one account or all", async () => {
    const all = await h.call("ae", "GET", `${base}/reports/account-health`);
    expect(all.status).toBe(200);
    const r = await all.json();
    expect(r.accounts.map((a: { account: { id: string } }) => a.account.id)).toContain("acme");
    const one = await (await h.call("ae", "GET", `${base}/reports/account-health?accountId=acme`)).json();
    expect(one.accounts).toHaveLength(1);
    expect(one.accounts[0].health.factors).toEqual(expect.any(Array));
  });

  it.skipIf(target.skip)("documents the four routes in the OpenAPI document", async () => {
    const doc = await (await h.call(null, "GET", "/openapi.json")).json();
    const paths = doc.paths as Record<string, Record<string, { operationId: string }>>;
    expect(paths["/api/workspaces/{workspaceId}/sweep"]?.post?.operationId).toBe("sweep");
    expect(paths["/api/workspaces/{workspaceId}/imports"]?.post?.operationId).toBe("importRows");
    expect(paths["/api/workspaces/{workspaceId}/reports/pnl"]?.get?.operationId).toBe("pnlReport");
    expect(paths["/api/workspaces/{workspaceId}/reports/account-health"]?.get?.operationId).toBe(
      "accountHealthReport",
    );
    expect(doc.components.schemas.ImportSummary).toBeDefined();
    expect(doc.components.schemas.SweepSummary).toBeDefined();
  });
});
