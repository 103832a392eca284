// Members' saved views of the list pages (schema/saved-views.ts): read, save (replacing one of the same name),
// delete. Each member sees only their own.
import { and, asc, eq, sql } from "drizzle-orm";
import type { StoreDatabase } from "./database.ts";
import { savedViews } from "./schema/saved-views.ts";
import { assertWorkspaceId } from "./workspace-scope.ts";

export interface SavedViewRow {
  readonly list: string;
  readonly name: string;
  readonly params: Readonly<Record<string, string>>;
  readonly savedAt: Date;
}

/** The member's saved views, of one list or of all, by list then name. */
export async function readSavedViews(
  db: StoreDatabase,
  workspaceId: string,
  memberId: string,
  list?: string,
): Promise<SavedViewRow[]> {
  assertWorkspaceId(workspaceId);
  return db
    .select({
      list: savedViews.list,
      name: savedViews.name,
      params: savedViews.params,
      savedAt: savedViews.savedAt,
    })
    .from(savedViews)
    .where(
      and(
        eq(savedViews.workspaceId, workspaceId),
        eq(savedViews.memberId, memberId),
        ...(list === undefined ? [] : [eq(savedViews.list, list)]),
      ),
    )
    .orderBy(asc(savedViews.list), asc(savedViews.name));
}

/** How many views the member has saved (all lists). */
export async function countSavedViews(
  db: StoreDatabase,
  workspaceId: string,
  memberId: string,
): Promise<number> {
  assertWorkspaceId(workspaceId);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(savedViews)
    .where(and(eq(savedViews.workspaceId, workspaceId), eq(savedViews.memberId, memberId)));
  return row?.n ?? 0;
}

/** Saves the view; one of the same list and name is replaced. Answers whether it replaced one. */
export async function saveView(
  db: StoreDatabase,
  workspaceId: string,
  memberId: string,
  view: { readonly list: string; readonly name: string; readonly params: Readonly<Record<string, string>> },
  at: Date,
): Promise<{ replaced: boolean }> {
  assertWorkspaceId(workspaceId);
  const [row] = await db
    .insert(savedViews)
    .values({
      workspaceId,
      memberId,
      list: view.list,
      name: view.name,
      params: { ...view.params },
      savedAt: at,
    })
    .onConflictDoUpdate({
      target: [savedViews.workspaceId, savedViews.memberId, savedViews.list, savedViews.name],
      set: { params: { ...view.params }, savedAt: at },
    })
    // xmax is 0 on a row just inserted, and the old row's transaction id on one updated in place.
    .returning({ replaced: sql<boolean>`(xmax <> 0)` });
  return { replaced: row?.replaced ?? false };
}

/** Deletes the view; answers whether there was one. */
export async function deleteSavedView(
  db: StoreDatabase,
  workspaceId: string,
  memberId: string,
  list: string,
  name: string,
): Promise<boolean> {
  assertWorkspaceId(workspaceId);
  const deleted = await db
    .delete(savedViews)
    .where(
      and(
        eq(savedViews.workspaceId, workspaceId),
        eq(savedViews.memberId, memberId),
        eq(savedViews.list, list),
        eq(savedViews.name, name),
      ),
    )
    .returning({ name: savedViews.name });
  return deleted.length > 0;
}
