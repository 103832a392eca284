// better-auth's handler at /api/auth/*, behind our edge: sign-up, sign-in, sign-out and the session are described
// in /openapi.json and validated with our schemas; every other better-auth endpoint passes through. Whatever
// better-auth refuses is answered as problem+json, and the session token never appears in a JSON body (it lives
// in the HttpOnly cookie only).
import { getConnInfo } from "@hono/node-server/conninfo";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../env.ts";
import { problemOf, sendProblem } from "../problem.ts";
import { problems } from "../routes/shared.ts";
import { AUTH_BASE_PATH, type BetterAuth, CLIENT_ADDRESS_HEADER } from "./better-auth.ts";
import { authProblem } from "./problems.ts";
import { SessionSchema, SignedInSchema, SignInBodySchema, SignUpBodySchema } from "./schemas.ts";
import type { SignInLimit } from "./sign-in-limit.ts";

export interface SessionRoutesDeps {
  readonly auth: BetterAuth;
  /** Behind exactly one reverse proxy that appends X-Forwarded-For: take the client address from it. */
  readonly trustProxy: boolean;
  /** Failed sign-ins per address in a fixed window. */
  readonly signInLimit: SignInLimit;
}

/** The address rate limits are counted against: the socket's peer, or the proxy's last X-Forwarded-For hop. */
function clientAddress(c: Context, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const hops = (c.req.header("x-forwarded-for") ?? "").split(",").map((s) => s.trim());
    const last = hops.at(-1);
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address;
  } catch {
    // Not served by @hono/node-server (app.request() in tests): better-auth then uses one shared bucket.
    return undefined;
  }
}

const shownUser = (u: Record<string, unknown>) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  emailVerified: u.emailVerified,
  createdAt: u.createdAt,
});

function rateLimited(c: Context, seconds: number): Response {
  return sendProblem(
    c,
    problemOf("RateLimited", `Too many attempts from your address; try again in ${seconds} seconds.`, {
      retryAfter: seconds,
    }),
    { "Retry-After": String(seconds) },
  );
}

async function problemFromBetterAuth(c: Context, res: Response): Promise<Response> {
  let body: { code?: string; message?: string } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // Not JSON: the status says enough.
  }
  const code = body.code ?? "";
  if (res.status === 429) return rateLimited(c, Number(res.headers.get("x-retry-after") ?? "60"));
  if (code === "INVALID_EMAIL_OR_PASSWORD")
    return sendProblem(c, authProblem("InvalidCredentials", "The e-mail address or the password is wrong."));
  if (code.startsWith("USER_ALREADY_EXISTS"))
    return sendProblem(
      c,
      authProblem("EmailTaken", "An account with this e-mail address exists already; sign in instead."),
    );
  if (code === "PASSWORD_TOO_SHORT" || code === "PASSWORD_TOO_LONG")
    return sendProblem(c, authProblem("WeakPassword", "A password has 8 to 128 characters."));
  const detail = body.message
    ? `${body.message.replace(/\.$/, "")}.`
    : "The sign-in service refused the request.";
  return sendProblem(c, {
    ...authProblem("SignInRefused", detail, code ? { reason: code } : {}),
    status: res.status as 400,
  });
}

export function registerSessionRoutes(app: OpenAPIHono<ApiEnv>, deps: SessionRoutesDeps): void {
  const { auth, trustProxy, signInLimit } = deps;

  /** Sends the request on to better-auth, with the client address set by us and, if given, a parsed body. */
  async function forward(c: Context<ApiEnv>, body?: unknown): Promise<Response> {
    const raw = c.req.raw;
    const headers = new Headers(raw.headers);
    headers.delete(CLIENT_ADDRESS_HEADER);
    const address = clientAddress(c, trustProxy);
    if (address) headers.set(CLIENT_ADDRESS_HEADER, address);
    const init: RequestInit = { method: raw.method, headers };
    if (body !== undefined) {
      headers.set("content-type", "application/json");
      headers.delete("content-length");
      init.body = JSON.stringify(body);
    } else if (raw.method !== "GET" && raw.method !== "HEAD") {
      init.body = await c.req.arrayBuffer();
    }
    return auth.handler(new Request(raw.url, init));
  }

  /** better-auth's answer, with errors as problems and the JSON body reshaped (the cookies kept). */
  async function relay(
    c: Context<ApiEnv>,
    res: Response,
    shape?: (json: unknown) => unknown,
  ): Promise<Response> {
    if (res.status >= 400) return problemFromBetterAuth(c, res);
    if (!shape) return res;
    const headers = new Headers(res.headers);
    headers.delete("content-length");
    headers.set("content-type", "application/json");
    return new Response(JSON.stringify(shape(await res.json())), { status: res.status, headers });
  }

  const signedIn = (json: unknown) => ({ user: shownUser((json as { user: Record<string, unknown> }).user) });

  app.openapi(
    createRoute({
      method: "post",
      path: `${AUTH_BASE_PATH}/sign-up/email`,
      tags: ["auth"],
      summary: "Create an account with an e-mail address and a password, and sign in",
      operationId: "signUp",
      security: [],
      request: { body: { required: true, content: { "application/json": { schema: SignUpBodySchema } } } },
      responses: {
        200: {
          description: "Signed up and in: the session cookie is set (HttpOnly, SameSite=Lax).",
          content: { "application/json": { schema: SignedInSchema } },
        },
        ...problems(409, 415, 422, 429),
      },
    }),
    (async (c: Context<ApiEnv>) =>
      relay(c, await forward(c, c.req.valid("json" as never)), signedIn)) as never,
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${AUTH_BASE_PATH}/sign-in/email`,
      tags: ["auth"],
      summary: "Sign in with an e-mail address and a password",
      description:
        "Failed attempts are counted per client address in a fixed window (LOGIN_RATE_LIMIT_MAX per LOGIN_RATE_LIMIT_WINDOW seconds, from the first failure); once they reach the limit the answer is 429 with Retry-After until the window closes. Successful sign-ins are not counted.",
      operationId: "signIn",
      security: [],
      request: { body: { required: true, content: { "application/json": { schema: SignInBodySchema } } } },
      responses: {
        200: {
          description: "Signed in: the session cookie is set (HttpOnly, SameSite=Lax).",
          content: { "application/json": { schema: SignedInSchema } },
        },
        ...problems(401, 415, 422, 429),
      },
    }),
    (async (c: Context<ApiEnv>) => {
      // No address (app.request() in tests): one shared count, as better-auth did.
      const address = clientAddress(c, trustProxy) ?? "unknown";
      const wait = await signInLimit.blocked(address);
      if (wait !== null) return rateLimited(c, wait);
      const res = await forward(c, c.req.valid("json" as never));
      if (res.status === 401) await signInLimit.failed(address);
      return relay(c, res, signedIn);
    }) as never,
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${AUTH_BASE_PATH}/sign-out`,
      tags: ["auth"],
      summary: "Sign out: ends the session and clears its cookie",
      operationId: "signOut",
      security: [{ session: [] }],
      responses: {
        200: {
          description: "Signed out.",
          content: { "application/json": { schema: z.object({ success: z.boolean() }) } },
        },
        ...problems(400, 403),
      },
    }),
    (async (c: Context<ApiEnv>) =>
      // better-auth wants a JSON body on every POST; sign-out has nothing to say.
      relay(c, await forward(c, {}), (json) => ({
        success: Boolean((json as { success?: boolean }).success),
      }))) as never,
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${AUTH_BASE_PATH}/get-session`,
      tags: ["auth"],
      summary: "The signed-in user and when the session ends (null without a session)",
      operationId: "getSession",
      security: [{ session: [] }],
      responses: {
        200: {
          description: "The session, or null.",
          content: { "application/json": { schema: SessionSchema } },
        },
      },
    }),
    (async (c: Context<ApiEnv>) =>
      relay(c, await forward(c), (json) => {
        const s = json as { user: Record<string, unknown>; session: { expiresAt: unknown } } | null;
        return s ? { user: shownUser(s.user), session: { expiresAt: s.session.expiresAt } } : null;
      })) as never,
  );

  // Everything else better-auth serves (change-password, list-sessions, revoke-session, …), errors as problems.
  app.on(["GET", "POST"], `${AUTH_BASE_PATH}/*`, async (c) => relay(c, await forward(c)));
}
