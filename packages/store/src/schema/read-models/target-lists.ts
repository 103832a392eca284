import { index, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { readModelColumns } from "./columns.ts";

// Target lists: the accounts an account executive hunts, with their criteria and members (in `data`).
export const targets = pgTable(
  "target_lists",
  {
    ...readModelColumns(),
    name: text("name").notNull(),
    status: text("status").notNull(),
    ownerId: text("owner_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("target_lists_owner_idx").on(t.workspaceId, t.ownerId, t.status),
  ],
);
