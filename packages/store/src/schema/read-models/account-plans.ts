import { date, index, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { readModelColumns } from "./columns.ts";

/** Account plans: one row per plan, with the columns the account page, the lists and the inbox filter on. */
export const accountPlans = pgTable(
  "account_plans",
  {
    ...readModelColumns(),
    accountId: text("account_id").notNull(),
    ownerId: text("owner_id").notNull(),
    status: text("status").notNull(),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    /** When the plan is next reviewed: the owner's inbox reminds them from a week before. */
    nextReviewOn: date("next_review_on", { mode: "string" }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("account_plans_account_idx").on(t.workspaceId, t.accountId, t.periodStart),
    index("account_plans_owner_review_idx").on(t.workspaceId, t.ownerId, t.status, t.nextReviewOn),
  ],
);
