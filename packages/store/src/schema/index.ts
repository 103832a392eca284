// The whole schema, one table (or a few close ones) per file. drizzle-kit reads this file to generate
// migrations, and the drizzle instance is typed by it. A read table is a new file under ./read-models/
// plus one export line here, then `pnpm db:generate`.
export { apiTokens } from "./api-tokens.ts";
export { authAccounts, authRateLimits, authSessions, authUsers, authVerifications } from "./auth.ts";
export { events, streams } from "./event-log.ts";
export { idempotencyKeys } from "./idempotency-keys.ts";
export { inboxReads } from "./inbox-reads.ts";
export { invitations } from "./invitations.ts";
export { accountPlans } from "./read-models/account-plans.ts";
export {
  accounts,
  activities,
  briefs,
  contacts,
  contracts,
  costs,
  escalations,
  invoices,
  members,
  opportunities,
  quotas,
  searchWords,
  tasks,
  towers,
} from "./read-models/tables.ts";
export { targets } from "./read-models/target-lists.ts";
export { savedViews } from "./saved-views.ts";
export {
  calendarFeeds,
  webhookCursors,
  webhookDeliveries,
  webhookSubscriptions,
} from "./webhooks.ts";
export { workspaceUsers } from "./workspace-users.ts";
export { workspaces } from "./workspaces.ts";
