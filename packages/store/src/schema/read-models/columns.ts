import { integer, jsonb, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The columns every read table starts with: the workspace and the aggregate's id (the primary key, workspace
 * first), the stream version the row reflects, the entity itself as the domain's schema describes it (`data`,
 * parsed again on read), and when it was projected. Other columns are copies of fields kept for filtering
 * and sorting in SQL.
 */
export const readModelColumns = () => ({
  workspaceId: text("workspace_id").notNull(),
  id: text("id").notNull(),
  version: integer("version").notNull(),
  data: jsonb("data").$type<unknown>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "string" }).notNull(),
});
