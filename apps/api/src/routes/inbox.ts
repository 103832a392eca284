// The member's inbox: what waits on them (approvals, escalations, tasks, stale deals, notice deadlines), and
// marking items read or unread. The items are the domain's `inboxItems`, read by the service as the acting member.
import { InboxSchema, type Service } from "@accountable/service";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { ApiEnv } from "../env.ts";
import { problemFromRefusal, sendProblem } from "../problem.ts";
import { problems, REFUSAL_STATUSES, WorkspaceParam } from "./shared.ts";

const InboxQuerySchema = z.strictObject({
  unread: z
    .enum(["true", "false"])
    .optional()
    .meta({ description: "`true`: only the items you have not read." }),
});

const MarkReadSchema = z
  .strictObject({
    keys: z
      .union([z.literal("all"), z.array(z.string().min(1).max(500)).min(1).max(1000)])
      .meta({ description: 'The items\' keys, or "all": every item in your inbox now.' }),
    unread: z.boolean().optional().meta({ description: "`true`: mark them unread again." }),
  })
  .meta({ id: "InboxMarkRead" });

const MarkedSchema = z
  .object({ marked: z.number().int(), unread: z.number().int() })
  .meta({ id: "InboxMarked", description: "How many items were marked, and how many are unread now." });

export function registerInboxRoutes(app: OpenAPIHono<ApiEnv>, service: Service): void {
  const path = "/api/workspaces/{workspaceId}/inbox";

  app.openapi(
    createRoute({
      method: "get",
      path,
      tags: ["inbox"],
      operationId: "inbox",
      summary:
        "What waits on you: approvals, escalations, tasks, stale deals and notice deadlines, unread first",
      request: { params: WorkspaceParam, query: InboxQuerySchema },
      responses: {
        200: { description: "Your inbox", content: { "application/json": { schema: InboxSchema } } },
        ...problems(400, 401, 403, 404, ...REFUSAL_STATUSES),
      },
    }),
    async (c) => {
      const { workspaceId, memberId } = c.get("acting");
      const { unread } = c.req.valid("query");
      const inbox = await service.inbox.list(workspaceId, memberId, { unreadOnly: unread === "true" });
      if (!inbox.ok) return sendProblem(c, problemFromRefusal(inbox.error));
      // The service's list is read-only; the answer is a copy of it (the same JSON).
      return c.json({ ...inbox.value, items: [...inbox.value.items] }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${path}/read`,
      tags: ["inbox"],
      operationId: "markInboxRead",
      summary: "Marks inbox items read (or unread again), by key or all at once",
      request: {
        params: WorkspaceParam,
        body: { required: true, content: { "application/json": { schema: MarkReadSchema } } },
      },
      responses: {
        200: { description: "Marked", content: { "application/json": { schema: MarkedSchema } } },
        ...problems(400, 401, 403, 404, 415, 422, ...REFUSAL_STATUSES),
      },
    }),
    async (c) => {
      const { workspaceId, memberId } = c.get("acting");
      const body = c.req.valid("json");
      const marked = await service.inbox.markRead(workspaceId, memberId, body.keys, {
        unread: body.unread ?? false,
      });
      if (!marked.ok) return sendProblem(c, problemFromRefusal(marked.error));
      return c.json(marked.value, 200);
    },
  );
}
