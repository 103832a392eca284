// Everything about one account on one screen: the records under it, read in one snapshot, and what the domain
// computes from them (health, P&L, renewal dates).
import {
  AccountIdSchema,
  type AccountPnl,
  AccountSchema,
  ActivitySchema,
  accountHealth,
  accountPnl,
  BINDING_CONTRACT_STATUSES,
  BriefSchema,
  type Contact,
  type ContactId,
  ContactIdSchema,
  ContactSchema,
  ContractIdSchema,
  ContractSchema,
  type ContractStatus,
  CostEntrySchema,
  dateOf,
  EscalationSchema,
  InvoiceSchema,
  OpportunitySchema,
  type Result,
  renewalSchedule,
  TaskSchema,
  type Timestamp,
  TimestampSchema,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { z } from "zod";
import { notFound } from "../refusals.ts";
import { findData, listDataWhere, type ReadTable, type Scope } from "../scope.ts";
import { inCurrency, nowShape, reportCurrencyShape } from "./options.ts";
import { withoutLines } from "./pnl.ts";
import { sortedBy } from "./read.ts";
import {
  AccountHealthSchema,
  AccountPnlSchema,
  orCurrencyMismatch,
  RenewalScheduleSchema,
  readonlyArray,
} from "./report-schemas.ts";
import { type QueryResult, queryOk, queryRefused } from "./result.ts";

export const Account360OptionsSchema = z.strictObject({
  accountId: AccountIdSchema,
  ...nowShape,
  ...reportCurrencyShape,
});
export type Account360Options = z.input<typeof Account360OptionsSchema>;

/** Who reports to whom among the account's contacts: the people at the top, and each one's direct reports. */
export const StakeholderMapSchema = z
  .object({
    /** Contacts with no manager among the account's contacts, by name. */
    roots: readonlyArray(ContactIdSchema),
    /** Each contact's direct reports, by name; contacts without reports are absent. */
    reports: z.record(z.string(), readonlyArray(ContactIdSchema)).readonly(),
  })
  .meta({ id: "StakeholderMap" });
export type StakeholderMap = z.output<typeof StakeholderMapSchema>;

/** The renewal dates of one binding contract. */
export const ContractRenewalSchema = z
  .object({ contractId: ContractIdSchema, schedule: RenewalScheduleSchema })
  .meta({ id: "ContractRenewal" });
export type ContractRenewal = z.output<typeof ContractRenewalSchema>;

/** An account with everything under it, and what the domain computes from it at `now`. */
export const Account360Schema = z
  .object({
    account: AccountSchema,
    now: TimestampSchema,
    /** The client's people, by name; `stakeholderMap` arranges them by reporting line. */
    contacts: readonlyArray(ContactSchema),
    stakeholderMap: StakeholderMapSchema,
    /** Deals, by expected close date. */
    opportunities: readonlyArray(OpportunitySchema),
    /** Contracts (with their towers and milestones), latest start first. */
    contracts: readonlyArray(ContractSchema),
    /** Activities and meetings (with minutes), newest first. */
    timeline: readonlyArray(ActivitySchema),
    /** Tasks, by due date. */
    tasks: readonlyArray(TaskSchema),
    /** Escalations, latest opened first. */
    escalations: readonlyArray(EscalationSchema),
    /** Briefs, latest received first. */
    briefs: readonlyArray(BriefSchema),
    /** Invoices, latest due first. */
    invoices: readonlyArray(InvoiceSchema),
    /** Cost entries (voided ones included, as recorded), latest first. */
    costs: readonlyArray(CostEntrySchema),
    /** Health at `now`; a refusal when an amount has no rate into the report's currency. */
    health: orCurrencyMismatch(AccountHealthSchema),
    /**
     * P&L in the report's currency, as the P&L report gives it (the lines behind it are the invoices and costs
     * above: its revenueLines and costEntries are empty); a refusal when an amount has no rate.
     */
    pnl: orCurrencyMismatch(AccountPnlSchema),
    /** The renewal dates of each binding contract (signed, active, expiring), by notice deadline. */
    renewals: readonlyArray(ContractRenewalSchema),
  })
  .meta({
    id: "Account360",
    description:
      "Account 360: lifecycle, health and its factors, people, deals, contracts, work, money, renewals.",
  });
export type Account360 = z.output<typeof Account360Schema>;

/** Arranges contacts by their reporting line; a manager outside the account makes the contact a root. */
export function stakeholderMapOf(contacts: readonly Contact[]): StakeholderMap {
  const known = new Set<string>(contacts.map((c) => c.id));
  const sorted = sortedBy(contacts, (c) => c.name);
  const reports: Record<string, ContactId[]> = {};
  const roots: ContactId[] = [];
  for (const c of sorted) {
    if (c.reportsToId !== null && c.reportsToId !== c.id && known.has(c.reportsToId)) {
      const list = reports[c.reportsToId] ?? [];
      list.push(c.id);
      reports[c.reportsToId] = list;
    } else roots.push(c.id);
  }
  return { roots, reports };
}

async function under<T>(
  scope: Scope,
  table: ReadTable & { readonly accountId: ReadTable["id"] },
  entity: { parse(data: unknown): T },
  accountId: string,
): Promise<T[]> {
  return (await listDataWhere(scope, table, table.accountId, accountId)).map((d) => entity.parse(d));
}

const binding: readonly ContractStatus[] = BINDING_CONTRACT_STATUSES;

const pnlWithoutLines = <E>(r: Result<AccountPnl, E>): Result<AccountPnl, E> =>
  r.ok ? { ok: true, value: withoutLines(r.value) } : r;

/** The account 360 (see {@link Account360}); NotFound for an account this workspace does not have. */
export async function account360(
  scope: Scope,
  options: z.output<typeof Account360OptionsSchema> & { readonly now: Timestamp },
): Promise<QueryResult<Account360>> {
  const { accountId, now } = options;
  const data = await findData(scope, schema.accounts, accountId);
  if (data === undefined) return queryRefused(notFound("account", accountId));
  const account = AccountSchema.parse(data);
  const t = schema;
  // One after another: inside a transaction the queries share one connection anyway.
  const contacts = await under(scope, t.contacts, ContactSchema, accountId);
  const opportunities = await under(scope, t.opportunities, OpportunitySchema, accountId);
  const contracts = await under(scope, t.contracts, ContractSchema, accountId);
  const activities = await under(scope, t.activities, ActivitySchema, accountId);
  const tasks = await under(scope, t.tasks, TaskSchema, accountId);
  const escalations = await under(scope, t.escalations, EscalationSchema, accountId);
  const briefs = await under(scope, t.briefs, BriefSchema, accountId);
  const invoices = await under(scope, t.invoices, InvoiceSchema, accountId);
  const costs = await under(scope, t.costs, CostEntrySchema, accountId);
  const target = inCurrency(scope.settings, options);
  const health = accountHealth(
    { accountId: account.id, activities, contacts, escalations, invoices, contracts, opportunities },
    { now, settings: scope.settings, ...target },
  );
  const renewals = contracts
    .filter((c) => binding.includes(c.status))
    .map((c) => ({ contractId: c.id, schedule: renewalSchedule(c, scope.settings.renewals, dateOf(now)) }))
    .sort((a, b) =>
      a.schedule.noticeDeadline.on < b.schedule.noticeDeadline.on
        ? -1
        : a.schedule.noticeDeadline.on > b.schedule.noticeDeadline.on
          ? 1
          : a.contractId < b.contractId
            ? -1
            : 1,
    );
  return queryOk({
    account,
    now,
    contacts: sortedBy(contacts, (c) => c.name),
    stakeholderMap: stakeholderMapOf(contacts),
    opportunities: sortedBy(opportunities, (o) => o.closeDate),
    contracts: sortedBy(contracts, (c) => c.startDate, "desc"),
    timeline: sortedBy(activities, (a) => a.at, "desc"),
    tasks: sortedBy(tasks, (x) => x.dueDate),
    escalations: sortedBy(escalations, (e) => e.openedAt, "desc"),
    briefs: sortedBy(briefs, (b) => b.receivedAt, "desc"),
    invoices: sortedBy(invoices, (i) => i.dueDate, "desc"),
    costs: sortedBy(costs, (c) => c.date, "desc"),
    health,
    // As the P&L report gives it: contracts by id, and the invoices and costs behind it listed above, not again.
    pnl: pnlWithoutLines(
      accountPnl(
        account.id,
        [...contracts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
        invoices,
        costs,
        target,
      ),
    ),
    renewals,
  });
}
