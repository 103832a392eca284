import type { WorkspaceSettings } from "@accountable/domain";
import type { StoreDatabase } from "@accountable/store";
import { and, eq, inArray } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";

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
