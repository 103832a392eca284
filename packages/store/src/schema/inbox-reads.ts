import { pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces.ts";

/**
 * What a member has read in their inbox: the keys of the items (the inbox itself is derived from the records,
 * see the domain's `inboxItems`; an item whose key changed is unread again).
 */
export const inboxReads = pgTable(
  "inbox_reads",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    memberId: text("member_id").notNull(),
    itemKey: text("item_key").notNull(),
    readAt: timestamp("read_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ name: "inbox_reads_pkey", columns: [t.workspaceId, t.memberId, t.itemKey] })],
);
