// Serves the web app's production build at `/` when there is one (single-page app: unknown paths outside the
// API answer index.html); without a build, `/` opens the API reference.
import { serveStatic } from "@hono/node-server/serve-static";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "./env.ts";

const API_PATHS = /^\/(api|docs|openapi\.json|healthz|readyz|problems|calendar)(\/|$)/;

export function serveWeb(app: OpenAPIHono<ApiEnv>, root: string | undefined): void {
  if (!root) {
    app.get("/", (c) => c.redirect("/docs"));
    return;
  }
  app.use("*", async (c, next) => (API_PATHS.test(c.req.path) ? next() : serveStatic({ root })(c, next)));
  app.get("*", async (c, next) =>
    API_PATHS.test(c.req.path) ? next() : serveStatic({ root, path: "index.html" })(c, next),
  );
}
