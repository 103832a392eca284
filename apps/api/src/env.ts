// What every request carries through the middleware chain, typed once for the whole app.
import type { Logger } from "pino";
import type { Principal } from "./auth/port.ts";
import type { KeyedRequest } from "./middleware/idempotency.ts";

/** The member a request acts as, inside the workspace its path names. */
export interface Acting {
  readonly workspaceId: string;
  readonly memberId: string;
}

export interface ApiEnv {
  Variables: {
    /** From the caller's `X-Request-Id` when it is sane, else generated; echoed in the response and every log line. */
    requestId: string;
    log: Logger;
    /** The signed-in user (session cookie or API token); absent on public routes. */
    principal: Principal;
    /** Set by the workspace guard on `/api/workspaces/{workspaceId}/…`. */
    acting: Acting;
    /** Set on a POST with an Idempotency-Key while it holds the key (see middleware/idempotency.ts). */
    idempotency: KeyedRequest | undefined;
  };
}
