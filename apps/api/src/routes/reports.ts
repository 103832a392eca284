// The reports an AE and their manager read: pipeline, forecast (as of any moment), quota attainment, stale deals,
// renewals and notice deadlines due, sales metrics and their trend, P&L, account health, an account's 360, its
// whitespace and the client report; a target list's funnel. Options are the service's own schemas, read from the query string. Every report is the
// member's Reader's (the service's reader.ts): who may read it is the domain's `can(…, "report.read", …)` (an
// account's reports, `account.read` on it), and money the member's `finance.read` / `quota.read` does not reach
// is masked, totals being computed over what they may see.
import {
  Account360OptionsSchema,
  Account360Schema,
  AccountHealthOptionsSchema,
  AccountHealthReportSchema,
  ClientReportOptionsSchema,
  ClientReportSchema,
  ForecastOptionsSchema,
  ForecastReportSchema,
  PipelineOptionsSchema,
  PipelineReportSchema,
  PnlOptionsSchema,
  PnlReportSchema,
  type QueryResult,
  QuotaAttainmentOptionsSchema,
  QuotaAttainmentReportSchema,
  type Reader,
  RenewalsDueOptionsSchema,
  RenewalsDueReportSchema,
  SalesMetricsOptionsSchema,
  SalesMetricsReportSchema,
  type Service,
  StaleDealsOptionsSchema,
  StaleDealsReportSchema,
  TargetListReportSchema,
  WhitespaceOptionsSchema,
  WhitespaceReportSchema,
} from "@accountable/service";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { readerFor } from "../acting.ts";
import type { ApiEnv } from "../env.ts";
import { problemFromRefusal, sendProblem } from "../problem.ts";
import {
  IdParam,
  jsonWithEtag,
  notModified,
  problems,
  queryObject,
  REFUSAL_STATUSES,
  viewSchema,
  WorkspaceParam,
} from "./shared.ts";

interface ReportRoute {
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly options: z.ZodObject;
  /** The service's schema of the report (a named component of the OpenAPI document), before masking. */
  readonly response: z.ZodType;
  /** The account the report is about (its path parameter). */
  readonly account?: true;
  /** The target list the report is about (its path parameter). */
  readonly targetList?: true;
  /** The report as the member's reader answers it: refused or masked as the permission matrix says. */
  run(reader: Reader, options: Record<string, unknown>): Promise<QueryResult<unknown>>;
}

// Options arrive as the query string; each reader method parses them with the report's own schema (a refusal
// names the field), so they are handed over as read.
const REPORTS: readonly ReportRoute[] = [
  {
    path: "reports/pipeline",
    operationId: "pipelineReport",
    summary: "Per pipeline and stage: count, totals and weighted totals per currency, days in stage",
    options: PipelineOptionsSchema,
    response: PipelineReportSchema,
    run: (r, o) => r.pipeline(o as never),
  },
  {
    path: "reports/forecast",
    operationId: "forecastReport",
    summary: "The forecast by period and category (and owner), now or as of a past moment",
    options: ForecastOptionsSchema as unknown as z.ZodObject,
    response: ForecastReportSchema,
    run: (r, o) => r.forecast(o as never),
  },
  {
    path: "reports/quota-attainment",
    operationId: "quotaAttainmentReport",
    summary: "Attainment of the quotas set for a period",
    options: QuotaAttainmentOptionsSchema,
    response: QuotaAttainmentReportSchema,
    run: (r, o) => r.quotaAttainment(o as never),
  },
  {
    path: "reports/sales-metrics",
    operationId: "salesMetricsReport",
    summary:
      "Win rate (by count and value), deal size, won cycle, velocity, stage conversion and time in stage over the last N periods, per owner, team, type, source or service line, as of any moment",
    options: SalesMetricsOptionsSchema,
    response: SalesMetricsReportSchema,
    run: (r, o) => r.salesMetrics(o as never),
  },
  {
    path: "reports/stale-deals",
    operationId: "staleDealsReport",
    summary: "Open deals rotting in their stage, and those a planned activity spares",
    options: StaleDealsOptionsSchema,
    response: StaleDealsReportSchema,
    run: (r, o) => r.staleDeals(o as never),
  },
  {
    path: "reports/renewals-due",
    operationId: "renewalsDueReport",
    summary: "Contracts with a notice deadline, renewal window, client notice or reminder in a date range",
    options: RenewalsDueOptionsSchema as unknown as z.ZodObject,
    response: RenewalsDueReportSchema,
    run: (r, o) => r.renewalsDue(o as never),
  },
  {
    path: "reports/pnl",
    operationId: "pnlReport",
    summary:
      "P&L planned and actual: per account (with a total), per contract and its towers, or per tower. Lines whose money you may not see are masked; the total adds up the lines shown (`withheld` counts the others)",
    options: PnlOptionsSchema as unknown as z.ZodObject,
    response: PnlReportSchema,
    run: (r, o) => r.pnl(o as never),
  },
  {
    path: "reports/account-health",
    operationId: "accountHealthReport",
    summary: "Account health by the domain's policy, worst first, with the factors behind each score",
    options: AccountHealthOptionsSchema as unknown as z.ZodObject,
    response: AccountHealthReportSchema,
    run: (r, o) => r.accountHealth(o as never),
  },
  {
    path: "accounts/{id}/overview",
    operationId: "account360",
    summary:
      "Account 360: lifecycle, health and its factors, people, deals, contracts, work, money, renewals",
    options: Account360OptionsSchema.omit({ accountId: true }),
    response: Account360Schema,
    account: true,
    run: (r, { accountId, ...o }) => r.account360(String(accountId), o as never),
  },
  {
    path: "accounts/{id}/whitespace",
    operationId: "whitespaceReport",
    summary:
      "The account's whitespace: each of the workspace's service lines bought, in pipeline or not offered, with the revenue at stake (masked like the account's money)",
    options: WhitespaceOptionsSchema.omit({ accountId: true }),
    response: WhitespaceReportSchema,
    account: true,
    run: (r, o) => r.whitespace(o as never),
  },
  {
    path: "accounts/{id}/client-report",
    operationId: "clientReport",
    summary:
      "The report an AE sends the client for a period: activities, deliverables, contracts, budget, invoices",
    options: ClientReportOptionsSchema.omit({ accountId: true }),
    response: ClientReportSchema,
    account: true,
    run: (r, o) => r.clientReport(o as never),
  },
  {
    path: "targets/{id}/funnel",
    operationId: "targetFunnelReport",
    summary:
      "A target list's funnel (target → met → opportunity → won: counts, conversion from the step before, mean and median days between steps) and each current member's step and ideal-customer fit with its reasons. Accounts you may not read count without their names",
    options: z.strictObject({}),
    response: TargetListReportSchema,
    targetList: true,
    run: (r, o) => r.targetFunnel(String(o.listId)),
  },
];

export function registerReportRoutes(app: OpenAPIHono<ApiEnv>, service: Service): void {
  for (const report of REPORTS) {
    app.openapi(
      createRoute({
        method: "get",
        path: `/api/workspaces/{workspaceId}/${report.path}`,
        tags: ["reports"],
        summary: report.summary,
        operationId: report.operationId,
        request: {
          params:
            report.account || report.targetList ? WorkspaceParam.extend({ id: IdParam }) : WorkspaceParam,
          query: report.options,
        },
        responses: {
          200: {
            description: "The report; money your role may not see is the Masked shape",
            content: { "application/json": { schema: viewSchema(report.response) } },
          },
          ...notModified,
          ...problems(400, 401, 403, 404, 422, ...REFUSAL_STATUSES),
        },
      }),
      async (c) => {
        const { reader, refused } = await readerFor(c, service);
        if (refused) return refused;
        const options: Record<string, unknown> = queryObject(c);
        if (report.account) options.accountId = c.req.param("id");
        if (report.targetList) options.listId = c.req.param("id");
        const result = await report.run(reader, options);
        if (!result.ok) return sendProblem(c, problemFromRefusal(result.error));
        return jsonWithEtag(c, result.value);
      },
    );
  }
}
