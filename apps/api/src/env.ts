// What every request carries through the middleware chain, typed once for the whole app.

import type { Role, WorkspaceSettings } from "@accountable/domain";
import type { StoreDatabase } from "@accountable/store";
import type { Logger } from "pino";

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

/** A signed-in user, however they proved it. */
export interface Principal {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  /**
   * A browser session (cookie), a personal API token (Authorization: Bearer), or a command on this machine with
   * the server's local credential (local-operator.ts: no user, the member it names).
   */
  readonly via: "session" | "token" | "local";
  /**
   * The member the user is in the workspace the request names, when authentication could tell in the same
   * round trip (a token inside /api/workspaces/{id}); absent when it was not asked or not known.
   */
  readonly membership?: {
    readonly workspaceId: string;
    readonly memberId: string | null;
    /**
     * The member's role and the workspace's settings, read in the same statement (an active member only): the
     * request's reader is built from them without reading them again.
     */
    readonly resolved?: { readonly role: Role; readonly settings: WorkspaceSettings };
  };
}

/** A response as kept for a key. */
export interface KeptAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** What a keyed request's handler may do with its key (ApiEnv's `idempotency`). */
export interface KeyedRequest {
  /** Keeps `answer` inside `tx`, the handler's write transaction; throws `IdempotencyHoldLost` if a retry took over. */
  keepWithin(tx: StoreDatabase, answer: KeptAnswer): Promise<void>;
}
