import type { Account, AccountTeamMember } from "../entities/account.ts";
import type { Actor, Member, Role } from "../entities/member.ts";
import type { MemberId } from "../kernel/ids.ts";
import { type NotPermitted, refuse } from "../kernel/refusal.ts";
import { invariant } from "../kernel/result.ts";
import { humanize, listInWords } from "../kernel/text.ts";
import {
  ACTION_LABELS,
  type Action,
  actionsOn,
  PERMISSION_MATRIX,
  type ResourceKind,
  ROLE_SCOPES,
  SEPARATION_OF_DUTIES,
} from "./permissions.matrix.ts";

// Who may do what to which record. Pure: the caller describes the record with what it has already loaded (owner,
// account owner and team, assignee) and, for supervisors, who reports to the actor; nothing is looked up here.

/**
 * The record an action is checked against, as the caller already knows it. Describe it as it stands before the
 * action. A create is judged on where the record goes: a new account on its intended owner (`ownerId`); anything
 * else on the account it is created under (`accountOwnerId`, `accountTeam`) — never name the actor as the new
 * record's owner, which would make every create look like the actor's own.
 */
export interface PermissionResource {
  readonly kind: ResourceKind;
  /** Who holds the record itself: the owner of an account, deal, contract or escalation; the member of a quota. */
  readonly ownerId?: MemberId | null | undefined;
  /** The owner of the account the record belongs to. */
  readonly accountOwnerId?: MemberId | null | undefined;
  /** The team of the account the record belongs to, with the role each member plays there. */
  readonly accountTeam?: readonly AccountTeamMember[] | undefined;
  /** Who the record is assigned to: a task's assignee, a brief's planner, a tower's account manager. */
  readonly assigneeId?: MemberId | null | undefined;
}

/** What a permission check may be told beyond the actor: everyone who reports to the actor, directly or not. */
export interface PermissionContext {
  readonly reportsOf?: ReadonlySet<MemberId> | readonly MemberId[] | undefined;
}

/** The answer of `can`: allowed with the reason, or refused with a NotPermitted that says why. */
export type Permission =
  | { readonly allowed: true; readonly because: string }
  | { readonly allowed: false; readonly refusal: NotPermitted };

/** Describes a record under an account (pass `null` for one outside any account, such as an internal task). */
export function resourceUnder(
  kind: ResourceKind,
  account: Pick<Account, "ownerId" | "team"> | null,
  holders: { readonly ownerId?: MemberId | null; readonly assigneeId?: MemberId | null } = {},
): PermissionResource {
  return {
    kind,
    ...(account ? { accountOwnerId: account.ownerId, accountTeam: account.team } : {}),
    ...holders,
  };
}

/** Whether the actor may take the action on the resource, and why (or why not). */
export function can(
  actor: Actor,
  action: Action,
  resource: PermissionResource,
  ctx: PermissionContext = {},
): Permission {
  // Asking about an action on a record it does not apply to (approving a task) is a caller's bug.
  invariant(
    actionsOn(resource.kind).includes(action),
    `${action} does not apply to ${withArticle(resource.kind)}; ask about one of ${actionsOn(resource.kind).join(", ")}`,
  );
  const { role, memberId } = actor;
  const label = ACTION_LABELS[action];
  if (role === "admin") return allow("admins may do anything in the workspace");

  const rule = PERMISSION_MATRIX[role][action];
  if (rule === "never") return deny(action, role, ROLE_SCOPES[role]);

  const duty = SEPARATION_OF_DUTIES[action];
  if (duty !== undefined && resource.ownerId === memberId)
    return deny(action, role, `this ${humanize(resource.kind)} is yours, and ${duty}`);

  if (rule === "always") return allow(`${withArticle(humanize(role))} may ${label}, whoever holds it`);

  const held = heldBy(memberId, resource);
  if (held) return allow(held);

  if (rule === "team") {
    const viaReport = heldByReport(resource, ctx.reportsOf);
    if (viaReport) return allow(viaReport);
  }

  // A team member acts there in the role they play on the team, never beyond their own role's rule.
  const teamRoles = rolesOnTeam(memberId, resource.accountTeam);
  if (teamRoles.length > 0) {
    const granting = teamRoles.find((r) => PERMISSION_MATRIX[r][action] !== "never");
    if (granting) return allow(`you are on the account team as ${humanize(granting)}`);
    return deny(
      action,
      role,
      `you are on the account team as ${listInWords(teamRoles.map(humanize))}, and ${teamRoles.length > 1 ? "none of those parts may" : "that part does not"} ${label}`,
    );
  }

  const outside = outsider(resource);
  return deny(
    action,
    role,
    rule === "team" ? `${outside}, and it is not held by anyone who reports to you` : outside,
  );
}

/** Every action the actor may take on the resource, in the order of ACTIONS: what a UI offers. */
export function allowedActions(
  actor: Actor,
  resource: PermissionResource,
  ctx: PermissionContext = {},
): readonly Action[] {
  return actionsOn(resource.kind).filter((action) => can(actor, action, resource, ctx).allowed);
}

/**
 * Everyone who reports to the member, directly or through others, following `reportsTo`. Never includes the member
 * and stops on cycles in the data (A reports to B, B to A), which a bad import can create.
 */
export function reportsOf(
  members: readonly Pick<Member, "id" | "reportsTo">[],
  memberId: MemberId,
): ReadonlySet<MemberId> {
  const direct = new Map<MemberId, MemberId[]>();
  for (const m of members) {
    if (m.reportsTo === null) continue;
    const list = direct.get(m.reportsTo);
    if (list) list.push(m.id);
    else direct.set(m.reportsTo, [m.id]);
  }
  const seen = new Set<MemberId>([memberId]);
  const found = new Set<MemberId>();
  const queue: MemberId[] = [memberId];
  for (let i = 0; i < queue.length; i++) {
    for (const report of direct.get(queue[i]!) ?? []) {
      if (seen.has(report)) continue;
      seen.add(report);
      found.add(report);
      queue.push(report);
    }
  }
  return found;
}

function allow(because: string): Permission {
  return { allowed: true, because };
}

function deny(action: Action, role: Role, why: string): Permission {
  return { allowed: false, refusal: refuse.notPermitted(action, role, why, ACTION_LABELS[action]) };
}

function heldBy(memberId: MemberId, r: PermissionResource): string | null {
  const kind = humanize(r.kind);
  if (r.ownerId === memberId) return `you hold this ${kind}`;
  if (r.assigneeId === memberId) return `this ${kind} is assigned to you`;
  if (r.accountOwnerId === memberId)
    return r.kind === "account" ? "you hold this account" : "you own its account";
  return null;
}

function heldByReport(r: PermissionResource, reports: PermissionContext["reportsOf"]): string | null {
  if (reports === undefined) return null;
  const reportsToYou = (id: MemberId | null | undefined) =>
    id != null && ("has" in reports ? reports.has(id) : reports.includes(id));
  if (reportsToYou(r.ownerId)) return `this ${humanize(r.kind)} is held by someone who reports to you`;
  if (reportsToYou(r.assigneeId)) return `this ${humanize(r.kind)} is assigned to someone who reports to you`;
  if (reportsToYou(r.accountOwnerId)) return "its account is owned by someone who reports to you";
  return null;
}

function rolesOnTeam(memberId: MemberId, team: readonly AccountTeamMember[] | undefined): readonly Role[] {
  return (team ?? []).filter((m) => m.memberId === memberId).map((m) => m.role);
}

function outsider(r: PermissionResource): string {
  const hasHolder = r.ownerId != null || r.assigneeId != null;
  const hasAccount = r.accountOwnerId != null || r.accountTeam !== undefined;
  if (r.kind === "account" && (hasHolder || hasAccount))
    return "the account belongs to another member and you are not on its team";
  const kind = humanize(r.kind);
  if (hasHolder && hasAccount)
    return `the ${kind} belongs to another member and you neither own its account nor are on its team`;
  if (hasHolder) return `the ${kind} belongs to another member`;
  if (hasAccount) return "you neither own the account nor are on its team";
  return `this ${kind} is tied to no account you own or whose team you are on`;
}

function withArticle(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}
