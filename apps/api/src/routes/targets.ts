// Adding to a target list the accounts its criteria match (the service's `targets.addMatching`):
//   GET  /api/workspaces/{workspaceId}/targets/{id}/add-matching   the accounts it would add (a dry run: nothing written)
//   POST /api/workspaces/{workspaceId}/targets/{id}/add-matching   adds them (AddTargets, source "criteria")
// Both need the list to be the member's to read (else 404) and `target.write` on it (else 403), as its commands do;
// the commands themselves run through the one command path, which judges them again.
import { AddMatchingSchema, type Service } from "@accountable/service";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ApiEnv } from "../env.ts";
import { problemFromRefusal, sendProblem } from "../problem.ts";
import { IdParam, problems, WorkspaceParam } from "./shared.ts";

export function registerTargetRoutes(app: OpenAPIHono<ApiEnv>, service: Service): void {
  for (const method of ["get", "post"] as const) {
    const dryRun = method === "get";
    app.openapi(
      createRoute({
        method,
        path: "/api/workspaces/{workspaceId}/targets/{id}/add-matching",
        tags: ["targets"],
        summary: dryRun
          ? "The accounts a target list's criteria would add now (nothing is written)"
          : "Add to a target list every account its criteria match (AddTargets, source criteria)",
        description:
          "Matches prospects and former clients (dormant, churned) not on the list whose industry and region are among the list's (case aside) and whose size and revenue are within its ranges. Needs `target.write` on the list.",
        operationId: dryRun ? "previewTargetMatches" : "addTargetMatches",
        request: { params: WorkspaceParam.extend({ id: IdParam }) },
        responses: {
          200: {
            description: dryRun ? "The accounts that would be added" : "The accounts added",
            content: { "application/json": { schema: AddMatchingSchema } },
          },
          ...problems(400, 401, 403, 404, 409, 422),
        },
      }),
      (async (c: Context<ApiEnv>) => {
        const { workspaceId, memberId } = c.get("acting");
        const done = await service.targets.addMatching(workspaceId, memberId, c.req.param("id")!, { dryRun });
        if (!done.ok) return sendProblem(c, problemFromRefusal(done.error));
        return c.json(done.value);
      }) as never,
    );
  }
}
