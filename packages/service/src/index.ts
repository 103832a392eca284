// @accountable/service: executes commands and answers queries over the store. Importing it connects to
// nothing; `createService` wires it to a database handle the adapter opened.

export { AGGREGATES, type AggregateType, REGISTRY } from "./aggregates/registry.ts";
export type { CalendarFeedStatus, CalendarFeeds, OpenedCalendarFeed } from "./calendar/feeds.ts";
export type { CalendarItem } from "./calendar/items.ts";
export type {
  DemoProgress,
  DemoSummary,
  SeedDemoOptions,
  SeedDemoResult,
} from "./demo/seed-demo.ts";
export { DEMO_LOGIN, DEMO_SIGN_INS } from "./demo/team.ts";
export type {
  CommandRequest,
  Executed,
  ExecuteResult,
  FollowUpOutcome,
  RunnableCommands,
} from "./execute.ts";
export { SYSTEM_ACTOR, workspaceSettingsOf } from "./execute.ts";
export {
  CSV_FORMATS,
  type CsvChunk,
  type CsvExportOptions,
  type CsvFormat,
  csvExport,
  csvLine,
  type ExportReader,
  ExportRefused,
  exportColumns,
  exportPages,
  neutraliseCell,
  restoreCell,
} from "./export-csv.ts";
export { recordResource } from "./facts.ts";
export type {
  ImportOptions,
  ImportProgress,
  ImportResult,
  ImportSummary,
  RowRejection,
  RowSkip,
  SkipReason,
} from "./import/import-rows.ts";
export { ImportOptionsSchema, ImportSummarySchema, SKIP_REASONS } from "./import/import-schema.ts";
export {
  type Inbox,
  type InboxEntry,
  InboxEntrySchema,
  InboxSchema,
  type InboxService,
} from "./inbox.ts";
export type { AcceptingUser, InvitationPreview, InvitationView } from "./invitations.ts";
export {
  describeIssues,
  type InputIssue,
  type InvalidCommand,
  parseCommand,
} from "./parse.ts";
// queries
export {
  type Account360,
  type Account360Options,
  Account360OptionsSchema,
  Account360Schema,
  type ContractRenewal,
  ContractRenewalSchema,
  type StakeholderMap,
  StakeholderMapSchema,
} from "./queries/account-360.ts";
export {
  type AccountHealthLine,
  AccountHealthLineSchema,
  type AccountHealthOptions,
  AccountHealthOptionsSchema,
  type AccountHealthReport,
  AccountHealthReportSchema,
} from "./queries/account-health.ts";
export {
  type ActionItem,
  ActionItemSchema,
  type BriefBudget,
  BriefBudgetSchema,
  type BudgetAndBurn,
  BudgetAndBurnSchema,
  type ClientReport,
  type ClientReportOptions,
  ClientReportOptionsSchema,
  ClientReportSchema,
  type ContractBudget,
  ContractBudgetSchema,
  type ContractMilestone,
  ContractMilestoneSchema,
  type InvoicesInPeriod,
  InvoicesInPeriodSchema,
} from "./queries/client-report.ts";
export type { ListItem, Queries, WorkspaceRef } from "./queries/facade.ts";
export {
  type ForecastOptions,
  ForecastOptionsSchema,
  type ForecastReport,
  ForecastReportSchema,
} from "./queries/forecast.ts";
export {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type Page,
  SORT_ORDERS,
  type SortOrder,
  type Versioned,
} from "./queries/keyset.ts";
export {
  type AccountListOptions,
  AccountListOptionsSchema,
  type ActivityListOptions,
  ActivityListOptionsSchema,
  type BriefListOptions,
  BriefListOptionsSchema,
  type ContactListOptions,
  ContactListOptionsSchema,
  type ContractListOptions,
  ContractListOptionsSchema,
  type CostListOptions,
  CostListOptionsSchema,
  type EscalationListOptions,
  EscalationListOptionsSchema,
  type InvoiceListOptions,
  InvoiceListOptionsSchema,
  LIST_NAMES,
  LIST_OPTIONS_SCHEMAS,
  type ListName,
  type MemberListOptions,
  MemberListOptionsSchema,
  type OpportunityListOptions,
  OpportunityListOptionsSchema,
  type PlanListOptions,
  PlanListOptionsSchema,
  type QuotaListOptions,
  QuotaListOptionsSchema,
  type TaskListOptions,
  TaskListOptionsSchema,
} from "./queries/lists.ts";
export { ExchangeRateInputSchema, PeriodLabelSchema } from "./queries/options.ts";
export {
  type CurrencyTotal,
  CurrencyTotalSchema,
  type PipelineOptions,
  PipelineOptionsSchema,
  type PipelineReport,
  PipelineReportSchema,
  type PipelineSummary,
  PipelineSummarySchema,
  type StageFigures,
  StageFiguresSchema,
  type StageSummary,
  StageSummarySchema,
  UnknownStageSummarySchema,
} from "./queries/pipeline.ts";
export {
  type AccountPnlLine,
  AccountPnlLineSchema,
  type PnlOptions,
  PnlOptionsSchema,
  type PnlReport,
  PnlReportSchema,
  type TowerPnlLine,
  TowerPnlLineSchema,
} from "./queries/pnl.ts";
export {
  type QuotaAttainmentOptions,
  QuotaAttainmentOptionsSchema,
  type QuotaAttainmentReport,
  QuotaAttainmentReportSchema,
} from "./queries/quota-attainment.ts";
export {
  type RenewalDue,
  RenewalDueSchema,
  type RenewalsDueOptions,
  RenewalsDueOptionsSchema,
  type RenewalsDueReport,
  RenewalsDueReportSchema,
} from "./queries/renewals-due.ts";
// the schemas of what the domain's policies compute, as the reports carry it (each checked against its type)
export {
  AccountHealthSchema,
  AccountPnlSchema,
  ActualsSchema,
  ContractPnlSchema,
  ConvertedAmountSchema,
  CostLineSchema,
  CountedDealSchema,
  CountedDealsPageSchema,
  CountedTotalSchema,
  CurrencyMismatchSchema,
  ForecastFiguresSummarySchema,
  ForecastLineSchema,
  ForecastLinesPageSchema,
  ForecastRollupsSchema,
  ForecastSummarySchema,
  HealthFactorSchema,
  OwnerForecastSummarySchema,
  PeriodForecastSummarySchema,
  PeriodSchema,
  PnlSchema,
  QuotaAttainmentSchema,
  QuotaAttainmentSummarySchema,
  RenewalReminderSchema,
  RenewalScheduleSchema,
  RevenueLineSchema,
  ScheduledDateSchema,
  SparedDealSchema,
  StaleDealSchema,
  TowerPnlSchema,
} from "./queries/report-schemas.ts";
export type { QueryResult } from "./queries/result.ts";
export {
  MAX_TREND_PERIODS,
  redactSalesMetrics,
  type SalesMetricsOptions,
  SalesMetricsOptionsSchema,
  type SalesMetricsReport,
  SalesMetricsReportSchema,
  type SalesMetricsView,
} from "./queries/sales-metrics.ts";
export {
  type StaleDealsOptions,
  StaleDealsOptionsSchema,
  type StaleDealsReport,
  StaleDealsReportSchema,
} from "./queries/stale-deals.ts";
export {
  type WhitespaceOptions,
  WhitespaceOptionsSchema,
  type WhitespaceReport,
  WhitespaceReportSchema,
} from "./queries/whitespace.ts";
export {
  ENTITY_SCHEMAS,
  LIST_AGGREGATES,
  type MoneyLens,
  type MoneyReach,
  moneyLens,
  type ReadEvent,
  type Reader,
  type ReadRecord,
} from "./reader.ts";
export type { NotAMember, NotFound, ServiceRefusal, ServiceRefusalTag } from "./refusals.ts";
export {
  clientReportDocument,
  type ReportBlock,
  type ReportDocument,
  type ReportSection,
  type ReportTable,
} from "./reports/client-report-document.ts";
export { escapeHtml, renderClientReportHtml, renderDocumentHtml } from "./reports/client-report-html.ts";
export {
  escapeMarkdown,
  renderClientReportMarkdown,
  renderDocumentMarkdown,
} from "./reports/client-report-markdown.ts";
export {
  MAX_SAVED_VIEWS,
  type SavedView,
  SavedViewSchema,
  type SavedViewsService,
} from "./saved-views.ts";
export {
  SEARCH_CANDIDATES_PER_KIND,
  SEARCH_SETTINGS,
  SEARCH_WORD_SIMILARITY_THRESHOLD,
  type SearchHit,
  SearchHitSchema,
  type SearchResults,
  SearchResultsSchema,
  type SearchService,
  searchStatement,
  searchStatementText,
} from "./search.ts";
export { createService, type NewWorkspace, type Service, type ServiceOptions } from "./service.ts";
export type {
  SweepApplied,
  SweepOptions,
  SweepRefused,
  SweepRottingOutcome,
  SweepRuleOutcome,
  SweepSummary,
} from "./sweep.ts";
export {
  accountColumnIndex,
  matchImportRows,
  TARGET_ACCOUNT_COLUMNS,
  type TargetImport,
  TargetImportSchema,
} from "./target-import.ts";
export {
  type AddedByCriteria,
  type AddMatching,
  AddMatchingSchema,
  HUNTABLE_STATUSES,
  matchingAccounts,
  type TargetListReport,
  TargetListReportSchema,
  type TargetMatch,
  type TargetReportMember,
} from "./targets.ts";
export type { Viewer } from "./visibility.ts";
