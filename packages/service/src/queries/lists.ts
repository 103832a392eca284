// The lists of every read table: filters on the table's indexed columns, one sort column (id breaks ties),
// keyset pages. Each list's options are a zod schema the API and the CLI parse query strings with; the
// service parses them unless told they were parsed with that schema already, so a list called directly is held
// to the same rules.
import {
  AccountIdSchema,
  AccountPlanSchema,
  AccountPlanStatusSchema,
  AccountSchema,
  AccountStatusSchema,
  ActivityKindSchema,
  ActivitySchema,
  ActivityStatusSchema,
  BriefSchema,
  BriefStatusSchema,
  CalendarDateSchema,
  type Collection,
  ContactSchema,
  ContractIdSchema,
  ContractSchema,
  ContractStatusSchema,
  CostEntrySchema,
  CostEntryStatusSchema,
  CurrencySchema,
  EscalationSchema,
  EscalationStatusSchema,
  ForecastCategorySchema,
  InvoiceSchema,
  InvoiceStatusSchema,
  MemberIdSchema,
  MemberSchema,
  OPPORTUNITY_STATUSES,
  OpportunityIdSchema,
  OpportunitySchema,
  OpportunityTypeSchema,
  PipelineIdSchema,
  QuotaSchema,
  QuotaStatusSchema,
  RoleSchema,
  SeveritySchema,
  StageIdSchema,
  TargetListSchema,
  TargetListStatusSchema,
  TaskSchema,
  TaskStatusSchema,
  TimestampSchema,
  TowerIdSchema,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { eq, getTableName, gte, inArray, like, lt, lte, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { ReadTable, WorkspaceScope } from "../scope.ts";
import { fieldOrder } from "./field-order.ts";
import {
  type KeysetRequest,
  keysetPage,
  keysetPageJson,
  keysetQuery,
  type Page,
  pageShape,
  type SortKey,
  type SortOrder,
} from "./keyset.ts";
import { oneOrMany } from "./options.ts";
import { parseOptions, type QueryResult, queryOk, queryRefused } from "./result.ts";

// --- filter vocabulary -------------------------------------------------------------------------------------

/** A yes/no filter: a boolean, or "true"/"false" (also 1/0, yes/no) from a query string. */
const flag = z.union([z.boolean(), z.stringbool()]).optional();

const day = CalendarDateSchema.optional();
const instant = TimestampSchema.optional();

const oneOf = (column: PgColumn, values: readonly unknown[] | undefined): SQL | undefined => {
  if (values === undefined) return undefined;
  return values.length === 1 ? eq(column, values[0]) : inArray(column, [...values]);
};
const equals = (column: PgColumn, value: unknown): SQL | undefined =>
  value === undefined ? undefined : eq(column, value);
const from = (column: PgColumn, value: unknown): SQL | undefined =>
  value === undefined ? undefined : gte(column, value);
const to = (column: PgColumn, value: unknown): SQL | undefined =>
  value === undefined ? undefined : lte(column, value);
const before = (column: PgColumn, value: unknown): SQL | undefined =>
  value === undefined ? undefined : lt(column, value);
const startsWith = (column: PgColumn, prefix: string | undefined): SQL | undefined =>
  prefix === undefined ? undefined : like(column, `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);

// --- the list machinery ------------------------------------------------------------------------------------

interface PageOptions {
  readonly sort: string;
  readonly order: SortOrder;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/**
 * How one read table is listed: its rows' entity schema (what the projection wrote, and what the read tables'
 * schema test holds the rows to; a page does not parse them again), options schema, sortable columns, filters.
 */
export interface ListSpec<T, O extends PageOptions> {
  readonly table: ReadTable;
  readonly entity: { parse(data: unknown): T };
  readonly options: z.ZodType<O>;
  readonly sorts: Readonly<Record<O["sort"], SortKey>>;
  where(options: O): (SQL | undefined)[];
}

// biome-ignore lint/suspicious/noExplicitAny: a list of any options shape, for code that picks lists by name
export type AnyListSpec<T> = ListSpec<T, any>;

const defineList = <T, O extends PageOptions>(spec: ListSpec<T, O>) => spec;

/** Each list's entity fields in schema order, worked out once per list (see field-order.ts). */
const FIELD_ORDERS = new WeakMap<object, readonly string[]>();
export function entityFieldOrder(entity: object): readonly string[] {
  const known = FIELD_ORDERS.get(entity);
  if (known) return known;
  const order = fieldOrder(entity);
  FIELD_ORDERS.set(entity, order);
  return order;
}

function request<T, O extends PageOptions>(spec: ListSpec<T, O>, o: O, versions = false): KeysetRequest<T> {
  const sortName = o.sort as O["sort"];
  return {
    table: spec.table,
    sortName,
    sort: spec.sorts[sortName],
    order: o.order,
    limit: o.limit,
    cursor: o.cursor,
    where: spec.where(o),
    fieldOrder: entityFieldOrder(spec.entity),
    versions,
  };
}

/** Names a page for the statement cache (keyset.ts): its table, workspace, whether it carries versions, options. */
const pageKey = (scope: WorkspaceScope, spec: AnyListSpec<unknown>, options: unknown, versions: boolean) =>
  `${getTableName(spec.table)}\u0000${scope.workspaceId}\u0000${versions}\u0000${JSON.stringify(options)}`;

/**
 * Runs a list: parses the options (refusing bad ones), then reads one keyset page. `parsed`: the options are the
 * output of the list's own options schema already (an adapter that validated them at its edge), not parsed twice.
 * `versions`: each item carries its record's version (see {@link Versioned}).
 */
export async function runList<T, O extends PageOptions>(
  scope: WorkspaceScope,
  spec: ListSpec<T, O>,
  input: unknown,
  parsed = false,
  versions = false,
): Promise<QueryResult<Page<T>>> {
  const options = parsed ? queryOk(input as O) : parseOptions(spec.options, input);
  if (!options.ok) return queryRefused(options.error);
  return keysetPage(
    scope,
    request(spec, options.value, versions),
    pageKey(scope, spec, options.value, versions),
  );
}

/** {@link runList}, answering the page as JSON text, its rows never parsed (see keysetPageJson). */
export async function runListJson<T, O extends PageOptions>(
  scope: WorkspaceScope,
  spec: ListSpec<T, O>,
  input: unknown,
  parsed = false,
  versions = false,
): Promise<QueryResult<{ readonly items: string; readonly nextCursor: string | null }>> {
  const options = parsed ? queryOk(input as O) : parseOptions(spec.options, input);
  if (!options.ok) return queryRefused(options.error);
  return keysetPageJson(
    scope,
    request(spec, options.value, versions),
    pageKey(scope, spec, options.value, versions),
  );
}

/** The statement a list runs for these options, unrun (for EXPLAIN in tests and benchmarks). */
export function listQuery(scope: WorkspaceScope, name: ListName, input: unknown) {
  const spec = LISTS[name] as AnyListSpec<unknown>;
  const parsed = parseOptions(spec.options, input);
  if (!parsed.ok) return queryRefused<never>(parsed.error);
  return keysetQuery(scope, request(spec, parsed.value));
}

// --- one list per read table -------------------------------------------------------------------------------

const t = schema;

export const MemberListOptionsSchema = z.strictObject({
  role: oneOrMany(RoleSchema),
  active: flag,
  reportsTo: MemberIdSchema.optional(),
  email: z.string().trim().min(1).max(320).optional(),
  ...pageShape(["name", "email", "updatedAt"], { sort: "name", order: "asc" }),
});
export type MemberListOptions = z.input<typeof MemberListOptionsSchema>;
const memberList = defineList({
  table: t.members,
  entity: MemberSchema,
  options: MemberListOptionsSchema,
  sorts: {
    name: { column: t.members.name },
    email: { column: t.members.email },
    updatedAt: { column: t.members.updatedAt },
  },
  where: (o) => [
    oneOf(t.members.role, o.role),
    equals(t.members.active, o.active),
    equals(t.members.reportsTo, o.reportsTo),
    equals(t.members.email, o.email),
  ],
});

export const AccountListOptionsSchema = z.strictObject({
  status: oneOrMany(AccountStatusSchema),
  ownerId: oneOrMany(MemberIdSchema),
  parentId: AccountIdSchema.optional(),
  /** Accounts whose name starts with this text (case-sensitive). */
  nameStartsWith: z.string().min(1).max(200).optional(),
  ...pageShape(["name", "updatedAt"], { sort: "name", order: "asc" }),
});
export type AccountListOptions = z.input<typeof AccountListOptionsSchema>;
const accountList = defineList({
  table: t.accounts,
  entity: AccountSchema,
  options: AccountListOptionsSchema,
  sorts: { name: { column: t.accounts.name }, updatedAt: { column: t.accounts.updatedAt } },
  where: (o) => [
    oneOf(t.accounts.status, o.status),
    oneOf(t.accounts.ownerId, o.ownerId),
    equals(t.accounts.parentId, o.parentId),
    startsWith(t.accounts.name, o.nameStartsWith),
  ],
});

export const ContactListOptionsSchema = z.strictObject({
  accountId: AccountIdSchema.optional(),
  active: flag,
  email: z.string().trim().min(1).max(320).optional(),
  ...pageShape(["name", "updatedAt"], { sort: "name", order: "asc" }),
});
export type ContactListOptions = z.input<typeof ContactListOptionsSchema>;
const contactList = defineList({
  table: t.contacts,
  entity: ContactSchema,
  options: ContactListOptionsSchema,
  sorts: { name: { column: t.contacts.name }, updatedAt: { column: t.contacts.updatedAt } },
  where: (o) => [
    equals(t.contacts.accountId, o.accountId),
    equals(t.contacts.active, o.active),
    equals(t.contacts.email, o.email),
  ],
});

export const OpportunityListOptionsSchema = z.strictObject({
  stageId: oneOrMany(StageIdSchema),
  ownerId: oneOrMany(MemberIdSchema),
  accountId: AccountIdSchema.optional(),
  pipelineId: PipelineIdSchema.optional(),
  status: oneOrMany(z.enum(OPPORTUNITY_STATUSES)),
  type: oneOrMany(OpportunityTypeSchema),
  forecastCategory: oneOrMany(ForecastCategorySchema),
  currency: CurrencySchema.optional(),
  /** Expected close on or after this day. */
  closeDateFrom: day,
  /** Expected close on or before this day. */
  closeDateTo: day,
  ...pageShape(["closeDate", "amount", "name", "createdAt", "stageEnteredAt", "updatedAt"], {
    sort: "closeDate",
    order: "asc",
  }),
});
export type OpportunityListOptions = z.input<typeof OpportunityListOptionsSchema>;
const opportunityList = defineList({
  table: t.opportunities,
  entity: OpportunitySchema,
  options: OpportunityListOptionsSchema,
  // A stage's deals by close date is served by opportunities_stage_close_idx (workspace, stage, close date, id).
  sorts: {
    // Deals with no close date or no amount yet sort last, whichever the order.
    closeDate: { column: t.opportunities.closeDate, nullable: true },
    amount: { column: t.opportunities.amountMinor, nullable: true },
    name: { column: t.opportunities.name },
    createdAt: { column: t.opportunities.createdAt },
    stageEnteredAt: { column: t.opportunities.stageEnteredAt },
    updatedAt: { column: t.opportunities.updatedAt },
  },
  where: (o) => [
    oneOf(t.opportunities.stageId, o.stageId),
    oneOf(t.opportunities.ownerId, o.ownerId),
    equals(t.opportunities.accountId, o.accountId),
    equals(t.opportunities.pipelineId, o.pipelineId),
    oneOf(t.opportunities.status, o.status),
    oneOf(t.opportunities.type, o.type),
    oneOf(t.opportunities.forecastCategory, o.forecastCategory),
    equals(t.opportunities.currency, o.currency),
    from(t.opportunities.closeDate, o.closeDateFrom),
    to(t.opportunities.closeDate, o.closeDateTo),
  ],
});

export const ContractListOptionsSchema = z.strictObject({
  accountId: AccountIdSchema.optional(),
  ownerId: oneOrMany(MemberIdSchema),
  opportunityId: OpportunityIdSchema.optional(),
  status: oneOrMany(ContractStatusSchema),
  endDateFrom: day,
  endDateTo: day,
  ...pageShape(["endDate", "startDate", "title", "value", "updatedAt"], { sort: "endDate", order: "asc" }),
});
export type ContractListOptions = z.input<typeof ContractListOptionsSchema>;
const contractList = defineList({
  table: t.contracts,
  entity: ContractSchema,
  options: ContractListOptionsSchema,
  sorts: {
    endDate: { column: t.contracts.endDate },
    startDate: { column: t.contracts.startDate },
    title: { column: t.contracts.title },
    value: { column: t.contracts.valueMinor },
    updatedAt: { column: t.contracts.updatedAt },
  },
  where: (o) => [
    equals(t.contracts.accountId, o.accountId),
    oneOf(t.contracts.ownerId, o.ownerId),
    equals(t.contracts.opportunityId, o.opportunityId),
    oneOf(t.contracts.status, o.status),
    from(t.contracts.endDate, o.endDateFrom),
    to(t.contracts.endDate, o.endDateTo),
  ],
});

export const ActivityListOptionsSchema = z.strictObject({
  accountId: AccountIdSchema.optional(),
  opportunityId: OpportunityIdSchema.optional(),
  contractId: ContractIdSchema.optional(),
  kind: oneOrMany(ActivityKindSchema),
  status: oneOrMany(ActivityStatusSchema),
  /** At or after this moment. */
  from: instant,
  /** At or before this moment. */
  to: instant,
  ...pageShape(["at", "updatedAt"], { sort: "at", order: "desc" }),
});
export type ActivityListOptions = z.input<typeof ActivityListOptionsSchema>;
const activityList = defineList({
  table: t.activities,
  entity: ActivitySchema,
  options: ActivityListOptionsSchema,
  sorts: { at: { column: t.activities.at }, updatedAt: { column: t.activities.updatedAt } },
  where: (o) => [
    equals(t.activities.accountId, o.accountId),
    equals(t.activities.opportunityId, o.opportunityId),
    equals(t.activities.contractId, o.contractId),
    oneOf(t.activities.kind, o.kind),
    oneOf(t.activities.status, o.status),
    from(t.activities.at, o.from),
    to(t.activities.at, o.to),
  ],
});

export const TaskListOptionsSchema = z.strictObject({
  assigneeId: oneOrMany(MemberIdSchema),
  accountId: AccountIdSchema.optional(),
  status: oneOrMany(TaskStatusSchema),
  agreedWithClient: flag,
  /** Due strictly before this day (with status open,in_progress: overdue on it). */
  dueBefore: day,
  dueFrom: day,
  dueTo: day,
  ...pageShape(["dueDate", "updatedAt"], { sort: "dueDate", order: "asc" }),
});
export type TaskListOptions = z.input<typeof TaskListOptionsSchema>;
const taskList = defineList({
  table: t.tasks,
  entity: TaskSchema,
  options: TaskListOptionsSchema,
  sorts: { dueDate: { column: t.tasks.dueDate }, updatedAt: { column: t.tasks.updatedAt } },
  where: (o) => [
    oneOf(t.tasks.assigneeId, o.assigneeId),
    equals(t.tasks.accountId, o.accountId),
    oneOf(t.tasks.status, o.status),
    equals(t.tasks.agreedWithClient, o.agreedWithClient),
    before(t.tasks.dueDate, o.dueBefore),
    from(t.tasks.dueDate, o.dueFrom),
    to(t.tasks.dueDate, o.dueTo),
  ],
});

export const EscalationListOptionsSchema = z.strictObject({
  accountId: AccountIdSchema.optional(),
  ownerId: oneOrMany(MemberIdSchema),
  status: oneOrMany(EscalationStatusSchema),
  severity: oneOrMany(SeveritySchema),
  /** SLA due strictly before this moment (with an open status: breached by then). */
  slaDueBefore: instant,
  ...pageShape(["slaDueAt", "updatedAt"], { sort: "slaDueAt", order: "asc" }),
});
export type EscalationListOptions = z.input<typeof EscalationListOptionsSchema>;
const escalationList = defineList({
  table: t.escalations,
  entity: EscalationSchema,
  options: EscalationListOptionsSchema,
  sorts: { slaDueAt: { column: t.escalations.slaDueAt }, updatedAt: { column: t.escalations.updatedAt } },
  where: (o) => [
    equals(t.escalations.accountId, o.accountId),
    oneOf(t.escalations.ownerId, o.ownerId),
    oneOf(t.escalations.status, o.status),
    oneOf(t.escalations.severity, o.severity),
    before(t.escalations.slaDueAt, o.slaDueBefore),
  ],
});

export const BriefListOptionsSchema = z.strictObject({
  accountId: AccountIdSchema.optional(),
  plannerId: MemberIdSchema.optional(),
  /** The briefs that lead to this deal. */
  opportunityId: OpportunityIdSchema.optional(),
  /** The briefs delivered under this contract. */
  contractId: ContractIdSchema.optional(),
  status: oneOrMany(BriefStatusSchema),
  deadlineFrom: day,
  deadlineTo: day,
  ...pageShape(["deadline", "updatedAt"], { sort: "deadline", order: "asc" }),
});
export type BriefListOptions = z.input<typeof BriefListOptionsSchema>;
const briefList = defineList({
  table: t.briefs,
  entity: BriefSchema,
  options: BriefListOptionsSchema,
  // A brief may have no deadline yet: those come last, whichever the order.
  sorts: {
    deadline: { column: t.briefs.deadline, nullable: true },
    updatedAt: { column: t.briefs.updatedAt },
  },
  where: (o) => [
    equals(t.briefs.accountId, o.accountId),
    equals(t.briefs.plannerId, o.plannerId),
    equals(t.briefs.opportunityId, o.opportunityId),
    equals(t.briefs.contractId, o.contractId),
    oneOf(t.briefs.status, o.status),
    from(t.briefs.deadline, o.deadlineFrom),
    to(t.briefs.deadline, o.deadlineTo),
  ],
});

export const PlanListOptionsSchema = z.strictObject({
  accountId: AccountIdSchema.optional(),
  ownerId: oneOrMany(MemberIdSchema),
  status: oneOrMany(AccountPlanStatusSchema),
  /** Next review on or before this day (with status active: reviews due by then). */
  reviewBy: day,
  ...pageShape(["periodStart", "nextReviewOn", "updatedAt"], { sort: "periodStart", order: "desc" }),
});
export type PlanListOptions = z.input<typeof PlanListOptionsSchema>;
const planList = defineList({
  table: t.accountPlans,
  entity: AccountPlanSchema,
  options: PlanListOptionsSchema,
  sorts: {
    periodStart: { column: t.accountPlans.periodStart },
    // A draft may have no review date yet: those come last, whichever the order.
    nextReviewOn: { column: t.accountPlans.nextReviewOn, nullable: true },
    updatedAt: { column: t.accountPlans.updatedAt },
  },
  where: (o) => [
    equals(t.accountPlans.accountId, o.accountId),
    oneOf(t.accountPlans.ownerId, o.ownerId),
    oneOf(t.accountPlans.status, o.status),
    to(t.accountPlans.nextReviewOn, o.reviewBy),
  ],
});

export const InvoiceListOptionsSchema = z.strictObject({
  accountId: AccountIdSchema.optional(),
  contractId: ContractIdSchema.optional(),
  status: oneOrMany(InvoiceStatusSchema),
  currency: CurrencySchema.optional(),
  /** Due strictly before this day (with status issued,overdue: past due on it). */
  dueBefore: day,
  dueFrom: day,
  dueTo: day,
  ...pageShape(["dueDate", "updatedAt"], { sort: "dueDate", order: "asc" }),
});
export type InvoiceListOptions = z.input<typeof InvoiceListOptionsSchema>;
const invoiceList = defineList({
  table: t.invoices,
  entity: InvoiceSchema,
  options: InvoiceListOptionsSchema,
  sorts: { dueDate: { column: t.invoices.dueDate }, updatedAt: { column: t.invoices.updatedAt } },
  where: (o) => [
    equals(t.invoices.accountId, o.accountId),
    equals(t.invoices.contractId, o.contractId),
    oneOf(t.invoices.status, o.status),
    equals(t.invoices.currency, o.currency),
    before(t.invoices.dueDate, o.dueBefore),
    from(t.invoices.dueDate, o.dueFrom),
    to(t.invoices.dueDate, o.dueTo),
  ],
});

export const CostListOptionsSchema = z.strictObject({
  accountId: AccountIdSchema.optional(),
  contractId: ContractIdSchema.optional(),
  towerId: TowerIdSchema.optional(),
  status: oneOrMany(CostEntryStatusSchema),
  dateFrom: day,
  dateTo: day,
  ...pageShape(["date", "updatedAt"], { sort: "date", order: "desc" }),
});
export type CostListOptions = z.input<typeof CostListOptionsSchema>;
const costList = defineList({
  table: t.costs,
  entity: CostEntrySchema,
  options: CostListOptionsSchema,
  sorts: { date: { column: t.costs.date }, updatedAt: { column: t.costs.updatedAt } },
  where: (o) => [
    equals(t.costs.accountId, o.accountId),
    equals(t.costs.contractId, o.contractId),
    equals(t.costs.towerId, o.towerId),
    oneOf(t.costs.status, o.status),
    from(t.costs.date, o.dateFrom),
    to(t.costs.date, o.dateTo),
  ],
});

export const QuotaListOptionsSchema = z.strictObject({
  memberId: oneOrMany(MemberIdSchema),
  period: oneOrMany(QuotaSchema.shape.period),
  status: oneOrMany(QuotaStatusSchema),
  ...pageShape(["period", "updatedAt"], { sort: "period", order: "asc" }),
});
export type QuotaListOptions = z.input<typeof QuotaListOptionsSchema>;
const quotaList = defineList({
  table: t.quotas,
  entity: QuotaSchema,
  options: QuotaListOptionsSchema,
  sorts: { period: { column: t.quotas.period }, updatedAt: { column: t.quotas.updatedAt } },
  where: (o) => [
    oneOf(t.quotas.memberId, o.memberId),
    oneOf(t.quotas.period, o.period),
    oneOf(t.quotas.status, o.status),
  ],
});

export const TargetListOptionsSchema = z.strictObject({
  ownerId: oneOrMany(MemberIdSchema),
  status: oneOrMany(TargetListStatusSchema),
  ...pageShape(["name", "updatedAt"], { sort: "name", order: "asc" }),
});
export type TargetListOptions = z.input<typeof TargetListOptionsSchema>;
const targetList = defineList({
  table: t.targets,
  entity: TargetListSchema,
  options: TargetListOptionsSchema,
  sorts: { name: { column: t.targets.name }, updatedAt: { column: t.targets.updatedAt } },
  where: (o) => [oneOf(t.targets.ownerId, o.ownerId), oneOf(t.targets.status, o.status)],
});

/** Every list, by the name adapters use for it: its aggregate's collection ("opportunities", "tasks", …). */
export const LISTS = {
  members: memberList,
  accounts: accountList,
  contacts: contactList,
  opportunities: opportunityList,
  contracts: contractList,
  activities: activityList,
  tasks: taskList,
  escalations: escalationList,
  briefs: briefList,
  plans: planList,
  invoices: invoiceList,
  costs: costList,
  quotas: quotaList,
  targets: targetList,
} as const satisfies { readonly [C in Collection]: unknown };
export type ListName = keyof typeof LISTS;
export const LIST_NAMES = Object.keys(LISTS) as ListName[];

/** The options schema of each list, for adapters that parse query strings or flags. */
export const LIST_OPTIONS_SCHEMAS = {
  members: MemberListOptionsSchema,
  accounts: AccountListOptionsSchema,
  contacts: ContactListOptionsSchema,
  opportunities: OpportunityListOptionsSchema,
  contracts: ContractListOptionsSchema,
  activities: ActivityListOptionsSchema,
  tasks: TaskListOptionsSchema,
  escalations: EscalationListOptionsSchema,
  briefs: BriefListOptionsSchema,
  plans: PlanListOptionsSchema,
  invoices: InvoiceListOptionsSchema,
  costs: CostListOptionsSchema,
  quotas: QuotaListOptionsSchema,
  targets: TargetListOptionsSchema,
} as const satisfies { readonly [K in ListName]: (typeof LISTS)[K]["options"] };
