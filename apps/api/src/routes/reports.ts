// The reports an AE and their manager read: pipeline, forecast (as of any moment), quota attainment, stale deals,
// renewals and notice deadlines due, sales metrics and their trend (money masked per reader), P&L, account
// health, an account's 360 and the client report. Options are
// the service's own schemas, read from the query string; who may read a report is the domain's
// `can(…, "report.read", …)` (and `finance.read` for P&L, which shows margins).
import { type Action, redactedSchema } from "@accountable/domain";
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
  QuotaAttainmentOptionsSchema,
  QuotaAttainmentReportSchema,
  RenewalsDueOptionsSchema,
  RenewalsDueReportSchema,
  redactSalesMetrics,
  SalesMetricsOptionsSchema,
  SalesMetricsReportSchema,
  type Service,
  StaleDealsOptionsSchema,
  StaleDealsReportSchema,
  type Viewer,
} from "@accountable/service";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { z } from "zod";
import { readableRecord, viewerFor } from "../acting.ts";
import type { ApiEnv } from "../env.ts";
import { problemFromRefusal, sendProblem } from "../problem.ts";
import { IdParam, jsonWithEtag, problems, queryObject, WorkspaceParam } from "./shared.ts";

type QueryOutcome =
  | { ok: true; value: unknown }
  | { ok: false; error: Parameters<typeof problemFromRefusal>[0] };

interface ReportRoute {
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly options: z.ZodObject;
  /** The service's schema of the report (a named component of the OpenAPI document). */
  readonly response: z.ZodType;
  /** The account the report is about (its path parameter), checked with `account.read`. */
  readonly account?: true;
  /** What reading it takes beyond `report.read`, checked the same way. */
  readonly alsoNeeds?: readonly Action[];
  /** The report for this reader: money they may not see is masked (see the domain's `redact`). */
  run(
    service: Service,
    workspaceId: string,
    options: Record<string, unknown>,
    viewer: Viewer,
  ): Promise<QueryOutcome>;
}

const REPORTS: readonly ReportRoute[] = [
  {
    path: "reports/pipeline",
    operationId: "pipelineReport",
    summary: "Per pipeline and stage: count, totals and weighted totals per currency, days in stage",
    options: PipelineOptionsSchema,
    response: PipelineReportSchema,
    run: (s, ws, o) => s.queries.pipeline(ws, o),
  },
  {
    path: "reports/forecast",
    operationId: "forecastReport",
    summary: "The forecast by period and category (and owner), now or as of a past moment",
    options: ForecastOptionsSchema as unknown as z.ZodObject,
    response: ForecastReportSchema,
    run: (s, ws, o) => s.queries.forecast(ws, o as never),
  },
  {
    path: "reports/quota-attainment",
    operationId: "quotaAttainmentReport",
    summary: "Attainment of the quotas set for a period",
    options: QuotaAttainmentOptionsSchema,
    response: QuotaAttainmentReportSchema,
    run: (s, ws, o) => s.queries.quotaAttainment(ws, o as never),
  },
  {
    path: "reports/sales-metrics",
    operationId: "salesMetricsReport",
    summary:
      "Win rate (by count and value), deal size, won cycle, velocity, stage conversion and time in stage over the last N periods, per owner, team, type, source or service line, as of any moment",
    options: SalesMetricsOptionsSchema,
    response: redactedSchema(SalesMetricsReportSchema),
    run: async (s, ws, o, viewer) => {
      const result = await s.queries.salesMetrics(ws, o);
      if (!result.ok) return result;
      // The options were read by the query: parsed again here only for the owners the money is about.
      const owners = SalesMetricsOptionsSchema.safeParse(o);
      const ownerIds = owners.success ? owners.data.ownerId : undefined;
      return { ok: true, value: await redactSalesMetrics(viewer, result.value, ownerIds) };
    },
  },
  {
    path: "reports/stale-deals",
    operationId: "staleDealsReport",
    summary: "Open deals rotting in their stage, and those a planned activity spares",
    options: StaleDealsOptionsSchema,
    response: StaleDealsReportSchema,
    run: (s, ws, o) => s.queries.staleDeals(ws, o),
  },
  {
    path: "reports/renewals-due",
    operationId: "renewalsDueReport",
    summary: "Contracts with a notice deadline, renewal window, client notice or reminder in a date range",
    options: RenewalsDueOptionsSchema as unknown as z.ZodObject,
    response: RenewalsDueReportSchema,
    run: (s, ws, o) => s.queries.renewalsDue(ws, o as never),
  },
  {
    path: "reports/pnl",
    operationId: "pnlReport",
    summary: "P&L planned and actual: per account (with a total), per contract and its towers, or per tower",
    options: PnlOptionsSchema as unknown as z.ZodObject,
    response: PnlReportSchema,
    alsoNeeds: ["finance.read"],
    run: (s, ws, o) => s.queries.pnl(ws, o as never),
  },
  {
    path: "reports/account-health",
    operationId: "accountHealthReport",
    summary: "Account health by the domain's policy, worst first, with the factors behind each score",
    options: AccountHealthOptionsSchema as unknown as z.ZodObject,
    response: AccountHealthReportSchema,
    run: (s, ws, o) => s.queries.accountHealth(ws, o as never),
  },
  {
    path: "accounts/{id}/overview",
    operationId: "account360",
    summary:
      "Account 360: lifecycle, health and its factors, people, deals, contracts, work, money, renewals",
    options: Account360OptionsSchema.omit({ accountId: true }),
    response: Account360Schema,
    account: true,
    run: (s, ws, o) => s.queries.account360(ws, o.accountId as string, o),
  },
  {
    path: "accounts/{id}/client-report",
    operationId: "clientReport",
    summary:
      "The report an AE sends the client for a period: activities, deliverables, contracts, budget, invoices",
    options: ClientReportOptionsSchema.omit({ accountId: true }),
    response: ClientReportSchema,
    account: true,
    run: (s, ws, o) => s.queries.clientReport(ws, o as never),
  },
];

async function allowed(
  c: Context<ApiEnv>,
  service: Service,
  viewer: Viewer,
  report: ReportRoute,
  options: Record<string, unknown>,
): Promise<Response | null> {
  if (report.account) {
    const found = await readableRecord(c, service, viewer, "account", c.req.param("id")!);
    return found.missing ?? null;
  }
  const ownerId = typeof options.ownerId === "string" ? options.ownerId : null;
  for (const action of ["report.read" as const, ...(report.alsoNeeds ?? [])]) {
    const permission = await service.viewerCan(viewer, action, { kind: "report", ownerId: ownerId as never });
    if (!permission.allowed) return sendProblem(c, problemFromRefusal(permission.refusal));
  }
  return null;
}

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
          params: report.account ? WorkspaceParam.extend({ id: IdParam }) : WorkspaceParam,
          query: report.options,
        },
        responses: {
          200: { description: "The report", content: { "application/json": { schema: report.response } } },
          ...problems(400, 401, 403, 404, 422),
        },
      }),
      (async (c: Context<ApiEnv>) => {
        const { viewer, refused } = await viewerFor(c, service);
        if (refused) return refused;
        const options: Record<string, unknown> = queryObject(c);
        if (report.account) options.accountId = c.req.param("id");
        const denied = await allowed(c, service, viewer, report, options);
        if (denied) return denied;
        const result = await report.run(service, c.get("acting").workspaceId, options, viewer);
        if (!result.ok) return sendProblem(c, problemFromRefusal(result.error));
        return jsonWithEtag(c, result.value);
      }) as never,
    );
  }
}
