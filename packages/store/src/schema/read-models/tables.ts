import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { readModelColumns } from "./columns.ts";
import {
  accountSearchText,
  briefSearchText,
  contactSearchText,
  contractSearchText,
  noteSearchText,
  opportunitySearchText,
  SEARCH_WORDS_INDEX,
  searchVector,
} from "./search-text.ts";

// Read tables: projections of the event log, rebuilt from it at will. Every primary key and index starts with
// workspace_id so that the database can be distributed by workspace without a rewrite.

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "string" });
const day = (name: string) => date(name, { mode: "string" });
const minor = (name: string) => bigint(name, { mode: "number" });

export const members = pgTable(
  "members",
  {
    ...readModelColumns(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role").notNull(),
    reportsTo: text("reports_to"),
    active: boolean("active").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("members_email_idx").on(t.workspaceId, t.email),
  ],
);

export const accounts = pgTable(
  "accounts",
  {
    ...readModelColumns(),
    name: text("name").notNull(),
    status: text("status").notNull(),
    ownerId: text("owner_id").notNull(),
    parentId: text("parent_id"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("accounts_name_idx").on(t.workspaceId, t.name),
    index("accounts_owner_idx").on(t.workspaceId, t.ownerId, t.status),
    index("accounts_words_idx")
      .using("gin", searchVector(t, accountSearchText(t)))
      .with(SEARCH_WORDS_INDEX),
    // Search finds records by their words (see search-text.ts); a name typed out in full ranks first, however
    // many names hold it as a word.
    index("accounts_exact_idx").on(t.workspaceId, sql`lower(${t.name})`),
  ],
);

export const contacts = pgTable(
  "contacts",
  {
    ...readModelColumns(),
    accountId: text("account_id").notNull(),
    name: text("name").notNull(),
    email: text("email"),
    active: boolean("active").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("contacts_account_idx").on(t.workspaceId, t.accountId),
    index("contacts_email_idx").on(t.workspaceId, t.email),
    index("contacts_words_idx")
      .using("gin", searchVector(t, contactSearchText(t)))
      .with(SEARCH_WORDS_INDEX),
    index("contacts_exact_name_idx").on(t.workspaceId, sql`lower(${t.name})`),
    index("contacts_exact_email_idx").on(t.workspaceId, sql`lower(${t.email})`),
  ],
);

export const opportunities = pgTable(
  "opportunities",
  {
    ...readModelColumns(),
    accountId: text("account_id").notNull(),
    ownerId: text("owner_id").notNull(),
    name: text("name").notNull(),
    type: text("type").notNull(),
    pipelineId: text("pipeline_id").notNull(),
    stageId: text("stage_id").notNull(),
    status: text("status").notNull(),
    // Null: no amount yet (and then no currency), or no close date yet, where the deal's stage allows it.
    amountMinor: minor("amount_minor"),
    currency: text("currency"),
    probability: integer("probability").notNull(),
    forecastCategory: text("forecast_category").notNull(),
    closeDate: day("close_date"),
    createdAt: ts("created_at").notNull(),
    stageEnteredAt: ts("stage_entered_at").notNull(),
    closedAt: ts("closed_at"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // The board and the list: a stage's deals by close date, keyset-paginated on (close_date, id).
    index("opportunities_stage_close_idx").on(t.workspaceId, t.stageId, t.closeDate, t.id),
    index("opportunities_close_idx").on(t.workspaceId, t.closeDate, t.id),
    index("opportunities_owner_idx").on(t.workspaceId, t.ownerId, t.status),
    // Reports over a period (forecast, pipeline, quota attainment): open deals by expected close, closed ones
    // by the moment they closed, so a report reads the deals of its period, not the workspace's.
    index("opportunities_open_close_idx").on(t.workspaceId, t.closeDate).where(sql`${t.status} = 'open'`),
    index("opportunities_closed_at_idx").on(t.workspaceId, t.closedAt).where(sql`${t.status} <> 'open'`),
    index("opportunities_account_idx").on(t.workspaceId, t.accountId),
    index("opportunities_words_idx")
      .using("gin", searchVector(t, opportunitySearchText(t)))
      .with(SEARCH_WORDS_INDEX),
    index("opportunities_exact_idx").on(t.workspaceId, sql`lower(${t.name})`),
  ],
);

export const contracts = pgTable(
  "contracts",
  {
    ...readModelColumns(),
    accountId: text("account_id").notNull(),
    opportunityId: text("opportunity_id"),
    ownerId: text("owner_id").notNull(),
    title: text("title").notNull(),
    status: text("status").notNull(),
    valueMinor: minor("value_minor").notNull(),
    currency: text("currency").notNull(),
    startDate: day("start_date").notNull(),
    endDate: day("end_date").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("contracts_account_idx").on(t.workspaceId, t.accountId),
    index("contracts_status_end_idx").on(t.workspaceId, t.status, t.endDate),
    index("contracts_words_idx")
      .using("gin", searchVector(t, contractSearchText(t)))
      .with(SEARCH_WORDS_INDEX),
    index("contracts_exact_idx").on(t.workspaceId, sql`lower(${t.title})`),
  ],
);

/** Towers are part of their contract's stream; this table lists them for queries by account manager. */
export const towers = pgTable(
  "towers",
  {
    ...readModelColumns(),
    contractId: text("contract_id").notNull(),
    accountId: text("account_id").notNull(),
    accountManagerId: text("account_manager_id").notNull(),
    name: text("name").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.contractId, t.id] }),
    index("towers_manager_idx").on(t.workspaceId, t.accountManagerId),
  ],
);

export const activities = pgTable(
  "activities",
  {
    ...readModelColumns(),
    accountId: text("account_id").notNull(),
    opportunityId: text("opportunity_id"),
    contractId: text("contract_id"),
    kind: text("kind").notNull(),
    status: text("status").notNull(),
    at: ts("at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("activities_account_at_idx").on(t.workspaceId, t.accountId, t.at),
    index("activities_opportunity_idx").on(t.workspaceId, t.opportunityId),
    // Global search reads notes' subjects only.
    index("activities_note_words_idx")
      .using("gin", searchVector(t, noteSearchText(t)))
      .with(SEARCH_WORDS_INDEX)
      .where(sql`${t.kind} = 'note'`),
    index("activities_note_exact_idx")
      .on(t.workspaceId, sql`lower(${noteSearchText(t)})`)
      .where(sql`${t.kind} = 'note'`),
  ],
);

export const tasks = pgTable(
  "tasks",
  {
    ...readModelColumns(),
    accountId: text("account_id"),
    assigneeId: text("assignee_id").notNull(),
    status: text("status").notNull(),
    dueDate: day("due_date").notNull(),
    agreedWithClient: boolean("agreed_with_client").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("tasks_assignee_due_idx").on(t.workspaceId, t.assigneeId, t.status, t.dueDate),
    index("tasks_account_idx").on(t.workspaceId, t.accountId),
  ],
);

export const escalations = pgTable(
  "escalations",
  {
    ...readModelColumns(),
    accountId: text("account_id").notNull(),
    ownerId: text("owner_id").notNull(),
    status: text("status").notNull(),
    severity: text("severity").notNull(),
    slaDueAt: ts("sla_due_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("escalations_account_idx").on(t.workspaceId, t.accountId),
    index("escalations_status_sla_idx").on(t.workspaceId, t.status, t.slaDueAt),
  ],
);

export const briefs = pgTable(
  "briefs",
  {
    ...readModelColumns(),
    accountId: text("account_id").notNull(),
    plannerId: text("planner_id"),
    status: text("status").notNull(),
    deadline: day("deadline"),
    /** The deal the brief leads to and the contract it is delivered under, once linked. */
    opportunityId: text("opportunity_id"),
    contractId: text("contract_id"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("briefs_account_idx").on(t.workspaceId, t.accountId),
    index("briefs_opportunity_idx").on(t.workspaceId, t.opportunityId),
    index("briefs_contract_idx").on(t.workspaceId, t.contractId),
    index("briefs_words_idx")
      .using("gin", searchVector(t, briefSearchText(t)))
      .with(SEARCH_WORDS_INDEX),
    index("briefs_exact_idx").on(t.workspaceId, sql`lower(${briefSearchText(t)})`),
  ],
);

export const invoices = pgTable(
  "invoices",
  {
    ...readModelColumns(),
    accountId: text("account_id").notNull(),
    contractId: text("contract_id"),
    status: text("status").notNull(),
    dueDate: day("due_date").notNull(),
    currency: text("currency").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("invoices_account_idx").on(t.workspaceId, t.accountId),
    index("invoices_status_due_idx").on(t.workspaceId, t.status, t.dueDate),
  ],
);

export const costs = pgTable(
  "costs",
  {
    ...readModelColumns(),
    accountId: text("account_id").notNull(),
    contractId: text("contract_id"),
    towerId: text("tower_id"),
    date: day("date").notNull(),
    status: text("status").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("costs_account_idx").on(t.workspaceId, t.accountId, t.date),
    index("costs_contract_idx").on(t.workspaceId, t.contractId),
  ],
);

export const quotas = pgTable(
  "quotas",
  {
    ...readModelColumns(),
    memberId: text("member_id").notNull(),
    period: text("period").notNull(),
    status: text("status").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("quotas_member_idx").on(t.workspaceId, t.memberId, t.period),
  ],
);

/**
 * The search vocabulary: every distinct word of a workspace's searchable records (their search vectors' words,
 * but those holding a digit: ids and numbers are looked up as typed). Small (tens of thousands of words where
 * the records are millions), so a misspelt word is matched against it by trigram similarity at once, and the
 * records are then found by the words matched, through their full-text indexes. Kept by triggers on the
 * searchable tables (migration 0021): a word is added when a record first holds it and never removed, so a
 * word no record holds any more only finds nothing; rebuilding a workspace's read tables gathers it afresh.
 */
export const searchWords = pgTable(
  "search_words",
  {
    workspaceId: text("workspace_id").notNull(),
    word: text("word").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.word] }),
    index("search_words_trgm_idx").using("gin", sql`${t.word} gin_trgm_ops`),
  ],
);
