// The queries of the service facade: each takes the workspace first, parses its options with the exported
// schema (a refusal, never a throw, for bad input), reads inside that workspace only, and answers a QueryResult.
import type { Timestamp, WorkspaceSettings } from "@accountable/domain";
import type { StoreDatabase } from "@accountable/store";
import type { z } from "zod";
import { loadScope } from "../execute.ts";
import type { Scope } from "../scope.ts";
import { type Account360, Account360OptionsSchema, account360 } from "./account-360.ts";
import {
  AccountHealthOptionsSchema,
  type AccountHealthReport,
  accountHealthReport,
} from "./account-health.ts";
import { type ClientReport, ClientReportOptionsSchema, clientReport } from "./client-report.ts";
import { ForecastOptionsSchema, type ForecastReport, forecastReport } from "./forecast.ts";
import type { Page, Versioned } from "./keyset.ts";
import {
  type AccountListOptions,
  type ActivityListOptions,
  type AnyListSpec,
  type BriefListOptions,
  type ContactListOptions,
  type ContractListOptions,
  type CostListOptions,
  type EscalationListOptions,
  type InvoiceListOptions,
  LISTS,
  type ListName,
  type MemberListOptions,
  type OpportunityListOptions,
  type PlanListOptions,
  type QuotaListOptions,
  runList,
  runListJson,
  type TaskListOptions,
} from "./lists.ts";
import { PipelineOptionsSchema, type PipelineReport, pipelineSummary } from "./pipeline.ts";
import { PnlOptionsSchema, type PnlReport, pnlReport } from "./pnl.ts";
import {
  QuotaAttainmentOptionsSchema,
  type QuotaAttainmentReport,
  quotaAttainmentReport,
} from "./quota-attainment.ts";
import { readConsistently } from "./read.ts";
import { RenewalsDueOptionsSchema, type RenewalsDueReport, renewalsDueReport } from "./renewals-due.ts";
import { parseOptions, type QueryResult, queryRefused } from "./result.ts";
import { SalesMetricsOptionsSchema, type SalesMetricsReport, salesMetricsReport } from "./sales-metrics.ts";
import { StaleDealsOptionsSchema, type StaleDealsReport, staleDealsReport } from "./stale-deals.ts";
import { WhitespaceOptionsSchema, type WhitespaceReport, whitespaceReport } from "./whitespace.ts";

/** The entity each list returns. */
export type ListItem<N extends ListName> = ReturnType<(typeof LISTS)[N]["entity"]["parse"]>;

/** The deals a report is computed over (the reader's, see reader.ts); every deal when absent. */
export type DealsOnly = ReadonlySet<string>;

/**
 * The workspace a query reads: its id (its settings are read first), or its id with the settings the caller
 * already holds (a reader's, which the API keeps per process and forgets on every change; see
 * apps/api/src/auth/access-cache.ts), so the query is one round trip, not two.
 */
export type WorkspaceRef = string | { readonly workspaceId: string; readonly settings: WorkspaceSettings };

export interface QueryDependencies {
  readonly db: StoreDatabase;
  readonly clock: () => Timestamp;
}

/** The service's queries over one store (see each method); wired by `createService`. */
export function createQueries({ db, clock }: QueryDependencies) {
  const scopeOf = async (ws: WorkspaceRef): Promise<Scope> =>
    typeof ws === "string" ? loadScope(db, ws) : { db, workspaceId: ws.workspaceId, settings: ws.settings };

  async function run<S extends z.ZodType, T>(
    ws: WorkspaceRef,
    optionsSchema: S,
    input: unknown,
    query: (scope: Scope, options: z.output<S>) => Promise<QueryResult<T>>,
    consistent = false,
  ): Promise<QueryResult<T>> {
    const parsed = parseOptions(optionsSchema, input);
    if (!parsed.ok) return queryRefused(parsed.error);
    return consistent
      ? readConsistently(db, ws, (scope) => query(scope, parsed.value))
      : query(await scopeOf(ws), parsed.value);
  }

  function list<N extends ListName>(
    name: N,
    workspaceId: string,
    options?: z.input<(typeof LISTS)[N]["options"]>,
  ): Promise<QueryResult<Page<ListItem<N>>>> {
    // Indexing LISTS by a generic name loses the pairing of entity and options; each spec pairs them itself.
    const spec = LISTS[name] as unknown as AnyListSpec<ListItem<N>>;
    // Lists read no settings: the workspace id is all the scope they need (one query, not two).
    return runList({ db, workspaceId }, spec, options ?? {});
  }

  /** A list whose options are its options schema's output already (parsed at an adapter's edge): not parsed again. */
  function listParsed<N extends ListName>(
    name: N,
    workspaceId: string,
    options: z.output<(typeof LISTS)[N]["options"]>,
  ): Promise<QueryResult<Page<ListItem<N>>>> {
    const spec = LISTS[name] as unknown as AnyListSpec<ListItem<N>>;
    return runList({ db, workspaceId }, spec, options, true);
  }

  /** A page whose items carry their record's version (what the adapters answer, so a command needs no read). */
  function listVersioned<N extends ListName>(
    name: N,
    workspaceId: string,
    options: unknown,
    parsed: boolean,
  ): Promise<QueryResult<Page<Versioned<ListItem<N>>>>> {
    const spec = LISTS[name] as unknown as AnyListSpec<Versioned<ListItem<N>>>;
    return runList({ db, workspaceId }, spec, options ?? {}, parsed, true);
  }

  /** {@link listVersioned} as JSON text, `{"items":[…],"nextCursor":…}`: the rows passed on as read, never parsed. */
  function listVersionedJson(
    name: ListName,
    workspaceId: string,
    options: unknown,
    parsed: boolean,
  ): Promise<QueryResult<{ readonly items: string; readonly nextCursor: string | null }>> {
    const spec = LISTS[name] as unknown as AnyListSpec<unknown>;
    return runListJson({ db, workspaceId }, spec, options ?? {}, parsed, true);
  }

  return {
    /** One keyset page of any list by name ("opportunities", "tasks", …); see the `…ListOptionsSchema`s. */
    list,
    listParsed,
    listVersioned,
    listVersionedJson,
    listMembers: (ws: string, o?: MemberListOptions) => list("members", ws, o),
    listAccounts: (ws: string, o?: AccountListOptions) => list("accounts", ws, o),
    listContacts: (ws: string, o?: ContactListOptions) => list("contacts", ws, o),
    listOpportunities: (ws: string, o?: OpportunityListOptions) => list("opportunities", ws, o),
    listContracts: (ws: string, o?: ContractListOptions) => list("contracts", ws, o),
    listActivities: (ws: string, o?: ActivityListOptions) => list("activities", ws, o),
    listTasks: (ws: string, o?: TaskListOptions) => list("tasks", ws, o),
    listEscalations: (ws: string, o?: EscalationListOptions) => list("escalations", ws, o),
    listBriefs: (ws: string, o?: BriefListOptions) => list("briefs", ws, o),
    listPlans: (ws: string, o?: PlanListOptions) => list("plans", ws, o),
    listInvoices: (ws: string, o?: InvoiceListOptions) => list("invoices", ws, o),
    listCosts: (ws: string, o?: CostListOptions) => list("costs", ws, o),
    listQuotas: (ws: string, o?: QuotaListOptions) => list("quotas", ws, o),

    /** An account with everything under it, its health, P&L and renewal dates, read in one snapshot. */
    account360(
      workspaceId: WorkspaceRef,
      accountId: string,
      options: Omit<z.input<typeof Account360OptionsSchema>, "accountId"> = {},
    ): Promise<QueryResult<Account360>> {
      return run(
        workspaceId,
        Account360OptionsSchema,
        { ...options, accountId },
        (scope, o) => account360(scope, { ...o, now: o.now ?? clock() }),
        true,
      );
    },

    /** Per stage of each pipeline (or one): count, total and weighted total per currency, days in stage. */
    pipeline(
      workspaceId: WorkspaceRef,
      options: z.input<typeof PipelineOptionsSchema> = {},
      only?: DealsOnly,
    ): Promise<QueryResult<PipelineReport>> {
      return run(workspaceId, PipelineOptionsSchema, options, (scope, o) =>
        pipelineSummary(scope, { ...o, now: o.now ?? clock() }, only),
      );
    },

    /** The forecast by period (and owner), now or as of a past moment. */
    forecast(
      workspaceId: WorkspaceRef,
      options: z.input<typeof ForecastOptionsSchema>,
      only?: DealsOnly,
    ): Promise<QueryResult<ForecastReport>> {
      return run(workspaceId, ForecastOptionsSchema, options, (scope, o) => forecastReport(scope, o, only));
    },

    /**
     * Win rate (count and value), deal size, won cycle, velocity, stage conversion and time in stage over the
     * last N periods, for all deals and per group, as of a moment (now when absent).
     */
    salesMetrics(
      workspaceId: WorkspaceRef,
      options: z.input<typeof SalesMetricsOptionsSchema> = {},
    ): Promise<QueryResult<SalesMetricsReport>> {
      return run(workspaceId, SalesMetricsOptionsSchema, options, (scope, o) =>
        salesMetricsReport(scope, { ...o, now: clock() }),
      );
    },

    /** Attainment of the quotas set for a period. */
    quotaAttainment(
      workspaceId: WorkspaceRef,
      options: z.input<typeof QuotaAttainmentOptionsSchema>,
    ): Promise<QueryResult<QuotaAttainmentReport>> {
      return run(workspaceId, QuotaAttainmentOptionsSchema, options, quotaAttainmentReport);
    },

    /** Open deals rotting in their stage at `now`, and those a planned activity spares. */
    staleDeals(
      workspaceId: WorkspaceRef,
      options: z.input<typeof StaleDealsOptionsSchema> = {},
    ): Promise<QueryResult<StaleDealsReport>> {
      return run(workspaceId, StaleDealsOptionsSchema, options, (scope, o) =>
        staleDealsReport(scope, { ...o, now: o.now ?? clock() }),
      );
    },

    /** Binding contracts with a notice deadline, window opening, client notice or reminder in [from, to]. */
    renewalsDue(
      workspaceId: WorkspaceRef,
      options: z.input<typeof RenewalsDueOptionsSchema>,
    ): Promise<QueryResult<RenewalsDueReport>> {
      return run(workspaceId, RenewalsDueOptionsSchema, options, renewalsDueReport);
    },

    /** The data of the report an account executive sends the client for a period. */
    clientReport(
      workspaceId: WorkspaceRef,
      options: z.input<typeof ClientReportOptionsSchema>,
    ): Promise<QueryResult<ClientReport>> {
      return run(
        workspaceId,
        ClientReportOptionsSchema,
        options,
        (scope, o) => clientReport(scope, { ...o, now: o.now ?? clock() }),
        true,
      );
    },

    /** Health of every account (or those asked for), worst first, each with the factors behind its score. */
    accountHealth(
      workspaceId: WorkspaceRef,
      options: z.input<typeof AccountHealthOptionsSchema> = {},
    ): Promise<QueryResult<AccountHealthReport>> {
      return run(
        workspaceId,
        AccountHealthOptionsSchema,
        options,
        (scope, o) => accountHealthReport(scope, { ...o, now: o.now ?? clock() }),
        true,
      );
    },

    /** Each service line of the workspace for one account: bought, in pipeline or not offered, with the revenue at stake. */
    whitespace(
      workspaceId: WorkspaceRef,
      options: z.input<typeof WhitespaceOptionsSchema>,
    ): Promise<QueryResult<WhitespaceReport>> {
      return run(workspaceId, WhitespaceOptionsSchema, options, whitespaceReport, true);
    },

    /** P&L per account (all, or one), per contract with its towers, or per tower; optionally over one period. */
    pnl(
      workspaceId: WorkspaceRef,
      options: z.input<typeof PnlOptionsSchema> = {},
    ): Promise<QueryResult<PnlReport>> {
      return run(workspaceId, PnlOptionsSchema, options, pnlReport, true);
    },
  };
}

export type Queries = ReturnType<typeof createQueries>;
