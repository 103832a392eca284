// The fuzz, as a engine both the suite (fuzz.test.ts, a few thousand requests) and the script (bench/fuzz.ts,
// 100,000 and more) drive. Requests are generated from the live /openapi.json — every operation, with valid
// bodies from its schemas, values at and past each field's bounds, and hostile ones (wrong types, unknown fields,
// huge and deeply nested values, bad ids, unicode, NUL, dates outside 1900–2999, malformed JSON, wrong content
// types, odd methods, bad If-Match and Idempotency-Key headers) — and sent in-process through the Hono app's
// `app.request` (no network) to the demo workspace, with a token for every role the demo has. Valid commands
// succeed and change the data; between batches the ids of what exists are read again, so later requests act on
// records earlier ones made. Everything comes from one seed: the same seed sends the same requests.
//
// What must hold, checked on every answer: no 5xx; every 4xx is application/problem+json with a readable title
// and detail; a body with a field the operation does not take is refused, and when refused for its body the
// problem names that field.
import { Writable } from "node:stream";
import { ROLES, timestamp } from "@accountable/domain";
import type { ListName } from "@accountable/service";
import { OpenAPIHono } from "@hono/zod-openapi";
import fc from "fast-check";
import pino from "pino";
import { createApp } from "../src/app.ts";
import type { AuthPort } from "../src/auth/port.ts";
import type { ApiEnv } from "../src/env.ts";
import type { TestTarget } from "./databases.ts";
import { type Harness, openHarness } from "./harness.ts";
import {
  boundaryValues,
  fillPath,
  type JsonSchema,
  type OpenApiDocument,
  type Operation,
  oddStrings,
  oddValues,
  operationsOf,
  SchemaArbitraries,
} from "./openapi-kit.ts";

export const FUZZ_WORKSPACE = "demo";

export interface FuzzRequest {
  readonly kind: string;
  readonly operationId: string;
  readonly token: string | null;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Top-level body fields the operation does not take: the answer must refuse them, naming each. */
  readonly unknownFields?: readonly string[];
}

export interface FuzzFailure {
  readonly kind: string;
  readonly operationId: string;
  readonly request: string;
  readonly status: number;
  readonly why: string;
  readonly body: string;
}

export interface FuzzReport {
  readonly seed: number;
  readonly requests: number;
  readonly durationMs: number;
  readonly operations: number;
  readonly statuses: ReadonlyMap<number, number>;
  readonly kinds: ReadonlyMap<string, number>;
  /** 4xx answers, and how many of them were well-formed problems. */
  readonly clientErrors: number;
  readonly problems: number;
  /** Requests with unknown body fields, how many were refused, and how many problems named every such field. */
  readonly unknownFieldRequests: number;
  readonly unknownFieldsRefused: number;
  readonly unknownFieldsNamed: number;
  /** Operations that answered 2xx at least once (commands that went through, reads that answered). */
  readonly operationsSucceeded: number;
  readonly failures: readonly FuzzFailure[];
  /** Milliseconds spent per operation and kind of request, to see where a run's time goes. */
  readonly time: ReadonlyMap<string, { ms: number; n: number }>;
  /** Milliseconds spent reading ids and generating requests (the rest went to answering them). */
  readonly generatingMs: number;
}

export interface FuzzRun {
  /** Requests to send (at least). */
  readonly count: number;
  readonly seed: number;
  /** Requests generated per batch; the ids of existing records are read again between batches. */
  readonly batch?: number;
  /** Called with each failure as it happens (a long run need not end to show one). */
  readonly onFailure?: (failure: FuzzFailure) => void;
  /** Called after each batch with the requests sent so far. */
  readonly progress?: (sent: number, report: () => FuzzReport) => void;
}

export interface FuzzSession {
  readonly doc: OpenApiDocument;
  readonly operations: readonly Operation[];
  readonly tokens: readonly string[];
  run(options: FuzzRun): Promise<FuzzReport>;
  close(): Promise<void>;
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

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

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

/** Field names a client might send by mistake or on purpose: none is a field of any command. */
const UNKNOWN_FIELDS = [
  "customFields",
  "createdAt",
  "version",
  "ownerID",
  "amount_minor",
  "isAdmin",
  "role ",
  "__proto__",
  "constructor",
  "prototype",
  "$where",
  "x",
  "ÿ",
  "🦄",
  "a\u0000b",
  "",
] as const;

/** Deeply nested and very large values, for a field's place. */
const hostileValues: fc.Arbitrary<unknown> = fc.constantFrom(
  (() => {
    let v: unknown = "bottom";
    for (let i = 0; i < 1000; i++) v = { a: v };
    return v;
  })(),
  (() => {
    let v: unknown = [];
    for (let i = 0; i < 1000; i++) v = [v];
    return v;
  })(),
  Array.from({ length: 20_000 }, (_, i) => i),
  Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`k${i}`, i])),
  "x".repeat(200_000),
  -0,
  1e-320,
  Number.MAX_SAFE_INTEGER + 2,
);

/** The schema's top-level properties, when it is an object (the first object of a union otherwise). */
function topProperties(arbs: SchemaArbitraries, schema: JsonSchema): Readonly<Record<string, JsonSchema>> {
  const s = arbs.resolve(schema);
  if (s.properties) return s.properties;
  const union = s.anyOf ?? s.oneOf ?? s.allOf;
  if (union) {
    const all: Record<string, JsonSchema> = {};
    for (const u of union) Object.assign(all, topProperties(arbs, u));
    return all;
  }
  return {};
}

interface Pools {
  readonly ids: Readonly<Record<string, readonly string[]>>;
  readonly cursors: Readonly<Record<string, string>>;
  readonly memberIds: readonly string[];
}

/** Every request kind for one operation, as a fast-check arbitrary. */
function requestsFor(
  doc: OpenApiDocument,
  op: Operation,
  pools: Pools,
  tokens: readonly string[],
): fc.Arbitrary<FuzzRequest> {
  const { ids, cursors, memberIds } = pools;
  const known = op.collection ? (ids[op.collection] ?? []) : [];
  const idField = fc.constantFrom(...(memberIds.length ? memberIds : ["x"]));
  const existing = (name: string) => fc.constantFrom(...(ids[name]?.length ? ids[name] : ["none"]));
  // Ids in bodies point at records that exist more often than not, so commands get past the lookups.
  const arbs = new SchemaArbitraries(doc, {
    accountId: fc.oneof(
      { weight: 4, arbitrary: existing("accounts") },
      { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) },
    ),
    ownerId: idField,
    assigneeId: idField,
    memberId: fc.oneof(idField, fc.uuid()),
    contactId: existing("contacts"),
    contractId: existing("contracts"),
    opportunityId: fc.oneof(
      { weight: 3, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: existing("opportunities") },
    ),
  });
  const idArb = fc.oneof(
    { weight: 6, arbitrary: known.length ? fc.constantFrom(...known) : fc.constant("none") },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: pathSegment.map((s) => decodeURIComponentSafe(s)) },
  );
  const workspaceArb = fc.oneof(
    { weight: 18, arbitrary: fc.constant(FUZZ_WORKSPACE) },
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
  const boundaryQuery = op.query.length
    ? fc
        .constantFrom(...op.query)
        .chain((p) =>
          fc
            .tuple(validQuery, fc.constantFrom(...boundaryValues(arbs.resolve(p.schema))))
            .map(([q, v]) => ({ ...q, [p.name]: v })),
        )
    : validQuery;
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
        "+275760-09-13T00:00:00.000Z",
        "1899-12-31T23:59:59Z",
      ),
    }),
    fc.record({
      closeDateFrom: fc.constantFrom("2026-02-30", "1-1-1", "99999-01-01", "0000-01-01", "0001-01-01"),
      period: fc.constantFrom("2026-Q5", "2026-13", "Q1", "0000-Q1", "9999-12", "9999-Q4", "1899-Q4"),
      currency: fc.constantFrom("eur", "XXX", "€", "EURO"),
    }),
  );
  const queryArb = fc
    .tuple(
      fc.oneof(
        { weight: 4, arbitrary: validQuery },
        { weight: 1, arbitrary: boundaryQuery },
        { weight: 2, arbitrary: badQuery },
      ),
      fc.boolean(),
      fc.constantFrom<string | undefined>(undefined, undefined, undefined, "true", "1", "false", "yes", ""),
    )
    .map(([q, repeated, dryRun]) =>
      queryString(
        queryPairs({ ...q, ...(op.method === "POST" && dryRun !== undefined ? { dryRun } : {}) }, repeated),
      ),
    );

  const properties = op.body ? topProperties(arbs, op.body.schema) : {};
  const fieldNames = Object.keys(properties);
  const validBody = op.body ? arbs.valid(op.body.schema) : fc.constant(undefined);
  const asObject = (b: unknown) =>
    (b && typeof b === "object" && !Array.isArray(b) ? b : {}) as Record<string, unknown>;
  const mutatedBody = validBody.chain((b) => {
    const obj = asObject(b);
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
      // a field deeply nested or very large
      fc
        .tuple(fc.constantFrom(...(keys.length ? keys : ["name"])), hostileValues)
        .map(([k, v]) => ({ ...obj, [k]: v })),
      // the wrong top-level shape
      oddValues,
      // nested odd strings
      keys.length
        ? fc.tuple(fc.constantFrom(...keys), oddStrings).map(([k, v]) => ({ ...obj, [k]: v }))
        : fc.constant({ name: "\u0000" }),
    );
  });
  // One field at or just past its bounds: the longest string, one more, the lowest and highest number and one
  // beyond, dates at the ends of the years 1900–2999 and outside them, arrays one item too long.
  const boundaryBody = fieldNames.length
    ? fc
        .tuple(validBody, fc.constantFrom(...fieldNames))
        .chain(([b, k]) =>
          fc
            .constantFrom(...boundaryValues(arbs.resolve(properties[k]!)))
            .map((v) => ({ ...asObject(b), [k]: v })),
        )
    : validBody;
  // A body that would be valid but for fields the operation does not take.
  const unknownBody = validBody.chain((b) =>
    fc
      .uniqueArray(
        fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...UNKNOWN_FIELDS) },
          { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
        ),
        { minLength: 1, maxLength: 3 },
      )
      .map((extra) => extra.filter((k) => !(k in properties) && k !== "type"))
      .filter((extra) => extra.length > 0)
      .chain((extra) =>
        fc.tuple(...extra.map(() => oddValues)).map((values) => {
          const body: Record<string, unknown> = { ...asObject(b) };
          // defineProperty: "__proto__" as an own field, as JSON.parse on the server makes it.
          for (const [i, k] of extra.entries())
            Object.defineProperty(body, k, {
              value: values[i],
              enumerable: true,
              writable: true,
              configurable: true,
            });
          return { body, extra };
        }),
      ),
  );
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
  const [first, ...others] = tokens;
  const token = fc.oneof(
    { weight: 10, arbitrary: fc.constant<string | null>(first!) },
    { weight: 6, arbitrary: fc.constantFrom<string | null>(...others) },
    { weight: 1, arbitrary: fc.constantFrom<string | null>(null, "stranger", "no-such-token", "") },
  );

  const json = (
    kind: string,
    body: fc.Arbitrary<unknown>,
    unknownFields?: (b: unknown) => readonly string[],
  ) =>
    fc.record({ token, path: pathArb, query: queryArb, body, ifMatch, key: idempotencyKey }).map(
      ({ token, path, query, body, ifMatch, key }): FuzzRequest => ({
        kind,
        operationId: op.operationId,
        token,
        method: op.method,
        url: path + query,
        headers: {
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          ...(ifMatch === undefined ? {} : { "If-Match": ifMatch }),
          ...(key === undefined ? {} : { "Idempotency-Key": key }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(unknownFields ? { unknownFields: unknownFields(body) } : {}),
      }),
    );
  const raw = (
    kind: string,
    bodies: fc.Arbitrary<{ type?: string | undefined; body?: string | undefined }>,
  ) =>
    fc.record({ token, path: pathArb, query: queryArb, b: bodies }).map(
      ({ token, path, query, b }): FuzzRequest => ({
        kind,
        operationId: op.operationId,
        token,
        method: op.method,
        url: path + query,
        headers: b.type === undefined ? {} : { "Content-Type": b.type },
        ...(b.body === undefined ? {} : { body: b.body }),
      }),
    );

  // A valid request as a well-behaved client sends it (a member's token, a record that exists, a valid query, no
  // odd headers): the writes that go through and change what later requests find.
  const clean = fc
    .record({
      body: validBody,
      token: fc.oneof(
        { weight: 3, arbitrary: fc.constant(first!) },
        { weight: 2, arbitrary: fc.constantFrom(...tokens) },
      ),
      id: known.length ? fc.constantFrom(...known) : fc.uuid(),
      query: validQuery,
    })
    .map(
      ({ body, token, id, query }): FuzzRequest => ({
        kind: "clean",
        operationId: op.operationId,
        token,
        method: op.method,
        url: fillPath(op.path, { workspaceId: FUZZ_WORKSPACE, id }) + queryString(queryPairs(query, false)),
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  const variants: { weight: number; arbitrary: fc.Arbitrary<FuzzRequest> }[] = [
    { weight: 5, arbitrary: clean },
    { weight: 4, arbitrary: json("valid", validBody) },
    {
      weight: 1,
      arbitrary: fc.record({ token, raw: rawPathArb, query: queryArb }).map(
        ({ token, raw, query }): FuzzRequest => ({
          kind: "raw path",
          operationId: op.operationId,
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
            operationId: op.operationId,
            token,
            method,
            url: path,
            headers: {},
          }),
        ),
    },
  ];
  if (op.method === "POST" && op.body)
    variants.push(
      { weight: 4, arbitrary: json("invalid body", mutatedBody) },
      { weight: 2, arbitrary: json("boundary body", boundaryBody) },
      {
        // Path, query and headers as a client would send them, so it is the body the answer is about.
        weight: 2,
        arbitrary: fc
          .record({
            u: unknownBody,
            token: fc.constantFrom(...tokens),
            id: known.length ? fc.constantFrom(...known) : fc.uuid(),
            query: validQuery,
          })
          .map(
            ({ u, token, id, query }): FuzzRequest => ({
              kind: "unknown fields",
              operationId: op.operationId,
              token,
              method: op.method,
              url:
                fillPath(op.path, { workspaceId: FUZZ_WORKSPACE, id }) +
                queryString(queryPairs(query, false)),
              headers: { "Content-Type": "application/json" },
              body: JSON.stringify(u.body),
              unknownFields: u.extra,
            }),
          ),
      },
    );
  if (op.method === "POST")
    variants.push({
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
                '{"__proto__":{"isAdmin":true}}',
                '{"a":1e999999}',
              ),
              fc.string({ unit: "binary", maxLength: 100 }),
              fc.constant(`{"name":"${"x".repeat(1_100_000)}"}`),
              fc.constant(`${"[".repeat(5000)}${"]".repeat(5000)}`),
              fc.constant(`${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`),
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
    });
  return fc.oneof(...variants);
}

/** Opens a fresh database on the target, seeds the demo workspace and builds the app under fuzz. */
export async function openFuzz(target: TestTarget): Promise<FuzzSession> {
  const h: Harness = await openHarness(target);
  try {
    return await session(h);
  } catch (e) {
    await h.close();
    throw e;
  }
}

async function session(h: Harness): Promise<FuzzSession> {
  const seeded = await h.service.seedDemo({
    workspaceId: FUZZ_WORKSPACE,
    seed: 3,
    now: timestamp("2026-11-02T12:00:00.000Z"),
    opportunities: 20,
  });
  if (!seeded.ok) throw new Error(seeded.error.message);
  const doc = (await (await h.app.request("/openapi.json")).json()) as OpenApiDocument;
  const operations = operationsOf(doc);
  const collections = [
    ...new Set(
      operations
        .filter((o) => o.collection && o.method === "GET" && !o.path.includes("{id}"))
        .map((o) => o.collection!),
    ),
  ];

  // A token per role the demo has (the admin's first), and one of a user of another workspace.
  const memberships = new Map<string, string>();
  const members = await h.service.queries.list("members", FUZZ_WORKSPACE, { limit: 200 } as never);
  if (!members.ok) throw new Error(members.error.message);
  const byRole = new Map<string, string>([["admin", seeded.value.login.memberId]]);
  for (const m of members.value.items as unknown as { id: string; role: string; active?: boolean }[])
    if (!byRole.has(m.role)) byRole.set(m.role, m.id);
  const tokens = ROLES.filter((r) => byRole.has(r));
  for (const r of tokens) memberships.set(`${r}@${FUZZ_WORKSPACE}`, byRole.get(r)!);
  // The stranger is the admin of another workspace: what they may do there must not reach this one.
  const elsewhere = await h.service.seedDemo({
    workspaceId: "elsewhere",
    seed: 4,
    now: timestamp("2026-11-02T12:00:00.000Z"),
    opportunities: 7,
  });
  if (!elsewhere.ok) throw new Error(elsewhere.error.message);
  memberships.set("stranger@elsewhere", elsewhere.value.login.memberId);
  const auth: AuthPort = {
    routes: new OpenAPIHono<ApiEnv>(),
    async authenticate(request) {
      const token = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
      return token === "stranger" || byRole.has(token)
        ? { userId: token, email: `${token}@test`, name: token, via: "token" }
        : null;
    },
    async memberIn(userId, workspaceId) {
      return memberships.get(`${userId}@${workspaceId}`) ?? null;
    },
  };
  // The app under fuzz logs its errors here, so a 5xx is reported with its cause.
  const errors = new Map<string, string>();
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
  const app = createApp({
    service: h.service,
    db: h.handle.db,
    auth,
    logger: pino({ level: "error" }, sink),
  });

  async function pools(): Promise<Pools> {
    const ids: Record<string, string[]> = {};
    const cursors: Record<string, string> = {};
    for (const c of collections) {
      const page = await h.service.queries.list(c as ListName, FUZZ_WORKSPACE, { limit: 200 } as never);
      if (!page.ok) continue;
      ids[c] = (page.value.items as unknown as { id: string }[]).map((i) => i.id);
      if (page.value.nextCursor) cursors[c] = page.value.nextCursor;
    }
    return { ids, cursors, memberIds: ids.members ?? [] };
  }

  async function run(options: FuzzRun): Promise<FuzzReport> {
    const batch = options.batch ?? 2_000;
    const statuses = new Map<number, number>();
    const kinds = new Map<string, number>();
    const succeeded = new Set<string>();
    const failures: FuzzFailure[] = [];
    const time = new Map<string, { ms: number; n: number }>();
    let sent = 0;
    let generating = 0;
    let clientErrors = 0;
    let problems = 0;
    let unknownFieldRequests = 0;
    let unknownFieldsRefused = 0;
    let unknownFieldsNamed = 0;
    const started = performance.now();
    const report = (): FuzzReport => ({
      seed: options.seed,
      requests: sent,
      durationMs: performance.now() - started,
      operations: operations.length,
      statuses,
      kinds,
      clientErrors,
      problems,
      unknownFieldRequests,
      unknownFieldsRefused,
      unknownFieldsNamed,
      operationsSucceeded: succeeded.size,
      failures,
      time,
      generatingMs: generating,
    });

    for (let b = 0; sent < options.count; b++) {
      const g0 = performance.now();
      const p = await pools();
      const size = Math.min(batch, options.count - sent);
      const perOp = Math.ceil(size / operations.length);
      const requests: FuzzRequest[] = [];
      for (const [i, op] of operations.entries())
        requests.push(
          ...fc.sample(requestsFor(doc, op, p, tokens), {
            numRuns: perOp,
            seed: options.seed + b * 10_007 + i,
          }),
        );
      // Interleaved, so one operation's writes land between others' reads.
      const [order] = fc.sample(fc.shuffledSubarray(requests, { minLength: requests.length }), {
        numRuns: 1,
        seed: options.seed + b,
      });
      generating += performance.now() - g0;
      for (const r of order!) {
        await send(r);
        sent++;
      }
      options.progress?.(sent, report);
    }
    return report();

    async function send(r: FuzzRequest): Promise<void> {
      const init: RequestInit = {
        method: r.method,
        headers: { ...(r.token !== null ? { Authorization: `Bearer ${r.token}` } : {}), ...r.headers },
        ...(r.body !== undefined && r.method !== "GET" && r.method !== "HEAD" ? { body: r.body } : {}),
      };
      const t0 = performance.now();
      const res = await app.request(r.url, init);
      const text = await res.text();
      const spent = time.get(`${r.operationId} ${r.kind}`) ?? { ms: 0, n: 0 };
      spent.ms += performance.now() - t0;
      spent.n++;
      time.set(`${r.operationId} ${r.kind}`, spent);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
      const fail = (why: string) => {
        const failure: FuzzFailure = {
          kind: r.kind,
          operationId: r.operationId,
          request: `${r.token ?? "-"} ${r.method} ${r.url.slice(0, 300)} ${JSON.stringify(r.headers).slice(0, 300)} ${(r.body ?? "").slice(0, 300)}`,
          status: res.status,
          why:
            res.status >= 500
              ? `${why}: ${errors.get(res.headers.get("x-request-id") ?? "")?.slice(0, 600)}`
              : why,
          body: text.slice(0, 400),
        };
        failures.push(failure);
        options.onFailure?.(failure);
      };
      if (r.unknownFields) unknownFieldRequests++;
      if (res.status >= 500) return void fail("5xx");
      if (res.status < 400) {
        if (res.status < 300) succeeded.add(r.operationId);
        if (r.unknownFields) fail(`unknown fields ${JSON.stringify(r.unknownFields)} accepted`);
        return;
      }
      clientErrors++;
      if (r.unknownFields) unknownFieldsRefused++;
      if (!res.headers.get("content-type")?.startsWith("application/problem+json"))
        return void fail(`content-type ${res.headers.get("content-type")}`);
      if (r.method === "HEAD") {
        problems++;
        return; // a HEAD answer has the headers of the GET, and no body
      }
      let p: Record<string, unknown>;
      try {
        p = JSON.parse(text);
      } catch {
        return void fail("problem is not JSON");
      }
      const readable = (s: unknown) =>
        typeof s === "string" &&
        s.trim().length > 2 &&
        !/\[object Object\]|\bundefined\b|^\s*at |\n\s+at /.test(s);
      if (
        !(
          typeof p.type === "string" &&
          readable(p.title) &&
          p.status === res.status &&
          readable(p.detail) &&
          typeof p.code === "string"
        )
      )
        return void fail("problem lacks a readable type/title/status/detail/code");
      problems++;
      if (r.unknownFields && (p.code === "InvalidCommand" || p.code === "InvalidInput")) {
        // Each unknown field named, in the sentence or in the problem's list of fields at fault.
        const named = r.unknownFields.every((k) => text.includes(JSON.stringify(k).slice(1, -1)));
        if (named) unknownFieldsNamed++;
        else fail(`unknown fields ${JSON.stringify(r.unknownFields)} refused without naming each`);
      }
    }
  }

  return { doc, operations, tokens, run, close: () => h.close() };
}

/** The lines a run prints: what was sent, how it was answered, and one example of each distinct failure. */
export function describeReport(target: string, r: FuzzReport): string {
  const histogram = [...r.statuses]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}:${n}`)
    .join(" ");
  const fivexx = [...r.statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
  const seconds = r.durationMs / 1000;
  return [
    `${target}: ${r.requests} requests over ${r.operations} operations in ${seconds.toFixed(1)} s (${(r.requests / seconds).toFixed(0)} req/s), seed ${r.seed}`,
    `  statuses ${histogram}`,
    `  5xx ${fivexx}; 4xx ${r.clientErrors}, of which problem+json with a readable title and detail ${r.problems}`,
    `  unknown body fields: ${r.unknownFieldRequests} requests, ${r.unknownFieldsRefused} refused, ${r.unknownFieldsNamed} refused for the body naming every such field`,
    `  operations answered 2xx at least once: ${r.operationsSucceeded}/${r.operations}`,
    `  kinds ${JSON.stringify(Object.fromEntries(r.kinds))}`,
    `  failures ${r.failures.length}`,
    `  generating requests took ${(r.generatingMs / 1000).toFixed(1)} s; slowest: ${[...r.time]
      .sort(([, a], [, b]) => b.ms - a.ms)
      .slice(0, 12)
      .map(([k, t]) => `${k} ${(t.ms / 1000).toFixed(1)} s/${t.n}`)
      .join("; ")}`,
  ].join("\n");
}

/** One example of each distinct failure (operation, kind of request, status, reason), with how often it came. */
export function distinctFailures(failures: readonly FuzzFailure[]): (FuzzFailure & { count: number })[] {
  const distinct = new Map<string, FuzzFailure & { count: number }>();
  for (const f of failures) {
    const key = `${f.operationId} ${f.kind} ${f.status} ${f.why.slice(0, 120)}`;
    const seen = distinct.get(key);
    if (seen) seen.count++;
    else distinct.set(key, { ...f, count: 1 });
  }
  return [...distinct.values()];
}
