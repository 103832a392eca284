import { index, pgTable, primaryKey, text, timestamp, unique } from "drizzle-orm/pg-core";
import { authUsers } from "./auth.ts";
import { workspaces } from "./workspaces.ts";

/**
 * Which member of a workspace a user is: at most one member per user in a workspace, and one user per member.
 * The member itself (name, role, active) lives in the domain's events and the `members` read table.
 */
export const workspaceUsers = pgTable(
  "workspace_users",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    userId: text("user_id")
      .notNull()
      .references(() => authUsers.id, { onDelete: "cascade" }),
    memberId: text("member_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "workspace_users_pkey", columns: [t.workspaceId, t.userId] }),
    unique("workspace_users_member_unique").on(t.workspaceId, t.memberId),
    index("workspace_users_user_idx").on(t.userId),
  ],
);
