import { sql } from "drizzle-orm";
import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One tenant. Every other table carries `workspace_id` as the first column of its primary key, so the
 * database can later be distributed by workspace (Citus: `create_distributed_table(..., 'workspace_id')`,
 * this table by `id`, all colocated).
 */
export const workspaces = pgTable("workspaces", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
