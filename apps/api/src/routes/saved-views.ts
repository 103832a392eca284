// A member's saved views of the lists (the list pages' named filters and sorts), kept on the server: read,
// save (a view of the same list and name is replaced), delete. Each member reads and changes only their own.
import { LIST_NAMES, type ListName, SavedViewSchema, type Service } from "@accountable/service";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { ApiEnv } from "../env.ts";
import { problemFromRefusal, sendProblem } from "../problem.ts";
import { problems, REFUSAL_STATUSES, WorkspaceParam } from "./shared.ts";

const ListSchema = z
  .enum(LIST_NAMES as [ListName, ...ListName[]])
  .meta({ description: "The list the view is of." });

const ListQuerySchema = z.strictObject({ list: ListSchema.optional() });

const SaveSchema = z
  .strictObject({
    list: ListSchema,
    name: z
      .string()
      .max(200)
      .meta({ description: "The view's name (saving under a name you used replaces it)." }),
    params: z.record(z.string(), z.string()).meta({
      description: 'The list\'s filter and sort parameters, e.g. {"status": "open", "sort": "dueDate"}.',
    }),
  })
  .meta({ id: "SaveView" });

const SavedSchema = SavedViewSchema.extend({
  replaced: z.boolean().meta({ description: "Whether a view of that name was replaced." }),
}).meta({ id: "SavedViewSaved" });

const DeleteParams = WorkspaceParam.extend({
  list: ListSchema.meta({ param: { name: "list", in: "path" } }),
});
const DeleteQuery = z.strictObject({
  name: z.string().min(1).max(200).meta({ description: "The view's name." }),
});

export function registerSavedViewRoutes(app: OpenAPIHono<ApiEnv>, service: Service): void {
  const path = "/api/workspaces/{workspaceId}/saved-views";

  app.openapi(
    createRoute({
      method: "get",
      path,
      tags: ["saved views"],
      operationId: "savedViews",
      summary: "Your saved views of the lists, of one list or all",
      request: { params: WorkspaceParam, query: ListQuerySchema },
      responses: {
        200: {
          description: "Your saved views, by list then name",
          content: { "application/json": { schema: z.object({ items: z.array(SavedViewSchema) }) } },
        },
        ...problems(400, 401, 403, 404, ...REFUSAL_STATUSES),
      },
    }),
    async (c) => {
      const { workspaceId, memberId } = c.get("acting");
      const { list } = c.req.valid("query");
      const views = await service.savedViews.list(workspaceId, memberId, list);
      if (!views.ok) return sendProblem(c, problemFromRefusal(views.error));
      return c.json({ items: views.value }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path,
      tags: ["saved views"],
      operationId: "saveView",
      summary: "Saves a view of a list under a name (replacing yours of that name)",
      request: {
        params: WorkspaceParam,
        body: { required: true, content: { "application/json": { schema: SaveSchema } } },
      },
      responses: {
        200: { description: "Replaced", content: { "application/json": { schema: SavedSchema } } },
        201: { description: "Saved", content: { "application/json": { schema: SavedSchema } } },
        ...problems(400, 401, 403, 404, 415, 422, ...REFUSAL_STATUSES),
      },
    }),
    async (c) => {
      const { workspaceId, memberId } = c.get("acting");
      const body = c.req.valid("json");
      const saved = await service.savedViews.save(workspaceId, memberId, body);
      if (!saved.ok) return sendProblem(c, problemFromRefusal(saved.error));
      return c.json(saved.value, saved.value.replaced ? 200 : 201);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${path}/{list}`,
      tags: ["saved views"],
      operationId: "deleteSavedView",
      summary: "Deletes your saved view of a list, by name",
      request: { params: DeleteParams, query: DeleteQuery },
      responses: {
        204: { description: "Deleted" },
        ...problems(400, 401, 403, 404, ...REFUSAL_STATUSES),
      },
    }),
    async (c) => {
      const { workspaceId, memberId } = c.get("acting");
      const { list } = c.req.valid("param");
      const { name } = c.req.valid("query");
      const deleted = await service.savedViews.remove(workspaceId, memberId, list, name);
      if (!deleted.ok) return sendProblem(c, problemFromRefusal(deleted.error));
      return c.body(null, 204);
    },
  );
}
