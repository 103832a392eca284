import { index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { authUsers } from "./auth.ts";
import { workspaces } from "./workspaces.ts";

/**
 * An invitation to join a workspace in a role. Only the SHA-256 of its token is kept; the token travels in the
 * accept link. Used once (`accepted_at`), withdrawn (`revoked_at`) or expired (`expires_at`), it admits no one.
 */
export const invitations = pgTable(
  "invitations",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    id: text("id").notNull(),
    email: text("email").notNull(),
    role: text("role").notNull(),
    tokenHash: text("token_hash").notNull().unique("invitations_token_hash_unique"),
    /** The member who invited, and as whom the new member is added. */
    invitedBy: text("invited_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true, mode: "date" }),
    acceptedBy: text("accepted_by").references(() => authUsers.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    primaryKey({ name: "invitations_pkey", columns: [t.workspaceId, t.id] }),
    index("invitations_email_idx").on(t.workspaceId, t.email),
  ],
);
