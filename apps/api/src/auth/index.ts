// Accounts and sign-in for the API: better-auth (e-mail + password, session cookies, database-backed sign-in
// rate limits), personal API tokens, users ↔ members, workspaces founded by a user, invitations. `createAuth`
// wires them over one store; nothing connects or reads the environment on import.
import type { Service } from "@accountable/service";
import type { DatabaseHandle, StoreDatabase } from "@accountable/store";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ApiEnv, Principal } from "../env.ts";
import { validationHook } from "../routes/shared.ts";
import { createAccessCache } from "./access-cache.ts";
import { registerAccountRoutes } from "./account-routes.ts";
import { API_TOKEN_PREFIX, createApiTokens } from "./api-tokens.ts";
import { createBetterAuth, DEFAULT_LOGIN_RATE_LIMIT, type LoginRateLimit } from "./better-auth.ts";
import {
  DEFAULT_DEMO_PASSWORD,
  DEFAULT_DEMO_WORKSPACE,
  type DemoLogins,
  ensureDemoLogin,
} from "./demo-login.ts";
import { registerInvitationRoutes } from "./invitation-routes.ts";
import { createInvitations } from "./invitations.ts";
import { createMemberships } from "./memberships.ts";
import type { AuthPort } from "./port.ts";
import { registerSessionRoutes } from "./session-routes.ts";
import { signInLimit } from "./sign-in-limit.ts";

export type { Principal } from "../env.ts";
export type { AuthPort } from "./port.ts";
export {
  API_TOKEN_PREFIX,
  DEFAULT_DEMO_PASSWORD,
  DEFAULT_LOGIN_RATE_LIMIT,
  type DemoLogins,
  type LoginRateLimit,
};

export interface AuthOptions {
  readonly db: StoreDatabase;
  readonly service: Service;
  /** Where users reach the API (`PUBLIC_URL`): cookies are Secure when it is https; accept links start with it. */
  readonly publicUrl: string;
  /**
   * Origins a browser may sign in and write from (the server's config: every address of the listening port, or
   * PUBLIC_URL's alone). Default: the public URL's origin.
   */
  readonly trustedOrigins?: readonly string[];
  /** Signs session cookies (`AUTH_SECRET`): at least 32 random characters in production. */
  readonly secret: string;
  /** Where "now" comes from for tokens and invitations (sessions use better-auth's own clock). */
  readonly clock?: () => Date;
  /** Failed sign-ins (and sign-up attempts) per client address and fixed window (seconds); default 10 a minute. */
  readonly loginRateLimit?: LoginRateLimit;
  /** Take the client address from the last X-Forwarded-For hop (behind exactly one reverse proxy). */
  readonly trustProxy?: boolean;
  /** The demo admin's password (`DEMO_PASSWORD`), default "accountable-demo". */
  readonly demoPassword?: string;
  /** The demo workspace's id, default "demo". */
  readonly demoWorkspaceId?: string;
  /**
   * The store's access feed (`handle.watchAccess`): with it, what a token may do in a workspace is kept in this
   * process until the database says it changed (access-cache.ts); without it, read on every request.
   */
  readonly watchAccess?: DatabaseHandle["watchAccess"];
}

export type Auth = AuthPort & {
  /**
   * Gives the demo workspace's admin and a few of its people (one per role worth seeing) logins; returns them when
   * they work with the known password, else null. The sign-in page offers them from then on.
   */
  ensureDemoLogin(): Promise<DemoLogins | null>;
  /** Stops following the access feed (when it was given). */
  close(): Promise<void>;
};

/**
 * The options createAuth reads from the environment, for the app's one wiring file:
 * `createAuth({ db, service, publicUrl, secret, ...authOptionsFromEnv(process.env) })`.
 */
export function authOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): Pick<AuthOptions, "loginRateLimit" | "trustProxy" | "demoPassword"> {
  const positive = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return env[name] && Number.isInteger(value) && value > 0 ? value : fallback;
  };
  return {
    loginRateLimit: {
      window: positive("LOGIN_RATE_LIMIT_WINDOW", DEFAULT_LOGIN_RATE_LIMIT.window),
      max: positive("LOGIN_RATE_LIMIT_MAX", DEFAULT_LOGIN_RATE_LIMIT.max),
    },
    trustProxy: env.TRUST_PROXY === "1" || env.TRUST_PROXY === "true",
    ...(env.DEMO_PASSWORD ? { demoPassword: env.DEMO_PASSWORD } : {}),
  };
}

export function createAuth(options: AuthOptions): Auth {
  const { db, service, publicUrl } = options;
  const clock = options.clock ?? (() => new Date());
  const auth = createBetterAuth({
    db,
    publicUrl,
    ...(options.trustedOrigins ? { trustedOrigins: options.trustedOrigins } : {}),
    secret: options.secret,
    loginRateLimit: options.loginRateLimit ?? DEFAULT_LOGIN_RATE_LIMIT,
  });
  const cache = options.watchAccess ? createAccessCache({ watch: options.watchAccess }) : undefined;
  const tokens = createApiTokens(db, clock, cache as Parameters<typeof createApiTokens>[2]);
  const memberships = createMemberships(db);
  const invitations = createInvitations({ service, memberships, clock });

  async function authenticate(request: Request, workspaceId?: string): Promise<Principal | null> {
    const authorization = request.headers.get("authorization");
    if (authorization !== null) {
      // A bearer token, when sent, decides alone: a bad one is not rescued by a cookie.
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      return match ? tokens.principal(match[1]!, workspaceId) : null;
    }
    if (!request.headers.get("cookie")) return null;
    const session = await auth.api.getSession({ headers: request.headers, query: { disableRefresh: true } });
    if (!session) return null;
    const { user } = session;
    return { userId: user.id, email: user.email, name: user.name, via: "session" };
  }

  // The app's middleware sets the principal on /api routes; these routes also work mounted without it.
  const principalOf = async (c: Context<ApiEnv>) =>
    (c.var.principal as Principal | undefined) ?? (await authenticate(c.req.raw));

  const routes = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook as never });
  registerSessionRoutes(routes, {
    auth,
    trustProxy: options.trustProxy ?? false,
    signInLimit: signInLimit(db, options.loginRateLimit ?? DEFAULT_LOGIN_RATE_LIMIT, clock),
  });
  // The demo's logins once made (null until then, or without a demo): GET /api/me offers them to a signed-out page.
  let demoLogins: DemoLogins | null = null;
  registerAccountRoutes(routes, { service, tokens, memberships, principalOf, demoLogins: () => demoLogins });
  registerInvitationRoutes(routes, { invitations, publicUrl, principalOf });

  return {
    routes,
    authenticate,
    memberIn: (userId, workspaceId) => memberships.memberIn(userId, workspaceId),
    forget: () => cache?.forget(),
    close: async () => {
      await cache?.stop();
    },
    // The same list better-auth checks its own routes' Origin against.
    trustsOrigin: async (origin) =>
      (await auth.$context).isTrustedOrigin(origin, { allowRelativePaths: false }),
    ensureDemoLogin: async () => {
      demoLogins = await ensureDemoLogin({
        db,
        service,
        auth,
        memberships,
        workspaceId: options.demoWorkspaceId ?? DEFAULT_DEMO_WORKSPACE,
        password: options.demoPassword ?? DEFAULT_DEMO_PASSWORD,
      });
      return demoLogins;
    },
  };
}
