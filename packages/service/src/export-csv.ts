// A list as CSV, written once for every adapter: `accountable export <list>` and the API's
// GET /api/workspaces/{id}/{list}.csv stream the same columns and rows for the same filters, a page at a time
// (the reader's keyset pages), so a million rows never sit in memory. Two formats:
//
// - "readable" (the default), what a spreadsheet user expects of the list: one column per field of the domain's
//   entity, in its order, derived from the entity's schema (so an empty list still has its header line and a new
//   field gets its column without a line here). A member, an account, a deal or a contract is named beside its
//   id ("owner" then "ownerId", "account" then "accountId", "opportunity" then "opportunityId"), a deal's pipeline and stage by their labels beside their ids, moments
//   as their UTC day (YYYY-MM-DD), durations in words ("12 months"), money as a plain number with a
//   "<field>Currency" column, lists of words joined with "; ", a list of records by their names or titles, and
//   no JSON: a nested object is summarised by its text when it has one and left out when it has none. An
//   invoice adds its total. Money the reader may not see reads `masked`, as in the import format.
// - "import", the round trip (`accountable export --format import`, `?format=import`): accounts, contacts and
//   deals are written with the product's `id` first, then the column names of the import's
// row fields (sourceId, name, accountName, owner, amount, currency, stage, closeDate, …), so `accountable import`
// reads the file back as it is: deals name their account by name (matched or created on import) and their owner
// by member id. `sourceId` and `source` are the record's id in the system it was imported from, and that
// system's name (empty for a record made here); the import ignores `id` and `source`. The other lists have
// one column per field of the domain's entity, in its order (money as an amount column and a currency column,
// lists of words joined with "; ", anything nested as JSON) — the columns come from the entity's schema, so an
// empty list still has its header line, and a money field empty on the first row still has its currency column.
//
// Every cell is safe to open in a spreadsheet (OWASP's CSV injection guidance): a cell that starts with = + - @,
// a tab or a carriage return would be read as a formula, so it is written with a ' in front, and a cell holding
// a delimiter a spreadsheet may split on (, ; tab) is quoted. `restoreCell` takes that ' off again on reading.
import {
  type Account,
  AccountIdSchema,
  CalendarDateSchema,
  type Contact,
  ContractIdSchema,
  DurationSchema,
  type Invoice,
  invoiceTotal,
  isMasked,
  isMoneySchema,
  MemberIdSchema,
  type Money,
  type Opportunity,
  OpportunityIdSchema,
  type Pipeline,
  PipelineIdSchema,
  StageIdSchema,
  TimestampSchema,
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

/** How a list is written: readable for a spreadsheet (the default), or as the import reads it back. */
export const CSV_FORMATS = ["readable", "import"] as const;
export type CsvFormat = (typeof CSV_FORMATS)[number];

const IMPORT_COLUMNS = new Map<ListName, readonly string[]>();

function importColumns(list: ListName): readonly string[] {
  const known = IMPORT_COLUMNS.get(list);
  if (known) return known;
  const columns =
    list === "opportunities"
      ? OPPORTUNITY_COLUMNS
      : list === "accounts"
        ? ACCOUNT_COLUMNS
        : list === "contacts"
          ? CONTACT_COLUMNS
          : entityColumns(LISTS[list].entity);
  IMPORT_COLUMNS.set(list, columns);
  return columns;
}

/** The CSV header of a list in a format (see the module comment). */
export function exportColumns(list: ListName, format: CsvFormat = "readable"): readonly string[] {
  return format === "import" ? importColumns(list) : readableColumns(list).map((c) => c.name);
}

// --- the readable format -----------------------------------------------------------------------------------

/**
 * What a readable row names by id: members, accounts, deals, contracts, pipelines and stages (the id itself when
 * unknown).
 */
interface Names {
  readonly member: (id: string) => string;
  readonly account: (id: string) => string;
  readonly opportunity: (id: string) => string;
  readonly contract: (id: string) => string;
  readonly pipeline: (id: string) => string;
  readonly stage: (pipelineId: unknown, stageId: string) => string;
}

/** The kinds of record a readable column names, each read once for the export when a column needs it. */
type NamedRecords = "member" | "account" | "opportunity" | "contract";

type Item = Readonly<Record<string, unknown>>;

interface ReadableColumn {
  readonly name: string;
  readonly cell: (item: Item, names: Names) => string;
  /** The names its cells read (so an export reads the accounts, deals or contracts only when a column names one). */
  readonly names?: NamedRecords | readonly NamedRecords[];
}

/** The schemas a field's schema wraps (optional, nullable, default, a pipe's input), itself first. */
function layers(schema: unknown): unknown[] {
  const found: unknown[] = [];
  for (let s = schema as SchemaNode | undefined; s && found.length < 8; ) {
    found.push(s);
    s = (s._zod?.def?.innerType ?? s._zod?.def?.in) as SchemaNode | undefined;
  }
  return found;
}

const isSchema = (schema: unknown, of: unknown) => layers(schema).includes(of);
const innermost = (schema: unknown) =>
  layers(schema).at(-1) as SchemaNode & {
    readonly _zod?: { readonly def?: { readonly type?: string; readonly element?: unknown } };
  };

/** "ownerId" → "owner", "projectManagerIds" → "projectManagers"; a field without "Id" gets "Name". */
const namedColumn = (field: string) =>
  /Ids$/.test(field)
    ? field.replace(/Ids$/, "s")
    : /Id$/.test(field)
      ? field.replace(/Id$/, "")
      : `${field}Name`;

const day = (v: unknown) => (typeof v === "string" ? v.slice(0, 10) : "");
// A value the reader may not see reads `masked` in any column, as money does.
const plain = (v: unknown) =>
  v === null || v === undefined
    ? ""
    : isMasked(v)
      ? "masked"
      : typeof v === "object"
        ? ""
        : String(v as string | number | boolean);
const words = (v: unknown) => (Array.isArray(v) ? v.map(String).join("; ") : plain(v));

/** The text a nested record is summarised by, when it has one. */
const SUMMARY_FIELDS = ["name", "title", "description", "subject", "text", "summary"] as const;

/** How one element of a list of records reads: its name or title, else the member or account it names. */
function elementSummary(element: unknown): ((v: Item, names: Names) => string) | undefined {
  const shape = (innermost(element) as SchemaNode).shape;
  if (!shape) return undefined;
  const textField = SUMMARY_FIELDS.find((f) => f in shape);
  if (textField) return (v) => plain(v[textField]);
  if ("memberId" in shape)
    return (v, names) =>
      `${names.member(String(v.memberId))}${typeof v.role === "string" ? ` (${v.role.replace(/_/g, " ")})` : ""}`;
  if ("accountId" in shape) return (v, names) => names.account(String(v.accountId));
  return undefined;
}

/** The readable columns of one entity field (none for a nested record with nothing to read it by). */
function readableField(field: string, schema: unknown): ReadableColumn[] {
  const value = (item: Item) => item[field];
  const byId = (kind: NamedRecords | "pipeline"): ReadableColumn[] => [
    {
      name: namedColumn(field),
      cell: (item, names) => (typeof value(item) === "string" ? names[kind](value(item) as string) : ""),
      ...(kind === "pipeline" ? {} : { names: kind }),
    },
    { name: field, cell: (item) => plain(value(item)) },
  ];
  if (field === "id") return [{ name: field, cell: (item) => plain(value(item)) }];
  if (isSchema(schema, MemberIdSchema)) return byId("member");
  if (isSchema(schema, AccountIdSchema)) return byId("account");
  // A contract's deal and the contract it renews, a brief's deal and contract: by name and title beside the id.
  if (isSchema(schema, OpportunityIdSchema)) return byId("opportunity");
  if (isSchema(schema, ContractIdSchema)) return byId("contract");
  if (isSchema(schema, PipelineIdSchema)) return byId("pipeline");
  if (isSchema(schema, StageIdSchema))
    return [
      {
        name: namedColumn(field),
        cell: (item, names) =>
          typeof value(item) === "string" ? names.stage(item.pipelineId, value(item) as string) : "",
      },
      { name: field, cell: (item) => plain(value(item)) },
    ];
  if (isSchema(schema, TimestampSchema)) return [{ name: field, cell: (item) => day(value(item)) }];
  if (isSchema(schema, CalendarDateSchema)) return [{ name: field, cell: (item) => plain(value(item)) }];
  if (isSchema(schema, DurationSchema))
    return [
      {
        name: field,
        cell: (item) => {
          const d = value(item) as { unit?: string; count?: number } | null;
          if (!d || typeof d.count !== "number") return plain(d);
          return `${d.count} ${d.count === 1 ? String(d.unit).replace(/s$/, "") : d.unit}`;
        },
      },
    ];
  if (holdsMoney(schema as z.ZodType))
    return [
      {
        name: field,
        cell: (item) => {
          const v = value(item);
          return isMasked(v) ? "masked" : isMoney(v) ? toDecimalString(v) : "";
        },
      },
      {
        name: `${field}Currency`,
        cell: (item) => {
          const v = value(item);
          return !isMasked(v) && isMoney(v) ? v.currency : "";
        },
      },
    ];
  const inner = innermost(schema);
  const type = inner._zod?.def?.type;
  if (type === "array") {
    const element = inner._zod?.def?.element;
    if (isSchema(element, MemberIdSchema))
      return [
        {
          name: namedColumn(field),
          cell: (item, names) =>
            Array.isArray(value(item))
              ? (value(item) as string[]).map(names.member).join("; ")
              : plain(value(item)),
          names: "member",
        },
        { name: field, cell: (item) => words(value(item)) },
      ];
    const summary = elementSummary(element);
    if (summary)
      return [
        {
          name: field,
          // A record of a list names a member or an account at most; both are read for it.
          names: ["member", "account"],
          cell: (item, names) =>
            Array.isArray(value(item))
              ? (value(item) as Item[])
                  // A target list's former members stay in its record, but are no longer on the list.
                  .filter((v) => !(typeof v === "object" && v !== null && v.removedAt))
                  .map((v) => summary(v, names))
                  .join("; ")
              : plain(value(item)),
        },
      ];
    if ((innermost(element) as SchemaNode).shape) return [];
    return [{ name: field, cell: (item) => words(value(item)) }];
  }
  const shape = (inner as SchemaNode).shape;
  // A nested record (an object, or a union of them: an enum's `options` are its values, read as they are).
  if (shape || type === "union") {
    const textField = shape ? SUMMARY_FIELDS.find((f) => f in shape) : undefined;
    if (!textField) return [];
    return [
      {
        name: field,
        cell: (item) => {
          const v = value(item) as Item | null;
          return isMasked(v) ? "masked" : v && typeof v === "object" ? plain(v[textField]) : "";
        },
      },
    ];
  }
  return [{ name: field, cell: (item) => plain(value(item)) }];
}

/** The money a readable invoice adds, in its currency column: its total (masked when any line's price is). */
const INVOICE_TOTAL: readonly ReadableColumn[] = [
  {
    name: "total",
    cell: (item) => {
      const i = item as unknown as Invoice;
      if (!Array.isArray(i.lines)) return plain(i.lines);
      if (i.lines.some((l) => isMasked(l.unitPrice))) return "masked";
      return toDecimalString(invoiceTotal(i));
    },
  },
];

const READABLE = new Map<ListName, readonly ReadableColumn[]>();

/**
 * A list's readable columns: its entity's fields in order (the record's name or title moved beside its id),
 * each as readableField writes it.
 */
function readableColumns(list: ListName): readonly ReadableColumn[] {
  const known = READABLE.get(list);
  if (known) return known;
  const fields: [string, unknown][] = [];
  for (const [field, schema] of fieldSchemas(LISTS[list].entity))
    if (!fields.some(([f]) => f === field)) fields.push([field, schema]);
  const label = fields.findIndex(([f]) => f === "name" || f === "title" || f === "number");
  if (label > 1) fields.splice(1, 0, ...fields.splice(label, 1));
  const columns = fields.flatMap(([field, schema]) => [
    ...readableField(field, schema),
    ...(list === "invoices" && field === "currency" ? INVOICE_TOTAL : []),
  ]);
  READABLE.set(list, columns);
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
  return labels(reader, "accounts", "name");
}

/** The names (or titles) of a list's records by id, read once, as the reader may read them ("" when unknown). */
async function labels(
  reader: ExportReader,
  list: "accounts" | "opportunities" | "contracts",
  field: "name" | "title",
): Promise<(id: string) => string> {
  const names = new Map<string, string>();
  for await (const items of exportPages(reader, list, {}))
    for (const r of items as Record<string, unknown>[])
      if (typeof r[field] === "string") names.set(String(r.id), r[field] as string);
  return (id) => names.get(id) ?? "";
}

/** One chunk of an export: the lines of a page (the first chunk is the header line), and its rows. */
export interface CsvChunk {
  readonly text: string;
  readonly rows: number;
}

/** How csvExport writes: the format, and the pipelines that name a deal's stages (their ids when absent). */
export interface CsvExportOptions {
  readonly format?: CsvFormat;
  readonly pipelines?: readonly Pipeline[];
}

/** Members' names by id, as the reader may read them (an id when the member is not readable). */
async function memberNames(reader: ExportReader): Promise<(id: string) => string> {
  const names = new Map<string, string>();
  try {
    for await (const items of exportPages(reader, "members", {}))
      for (const m of items as { id: string; name: string }[]) names.set(m.id, m.name);
  } catch (e) {
    // A reader who may not list the members still gets the export, with members' ids.
    if (!(e instanceof ExportRefused)) throw e;
  }
  return (id) => names.get(id) ?? id;
}

/** What the readable columns of a list need to name: only what its columns refer to is read. */
async function namesFor(
  reader: ExportReader,
  columns: readonly ReadableColumn[],
  pipelines: readonly Pipeline[] | undefined,
): Promise<Names> {
  const needs = (kind: NamedRecords) =>
    columns.some((c) => c.names === kind || (Array.isArray(c.names) && c.names.includes(kind)));
  const accounts = needs("account") ? await accountNames(reader) : () => "";
  const deals = needs("opportunity") ? await labels(reader, "opportunities", "name") : () => "";
  const contracts = needs("contract") ? await labels(reader, "contracts", "title") : () => "";
  const member = needs("member") ? await memberNames(reader) : (id: string) => id;
  const pipeline = (id: string) => pipelines?.find((p) => p.id === id);
  return {
    member,
    account: (id) => accounts(id) || id,
    opportunity: (id) => deals(id) || id,
    contract: (id) => contracts(id) || id,
    pipeline: (id) => pipeline(id)?.name ?? id,
    stage: (pipelineId, stageId) =>
      pipeline(String(pipelineId))?.stages.find((st) => st.id === stageId)?.label ?? stageId,
  };
}

/**
 * The list as CSV lines ending in `\n`, the header first (alone when nothing matches), then one chunk per page of
 * rows, in the format asked (readable unless said). The options are the list's filters and sort (no `limit` or
 * `cursor`: every row is written). A refused filter throws ExportRefused before the header is yielded.
 */
export async function* csvExport(
  reader: ExportReader,
  list: ListName,
  options: Readonly<Record<string, unknown>>,
  how: CsvExportOptions = {},
): AsyncGenerator<CsvChunk> {
  const format = how.format ?? "readable";
  const pages = exportPages(reader, list, options);
  // The first page is read before anything is written, so a refused filter is an answer, not half a file.
  const first = await pages.next();
  const header = exportColumns(list, format);
  let cellsOf: (item: unknown) => Cells;
  if (format === "readable") {
    const columns = readableColumns(list);
    const names = await namesFor(reader, columns, how.pipelines);
    cellsOf = (item) => Object.fromEntries(columns.map((c) => [c.name, c.cell(item as Item, names)]));
  } else {
    const nameOf =
      list === "opportunities" || list === "contacts" || list === "accounts"
        ? await accountNames(reader)
        : () => "";
    cellsOf = (item) =>
      list === "opportunities"
        ? opportunityCells(item as Opportunity, nameOf)
        : list === "accounts"
          ? accountCells(item as Account, nameOf)
          : list === "contacts"
            ? contactCells(item as Contact, nameOf)
            : genericCells(item as Record<string, unknown>);
  }
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
