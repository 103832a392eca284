// The member behind a request, loaded once per request: their Reader (every read held to the permission matrix,
// see the service's reader.ts) and, through it, their viewer (role, scope) for the checks commands and settings make.
import type { MemberId } from "@accountable/domain";
import type { Reader, Service, Viewer } from "@accountable/service";
import type { Context } from "hono";
import type { ApiEnv } from "./env.ts";
import { problemFromRefusal, type RefusalResponse, sendProblem } from "./problem.ts";

const cache = new WeakMap<Request, ReturnType<Service["reader"]>>();

/** The request's reader, or the problem response to answer when the member is gone or deactivated. */
export async function readerFor(
  c: Context<ApiEnv>,
  service: Service,
): Promise<{ reader: Reader; refused?: never } | { reader?: never; refused: RefusalResponse }> {
  const acting = c.get("acting");
  let pending = cache.get(c.req.raw);
  if (!pending) {
    // Authentication may have read the member's role and the workspace's settings already (a token inside the
    // workspace, see auth/access-cache.ts): the reader is built from them, with no read of its own.
    const membership = c.get("principal")?.membership;
    const resolved =
      membership?.workspaceId === acting.workspaceId && membership.memberId === acting.memberId
        ? membership.resolved
        : undefined;
    pending = resolved
      ? Promise.resolve({
          ok: true as const,
          value: service.readerAs(
            acting.workspaceId,
            { memberId: acting.memberId as MemberId, role: resolved.role },
            resolved.settings,
          ),
        })
      : service.reader(acting.workspaceId, acting.memberId);
    cache.set(c.req.raw, pending);
  }
  const result = await pending;
  if (!result.ok) return { refused: sendProblem(c, problemFromRefusal(result.error)) };
  return { reader: result.value };
}

/** The request's viewer, or the problem response to answer when the member is gone or deactivated. */
export async function viewerFor(
  c: Context<ApiEnv>,
  service: Service,
): Promise<{ viewer: Viewer; refused?: never } | { viewer?: never; refused: RefusalResponse }> {
  const found = await readerFor(c, service);
  return found.refused ? { refused: found.refused } : { viewer: found.reader.viewer };
}
