// Idempotency-Key on POSTs inside a workspace: the first request with a key runs and its response is kept; a retry
// with the same key and the same request gets that response again (Idempotent-Replayed: true) instead of running
// twice; the same key with a different request is refused. Keys live in the store's idempotency_keys table, so
// every API process sees them.
//
// A request holds its key while it runs (packages/store/src/idempotency.ts). On PostgreSQL the hold is a lease the
// request renews every third of it; if its process dies (kill -9), the lease runs out and the next retry takes the
// key over and runs the request. On the embedded database a hold lasts until the process that owns the folder
// ends, and the next one to open it ends every hold. Either way a retry after a crash runs instead of answering
// "still running" forever.
//
// Exactly once: a command keeps its answer inside its own transaction (`keepWithin`, called by the command
// route through the service's `beforeCommit`), so its events and its kept answer commit together or not at all —
// a retry after a crash finds either the answer or nothing written. A holder that lost its key meanwhile (its
// lease ran out while it was stalled and a retry took over) has its transaction rolled back. Other keyed POSTs
// keep their answer after they finish; a crash between their write and that leaves the key to a retry, which
// runs them again (an import then skips the rows it imported, a sweep changes nothing).
import { createHash, randomUUID } from "node:crypto";
import {
  claimKey,
  type KeyHolder,
  keepResult,
  readKeyed,
  releaseKey,
  renewKey,
  type StoreDatabase,
  takeOverKey,
} from "@accountable/store";
import type { MiddlewareHandler } from "hono";
import type { ApiEnv, KeptAnswer } from "../env.ts";
import { problemOf, sendProblem } from "../problem.ts";

type Kept =
  | { readonly state: "running"; readonly fingerprint: string }
  | ({ readonly state: "done"; readonly fingerprint: string } & KeptAnswer);

/** The request's key was taken over by a retry while it ran (its lease ran out): its writes must not commit. */
export class IdempotencyHoldLost extends Error {}

const KEPT_HEADERS = ["content-type", "etag", "location"];

export interface IdempotencyOptions {
  /**
   * How long a hold lasts without renewal; null holds until the process ends (the embedded database, whose
   * folder one process owns). Default 30 s.
   */
  readonly leaseMs?: number | null;
}

export function idempotency(db: StoreDatabase, options: IdempotencyOptions = {}): MiddlewareHandler<ApiEnv> {
  const leaseMs = options.leaseMs === undefined ? 30_000 : options.leaseMs;
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
    const holder: KeyHolder = { id: randomUUID(), leaseMs };
    const running: Kept = { state: "running", fingerprint };
    if (!(await claimKey(db, ref, running, holder))) {
      const kept = await readKeyed(db, ref);
      const result = kept?.result as Kept | undefined;
      if (!kept || !result)
        return sendProblem(
          c,
          problemOf("IdempotencyKeyInFlight", "That Idempotency-Key is being released; retry."),
        );
      if (result.fingerprint !== fingerprint)
        return sendProblem(
          c,
          problemOf(
            "IdempotencyKeyReused",
            `The Idempotency-Key ${key} was used for a different request; use a new key.`,
          ),
        );
      if (result.state === "done")
        return new Response(result.body, {
          status: result.status,
          headers: { ...result.headers, "Idempotent-Replayed": "true" },
        });
      // Running: its holder is alive (answer so), or gone, and then this retry takes the key over and runs.
      const takenOver =
        kept.abandoned && kept.heldBy !== null && (await takeOverKey(db, ref, kept.heldBy, running, holder));
      if (!takenOver)
        return sendProblem(
          c,
          problemOf(
            "IdempotencyKeyInFlight",
            `A request with the Idempotency-Key ${key} is still running; retry shortly.`,
          ),
          { "Retry-After": "1" },
        );
    }

    let keptWithin = false;
    c.set("idempotency", {
      async keepWithin(tx, answer) {
        const done: Kept = { state: "done", fingerprint, ...answer };
        if (!(await keepResult(tx, ref, done, holder.id)))
          throw new IdempotencyHoldLost(
            `A retry with the Idempotency-Key ${key} took it over while this request ran; its answer is kept.`,
          );
        keptWithin = true;
      },
    });
    const renewal =
      leaseMs === null
        ? undefined
        : setInterval(() => {
            renewKey(db, ref, holder).catch((err: unknown) =>
              c.get("log").warn({ err, key }, "could not renew an Idempotency-Key's lease"),
            );
          }, leaseMs / 3);
    renewal?.unref();
    try {
      await next();
    } catch (e) {
      await releaseKey(db, ref, holder.id);
      throw e;
    } finally {
      clearInterval(renewal);
    }
    if (keptWithin) return;
    // A server fault is not an answer to keep: the client may retry with the same key.
    if (c.res.status >= 500) {
      await releaseKey(db, ref, holder.id);
      return;
    }
    const response = c.res.clone();
    const headers: Record<string, string> = {};
    for (const h of KEPT_HEADERS) {
      const v = response.headers.get(h);
      if (v !== null) headers[h] = v;
    }
    await keepResult(
      db,
      ref,
      { state: "done", fingerprint, status: response.status, headers, body: await response.text() },
      holder.id,
    );
  };
}
