// Idempotency-Key on POSTs inside a workspace: the first request with a key runs and its response is kept; a retry
// with the same key and the same request gets that response again (Idempotent-Replayed: true) instead of running
// twice; the same key with a different request is refused. Keys live in the store's idempotency_keys table, so
// every API process sees them.
import { createHash } from "node:crypto";
import { claimKey, keepResult, readKeyed, releaseKey, type StoreDatabase } from "@accountable/store";
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "../env.ts";
import { problemOf, sendProblem } from "../problem.ts";

type Kept =
  | { readonly state: "running"; readonly fingerprint: string }
  | {
      readonly state: "done";
      readonly fingerprint: string;
      readonly status: number;
      readonly headers: Record<string, string>;
      readonly body: string;
    };

const KEPT_HEADERS = ["content-type", "etag", "location"];

export function idempotency(db: StoreDatabase): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const key = c.req.header("idempotency-key");
    if (c.req.method !== "POST" || key === undefined) return next();
    if (key.length === 0 || key.length > 255)
      return sendProblem(
        c,
        problemOf("InvalidInput", "An Idempotency-Key is 1 to 255 characters.", { field: "Idempotency-Key" }),
      );
    const acting = c.get("acting");
    const body = await c.req.text();
    // The path and query, not the whole URL: a retry that reaches another process (or the same one under another
    // host name, behind a load balancer) is the same request.
    const { pathname, search } = new URL(c.req.url);
    const fingerprint = createHash("sha256")
      .update(`${c.req.method} ${pathname}${search}\n${body}`)
      .digest("hex");
    const ref = { workspaceId: acting.workspaceId, scope: `api:${acting.memberId}`, key };
    const claimed = await claimKey(db, ref, { state: "running", fingerprint } satisfies Kept);
    if (!claimed) {
      const kept = (await readKeyed(db, ref)) as Kept | undefined;
      if (!kept)
        return sendProblem(
          c,
          problemOf("IdempotencyKeyInFlight", "That Idempotency-Key is being released; retry."),
        );
      if (kept.fingerprint !== fingerprint)
        return sendProblem(
          c,
          problemOf(
            "IdempotencyKeyReused",
            `The Idempotency-Key ${key} was used for a different request; use a new key.`,
          ),
        );
      if (kept.state === "running")
        return sendProblem(
          c,
          problemOf(
            "IdempotencyKeyInFlight",
            `A request with the Idempotency-Key ${key} is still running; retry shortly.`,
          ),
        );
      return new Response(kept.body, {
        status: kept.status,
        headers: { ...kept.headers, "Idempotent-Replayed": "true" },
      });
    }
    try {
      await next();
    } catch (e) {
      await releaseKey(db, ref);
      throw e;
    }
    // A server fault is not an answer to keep: the client may retry with the same key.
    if (c.res.status >= 500) {
      await releaseKey(db, ref);
      return;
    }
    const response = c.res.clone();
    const headers: Record<string, string> = {};
    for (const h of KEPT_HEADERS) {
      const v = response.headers.get(h);
      if (v !== null) headers[h] = v;
    }
    const done: Kept = {
      state: "done",
      fingerprint,
      status: response.status,
      headers,
      body: await response.text(),
    };
    await keepResult(db, ref, done);
  };
}
