// better-auth, configured for Accountable: e-mail + password accounts, sessions in HttpOnly SameSite=Lax cookies
// (Secure when the public URL is https), its tables in the store's schema through the drizzle adapter, and
// sign-up and password-change rate limits counted in the database so every API process on one PostgreSQL shares
// them. Sign-in is limited by our own count of failed attempts (sign-in-limit.ts), not by better-auth's limiter,
// which counts successful sign-ins too and slides its window with each attempt (better-auth issue #6035).
import { type StoreDatabase, schema } from "@accountable/store";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";

/**
 * Failed sign-ins one client address may make in a fixed window (seconds) before sign-in answers 429 until the
 * window closes; also every sign-up (and password change) attempt per window, which better-auth counts.
 */
export interface LoginRateLimit {
  readonly window: number;
  readonly max: number;
}

export const DEFAULT_LOGIN_RATE_LIMIT: LoginRateLimit = { window: 60, max: 10 };

/**
 * The request header our own handler sets to the client's address (from the socket, or from X-Forwarded-For
 * when the proxies are trusted), after dropping any value a client sent: better-auth keys rate limits on it.
 */
export const CLIENT_ADDRESS_HEADER = "x-accountable-client-address";

export const AUTH_BASE_PATH = "/api/auth";

export interface BetterAuthOptions {
  readonly db: StoreDatabase;
  readonly publicUrl: string;
  /** Origins a browser may sign in from (default: the public URL's alone). */
  readonly trustedOrigins?: readonly string[];
  readonly secret: string;
  readonly loginRateLimit: LoginRateLimit;
}

export function createBetterAuth(options: BetterAuthOptions) {
  const publicUrl = new URL(options.publicUrl);
  const limit = { window: options.loginRateLimit.window, max: options.loginRateLimit.max };
  return betterAuth({
    appName: "Accountable",
    baseURL: publicUrl.origin,
    basePath: AUTH_BASE_PATH,
    secret: options.secret,
    trustedOrigins: [...(options.trustedOrigins ?? [publicUrl.origin])],
    // No network calls from the API to better-auth's servers.
    telemetry: { enabled: false },
    logger: { level: "error" },
    database: drizzleAdapter(options.db, {
      provider: "pg",
      schema: {
        user: schema.authUsers,
        session: schema.authSessions,
        account: schema.authAccounts,
        verification: schema.authVerifications,
        rateLimit: schema.authRateLimits,
      },
    }),
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128, autoSignIn: true },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 10,
      max: 100,
      customRules: {
        // Counted by sign-in-limit.ts: failures only, in a fixed window.
        "/sign-in/*": false,
        "/sign-up/*": limit,
        "/change-password": limit,
      },
    },
    advanced: {
      cookiePrefix: "accountable",
      useSecureCookies: publicUrl.protocol === "https:",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      // Said explicitly: better-auth skips its Origin (CSRF) check under NODE_ENV=test unless told, and the tests
      // should see what production does — a cookie-carrying POST needs an Origin among the trusted ones.
      disableOriginCheck: false,
    },
  });
}

export type BetterAuth = ReturnType<typeof createBetterAuth>;
