// What the rest of the API needs from accounts and sign-in, and nothing more: who is calling, and which member
// of a workspace that user is. The implementation (better-auth, API tokens, invitations) lives beside this file.
import type { Role, WorkspaceSettings } from "@accountable/domain";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";

/** A signed-in user, however they proved it. */
export interface Principal {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  /** A browser session (cookie) or a personal API token (Authorization: Bearer). */
  readonly via: "session" | "token";
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

export interface AuthPort {
  /** Routes mounted at the app's root: `/api/auth/*` (sign-up, sign-in, sessions), tokens, workspaces, invitations. */
  readonly routes: OpenAPIHono<ApiEnv>;
  /** The user behind a request's session cookie or bearer token; null when there is none or it is not valid. */
  /** `workspaceId`: the workspace the request is for, so the membership may come back with the principal. */
  authenticate(request: Request, workspaceId?: string): Promise<Principal | null>;
  /** The member id the user has in the workspace, or null when they are not one of its members. */
  memberIn(userId: string, workspaceId: string): Promise<string | null>;
  /**
   * Whether pages at `origin` may make writes with the session cookie (besides the request's own origin, which
   * always may): the origins sign-in trusts. Without it, only the request's own origin is.
   */
  trustsOrigin?(origin: string): Promise<boolean>;
  /**
   * Forgets whatever this process keeps about who may do what (a write may have changed it). The database's
   * access feed says the same to every process a moment later; this makes it immediate in this one.
   */
  forget?(): void;
}
