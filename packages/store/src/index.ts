// @accountable/store: where Accountable's history is kept. Importing this module connects to nothing;
// `openDatabase` does, when called.

export {
  type ApiTokenHolder,
  type ApiTokenRow,
  deleteApiToken,
  findApiTokenHolder,
  findTokenAccess,
  insertApiToken,
  listApiTokens,
  type TokenAccess,
  touchApiToken,
} from "./api-tokens.ts";
export type { KeysTaken, NewStream, StreamsExist } from "./bulk-append.ts";
export {
  appendNewStreams,
  claimIdempotencyKeys,
  findIdempotencyKeys,
} from "./bulk-append.ts";
export {
  type CalendarRows,
  calendarFeedCreatedAt,
  calendarRows,
  deleteCalendarFeed,
  findCalendarFeed,
  setCalendarFeed,
} from "./calendar-feeds.ts";
export { type CopyOutcome, canCopy, copyRows } from "./copy.ts";
export type { StoreDatabase, StoreSchema, StoreTransaction } from "./database.ts";
export type {
  AppendEventsInput,
  Appended,
  NewEvent,
  ReadStreamOptions,
  ReadWorkspaceEventsOptions,
  StaleVersion,
  StoredEvent,
} from "./event-log.ts";
export { appendEvents, readStream, readWorkspaceEvents, streamVersion } from "./event-log.ts";
export type {
  FolderHolder,
  FolderLock,
  LocalServerAnnouncement,
  LocalServerFile,
  LocalServerLookup,
} from "./folder-lock.ts";
export {
  DataFolderInUse,
  describeHolder,
  findLocalServer,
  isHolderAlive,
  LOCK_FILE,
  lockDataFolder,
  readFolderHolder,
  SERVER_FILE,
} from "./folder-lock.ts";
export {
  claimKey,
  type IdempotencyKeyRef,
  type KeptKey,
  type KeyHolder,
  keepResult,
  ping,
  readKeyed,
  releaseAbandonedHolds,
  releaseKey,
  renewKey,
  takeOverKey,
} from "./idempotency.ts";
export { markInboxRead, markInboxUnread, readInboxKeys } from "./inbox-reads.ts";
export {
  findInvitationByTokenHash,
  type InvitationRow,
  listInvitations,
  projectInvitation,
} from "./invitations.ts";
export type {
  AccessChange,
  DatabaseConfig,
  DatabaseDriver,
  DatabaseHandle,
  EmbeddedSettings,
} from "./open-database.ts";
export {
  ACCESS_CHANNEL,
  BRIEF_EMBEDDED_SETTINGS,
  BULK_EMBEDDED_SETTINGS,
  defaultMigrationsFolder,
  openDatabase,
  PGLITE_EXTENSIONS,
  resolveDatabaseConfig,
} from "./open-database.ts";
export type { Result } from "./result.ts";
export {
  countSavedViews,
  deleteSavedView,
  readSavedViews,
  type SavedViewRow,
  saveView,
} from "./saved-views.ts";
export * as schema from "./schema/index.ts";
export {
  accountSearchText,
  briefSearchText,
  contactSearchText,
  contractSearchText,
  noteSearchText,
  opportunitySearchText,
  searchVector,
} from "./schema/read-models/search-text.ts";
export type { SignInFailures } from "./sign-in-failures.ts";
export { failedSignIns, recordFailedSignIn } from "./sign-in-failures.ts";
export { defaultTemplateFolder } from "./template.ts";
export {
  createWebhookSubscription,
  type DeliveryWork,
  type DerivedDelivery,
  deleteWebhookSubscription,
  deriveDeliveries,
  dueDeliveries,
  findWebhookSubscription,
  finishDelivery,
  listWebhookDeliveries,
  listWebhookSecrets,
  listWebhookSubscriptions,
  listWorkspaceIds,
  loadDeliveryWork,
  markDeliveriesEnqueued,
  type OutboxPosition,
  outboxHorizon,
  recordDeliveryAttempt,
  replaceWebhookSecret,
  unenqueuedDeliveries,
  type WebhookAttempt,
  type WebhookDelivery,
  type WebhookDeliveryStatus,
  type WebhookSubscription,
  workspacesWithWebhooks,
} from "./webhooks.ts";
export {
  findMemberByEmail,
  findPasswordHash,
  findUserByEmail,
  findUserMember,
  isUserLinked,
  linkUser,
  listUserMemberships,
  memberExists,
  type UserMembership,
} from "./workspace-users.ts";
export type { Workspace } from "./workspaces.ts";
export { ensureWorkspace, findWorkspace } from "./workspaces.ts";
