// Who may add to a target list: the one check adding by criteria and importing both ask, in one place.
import { can, type TargetList } from "@accountable/domain";
import { type StoreDatabase, schema } from "@accountable/store";
import { and, eq } from "drizzle-orm";
import { type QueryResult, queryOk, queryRefused } from "./queries/result.ts";
import { notFound } from "./refusals.ts";
import { type Viewer, visibleRecords } from "./visibility.ts";

/** A target list as its read row holds it, or undefined. */
export async function loadList(
  db: StoreDatabase,
  workspaceId: string,
  id: string,
): Promise<TargetList | undefined> {
  const t = schema.targets;
  const [row] = await db
    .select({ data: t.data })
    .from(t)
    .where(and(eq(t.workspaceId, workspaceId), eq(t.id, id)));
  return row?.data as TargetList | undefined;
}

/**
 * The list, when the member may read it and add to it (`target.write`); else NotFound when it is not theirs to
 * read (so nobody learns which lists exist), then NotPermitted.
 */
export async function writableList(
  db: StoreDatabase,
  workspaceId: string,
  viewer: Viewer,
  listId: string,
): Promise<QueryResult<TargetList>> {
  const list = await loadList(db, workspaceId, listId);
  const shown = list ? await visibleRecords(viewer, "target", [list as unknown as { status: string }]) : [];
  if (!list || shown.length === 0) return queryRefused(notFound("target", listId));
  const permission = can(
    viewer.actor,
    "target.write",
    { kind: "target", ownerId: list.ownerId },
    { reportsOf: await viewer.reports() },
  );
  return permission.allowed ? queryOk(list) : queryRefused(permission.refusal);
}
