// Who sees money, generated from the permission matrix and the OpenAPI document: on the demo workspace, a member
// of every role of PERMISSION_MATRIX reads every GET route the app documents (path ids are the demo's records,
// query values valid ones, and `asOf` once more for a past moment), and each JSON answer is walked for money
// (an object shaped like the domain's Money) and for the guarded figures (margins, attainment, value win rate):
//
// - a role whose rule is `always` sees exactly the money an admin sees, none masked;
// - a role whose rule is `never` sees no money but a brief's budgets (the client's figures, read with the brief),
//   and those as an admin does if its role works on briefs (the planner: `maySeeClientFigures`), masked if not
//   (the viewer, who sees no money at all);
// - a role whose rule reaches some records (`own`, `team`) sees a deal's, contract's, invoice's, cost's or
//   quota's money exactly when the domain's `can()` lets it on that record — then as an admin does — and a
//   record's history by the record's rule; totals over many records are counted (they are computed over what
//   the member may see: the service's reader test holds them).
//
// Routes come from /openapi.json, so a route added tomorrow is read by every role the day it is added.
import {
  type Account,
  type Actor,
  BriefSchema,
  ContractSchema,
  CostEntrySchema,
  can,
  GUARDED_FIGURES,
  InvoiceSchema,
  isMasked,
  type MemberId,
  type MoneyGuard,
  MoneySchema,
  maySeeClientFigures,
  OpportunitySchema,
  PERMISSION_MATRIX,
  type PermissionResource,
  QuotaSchema,
  ROLES,
  type Role,
  redactedSchema,
  reportsOf,
  resourceUnder,
  timestamp,
} from "@accountable/domain";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGETS } from "./databases.ts";
import { type Harness, openDemoHarness } from "./harness.ts";
import { fillPath, type OpenApiDocument, operationsOf, SchemaArbitraries } from "./openapi-kit.ts";

const WS = "money";
const NOW = timestamp("2026-11-20T10:00:00.000Z");
/** A past moment for `asOf`: the demo's history runs a year back from NOW. */
const PAST = "2026-08-01T00:00:00.000Z";
/** Values for query parameters of these names (sent whether required or not); other required ones are generated. */
const QUERY_VALUES: Readonly<Record<string, string>> = {
  period: "2026-Q4",
  from: "2026-01-01",
  to: "2027-12-31",
  groupBy: "owner",
  q: "an",
  // The forecast's deals (each with its money) come only when asked: ask, so they are walked too.
  lines: "true",
};

type Json = unknown;
const isMoney = (v: Json): boolean =>
  typeof v === "object" &&
  v !== null &&
  !Array.isArray(v) &&
  Object.keys(v).length === 2 &&
  "amount" in v &&
  "currency" in v &&
  MoneySchema.safeParse(v).success;
const isFigure = (key: string, v: Json) => key in GUARDED_FIGURES && typeof v === "number";

/** The record kinds whose money is decided per record, how `can()` is asked about one, and their schema. */
interface RecordKind {
  readonly guard: MoneyGuard;
  readonly schema: { safeParse(v: unknown): { success: boolean } };
  resource(record: Record<string, unknown>, accounts: ReadonlyMap<string, AccountFacts>): PermissionResource;
}
type AccountFacts = Pick<Account, "ownerId" | "team">;
const under =
  (kind: "opportunity" | "contract" | "invoice" | "cost", withOwner: boolean): RecordKind["resource"] =>
  (r, accounts) =>
    resourceUnder(
      kind,
      accounts.get(String(r.accountId)) ?? null,
      withOwner ? { ownerId: r.ownerId as MemberId } : {},
    );
const RECORD_KINDS: Readonly<Record<string, RecordKind>> = {
  opportunity: {
    guard: "finance.read",
    schema: redactedSchema(OpportunitySchema),
    resource: under("opportunity", true),
  },
  contract: {
    guard: "finance.read",
    schema: redactedSchema(ContractSchema),
    resource: under("contract", true),
  },
  invoice: {
    guard: "finance.read",
    schema: redactedSchema(InvoiceSchema),
    resource: under("invoice", false),
  },
  cost: { guard: "finance.read", schema: redactedSchema(CostEntrySchema), resource: under("cost", false) },
  quota: {
    guard: "quota.read",
    schema: redactedSchema(QuotaSchema),
    resource: (r) => ({ kind: "quota", ownerId: r.memberId as MemberId }),
  },
};
const BriefView = redactedSchema(BriefSchema);

/** The kind of a record-shaped object (one with an id), or null. */
function kindOf(v: Json): string | null {
  if (
    typeof v !== "object" ||
    v === null ||
    Array.isArray(v) ||
    typeof (v as { id?: unknown }).id !== "string"
  )
    return null;
  // A list's item carries its record's version beside the record's fields: like the id, it is no money.
  const { version: _version, ...record } = v as Record<string, unknown>;
  for (const [kind, k] of Object.entries(RECORD_KINDS)) if (k.schema.safeParse(record).success) return kind;
  if (BriefView.safeParse(record).success) return "brief";
  return null;
}

interface Found {
  readonly path: string;
  readonly value: Json;
  /** The nearest record around it (kind and id), if any. */
  readonly record: {
    readonly kind: string;
    readonly id: string;
    readonly value: Record<string, unknown>;
  } | null;
}

/** Every money value, masked value and guarded figure of a JSON answer, with its path and the record around it. */
/** An amount as the product writes it in a sentence: "125000.00 EUR", "EUR 1,250", "€1,250.00". */
const MONEY_IN_WORDS = /\b\d[\d,]*\.\d{2} [A-Z]{3}\b|\b[A-Z]{3} \d[\d,]*(\.\d+)?\b|[€$£¥]\s?\d[\d,.]*/g;

function walk(
  v: Json,
  path = "$",
  record: Found["record"] = null,
  out = { money: [] as Found[], masked: [] as Found[], figures: [] as Found[] },
) {
  if (isMoney(v)) out.money.push({ path, value: v, record });
  else if (isMasked(v)) out.masked.push({ path, value: v, record });
  else if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(x, `${path}[${i}]`, record, out);
  else if (typeof v === "object" && v !== null) {
    const kind = kindOf(v);
    const here = kind ? { kind, id: (v as { id: string }).id, value: v as Record<string, unknown> } : record;
    for (const [k, x] of Object.entries(v)) {
      if (isFigure(k, x)) out.figures.push({ path: `${path}.${k}`, value: x, record: here });
      else walk(x, `${path}.${k}`, here, out);
    }
  }
  return out;
}

const byPath = (xs: readonly Found[]) => Object.fromEntries(xs.map((f) => [f.path, f.value]));
/** The money of a record, by its path inside the record. */
const moneyOf = (record: Record<string, unknown>) => {
  const w = walk(record);
  return { ...byPath(w.money), ...byPath(w.figures) };
};

interface Request {
  readonly route: string;
  readonly url: string;
  /** The record a route is about ({collection}/{id}…), for a history judged by its record's rule. */
  readonly about: { readonly collection: string; readonly id: string } | null;
}

describe.each(TARGETS)("who sees money, every role × every GET route, on $name", (target) => {
  let h: Harness;
  const members = new Map<Role, MemberId>();
  const requests: Request[] = [];
  const skipped: string[] = [];
  const routes = new Set<string>();
  const accounts = new Map<string, AccountFacts>();
  let everyone: { id: MemberId; reportsTo: MemberId | null }[] = [];
  const admin = new Map<string, { status: number; body: Json; found: ReturnType<typeof walk> }>();

  beforeAll(async () => {
    if (target.skip) return;
    ({ h } = await openDemoHarness(target, {
      workspaceId: WS,
      seed: 11,
      now: NOW,
      opportunities: 80,
    }));
    const get = async (token: string, url: string) => {
      const res = await h.call(token, "GET", url);
      return {
        status: res.status,
        body: res.headers.get("content-type")?.includes("json") ? await res.json() : null,
      };
    };
    const list = async (token: string, collection: string) =>
      ((await get(token, `/api/workspaces/${WS}/${collection}?limit=500`)).body?.items ?? []) as Record<
        string,
        unknown
      >[];

    // One member of each role: of its active members, the one who reads the most accounts (then holds the most
    // deals), so that the partial rules have records of their own to show.
    everyone = (await list("admin", "members")) as never;
    const deals = await list("admin", "opportunities");
    for (const a of await list("admin", "accounts")) accounts.set(String(a.id), a as unknown as AccountFacts);
    for (const role of ROLES) {
      const candidates = (everyone as unknown as { id: MemberId; role: Role; active: boolean }[]).filter(
        (m) => m.role === role && m.active,
      );
      let best: { id: MemberId; score: number } | null = null;
      for (const m of candidates.slice(0, 8)) {
        h.grant(m.id, WS, m.id);
        const reads = (await list(m.id, "accounts")).length;
        const score = reads * 1000 + deals.filter((d) => d.ownerId === m.id).length;
        if (!best || score > best.score) best = { id: m.id, score };
      }
      if (!best) throw new Error(`the demo has no active ${role}`);
      members.set(role, best.id);
    }

    // Ids to fill {id} with, per collection: the first and last of the list, and for each member whose rule
    // reaches some records, one record whose money they see and one whose money is masked to them.
    const doc = (await (await h.app.request("/openapi.json")).json()) as OpenApiDocument;
    const ops = operationsOf(doc).filter((o) => o.method === "GET");
    const collections = new Set(ops.map((o) => o.collection).filter((c): c is string => c !== null));
    const ids = new Map<string, string[]>();
    for (const c of collections) {
      const all = (await list("admin", c)).map((r) => String(r.id));
      const chosen = new Set(all.length ? [all[0]!, all.at(-1)!] : []);
      for (const role of ROLES.filter((r) =>
        ["own", "team"].includes(PERMISSION_MATRIX[r]["finance.read"]),
      )) {
        const theirs = await list(members.get(role)!, c);
        const shown = theirs.find((r) => walk(r).money.length > 0);
        const hidden = theirs.find((r) => walk(r).masked.length > 0);
        for (const r of [shown, hidden]) if (r) chosen.add(String(r.id));
      }
      ids.set(c, [...chosen]);
    }

    const arbs = new SchemaArbitraries(doc);
    for (const op of ops) {
      const json = (
        doc.paths[op.path]!.get as unknown as { responses?: Record<string, { content?: object }> }
      ).responses?.["200"]?.content;
      if (!json || !("application/json" in json)) {
        skipped.push(`${op.path} (answers ${Object.keys(json ?? {}).join(", ") || "no body"}, not JSON)`);
        continue;
      }
      if (!op.path.startsWith("/api/workspaces/{workspaceId}")) {
        // The caller's own session, tokens and workspaces: nothing of a workspace's records.
        skipped.push(`${op.path} (the caller's own, outside a workspace)`);
        continue;
      }
      routes.add(op.path);
      const needsId = op.pathParams.some((p) => p.name === "id");
      const targets = needsId ? (ids.get(op.collection ?? "") ?? []) : [null];
      // A collection with no record (no webhook in the demo) still has its route asked, with an id that is none.
      const fill = targets.length ? targets : ["none"];
      // The values named in QUERY_VALUES (and the largest page), then, if an admin is not answered 200 with
      // them, the required parameters alone (generated from their schemas when QUERY_VALUES has none).
      const required: Record<string, string> = {};
      const fuller: Record<string, string> = {};
      for (const p of op.query) {
        const value =
          QUERY_VALUES[p.name] ??
          (p.name === "limit"
            ? String(arbs.resolve(p.schema).maximum ?? 100)
            : p.required
              ? String(fc.sample(arbs.valid(p.schema), { numRuns: 1, seed: 7 })[0])
              : undefined);
        if (value === undefined) continue;
        fuller[p.name] = value;
        if (p.required) required[p.name] = value;
      }
      const urlOf = (path: string, query: Record<string, string>) => {
        const qs = new URLSearchParams(query).toString();
        return qs ? `${path}?${qs}` : path;
      };
      /** Asks as an admin with each query in turn; keeps the first answered 200 (or the last, when `keep`). */
      const ask = async (
        route: string,
        path: string,
        queries: Record<string, string>[],
        about: Request["about"],
        keep: boolean,
      ) => {
        for (const q of queries) {
          const url = urlOf(path, q);
          const answer = await get("admin", url);
          if (answer.status === 200 || (keep && q === queries.at(-1))) {
            requests.push({ route, url, about });
            admin.set(url, { ...answer, found: walk(answer.body) });
            return answer.status === 200;
          }
        }
        return false;
      };
      const hasAsOf = op.query.some((p) => p.name === "asOf");
      let asOfDone = !hasAsOf;
      for (const id of fill) {
        const path = fillPath(op.path, { workspaceId: WS, ...(id ? { id } : {}) });
        const about = id && op.collection ? { collection: op.collection, id } : null;
        await ask(op.path, path, [fuller, required], about, true);
        // As the record (or report) stood at a past moment, once: on the first record that existed then.
        if (!asOfDone)
          asOfDone = await ask(op.path, path, [{ ...fuller, asOf: PAST }], about, id === fill.at(-1));
      }
    }
    for (const role of ROLES) h.grant(`as-${role}`, WS, members.get(role)!);
  }, 300_000);
  afterAll(async () => h?.close());

  it.skipIf(target.skip)(
    "shows each role the money its rule allows — as an admin sees it — and no other",
    async () => {
      const leaks: string[] = [];
      const missing: string[] = [];
      let answered = 0;
      let refused = 0;
      let moneySeen = 0;
      let maskedSeen = 0;
      let aggregates = 0;
      const reportsOfMember = (id: MemberId) => reportsOf(everyone as never, id);

      for (const role of ROLES) {
        const memberId = members.get(role)!;
        const actor: Actor = { memberId, role };
        const rule = (g: MoneyGuard) => (role === "admin" ? "always" : PERMISSION_MATRIX[role][g]);
        const team = reportsOfMember(memberId);
        // A brief's budgets, the client's figures: shown to the roles that work on briefs, masked from the others.
        const clientFigures = maySeeClientFigures(actor);
        const allowed = (kind: string, record: Record<string, unknown>) => {
          const k = RECORD_KINDS[kind]!;
          return can(actor, k.guard, k.resource(record, accounts), { reportsOf: team }).allowed;
        };
        for (const r of requests) {
          const res = await h.call(`as-${role}`, "GET", r.url);
          const body = res.headers.get("content-type")?.includes("json") ? await res.json() : null;
          const where = `${role} ${r.route} (${r.url})`;
          if (res.status !== 200) {
            refused++;
            // A refusal carries no figure of any record.
            if (walk(body).money.length) leaks.push(`${where}: a ${res.status} with money in it`);
            continue;
          }
          answered++;
          const mine = walk(body);
          moneySeen += mine.money.length + mine.figures.length;
          maskedSeen += mine.masked.length;
          const theirs = admin.get(r.url)!;
          const full = theirs.found;
          for (const m of mine.masked) {
            if (!["finance.read", "quota.read"].includes((m.value as { requires: string }).requires))
              leaks.push(`${where} ${m.path}: a Masked naming no money guard`);
            if (clientFigures && m.record?.kind === "brief")
              missing.push(
                `${where} ${m.path}: brief ${m.record.id}'s budgets masked from a role that works on briefs`,
              );
          }

          const always = rule("finance.read") === "always" && rule("quota.read") === "always";
          const never = rule("finance.read") === "never" && rule("quota.read") === "never";
          if (never)
            // Money written out in words (a sentence "… 125000.00 EUR in all", a formatted "€1,250") is money too.
            for (const words of JSON.stringify(body).match(MONEY_IN_WORDS) ?? [])
              leaks.push(`${where}: "${words}" in words reaches a role that sees no money`);
          if (always) {
            // Exactly the admin's money, path by path.
            const a = { ...byPath(full.money), ...byPath(full.figures) };
            const b = { ...byPath(mine.money), ...byPath(mine.figures) };
            if (mine.masked.length)
              leaks.push(`${where}: ${mine.masked.length} values masked from a role that sees all`);
            if (JSON.stringify(a) !== JSON.stringify(b))
              missing.push(`${where}: money differs from an admin's`);
            continue;
          }
          // The admin's records by kind and id, to compare a shown record's money with.
          const adminRecords = new Map<string, Record<string, unknown>>();
          for (const f of [...full.money, ...full.masked, ...full.figures])
            if (f.record) adminRecords.set(`${f.record.kind}:${f.record.id}`, f.record.value);
          const history = r.route.endsWith("/history") && r.about !== null;
          const routeRecord = history
            ? admin.get(`/api/workspaces/${WS}/${r.about!.collection}/${r.about!.id}`)?.body
            : null;
          const routeKind = routeRecord ? kindOf((routeRecord as { state: Json }).state) : null;

          for (const f of [...mine.money, ...mine.figures]) {
            const record = f.record;
            if (clientFigures && record === null && history && routeKind === "brief") {
              // A brief's history: its budgets, the client's figures, as an admin sees them.
              if (JSON.stringify(byPath(full.money)[f.path]) !== JSON.stringify(f.value))
                missing.push(`${where} ${f.path}: differs from an admin's`);
              continue;
            }
            if (clientFigures && record?.kind === "brief") {
              // The client's figures, shown with the brief: as an admin sees them.
              const same = adminRecords.get(`brief:${record.id}`);
              if (same && JSON.stringify(moneyOf(same)) !== JSON.stringify(moneyOf(record.value)))
                missing.push(`${where} ${f.path}: brief ${record.id}'s budgets differ from an admin's`);
              continue;
            }
            if (never) {
              leaks.push(`${where} ${f.path}: ${JSON.stringify(f.value)} reaches a role that sees no money`);
              continue;
            }
            if (record && record.kind in RECORD_KINDS) {
              if (!allowed(record.kind, record.value))
                leaks.push(`${where} ${f.path}: ${record.kind} ${record.id}'s money, which can() refuses`);
              continue;
            }
            if (history && routeKind && routeKind in RECORD_KINDS) {
              const state = (routeRecord as { state: Record<string, unknown> }).state;
              if (!allowed(routeKind, state))
                leaks.push(`${where} ${f.path}: the history of a ${routeKind} whose money can() refuses`);
              continue;
            }
            aggregates++;
          }
          // Every record whose money the rule allows shows it, as an admin sees it.
          const records = new Map<string, NonNullable<Found["record"]>>();
          for (const f of [...mine.money, ...mine.masked, ...mine.figures])
            if (f.record && f.record.kind in RECORD_KINDS)
              records.set(`${f.record.kind}:${f.record.id}`, f.record);
          for (const [key, record] of records) {
            const same = adminRecords.get(key);
            const shows = !never && allowed(record.kind, record.value);
            if (shows && same && JSON.stringify(moneyOf(same)) !== JSON.stringify(moneyOf(record.value)))
              missing.push(`${where}: ${key} may be seen but its money differs from an admin's`);
            if (!shows && walk(record.value).money.length > 0 && !leaks.some((l) => l.includes(record.id)))
              leaks.push(`${where}: ${key}'s money shows`);
          }
        }
      }

      const okForAdmin = [...admin.values()].filter((a) => a.status === 200).length;
      const notOk = [...admin].filter(([, a]) => a.status !== 200).map(([url, a]) => `${url} ${a.status}`);
      console.log(
        `${target.name}: ${ROLES.length} roles × ${routes.size} GET routes (${requests.length} requests each, ` +
          `${okForAdmin} answered 200 to an admin) = ${ROLES.length * requests.length} requests: ${answered} answered, ` +
          `${refused} refused; ${moneySeen} money values and guarded figures seen, ${maskedSeen} masked, ` +
          `${aggregates} of them totals over what the member may see; leaks: ${leaks.length}; ` +
          `allowed values missing or different: ${missing.length}. Not asked: ${skipped.join("; ") || "none"}. ` +
          `Not 200 to an admin: ${notOk.join("; ") || "none"}`,
      );
      // The routes that leak first (each leak names its role, route and request), then the first leaks themselves.
      expect([...new Set(leaks.map((l) => l.split(" ")[1]))]).toEqual([]);
      expect(leaks.slice(0, 20)).toEqual([]);
      expect(missing.slice(0, 20)).toEqual([]);
      // Every documented workspace route was asked, and all but those with no record to name answered an admin.
      expect(routes.size).toBeGreaterThanOrEqual(50);
      expect(okForAdmin).toBeGreaterThan(requests.length * 0.9);
      expect(maskedSeen).toBeGreaterThan(0);
    },
    600_000,
  );
});
