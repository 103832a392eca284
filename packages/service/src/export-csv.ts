// A list as CSV, written once for every adapter: `accountable export <list>` and the API's
// GET /api/workspaces/{id}/{list}.csv stream the same columns and rows for the same filters, a page at a time
// (the reader's keyset pages), so a million rows never sit in memory.
//
// Accounts, contacts and deals are written with the product's `id` first, then the column names of the import's
// row fields (sourceId, name, accountName, owner, amount, currency, stage, closeDate, …), so `accountable import`
// reads the file back as it is: deals name their account by name (matched or created on import) and their owner
// by member id. `sourceId` and `source` are the record's id in the system it was imported from, and that
// system's name (empty for a record made here); the import ignores `id` and `source`. The other lists' CSV has
// one column per field of the domain's entity, in its order (money as an amount column and a currency column,
// lists of words joined with "; ", anything nested as JSON) — the columns come from the entity's schema, so an
// empty list still has its header line, and a money field empty on the first row still has its currency column.
//
// Every cell is safe to open in a spreadsheet (OWASP's CSV injection guidance): a cell that starts with = + - @,
// a tab or a carriage return would be read as a formula, so it is written with a ' in front, and a cell holding
// a delimiter a spreadsheet may split on (, ; tab) is quoted. `restoreCell` takes that ' off again on reading.
import {
  type Account,
  type Contact,
  isMasked,
  isMoneySchema,
  type Money,
  type Opportunity,
  toDecimalString,
} from "@accountable/domain";
import type { z } from "zod";
import { MAX_PAGE_SIZE } from "./queries/keyset.ts";
import { LISTS, type ListName } from "./queries/lists.ts";
import type { Reader } from "./reader.ts";
import type { ServiceRefusal } from "./refusals.ts";

// --- cells -------------------------------------------------------------------------------------------------

/**
 * Starts like a formula, after any quotes a previous neutralisation put there: `'` is added to these and taken
 * off again on reading, so text that itself starts with `'=` comes back as it was (`''=…` → `'=…`).
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;

/** A cell as written: a `'` in front of what a spreadsheet would run as a formula. */
export const neutraliseCell = (cell: string) => (FORMULA_START.test(cell) ? `'${cell}` : cell);

/** A cell as read: what `neutraliseCell` wrote, back to the original text. */
export const restoreCell = (cell: string) => (NEUTRALISED.test(cell) ? cell.slice(1) : cell);

/**
 * One CSV line (without its line break): each cell neutralised (see the top of this file), and quoted when it
 * holds the delimiter, a quote, a line break, or a delimiter a spreadsheet in another locale would split on.
 */
export function csvLine(cells: readonly string[], delimiter = ","): string {
  return cells
    .map((raw) => {
      const c = neutraliseCell(raw);
      return c.includes(delimiter) || /["\r\n,;\t]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c;
    })
    .join(delimiter);
}

// --- rows --------------------------------------------------------------------------------------------------

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

/** Any entity, one cell per top-level field (see the module comment); money adds a `<field>Currency` cell. */
function genericCells(item: Record<string, unknown>): Cells {
  const cells: Cells = {};
  for (const [k, v] of Object.entries(item)) {
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

interface SchemaNode {
  readonly shape?: Record<string, z.ZodType>;
  readonly options?: readonly unknown[];
  readonly _zod?: { readonly def?: { readonly in?: unknown; readonly innerType?: unknown } };
}

/** The schema's object fields, each with its schema (an object's shape; a union: each option's, in turn). */
function fieldSchemas(schema: unknown): [string, z.ZodType][] {
  const s = schema as SchemaNode;
  if (s?.shape && typeof s.shape === "object") return Object.entries(s.shape);
  if (Array.isArray(s?.options)) return s.options.flatMap((o) => fieldSchemas(o));
  const inner = s?._zod?.def?.in ?? s?._zod?.def?.innerType;
  return inner ? fieldSchemas(inner) : [];
}

/** Money, also when optional or nullable. */
function holdsMoney(schema: z.ZodType): boolean {
  for (let s: z.ZodType | undefined = schema; s; ) {
    if (isMoneySchema(s)) return true;
    s = (s as SchemaNode)._zod?.def?.innerType as z.ZodType | undefined;
  }
  return false;
}

/** The columns of a list without an import format: the entity's fields in order, money with its currency. */
function entityColumns(entity: unknown): readonly string[] {
  const columns: string[] = [];
  for (const [field, schema] of fieldSchemas(entity)) {
    if (columns.includes(field)) continue;
    columns.push(field);
    if (holdsMoney(schema)) columns.push(`${field}Currency`);
  }
  return columns;
}

const COLUMNS = new Map<ListName, readonly string[]>();

/** The CSV header of a list (see the module comment). */
export function exportColumns(list: ListName): readonly string[] {
  const known = COLUMNS.get(list);
  if (known) return known;
  const columns =
    list === "opportunities"
      ? OPPORTUNITY_COLUMNS
      : list === "accounts"
        ? ACCOUNT_COLUMNS
        : list === "contacts"
          ? CONTACT_COLUMNS
          : entityColumns(LISTS[list].entity);
  COLUMNS.set(list, columns);
  return columns;
}

// --- paging ------------------------------------------------------------------------------------------------

/** What an export reads through: a member's reader (the CLI's, local or over --api, or the API's own). */
export type ExportReader = Pick<Reader, "list">;

/** A refusal met while exporting (bad filters: the first page is refused before any line is written). */
export class ExportRefused extends Error {
  constructor(readonly refusal: ServiceRefusal) {
    super(refusal.message);
  }
}

/** Every item of the list the member may read, a page at a time, filtered as `options` say. */
export async function* exportPages(
  reader: ExportReader,
  list: ListName,
  options: Readonly<Record<string, unknown>>,
): AsyncGenerator<readonly unknown[]> {
  let cursor: string | undefined;
  do {
    const result = await reader.list(list, {
      ...options,
      limit: MAX_PAGE_SIZE,
      ...(cursor === undefined ? {} : { cursor }),
    } as Parameters<ExportReader["list"]>[1]);
    if (!result.ok) throw new ExportRefused(result.error);
    yield result.value.items;
    cursor = result.value.nextCursor ?? undefined;
  } while (cursor !== undefined);
}

/** Account names by id, read once for the lists whose CSV names accounts (accounts are few beside deals). */
async function accountNames(reader: ExportReader): Promise<(id: string) => string> {
  const names = new Map<string, string>();
  for await (const items of exportPages(reader, "accounts", {}))
    for (const a of items as Account[]) names.set(a.id, a.name);
  return (id) => names.get(id) ?? "";
}

/** One chunk of an export: the lines of a page (the first chunk is the header line), and its rows. */
export interface CsvChunk {
  readonly text: string;
  readonly rows: number;
}

/**
 * The list as CSV lines ending in `\n`, the header first (alone when nothing matches), then one chunk per page of
 * rows. The options are the list's filters and sort (no `limit` or `cursor`: every row is written). A refused
 * filter throws ExportRefused before the header is yielded.
 */
export async function* csvExport(
  reader: ExportReader,
  list: ListName,
  options: Readonly<Record<string, unknown>>,
): AsyncGenerator<CsvChunk> {
  const pages = exportPages(reader, list, options);
  // The first page is read before anything is written, so a refused filter is an answer, not half a file.
  const first = await pages.next();
  const nameOf =
    list === "opportunities" || list === "contacts" || list === "accounts"
      ? await accountNames(reader)
      : () => "";
  const cellsOf = (item: unknown): Cells =>
    list === "opportunities"
      ? opportunityCells(item as Opportunity, nameOf)
      : list === "accounts"
        ? accountCells(item as Account, nameOf)
        : list === "contacts"
          ? contactCells(item as Contact, nameOf)
          : genericCells(item as Record<string, unknown>);
  const header = exportColumns(list);
  yield { text: `${csvLine(header)}\n`, rows: 0 };
  const lines = (items: readonly unknown[]): CsvChunk => {
    let chunk = "";
    for (const item of items) {
      const cells = cellsOf(item);
      chunk += `${csvLine(header.map((h) => cells[h] ?? ""))}\n`;
    }
    return { text: chunk, rows: items.length };
  };
  if (!first.done && first.value.length > 0) yield lines(first.value);
  for await (const items of pages) if (items.length > 0) yield lines(items);
}
