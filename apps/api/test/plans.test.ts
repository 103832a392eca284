// Account plans over HTTP: the routes derived from the resource table (create, a command per move, list, read,
// the OpenAPI document) and the whitespace report, whose revenue is masked like the account's money.
import { isMasked, redactedSchema, timestamp } from "@accountable/domain";
import { parseCommand, WhitespaceReportSchema } from "@accountable/service";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGETS } from "./databases.ts";
import { type Harness, openHarness } from "./harness.ts";
import { M, seedAgency, WS } from "./seed.ts";

const base = `/api/workspaces/${WS}`;
const Whitespace = redactedSchema(WhitespaceReportSchema);

const imported = (id: string, input: Record<string, unknown>) => ({
  type: "ImportOpportunity",
  opportunityId: id,
  accountId: "acme",
  ownerId: M.ae,
  name: id,
  opportunityType: "new_business",
  closeDate: "2026-12-31",
  importedFrom: { source: "crm" },
  ...input,
});

describe.each(TARGETS)("account plans over HTTP on $name", (target) => {
  let h: Harness;
  beforeAll(async () => {
    if (target.skip) return;
    h = await openHarness(target);
    await seedAgency(h.service);
    const now = timestamp("2026-11-20T09:00:00.000Z");
    for (const [id, input] of [
      [
        "o-media",
        {
          stageId: "closed_won",
          closedAt: "2026-06-01T09:00:00.000Z",
          serviceLine: "Media",
          amount: { amount: 5_000_000, currency: "EUR" },
        },
      ],
      [
        "o-social",
        { stageId: "proposal", serviceLine: "Social", amount: { amount: 2_000_000, currency: "EUR" } },
      ],
    ] as const) {
      const command = parseCommand("opportunity", imported(id, input));
      if (!command.ok) throw new Error(command.error.message);
      const r = await h.service.execute(
        WS,
        { aggregate: "opportunity", id, command: command.value },
        M.admin,
        { now },
      );
      if (!r.ok) throw new Error(r.error.message);
    }
    h.grant("admin", WS, M.admin);
    h.grant("ae", WS, M.ae);
    h.grant("other", WS, M.otherAe);
    h.grant("viewer", WS, M.viewer);
  });
  afterAll(async () => h?.close());

  it.skipIf(target.skip)(
    "drafts a plan with 201 and Location, and takes each move at its own route",
    async () => {
      const res = await h.call("ae", "POST", `${base}/plans`, {
        planId: "acme-fy27",
        accountId: "acme",
        ownerId: M.ae,
        title: "Acme FY27",
        periodStart: "2026-01-01",
        periodEnd: "2027-12-31",
      });
      expect(res.status).toBe(201);
      expect(res.headers.get("location")).toBe(`${base}/plans/acme-fy27`);
      const added = await h.call("ae", "POST", `${base}/plans/acme-fy27/add-objective`, {
        objectiveId: "obj-1",
        title: "Win the social retainer",
        ownerId: M.ae,
        dueDate: "2027-06-30",
      });
      expect(added.status).toBe(200);
      const live = await h.call("ae", "POST", `${base}/plans/acme-fy27/activate`, {
        nextReviewOn: "2027-01-15",
      });
      expect(live.status).toBe(200);
      expect((await live.json()).state).toMatchObject({ status: "active", nextReviewOn: "2027-01-15" });
      const list = await (await h.call("viewer", "GET", `${base}/plans?accountId=acme`)).json();
      expect(list.items.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([
        ["acme-fy27", "active"],
      ]);
    },
  );

  it.skipIf(target.skip)("refuses another executive with 403, and a bad command in plain words", async () => {
    const other = await h.call("other", "POST", `${base}/plans/acme-fy27/edit-plan`, { ambition: "Mine" });
    expect(other.status).toBe(403);
    const blank = await h.call("ae", "POST", `${base}/plans/acme-fy27/archive`, { reason: " " });
    expect(blank.status).toBe(422);
    expect((await blank.json()).detail).toBe("Give a reason to archive the plan.");
    const unknown = await h.call("ae", "POST", `${base}/plans/acme-fy27/add-risk`, {
      riskId: "r1",
      description: "x",
      likelihood: "certain",
      impact: "high",
      ownerId: M.ae,
    });
    expect(unknown.status).toBe(422);
    expect(JSON.stringify(await unknown.json())).toContain("likelihood");
  });

  it.skipIf(target.skip)(
    "documents the plan routes and the whitespace report in the OpenAPI document",
    async () => {
      const doc = (await (await h.app.request("/openapi.json")).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          "/api/workspaces/{workspaceId}/plans",
          "/api/workspaces/{workspaceId}/plans/{id}",
          "/api/workspaces/{workspaceId}/plans/{id}/complete-review",
          "/api/workspaces/{workspaceId}/accounts/{id}/whitespace",
        ]),
      );
    },
  );

  it.skipIf(target.skip)(
    "answers the whitespace with money for the owner and masked for a viewer",
    async () => {
      const mine = Whitespace.parse(
        await (await h.call("ae", "GET", `${base}/accounts/acme/whitespace`)).json(),
      );
      expect(
        mine.lines.filter((l) => l.state !== "not_offered").map((l) => [l.line, l.state, l.atStake]),
      ).toEqual([
        ["Media", "bought", { amount: 5_000_000, currency: "EUR" }],
        ["Social", "in_pipeline", { amount: 2_000_000, currency: "EUR" }],
      ]);
      // The workspace's default catalog: a line never sold anywhere is a row, not offered.
      expect(mine.lines.find((l) => l.line === "Cloud")).toMatchObject({
        inCatalog: true,
        state: "not_offered",
      });
      const theirs = Whitespace.parse(
        await (await h.call("viewer", "GET", `${base}/accounts/acme/whitespace`)).json(),
      );
      expect(theirs.lines.filter((l) => l.state !== "not_offered").map((l) => l.state)).toEqual([
        "bought",
        "in_pipeline",
      ]);
      expect(theirs.lines.every((l) => isMasked(l.atStake) && isMasked(l.weighted))).toBe(true);
      expect(isMasked(theirs.totals.bought)).toBe(true);
      const missing = await h.call("ae", "GET", `${base}/accounts/nope/whitespace`);
      expect(missing.status).toBe(404);
    },
  );

  it.skipIf(target.skip)(
    "takes the catalog an admin declares through update-settings; a line sold but not declared still shows",
    async () => {
      const workspace = await (await h.call("admin", "GET", `${base}`)).json();
      const refused = await h.call("admin", "POST", `${base}/update-settings`, {
        settings: { ...workspace.state.settings, serviceLines: ["Media", "media "] },
      });
      expect(refused.status).toBe(422);
      expect(JSON.stringify(await refused.json())).toContain("is listed twice");
      const saved = await h.call("admin", "POST", `${base}/update-settings`, {
        settings: { ...workspace.state.settings, serviceLines: ["Strategy", "Media"] },
      });
      expect(saved.status).toBe(200);
      const w = Whitespace.parse(
        await (await h.call("ae", "GET", `${base}/accounts/acme/whitespace`)).json(),
      );
      expect(w.lines.map((l) => [l.line, l.inCatalog, l.state])).toEqual([
        ["Strategy", true, "not_offered"],
        ["Media", true, "bought"],
        ["Social", false, "in_pipeline"],
      ]);
      expect(w.notInCatalog).toEqual(["Social"]);
    },
  );
});
