import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGETS } from "./databases.ts";
import { type Harness, openHarness } from "./harness.ts";
import { M, seedAgency, WS } from "./seed.ts";

const base = `/api/workspaces/${WS}`;
const deal = {
  opportunityId: "acme-retainer",
  accountId: "acme",
  ownerId: M.ae,
  name: "Acme retainer 2027",
  opportunityType: "new_business",
  amount: { amount: 12_000_000, currency: "EUR" },
  closeDate: "2027-03-31",
};

describe.each(TARGETS)("commands and reads over HTTP on $name", (target) => {
  let h: Harness;
  beforeAll(async () => {
    if (target.skip) return;
    h = await openHarness(target);
    await seedAgency(h.service);
    h.grant("ae", WS, M.ae);
    h.grant("other", WS, M.otherAe);
    h.grant("admin", WS, M.admin);
    h.grant("pm", WS, M.pm);
  });
  afterAll(async () => h?.close());

  it.skipIf(target.skip)("creates a deal with 201, Location and the version as ETag", async () => {
    const res = await h.call("ae", "POST", `${base}/opportunities`, deal);
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`${base}/opportunities/acme-retainer`);
    expect(res.headers.get("etag")).toBe('"1"');
    const body = await res.json();
    expect(body).toMatchObject({ aggregate: "opportunity", id: "acme-retainer", version: 1, dryRun: false });
    expect(body.events[0].type).toBe("OpportunityCreated");
    expect(body.state.stageId).toBe("prospecting");
  });

  it.skipIf(target.skip)("makes an id when the body leaves it out", async () => {
    const { opportunityId: _, ...rest } = deal;
    const res = await h.call("ae", "POST", `${base}/opportunities`, { ...rest, name: "Acme extra" });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.skipIf(target.skip)(
    "refuses a move whose exit criteria are not met, as problem+json with a stable type",
    async () => {
      await h.call("ae", "POST", `${base}/opportunities/acme-retainer/move-stage`, { stageId: "discovery" });
      const res = await h.call("ae", "POST", `${base}/opportunities/acme-retainer/move-stage`, {
        stageId: "proposal",
      });
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const p = await res.json();
      expect(p.type).toBe("/problems/exit-criteria-not-met");
      expect(p.code).toBe("ExitCriteriaNotMet");
      expect(p.detail).toMatch(/need|budget/i);
      expect(p.instance).toBe(`${base}/opportunities/acme-retainer/move-stage`);
    },
  );

  it.skipIf(target.skip)(
    "imports a won deal from another system through the same route, admins only",
    async () => {
      const imported = {
        ...deal,
        type: "ImportOpportunity",
        opportunityId: "acme-hubspot-77",
        name: "Acme 2025 campaign",
        stageId: "closed_won",
        closeDate: "2025-09-30",
        closedAt: "2025-09-30T12:00:00Z",
        importedFrom: { source: "hubspot", externalId: "77" },
      };
      const seller = await h.call("ae", "POST", `${base}/opportunities`, imported);
      expect(seller.status).toBe(403);
      const res = await h.call("admin", "POST", `${base}/opportunities`, imported);
      expect(res.status).toBe(201);
      const body = await res.json();
      expect(body.events.map((e: { type: string }) => e.type)).toEqual(["OpportunityImported"]);
      expect(body.state).toMatchObject({ status: "won", stageId: "closed_won" });
      const bad = await h.call("admin", "POST", `${base}/opportunities`, {
        ...imported,
        opportunityId: "x3",
        closedAt: "soon",
      });
      expect(bad.status).toBe(422);
      expect((await bad.json()).errors.map((e: { path: string }) => e.path)).toContain("closedAt");
    },
  );

  it.skipIf(target.skip)("names each invalid field", async () => {
    const res = await h.call("ae", "POST", `${base}/opportunities`, {
      ...deal,
      opportunityId: "x2",
      amount: "lots",
      closeDate: 5,
    });
    expect(res.status).toBe(422);
    const p = await res.json();
    expect(p.type).toBe("/problems/invalid-command");
    const paths = p.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["amount", "closeDate"]));
  });

  it.skipIf(target.skip)("a dry run answers the events and writes nothing", async () => {
    const before = await h.call("ae", "GET", `${base}/opportunities/acme-retainer`);
    const version = (await before.json()).version;
    const res = await h.call("ae", "POST", `${base}/opportunities/acme-retainer/record-need?dryRun=true`, {
      need: "A new brand platform",
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.dryRun).toBe(true);
    expect(body.events.map((e: { type: string }) => e.type)).toContain("NeedRecorded");
    const after = await (await h.call("ae", "GET", `${base}/opportunities/acme-retainer`)).json();
    expect(after.version).toBe(version);
  });

  it.skipIf(target.skip)("If-Match with an old version answers 409 with the current version", async () => {
    const current = await h.call("ae", "GET", `${base}/opportunities/acme-retainer`);
    const etag = current.headers.get("etag")!;
    const ok = await h.call(
      "ae",
      "POST",
      `${base}/opportunities/acme-retainer/record-need`,
      { need: "Launch in May" },
      { "If-Match": etag },
    );
    expect(ok.status).toBe(200);
    const stale = await h.call(
      "ae",
      "POST",
      `${base}/opportunities/acme-retainer/set-budget`,
      { budget: { amount: 100, currency: "EUR" } },
      { "If-Match": etag },
    );
    expect(stale.status).toBe(409);
    const p = await stale.json();
    expect(p.code).toBe("StaleVersion");
    expect(p.currentVersion).toBe(Number(etag.replaceAll('"', "")) + 1);
    expect(stale.headers.get("etag")).toBe(`"${p.currentVersion}"`);
    const bad = await h.call(
      "ae",
      "POST",
      `${base}/opportunities/acme-retainer/set-budget`,
      { budget: { amount: 100, currency: "EUR" } },
      { "If-Match": "yesterday" },
    );
    expect(bad.status).toBe(400);
  });

  it.skipIf(target.skip)(
    "a retried POST with the same Idempotency-Key answers the first response",
    async () => {
      const key = { "Idempotency-Key": "retry-1" };
      const body = { need: "Retry-safe need" };
      const first = await h.call("ae", "POST", `${base}/opportunities/acme-retainer/record-need`, body, key);
      const second = await h.call("ae", "POST", `${base}/opportunities/acme-retainer/record-need`, body, key);
      expect(second.status).toBe(first.status);
      expect(second.headers.get("idempotent-replayed")).toBe("true");
      expect(await second.json()).toEqual(await first.json());
      const history = await (await h.call("ae", "GET", `${base}/opportunities/acme-retainer/history`)).json();
      expect(
        history.items.filter((e: { payload: { need?: string } }) => e.payload.need === "Retry-safe need"),
      ).toHaveLength(1);
      const other = await h.call(
        "ae",
        "POST",
        `${base}/opportunities/acme-retainer/record-need`,
        { need: "else" },
        key,
      );
      expect(other.status).toBe(422);
      expect((await other.json()).code).toBe("IdempotencyKeyReused");
    },
  );

  it.skipIf(target.skip)(
    "lists with filters and a cursor, and answers 304 to a matching If-None-Match",
    async () => {
      const page = await h.call("ae", "GET", `${base}/opportunities?stageId=discovery&limit=1`);
      expect(page.status).toBe(200);
      const body = await page.json();
      expect(body.items.map((o: { id: string }) => o.id)).toEqual(["acme-retainer"]);
      const bad = await h.call("ae", "GET", `${base}/opportunities?limit=0`);
      expect(bad.status).toBe(400);
      expect((await bad.json()).errors[0].path).toBe("limit");
      const one = await h.call("ae", "GET", `${base}/opportunities/acme-retainer`);
      // A list's item carries its record's version, the record's ETag: a command can be sent from a list row.
      expect(`"${body.items[0].version}"`).toBe(one.headers.get("etag"));
      const listed = await h.call("ae", "GET", `${base}/opportunities?stageId=discovery`);
      const tag = listed.headers.get("etag");
      expect(tag).toMatch(/^W\/"/);
      const unchanged = await h.call("ae", "GET", `${base}/opportunities?stageId=discovery`, undefined, {
        "If-None-Match": tag!,
      });
      expect(unchanged.status).toBe(304);
      const again = await h.call("ae", "GET", `${base}/opportunities/acme-retainer`, undefined, {
        "If-None-Match": one.headers.get("etag")!,
      });
      expect(again.status).toBe(304);
    },
  );

  it.skipIf(target.skip)(
    "hides a deal from a project manager off its account, and refuses another AE's move",
    async () => {
      const list = await (await h.call("pm", "GET", `${base}/opportunities`)).json();
      expect(list.items).toEqual([]);
      const one = await h.call("pm", "GET", `${base}/opportunities/acme-retainer`);
      expect(one.status).toBe(404);
      const seen = await (await h.call("other", "GET", `${base}/opportunities`)).json();
      expect(seen.items.length).toBeGreaterThan(0);
      const move = await h.call("other", "POST", `${base}/opportunities/acme-retainer/move-stage`, {
        stageId: "prospecting",
      });
      expect(move.status).toBe(403);
      expect((await move.json()).code).toBe("NotPermitted");
    },
  );

  it.skipIf(target.skip)(
    "answers 401 without a token and 404 for a workspace the caller is not in",
    async () => {
      expect((await h.call(null, "GET", `${base}/opportunities`)).status).toBe(401);
      const elsewhere = await h.call("ae", "GET", `/api/workspaces/someone-else/opportunities`);
      expect(elsewhere.status).toBe(404);
      expect((await elsewhere.json()).type).toBe("/problems/not-found");
    },
  );

  it.skipIf(target.skip)("serves reports through the domain's permission check", async () => {
    const pipeline = await h.call("admin", "GET", `${base}/reports/pipeline`);
    expect(pipeline.status).toBe(200);
    const forecast = await h.call("admin", "GET", `${base}/reports/forecast?period=2027-Q1`);
    expect(forecast.status).toBe(200);
    const noPeriod = await h.call("admin", "GET", `${base}/reports/forecast`);
    expect(noPeriod.status).toBe(400);
    const overview = await h.call("ae", "GET", `${base}/accounts/acme/overview`);
    expect(overview.status).toBe(200);
    expect(await overview.json()).toHaveProperty("health");
  });

  it.skipIf(target.skip)("documents every route in OpenAPI 3.1", async () => {
    const doc = await (await h.call(null, "GET", "/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths[`/api/workspaces/{workspaceId}/opportunities/{id}/move-stage`].post).toBeDefined();
    expect(
      doc.paths[`/api/workspaces/{workspaceId}/opportunities`].get.parameters.map(
        (p: { name: string }) => p.name,
      ),
    ).toContain("stageId");
    const docs = await h.call(null, "GET", "/docs");
    expect(docs.status).toBe(200);
    expect(docs.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(await docs.text()).toContain('src="/docs/scalar.js"');
    const script = await h.call(null, "GET", "/docs/scalar.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toContain("javascript");
  });

  it.skipIf(target.skip)("answers unknown routes and oversized bodies as problems", async () => {
    const nowhere = await h.call("ae", "GET", "/api/nowhere");
    expect(nowhere.status).toBe(404);
    expect(nowhere.headers.get("content-type")).toContain("application/problem+json");
    const huge = await h.call("ae", "POST", `${base}/opportunities/acme-retainer/record-need`, {
      need: "x".repeat(2 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
    const form = await h.call(
      "ae",
      "POST",
      `${base}/opportunities/acme-retainer/record-need`,
      JSON.stringify({ need: "smuggled" }),
      { "Content-Type": "text/plain" },
    );
    expect(form.status).toBe(415);
    expect((await form.json()).type).toBe("/problems/unsupported-media-type");
  });
});
