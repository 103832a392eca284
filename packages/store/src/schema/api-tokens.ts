import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { authUsers } from "./auth.ts";

/**
 * Personal API tokens for scripts and the CLI (`Authorization: Bearer acct_…`). Only the SHA-256 of a token is
 * kept: the token itself is shown once, when it is created. `prefix` (its first characters) lets a person tell
 * their tokens apart.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => authUsers.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique("api_tokens_token_hash_unique"),
    prefix: text("prefix").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId)],
);
