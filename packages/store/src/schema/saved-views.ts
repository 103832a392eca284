import { jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces.ts";

/**
 * A member's saved views of the list pages: a name and the list's filter and sort parameters as the address
 * carries them ({"status": "open,in_progress", "sort": "dueDate"}). Saving under a name the member already used
 * for that list replaces it.
 */
export const savedViews = pgTable(
  "saved_views",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    memberId: text("member_id").notNull(),
    list: text("list").notNull(),
    name: text("name").notNull(),
    params: jsonb("params").$type<Record<string, string>>().notNull(),
    savedAt: timestamp("saved_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ name: "saved_views_pkey", columns: [t.workspaceId, t.memberId, t.list, t.name] })],
);
