import type { WorkspaceSettings } from "@accountable/domain";
import type { StoreDatabase } from "@accountable/store";
import { and, asc, eq, gt, inArray, type SQL } from "drizzle-orm";
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
}

/** A read table: any table with the read-model columns. */
export type ReadTable = PgTable & {
  readonly workspaceId: PgColumn;
  readonly id: PgColumn;
  readonly version: PgColumn;
  readonly data: PgColumn;
};

/** The `data` of one row, by id, within the workspace; undefined when there is none. */
export async function findData(scope: Scope, table: ReadTable, id: string): Promise<unknown> {
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
 * Inserts new rows into a workspace table in multi-row statements, stamping each with the scope's workspace.
 * For bulk writes of rows that do not exist yet: a row that exists already fails the whole statement.
 */
export async function insertRows(
  scope: Scope,
  table: PgTable & { readonly workspaceId: PgColumn },
  rows: readonly Record<string, unknown>[],
  rowsPerStatement: number,
): Promise<void> {
  for (let i = 0; i < rows.length; i += rowsPerStatement) {
    const slice = rows.slice(i, i + rowsPerStatement).map((r) => ({ ...r, workspaceId: scope.workspaceId }));
    await scope.db.insert(table).values(slice as never);
  }
}

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
  scope: Scope,
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
