// `--api URL --token T`: the part of the service the commands call, over HTTP with the typed client. Every
// method keeps the service's shape (results, refusals), so the commands run unchanged and a refusal leaves with
// the same exit code as it would locally: a problem's `code` is the refusal's `_tag`, its `detail` the message,
// its other fields ride along. Loaded only when `--api` is given, or when a server runs on the data folder
// (local-server.ts).
import { type AccountableClient, createClient } from "@accountable/client";
import { commandPath } from "@accountable/domain";
import type {
  AddMatching,
  AggregateType,
  CalendarFeedStatus,
  CommandRequest,
  ExecuteResult,
  ImportOptions,
  ImportResult,
  ImportSummary,
  Inbox,
  ListName,
  QueryResult,
  SearchResults,
  ServiceRefusal,
  SweepSummary,
  TargetImport,
} from "@accountable/service";
import { ImportOptionsSchema, ImportSummarySchema, REGISTRY } from "@accountable/service";
import { AGGREGATE_LISTS } from "./aggregates.ts";
import type { CliReader, CliService } from "./cli-service.ts";
import type { CliConfig } from "./config.ts";
import { type CliRefusalTag, EXIT_CODES } from "./exit-codes.ts";
import { type CliRefusal, invalid, Refused } from "./failure.ts";
import { type Globals, sayWhichWorkspace } from "./globals.ts";
import { actingAs } from "./members.ts";

/** A creation command is sent to its collection (`POST …/opportunities`), any other to the record: the service's
 * own `createdId` says which is which, so this never needs a list of its own. */
/** The most rows the API takes in one request, and the body size the CLI stays under (the server's default is 1 MiB). */
export const IMPORT_ROWS_PER_REQUEST = 10_000;
const IMPORT_BYTES_PER_REQUEST = 512 * 1024;

/** Fields of a problem that belong to HTTP, not to the refusal it carries. */
const PROBLEM_ONLY = new Set([
  "type",
  "title",
  "status",
  "detail",
  "instance",
  "requestId",
  "code",
  "errors",
]);

const SERVICE_TAGS = new Set<string>(
  Object.keys(EXIT_CODES).filter(
    (t) => !["InvalidCommand", "Unauthenticated", "ApiUnavailable", "DataFolderInUse"].includes(t),
  ),
);

/** HTTP's own refusals of a request the CLI built: a usage error, never a rule. */
const REQUEST_TAGS = new Set([
  "BadIfMatch",
  "MalformedRequest",
  "UnsupportedMediaType",
  "PayloadTooLarge",
  "IdempotencyKeyReused",
]);

interface Problem {
  readonly code?: string;
  readonly detail?: string;
  readonly errors?: readonly { path: string; message: string }[];
  readonly [field: string]: unknown;
}

const refusal = (_tag: CliRefusalTag, message: string, facts: Record<string, unknown> = {}) =>
  ({ ...facts, _tag, message }) as CliRefusal;

/** A problem answered by the server, as the refusal the service would have returned in-process. */
/** Whether the aggregate's command of this type has a `reason` field (its schema, as the API's route reads it). */
function takesReason(aggregate: AggregateType, type: string): boolean {
  const union = REGISTRY[aggregate].commandSchema as unknown as {
    readonly options: readonly { readonly shape: Record<string, unknown> & { type: { value: string } } }[];
  };
  return union.options.some((o) => o.shape.type.value === type && "reason" in o.shape);
}

export function refusalFromProblem(base: string, status: number, body: unknown): CliRefusal {
  const problem = (typeof body === "object" && body !== null ? body : {}) as Problem;
  const detail = typeof problem.detail === "string" ? problem.detail : undefined;
  if (status === 401 || problem.code === "Unauthenticated")
    return refusal(
      "Unauthenticated",
      `The server at ${base} did not accept the token (${detail ?? `HTTP ${status}`}). Pass a valid personal API token with --token or ACCOUNTABLE_TOKEN.`,
    );
  const code = typeof problem.code === "string" ? problem.code : undefined;
  if (code && detail && (SERVICE_TAGS.has(code) || code === "InvalidCommand")) {
    const facts = Object.fromEntries(Object.entries(problem).filter(([k]) => !PROBLEM_ONLY.has(k)));
    if (code === "InvalidCommand" || code === "InvalidInput")
      if (problem.errors) facts.issues = problem.errors;
    return refusal(code as CliRefusalTag, detail, facts);
  }
  if (code && detail && REQUEST_TAGS.has(code)) return refusal("InvalidCommand", detail, { code });
  if (code === "RouteNotFound")
    return refusal(
      "ApiUnavailable",
      `The server at ${base} has no such route (${detail ?? status}): is it an older version of Accountable than this CLI?`,
    );
  return refusal(
    "ApiUnavailable",
    `The server at ${base} answered HTTP ${status}${detail ? `: ${detail}` : code ? ` (${code})` : ""}.`,
    code ? { code } : {},
  );
}

interface Answer {
  readonly ok: boolean;
  readonly status: number;
  readonly data: unknown;
  readonly refusal?: CliRefusal;
}

/** How a connection proves who it is: a personal API token (`--api`), or the local credential of a server on
 * this machine's data folder with the member acting (local-server.ts). */
export type RemoteAuth =
  | { readonly token: string }
  | { readonly localCredential: string; readonly memberId?: string };

/** One connection to a server: the typed client, and what turns its answers into the service's results. */
export class Remote {
  readonly client: AccountableClient;
  constructor(
    readonly base: string,
    readonly auth: RemoteAuth,
  ) {
    const headers: Record<string, string> = { "User-Agent": "accountable-cli" };
    if ("localCredential" in auth) {
      headers.Authorization = `Local ${auth.localCredential}`;
      if (auth.memberId !== undefined) headers["X-Accountable-Member"] = auth.memberId;
    }
    this.client = createClient({
      baseUrl: base,
      ...("token" in auth ? { token: auth.token } : {}),
      headers,
    });
  }

  /** Sends one request; a failure to connect becomes ApiUnavailable (exit 1) with a sentence saying where. */
  async send(
    request: (client: AccountableClient) => Promise<{ data?: unknown; error?: unknown; response: Response }>,
  ): Promise<Answer> {
    let answer: { data?: unknown; error?: unknown; response: Response };
    try {
      answer = await request(this.client);
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (e as Error).message;
      throw new Refused(
        refusal(
          "ApiUnavailable",
          "localCredential" in this.auth
            ? `Cannot reach the Accountable server running on this data folder at ${this.base} (${why}). If it has just stopped, run the command again.`
            : `Cannot reach the Accountable server at ${this.base} (${why}). Is it running (\`accountable serve\`), and is --api right?`,
        ),
      );
    }
    const { response } = answer;
    if (response.ok) return { ok: true, status: response.status, data: answer.data };
    return {
      ok: false,
      status: response.status,
      data: answer.error,
      refusal:
        "localCredential" in this.auth && response.status === 401
          ? refusal(
              "Unauthenticated",
              `The server at ${this.base} refused this command's local credential: ${(answer.error as Problem | undefined)?.detail ?? `HTTP ${response.status}`}`,
            )
          : refusalFromProblem(this.base, response.status, answer.error),
    };
  }

  /** A GET or POST on a path built at run time (the generated paths name each collection and command). */
  raw(
    method: "GET" | "POST",
    path: string,
    init: { query?: Record<string, unknown>; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const options = {
      params: { query: init.query ?? {} },
      ...(init.body === undefined ? {} : { body: init.body }),
      ...(init.headers ? { headers: init.headers } : {}),
    };
    return this.send((c) =>
      method === "GET" ? c.GET(path as never, options as never) : c.POST(path as never, options as never),
    );
  }
}

/** A service refusal comes back as the service's result; anything else (auth, transport) ends the command. */
function failed<T extends { ok: false; error: unknown }>(answer: Answer): T {
  const r = answer.refusal!;
  if (SERVICE_TAGS.has(r._tag)) return { ok: false, error: r as unknown as ServiceRefusal } as T;
  throw new Refused(r);
}

const ws = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}`;
const seg = encodeURIComponent;

/** Query parameters as the API reads them: strings (lists comma-joined by the commands), nothing undefined. */
function query(options: object | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(options ?? {}))
    if (v !== undefined && v !== null) out[k] = Array.isArray(v) ? v.join(",") : String(v);
  return out;
}

/** The CLI's part of the service, over the API. `actorId` is ignored: the server acts as the token's user. */
export function remoteService(remote: Remote): CliService {
  const report =
    (path: string) =>
    async (workspaceId: string, options?: object): Promise<QueryResult<unknown>> => {
      const answer = await remote.raw("GET", `${ws(workspaceId)}/${path}`, { query: query(options) });
      return answer.ok ? { ok: true, value: answer.data } : failed(answer);
    };

  /** A record's path (the workspace is its own record). */
  const recordPath = (workspaceId: string, aggregate: AggregateType, id: string) => {
    const list = AGGREGATE_LISTS[aggregate];
    return list === null ? ws(workspaceId) : `${ws(workspaceId)}/${list}/${seg(id)}`;
  };

  const load = async (workspaceId: string, aggregate: AggregateType, id: string, asOf?: string) => {
    const answer = await remote.raw("GET", recordPath(workspaceId, aggregate, id), {
      query: query({ asOf }),
    });
    if (answer.ok) {
      const record = answer.data as { state: unknown; version: number };
      return { state: record.state, version: record.version };
    }
    // Missing, or not the member's to read: locally both are "no such record" (version 0) too.
    if (answer.refusal?._tag === "NotFound")
      return { state: REGISTRY[aggregate].machine.initial, version: 0 };
    throw new Refused(answer.refusal!);
  };

  const execute = async (
    workspaceId: string,
    request: CommandRequest,
    _actorId: string,
    opts: { readonly dryRun?: boolean; readonly reason?: string | null } = {},
  ): Promise<ExecuteResult> => {
    const { aggregate, id, command, expectedVersion } = request;
    const route = commandPath(aggregate, command.type);
    if (route === null)
      throw invalid(
        `${command.type} does not go through a server: found a workspace with 'accountable init'.`,
      );
    const path = `${ws(workspaceId)}/${route.replace("{id}", seg(id))}`;
    // The API keeps `reason` from the body with the events, as the service keeps `opts.reason` — on a command
    // that takes a reason: another's body is the command alone, so a `reason` there would be an unknown field
    // (`opp move … closed_lost --reason` sends its reason as the CloseAsLost's `lossReason`).
    const body: Record<string, unknown> = { ...command };
    if (opts.reason && body.reason === undefined && takesReason(aggregate, command.type))
      body.reason = opts.reason;
    const answer = await remote.raw("POST", path, {
      query: opts.dryRun ? { dryRun: "true" } : {},
      body,
      ...(expectedVersion === undefined ? {} : { headers: { "If-Match": `"${expectedVersion}"` } }),
    });
    return answer.ok ? { ok: true, value: answer.data as never } : failed(answer);
  };

  const list = async (name: ListName, workspaceId: string, options?: object) => {
    const answer = await remote.raw("GET", `${ws(workspaceId)}/${name}`, { query: query(options) });
    return answer.ok ? { ok: true, value: answer.data } : failed(answer);
  };

  // The server judges the token's member (admins only): `actorId` is theirs already.
  const sweep = async (workspaceId: string, _actorId: string, now?: string): Promise<SweepSummary> => {
    const answer = await remote.send((c) =>
      c.POST("/api/workspaces/{workspaceId}/sweep", {
        params: { path: { workspaceId } },
        body: now === undefined ? {} : { at: now },
      }),
    );
    if (!answer.ok) throw new Refused(answer.refusal!);
    return answer.data as SweepSummary;
  };

  const importRows = async (
    workspaceId: string,
    _actorId: string,
    rows: Iterable<unknown> | AsyncIterable<unknown>,
    /**
     * The local import's options, every one forwarded (the request is the service's options and the rows). A dry
     * run checks each part with the server's real import and rolls it back: the counts are the real run's, except
     * that a part does not see what an earlier part would have imported (a file over one request's rows).
     */
    opts: ImportOptions,
  ): Promise<ImportResult> => {
    const { onProgress, ...wire } = opts;
    const { createOwners, ...parsed } = ImportOptionsSchema.parse(wire);
    // Options left undefined are not sent: the request's are optional, not undefined-able.
    const options = {
      ...present(parsed),
      ...(createOwners ? { createOwners: present(createOwners) } : {}),
    };
    const started = performance.now();
    let total: ImportSummary | undefined;
    let firstRow = opts.firstRow ?? 1;
    let part: unknown[] = [];
    let bytes = 0;
    const flush = async (): Promise<ImportResult | null> => {
      if (part.length === 0) return null;
      const answer = await remote.send((c) =>
        c.POST("/api/workspaces/{workspaceId}/imports", {
          params: { path: { workspaceId } },
          body: {
            ...options,
            rows: part as Record<string, unknown>[],
            firstRow,
          },
        }),
      );
      if (!answer.ok) return failed(answer);
      firstRow += part.length;
      part = [];
      bytes = 0;
      // Read with the schema the server answers by: a field missing is a server of another version, said so,
      // never read as "none" (the parents an import set were lost that way).
      const summary = ImportSummarySchema.safeParse(answer.data);
      if (!summary.success)
        throw new Error(
          `the server's import summary is not one this accountable reads (${summary.error.issues
            .map((i) => `${i.path.join(".")}: ${i.message}`)
            .join("; ")}): is the server another version?`,
        );
      total = merge(total, summary.data, performance.now() - started);
      await onProgress?.({
        done: total.read,
        imported: total.imported,
        rejected: total.rejected,
        skipped: total.skipped,
        elapsedMs: total.elapsedMs,
        rowsPerSecond: total.rowsPerSecond,
      });
      return null;
    };
    for await (const row of rows) {
      const size = JSON.stringify(row).length + 1;
      if (
        part.length > 0 &&
        (part.length >= IMPORT_ROWS_PER_REQUEST || bytes + size > IMPORT_BYTES_PER_REQUEST)
      ) {
        const refused = await flush();
        if (refused) return refused;
      }
      part.push(row);
      bytes += size;
    }
    const refused = await flush();
    if (refused) return refused;
    return {
      ok: true,
      value: total ?? merge(undefined, emptySummary(opts), performance.now() - started),
    };
  };

  const inbox: CliService["inbox"] = {
    async list(workspaceId, _memberId, options = {}) {
      const answer = await remote.send((c) =>
        c.GET("/api/workspaces/{workspaceId}/inbox", {
          params: { path: { workspaceId }, query: options.unreadOnly ? { unread: "true" } : {} },
        }),
      );
      if (!answer.ok) return failed(answer);
      return { ok: true, value: answer.data as Inbox };
    },
    async markRead(workspaceId, _memberId, keys, options = {}) {
      const answer = await remote.send((c) =>
        c.POST("/api/workspaces/{workspaceId}/inbox/read", {
          params: { path: { workspaceId } },
          body: { keys: keys === "all" ? "all" : [...keys], ...(options.unread ? { unread: true } : {}) },
        }),
      );
      if (!answer.ok) return failed(answer);
      return { ok: true, value: answer.data as { marked: number; unread: number } };
    },
  };

  const search: CliService["search"] = async (workspaceId, _memberId, input) => {
    const answer = await remote.send((c) =>
      c.GET("/api/workspaces/{workspaceId}/search", {
        params: {
          path: { workspaceId },
          query: {
            q: input.text,
            ...(input.kinds === undefined ? {} : { kind: input.kinds.join(",") }),
            ...(input.limit === undefined ? {} : { limit: String(input.limit) }),
          },
        },
      }),
    );
    if (!answer.ok) return failed(answer);
    return { ok: true, value: answer.data as SearchResults };
  };

  const feedOf = (workspaceId: string) => ({ params: { path: { workspaceId } } });
  const calendarFeeds: CliService["calendarFeeds"] = {
    async create(workspaceId) {
      const answer = await remote.send((c) =>
        c.POST("/api/workspaces/{workspaceId}/calendar-feed", feedOf(workspaceId)),
      );
      if (!answer.ok) return failed(answer);
      const feed = answer.data as { url: string; createdAt: string };
      const secret = /\/calendar\/([^/]+)\.ics$/.exec(feed.url)?.[1] ?? "";
      return { ok: true, value: { secret, createdAt: feed.createdAt, url: feed.url } };
    },
    async status(workspaceId) {
      const answer = await remote.send((c) =>
        c.GET("/api/workspaces/{workspaceId}/calendar-feed", feedOf(workspaceId)),
      );
      if (!answer.ok) return failed(answer);
      return { ok: true, value: answer.data as CalendarFeedStatus };
    },
    async stop(workspaceId) {
      const before = await calendarFeeds.status(workspaceId, "");
      const answer = await remote.send((c) =>
        c.DELETE("/api/workspaces/{workspaceId}/calendar-feed", feedOf(workspaceId)),
      );
      if (!answer.ok) return failed(answer);
      return { ok: true, value: { stopped: before.ok && before.value.active } };
    },
  };

  /** What the token's member reads: the server holds each read to the matrix. */
  const readerOf = (workspaceId: string): CliReader => {
    const reportOf = (path: string) => (options?: object) => report(path)(workspaceId, options);
    return {
      list: (async (name: ListName, options?: object) =>
        list(name, workspaceId, options)) as CliReader["list"],
      record: (async (aggregate: AggregateType, id: string, asOf?: string) => {
        const answer = await remote.raw("GET", recordPath(workspaceId, aggregate, id), {
          query: query({ asOf }),
        });
        if (!answer.ok) return failed(answer);
        const { state, version } = answer.data as { state: unknown; version: number };
        return { ok: true, value: { state, version } };
      }) as CliReader["record"],
      history: (async (aggregate: AggregateType, id: string, asOf?: string) => {
        const answer = await remote.raw("GET", `${recordPath(workspaceId, aggregate, id)}/history`, {
          query: query({ asOf }),
        });
        if (!answer.ok) return failed(answer);
        return { ok: true, value: (answer.data as { items: unknown[] }).items };
      }) as CliReader["history"],
      pipeline: reportOf("reports/pipeline") as CliReader["pipeline"],
      forecast: reportOf("reports/forecast") as CliReader["forecast"],
      quotaAttainment: reportOf("reports/quota-attainment") as CliReader["quotaAttainment"],
      salesMetrics: reportOf("reports/sales-metrics") as CliReader["salesMetrics"],
      staleDeals: reportOf("reports/stale-deals") as CliReader["staleDeals"],
      renewalsDue: reportOf("reports/renewals-due") as CliReader["renewalsDue"],
      pnl: reportOf("reports/pnl") as CliReader["pnl"],
      accountHealth: reportOf("reports/account-health") as CliReader["accountHealth"],
      clientReport: (async (options: { accountId: string }) => {
        const { accountId, ...rest } = options;
        return report(`accounts/${seg(accountId)}/client-report`)(workspaceId, rest);
      }) as CliReader["clientReport"],
      whitespace: (async (options: { accountId: string }) => {
        const { accountId, ...rest } = options;
        return report(`accounts/${seg(accountId)}/whitespace`)(workspaceId, rest);
      }) as CliReader["whitespace"],
      targetFunnel: (async (listId: string) =>
        report(`targets/${seg(listId)}/funnel`)(workspaceId)) as CliReader["targetFunnel"],
      // The server answered the command as its member may read it.
      executed: async (e) => e,
    };
  };

  const addMatching: CliService["addMatching"] = async (workspaceId, _memberId, listId, opts) => {
    const answer = await remote.raw(
      opts.dryRun ? "GET" : "POST",
      `${ws(workspaceId)}/targets/${seg(listId)}/add-matching`,
    );
    return answer.ok ? { ok: true, value: answer.data as AddMatching } : failed(answer);
  };

  const importTargets: CliService["importTargets"] = async (workspaceId, _memberId, listId, rows, opts) => {
    const answer = await remote.raw("POST", `${ws(workspaceId)}/targets/${seg(listId)}/import`, {
      body: { rows, firstRow: opts.firstRow, dryRun: opts.dryRun },
    });
    return answer.ok ? { ok: true, value: answer.data as TargetImport } : failed(answer);
  };

  return {
    execute,
    addMatching,
    importTargets,
    calendarFeeds,
    inbox,
    search,
    load: load as CliService["load"],
    sweep: sweep as CliService["sweep"],
    importRows: importRows as CliService["importRows"],
    // The server reads as the token's member, whoever is named here.
    reader: async (workspaceId) => readerOf(workspaceId),
  };
}

/** The defaults of two parts of an import, added up by field and value. */
function mergeDefaults(
  a: ImportSummary["defaults"],
  b: ImportSummary["defaults"],
): ImportSummary["defaults"] {
  const out = a.map((d) => ({ ...d }));
  for (const d of b) {
    const same = out.find((x) => x.field === d.field && x.value === d.value);
    if (same) same.rows += d.rows;
    else out.push({ ...d });
  }
  return out;
}

/** An object's fields that hold a value: an option left undefined is not sent (the request's are optional, not nullable). */
function present<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/** The summary of an import of no rows, as the server would give it for these options. */
function emptySummary(opts: ImportOptions): ImportSummary {
  return {
    source: opts.source,
    dryRun: opts.dryRun ?? false,
    read: 0,
    imported: 0,
    rejected: 0,
    skipped: 0,
    importedByKind: { account: 0, contact: 0, opportunity: 0, member: 0 },
    accountsCreated: 0,
    defaults: [],
    ownersCreated: [],
    currencies: {},
    dateFormat: opts.dateFormat ?? null,
    decimalMark: opts.decimalMark ?? ".",
    excelSerialFields: [...(opts.excelSerialFields ?? [])],
    rejections: [],
    skips: [],
    parentsSet: [],
    batches: 0,
    elapsedMs: 0,
    rowsPerSecond: 0,
  };
}

/** The summaries of the parts of one import, added up (the time is the whole run's, as the client saw it). */
function merge(a: ImportSummary | undefined, b: ImportSummary, elapsedMs: number): ImportSummary {
  const add = (x: Readonly<Record<string, number>>, y: Readonly<Record<string, number>>) => {
    const out: Record<string, number> = { ...x };
    for (const [k, v] of Object.entries(y)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  if (!a)
    return { ...b, elapsedMs, rowsPerSecond: elapsedMs > 0 ? Math.round((b.read * 1000) / elapsedMs) : 0 };
  const read = a.read + b.read;
  return {
    ...b,
    read,
    imported: a.imported + b.imported,
    rejected: a.rejected + b.rejected,
    skipped: a.skipped + b.skipped,
    importedByKind: add(a.importedByKind, b.importedByKind) as ImportSummary["importedByKind"],
    accountsCreated: a.accountsCreated + b.accountsCreated,
    defaults: mergeDefaults(a.defaults, b.defaults),
    ownersCreated: [...a.ownersCreated, ...b.ownersCreated],
    currencies: add(a.currencies, b.currencies),
    rejections: [...a.rejections, ...b.rejections],
    skips: [...a.skips, ...b.skips],
    parentsSet: [...a.parentsSet, ...b.parentsSet],
    batches: a.batches + b.batches,
    elapsedMs,
    rowsPerSecond: elapsedMs > 0 ? Math.round((read * 1000) / elapsedMs) : 0,
  };
}

/** Who the token is and where it acts: the workspace (`--workspace`, or the token's only one) and its member. */
export interface RemoteSession {
  readonly remote: Remote;
  readonly service: CliService;
  readonly workspaceId: string;
  readonly memberId: string;
}

/** A session through the server on this machine's data folder: the member is known only when one could be chosen. */
export type LocalServerSession = Omit<RemoteSession, "memberId"> & { readonly memberId: string | undefined };

export async function openRemote(globals: Globals): Promise<RemoteSession> {
  const given = globals.api!;
  let url: URL;
  try {
    url = new URL(given);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(url.protocol);
  } catch {
    throw invalid(`--api expects the server's address, such as http://localhost:3000; got ${given}.`, "api");
  }
  const base = url.href.replace(/\/+$/, "");
  if (!globals.token)
    throw invalid(
      "--api needs a personal API token: pass --token or set ACCOUNTABLE_TOKEN (create one with POST /api/tokens when signed in).",
      "token",
    );
  const remote = new Remote(base, { token: globals.token });
  const answer = await remote.send((c) => c.GET("/api/me"));
  if (!answer.ok) throw new Refused(answer.refusal!);
  const me = answer.data as {
    user: { email: string };
    workspaces: readonly { id: string; name: string; memberId: string }[];
  };
  const names = me.workspaces.map((w) => w.id).join(", ");
  let workspaceId = globals.workspace;
  if (workspaceId === undefined) {
    if (me.workspaces.length === 0)
      throw new Refused(
        refusal(
          "NotFound",
          `${me.user.email} is a member of no workspace on ${base}: found one (POST /api/workspaces) or accept an invitation first.`,
          { entity: "workspace" },
        ),
      );
    if (me.workspaces.length > 1)
      throw invalid(
        `${me.user.email} is a member of several workspaces on ${base}; pass --workspace <id>, or set ACCOUNTABLE_WORKSPACE=<id> for every command: ${names}.`,
        "workspace",
      );
    workspaceId = me.workspaces[0]!.id;
  }
  const membership = me.workspaces.find((w) => w.id === workspaceId);
  if (!membership)
    throw new Refused(
      refusal(
        "NotFound",
        `${me.user.email} is not a member of a workspace ${workspaceId} on ${base}${names ? ` (their workspaces: ${names})` : ""}.`,
        { entity: "workspace", id: workspaceId },
      ),
    );
  if (globals.as !== undefined && globals.as !== membership.memberId)
    throw invalid(
      `Over the API commands act as the token's user (member ${membership.memberId} in ${workspaceId}); --as ${globals.as} does not apply.`,
      "as",
    );
  return { remote, service: remoteService(remote), workspaceId, memberId: membership.memberId };
}

/**
 * The server running on this machine's data folder (local-server.ts): its workspaces and their admins first
 * (`GET /api/local/workspaces`), so the workspace and the acting member are chosen as a local command chooses
 * them, with the same refusals; then a connection acting as that member.
 */
export async function openLocalRemote(
  globals: Globals,
  config: CliConfig,
  server: { readonly address: string; readonly credential: string },
): Promise<LocalServerSession> {
  const base = server.address.replace(/\/+$/, "");
  const discovery = new Remote(base, { localCredential: server.credential });
  const answer = await discovery.send((c) => c.GET("/api/local/workspaces" as never, {} as never));
  if (!answer.ok) throw new Refused(answer.refusal!);
  const { workspaces } = answer.data as { workspaces: readonly { id: string; admin: string | null }[] };
  let workspaceId = globals.workspace ?? config.defaultWorkspace ?? undefined;
  if (!workspaceId) {
    // The same sentences as runtime.ts's local session.
    if (workspaces.length !== 1)
      throw invalid(
        workspaces.length === 0
          ? `No workspace is set up in ${globals.dataDir}: run \`accountable init\` or \`accountable demo\`.`
          : sayWhichWorkspace(workspaces.map((w) => w.id)),
        "workspace",
      );
    workspaceId = workspaces[0]!.id;
  }
  const ws = workspaceId;
  const found = workspaces.find((w) => w.id === ws);
  if (!found) throw new Refused(refusal("NotFound", `There is no workspace ${ws} in ${globals.dataDir}.`));
  const memberId = await actingAs(
    globals.as,
    async () => config.workspaces[ws]?.admin ?? found.admin ?? undefined,
    (adminId) =>
      remoteService(new Remote(base, { localCredential: server.credential, memberId: adminId })).reader(
        ws,
        adminId,
      ),
  );
  const remote = new Remote(base, {
    localCredential: server.credential,
    ...(memberId === undefined ? {} : { memberId }),
  });
  return { remote, service: remoteService(remote), workspaceId: ws, memberId };
}
