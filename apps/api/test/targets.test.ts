// Target lists over HTTP beyond their generated command routes: a list's funnel report
// (GET …/targets/{id}/funnel, the member's reader's answer) and adding the accounts its criteria match
// (GET …/add-matching previews, POST adds), judged as the list's commands are: target.write on the list.
import { redactedSchema } from "@accountable/domain";
import { AddMatchingSchema, TargetListReportSchema } from "@accountable/service";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGETS } from "./databases.ts";
import { type Harness, openHarness } from "./harness.ts";
import { M, run, seedAgency, WS } from "./seed.ts";

const base = `/api/workspaces/${WS}`;
const Funnel = redactedSchema(TargetListReportSchema);
const LIST = "tl-retail";

describe.each(TARGETS)("target lists over HTTP on $name", (target) => {
  let h: Harness;
  beforeAll(async () => {
    if (target.skip) return;
    h = await openHarness(target);
    await seedAgency(h.service);
    for (const [id, name, industry] of [
      ["retail-one", "Retail One", "Retail"],
      ["retail-two", "Retail Two", "retail"],
      ["bank-one", "Bank One", "Banking"],
    ] as const)
      await run(
        h.service,
        WS,
        "account",
        id,
        { type: "CreateAccount", accountId: id, name, ownerId: M.ae, industry },
        M.admin,
      );
    await run(
      h.service,
      WS,
      "target",
      LIST,
      {
        type: "CreateTargetList",
        targetListId: LIST,
        name: "Retailers",
        ownerId: M.ae,
        goal: "Two retailers this year",
        criteria: { industries: ["Retail"] },
      },
      M.ae,
    );
    h.grant("ae", WS, M.ae);
    h.grant("other", WS, M.otherAe);
    h.grant("viewer", WS, M.viewer);
    h.grant("finance", WS, M.finance);
  });
  afterAll(async () => h?.close());

  const funnel = async (token = "ae") => {
    const res = await h.call(token, "GET", `${base}/targets/${LIST}/funnel`);
    expect(res.status).toBe(200);
    return Funnel.parse(await res.json());
  };

  it.skipIf(target.skip)(
    "previews the matches without writing, then adds them; the funnel shows them",
    async () => {
      const empty = await funnel();
      expect(empty.list).toMatchObject({ id: LIST, name: "Retailers", goal: "Two retailers this year" });
      expect(empty.steps.map((s) => [s.step, s.count])).toEqual([
        ["target", 0],
        ["met", 0],
        ["opportunity", 0],
        ["won", 0],
      ]);

      const preview = await h.call("ae", "GET", `${base}/targets/${LIST}/add-matching`);
      expect(preview.status).toBe(200);
      const seen = AddMatchingSchema.parse(await preview.json());
      expect(seen).toEqual({
        listId: LIST,
        dryRun: true,
        matched: [
          { accountId: "retail-one", name: "Retail One" },
          { accountId: "retail-two", name: "Retail Two" },
        ],
        added: 0,
        version: null,
      });
      expect((await funnel()).members).toEqual([]);

      const added = await h.call("ae", "POST", `${base}/targets/${LIST}/add-matching`);
      expect(added.status).toBe(200);
      const done = AddMatchingSchema.parse(await added.json());
      expect(done).toMatchObject({ dryRun: false, added: 2, matched: seen.matched });
      expect(done.version).toBe(2);

      const after = await funnel();
      expect(after.steps[0]).toMatchObject({ step: "target", count: 2, medianDaysFromPrevious: null });
      expect(after.steps.every((s) => "medianDaysFromPrevious" in s)).toBe(true);
      expect(after.members.map((m) => [m.accountId, m.name, m.source, m.step, m.fit.score])).toEqual([
        ["retail-one", "Retail One", "criteria", "target", 100],
        ["retail-two", "Retail Two", "criteria", "target", 100],
      ]);
      // A reader of the list (a viewer) reads the same funnel.
      expect(await funnel("viewer")).toEqual(after);
      // Nothing left to add.
      const again = await h.call("ae", "GET", `${base}/targets/${LIST}/add-matching`);
      expect(AddMatchingSchema.parse(await again.json()).matched).toEqual([]);
    },
  );

  it.skipIf(target.skip)(
    "refuses adding to whoever may not change the list, preview included (403), as its commands do",
    async () => {
      for (const [token, method] of [
        ["viewer", "GET"],
        ["viewer", "POST"],
        ["finance", "GET"],
        // An executive changes their own lists, not a colleague's.
        ["other", "POST"],
      ] as const) {
        const res = await h.call(token, method, `${base}/targets/${LIST}/add-matching`);
        expect(res.status, `${token} ${method}`).toBe(403);
        expect(((await res.json()) as { detail: string }).detail).toMatch(/target lists/);
      }
    },
  );

  it.skipIf(target.skip)(
    "answers 404 for a list that does not exist and 400 for an option it does not take",
    async () => {
      expect((await h.call("ae", "GET", `${base}/targets/no-such-list/funnel`)).status).toBe(404);
      expect((await h.call("ae", "GET", `${base}/targets/no-such-list/add-matching`)).status).toBe(404);
      const bad = await h.call("ae", "GET", `${base}/targets/${LIST}/funnel?asOf=2026-01-01`);
      expect(bad.status).toBe(400);
    },
  );

  it.skipIf(target.skip)("documents the routes with the service's schemas", async () => {
    const doc = (await (await h.call(null, "GET", "/openapi.json")).json()) as {
      paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
    };
    const funnelOp = doc.paths["/api/workspaces/{workspaceId}/targets/{id}/funnel"]!.get!;
    expect(funnelOp.operationId).toBe("targetFunnelReport");
    expect(JSON.stringify(funnelOp.responses["200"])).toContain("TargetListReport");
    const matching = doc.paths["/api/workspaces/{workspaceId}/targets/{id}/add-matching"]!;
    expect(matching.get!.operationId).toBe("previewTargetMatches");
    expect(matching.post!.operationId).toBe("addTargetMatches");
    expect(JSON.stringify(matching.post!.responses["200"])).toContain("TargetAddMatching");
  });
});
