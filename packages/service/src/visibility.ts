// Who may see what: the read side of the domain's permission matrix. Commands are authorised inside `execute`;
// reads (lists, single records, reports) are authorised here, through the same `can()`, so an adapter never
// decides visibility on its own.
import {
  ACTIONS,
  type Action,
  type Actor,
  can,
  type MemberId,
  type Permission,
  type PermissionResource,
  reportsOf,
} from "@accountable/domain";
import type { StoreDatabase } from "@accountable/store";
import type { AggregateType } from "./aggregates/registry.ts";
import { REGISTRY } from "./aggregates/registry.ts";
import type { AnySpec } from "./aggregates/spec.ts";
import { loadScope, SYSTEM_ACTOR } from "./execute.ts";
import { recordResource } from "./facts.ts";
import { allMembers, loadMember } from "./lookups.ts";
import { notAMember, type ServiceRefusal } from "./refusals.ts";
import type { Scope } from "./scope.ts";

/** A member acting in a workspace, with what a permission check needs to know about them. */
export interface Viewer {
  readonly actor: Actor;
  readonly scope: Scope;
  /** Everyone reporting to the viewer, loaded on first need (only "team" rules read it). */
  reports(): Promise<ReadonlySet<MemberId>>;
}

/** Resolves the member as a viewer, or refuses when they are not an active member of the workspace. */
export async function viewerOf(
  db: StoreDatabase,
  workspaceId: string,
  memberId: string,
): Promise<{ ok: true; value: Viewer } | { ok: false; error: ServiceRefusal }> {
  // The workspace's settings and the member are read side by side: two round trips in the time of one.
  const system = memberId === SYSTEM_ACTOR.memberId;
  const [scope, member] = await Promise.all([
    loadScope(db, workspaceId),
    system ? undefined : loadMember({ db, workspaceId }, memberId),
  ]);
  let actor: Actor;
  if (system) actor = SYSTEM_ACTOR;
  else {
    if (!member?.active) return { ok: false, error: notAMember(memberId) };
    actor = { memberId: member.id, role: member.role };
  }
  return { ok: true, value: viewerAs(scope, actor) };
}

/**
 * The viewer of an actor already resolved (an active member and their role, read with the workspace's settings by
 * the caller — the API's principal cache): no read of its own. Who reports to them is still read per viewer.
 */
export function viewerAs(scope: Scope, actor: Actor): Viewer {
  let reports: Promise<ReadonlySet<MemberId>> | undefined;
  return {
    actor,
    scope,
    reports: () => {
      reports ??= allMembers(scope).then((all) => reportsOf(all, actor.memberId));
      return reports;
    },
  };
}

/** Whether the viewer may take a read action on a resource described by the caller (a report, the settings…). */
export async function viewerCan(
  viewer: Viewer,
  action: Action,
  resource: PermissionResource,
): Promise<Permission> {
  const quick = can(viewer.actor, action, resource);
  if (quick.allowed) return quick;
  return can(viewer.actor, action, resource, { reportsOf: await viewer.reports() });
}

/** Whether the member may read every record of the kind, whoever owns it (no record needs judging on its own). */
export function seesEvery(viewer: Viewer, aggregate: AggregateType): boolean {
  const spec: AnySpec = REGISTRY[aggregate];
  const action = `${spec.resourceKind}.read` as Action;
  // The people of a workspace (and the workspace itself) have no read permission of their own: every member
  // sees who else is in it. (`can()` throws when asked about an action that does not apply to a kind.)
  if (!(ACTIONS as readonly string[]).includes(action)) return true;
  return can(viewer.actor, action, { kind: spec.resourceKind }).allowed;
}

/**
 * The records of an aggregate the viewer may read (`<kind>.read`), in their order. One check settles a role
 * that may read any such record; otherwise each record is described the way its commands are (its owner, its
 * account's owner and team) and checked on its own.
 */
export async function visibleRecords<T extends { readonly status: string }>(
  viewer: Viewer,
  aggregate: AggregateType,
  records: readonly T[],
): Promise<T[]> {
  if (seesEvery(viewer, aggregate)) return [...records];
  const spec: AnySpec = REGISTRY[aggregate];
  const action = `${spec.resourceKind}.read` as Action;
  const out: T[] = [];
  for (const record of records) {
    const resource = await recordResource(viewer.scope, spec, record);
    if ((await viewerCan(viewer, action, resource)).allowed) out.push(record);
  }
  return out;
}
