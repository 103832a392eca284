// Everything about one account on one screen: the records under it, read in one snapshot, and what the domain
// computes from them (health, P&L, renewal dates).
import {
  type Account,
  type AccountHealth,
  AccountIdSchema,
  type AccountPnl,
  AccountSchema,
  type Activity,
  ActivitySchema,
  accountHealth,
  accountPnl,
  BINDING_CONTRACT_STATUSES,
  type Brief,
  BriefSchema,
  type Contact,
  type ContactId,
  ContactSchema,
  type Contract,
  type ContractId,
  ContractSchema,
  type ContractStatus,
  type CostEntry,
  CostEntrySchema,
  type CurrencyMismatch,
  type Escalation,
  EscalationSchema,
  type Invoice,
  InvoiceSchema,
  type Opportunity,
  OpportunitySchema,
  type RenewalSchedule,
  type Result,
  renewalSchedule,
  type Task,
  TaskSchema,
  type Timestamp,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { z } from "zod";
import { notFound } from "../refusals.ts";
import { findData, listDataWhere, type ReadTable, type Scope } from "../scope.ts";
import { inCurrency, nowShape, reportCurrencyShape } from "./options.ts";
import { sortedBy } from "./read.ts";
import { type QueryResult, queryOk, queryRefused } from "./result.ts";

export const Account360OptionsSchema = z.object({
  accountId: AccountIdSchema,
  ...nowShape,
  ...reportCurrencyShape,
});
export type Account360Options = z.input<typeof Account360OptionsSchema>;

/** Who reports to whom among the account's contacts: the people at the top, and each one's direct reports. */
export interface StakeholderMap {
  /** Contacts with no manager among the account's contacts, by name. */
  readonly roots: readonly ContactId[];
  /** Each contact's direct reports, by name; contacts without reports are absent. */
  readonly reports: Readonly<Record<string, readonly ContactId[]>>;
}

/** The renewal dates of one binding contract. */
export interface ContractRenewal {
  readonly contractId: ContractId;
  readonly schedule: RenewalSchedule;
}

/** An account with everything under it, and what the domain computes from it at `now`. */
export interface Account360 {
  readonly account: Account;
  readonly now: Timestamp;
  /** The client's people, by name; `stakeholderMap` arranges them by reporting line. */
  readonly contacts: readonly Contact[];
  readonly stakeholderMap: StakeholderMap;
  /** Deals, by expected close date. */
  readonly opportunities: readonly Opportunity[];
  /** Contracts (with their towers and milestones), latest start first. */
  readonly contracts: readonly Contract[];
  /** Activities and meetings (with minutes), newest first. */
  readonly timeline: readonly Activity[];
  /** Tasks, by due date. */
  readonly tasks: readonly Task[];
  /** Escalations, latest opened first. */
  readonly escalations: readonly Escalation[];
  /** Briefs, latest received first. */
  readonly briefs: readonly Brief[];
  /** Invoices, latest due first. */
  readonly invoices: readonly Invoice[];
  /** Cost entries (voided ones included, as recorded), latest first. */
  readonly costs: readonly CostEntry[];
  /** Health at `now`; a refusal when an amount has no rate into the report's currency. */
  readonly health: Result<AccountHealth, CurrencyMismatch>;
  /** P&L in the report's currency; a refusal when an amount has no rate. */
  readonly pnl: Result<AccountPnl, CurrencyMismatch>;
  /** The renewal dates of each binding contract (signed, active, expiring), by notice deadline. */
  readonly renewals: readonly ContractRenewal[];
}

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
    { accountId: account.id, activities, contacts, escalations, invoices, contracts },
    { now, settings: scope.settings, ...target },
  );
  const renewals = contracts
    .filter((c) => binding.includes(c.status))
    .map((c) => ({ contractId: c.id, schedule: renewalSchedule(c, scope.settings.renewals) }))
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
    pnl: accountPnl(account.id, contracts, invoices, costs, target),
    renewals,
  });
}
