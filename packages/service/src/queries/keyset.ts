// Keyset (cursor) pagination over a read table: rows ordered by one sort column then by id, and the next page
// asked for "after this (sort value, id)", so a page costs the same at row 1,000,000 as at row 1 and rows
// written meanwhile never shift a page. The cursor is opaque to callers: base64url of JSON.
import { hash } from "node:crypto";
import { type InvalidInput, refuse } from "@accountable/domain";
import { and, asc, desc, isNull, or, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { type ReadTable, selectRows, type WorkspaceScope } from "../scope.ts";
import { type QueryResult, queryOk, queryRefused } from "./result.ts";

export const SORT_ORDERS = ["asc", "desc"] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** Rows per page unless the caller asks otherwise, and the most a caller may ask for. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** A list item with its record's version: the stream's version, which a command sends back as If-Match. */
export type Versioned<T> = T & { readonly version: number };

/** One page of a list: the entities, and the cursor of the next page (null on the last one). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** A column a list may be sorted by; a nullable one sorts its nulls last in either order. */
export interface SortKey {
  readonly column: PgColumn;
  readonly nullable?: boolean;
}

/** The paging fields every list's options share: sort (one of `sorts`), order, limit and cursor. */
export function pageShape<const S extends readonly [string, ...string[]]>(
  sorts: S,
  defaults: { readonly sort: S[number]; readonly order: SortOrder },
) {
  return {
    sort: z.enum(sorts).default(defaults.sort as never),
    order: z.enum(SORT_ORDERS).default(defaults.order),
    // Query strings carry numbers as text: coerce, then hold to the bounds.
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
    cursor: z.string().min(1).max(2_000).optional(),
  };
}

type SortValue = string | number | boolean | null;

interface CursorContent {
  readonly sort: string;
  readonly order: SortOrder;
  readonly value: SortValue;
  readonly id: string;
}

// The sort and order are kept in the cursor so a cursor replayed under another sort is refused, not misread.
const CursorSchema = z
  .tuple([
    z.string(),
    z.enum(SORT_ORDERS),
    z.union([z.string(), z.number(), z.boolean(), z.null()]),
    z.string().min(1),
  ])
  .transform(([sort, order, value, id]): CursorContent => ({ sort, order, value, id }));

/** The cursor that asks for the rows after this one. */
export function encodeCursor(c: CursorContent): string {
  return Buffer.from(JSON.stringify([c.sort, c.order, c.value, c.id]), "utf8").toString("base64url");
}

/** Reads a cursor back; undefined if it is not one this service wrote. */
export function decodeCursor(cursor: string): CursorContent | undefined {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export interface KeysetRequest<T> {
  readonly table: ReadTable;
  readonly sortName: string;
  readonly sort: SortKey;
  readonly order: SortOrder;
  readonly limit: number;
  readonly cursor?: string | undefined;
  /** Filters; the workspace filter is added by the scope helper. */
  readonly where: readonly (SQL | undefined)[];
  /** The entity a row's `data` holds (type only: see keysetPage). */
  readonly entity?: T;
  /** The entity's fields in its schema's order: a row's jsonb `data` is answered in it (see field-order.ts). */
  readonly fieldOrder?: readonly string[];
  /** Each item carries its row's `version` (after its fields): what the adapters' lists answer. */
  readonly versions?: boolean;
}

/**
 * Whether a cursor's value can stand for the sort column: a forged cursor must come back as a refusal, not as
 * a database error on a cast.
 */
function fitsColumn(value: SortValue, key: SortKey): boolean {
  if (value === null) return key.nullable === true;
  switch (key.column.getSQLType()) {
    case "date":
      return (
        typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))
      );
    case "timestamp with time zone":
      return typeof value === "string" && value.length <= 40 && !Number.isNaN(Date.parse(value));
    case "bigint":
    case "integer":
      return Number.isSafeInteger(value);
    case "boolean":
      return typeof value === "boolean";
    default:
      return typeof value === "string";
  }
}

/** The condition "after the cursor's row" in the page's order (row-value comparison, which an index serves). */
function after(req: KeysetRequest<unknown>, c: CursorContent): SQL {
  const { column, nullable } = req.sort;
  const id = req.table.id;
  const op = sql.raw(req.order === "asc" ? ">" : "<");
  // Cast the parameter to the column's type so PostgreSQL compares dates as dates, not as text.
  const value = sql`cast(${c.value} as ${sql.raw(column.getSQLType())})`;
  if (c.value === null) return and(isNull(column), sql`${id} ${op} ${c.id}`)!;
  const beyond = sql`(${column}, ${id}) ${op} (${value}, ${c.id})`;
  // Nulls sort last in both orders, so every null row still lies after a non-null cursor.
  return nullable ? or(beyond, isNull(column))! : beyond;
}

function ordering(req: KeysetRequest<unknown>): SQL[] {
  const { column, nullable } = req.sort;
  const dir = req.order === "asc" ? asc : desc;
  const first = nullable ? sql`${column} ${sql.raw(req.order)} nulls last` : dir(column);
  return [first, dir(req.table.id)];
}

/** A string as a SQL literal (for the field names written into a row's JSON: the schema's, never a caller's). */
const literal = (text: string) => sql.raw(`'${text.replaceAll("'", "''")}'`);

/**
 * A row's `data` as JSON text with its fields in `order` (then `version` when asked), built by PostgreSQL: jsonb
 * keeps keys shortest first, and a page passes its rows on as this text, with no parse, copy and serialisation
 * of each row here. Each named field is `"name":value` (a field the row lacks is left out: `concat_ws` skips a
 * null); any field the order does not name follows, as jsonb has it (none when the row holds to its schema).
 */
export function rowJson(table: ReadTable, order: readonly string[], versions: boolean): SQL<string> {
  const version = versions ? sql`'"version":' || ${table.version}` : undefined;
  if (order.length === 0)
    return version
      ? sql<string>`(${table.data} || jsonb_build_object('version', ${table.version}))::text`
      : sql<string>`${table.data}::text`;
  const fields = order.map(
    (k) => sql`${literal(`${JSON.stringify(k)}:`)} || (${table.data} -> ${literal(k)})::text`,
  );
  const named = literal(`{${order.map((k) => JSON.stringify(k)).join(",")}}`);
  const rest = sql`nullif(substr((${table.data} - ${named}::text[])::text, 2, length((${table.data} - ${named}::text[])::text) - 2), '')`;
  return sql<string>`'{' || concat_ws(',', ${sql.join([...fields, rest, ...(version ? [version] : [])], sql`, `)}) || '}'`;
}

/**
 * The select a page runs — filtered, ordered by the sort column then id, one row more than the page — or a
 * refusal for a cursor this service did not give out (or gave out for another sort). Apart from
 * {@link keysetPage} so that tests can EXPLAIN exactly the statement a list runs.
 */
export function keysetQuery<T>(scope: WorkspaceScope, req: KeysetRequest<T>) {
  let cursorCondition: SQL | undefined;
  if (req.cursor !== undefined) {
    const c = decodeCursor(req.cursor);
    if (!c || c.sort !== req.sortName || c.order !== req.order || !fitsColumn(c.value, req.sort))
      return queryRefused<never>(
        refuse.invalidInput(
          "cursor",
          "That cursor does not belong to this list and sort order; ask for the first page again.",
        ) satisfies InvalidInput,
      );
    cursorCondition = after(req as KeysetRequest<unknown>, c);
  }
  // One row more than asked says whether another page follows, without a count.
  return queryOk(
    selectRows(
      scope,
      req.table,
      {
        id: req.table.id,
        sortValue: req.sort.column,
        json: rowJson(req.table, req.fieldOrder ?? [], req.versions === true),
      },
      {
        where: [...req.where, cursorCondition],
        orderBy: ordering(req as KeysetRequest<unknown>),
        limit: req.limit + 1,
      },
    ),
  );
}

type PageStatement = { execute(): Promise<{ id: unknown; sortValue: unknown; json: string }[]> };

/** The statements of recent pages, by database and page (see {@link keysetPageJson}). */
const STATEMENTS = new WeakMap<object, Map<string, PageStatement>>();
const STATEMENTS_KEPT = 1_000;

/**
 * The statement of a page, built once: the same page asked again (a board polling, a client retrying) runs the
 * statement already built, with no query building; and it runs as a named (prepared) statement, one per shape of
 * query (its text), so PostgreSQL does not parse and plan it again on the connection. `key` names the page: the
 * list, workspace and options it was built from.
 */
function pageStatement<T>(
  scope: WorkspaceScope,
  req: KeysetRequest<T>,
  key: string | undefined,
): QueryResult<PageStatement> {
  const kept = key === undefined ? undefined : STATEMENTS.get(scope.db);
  const known = key === undefined ? undefined : kept?.get(key);
  if (known) return queryOk(known);
  const query = keysetQuery(scope, req);
  if (!query.ok) return query;
  const statement = query.value.prepare(
    `page_${hash("sha1", query.value.toSQL().sql, "base64url").slice(0, 20)}`,
  ) as unknown as PageStatement;
  if (key !== undefined) {
    const pages = kept ?? new Map<string, PageStatement>();
    if (!kept) STATEMENTS.set(scope.db, pages);
    if (pages.size >= STATEMENTS_KEPT) pages.delete(pages.keys().next().value as string);
    pages.set(key, statement);
  }
  return queryOk(statement);
}

/**
 * One page as JSON text, `{"items":[…],"nextCursor":…}`: the rows as PostgreSQL wrote them in field order (see
 * {@link rowJson}), joined, never parsed. A row's `data` is the entity as its projection wrote it, validated
 * then (the read tables' schema test holds every list's rows to its schema). `key` (optional) names the page
 * for the statement cache (see pageStatement).
 */
export async function keysetPageJson<T>(
  scope: WorkspaceScope,
  req: KeysetRequest<T>,
  key?: string,
): Promise<QueryResult<{ readonly items: string; readonly nextCursor: string | null }>> {
  const statement = pageStatement(scope, req, key);
  if (!statement.ok) return statement;
  const rows = await statement.value.execute();
  const page = rows.length > req.limit ? rows.slice(0, req.limit) : rows;
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > req.limit && last
      ? encodeCursor({
          sort: req.sortName,
          order: req.order,
          value: last.sortValue as SortValue,
          id: last.id as string,
        })
      : null;
  return queryOk({ items: `[${page.map((r) => r.json).join(",")}]`, nextCursor });
}

/**
 * One page of a read table's rows in the workspace: at most `limit` entities, and the cursor of the next page (see
 * {@link keysetQuery}), each entity read from the row's JSON in field order ({@link keysetPageJson}).
 */
export async function keysetPage<T>(
  scope: WorkspaceScope,
  req: KeysetRequest<T>,
  key?: string,
): Promise<QueryResult<Page<T>>> {
  const page = await keysetPageJson(scope, req, key);
  if (!page.ok) return page;
  return queryOk({ items: JSON.parse(page.value.items) as T[], nextCursor: page.value.nextCursor });
}
