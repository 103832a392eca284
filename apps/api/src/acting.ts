// The viewer behind a request: the member the workspace guard resolved, with their role, loaded once per request.
import type { AggregateType, Service, Viewer } from "@accountable/service";
import type { Context } from "hono";
import type { ApiEnv } from "./env.ts";
import { problemFromRefusal, problemOf, sendProblem } from "./problem.ts";

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

/**
 * The record if the viewer may read it; otherwise the 404 to answer. A record the member may not read is
 * reported as missing, like one that does not exist: its existence is not theirs to learn.
 */
export async function readableRecord(
  c: Context<ApiEnv>,
  service: Service,
  viewer: Viewer,
  aggregate: AggregateType,
  id: string,
  asOf?: string,
): Promise<{ state: unknown; version: number; missing?: never } | { missing: Response }> {
  const { state, version } = await service.load(c.get("acting").workspaceId, aggregate, id, asOf as never);
  const visible =
    version > 0 && (await service.visible(viewer, aggregate, [state as { status: string }])).length > 0;
  if (!visible)
    return {
      missing: sendProblem(
        c,
        problemOf("NotFound", `There is no ${aggregate} with id ${id} in this workspace.`),
      ),
    };
  return { state, version };
}
