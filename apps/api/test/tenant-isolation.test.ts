// Tenant isolation, route by route: every operation of /openapi.json under /api/workspaces/{workspaceId} is called
// by a member of workspace A against workspace B, and inside A with B's record ids (in the path and in valid
// bodies). Nothing of B may come back — no 2xx, no name or id of B's that the request did not itself carry — and
// B's event log must not have moved.
import { timestamp } from "@accountable/domain";
import { createService, type ListName } from "@accountable/service";
import { readWorkspaceEvents } from "@accountable/store";
import fc from "fast-check";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { createAuth } from "../src/auth/index.ts";
import { TARGETS } from "./databases.ts";
import { type Harness, openHarness } from "./harness.ts";
import {
  fillPath,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  SchemaArbitraries,
} from "./openapi-kit.ts";
import { M, seedAgency } from "./seed.ts";

const A = "tenant-a";
const B = "tenant-b";

interface Leak {
  readonly request: string;
  readonly status: number;
  readonly why: string;
}

describe.each(TARGETS)("tenant isolation on $name", (target) => {
  let h: Harness;
  let ops: Operation[];
  let doc: OpenApiDocument;
  /** B's record ids by collection, and every name or id of B's that A must never see. */
  const bIds: Record<string, string[]> = {};
  const bSecrets = new Set<string>();

  /** The last event of the workspace: B's log must end where it ended before the probes. */
  const eventsOf = async (ws: string) => {
    let last = 0;
    for (;;) {
      const page = await readWorkspaceEvents(h.handle.db, ws, { afterSeq: last, limit: 5_000 });
      if (page.length === 0) return last;
      last = page[page.length - 1]!.seq;
    }
  };

  beforeAll(async () => {
    if (target.skip) return;
    h = await openHarness(target);
    await seedAgency(h.service, A);
    const seeded = await h.service.seedDemo({
      workspaceId: B,
      seed: 11,
      now: timestamp("2026-11-02T12:00:00.000Z"),
      opportunities: 12,
    });
    if (!seeded.ok) throw new Error(seeded.error.message);
    h.grant("a-admin", A, M.admin);
    h.grant("a-ae", A, M.ae);
    h.grant("b-admin", B, seeded.value.login.memberId);
    doc = (await (await h.app.request("/openapi.json")).json()) as OpenApiDocument;
    ops = operationsOf(doc).filter((op) => op.path.startsWith("/api/workspaces/{workspaceId}"));

    // What A's members can see of their own workspace is not a secret, even where a generic word repeats.
    const aVisible = new Set<string>();
    // A list has two GET routes (its JSON pages and its CSV export): each list is read once.
    const listed = new Set<string>();
    for (const op of ops)
      if (op.collection && op.method === "GET" && !op.path.includes("{id}") && !listed.has(op.collection)) {
        listed.add(op.collection);
        const name = op.collection as ListName;
        for (const [ws, sink] of [
          [A, null],
          [B, bIds],
        ] as const) {
          const page = await h.service.queries.list(name, ws, { limit: 500 } as never);
          if (!page.ok) throw new Error(page.error.message);
          for (const item of page.value.items as unknown as Record<string, unknown>[]) {
            const strings = [item.id, item.name, item.email, item.title, item.subject].filter(
              (v): v is string => typeof v === "string" && v.length >= 6,
            );
            if (!sink) for (const s of strings) aVisible.add(s);
            else {
              sink[name] = [...(sink[name] ?? []), item.id as string];
              for (const s of strings) bSecrets.add(s);
            }
          }
        }
      }
    // A's own settings are A's to read too: the default kickoff tasks a handover creates in B carry the titles
    // every workspace's settings hold.
    const settings = await h.service.load(A, "workspace", A);
    const strings = (v: unknown): string[] =>
      typeof v === "string" ? [v] : v && typeof v === "object" ? Object.values(v).flatMap(strings) : [];
    for (const s of strings(settings.state)) aVisible.add(s);
    bSecrets.add("Northwind Group (demo)");
    for (const s of aVisible) bSecrets.delete(s);
    expect(bSecrets.size).toBeGreaterThan(50);
  });
  afterAll(async () => h?.close());

  function leaksIn(text: string, sent: string): string[] {
    return [...bSecrets].filter((s) => text.includes(s) && !sent.includes(s));
  }

  async function probe(
    token: string,
    op: Operation,
    path: string,
    body: unknown,
    leaks: Leak[],
    expectStatus: (s: number) => boolean,
  ) {
    const res = await h.call(token, op.method, path, body);
    const text = await res.text();
    const request = `${token} ${op.method} ${path} ${body === undefined ? "" : JSON.stringify(body).slice(0, 200)}`;
    const found = leaksIn(text, request);
    if (found.length)
      leaks.push({ request, status: res.status, why: `body names ${found.slice(0, 3).join(", ")}` });
    if (!expectStatus(res.status)) leaks.push({ request, status: res.status, why: text.slice(0, 200) });
    else if (res.status >= 400 && !res.headers.get("content-type")?.startsWith("application/problem+json"))
      leaks.push({ request, status: res.status, why: "not problem+json" });
  }

  /** The query string of the operation's required parameters (a period for the forecast, say), else nothing. */
  function requiredQuery(op: Operation): string {
    const arbs = new SchemaArbitraries(doc);
    const pairs = op.query
      .filter((q) => q.required)
      .map(
        (q) =>
          `${q.name}=${encodeURIComponent(String(fc.sample(arbs.valid(q.schema), { numRuns: 1, seed: 1 })[0]))}`,
      );
    // The forecast's period is required by a refinement the document cannot show.
    if (op.operationId === "forecastReport") pairs.push("period=2026-Q4");
    return pairs.length ? `?${pairs.join("&")}` : "";
  }

  function bodyFor(op: Operation, seed: number): unknown {
    if (!op.body) return undefined;
    const pick = (c: string) => fc.constantFrom(...(bIds[c] ?? ["none"]));
    const arbs = new SchemaArbitraries(doc, {
      accountId: pick("accounts"),
      contactId: pick("contacts"),
      opportunityId: pick("opportunities"),
      contractId: pick("contracts"),
      activityId: pick("activities"),
      ownerId: pick("members"),
      assigneeId: pick("members"),
      memberId: pick("members"),
      plannerId: pick("members"),
      reportsTo: pick("members"),
    });
    return fc.sample(arbs.valid(op.body.schema), { numRuns: 1, seed })[0];
  }

  it.skipIf(target.skip)(
    "answers a member of A who names workspace B as if B did not exist, on every route",
    async () => {
      const before = await eventsOf(B);
      const leaks: Leak[] = [];
      for (const [i, op] of ops.entries()) {
        const ids = op.collection ? (bIds[op.collection] ?? ["none"]) : ["none"];
        for (const token of ["a-admin", "a-ae"]) {
          const path = `${fillPath(op.path, { workspaceId: B, id: ids[i % ids.length]! })}${requiredQuery(op)}`;
          await probe(token, op, path, bodyFor(op, i), leaks, (s) => s === 404);
        }
      }
      expect(leaks).toEqual([]);
      expect(await eventsOf(B)).toBe(before);
    },
  );

  it.skipIf(target.skip)(
    "never reads, changes or references B's records from inside A, whatever ids a request names",
    async () => {
      const before = await eventsOf(B);
      const leaks: Leak[] = [];
      let probes = 0;
      for (const [i, op] of ops.entries()) {
        const ids = op.collection ? (bIds[op.collection] ?? []) : [];
        // Each route with up to three of B's ids in the path (or none, for lists and creations), and a body
        // whose references (account, contact, deal, owner…) are all B's.
        const samples = op.path.includes("{id}") ? ids.slice(0, 3) : ["-"];
        for (const [j, id] of samples.entries()) {
          // Dry runs: a creation that names B's records must not leave them in A for the next test to find.
          const path = `${fillPath(op.path, { workspaceId: A, id })}${op.method === "POST" ? "?dryRun=true" : requiredQuery(op)}`;
          probes++;
          await probe(
            "a-admin",
            op,
            path,
            bodyFor(op, i * 10 + j),
            leaks,
            // A read of B's id is a 404; a command naming B's records is refused (404, 403, 409 or 422), or,
            // for a creation, may succeed inside A as long as nothing of B comes back.
            (s) =>
              op.method === "GET"
                ? op.path.includes("{id}")
                  ? s === 404
                  : s === 200 || s === 400
                : s < 500 && (s >= 400 || !op.path.includes("{id}")),
          );
        }
      }
      expect(probes).toBeGreaterThan(ops.length);
      expect(leaks).toEqual([]);
      expect(await eventsOf(B)).toBe(before);
    },
  );

  it.skipIf(target.skip)("lists and reports of A hold none of B's records", async () => {
    const leaks: Leak[] = [];
    for (const op of ops)
      if (op.method === "GET" && !op.path.includes("{id}"))
        await probe(
          "a-admin",
          op,
          `${fillPath(op.path, { workspaceId: A })}${requiredQuery(op)}`,
          undefined,
          leaks,
          (s) => s === 200,
        );
    expect(leaks).toEqual([]);
  });

  it.skipIf(target.skip)("B's own admin still sees B (the probes were refused, not broken)", async () => {
    const res = await h.call("b-admin", "GET", `/api/workspaces/${B}/accounts?limit=500`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { id: string }[] };
    expect(body.items.map((a) => a.id).sort()).toEqual([...(bIds.accounts ?? [])].sort());
  });
});

// The same refusal with real accounts: two users sign up, each creates a workspace and mints a personal API token
// (createAuth, as the server wires it), and each token is tried against the other's workspace on every route.
describe("tenant isolation with real accounts and API tokens on PGlite", () => {
  let handle: Awaited<ReturnType<(typeof TARGETS)[number]["open"]>>;
  let app: ReturnType<typeof createApp>;
  const origin = "http://localhost:3000";
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    handle = await TARGETS[0]!.open();
    const service = createService({ db: handle.db });
    const auth = createAuth({
      db: handle.db,
      service,
      publicUrl: origin,
      secret: "tenant-isolation-secret-0123456789abcdef",
    });
    const silent = pino({ level: "silent" });
    app = createApp({ service, db: handle.db, auth, logger: silent });
    for (const who of ["real-a", "real-b"]) {
      const json = { "Content-Type": "application/json", Origin: origin };
      const signUp = await app.request("/api/auth/sign-up/email", {
        method: "POST",
        headers: json,
        body: JSON.stringify({ email: `${who}@tenant.test`, password: "a-long-password-1", name: who }),
      });
      expect(signUp.status).toBe(200);
      const cookie = signUp.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const ws = await app.request("/api/workspaces", {
        method: "POST",
        headers: { ...json, Cookie: cookie },
        body: JSON.stringify({ name: `Workspace ${who}`, workspaceId: who }),
      });
      expect(ws.status).toBe(201);
      const memberId = ((await ws.json()) as { memberId: string }).memberId;
      const minted = await app.request("/api/tokens", {
        method: "POST",
        headers: { ...json, Cookie: cookie },
        body: JSON.stringify({ name: "isolation" }),
      });
      expect(minted.status).toBe(201);
      tokens[who] = ((await minted.json()) as { token: string }).token;
      const account = await app.request(`/api/workspaces/${who}/accounts`, {
        method: "POST",
        headers: { ...json, Authorization: `Bearer ${tokens[who]}` },
        body: JSON.stringify({
          accountId: `${who}-secret`,
          name: `Secret account of ${who}`,
          ownerId: memberId,
        }),
      });
      expect(account.status).toBe(201);
    }
  }, 120_000);
  afterAll(async () => handle?.close());

  it("answers each token as if the other's workspace and records did not exist, on every route", async () => {
    const doc = (await (await app.request("/openapi.json")).json()) as OpenApiDocument;
    const ops = operationsOf(doc).filter((op) => op.path.startsWith("/api/workspaces/{workspaceId}"));
    const leaks: string[] = [];
    for (const [me, other] of [
      ["real-a", "real-b"],
      ["real-b", "real-a"],
    ] as const)
      for (const op of ops)
        for (const workspaceId of [other, me]) {
          const path = fillPath(op.path, { workspaceId, id: `${other}-secret` });
          const res = await app.request(path, {
            method: op.method,
            headers: { Authorization: `Bearer ${tokens[me]}`, "Content-Type": "application/json" },
            ...(op.method === "POST" ? { body: "{}" } : {}),
          });
          const text = await res.text();
          // Against the other's workspace: 404 on every route. Inside one's own, the other's id names nothing:
          // never a 2xx on a record route, and never the other's secret name.
          const refused =
            workspaceId === other ? res.status === 404 : !(op.path.includes("{id}") && res.status < 300);
          if (!refused || text.includes(`Secret account of ${other}`))
            leaks.push(`${me} ${op.method} ${path} → ${res.status} ${text.slice(0, 120)}`);
        }
    expect(leaks).toEqual([]);
  });
});
