// The HTTP app, built from its dependencies; nothing here opens a database or listens on a port (server.ts
// does). Routes are generated from the service's registry and the domain's schemas; OpenAPI 3.1 comes from the
// same schemas the handlers parse with.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Service } from "@accountable/service";
import { ping, type StoreDatabase } from "@accountable/store";
import { OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { NONCE, secureHeaders } from "hono/secure-headers";
import type { Logger } from "pino";
import { readerFor } from "./acting.ts";
import type { AuthPort } from "./auth/port.ts";
import { unauthenticated } from "./auth/problems.ts";
import type { ApiEnv } from "./env.ts";
import { authenticateLocal, presentsLocalCredential, registerLocalOperatorRoutes } from "./local-operator.ts";
import { IdempotencyHoldLost, idempotency } from "./middleware/idempotency.ts";
import { jsonDepthLimit } from "./middleware/json-depth.ts";
import { sameOriginForCookies } from "./middleware/same-origin.ts";
import { PROBLEMS, type ProblemTag, problemOf, problemSlug, sendProblem } from "./problem.ts";
import { registerCommandRoutes } from "./routes/commands.ts";
import { registerInboxRoutes } from "./routes/inbox.ts";
import { registerOperationRoutes } from "./routes/operations.ts";
import { registerReadRoutes } from "./routes/reads.ts";
import { registerReportRoutes } from "./routes/reports.ts";
import { registerSavedViewRoutes } from "./routes/saved-views.ts";
import { registerSearchRoutes } from "./routes/search.ts";
import { isWorkspaceId, validationHook } from "./routes/shared.ts";
import { registerTargetImportRoute, registerTargetRoutes } from "./routes/targets.ts";

export interface ApiDependencies {
  readonly service: Service;
  readonly db: StoreDatabase;
  readonly auth: AuthPort;
  readonly logger: Logger;
  /** Extra routes mounted after the API's own (webhooks, the calendar feed, the web app's build). */
  readonly extensions?: readonly ((app: OpenAPIHono<ApiEnv>) => void)[];
  /** Largest request body accepted, in bytes (default 1 MiB). */
  readonly maxBodyBytes?: number;
  /** Answers /readyz: false while the server is still starting (migrations, the demo). */
  readonly ready?: () => boolean;
  /**
   * How long an Idempotency-Key stays held by a request that stops renewing it (its process died) before a retry
   * may take it over; null: until the process ends (the embedded database, one process per folder). Default 30 s.
   */
  readonly idempotencyLeaseMs?: number | null;
  /**
   * This run's local credential (local-operator.ts): commands on this machine present it from a loopback
   * address, naming the member they act as. Undefined: none is taken (PostgreSQL, or tests without one).
   */
  readonly localCredential?: string;
}

export const API_VERSION = "1.0.0";

const require = createRequire(import.meta.url);
let scalarBundle: Promise<Buffer> | undefined;

/** The workspace a path is inside, read before routing so sign-in can look the membership up in passing. */
const WORKSPACE_PATH = /^\/api\/workspaces\/([^/]+)/;

/** Paths that carry a secret (an invitation token, a calendar feed's key) are logged without it. */
const redactSecrets = (path: string) =>
  path.replace(/^(\/api\/invitations\/)[^/]+/, "$1[secret]").replace(/^(\/calendar\/)[^/]+/, "$1[secret]");

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestContext(logger: Logger): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const given = c.req.header("x-request-id");
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    const log = logger.child({ requestId });
    c.set("requestId", requestId);
    c.set("log", log);
    c.header("X-Request-Id", requestId);
    const started = performance.now();
    await next();
    // The web app's files served well are not news (a page load fetches dozens): logged at debug, not info.
    const level = c.res.status < 400 && !c.req.path.startsWith("/api/") ? "debug" : "info";
    log[level](
      {
        method: c.req.method,
        path: redactSecrets(c.req.path),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  };
}

/**
 * Public routes need no session: health, docs, the OpenAPI document, problem types, sign-in itself, and what an
 * invitation's link shows before its holder signs in (the token in the path is the secret).
 */
const isPublic = (path: string, method: string) =>
  path.startsWith("/api/auth/") ||
  path === "/api/auth" ||
  !path.startsWith("/api/") ||
  (method === "GET" && /^\/api\/invitations\/[^/]+$/.test(path));

export function createApp(deps: ApiDependencies): OpenAPIHono<ApiEnv> {
  const { service, db, auth, logger } = deps;
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook as never });

  app.use("*", requestContext(logger));
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        // No inline script runs but one carrying this response's nonce: the API reference page (/docs) starts
        // Scalar's bundle (served from here) with one, see below. Scalar styles its components inline.
        scriptSrc: ["'self'", NONCE],
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", "data:"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
      referrerPolicy: "strict-origin-when-cross-origin",
    }),
  );
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: deps.maxBodyBytes ?? 1024 * 1024,
      onError: (c) =>
        sendProblem(
          c,
          problemOf("PayloadTooLarge", `The body is over ${deps.maxBodyBytes ?? 1024 * 1024} bytes.`),
        ),
    }),
  );

  // Bodies are JSON: anything else is refused before it is read, so a cross-site form post (text/plain) can
  // never pass for a command even if a browser sent a session cookie along.
  app.use("/api/*", async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "OPTIONS") return next();
    const type = c.req.header("content-type");
    const length = c.req.header("content-length");
    const empty = !type && (length === undefined || length === "0");
    if (empty || (type && /^application\/([a-z.+-]+\+)?json\b/i.test(type))) return next();
    return sendProblem(
      c,
      problemOf(
        "UnsupportedMediaType",
        `Send the body as application/json (got ${type ?? "no Content-Type"}).`,
      ),
    );
  });

  app.use("/api/*", jsonDepthLimit());

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    if (deps.ready && !deps.ready()) return c.json({ status: "starting" }, 503);
    try {
      await ping(db);
      return c.json({ status: "ready" });
    } catch (e) {
      c.get("log").error({ err: e }, "readiness check failed");
      return c.json({ status: "database unavailable" }, 503);
    }
  });
  // Every problem type is a page of its own: what it means and which status carries it.
  app.get("/problems/:slug", (c) => {
    const tag = (Object.keys(PROBLEMS) as ProblemTag[]).find((t) => problemSlug(t) === c.req.param("slug"));
    if (!tag) return sendProblem(c, problemOf("RouteNotFound", "No such problem type."));
    return c.json({ type: `/problems/${problemSlug(tag)}`, code: tag, ...PROBLEMS[tag] });
  });

  // Who is calling: a session cookie or a bearer token, on every /api route but sign-in's own.
  app.use("/api/*", async (c, next) => {
    if (isPublic(c.req.path, c.req.method)) {
      await next();
      // Sign-in's own routes change users too (see below).
      if (!SAFE_METHODS.has(c.req.method)) auth.forget?.();
      return;
    }
    // A command on this machine working through the server: judged by its own rules, never as a bearer token.
    if (presentsLocalCredential(c)) {
      const local = authenticateLocal(c, deps.localCredential);
      if (local.refused) return local.refused;
      c.set("principal", local.principal);
      await next();
      if (!SAFE_METHODS.has(c.req.method)) auth.forget?.();
      return;
    }
    const principal = await auth.authenticate(c.req.raw, WORKSPACE_PATH.exec(c.req.path)?.[1]);
    // A browser asking who is signed in gets "no one" from GET /api/me itself (200), not an error; a token
    // that is not valid is still refused here.
    const asksWhoIsSignedIn =
      c.req.path === "/api/me" && c.req.method === "GET" && !c.req.header("authorization");
    if (!principal && !asksWhoIsSignedIn) return unauthenticated(c);
    if (principal) c.set("principal", principal);
    await next();
    // A write may have changed who may do what (a token revoked, a member's role, a workspace's settings): what
    // this process keeps about it is forgotten before the answer leaves (other processes hear the database).
    if (!SAFE_METHODS.has(c.req.method)) auth.forget?.();
  });
  app.use("/api/*", sameOriginForCookies(auth));

  // Inside a workspace: the caller must be one of its members. A workspace they are not in is answered as
  // missing, the same whether it exists or not, so ids of other tenants cannot be probed.
  const guard: MiddlewareHandler<ApiEnv> = async (c, next) => {
    const workspaceId = c.req.param("workspaceId");
    if (!workspaceId) return next();
    const principal = c.get("principal");
    const known = principal.membership?.workspaceId === workspaceId ? principal.membership : undefined;
    const memberId = !isWorkspaceId(workspaceId)
      ? null
      : known
        ? known.memberId
        : await auth.memberIn(principal.userId, workspaceId);
    if (!memberId)
      return sendProblem(
        c,
        problemOf("NotFound", `There is no workspace ${workspaceId} that you are a member of.`),
      );
    c.set("acting", { workspaceId, memberId });
    // The local operator names the member it acts as: an active member of this workspace, or refused as the
    // service refuses anyone else (NotAMember). Read once; the request's reads reuse it.
    if (principal.via === "local") {
      const found = await readerFor(c, service);
      if (found.refused) return found.refused;
    }
    return next();
  };
  app.use("/api/workspaces/:workspaceId", guard);
  app.use("/api/workspaces/:workspaceId/*", guard);
  app.use(
    "/api/workspaces/:workspaceId/*",
    idempotency(db, deps.idempotencyLeaseMs === undefined ? {} : { leaseMs: deps.idempotencyLeaseMs }),
  );

  app.route("/", auth.routes);
  registerLocalOperatorRoutes(app, service, db);
  registerCommandRoutes(app, service);
  registerReadRoutes(app, service);
  registerReportRoutes(app, service);
  registerOperationRoutes(app, service);
  registerTargetRoutes(app, service);
  registerTargetImportRoute(app, service);
  registerInboxRoutes(app, service);
  registerSearchRoutes(app, service);
  registerSavedViewRoutes(app, service);
  for (const extend of deps.extensions ?? []) extend(app);

  app.openAPIRegistry.registerComponent("securitySchemes", "token", {
    type: "http",
    scheme: "bearer",
    description: "A personal API token (POST /api/tokens).",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "accountable.session_token",
    description: "The session cookie set by POST /api/auth/sign-in/email.",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Accountable API",
      version: API_VERSION,
      description: OPENAPI_DESCRIPTION,
    },
    security: [{ token: [] }, { session: [] }],
  });
  // Scalar's page, with its script served from this server rather than a CDN: /docs works offline and the CSP
  // allows no other origin.
  app.get("/docs/scalar.js", async (c) => {
    scalarBundle ??= readFile(require.resolve("@scalar/api-reference/browser/standalone.js"));
    c.header("Cache-Control", "public, max-age=86400");
    return c.body(new Uint8Array(await scalarBundle), 200, {
      "Content-Type": "text/javascript; charset=utf-8",
    });
  });
  // Nothing from another origin (the CSP allows none, and the page works offline): no web fonts (the system font
  // serves), and no AI agent (it calls Scalar's servers).
  // (`agent` is an option of the bundle served here that the Hono integration's types do not list yet.)
  const docsConfig: Parameters<typeof Scalar<ApiEnv>>[0] & { agent: { disabled: boolean } } = {
    url: "/openapi.json",
    pageTitle: "Accountable API",
    cdn: "/docs/scalar.js",
    withDefaultFonts: false,
    agent: { disabled: true },
  };
  const docs = Scalar<ApiEnv>(docsConfig);
  app.get("/docs", async (c, next) => {
    const page = await docs(c, next);
    if (!(page instanceof Response)) return page;
    // Scalar's page starts the bundle with an inline script: it runs by this response's CSP nonce.
    const nonce = c.get("secureHeadersNonce");
    const html = (await page.text()).replace(/<script(?![^>]*\ssrc=)/g, `<script nonce="${nonce}"`);
    return c.html(html, page.status as 200);
  });

  app.notFound((c) =>
    sendProblem(c, problemOf("RouteNotFound", `There is no route ${c.req.method} ${c.req.path}.`)),
  );
  app.onError((err, c) => {
    // Hono's validators throw for a body they cannot read (malformed JSON, a content type the route does not
    // take): the client's mistake, answered as such rather than as a server fault.
    if (err instanceof HTTPException && err.status < 500) return sendProblem(c, clientProblem(c, err));
    // A retry took this request's Idempotency-Key over while it ran (it stalled past its lease): its writes were
    // rolled back, and the retry's answer is the one kept.
    if (err instanceof IdempotencyHoldLost)
      return sendProblem(c, problemOf("IdempotencyKeyInFlight", err.message));
    (c.get("log") ?? logger).error({ err }, "unhandled error");
    return sendProblem(
      c,
      problemOf("Internal", "The server failed to answer; the request id helps us find out why."),
    );
  });
  return app;
}

function clientProblem(c: Context, err: HTTPException) {
  const contentType = c.req.header("content-type");
  switch (err.status) {
    case 415:
      return problemOf(
        "UnsupportedMediaType",
        `Send the body as application/json; it came as ${contentType ? contentType : "no Content-Type"}.`,
      );
    case 413:
      return problemOf("PayloadTooLarge", "The body is too large.");
    case 404:
      return problemOf("RouteNotFound", `There is no route ${c.req.method} ${c.req.path}.`);
    case 400:
      return problemOf("MalformedRequest", `The request could not be read: ${err.message}.`);
    default:
      return {
        ...problemOf("MalformedRequest", `The request could not be read: ${err.message}.`),
        status: err.status,
      };
  }
}

const OPENAPI_DESCRIPTION = `The account executive's workbench over HTTP.

**Scheme.** Everything inside a workspace lives under \`/api/workspaces/{workspaceId}\`:
- \`GET /{collection}\` lists (filters, \`sort\`, \`order\`, \`limit\`, \`cursor\`); \`GET /{collection}/{id}\` one record
  with its version as ETag; \`GET /{collection}/{id}/history\` its events.
- \`POST /{collection}\` runs the creation command (the body is the domain's command without \`type\`; the id is made
  for you if you leave it out); \`POST /{collection}/{id}/{command}\` any other command, named in kebab case
  (\`MoveStage\` → \`move-stage\`).
- Send \`If-Match: "<version>"\` to refuse a command if the record changed since you read it (409 with the current
  version); \`?dryRun=true\` answers the events (or the refusal) without writing; \`Idempotency-Key\` makes a retry safe.

**Errors** are RFC 9457 problem+json with a stable \`type\` per refusal (\`/problems/exit-criteria-not-met\`), a
sentence in \`detail\`, the refusal's tag in \`code\`, and each field at fault in \`errors\`.

**Auth.** Sign up and sign in under \`/api/auth\` (session cookie), then create a personal token with
\`POST /api/tokens\` and send it as \`Authorization: Bearer <token>\`.`;
