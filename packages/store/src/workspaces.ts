import { eq } from "drizzle-orm";
import type { StoreDatabase } from "./database.ts";
import { workspaces } from "./schema/workspaces.ts";
import { assertWorkspaceId } from "./workspace-scope.ts";

/** A workspace row as the store returns it. */
export interface Workspace {
  readonly id: string;
  readonly name: string;
  readonly settings: Record<string, unknown>;
  readonly createdAt: string;
}

/**
 * Creates the workspace unless it exists, and returns it as stored (an existing one is returned unchanged),
 * so running the same set-up twice is harmless.
 */
export async function ensureWorkspace(
  db: StoreDatabase,
  workspace: { readonly id: string; readonly name: string; readonly settings?: Record<string, unknown> },
): Promise<Workspace> {
  assertWorkspaceId(workspace.id);
  await db
    .insert(workspaces)
    .values({ id: workspace.id, name: workspace.name, settings: workspace.settings ?? {} })
    .onConflictDoNothing({ target: workspaces.id });
  const found = await findWorkspace(db, workspace.id);
  if (!found) throw new Error(`Workspace ${workspace.id} vanished right after it was ensured`);
  return found;
}

/** The workspace with this id, or undefined. */
export async function findWorkspace(db: StoreDatabase, workspaceId: string): Promise<Workspace | undefined> {
  assertWorkspaceId(workspaceId);
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  return row && { ...row, createdAt: row.createdAt.toISOString() };
}
