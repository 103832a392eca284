// The viewer behind a request: the member the workspace guard resolved, with their role, loaded once per request.
import type { Service, Viewer } from "@accountable/service";
import type { Context } from "hono";
import type { ApiEnv } from "./env.ts";
import { problemFromRefusal, sendProblem } from "./problem.ts";

const cache = new WeakMap<Request, Promise<Awaited<ReturnType<Service["viewer"]>>>>();

/** The request's viewer, or the problem response to answer when the member is gone or deactivated. */
export async function viewerFor(
  c: Context<ApiEnv>,
  service: Service,
): Promise<{ viewer: Viewer; refused?: never } | { viewer?: never; refused: Response }> {
  const acting = c.get("acting");
  let pending = cache.get(c.req.raw);
  if (!pending) {
    pending = service.viewer(acting.workspaceId, acting.memberId);
    cache.set(c.req.raw, pending);
  }
  const result = await pending;
  if (!result.ok) return { refused: sendProblem(c, problemFromRefusal(result.error)) };
  return { viewer: result.value };
}
