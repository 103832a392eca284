// Two more reports, beside those in reports.ts: P&L (per account, contract and tower) and account health (the
// domain's policy, worst first, with its factors). Options are the service's own schemas, read from the query
// string. Both need `report.read`; P&L shows margins, so it needs `finance.read` too.

import type { Action } from "@accountable/domain";
import {
  AccountHealthOptionsSchema,
  AccountHealthReportSchema,
  PnlOptionsSchema,
  PnlReportSchema,
  type QueryResult,
  type Service,
} from "@accountable/service";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { z } from "zod";
import { viewerFor } from "../acting.ts";
import type { ApiEnv } from "../env.ts";
import { problemFromRefusal, sendProblem } from "../problem.ts";
import { jsonWithEtag, problems, WorkspaceParam, withoutYearZero } from "./shared.ts";

interface ExtraReport {
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly options: z.ZodObject;
  readonly response: z.ZodType;
  /** What reading it takes, each checked on the report (with the owner asked for, if any). */
  readonly needs: readonly Action[];
  run(service: Service, workspaceId: string, options: Record<string, unknown>): Promise<QueryResult<unknown>>;
}

const EXTRA_REPORTS: readonly ExtraReport[] = [
  {
    path: "reports/pnl",
    operationId: "pnlReport",
    summary: "P&L planned and actual: per account (with a total), per contract and its towers, or per tower",
    options: PnlOptionsSchema as unknown as z.ZodObject,
    response: PnlReportSchema,
    needs: ["report.read", "finance.read"],
    run: (s, ws, o) => s.queries.pnl(ws, o as never),
  },
  {
    path: "reports/account-health",
    operationId: "accountHealthReport",
    summary: "Account health by the domain's policy, worst first, with the factors behind each score",
    options: AccountHealthOptionsSchema as unknown as z.ZodObject,
    response: AccountHealthReportSchema,
    needs: ["report.read"],
    run: (s, ws, o) => s.queries.accountHealth(ws, o as never),
  },
];

export function registerExtraReportRoutes(app: OpenAPIHono<ApiEnv>, service: Service): void {
  for (const report of EXTRA_REPORTS) {
    app.openapi(
      createRoute({
        method: "get",
        path: `/api/workspaces/{workspaceId}/${report.path}`,
        tags: ["reports"],
        summary: report.summary,
        operationId: report.operationId,
        request: { params: WorkspaceParam, query: withoutYearZero(report.options) },
        responses: {
          200: { description: "The report", content: { "application/json": { schema: report.response } } },
          ...problems(400, 401, 403, 404, 422),
        },
      }),
      (async (c: Context<ApiEnv>) => {
        const { viewer, refused } = await viewerFor(c, service);
        if (refused) return refused;
        const options: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(c.req.queries())) options[k] = v.length === 1 ? v[0] : v;
        const ownerId = typeof options.ownerId === "string" ? options.ownerId : null;
        for (const action of report.needs) {
          const permission = await service.viewerCan(viewer, action, {
            kind: "report",
            ownerId: ownerId as never,
          });
          if (!permission.allowed) return sendProblem(c, problemFromRefusal(permission.refusal));
        }
        const result = await report.run(service, c.get("acting").workspaceId, options);
        if (!result.ok) return sendProblem(c, problemFromRefusal(result.error));
        return jsonWithEtag(c, result.value);
      }) as never,
    );
  }
}
