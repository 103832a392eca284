import type { WorkspaceSettings } from "@accountable/domain";
import type { StoreDatabase } from "@accountable/store";
import { loadScope } from "../execute.ts";
import type { Scope } from "../scope.ts";

/**
 * Runs a query that reads several tables in one read-only REPEATABLE READ transaction, so every table is seen
 * as of the same instant: an account 360 never shows an invoice whose account it read a moment before. The
 * workspace's settings are read inside it, unless the caller holds them already.
 */
export function readConsistently<T>(
  db: StoreDatabase,
  workspace: string | { readonly workspaceId: string; readonly settings: WorkspaceSettings },
  query: (scope: Scope) => Promise<T>,
): Promise<T> {
  return db.transaction(
    async (tx) =>
      query(
        typeof workspace === "string"
          ? await loadScope(tx, workspace)
          : { db: tx, workspaceId: workspace.workspaceId, settings: workspace.settings },
      ),
    {
      isolationLevel: "repeatable read",
      accessMode: "read only",
    },
  );
}

/** Parses each row's `data` with the domain's entity schema. */
export function parseEach<T>(
  entity: { parse(data: unknown): T },
  rows: readonly { readonly data: unknown }[],
): T[] {
  return rows.map((r) => entity.parse(r.data));
}

/** A copy sorted by a string key (dates and ISO timestamps sort as text), then by id. */
export function sortedBy<T extends { readonly id: string }>(
  items: readonly T[],
  key: (item: T) => string | null,
  order: "asc" | "desc" = "asc",
): T[] {
  const sign = order === "asc" ? 1 : -1;
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) {
      // Missing keys go last whatever the order.
      if (ka === null) return 1;
      if (kb === null) return -1;
      return ka < kb ? -sign : sign;
    }
    return a.id < b.id ? -sign : a.id > b.id ? sign : 0;
  });
}
