import { entityKind, getTableName } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { StoreDatabase } from "./database.ts";

// COPY for bulk writes on the embedded database. PGlite reads `COPY … FROM '/dev/blob'` from a Blob handed with
// the query: the rows travel as COPY's text format, which PostgreSQL reads far faster than the JSON document the
// multi-row statements carry (measured on PGlite, 10,000 imported deals with their streams, events and keys:
// 15.1 s through `jsonb_to_recordset`/`jsonb_populate_recordset`, 7.6 s through COPY, load ≈ 13). node-postgres
// has no COPY without another package: there the callers keep their JSON statements.

/** What {@link copyRows} did: copied every row, met a row whose key exists (nothing copied), or cannot copy here. */
export type CopyOutcome = "copied" | "conflict" | "unsupported";

/** The part of PGlite's client (a transaction's too) that COPY needs. */
interface PgliteQuery {
  query(text: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
}

/**
 * PGlite's client under a drizzle database or transaction, or undefined on another driver. drizzle keeps its
 * session on `_`; PGlite's is marked by drizzle's entity kind, so PGlite itself is not loaded to ask.
 */
function pgliteClient(db: StoreDatabase): PgliteQuery | undefined {
  const session: unknown = db._.session;
  const kind = (session as { constructor?: { [entityKind]?: unknown } } | null)?.constructor?.[entityKind];
  if (kind !== "PgliteSession") return undefined;
  const client = (session as { client?: Partial<PgliteQuery> }).client;
  return typeof client?.query === "function" ? (client as PgliteQuery) : undefined;
}

/** Whether {@link copyRows} can copy on this database (PGlite), so a caller can skip building rows it cannot. */
export function canCopy(db: StoreDatabase): boolean {
  return pgliteClient(db) !== undefined;
}

/**
 * Copies rows into `table`'s `columns` (the others take their defaults), in the order given (identity columns
 * such as the event log's `seq` follow it). A cell is its column's value as the store writes it: JSON columns
 * take the value itself, others a string, number, boolean or Date; null or undefined is NULL.
 *
 * With `onConflict: "report"` the copy runs in a savepoint, and a row whose unique key exists already (a
 * unique violation) rolls it back and answers "conflict": nothing was copied, and the caller takes its slower
 * path that says which rows those were. Without it, any failure fails the caller's transaction, as an insert
 * would. Answers "unsupported" on node-postgres, having done nothing.
 */
export async function copyRows(
  db: StoreDatabase,
  table: PgTable,
  columns: readonly PgColumn[],
  rows: Iterable<readonly unknown[]>,
  options: { readonly onConflict?: "report" } = {},
): Promise<CopyOutcome> {
  if (!pgliteClient(db)) return "unsupported";
  const json = columns.map((c) => c.getSQLType() === "jsonb" || c.getSQLType() === "json");
  const lines: string[] = [];
  for (const row of rows) {
    if (row.length !== columns.length)
      throw new RangeError(`a row of ${row.length} cells for ${columns.length} columns`);
    lines.push(row.map((v, i) => copyCell(v, json[i]!)).join("\t"));
  }
  if (lines.length === 0) return "copied";
  const blob = new Blob([`${lines.join("\n")}\n`]);
  const statement = copyStatement(table, columns);
  const copy = async (tx: StoreDatabase) => {
    await pgliteClient(tx)!.query(statement, [], { blob });
  };
  if (options.onConflict !== "report") {
    await copy(db);
    return "copied";
  }
  try {
    await db.transaction(copy);
    return "copied";
  } catch (error) {
    if (sqlState(error) === "23505") return "conflict";
    throw error;
  }
}

function copyStatement(table: PgTable, columns: readonly PgColumn[]): string {
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  return `copy ${quote(getTableName(table))} (${columns.map((c) => quote(c.name)).join(", ")}) from '/dev/blob'`;
}

// COPY's text format: a backslash, tab, newline or carriage return inside a value is written escaped; \N is NULL.
const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPED: Readonly<Record<string, string>> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function copyCell(value: unknown, json: boolean): string {
  if (value === null || value === undefined) return "\\N";
  let text: string;
  if (json) text = JSON.stringify(value);
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === "boolean") text = value ? "t" : "f";
  else if (typeof value === "string") text = value;
  else if (typeof value === "number" || typeof value === "bigint") text = String(value);
  else
    throw new TypeError(
      `COPY takes strings, numbers, booleans and dates for this column, not ${typeof value}`,
    );
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPED[c]!) : text;
}

function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}
