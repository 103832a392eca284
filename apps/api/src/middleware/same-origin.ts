// Writes authenticated by the session cookie must come from our own pages. A browser attaches the cookie to a
// request another site's page makes (SameSite=Lax keeps it off cross-site POSTs, but not off a page on another
// port or subdomain of the same site), so an unsafe method that a session authenticates is refused unless the
// request says it comes from this origin:
//   - `Origin` present: it must be the request's own origin or one the sign-in trusts (PUBLIC_URL, …);
//     `Origin: null` (a sandboxed or privacy-stripped page) is not.
//   - no `Origin` but `Sec-Fetch-Site`: it must be `same-origin`.
//   - neither: not a browser. Browsers send `Origin` on every POST, PUT, PATCH and DELETE (the Fetch standard),
//     so a request without it was not made by a page of another site — it is curl with a cookie jar, or a script,
//     which holds the cookie itself and gains nothing from a forgery check.
// Requests with an API token (`Authorization: Bearer`) are unaffected: a page cannot make a browser attach one.
// better-auth's own routes (/api/auth/*) are public here and run its own Origin check.
import type { MiddlewareHandler } from "hono";
import type { AuthPort } from "../auth/port.ts";
import type { ApiEnv } from "../env.ts";
import { problemOf, sendProblem } from "../problem.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether the request's `Origin` / `Sec-Fetch-Site` say it came from a page of this site's own origin. */
export async function isSameOriginRequest(
  request: Request,
  trustsOrigin: ((origin: string) => Promise<boolean>) | undefined,
): Promise<boolean> {
  const origin = request.headers.get("origin");
  if (origin !== null) {
    if (origin === new URL(request.url).origin) return true;
    return origin !== "null" && trustsOrigin !== undefined && (await trustsOrigin(origin));
  }
  const site = request.headers.get("sec-fetch-site");
  return site === null || site === "same-origin";
}

/** Refuses cookie-authenticated unsafe requests from another origin (mount after authentication). */
export function sameOriginForCookies(auth: Pick<AuthPort, "trustsOrigin">): MiddlewareHandler<ApiEnv> {
  const trusts = auth.trustsOrigin?.bind(auth);
  return async (c, next) => {
    if (SAFE.has(c.req.method) || c.var.principal?.via !== "session") return next();
    if (await isSameOriginRequest(c.req.raw, trusts)) return next();
    const origin = c.req.header("origin");
    return sendProblem(
      c,
      problemOf(
        "CrossOriginRequest",
        origin
          ? `A ${c.req.method} signed in with the session cookie must come from this site's own pages, not from ${origin}; a script or another site uses an API token (Authorization: Bearer).`
          : `A ${c.req.method} signed in with the session cookie must come from this site's own pages (Sec-Fetch-Site: ${c.req.header("sec-fetch-site")}); a script or another site uses an API token (Authorization: Bearer).`,
      ),
    );
  };
}
