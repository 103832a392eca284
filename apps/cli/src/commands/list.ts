// `accountable <aggregate> list`: one keyset page of the service's list, filters as flags. The service parses
// the options with its own (strict) schema; here the flags are first checked against that schema's field names,
// so a misspelt filter is refused with the filter it most likely meant.
import { type AggregateType, LIST_OPTIONS_SCHEMAS, type ListName } from "@accountable/service";
import leven from "leven";
import { z } from "zod";
import type { CliReader } from "../cli-service.ts";
import type { Ctx } from "../context.ts";
import { asFlags, invalid, Refused } from "../failure.ts";
import { kebab, readFieldFlags } from "../flags.ts";
import { table } from "../output.ts";
import { withSession } from "../runtime.ts";
import { show, showDealDetail } from "./format.ts";

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

interface Filter {
  readonly name: string;
  readonly kind: string;
  readonly description?: string;
}

function filtersOf(name: ListName): Filter[] {
  const json = z.toJSONSchema(LIST_OPTIONS_SCHEMAS[name] as unknown as z.ZodType, {
    io: "input",
    unrepresentable: "any",
  }) as { properties?: Record<string, { type?: string; enum?: unknown[]; description?: string }> };
  return Object.entries(json.properties ?? {}).map(([field, s]) => ({
    name: field,
    kind: s.enum ? s.enum.join(" | ") : (s.type ?? "value"),
    ...(s.description ? { description: s.description } : {}),
  }));
}

type Row = Readonly<Record<string, unknown>>;

/** People's and clients' names by id, for a table (the id itself when the name is not known). */
interface Names {
  readonly member: (id: unknown) => unknown;
  readonly account: (id: unknown) => unknown;
}

function columns(
  aggregate: AggregateType,
  items: readonly Row[],
  stageName: (pipelineId: unknown, stageId: unknown) => string,
  names: Names,
): { header: string[]; rows: string[][] } {
  if (aggregate === "opportunity") {
    return {
      header: ["id", "name", "account", "stage", "amount", "close", "owner"],
      rows: items.map((o) =>
        [
          o.id,
          o.name,
          names.account(o.accountId),
          o.status === "open" ? stageName(o.pipelineId, o.stageId) : o.status,
          showDealDetail("amount", o.amount),
          showDealDetail("closeDate", o.closeDate),
          names.member(o.ownerId),
        ].map(show),
      ),
    };
  }
  const label = (r: Row) => r.name ?? r.title ?? r.subject ?? r.email ?? r.number ?? "";
  return {
    header: ["id", "name", "status", "owner"],
    rows: items.map((r) =>
      [r.id, label(r), r.status, names.member(r.ownerId ?? r.assigneeId ?? "")].map(show),
    ),
  };
}

/**
 * The names a table of these rows shows instead of ids: the workspace's members (a team is a few pages at most)
 * and the accounts the rows name (one read each, a page names fifty at most).
 */
async function namesFor(read: CliReader, items: readonly Row[]): Promise<Names> {
  const members = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await read.list("members", { limit: 200, ...(cursor ? { cursor } : {}) });
    if (!page.ok) break;
    for (const m of page.value.items) members.set(m.id, m.name);
    cursor = page.value.nextCursor ?? undefined;
  } while (cursor);
  const accountIds = [
    ...new Set(items.map((r) => r.accountId).filter((id): id is string => typeof id === "string")),
  ];
  const accounts = new Map<string, string>();
  await Promise.all(
    accountIds.map(async (id) => {
      const found = await read.record("account", id);
      const name = found.ok ? (found.value.state as { name?: unknown } | null)?.name : undefined;
      if (typeof name === "string") accounts.set(id, name);
    }),
  );
  return {
    member: (id) => (typeof id === "string" ? (members.get(id) ?? id) : id),
    account: (id) => (typeof id === "string" ? (accounts.get(id) ?? id) : id),
  };
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
  for (const [field, values] of readFieldFlags(rest)) {
    if (!known.has(field))
      throw invalid(
        `The ${aggregate} list has no filter --${kebab(field)}${didYouMean(field, [...known, ...Object.keys(FRIENDLY)])}; \`accountable ${aggregate} list --filters\` lists them.`,
        field,
      );
    options[field] = values.map((v) => (v === true ? "true" : v)).join(",");
  }
  return options;
}

/** " (did you mean --status?)" when one name is within two edits of the one given, else nothing. */
function didYouMean(given: string, names: readonly string[]): string {
  const near = names
    .map((name) => ({ name, distance: leven(given.toLowerCase(), name.toLowerCase()) }))
    .filter((n) => n.distance <= 2)
    .sort((a, b) => a.distance - b.distance);
  return near[0] ? ` (did you mean --${kebab(near[0].name)}?)` : "";
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
  const options = listOptions(aggregate, name, flags, rest);
  await withSession(ctx.globals, async (session) => {
    const result = await (await session.read()).list(name, options as never);
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
    const names = ctx.globals.json
      ? { member: (id: unknown) => id, account: (id: unknown) => id }
      : await namesFor(await session.read(), items);
    const { header, rows } = columns(aggregate, items, stageName, names);
    out.result(page, () =>
      [
        rows.length ? table(header, rows, out.style) : out.style.dim(`No ${name} match.`),
        ...(page.nextCursor ? [out.style.dim(`More: add --cursor ${page.nextCursor}`)] : []),
      ].join("\n"),
    );
  });
}
