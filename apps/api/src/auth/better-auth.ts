// better-auth, configured for Accountable: e-mail + password accounts, sessions in HttpOnly SameSite=Lax cookies
// (Secure when the public URL is https), its tables in the store's schema through the drizzle adapter, and
// sign-in rate limits counted in the database so every API process on one PostgreSQL shares them.
import { type StoreDatabase, schema } from "@accountable/store";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";

/** How many sign-in (or sign-up) attempts one client address may make per window, per path. */
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
    trustedOrigins: [publicUrl.origin],
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
        "/sign-in/*": limit,
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
