// Global search over HTTP: GET …/search?q=acme%20corp[&kind=account,contact][&limit=20]. The text, kinds and
// limit are read by the domain's SearchQuerySchema in the service (one set of rules and words for every
// adapter); here the query string is only split into them.
import { SEARCH_KINDS, SEARCH_LIMIT_MAX, SEARCH_TEXT_MAX } from "@accountable/domain";
import { SearchResultsSchema, type Service } from "@accountable/service";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { ApiEnv } from "../env.ts";
import { problemFromRefusal, sendProblem } from "../problem.ts";
import { problems, REFUSAL_STATUSES, WorkspaceParam } from "./shared.ts";

const SearchParamsSchema = z.strictObject({
  q: z
    .string()
    // Room for spaces the service folds; the service refuses more than SEARCH_TEXT_MAX characters of text.
    .max(SEARCH_TEXT_MAX * 4)
    .meta({
      description: `What to look for: a name, an e-mail address, an id, a title or a note's subject (2 to ${SEARCH_TEXT_MAX} characters; typos are forgiven).`,
      example: "acme corp",
    }),
  kind: z
    .string()
    .max(200)
    .optional()
    .meta({ description: `Only these kinds, comma-separated: ${SEARCH_KINDS.join(", ")}. Default: all.` }),
  limit: z
    .string()
    .regex(/^[0-9]{1,3}$/, "a whole number")
    .optional()
    .meta({ description: `How many hits at most (1 to ${SEARCH_LIMIT_MAX}; default 20).` }),
});

export function registerSearchRoutes(app: OpenAPIHono<ApiEnv>, service: Service): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/workspaces/{workspaceId}/search",
      tags: ["search"],
      operationId: "search",
      summary:
        "Finds accounts, contacts, deals, contracts, briefs and notes by name, e-mail, id or subject, best first",
      request: { params: WorkspaceParam, query: SearchParamsSchema },
      responses: {
        200: {
          description: "What was found that you may read",
          content: { "application/json": { schema: SearchResultsSchema } },
        },
        ...problems(400, 401, 403, 404, 422, ...REFUSAL_STATUSES),
      },
    }),
    async (c) => {
      const { workspaceId, memberId } = c.get("acting");
      const params = c.req.valid("query");
      const found = await service.search.search(workspaceId, memberId, {
        text: params.q,
        ...(params.kind === undefined ? {} : { kinds: params.kind.split(",").map((k) => k.trim()) }),
        ...(params.limit === undefined ? {} : { limit: Number(params.limit) }),
      });
      if (!found.ok) return sendProblem(c, problemFromRefusal(found.error));
      return c.json(found.value, 200);
    },
  );
}
