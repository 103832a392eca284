// Ten thousand requests generated from the live /openapi.json — every operation, with valid bodies from its
// schemas and invalid or odd ones (wrong types, huge strings, NUL, emoji, right-to-left text, missing and extra
// fields, unknown ids, bad If-Match, bad cursors and query parameters, wrong content types, malformed JSON) —
// against the demo workspace. Whatever comes in, the API never answers 5xx, and every 4xx is problem+json.
import { Writable } from "node:stream";
import { timestamp } from "@accountable/domain";
import type { ListName } from "@accountable/service";
import { OpenAPIHono } from "@hono/zod-openapi";
import fc from "fast-check";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import type { AuthPort } from "../src/auth/port.ts";
import type { ApiEnv } from "../src/env.ts";
import { TARGETS } from "./databases.ts";
import { type Harness, openHarness } from "./harness.ts";
import {
  fillPath,
  type OpenApiDocument,
  type Operation,
  oddStrings,
  oddValues,
  operationsOf,
  SchemaArbitraries,
} from "./openapi-kit.ts";

const WS = "demo";
const SEED = 20_260_502;

interface FuzzRequest {
  readonly kind: string;
  readonly token: string | null;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

interface Failure {
  readonly kind: string;
  readonly request: string;
  readonly status: number;
  readonly why: string;
  readonly body: string;
}

/** Lone surrogates replaced, as a client's encoder would have to. */
const wellFormed = (s: string) =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");

/** A header value a client library will actually send (no CR, LF or NUL; Latin-1). */
const headerSafe = (s: string) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, "?");

/** Percent-encodes like a client, or leaves broken escapes in place as a hostile one would. */
const pathSegment: fc.Arbitrary<string> = fc.oneof(
  oddStrings.map(wellFormed).map((s) => encodeURIComponent(s.slice(0, 2000))),
  fc.constantFrom("%", "%zz", "%E0%A4%A", "%00", "..", ".", "%2F", "a%2Fb", "%C0%AF"),
);

const str = (v: unknown): string => {
  if (typeof v === "string") return v;
  try {
    return typeof v === "object" && v !== null ? JSON.stringify(v) : String(v);
  } catch {
    return "[object]";
  }
};

function* queryPairs(
  params: Readonly<Record<string, unknown>>,
  repeated: boolean,
): Generator<[string, string]> {
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      if (repeated) for (const one of v) yield [k, str(one)];
      else yield [k, v.map(str).join(",")];
    } else yield [k, str(v)];
  }
}

function queryString(pairs: Iterable<[string, string]>): string {
  const out: string[] = [];
  for (const [k, v] of pairs) out.push(`${encodeURIComponent(k)}=${encodeURIComponent(wellFormed(v))}`);
  return out.length ? `?${out.join("&")}` : "";
}

describe.each(TARGETS)("fuzzing every operation of /openapi.json on $name", (target) => {
  let h: Harness;
  let ops: Operation[];
  let doc: OpenApiDocument;
  const ids: Record<string, string[]> = {};
  const cursors: Record<string, string> = {};
  let memberIds: string[] = [];
  // The app under fuzz logs its errors here, so a 500 is reported with its cause.
  const errors = new Map<string, string>();
  let app: ReturnType<typeof createApp>;
  const memberships = new Map<string, string>();
  const grant = (token: string, workspaceId: string, memberId: string) =>
    memberships.set(`${token}@${workspaceId}`, memberId);

  beforeAll(async () => {
    if (target.skip) return;
    h = await openHarness(target);
    const seeded = await h.service.seedDemo({
      workspaceId: WS,
      seed: 3,
      now: timestamp("2026-11-02T12:00:00.000Z"),
      opportunities: 20,
    });
    if (!seeded.ok) throw new Error(seeded.error.message);
    doc = (await (await h.app.request("/openapi.json")).json()) as OpenApiDocument;
    ops = operationsOf(doc);
    for (const op of ops) {
      if (!op.collection || op.method !== "GET" || op.path.includes("{id}") || ids[op.collection]) continue;
      const page = await h.service.queries.list(op.collection as ListName, WS, { limit: 200 } as never);
      if (!page.ok) throw new Error(page.error.message);
      ids[op.collection] = (page.value.items as unknown as { id: string }[]).map((i) => i.id);
      const first = await h.service.queries.list(op.collection as ListName, WS, { limit: 1 } as never);
      if (first.ok && first.value.nextCursor) cursors[op.collection] = first.value.nextCursor;
    }
    memberIds = ids.members ?? [];
    const members = await h.service.queries.list("members", WS, { limit: 200 } as never);
    const byRole = new Map<string, string>();
    for (const m of (members.ok ? members.value.items : []) as unknown as { id: string; role: string }[])
      if (!byRole.has(m.role)) byRole.set(m.role, m.id);
    grant("admin", WS, seeded.value.login.memberId);
    grant("ae", WS, byRole.get("account_executive")!);
    grant("viewer", WS, byRole.get("viewer")!);
    grant("stranger", "elsewhere", "m-nobody");
    // The harness' token table, with a logger that keeps each error by request id.
    const auth: AuthPort = {
      routes: new OpenAPIHono<ApiEnv>(),
      async authenticate(request) {
        const token = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
        return ["admin", "ae", "viewer", "stranger"].includes(token)
          ? { userId: token, email: `${token}@test`, name: token, via: "token" }
          : null;
      },
      async memberIn(userId, workspaceId) {
        return memberships.get(`${userId}@${workspaceId}`) ?? null;
      },
    };
    const sink = new Writable({
      write(chunk, _e, cb) {
        const line = JSON.parse(String(chunk)) as {
          requestId?: string;
          err?: { message?: string; stack?: string };
        };
        if (line.requestId && line.err)
          errors.set(
            line.requestId,
            `${line.err.message} ${line.err.stack?.split("\n").slice(1, 4).join(" ")}`,
          );
        cb();
      },
    });
    app = createApp({ service: h.service, db: h.handle.db, auth, logger: pino({ level: "error" }, sink) });
  });
  afterAll(async () => h?.close());

  /** Every request kind for one operation, as a fast-check arbitrary. */
  function requestsFor(op: Operation): fc.Arbitrary<FuzzRequest> {
    const known = op.collection ? (ids[op.collection] ?? []) : [];
    const idField = fc.constantFrom(...(memberIds.length ? memberIds : ["x"]));
    // Ids in bodies point at records that exist more often than not, so commands get past the lookups.
    const arbs = new SchemaArbitraries(doc, {
      accountId: fc.oneof(
        fc.constantFrom(...(ids.accounts ?? ["a"])),
        fc.string({ minLength: 1, maxLength: 8 }),
      ),
      ownerId: idField,
      assigneeId: idField,
      memberId: fc.oneof(idField, fc.uuid()),
      contactId: fc.constantFrom(...(ids.contacts ?? ["c"])),
      contractId: fc.constantFrom(...(ids.contracts ?? ["c"])),
    });
    const idArb = fc.oneof(
      { weight: 6, arbitrary: known.length ? fc.constantFrom(...known) : fc.constant("none") },
      { weight: 2, arbitrary: fc.uuid() },
      { weight: 2, arbitrary: pathSegment.map((s) => decodeURIComponentSafe(s)) },
    );
    const workspaceArb = fc.oneof(
      { weight: 18, arbitrary: fc.constant(WS) },
      { weight: 1, arbitrary: fc.constantFrom("elsewhere", "DEMO", "demo ", "x".repeat(129)) },
      { weight: 1, arbitrary: oddStrings.map((s) => wellFormed(s).slice(0, 300)) },
    );
    const pathArb = fc.record({ workspaceId: workspaceArb, id: idArb }).map((v) => fillPath(op.path, v));
    const rawPathArb = fc
      .tuple(pathSegment, pathSegment)
      .map(([w, i]) => op.path.replace("{workspaceId}", w).replace("{id}", i));

    const validQuery = fc.record(Object.fromEntries(op.query.map((p) => [p.name, arbs.valid(p.schema)])), {
      requiredKeys: op.query.filter((p) => p.required).map((p) => p.name),
    });
    const badQuery = fc.oneof(
      fc.record({ limit: fc.constantFrom("abc", "-1", "0", "1e9", "9999999999999", "", "1.5", " 5") }),
      fc.record({
        sort: fc.constantFrom("nope", "closeDate;drop", "", "id"),
        order: fc.constantFrom("up", ""),
      }),
      fc.record({
        cursor: fc.oneof(
          fc.constantFrom("", "x", "eyJ9", "e30", "bnVsbA", "W10", "%%%", "eyJzIjoiY2xvc2VEYXRlIn0"),
          fc.base64String({ maxLength: 80 }),
          op.collection && cursors[op.collection]
            ? fc.integer({ min: 0, max: 40 }).map((n) => `${cursors[op.collection!]!.slice(0, n)}A`)
            : fc.constant("AAAA"),
          oddStrings.map((s) => s.slice(0, 2500)),
        ),
      }),
      fc.dictionary(
        fc.oneof(
          fc.constantFrom(...op.query.map((p) => p.name), "unknown", "__proto__", "constructor"),
          fc.string(),
        ),
        oddStrings.map((s) => s.slice(0, 500)),
        { maxKeys: 4 },
      ),
      fc.record({
        asOf: fc.constantFrom(
          "yesterday",
          "2026-13-45T99:00:00Z",
          "0000-01-01T00:00:00Z",
          "9999-12-31T23:59:59Z",
        ),
      }),
      fc.record({
        closeDateFrom: fc.constantFrom("2026-02-30", "1-1-1", "99999-01-01", "0000-01-01", "0001-01-01"),
        period: fc.constantFrom("2026-Q5", "2026-13", "Q1", "0000-Q1", "9999-12"),
        currency: fc.constantFrom("eur", "XXX", "€", "EURO"),
      }),
    );
    const queryArb = fc
      .tuple(
        fc.oneof({ weight: 3, arbitrary: validQuery }, { weight: 2, arbitrary: badQuery }),
        fc.boolean(),
        fc.constantFrom<string | undefined>(undefined, undefined, "true", "1", "false", "yes", ""),
      )
      .map(([q, repeated, dryRun]) =>
        queryString(
          queryPairs(
            { ...q, ...(op.method === "POST" && dryRun !== undefined ? { dryRun } : {}) },
            repeated,
          ),
        ),
      );

    const validBody = op.body ? arbs.valid(op.body.schema) : fc.constant(undefined);
    const mutatedBody = validBody.chain((b) => {
      const obj = (b && typeof b === "object" && !Array.isArray(b) ? b : {}) as Record<string, unknown>;
      const keys = Object.keys(obj);
      return fc.oneof(
        // a field missing
        keys.length
          ? fc.constantFrom(...keys).map((k) => {
              const { [k]: _, ...rest } = obj;
              return rest;
            })
          : fc.constant({}),
        // a field of the wrong type or an odd value
        keys.length
          ? fc.tuple(fc.constantFrom(...keys), oddValues).map(([k, v]) => ({ ...obj, [k]: v }))
          : fc.constant({ x: 1 }),
        // extra fields, including prototype keys
        fc
          .dictionary(
            fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "type", "workspaceId")),
            oddValues,
            {
              minKeys: 1,
              maxKeys: 3,
            },
          )
          .map((extra) => ({ ...obj, ...extra })),
        // the wrong top-level shape
        oddValues,
        // nested odd strings
        keys.length
          ? fc.tuple(fc.constantFrom(...keys), oddStrings).map(([k, v]) => ({ ...obj, [k]: v }))
          : fc.constant({ name: "\u0000" }),
      );
    });
    const ifMatch = fc.oneof(
      { weight: 4, arbitrary: fc.constant<string | undefined>(undefined) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 40 }).map((n) => `"${n}"`) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          "*",
          "yesterday",
          '"-1"',
          'W/"3"',
          '"99999999999999999999"',
          '"1", "2"',
          "",
          " ",
          '"abc"',
          '"3',
        ),
      },
      { weight: 1, arbitrary: oddStrings.map((s) => headerSafe(s).slice(0, 400)) },
    );
    const idempotencyKey = fc.oneof(
      { weight: 6, arbitrary: fc.constant<string | undefined>(undefined) },
      { weight: 2, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.constantFrom("", "k", "fixed-key", "x".repeat(256), "x".repeat(255)) },
      { weight: 1, arbitrary: oddStrings.map((s) => headerSafe(s).slice(0, 300)) },
    );
    const token = fc.oneof(
      { weight: 12, arbitrary: fc.constant<string | null>("admin") },
      { weight: 3, arbitrary: fc.constantFrom<string | null>("ae", "viewer") },
      { weight: 1, arbitrary: fc.constantFrom<string | null>(null, "stranger", "no-such-token") },
    );

    const json = (kind: string, body: fc.Arbitrary<unknown>) =>
      fc.record({ token, path: pathArb, query: queryArb, body, ifMatch, key: idempotencyKey }).map(
        ({ token, path, query, body, ifMatch, key }): FuzzRequest => ({
          kind,
          token,
          method: op.method,
          url: path + query,
          headers: {
            ...(body === undefined ? {} : { "Content-Type": "application/json" }),
            ...(ifMatch === undefined ? {} : { "If-Match": ifMatch }),
            ...(key === undefined ? {} : { "Idempotency-Key": key }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      );
    const raw = (
      kind: string,
      bodies: fc.Arbitrary<{ type?: string | undefined; body?: string | undefined }>,
    ) =>
      fc.record({ token, path: pathArb, query: queryArb, b: bodies }).map(
        ({ token, path, query, b }): FuzzRequest => ({
          kind,
          token,
          method: op.method,
          url: path + query,
          headers: b.type === undefined ? {} : { "Content-Type": b.type },
          ...(b.body === undefined ? {} : { body: b.body }),
        }),
      );

    const variants: { weight: number; arbitrary: fc.Arbitrary<FuzzRequest> }[] = [
      { weight: 5, arbitrary: json("valid", validBody) },
      {
        weight: 1,
        arbitrary: fc.record({ token, raw: rawPathArb, query: queryArb }).map(
          ({ token, raw, query }): FuzzRequest => ({
            kind: "raw path",
            token,
            method: op.method,
            url: raw + query,
            headers: {},
          }),
        ),
      },
      {
        weight: 1,
        arbitrary: fc
          .record({
            token,
            path: pathArb,
            method: fc.constantFrom(
              "PUT",
              "DELETE",
              "PATCH",
              "HEAD",
              "OPTIONS",
              op.method === "GET" ? "POST" : "GET",
            ),
          })
          .map(
            ({ token, path, method }): FuzzRequest => ({
              kind: "other method",
              token,
              method,
              url: path,
              headers: {},
            }),
          ),
      },
    ];
    if (op.method === "POST")
      variants.push(
        { weight: 5, arbitrary: json("invalid body", mutatedBody) },
        {
          weight: 2,
          arbitrary: raw(
            "malformed body",
            fc.oneof(
              fc.record({
                type: fc.constantFrom(
                  "application/json",
                  "application/json; charset=utf-8",
                  "application/merge-patch+json",
                ),
                body: fc.oneof(
                  fc.constantFrom(
                    "{",
                    '{"a":',
                    "[1,",
                    "nul",
                    "{'a':1}",
                    '{"a":1}}',
                    "\u0000",
                    "\uFEFF{}",
                    '{"a":"\\ud800"}',
                    '{"a":"\\u0000"}',
                  ),
                  fc.string({ unit: "binary", maxLength: 100 }),
                  fc.constant(`{"name":"${"x".repeat(1_100_000)}"}`),
                  fc.constant(`${"[".repeat(5000)}${"]".repeat(5000)}`),
                ),
              }),
              fc.record({
                type: fc.constantFrom(
                  "text/plain",
                  "application/x-www-form-urlencoded",
                  "multipart/form-data; boundary=x",
                  "application/xml",
                  "",
                  "*/*",
                ),
                body: fc.constantFrom("name=x&amount=1", '{"name":"x"}', "<a/>", "--x\r\n\r\n--x--"),
              }),
              fc.record({ type: fc.constant(undefined), body: fc.constantFrom('{"name":"x"}', "") }),
              fc.record({ type: fc.constant("application/json"), body: fc.constant(undefined) }),
            ),
          ),
        },
      );
    return fc.oneof(...variants);
  }

  it.skipIf(target.skip)(
    "answers generated requests to every operation without a 5xx, each 4xx a problem",
    async () => {
      const total = target.name === "PGlite" ? 10_000 : 2_500;
      const perOp = Math.ceil(total / ops.length);
      const requests: FuzzRequest[] = [];
      for (const [i, op] of ops.entries())
        requests.push(...fc.sample(requestsFor(op), { numRuns: perOp, seed: SEED + i }));
      expect(requests.length).toBeGreaterThanOrEqual(total);

      const failures: Failure[] = [];
      const statuses = new Map<number, number>();
      const kinds = new Map<string, number>();
      for (const r of requests) {
        const init: RequestInit = {
          method: r.method,
          headers: { ...(r.token ? { Authorization: `Bearer ${r.token}` } : {}), ...r.headers },
          ...(r.body !== undefined && r.method !== "GET" && r.method !== "HEAD" ? { body: r.body } : {}),
        };
        const res = await app.request(r.url, init);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
        const text = await res.text();
        const fail = (why: string) =>
          failures.push({
            kind: r.kind,
            request: `${r.token ?? "-"} ${r.method} ${r.url.slice(0, 300)} ${JSON.stringify(r.headers)} ${(r.body ?? "").slice(0, 300)}`,
            status: res.status,
            why:
              res.status >= 500
                ? `${why}: ${errors.get(res.headers.get("x-request-id") ?? "")?.slice(0, 600)}`
                : why,
            body: text.slice(0, 300),
          });
        if (res.status >= 500) {
          fail("5xx");
          continue;
        }
        if (res.status < 400) continue;
        if (!res.headers.get("content-type")?.startsWith("application/problem+json")) {
          fail(`content-type ${res.headers.get("content-type")}`);
          continue;
        }
        if (r.method === "HEAD") continue; // a HEAD answer has the headers of the GET, and no body
        let p: Record<string, unknown>;
        try {
          p = JSON.parse(text);
        } catch {
          fail("problem is not JSON");
          continue;
        }
        const shape =
          typeof p.type === "string" &&
          typeof p.title === "string" &&
          p.status === res.status &&
          typeof p.detail === "string" &&
          typeof p.code === "string";
        if (!shape) fail("problem lacks type/title/status/detail/code");
      }
      const summary = [...statuses]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}:${n}`)
        .join(" ");
      console.log(
        `${target.name}: ${requests.length} requests over ${ops.length} operations; statuses ${summary}; kinds ${JSON.stringify(Object.fromEntries(kinds))}`,
      );
      // Some generated commands must get through, or the fuzz only ever exercised validation.
      expect([...statuses].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(
        total / 20,
      );
      // One example of each distinct failure (route, kind of request, status, reason), so a run reads as a list.
      const distinct = new Map<string, Failure & { count: number }>();
      for (const f of failures) {
        const key = `${f.request.split(" ")[1]} ${f.request.split(" ")[2]?.split("?")[0]} ${f.kind} ${f.status} ${f.why}`;
        const seen = distinct.get(key);
        if (seen) seen.count++;
        else distinct.set(key, { ...f, count: 1 });
      }
      expect([...distinct.values()].slice(0, 25)).toEqual([]);
    },
    // 10,000 requests took 159 s on PGlite at load 15 and 225 s at load 20 (2 cores shared by several runs).
    target.name === "PGlite" ? 400_000 : 300_000,
  );
});

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
