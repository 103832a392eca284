// `accountable export <list>`: every row of a list — filtered like `<aggregate> list` — as CSV, a JSON array or
// JSON lines, paging through the service's keyset list until done and writing each page as it comes (with
// backpressure), so a million rows never sit in memory.
//
// Accounts, contacts and deals are written with the product's `id` first, then the column names of the import's
// row fields (sourceId, name, accountName, owner, amount, currency, stage, closeDate, …), so `accountable import`
// reads the file back as it is: deals name their account by name (matched or created on import) and their owner
// by member id. `sourceId` and `source` are the record's id in the system it was imported from, and that
// system's name (empty for a record made here); the import ignores `id` and `source`. The
// other lists' CSV has one column per field of the domain's entity (money as an amount column and a currency
// column, lists of words joined with "; ", anything nested as JSON).

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { extname } from "node:path";
import { finished } from "node:stream/promises";
import {
  type Account,
  type Contact,
  isMasked,
  type Money,
  type Opportunity,
  toDecimalString,
} from "@accountable/domain";
import { type AggregateType, LIST_NAMES, type ListName, MAX_PAGE_SIZE } from "@accountable/service";
import { AGGREGATE_ALIASES, AGGREGATE_LISTS, AGGREGATE_NAMES } from "../aggregates.ts";
import type { Session } from "../cli-service.ts";
import type { Ctx } from "../context.ts";
import { csvLine } from "../csv.ts";
import { invalid, Refused } from "../failure.ts";
import { toJson } from "../output.ts";
import { withSession } from "../runtime.ts";
import { type ListFlags, listOptions } from "./list.ts";

export const EXPORT_FORMATS = ["csv", "json", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFlags extends ListFlags {
  readonly format?: string;
  readonly out?: string;
}

/** What an export wrote (printed with `--json` when the rows went to a file). */
export interface ExportSummary {
  readonly list: ListName;
  readonly format: ExportFormat;
  readonly rows: number;
  readonly out: string | null;
}

/** The list a name means: a list name ("opportunities") or an aggregate's name or alias ("opp"). */
export function resolveList(name: string): { list: ListName; aggregate: AggregateType } {
  const lower = name.toLowerCase();
  for (const aggregate of AGGREGATE_NAMES) {
    const list = AGGREGATE_LISTS[aggregate];
    if (list === null) continue;
    if (lower === list || lower === aggregate || lower === AGGREGATE_ALIASES[aggregate])
      return { list, aggregate };
  }
  throw invalid(`There is no list "${name}"; the lists are ${LIST_NAMES.join(", ")}.`, "list");
}

function formatOf(flags: ExportFlags): ExportFormat {
  const given =
    flags.format?.toLowerCase() ?? (flags.out ? extname(flags.out).slice(1).toLowerCase() : "csv");
  const format = given === "ndjson" ? "jsonl" : given;
  if ((EXPORT_FORMATS as readonly string[]).includes(format)) return format as ExportFormat;
  if (flags.format === undefined) return "csv";
  throw invalid(`--format must be ${EXPORT_FORMATS.join(", ")}.`, "format");
}

// --- rows as CSV -------------------------------------------------------------------------------------------

type Cells = Record<string, string>;
const text = (v: string | null | undefined) => v ?? "";

/** The import's deal columns, then what the import does not read (ignored by it, useful in a spreadsheet). */
const OPPORTUNITY_COLUMNS = [
  "id",
  "sourceId",
  "name",
  "accountName",
  "owner",
  "amount",
  "currency",
  "stage",
  "closeDate",
  "type",
  "probability",
  "lossReason",
  "status",
  "pipelineId",
  "forecastCategory",
  "createdAt",
  "closedAt",
  "source",
] as const;
const ACCOUNT_COLUMNS = [
  "id",
  "sourceId",
  "name",
  "owner",
  "industry",
  "website",
  "employees",
  "annualRevenue",
  "currency",
  "region",
  "status",
  "parent",
  "parentId",
  "source",
] as const;
const CONTACT_COLUMNS = [
  "id",
  "sourceId",
  "name",
  "email",
  "phone",
  "title",
  "roles",
  "accountName",
  "active",
  "sentiment",
  "source",
] as const;

function opportunityCells(o: Opportunity, accountName: (id: string) => string): Cells {
  return {
    id: o.id,
    sourceId: text(o.sourceId),
    name: o.name,
    accountName: accountName(o.accountId),
    owner: o.ownerId,
    // A value the reader may not see is written as such, never as a figure (nor as an empty cell, which reads
    // as "no amount yet" — what an empty cell means, and imports back as).
    amount: isMasked(o.amount) ? "masked" : o.amount === null ? "" : toDecimalString(o.amount),
    currency: isMasked(o.amount) || o.amount === null ? "" : o.amount.currency,
    stage: o.stageId,
    closeDate: o.closeDate ?? "",
    type: o.type,
    // Only a probability set by hand: the stage's own is implied by the stage.
    probability: o.probabilityOverride ? String(o.probabilityOverride.probability) : "",
    lossReason: o.status === "lost" ? o.lossReason : "",
    status: o.status,
    pipelineId: o.pipelineId,
    forecastCategory: o.forecastCategory,
    createdAt: o.createdAt,
    closedAt: o.status === "open" ? "" : o.closedAt,
    source: text(o.source),
  };
}

function accountCells(a: Account, accountName: (id: string) => string): Cells {
  return {
    id: a.id,
    sourceId: text(a.sourceId),
    name: a.name,
    owner: a.ownerId,
    industry: text(a.industry),
    website: text(a.website),
    employees: a.employees === null ? "" : String(a.employees),
    // As for a deal's amount: a revenue the reader may not see is written as such, never as a figure or a blank.
    annualRevenue:
      a.annualRevenue === null ? "" : isMasked(a.annualRevenue) ? "masked" : toDecimalString(a.annualRevenue),
    currency: a.annualRevenue === null || isMasked(a.annualRevenue) ? "" : a.annualRevenue.currency,
    region: text(a.region),
    status: a.status,
    // The parent by name, which the import reads back (by name or id, in any row order); its id beside it.
    parent: a.parentId === null ? "" : accountName(a.parentId) || a.parentId,
    parentId: text(a.parentId),
    source: text(a.source),
  };
}

function contactCells(c: Contact, accountName: (id: string) => string): Cells {
  return {
    id: c.id,
    sourceId: text(c.sourceId),
    name: c.name,
    email: text(c.email),
    phone: text(c.phone),
    title: text(c.title),
    roles: c.roles.join(";"),
    accountName: accountName(c.accountId),
    active: String(c.active),
    sentiment: text(c.sentiment),
    source: text(c.source),
  };
}

const isMoney = (v: unknown): v is Money =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as Money).amount === "number" &&
  typeof (v as Money).currency === "string" &&
  Object.keys(v).length === 2;

/** Any entity, one column per top-level field (see the module comment). */
function genericCells(item: Record<string, unknown>): Cells {
  const cells: Cells = {};
  for (const [k, v] of Object.entries(item)) {
    // The record's version (a list item carries it for commands' If-Match) is no field of the entity.
    if (k === "version") continue;
    if (v === null || v === undefined) cells[k] = "";
    else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") cells[k] = String(v);
    else if (isMasked(v)) {
      cells[k] = "masked";
      cells[`${k}Currency`] = "";
    } else if (isMoney(v)) {
      cells[k] = toDecimalString(v);
      cells[`${k}Currency`] = v.currency;
    } else if (Array.isArray(v) && v.every((x) => typeof x === "string")) cells[k] = v.join("; ");
    else cells[k] = JSON.stringify(v);
  }
  return cells;
}

// --- writing -----------------------------------------------------------------------------------------------

/** The reader of stdout went away (`accountable export opp | head`): stop quietly, as other tools do. */
class ReaderGone extends Error {}

/** A destination that honours backpressure: `write` waits while the stream's buffer is full. */
function sink(out: string | undefined) {
  const stream = out === undefined ? process.stdout : createWriteStream(out);
  let broken: Error | undefined;
  stream.on("error", (e: NodeJS.ErrnoException) => {
    broken = e.code === "EPIPE" && stream === process.stdout ? new ReaderGone() : e;
  });
  return {
    async write(chunk: string): Promise<void> {
      if (broken) throw broken;
      if (!stream.write(chunk)) {
        // `once` rejects with the stream's error; `broken` holds the same, classified.
        await once(stream, "drain").catch(() => {});
      }
      if (broken) throw broken;
    },
    async close(): Promise<void> {
      if (stream === process.stdout) return;
      stream.end();
      await finished(stream);
    },
  };
}

/** Every item of the list, a page at a time. */
async function* pages(
  session: Session,
  list: ListName,
  options: Record<string, unknown>,
): AsyncGenerator<readonly unknown[]> {
  let cursor: string | undefined;
  const reader = await session.read();
  do {
    const result = await reader.list(list, {
      ...options,
      limit: MAX_PAGE_SIZE,
      ...(cursor === undefined ? {} : { cursor }),
    } as never);
    if (!result.ok) throw new Refused(result.error);
    yield result.value.items;
    cursor = result.value.nextCursor ?? undefined;
  } while (cursor !== undefined);
}

/** Account names by id, read once for the lists whose CSV names accounts (accounts are few beside deals). */
async function accountNames(session: Session): Promise<(id: string) => string> {
  const names = new Map<string, string>();
  for await (const items of pages(session, "accounts", {}))
    for (const a of items as Account[]) names.set(a.id, a.name);
  return (id) => names.get(id) ?? "";
}

export async function exportList(
  ctx: Ctx,
  name: string,
  flags: ExportFlags,
  rest: readonly string[],
): Promise<void> {
  const { list, aggregate } = resolveList(name);
  const format = formatOf(flags);
  if (flags.limit !== undefined || flags.cursor !== undefined)
    throw invalid("export writes every row: --limit and --cursor belong to `list`.", "limit");
  const options = listOptions(aggregate, list, flags, rest);

  const rows = await withSession(ctx.globals, async (session): Promise<number> => {
    const out = sink(flags.out);
    let count = 0;
    try {
      const nameOf =
        list === "opportunities" || list === "contacts" || list === "accounts"
          ? await accountNames(session)
          : () => "";
      let header: readonly string[] | undefined =
        list === "opportunities"
          ? OPPORTUNITY_COLUMNS
          : list === "accounts"
            ? ACCOUNT_COLUMNS
            : list === "contacts"
              ? CONTACT_COLUMNS
              : undefined;
      const cellsOf = (item: unknown): Cells =>
        list === "opportunities"
          ? opportunityCells(item as Opportunity, nameOf)
          : list === "accounts"
            ? accountCells(item as Account, nameOf)
            : list === "contacts"
              ? contactCells(item as Contact, nameOf)
              : genericCells(item as Record<string, unknown>);
      if (format === "csv" && header) await out.write(`${csvLine(header)}\n`);
      if (format === "json") await out.write("[");
      for await (const items of pages(session, list, options)) {
        let chunk = "";
        for (const item of items) {
          if (format === "csv") {
            const cells = cellsOf(item);
            if (!header) {
              header = Object.keys(cells);
              chunk += `${csvLine(header)}\n`;
            }
            chunk += `${csvLine(header.map((h) => cells[h] ?? ""))}\n`;
          } else if (format === "json") {
            chunk += `${count === 0 ? "\n" : ",\n"}${toJson(item).replace(/^/gm, "  ")}`;
          } else chunk += `${JSON.stringify(item)}\n`;
          count++;
        }
        if (chunk) await out.write(chunk);
      }
      if (format === "json") await out.write(count === 0 ? "]\n" : "\n]\n");
    } catch (e) {
      if (e instanceof ReaderGone) return count;
      throw e;
    } finally {
      await out.close();
    }
    return count;
  });

  const summary: ExportSummary = { list, format, rows, out: flags.out ?? null };
  if (flags.out !== undefined) {
    if (ctx.globals.json) ctx.out.result(summary, () => "");
    else ctx.out.note(`Exported ${rows.toLocaleString("en")} ${list} to ${flags.out} (${format}).`);
  }
}
