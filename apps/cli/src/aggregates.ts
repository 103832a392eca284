import type { AGGREGATE_RESOURCES } from "@accountable/domain";
import type { AggregateType, ListName } from "@accountable/service";

// The aggregates get a command each (`accountable account show …`), and commander needs their names before
// anything runs. Importing the service's registry for them would load the database drivers and every schema on
// `accountable --help`, so the names are listed here, checked against the service's type at compile time
// (and against its runtime list in aggregates.test.ts).

/** What `accountable <aggregate> --help` says each one is. */
export const AGGREGATE_DESCRIPTIONS = {
  workspace: "the workspace itself: its name and settings",
  member: "people of the agency who use Accountable",
  account: "client accounts",
  contact: "the client's people",
  opportunity: "deals in a pipeline",
  contract: "contracts, their towers and milestones",
  activity: "meetings, calls, e-mails and notes",
  task: "to-dos",
  escalation: "client escalations and their SLA",
  brief: "client briefs",
  plan: "account plans: objectives, risks, reviews; and an account's whitespace",
  invoice: "invoices and payments",
  cost: "cost entries",
  quota: "sales quotas",
  target: "target lists: accounts to win as new clients, their fit and funnel",
} as const satisfies Record<AggregateType, string>;

export const AGGREGATE_NAMES = Object.keys(AGGREGATE_DESCRIPTIONS) as AggregateType[];

/** Short names accepted in place of the full one. */
export const AGGREGATE_ALIASES: Partial<Record<AggregateType, string>> = { opportunity: "opp" };

/**
 * The service's list of each aggregate's read table (`accountable account list`); the workspace has none. These
 * are the domain's collections (AGGREGATE_RESOURCES), spelt out for `--help` and checked against the domain's
 * table by the compiler: a collection renamed there does not compile here.
 */
export const AGGREGATE_LISTS = {
  workspace: null,
  member: "members",
  account: "accounts",
  contact: "contacts",
  opportunity: "opportunities",
  contract: "contracts",
  activity: "activities",
  task: "tasks",
  escalation: "escalations",
  brief: "briefs",
  plan: "plans",
  invoice: "invoices",
  cost: "costs",
  quota: "quotas",
  target: "targets",
} as const satisfies {
  readonly [A in AggregateType]: (typeof AGGREGATE_RESOURCES)[A]["collection"];
} & Record<AggregateType, ListName | null>;
