import { index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { authUsers } from "./auth.ts";
import { workspaces } from "./workspaces.ts";

/**
 * An invitation to join a workspace in a role: the read table of the domain's invitation machine (its events are
 * the truth). Only the SHA-256 of its token is kept; the token travels in the accept link. `status` is the
 * machine's (pending, accepted, revoked); a pending one past `expires_at` shows as expired.
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
    status: text("status").notNull().default("pending"),
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
