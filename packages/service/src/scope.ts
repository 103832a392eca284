import type { WorkspaceSettings } from "@accountable/domain";
import { copyRows, type StoreDatabase } from "@accountable/store";
import { and, asc, eq, getTableColumns, getTableName, gt, inArray, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable, SelectedFields } from "drizzle-orm/pg-core";

/**
 * Everything a command or query runs against: one workspace, inside one transaction (or connection). Every
 * read-table access of the service goes through the helpers below, which add the workspace filter, so no call
 * site can forget it.
 */
export interface Scope {
  readonly db: StoreDatabase;
  readonly workspaceId: string;
  readonly settings: WorkspaceSettings;
  /** When set, `upsertRow` records the projected rows here for a bulk write instead of writing them. */
  readonly projections?: ProjectionBuffer;
  /**
   * When set, accounts loaded for permission checks are kept here by id (a reader describing a page of records
   * under the same few accounts loads each account once).
   */
  readonly accounts?: Map<string, Promise<unknown>>;
}

/** A read table: any table with the read-model columns. */
export type ReadTable = PgTable & {
  readonly workspaceId: PgColumn;
  readonly id: PgColumn;
  readonly version: PgColumn;
  readonly data: PgColumn;
};

/** The `data` of one row, by id, within the workspace; undefined when there is none. */
export async function findData(
  scope: Pick<Scope, "db" | "workspaceId">,
  table: ReadTable,
  id: string,
): Promise<unknown> {
  const rows = await scope.db
    .select({ data: table.data })
    .from(table as PgTable)
    .where(and(eq(table.workspaceId, scope.workspaceId), eq(table.id, id)))
    .limit(1);
  return rows[0]?.data;
}

/** The `data` of every row whose `column` equals `value`, within the workspace. */
export async function listDataWhere(
  scope: Scope,
  table: ReadTable,
  column: PgColumn,
  value: string,
): Promise<unknown[]> {
  const rows = await scope.db
    .select({ data: table.data })
    .from(table as PgTable)
    .where(and(eq(table.workspaceId, scope.workspaceId), eq(column, value)));
  return rows.map((r) => r.data);
}

/** The `data` of the rows with these ids, within the workspace. */
export async function listDataByIds(
  scope: Scope,
  table: ReadTable,
  ids: readonly string[],
): Promise<unknown[]> {
  if (ids.length === 0) return [];
  const rows = await scope.db
    .select({ data: table.data })
    .from(table as PgTable)
    .where(and(eq(table.workspaceId, scope.workspaceId), inArray(table.id, [...ids])));
  return rows.map((r) => r.data);
}

/** Inserts or replaces one projected row, keyed by (workspace, id). */
export async function upsertRow(
  scope: Scope,
  table: ReadTable,
  row: {
    readonly id: string;
    readonly version: number;
    readonly data: unknown;
    readonly updatedAt: string;
  } & Record<string, unknown>,
): Promise<void> {
  const values = { ...row, workspaceId: scope.workspaceId };
  if (scope.projections) return scope.projections.put(table, values);
  const { workspaceId: _w, id: _i, ...changes } = values;
  await scope.db
    .insert(table)
    .values(values as never)
    .onConflictDoUpdate({ target: [table.workspaceId, table.id], set: changes as never });
}

/** A read row as the sweep and other scans see it: id, the version it reflects, and the entity. */
export interface ScannedRow {
  readonly id: string;
  readonly version: number;
  readonly data: unknown;
}

/**
 * One page of the rows matching `where`, within the workspace, in id order (keyset: pass the last id back as
 * `afterId`). The workspace filter is added here; `where` only narrows it (status and date columns).
 */
export async function scanRows(
  scope: Scope,
  table: ReadTable,
  where: SQL | undefined,
  page: { readonly afterId?: string | undefined; readonly limit: number },
): Promise<ScannedRow[]> {
  const rows = await scope.db
    .select({ id: table.id, version: table.version, data: table.data })
    .from(table as PgTable)
    .where(
      and(
        eq(table.workspaceId, scope.workspaceId),
        page.afterId === undefined ? undefined : gt(table.id, page.afterId),
        where,
      ),
    )
    .orderBy(asc(table.id))
    .limit(page.limit);
  return rows as ScannedRow[];
}

/** The `data` of every row whose `column` is one of `values`, within the workspace. */
export async function listDataWhereIn(
  scope: Scope,
  table: ReadTable,
  column: PgColumn,
  values: readonly string[],
): Promise<unknown[]> {
  if (values.length === 0) return [];
  const rows = await scope.db
    .select({ data: table.data })
    .from(table as PgTable)
    .where(and(eq(table.workspaceId, scope.workspaceId), inArray(column, [...values])));
  return rows.map((r) => r.data);
}

/**
 * Inserts new rows into a workspace table, stamping each with the scope's workspace. For bulk writes of rows
 * that do not exist yet (a row that exists fails the whole statement). Each column travels as one array
 * parameter, unnested by PostgreSQL (`insert … select … from unnest($1, $2, …)`): a statement costs the same
 * few parameters however many rows it carries, and the rows go in in the order given (identity columns,
 * such as the event log's `seq`, follow that order).
 */
export async function insertRows(
  scope: Scope,
  table: PgTable & { readonly workspaceId: PgColumn },
  rows: readonly Record<string, unknown>[],
  rowsPerStatement = 5_000,
): Promise<void> {
  if (rows.length === 0) return;
  const all = getTableColumns(table);
  const keys = Object.keys({ ...rows[0], workspaceId: scope.workspaceId });
  const columns = keys.map((k) => {
    const column = all[k];
    if (!column) throw new Error(`${getTableName(table)} has no column ${k}`);
    return column;
  });
  const names = sql.join(
    columns.map((c) => sql.identifier(c.name)),
    sql`, `,
  );
  const aliases = columns.map((_, i) => sql.identifier(`c${i}`));
  const casts = sql.join(
    columns.map((c, i) => sql`${aliases[i]}::${sql.raw(c.getSQLType())}`),
    sql`, `,
  );
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const slice = rows.slice(start, start + rowsPerStatement);
    const arrays = columns.map((column, i) =>
      slice.map((row) => {
        const value = keys[i] === "workspaceId" ? scope.workspaceId : row[keys[i]!];
        if (value === null || value === undefined) return null;
        const driver = column.mapToDriverValue(value);
        return typeof driver === "string" ? driver : String(driver);
      }),
    );
    const params = sql.join(
      arrays.map((a) => sql`${sql.param(a)}::text[]`),
      sql`, `,
    );
    await scope.db.execute(
      sql`insert into ${table} (${names}) select ${casts} from unnest(${params}) with ordinality as t(${sql.join(aliases, sql`, `)}, ord) order by ord`,
    );
  }
}

/** What a read needs of a scope when it needs no settings (lists): the database and the workspace. */
export type WorkspaceScope = Pick<Scope, "db" | "workspaceId">;

/** A table whose rows belong to a workspace: every read table, and the event log. */
export type WorkspaceTable = PgTable & { readonly workspaceId: PgColumn };

/** What narrows, groups, orders and bounds a {@link selectRows}; the workspace filter is not among them. */
export interface RowQuery {
  readonly where?: readonly (SQL | undefined)[];
  readonly groupBy?: readonly (PgColumn | SQL)[];
  readonly orderBy?: readonly (PgColumn | SQL)[];
  readonly limit?: number;
}

/**
 * Selects `fields` from the workspace's rows of `table` that meet every condition of `query.where`, grouped,
 * ordered and limited as asked. The workspace filter is added here, first, so it leads every index used.
 */
export function selectRows<F extends SelectedFields>(
  scope: WorkspaceScope,
  table: WorkspaceTable,
  fields: F,
  query: RowQuery = {},
) {
  let q = scope.db
    .select(fields)
    .from(table as PgTable)
    .where(and(eq(table.workspaceId, scope.workspaceId), ...(query.where ?? [])))
    .$dynamic();
  if (query.groupBy && query.groupBy.length > 0) q = q.groupBy(...query.groupBy);
  if (query.orderBy && query.orderBy.length > 0) q = q.orderBy(...query.orderBy);
  if (query.limit !== undefined) q = q.limit(query.limit);
  return q;
}

/** The ids of the workspace's rows of `table` meeting `where`, as a subquery for `inArray(column, …)`. */
export function idsWhere(scope: Scope, table: ReadTable, ...where: (SQL | undefined)[]) {
  return scope.db
    .select({ id: table.id })
    .from(table as PgTable)
    .where(and(eq(table.workspaceId, scope.workspaceId), ...where));
}

/**
 * The rows projections would upsert, kept for one bulk write (an import batch): give a scope this buffer as
 * `projections` and the specs' own `project` code records its rows here; `writeProjections` then writes them,
 * a few statements per table. The last row recorded for an id wins, as the last upsert would.
 */
export class ProjectionBuffer {
  readonly #tables = new Map<ReadTable, Map<string, Record<string, unknown>>>();

  put(table: ReadTable, row: Record<string, unknown> & { readonly id: string }): void {
    const rows = this.#tables.get(table) ?? new Map<string, Record<string, unknown>>();
    this.#tables.set(table, rows);
    rows.set(row.id, row);
  }

  get size(): number {
    let n = 0;
    for (const rows of this.#tables.values()) n += rows.size;
    return n;
  }

  tables(): [ReadTable, Record<string, unknown>[]][] {
    return [...this.#tables].map(([table, rows]) => [table, [...rows.values()]]);
  }
}

/**
 * Upserts the buffered rows into their tables, keyed by (workspace, id), stamped with the scope's workspace.
 * On the embedded database a table's rows are first copied (COPY); when one of them exists already, or on
 * PostgreSQL, they are upserted by statements. A statement's rows travel as one JSON document that the server reads with `jsonb_populate_recordset` (typed
 * by the table itself; jsonb, so the entity in `data` is parsed once, not again as a column): building it is one `JSON.stringify`, where drizzle's VALUES builder spends more time
 * than the database does. Every column named by some buffered row is written (null where a row leaves it out).
 */
export async function writeProjections(
  scope: Scope,
  buffer: ProjectionBuffer,
  rowsPerStatement = 2_000,
): Promise<void> {
  for (const [table, rows] of buffer.tables()) {
    const named = new Set(rows.flatMap((r) => Object.keys(r)));
    named.add("workspaceId");
    const columns = Object.entries(getTableColumns(table)).filter(([key]) => named.has(key));
    const list = sql.join(
      columns.map(([, c]) => sql.identifier(c.name)),
      sql`, `,
    );
    // `excluded` is the row that was proposed: every column but the key takes its value, as upsertRow's `set`.
    const set = sql.join(
      columns
        .filter(([key]) => key !== "workspaceId" && key !== "id")
        .map(([, c]) => sql`${sql.identifier(c.name)} = excluded.${sql.identifier(c.name)}`),
      sql`, `,
    );
    // JSON columns take the value itself; the others their driver value, which the record type then casts.
    const plan = columns.map(([key, c]) => ({
      key,
      name: c.name,
      column: c,
      json: c.getSQLType() === "jsonb" || c.getSQLType() === "json",
    }));
    const encode = (r: Record<string, unknown>) => {
      const out: Record<string, unknown> = {};
      for (const { key, name, column, json } of plan) {
        const v = key === "workspaceId" ? scope.workspaceId : r[key];
        out[name] = v === null || v === undefined ? null : json ? v : column.mapToDriverValue(v);
      }
      return out;
    };
    // On the embedded database, COPY (the store's copyRows): the rows are new ones but for a rare repeat, which
    // rolls the copy back and leaves them to the upsert below.
    const copied = await copyRows(
      scope.db,
      table,
      plan.map((p) => p.column),
      rows.map((r) =>
        plan.map(({ key, column, json }) => {
          const v = key === "workspaceId" ? scope.workspaceId : r[key];
          return v === null || v === undefined || json ? v : column.mapToDriverValue(v);
        }),
      ),
      { onConflict: "report" },
    );
    if (copied === "copied") continue;
    for (let i = 0; i < rows.length; i += rowsPerStatement) {
      const slice = rows.slice(i, i + rowsPerStatement).map(encode);
      await scope.db.execute(sql`
        insert into ${table} (${list})
        select ${list} from jsonb_populate_recordset(null::${table}, ${JSON.stringify(slice)}::jsonb)
        on conflict (${sql.identifier(table.workspaceId.name)}, ${sql.identifier(table.id.name)}) do update set ${set}`);
    }
  }
}
