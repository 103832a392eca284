// Every answer held to the route that gave it: the route definitions the app registered (the same zod schemas the
// OpenAPI document and the typed client are generated from) say which statuses a route answers and, for each, the
// body's media type and schema. `checkResponse` finds the route of a request and says what of the answer the
// route does not declare — a status, a media type, a body its schema refuses.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { z } from "zod";

interface DeclaredRoute {
  readonly method: string;
  readonly path: string;
  readonly pattern: RegExp;
  readonly params: number;
  readonly responses: Readonly<
    Record<string, { content?: Readonly<Record<string, { schema?: unknown }>> } | undefined>
  >;
}

/** The routes an app registered (its OpenAPI registry), each with a pattern matching the paths it answers. */
export function declaredRoutes(
  app: OpenAPIHono<never> | { openAPIRegistry: OpenAPIHono["openAPIRegistry"] },
) {
  const out: DeclaredRoute[] = [];
  for (const d of app.openAPIRegistry.definitions) {
    if (d.type !== "route") continue;
    const { method, path, responses } = d.route;
    const source = path
      .split(/\{\w+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("[^/]+");
    out.push({
      method: method.toUpperCase(),
      path,
      pattern: new RegExp(`^${source}$`),
      params: (path.match(/\{\w+\}/g) ?? []).length,
      responses: responses as DeclaredRoute["responses"],
    });
  }
  return out;
}

/** The route a request was answered by (the most literal of those matching), or null for an undocumented path. */
export function routeOf(routes: readonly DeclaredRoute[], method: string, url: string): DeclaredRoute | null {
  const path = new URL(url, "http://x").pathname;
  const matching = routes.filter((r) => r.method === method.toUpperCase() && r.pattern.test(path));
  return matching.sort((a, b) => a.params - b.params)[0] ?? null;
}

/** What of an answer its route does not declare: empty when the status, media type and body are all declared. */
export async function checkResponse(route: DeclaredRoute, response: Response): Promise<string[]> {
  const declared = route.responses[String(response.status)] ?? route.responses.default;
  const where = `${route.method} ${route.path} → ${response.status}`;
  if (!declared) return [`${where}: the status is not declared (${Object.keys(route.responses).join(", ")})`];
  const body = await response.clone().text();
  const content = declared.content;
  if (!content || Object.keys(content).length === 0)
    return body === "" ? [] : [`${where}: a body where the route declares none`];
  const type = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
  const media = content[type];
  if (!media)
    return [`${where}: answered ${type || "no content type"}, declared ${Object.keys(content).join(", ")}`];
  if (!type.endsWith("json")) return [];
  const schema = media.schema as z.ZodType | undefined;
  if (!schema || typeof schema.safeParse !== "function") return [];
  const parsed = schema.safeParse(JSON.parse(body));
  if (parsed.success) return [];
  return parsed.error.issues
    .slice(0, 3)
    .map((i) => `${where}: ${i.path.join(".") || "(body)"}: ${i.message}`);
}
