// `accountable <aggregate> list`: one keyset page of the service's list, filters as flags. The service parses
// the options with its own (strict) schema; here the flags are first checked against that schema's field names,
// so a misspelt filter is refused with the filter it most likely meant.
import {
  type Invoice,
  invoiceTotal,
  isMasked,
  type Pipeline,
  type StageId,
  StageIdSchema,
} from "@accountable/domain";
import {
  type AggregateType,
  DEFAULT_PAGE_SIZE,
  LIST_OPTIONS_SCHEMAS,
  type ListName,
} from "@accountable/service";
import leven from "leven";
import { z } from "zod";
import type { CliReader, Session } from "../cli-service.ts";
import type { Ctx } from "../context.ts";
import { asFlags, invalid, Refused } from "../failure.ts";
import { kebab, readFieldFlags } from "../flags.ts";
import { type MemberEntry, membersOf, resolveMembers } from "../members.ts";
import { table } from "../output.ts";
import { idsIn, type NameKind, type RecordNames, recordNames } from "../record-names.ts";
import { type NamedKind, resolveRecords } from "../records.ts";
import { withSession } from "../runtime.ts";
import { minuteUtc, show, showDealDetail } from "./format.ts";

export interface ListFlags {
  readonly sort?: string;
  readonly order?: string;
  readonly limit?: string;
  readonly cursor?: string;
  /** Friendly names of the opportunity list's filters. */
  readonly stage?: string;
  readonly owner?: string;
  readonly account?: string;
  readonly status?: string;
  readonly type?: string;
  /** Print the list's filters instead of listing. */
  readonly filters?: boolean;
}

const FRIENDLY: Readonly<Record<string, string>> = {
  stage: "stageId",
  owner: "ownerId",
  account: "accountId",
};
const PAGING = ["sort", "order", "limit", "cursor"] as const;

/** The list filters that name a record, and which kind: each is read by name, e-mail or id (records.ts). */
const NAMED_FILTERS: Readonly<Record<string, NamedKind>> = {
  ownerId: "member",
  assigneeId: "member",
  plannerId: "member",
  memberId: "member",
  reportsTo: "member",
  accountId: "account",
  parentId: "account",
  opportunityId: "opportunity",
  contractId: "contract",
};

interface Filter {
  readonly name: string;
  readonly kind: string;
  /** The values an enum filter takes (of one value or several). */
  readonly enum?: readonly unknown[];
  readonly description?: string;
}

interface JsonProperty {
  readonly type?: string;
  readonly enum?: unknown[];
  readonly items?: JsonProperty;
  readonly anyOf?: JsonProperty[];
  readonly $ref?: string;
  readonly description?: string;
}

/**
 * An enum's values, also when the filter takes one value or a list of them (oneOrMany), and when the enum is a
 * named schema of the domain (a `$ref` to the document's `$defs`).
 */
function enumOf(
  s: JsonProperty,
  defs: Readonly<Record<string, JsonProperty>>,
): readonly unknown[] | undefined {
  const target = s.$ref ? defs[s.$ref.replace(/^#\/\$defs\//, "")] : undefined;
  if (target) return enumOf(target, defs);
  return (
    s.enum ??
    (s.items ? enumOf(s.items, defs) : undefined) ??
    s.anyOf?.map((a) => enumOf(a, defs)).find((e) => e !== undefined)
  );
}

function filtersOf(name: ListName): Filter[] {
  return optionsOf(LIST_OPTIONS_SCHEMAS[name]);
}

/** The options an options schema (a list's, a report's) reads, each with its values when it is an enum. */
function optionsOf(schema: unknown): Filter[] {
  const json = z.toJSONSchema(schema as z.ZodType, {
    io: "input",
    unrepresentable: "any",
  }) as { properties?: Record<string, JsonProperty>; $defs?: Record<string, JsonProperty> };
  return Object.entries(json.properties ?? {}).map(([field, s]) => {
    const values = enumOf(s, json.$defs ?? {});
    return {
      name: field,
      kind: values ? values.join(" | ") : (s.type ?? "value"),
      ...(values ? { enum: values } : {}),
      ...(s.description ? { description: s.description } : {}),
    };
  });
}

type Row = Readonly<Record<string, unknown>>;

/** One column of a list's table: its header and what a row shows in it. */
interface Column {
  readonly header: string;
  readonly cell: (row: Row, names: RecordNames) => unknown;
  /** Shown only when some row of the page has something in it (a deal's column on a page of notes). */
  readonly sparse?: boolean;
}

const col = (header: string, cell: Column["cell"], sparse = false): Column => ({ header, cell, sparse });
const field = (header: string, name = header, sparse = false) => col(header, (r) => r[name], sparse);
const named = (header: string, kind: NameKind, name: string, sparse = false) =>
  col(header, (r, n) => (r[name] === null || r[name] === undefined ? null : n.name(kind, r[name])), sparse);
/** A status or kind as words: "in_progress" → "in progress". */
const words = (header: string, name = header) =>
  col(header, (r) => (typeof r[name] === "string" ? (r[name] as string).replace(/_/g, " ") : r[name]));

/** The first line of a text, cut to fit a table's column. */
function firstLine(text: unknown, max = 60): string | null {
  if (typeof text !== "string") return text === null || text === undefined ? null : show(text);
  const line = text.trim().split("\n")[0]!.trim();
  return line === "" ? null : line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A meeting's minutes in a line (their summary, and how many decisions and action items), else the notes. */
function minutesOf(r: Row): string | null {
  const m = r.minutes as { summary?: string; decisions?: unknown[]; actionItems?: unknown[] } | null;
  if (m && typeof m === "object") {
    const counts = [
      [m.decisions?.length ?? 0, "decision"],
      [m.actionItems?.length ?? 0, "action item"],
    ]
      .filter(([n]) => (n as number) > 0)
      .map(([n, w]) => `${n} ${w}${n === 1 ? "" : "s"}`);
    const summary = firstLine(m.summary, 50);
    return [summary, counts.length ? `(${counts.join(", ")})` : null].filter(Boolean).join(" ") || null;
  }
  return firstLine(r.body);
}

/**
 * What a person needs of each list at a glance, by the names people use: who (by name), for which client, when,
 * in what state. A list without its own columns shows its record's label, status and owner.
 */
const COLUMNS: Partial<Record<AggregateType, readonly Column[]>> = {
  member: [
    field("id"),
    field("name"),
    field("email"),
    words("role"),
    named("reports to", "member", "reportsTo"),
    col("active", (r) => (r.active === false ? "no" : "yes")),
  ],
  account: [
    field("id"),
    field("name"),
    words("status"),
    named("owner", "member", "ownerId"),
    field("industry", "industry", true),
    named("parent", "account", "parentId", true),
  ],
  contact: [
    field("id"),
    field("name"),
    named("account", "account", "accountId"),
    field("title", "title", true),
    field("email"),
    col("roles", (r) => (Array.isArray(r.roles) ? r.roles.map((x) => String(x).replace(/_/g, " ")) : [])),
    col("active", (r) => (r.active === false ? "no" : "yes")),
  ],
  activity: [
    field("id"),
    col("at (UTC)", (r) => minuteUtc(String(r.at))),
    field("kind"),
    words("status"),
    field("subject"),
    named("account", "account", "accountId"),
    named("deal", "opportunity", "opportunityId", true),
    named("by", "member", "authorId"),
    col("minutes / notes", minutesOf),
  ],
  task: [
    field("id"),
    field("title"),
    field("due", "dueDate"),
    words("status"),
    named("assignee", "member", "assigneeId"),
    named("account", "account", "accountId"),
    col("with client", (r) => (r.agreedWithClient ? "yes" : "")),
  ],
  contract: [
    field("id"),
    field("title"),
    named("account", "account", "accountId"),
    words("status"),
    field("value"),
    field("start", "startDate"),
    field("end", "endDate"),
    named("owner", "member", "ownerId"),
    named("deal", "opportunity", "opportunityId", true),
  ],
  escalation: [
    field("id"),
    field("title"),
    named("account", "account", "accountId"),
    field("severity"),
    words("status"),
    col("SLA due (UTC)", (r) => minuteUtc(String(r.slaDueAt))),
    named("owner", "member", "ownerId"),
  ],
  brief: [
    field("id"),
    field("title"),
    named("account", "account", "accountId"),
    words("status"),
    field("deadline"),
    named("planner", "member", "plannerId"),
    field("budget", "clientBudget"),
  ],
  invoice: [
    field("id"),
    col("number", (r) => r.number ?? "draft"),
    named("account", "account", "accountId"),
    words("status"),
    col("total", (r) => invoiceTotalOf(r)),
    field("issued", "issuedOn"),
    field("due", "dueDate"),
  ],
  cost: [
    field("id"),
    field("date"),
    field("description"),
    words("category"),
    field("amount"),
    named("account", "account", "accountId"),
    named("contract", "contract", "contractId", true),
    named("by", "member", "recordedBy"),
  ],
  quota: [
    field("id"),
    named("member", "member", "memberId"),
    field("period"),
    field("amount"),
    words("status"),
  ],
  plan: [
    field("id"),
    field("title"),
    named("account", "account", "accountId"),
    words("status"),
    field("next review", "nextReviewOn"),
    named("owner", "member", "ownerId"),
  ],
  target: [
    field("id"),
    field("name"),
    words("status"),
    named("owner", "member", "ownerId"),
    col("accounts", (r) =>
      Array.isArray(r.members)
        ? String((r.members as { removedAt?: unknown }[]).filter((m) => !m.removedAt).length)
        : null,
    ),
  ],
};

/** An invoice's total from its lines (masked when any price is), in its currency. */
function invoiceTotalOf(r: Row): unknown {
  const lines = r.lines as { quantity: number; unitPrice: unknown }[] | undefined;
  if (!Array.isArray(lines)) return null;
  if (lines.some((l) => isMasked(l.unitPrice))) return "masked";
  return invoiceTotal(r as unknown as Invoice);
}

/** Every list's fallback: its record's label, status and who holds it. */
const FALLBACK: readonly Column[] = [
  field("id"),
  col("name", (r) => r.name ?? r.title ?? r.subject ?? r.email ?? r.number ?? ""),
  words("status"),
  col("owner", (r, n) => n.name("member", r.ownerId ?? r.assigneeId ?? null)),
];

function columns(
  aggregate: AggregateType,
  items: readonly Row[],
  stageName: (pipelineId: unknown, stageId: unknown) => string,
  names: RecordNames,
): { header: string[]; rows: string[][] } {
  if (aggregate === "opportunity") {
    return {
      header: ["id", "name", "account", "stage", "amount", "close", "owner"],
      rows: items.map((o) =>
        [
          o.id,
          o.name,
          names.name("account", o.accountId),
          stageName(o.pipelineId, o.stageId),
          showDealDetail("amount", o.amount),
          showDealDetail("closeDate", o.closeDate),
          names.name("member", o.ownerId),
        ].map(show),
      ),
    };
  }
  const shown = (COLUMNS[aggregate] ?? FALLBACK).filter(
    (c) => !c.sparse || items.some((r) => !isEmpty(c.cell(r, names))),
  );
  return {
    header: shown.map((c) => c.header),
    rows: items.map((r) => shown.map((c) => show(c.cell(r, names)))),
  };
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === "" || v === "—";

/**
 * The names a table of these rows shows instead of ids: the workspace's members (a team is a few pages at most)
 * and the accounts, deals and contracts the rows name (one read each, a page names fifty at most).
 */
async function namesFor(
  read: CliReader,
  items: readonly Row[],
  people?: MemberEntry[],
): Promise<RecordNames> {
  return recordNames(
    read,
    {
      account: idsIn(items, "accountId", "parentId"),
      opportunity: idsIn(items, "opportunityId"),
      contract: idsIn(items, "contractId"),
    },
    people ? { people } : {},
  );
}

/**
 * The service's list options from the flags: paging, the friendly opportunity filters and `--field value`
 * filters, each checked against the list's schema (a misspelt filter is refused, never dropped).
 */
export function listOptions(
  aggregate: AggregateType,
  name: ListName,
  flags: ListFlags,
  rest: readonly string[],
): Record<string, unknown> {
  const known = new Set(filtersOf(name).map((f) => f.name));
  const options: Record<string, unknown> = {};
  for (const key of PAGING) if (flags[key] !== undefined) options[key] = flags[key];
  for (const [flag, field] of Object.entries({ ...FRIENDLY, status: "status", type: "type" })) {
    const value = flags[flag as keyof ListFlags];
    if (typeof value === "string") options[field] = value;
  }
  for (const [given, values] of readFieldFlags(rest)) {
    // A record's filter by the record's name as well (--account for --account-id, --assignee for
    // --assignee-id…): every list filters by account with --account, as `opp list` does.
    const field = known.has(given) ? given : known.has(`${given}Id`) ? `${given}Id` : given;
    if (!known.has(field))
      throw invalid(
        `The ${aggregate} list has no filter --${kebab(field)}${didYouMean(field, [...known].flatMap(withAlias))}; \`accountable ${aggregate} list --filters\` lists them.`,
        field,
      );
    options[field] = values.map((v) => (v === true ? "true" : v)).join(",");
  }
  return options;
}

/** The one of `names` nearest to `given` (within a third of its length in edits), if any. */
function nearest(given: string, names: readonly string[]): string | undefined {
  const g = given.toLowerCase();
  const best = names
    .map((name) => ({ name, distance: leven(g, name.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance)[0];
  return best && best.distance <= Math.max(2, Math.floor(g.length / 3)) ? best.name : undefined;
}

/**
 * A filter's values checked against what they may be, one place for every list: the values of an enum the
 * list's schema declares (status, type…), the workspace's stages and pipelines (by id, or by a stage's label
 * whatever its case), members by name, e-mail or id (--owner, --assignee-id…, as an import reads one) and
 * accounts and deals by name or id (--account, --opportunity-id: records.ts). A value that is none
 * of them is refused (exit 2) naming the flag, what was typed and the nearest value — a misspelt stage used to
 * list nothing, silently. `accountable <aggregate> list` and `accountable export` both read their filters here.
 */
export async function resolvedListOptions(
  session: Session,
  aggregate: AggregateType,
  name: ListName,
  flags: ListFlags,
  rest: readonly string[],
  people?: MemberEntry[],
): Promise<Record<string, unknown>> {
  const options = listOptions(aggregate, name, flags, rest);
  const flagOf = (field: string) =>
    `--${Object.entries(FRIENDLY).find(([, f]) => f === field)?.[0] ?? kebab(field)}`;
  const each = (field: string, check: (value: string) => string) => {
    const given = options[field];
    if (typeof given !== "string") return;
    options[field] = given
      .split(",")
      .map((v) => v.trim())
      .filter((v) => v !== "")
      .map(check)
      .join(",");
  };
  const refuse = (field: string, value: string, what: string, known: readonly string[]) => {
    const near = nearest(value, known);
    return invalid(
      `${flagOf(field)} "${value}" is not ${what}${near ? ` — did you mean ${near}?` : ""} (${known.join(", ")}).`,
      field,
    );
  };
  enumOptionsChecked(LIST_OPTIONS_SCHEMAS[name], options, flagOf);
  if (options.stageId !== undefined || options.pipelineId !== undefined) {
    const pipelines = (await session.settings()).pipelines;
    each("pipelineId", (v) => {
      const found = pipelines.find((p) => p.id === v || p.name.toLowerCase() === v.toLowerCase());
      if (found) return found.id;
      throw refuse(
        "pipelineId",
        v,
        "a pipeline of this workspace",
        pipelines.map((p) => p.id),
      );
    });
    const among = pipelines.filter(
      (p) => options.pipelineId === undefined || String(options.pipelineId).split(",").includes(p.id),
    );
    each("stageId", (v) => stageIdOf(among, v, flagOf("stageId")));
  }
  // Filters that name a member, an account or a deal take a name as well as an id (records.ts), as --owner does.
  for (const [field, kind] of Object.entries(NAMED_FILTERS)) {
    const given = options[field];
    if (typeof given !== "string") continue;
    if (kind === "member") {
      const members = people ?? (await membersOf(await session.read()));
      options[field] = resolveMembers(given, members, flagOf(field)).join(",");
    } else options[field] = (await resolveRecords(session, kind, given, flagOf(field))).join(",");
  }
  return options;
}

/** A value compared as people type it: case, spaces, dashes and underscores aside ("Service-Line" = serviceLine). */
const loose = (v: string) => v.toLowerCase().replace(/[-_\s]/g, "");

/**
 * The value of an enum flag as the schema spells it, whatever case or spacing it was typed in ("Open" → open,
 * "serviceline" → serviceLine), or a refusal (exit 2) naming the flag, what was typed and the nearest value:
 * '--by "ownr" is not one of the values it takes — did you mean owner? (owner, team, …)'.
 */
export function enumValue(
  flag: string,
  value: string,
  allowed: readonly string[],
  what = "one of the values it takes",
): string {
  const found = allowed.find((a) => a === value) ?? allowed.find((a) => loose(a) === loose(value));
  if (found !== undefined) return found;
  const near = nearest(value, allowed);
  throw invalid(
    `${flag ? `${flag} ` : ""}"${value}" is not ${what}${near ? ` — did you mean ${near}?` : ""} (${allowed.join(", ")}).`,
    flag.replace(/^--/, "") || "value",
  );
}

/**
 * Every enum option of an options schema (a list's filters, a report's options) read by enumValue, in place: a
 * comma-separated value is each of its values. One helper for `<aggregate> list`, `export` and the reports.
 */
export function enumOptionsChecked(
  schema: unknown,
  options: Record<string, unknown>,
  flagOf: (field: string) => string,
): Record<string, unknown> {
  for (const f of optionsOf(schema)) {
    const given = options[f.name];
    if (!f.enum || typeof given !== "string") continue;
    const allowed = f.enum.map(String);
    options[f.name] = given
      .split(",")
      .map((v) => v.trim())
      .filter((v) => v !== "")
      .map((v) => enumValue(flagOf(f.name), v, allowed))
      .join(",");
  }
  return options;
}

/**
 * A stage by its id or its label, any case, "-", "_" and spaces alike ("Proposal", "closed won"), among the
 * stages of these pipelines (an id first, then a label); else a refusal naming the nearest stage id. The one
 * reading of a stage for `opp create --stage` and `opp move` and the --stage filters of lists.
 */
export function stageIdOf(
  pipelines: readonly Pipeline[],
  given: string,
  flag: string,
  what = "a stage",
): StageId {
  const stages = pipelines.flatMap((p) => p.stages);
  const found =
    stages.find((st) => st.id === given.trim()) ??
    stages.find((st) => loose(st.id) === loose(given) || loose(st.label) === loose(given));
  const id = found?.id ?? enumValue(flag, given, [...new Set(stages.map((st) => st.id))], what);
  const parsed = StageIdSchema.safeParse(id);
  if (!parsed.success) throw invalid(`"${given}" is not a stage id.`, flag.replace(/^--/, "") || "stage");
  return parsed.data;
}

/** A filter's names: its own and, for a record's id (accountId), the record's (account). */
const withAlias = (field: string): string[] => (/.Id$/.test(field) ? [field, field.slice(0, -2)] : [field]);

/**
 * " (did you mean --status?)" when one name is within two edits of the one given, else nothing — never the
 * name given itself (a list without the filter used to answer "--account (did you mean --account?)").
 */
function didYouMean(given: string, names: readonly string[]): string {
  const near = names
    .filter((name) => name.toLowerCase() !== given.toLowerCase())
    .map((name) => ({ name, distance: leven(given.toLowerCase(), name.toLowerCase()) }))
    .filter((n) => n.distance <= 2)
    .sort((a, b) => a.distance - b.distance);
  return near[0] ? ` (did you mean --${kebab(near[0].name)}?)` : "";
}

/**
 * `opp list` with no status, sort or order asked: open deals first, soonest close first, then the closed ones,
 * the latest closed first — what is in play before what is done. One keyset page of each phase in turn; the
 * cursor printed says which phase it continues ("open:…", "closed:…").
 */
const DEAL_PHASES = [
  { name: "open", options: { status: "open", sort: "closeDate", order: "asc" } },
  { name: "closed", options: { status: "won,lost", sort: "closeDate", order: "desc" } },
] as const;

function phased(aggregate: AggregateType, flags: ListFlags, options: Record<string, unknown>): boolean {
  if (aggregate !== "opportunity") return false;
  if (options.status !== undefined || options.sort !== undefined || options.order !== undefined) return false;
  return flags.cursor === undefined || /^(open|closed):/.test(flags.cursor);
}

type Page = { readonly items: readonly unknown[]; readonly nextCursor: string | null };

async function phasedPage(
  read: CliReader,
  name: ListName,
  options: Record<string, unknown>,
): Promise<Awaited<ReturnType<CliReader["list"]>>> {
  const limit = options.limit === undefined ? DEFAULT_PAGE_SIZE : Number(options.limit);
  const cursor = typeof options.cursor === "string" ? options.cursor : undefined;
  const at = cursor ? cursor.slice(0, cursor.indexOf(":")) : "open";
  let inner = cursor ? cursor.slice(cursor.indexOf(":") + 1) || undefined : undefined;
  const items: unknown[] = [];
  let last: Awaited<ReturnType<CliReader["list"]>> | undefined;
  let nextCursor: string | null = null;
  for (let i = DEAL_PHASES.findIndex((p) => p.name === at); i < DEAL_PHASES.length; i++) {
    const phase = DEAL_PHASES[i]!;
    const ask = (n: unknown, after?: string) =>
      read.list(name, {
        ...options,
        ...phase.options,
        limit: n,
        cursor: after,
      } as never);
    // Past the first phase, a page already full only asks whether the next phase has any deal at all.
    if (items.length >= limit) {
      const peek = await ask(1);
      if (peek.ok && peek.value.items.length > 0) nextCursor = `${phase.name}:`;
      break;
    }
    last = await ask(items.length === 0 ? (options.limit ?? limit) : limit - items.length, inner);
    inner = undefined;
    if (!last.ok) return last;
    items.push(...last.value.items);
    if (last.value.nextCursor) {
      nextCursor = `${phase.name}:${last.value.nextCursor}`;
      break;
    }
  }
  if (!last) return { ok: true, value: { items: [], nextCursor: null } } as never;
  if (!last.ok) return last;
  return { ...last, value: { ...last.value, items, nextCursor } as Page } as never;
}

export async function list(
  ctx: Ctx,
  aggregate: AggregateType,
  name: ListName,
  flags: ListFlags,
  rest: readonly string[],
): Promise<void> {
  const filters = filtersOf(name);
  const { out } = ctx;
  if (flags.filters) {
    out.result(filters, () =>
      table(
        ["filter", "values", "meaning"],
        filters.map((f) => [`--${kebab(f.name)}`, f.kind, f.description ?? ""]),
        out.style,
      ),
    );
    return;
  }
  listOptions(aggregate, name, flags, rest);
  await withSession(ctx.globals, async (session) => {
    const read = await session.read();
    const people = flags.owner !== undefined || !ctx.globals.json ? await membersOf(read) : undefined;
    const options = await resolvedListOptions(session, aggregate, name, flags, rest, people);
    const result = phased(aggregate, flags, options)
      ? await phasedPage(read, name, options)
      : await read.list(name, options as never);
    if (!result.ok)
      throw new Refused(
        asFlags(result.error, Object.fromEntries(Object.entries(FRIENDLY).map(([f, o]) => [o, `--${f}`]))),
      );
    const page = result.value;
    // A deal's stage by the name its pipeline gives it ("Proposal"), the id when the settings do not know it.
    const pipelines = aggregate === "opportunity" ? (await session.settings()).pipelines : [];
    const stageName = (pipelineId: unknown, stageId: unknown) =>
      pipelines.find((p) => p.id === pipelineId)?.stages.find((st) => st.id === stageId)?.label ??
      String(stageId);
    const items = page.items as readonly Row[];
    const names: RecordNames = ctx.globals.json
      ? { name: (_kind, id) => String(id) }
      : await namesFor(read, items, people);
    const { header, rows } = columns(aggregate, items, stageName, names);
    out.result(page, () =>
      [
        rows.length ? table(header, rows, out.style) : out.style.dim(`No ${name} match.`),
        ...(page.nextCursor ? [out.style.dim(`More: add --cursor ${page.nextCursor}`)] : []),
      ].join("\n"),
    );
  });
}
