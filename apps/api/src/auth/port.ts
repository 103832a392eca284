// What the rest of the API needs from accounts and sign-in, and nothing more: who is calling, and which member
// of a workspace that user is. The implementation (better-auth, API tokens, invitations) lives beside this file.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv, Principal } from "../env.ts";

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
