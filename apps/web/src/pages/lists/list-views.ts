// The list pages: which records, which filters (kept in the address), which columns and sorts. Each view's
// filters are the API list's own query parameters, so the address of a filtered page reads like the API call
// that fills it, and the statuses offered come from the domain's lists.
import {
  ACCOUNT_PLAN_STATUSES,
  ACTIONS,
  type Action,
  type Actor,
  aggregateOfCollection,
  BRIEF_STATUSES,
  type CalendarDate,
  CONTRACT_STATUSES,
  can,
  contractMachine,
  ESCALATION_STATUSES,
  type Escalation,
  INVOICE_STATUSES,
  invoiceTotal,
  isMasked,
  isPastCloseDate,
  isSlaBreached,
  isTaskOverdue,
  LIVE_ESCALATION_STATUSES,
  OPEN_TASK_STATUSES,
  OPPORTUNITY_STATUSES,
  OPPORTUNITY_TYPES,
  type Opportunity,
  QUOTA_STATUSES,
  RESOURCE_KINDS,
  type ResourceKind,
  ROLES,
  SEVERITIES,
  TASK_STATUSES,
  type Task,
  type Timestamp,
} from "@accountable/domain";
import { dayFromToday } from "../../api/today.ts";
import type { Collection } from "../../commands/aggregates.ts";

/** One filter of a view: a query parameter of the API's list and how it is chosen. */
export type FilterDef =
  | {
      readonly param: string;
      readonly label: string;
      readonly kind: "enum";
      readonly options: readonly string[];
    }
  | { readonly param: string; readonly label: string; readonly kind: "member" }
  | { readonly param: string; readonly label: string; readonly kind: "date" }
  | { readonly param: string; readonly label: string; readonly kind: "flag" };

/** A named set of filter values ("Mine", "Overdue"), some computed for the member and the day. */
export interface Preset {
  readonly label: string;
  readonly values: (who: {
    readonly memberId: string;
    readonly team: readonly string[];
    readonly today: string;
  }) => Record<string, string>;
}

/** A column: its header and the record's field it shows. */
export interface ColumnDef {
  readonly header: string;
  readonly field: string;
  readonly align?: "right";
  /** A figure computed from the row (an invoice's total) instead of one of its fields. */
  readonly value?: (row: Readonly<Record<string, unknown>>) => unknown;
  /**
   * Whether the row is late by this column at `now` (an escalation past its SLA, an open task past its due day),
   * marked beside it: "Overdue", or `lateLabel` ("Past close date").
   */
  readonly overdue?: (row: Readonly<Record<string, unknown>>, now: Timestamp) => boolean;
  readonly lateLabel?: string;
}

/** The member's calendar day at `now` (a task is due, a deal closes, on the reader's day). */
const dayAt = (now: Timestamp) => dayFromToday(0, new Date(now)) as CalendarDate;

/** An invoice's total from its lines, in the domain's arithmetic; masked when its prices are masked. */
const invoiceAmount = (row: Readonly<Record<string, unknown>>): unknown => {
  const lines = (row.lines ?? []) as readonly { readonly unitPrice: unknown }[];
  const masked = lines.map((l) => l.unitPrice).find((p) => isMasked(p));
  return masked ?? invoiceTotal(row as unknown as Parameters<typeof invoiceTotal>[0]);
};

export interface ListView {
  readonly title: string;
  readonly collection: Collection;
  readonly description: string;
  readonly filters: readonly FilterDef[];
  readonly sorts: readonly string[];
  /** The sort and order when the address names none. */
  readonly defaultSort: { readonly sort: string; readonly order: "asc" | "desc" };
  readonly presets: readonly Preset[];
  readonly columns: readonly ColumnDef[];
  /**
   * Statuses whose rows go first whatever the sort (overdue invoices, live escalations), when the address names no
   * status: they are asked of the API first, page by page, then the other statuses (`of` minus these), so "first"
   * holds across every page, not only within the loaded ones.
   */
  readonly first?: { readonly status: readonly string[]; readonly of: readonly string[] };
}

const status = (options: readonly string[]): FilterDef => ({
  param: "status",
  label: "Status",
  kind: "enum",
  options,
});
const LIVE_TASK = OPEN_TASK_STATUSES.join(",");

/**
 * A contract not yet ended (drafts, those being negotiated or approved, signed, active, expiring): every status but
 * the machine's terminal ones (renewed, expired, terminated, withdrawn). The list opened on 2025's ended contracts.
 */
const LIVE_CONTRACT_STATUSES = CONTRACT_STATUSES.filter(
  (s) => !(contractMachine.terminal as readonly string[]).includes(s),
);

export const LIST_VIEWS = {
  contracts: {
    title: "Contracts",
    collection: "contracts",
    description: "Live contracts first, the nearest renewal (end of term) first; then those that ended.",
    first: { status: LIVE_CONTRACT_STATUSES, of: CONTRACT_STATUSES },
    filters: [
      status(CONTRACT_STATUSES),
      { param: "ownerId", label: "Owner", kind: "member" },
      { param: "endDateFrom", label: "Ends from", kind: "date" },
      { param: "endDateTo", label: "Ends by", kind: "date" },
    ],
    sorts: ["endDate", "startDate", "title", "value", "updatedAt"],
    defaultSort: { sort: "endDate", order: "asc" },
    presets: [
      { label: "Mine", values: (w) => ({ ownerId: w.memberId }) },
      { label: "Live", values: () => ({ status: LIVE_CONTRACT_STATUSES.join(",") }) },
      { label: "Binding", values: () => ({ status: "signed,active,expiring" }) },
      { label: "Awaiting approval", values: () => ({ status: "pending_approval" }) },
    ],
    columns: [
      { header: "Contract", field: "title" },
      { header: "Account", field: "accountId" },
      { header: "Status", field: "status" },
      { header: "Value", field: "value", align: "right" },
      { header: "Ends", field: "endDate" },
      { header: "Owner", field: "ownerId" },
    ],
  },
  tasks: {
    title: "Tasks",
    collection: "tasks",
    description: "Open work first, by due date; then what is done or cancelled.",
    first: { status: OPEN_TASK_STATUSES, of: TASK_STATUSES },
    filters: [
      status(TASK_STATUSES),
      { param: "assigneeId", label: "Assignee", kind: "member" },
      { param: "agreedWithClient", label: "Agreed with the client", kind: "flag" },
      { param: "dueBefore", label: "Due before", kind: "date" },
    ],
    sorts: ["dueDate", "updatedAt"],
    defaultSort: { sort: "dueDate", order: "asc" },
    presets: [
      { label: "Mine", values: (w) => ({ assigneeId: w.memberId, status: LIVE_TASK }) },
      {
        label: "My team",
        values: (w) => ({ assigneeId: [w.memberId, ...w.team].join(","), status: LIVE_TASK }),
      },
      { label: "Overdue", values: (w) => ({ status: LIVE_TASK, dueBefore: w.today }) },
      { label: "Agreed with the client", values: () => ({ agreedWithClient: "true", status: LIVE_TASK }) },
    ],
    columns: [
      { header: "Task", field: "title" },
      { header: "Account", field: "accountId" },
      { header: "Status", field: "status" },
      {
        header: "Due",
        field: "dueDate",
        // The domain says when a task is overdue (open, its due day gone), not the page.
        overdue: (row, now) =>
          isTaskOverdue(
            { status: row.status as Task["status"], dueDate: row.dueDate as CalendarDate },
            dayAt(now),
          ),
      },
      { header: "Assignee", field: "assigneeId" },
      { header: "Client deadline", field: "agreedWithClient" },
    ],
  },
  invoices: {
    title: "Invoices",
    collection: "invoices",
    description: "Overdue first, then by due date.",
    first: { status: ["overdue"], of: INVOICE_STATUSES },
    filters: [status(INVOICE_STATUSES), { param: "dueBefore", label: "Due before", kind: "date" }],
    sorts: ["dueDate", "updatedAt"],
    defaultSort: { sort: "dueDate", order: "asc" },
    presets: [
      { label: "Overdue", values: () => ({ status: "overdue" }) },
      { label: "Unpaid", values: () => ({ status: "issued,overdue" }) },
      { label: "Drafts", values: () => ({ status: "draft" }) },
    ],
    columns: [
      { header: "Invoice", field: "number" },
      { header: "Account", field: "accountId" },
      { header: "Status", field: "status" },
      { header: "Due", field: "dueDate" },
      { header: "Amount", field: "amount", align: "right", value: invoiceAmount },
    ],
  },
  escalations: {
    title: "Escalations",
    collection: "escalations",
    description: "Open ones first, by SLA: the nearest (or most overdue) first.",
    first: { status: LIVE_ESCALATION_STATUSES, of: ESCALATION_STATUSES },
    filters: [
      status(ESCALATION_STATUSES),
      { param: "severity", label: "Severity", kind: "enum", options: SEVERITIES },
      { param: "ownerId", label: "Owner", kind: "member" },
    ],
    sorts: ["slaDueAt", "updatedAt"],
    defaultSort: { sort: "slaDueAt", order: "asc" },
    presets: [
      { label: "Open", values: () => ({ status: "open,acknowledged,in_progress" }) },
      { label: "Mine", values: (w) => ({ ownerId: w.memberId }) },
    ],
    columns: [
      { header: "Escalation", field: "title" },
      { header: "Account", field: "accountId" },
      { header: "Severity", field: "severity" },
      { header: "Status", field: "status" },
      {
        header: "SLA due",
        field: "slaDueAt",
        // The domain says when an escalation is past its SLA (live and its deadline gone), not the page.
        overdue: (row, now) =>
          isSlaBreached(
            { status: row.status as Escalation["status"], slaDueAt: row.slaDueAt as Timestamp },
            now,
          ),
      },
      { header: "Owner", field: "ownerId" },
    ],
  },
  briefs: {
    title: "Briefs",
    collection: "briefs",
    description: "By stage and deadline.",
    filters: [status(BRIEF_STATUSES), { param: "plannerId", label: "Planner", kind: "member" }],
    sorts: ["deadline", "updatedAt"],
    defaultSort: { sort: "deadline", order: "asc" },
    presets: BRIEF_STATUSES.slice(0, 4).map((s) => ({
      label: s.replace(/_/g, " "),
      values: () => ({ status: s }),
    })),
    columns: [
      { header: "Brief", field: "title" },
      { header: "Account", field: "accountId" },
      { header: "Stage", field: "status" },
      { header: "Deadline", field: "deadline" },
      { header: "Client budget", field: "clientBudget", align: "right" },
      { header: "Planner", field: "plannerId" },
    ],
  },
  plans: {
    title: "Account plans",
    collection: "plans",
    description: "Each account's plan, by its next review.",
    filters: [
      status(ACCOUNT_PLAN_STATUSES),
      { param: "ownerId", label: "Owner", kind: "member" },
      { param: "reviewBy", label: "Review by", kind: "date" },
    ],
    sorts: ["nextReviewOn", "periodStart", "updatedAt"],
    defaultSort: { sort: "nextReviewOn", order: "asc" },
    presets: [
      { label: "Mine", values: (w) => ({ ownerId: w.memberId }) },
      { label: "Review overdue", values: (w) => ({ status: "active", reviewBy: w.today }) },
      { label: "Under review", values: () => ({ status: "under_review" }) },
    ],
    columns: [
      { header: "Plan", field: "title" },
      { header: "Account", field: "accountId" },
      { header: "Status", field: "status" },
      { header: "From", field: "periodStart" },
      { header: "To", field: "periodEnd" },
      { header: "Next review", field: "nextReviewOn" },
      { header: "Owner", field: "ownerId" },
    ],
  },
  quotas: {
    title: "Quotas",
    collection: "quotas",
    description: "Targets by member and period.",
    filters: [status(QUOTA_STATUSES), { param: "memberId", label: "Member", kind: "member" }],
    sorts: ["period", "updatedAt"],
    defaultSort: { sort: "period", order: "desc" },
    presets: [{ label: "Mine", values: (w) => ({ memberId: w.memberId }) }],
    columns: [
      { header: "Member", field: "memberId" },
      { header: "Period", field: "period" },
      { header: "Target", field: "amount", align: "right" },
      { header: "Status", field: "status" },
    ],
  },
  members: {
    title: "Members",
    collection: "members",
    description: "Everyone in the workspace, with their role and manager.",
    filters: [
      { param: "role", label: "Role", kind: "enum", options: ROLES },
      { param: "active", label: "Active", kind: "flag" },
      { param: "reportsTo", label: "Reports to", kind: "member" },
    ],
    sorts: ["name", "email", "updatedAt"],
    defaultSort: { sort: "name", order: "asc" },
    presets: [{ label: "My reports", values: (w) => ({ reportsTo: w.memberId }) }],
    columns: [
      { header: "Name", field: "name" },
      { header: "E-mail", field: "email" },
      { header: "Role", field: "role" },
      { header: "Reports to", field: "reportsTo" },
      { header: "Active", field: "active" },
    ],
  },
  opportunities: {
    // Every deal as a list, and its Export CSV: the file `accountable export opportunities` writes.
    title: "Deals",
    collection: "opportunities",
    description: "Open deals first, the nearest close date first; then those won or lost.",
    first: { status: ["open"], of: OPPORTUNITY_STATUSES },
    filters: [
      status(OPPORTUNITY_STATUSES),
      { param: "ownerId", label: "Owner", kind: "member" },
      { param: "type", label: "Type", kind: "enum", options: OPPORTUNITY_TYPES },
      { param: "closeDateFrom", label: "Closes from", kind: "date" },
      { param: "closeDateTo", label: "Closes by", kind: "date" },
    ],
    sorts: ["closeDate", "amount", "name", "createdAt", "updatedAt"],
    defaultSort: { sort: "closeDate", order: "asc" },
    presets: [
      { label: "Mine", values: (w) => ({ ownerId: w.memberId, status: "open" }) },
      { label: "Open", values: () => ({ status: "open" }) },
      { label: "Won", values: () => ({ status: "won" }) },
      { label: "Lost", values: () => ({ status: "lost" }) },
    ],
    columns: [
      { header: "Deal", field: "name" },
      { header: "Account", field: "accountId" },
      { header: "Stage", field: "stageId" },
      { header: "Status", field: "status" },
      { header: "Amount", field: "amount", align: "right" },
      {
        header: "Closes",
        field: "closeDate",
        overdue: (row, now) =>
          isPastCloseDate(
            { status: row.status as Opportunity["status"], closeDate: row.closeDate as CalendarDate | null },
            dayAt(now),
          ),
        lateLabel: "Past close date",
      },
      { header: "Owner", field: "ownerId" },
    ],
  },
} as const satisfies Record<string, ListView>;

export type ListName = keyof typeof LIST_VIEWS;
export const LIST_NAMES = Object.keys(LIST_VIEWS) as ListName[];
export const isListName = (s: string): s is ListName => s in LIST_VIEWS;

/** The filter and sort parameters a view reads from the address (everything else is left out). */
export function viewParams(
  view: ListView,
  search: Readonly<Record<string, unknown>>,
): Record<string, string> {
  const names = [...view.filters.map((f) => f.param), "sort", "order"];
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = search[n];
    if (typeof v === "string" && v !== "") out[n] = v;
    else if (typeof v === "number" || typeof v === "boolean") out[n] = String(v);
  }
  return out;
}

/**
 * The status filters a view's pages are asked with, in order: one phase with the address's filters as they are,
 * or — when the view puts some statuses first and the address names no status — those statuses, then the rest.
 */
export function listPhases(
  view: ListView,
  params: Readonly<Record<string, string>>,
): Record<string, string>[] {
  if (!view.first || params.status) return [{ ...params }];
  const firstOnes = new Set(view.first.status);
  const rest = view.first.of.filter((s) => !firstOnes.has(s));
  return [
    { ...params, status: view.first.status.join(",") },
    { ...params, status: rest.join(",") },
  ];
}

/**
 * Why the member's role sees none of a list's records, in the domain's words ("As a viewer you may not see invoices:
 * a viewer reads without changing anything, and sees no money."), or null when it may see some. Asked of `can` on a
 * record the member would hold (theirs, on their account): refused even there, it is the role, not the filters, that
 * leaves the list empty — and an empty list then says so instead of "Nothing matches these filters."
 */
export function listRefusal(collection: Collection, actor: Actor): string | null {
  const aggregate = aggregateOfCollection(collection);
  const kind = RESOURCE_KINDS.find((k): k is ResourceKind => k === aggregate);
  const action = ACTIONS.find((a): a is Action => a === `${kind}.read`);
  if (kind === undefined || action === undefined) return null;
  const mine = { kind, ownerId: actor.memberId, assigneeId: actor.memberId, accountOwnerId: actor.memberId };
  const answer = can(actor, action, mine);
  return answer.allowed ? null : answer.refusal.message;
}

/**
 * The lists a member may open, in order, and the others said once in words, grouped by why ("Invoices, Quotas
 * and Account plans are not open to you: a viewer reads without changing anything, and sees no money."); null when
 * every list is open. A viewer was offered Invoices beside the others, and got a refusal once there.
 */
export function listsFor(actor: Actor): {
  readonly open: readonly ListName[];
  readonly closed: string | null;
} {
  const open: ListName[] = [];
  const byWhy = new Map<string, string[]>();
  for (const n of LIST_NAMES) {
    const refusal = listRefusal(LIST_VIEWS[n].collection, actor);
    if (refusal === null) {
      open.push(n);
      continue;
    }
    const at = refusal.indexOf(": ");
    const why = at < 0 ? refusal : refusal.slice(at + 2);
    byWhy.set(why, [...(byWhy.get(why) ?? []), LIST_VIEWS[n].title]);
  }
  const and = (titles: readonly string[]) =>
    titles.length === 1 ? titles[0]! : `${titles.slice(0, -1).join(", ")} and ${titles.at(-1)}`;
  const closed = [...byWhy]
    .map(([why, titles]) => `${and(titles)} ${titles.length === 1 ? "is" : "are"} not open to you: ${why}`)
    .join(" ");
  return { open, closed: closed === "" ? null : closed };
}

/** The lists under "Lists" in the navigation, in order: all but Tasks and Contracts, which have entries of their own. */
export const OTHER_LISTS: readonly ListName[] = LIST_NAMES.filter((n) => n !== "tasks" && n !== "contracts");

/** Where "Lists" opens for this member: the first of the other lists their role may read (the domain's `can`). */
export function firstReadableList(actor: Actor): ListName {
  return OTHER_LISTS.find((n) => listRefusal(LIST_VIEWS[n].collection, actor) === null) ?? "tasks";
}

/**
 * The server's CSV of a view, in the order the page shows it: the address's filters and sort, and — when the view
 * puts some statuses first and the address names none — `first`, so the server streams those rows, then the rest
 * (the browser used to fetch one file per group and join them).
 */
export function exportHref(
  workspaceId: string,
  view: ListView,
  asked: Readonly<Record<string, string>>,
): string {
  const params = new URLSearchParams(asked);
  if (view.first && !asked.status) params.set("first", view.first.status.join(","));
  return `/api/workspaces/${encodeURIComponent(workspaceId)}/${view.collection}.csv?${params}`;
}
