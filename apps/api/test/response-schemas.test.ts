// Every route's answers against the schemas it declares (the zod schemas the OpenAPI document and the typed client
// are generated from): on the demo workspace, every GET route the app documents is read by an admin and by a
// member of each other role, with a record of its collection and with an id that names none; every POST route
// under a record is sent an empty body. Each answer's status must be one the route declares, its media type the
// declared one, and its JSON body accepted by the declared schema — problems included. Routes come from the
// app's registry, so a route added tomorrow is checked the day it is added.
import { ROLES, timestamp } from "@accountable/domain";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGETS } from "./databases.ts";
import { type Harness, openDemoHarness } from "./harness.ts";
import { fillPath, type OpenApiDocument, operationsOf, SchemaArbitraries } from "./openapi-kit.ts";
import { checkResponse, declaredRoutes, routeOf } from "./response-schemas.ts";

const WS = "answers";
const NOW = timestamp("2026-11-20T10:00:00.000Z");
/** Values for query parameters of these names; other required ones are generated from their schemas. */
const QUERY_VALUES: Readonly<Record<string, string>> = {
  period: "2026-Q4",
  from: "2026-01-01",
  to: "2027-12-31",
  groupBy: "owner",
  q: "an",
  lines: "true",
};

describe.each(TARGETS)("every route's answers match the schemas it declares, on $name", (target) => {
  let h: Harness;
  const tokens: string[] = [];

  beforeAll(async () => {
    if (target.skip) return;
    let adminId: string;
    ({ h, adminId } = await openDemoHarness(target, {
      workspaceId: WS,
      seed: 5,
      now: NOW,
      opportunities: 30,
    }));
    tokens.push("admin");
    const members = (await (await h.call("admin", "GET", `/api/workspaces/${WS}/members?limit=500`)).json())
      .items as { id: string; role: string; active: boolean }[];
    for (const role of ROLES) {
      const m = members.find((x) => x.role === role && x.active && x.id !== adminId);
      if (!m) continue;
      h.grant(m.id, WS, m.id);
      tokens.push(m.id);
    }
  }, 300_000);

  afterAll(async () => {
    if (!target.skip) await h.close();
  });

  it.skipIf(target.skip)("refuses an answer its route does not declare (the check itself)", async () => {
    const routes = declaredRoutes(h.app);
    const route = routeOf(routes, "GET", `/api/workspaces/${WS}/inbox`)!;
    const json = (body: unknown, status: number, type = "application/json") =>
      new Response(JSON.stringify(body), { status, headers: { "content-type": type } });
    expect(route.path).toBe("/api/workspaces/{workspaceId}/inbox");
    expect(await checkResponse(route, json({ nope: 1 }, 200))).not.toEqual([]);
    expect(await checkResponse(route, json({ title: "x" }, 418))).not.toEqual([]);
    expect(await checkResponse(route, json({ title: "x" }, 404, "application/problem+json"))).not.toEqual([]);
    expect(await checkResponse(route, json({ unread: 0 }, 200, "text/plain"))).not.toEqual([]);
  });

  it.skipIf(target.skip)(
    "answers each GET and POST route with a declared status and a body its schema accepts",
    async () => {
      const routes = declaredRoutes(h.app);
      const doc = (await (await h.app.request("/openapi.json")).json()) as OpenApiDocument;
      const ops = operationsOf(doc).filter((o) => o.path.startsWith("/api/workspaces/{workspaceId}"));
      const arbs = new SchemaArbitraries(doc);
      const firstId = new Map<string, string>();
      const failures: string[] = [];
      const checked = new Set<string>();
      let answers = 0;

      const ask = async (token: string, method: string, url: string, body?: unknown) => {
        const route = routeOf(routes, method, url);
        if (!route) {
          failures.push(`${method} ${url}: no declared route answers it`);
          return;
        }
        const res = await h.call(token, method, url, body);
        answers++;
        checked.add(`${route.method} ${route.path}`);
        failures.push(...(await checkResponse(route, res as unknown as Response)));
      };

      for (const op of ops) {
        if (op.collection && !firstId.has(op.collection)) {
          const res = await h.call("admin", "GET", `/api/workspaces/${WS}/${op.collection}?limit=1`);
          const items = res.status === 200 ? ((await res.json()).items as { id: string }[]) : [];
          firstId.set(op.collection, items[0]?.id ?? "none");
        }
        const query: Record<string, string> = {};
        for (const p of op.query) {
          const value =
            QUERY_VALUES[p.name] ??
            (p.required ? String(fc.sample(arbs.valid(p.schema), { numRuns: 1, seed: 7 })[0]) : undefined);
          if (value !== undefined) query[p.name] = value;
        }
        const qs = new URLSearchParams(query).toString();
        const urlWith = (id: string) =>
          `${fillPath(op.path, { workspaceId: WS, id, list: "opportunities" })}${qs ? `?${qs}` : ""}`;
        const hasId = op.pathParams.some((p) => p.name === "id");
        if (op.method === "GET") {
          for (const token of tokens)
            await ask(token, "GET", urlWith(firstId.get(op.collection ?? "") ?? "none"));
          if (hasId) await ask("admin", "GET", urlWith("none"));
        } else if (hasId) {
          await ask("admin", "POST", urlWith(firstId.get(op.collection ?? "") ?? "none"), {});
        }
      }

      console.log(
        `${target.name}: ${answers} answers from ${checked.size} routes checked against their schemas; ${failures.length} not as declared`,
      );
      expect(checked.size).toBeGreaterThanOrEqual(50);
      expect(failures.slice(0, 30)).toEqual([]);
    },
    600_000,
  );
});
