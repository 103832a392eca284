// The commands a record's page offers: those its current status accepts (the machine's transition table), each
// allowed or refused for the signed-in member by the domain's `can` with the action the command needs.
import {
  type Account,
  type Actor,
  type AggregateType,
  type CommandAction,
  can,
  type MemberId,
  PERMISSION_MATRIX,
  type Role,
  resourceKindOfAction,
  resourceUnder,
} from "@accountable/domain";
import {
  AGGREGATE_UI,
  actionOf,
  type CommandVariant,
  commandsFromStatus,
  commandVariants,
} from "./aggregates.ts";

export type OfferedCommand =
  | { readonly variant: CommandVariant; readonly allowed: true }
  | { readonly variant: CommandVariant; readonly allowed: false; readonly why: string };

export interface Asker {
  readonly actor: Actor;
  /** Everyone who reports to the actor, for "team" permissions. */
  readonly reportsOf: readonly MemberId[];
  /** The account the record belongs to (its owner and team count), null when it has none or it is unknown. */
  readonly account: Pick<Account, "ownerId" | "team"> | null;
}

/** Whether the asker may run the command on the record in this state, and why not. */
export function permissionFor(
  aggregate: AggregateType,
  type: string,
  state: Record<string, unknown> | null,
  asker: Asker,
): { allowed: true } | { allowed: false; why: string } {
  const action = actionOf(aggregate, type) as CommandAction;
  const holders = state
    ? (AGGREGATE_UI[aggregate].holders as (s: unknown) => ReturnType<typeof holdersOf>)(state)
    : holdersOf();
  const resource = resourceUnder(resourceKindOfAction(action), asker.account, {
    ...(holders.ownerId !== undefined ? { ownerId: holders.ownerId } : {}),
    ...(holders.assigneeId !== undefined ? { assigneeId: holders.assigneeId } : {}),
  });
  const answer = can(asker.actor, action, resource, { reportsOf: asker.reportsOf });
  return answer.allowed ? { allowed: true } : { allowed: false, why: answer.refusal.message };
}

/**
 * Whether the role may ever run the command, on any record (the domain's matrix does not say "never"): a viewer's
 * palette offered "Create opportunity" and the form then refused it.
 */
export function roleMayEverRun(aggregate: AggregateType, type: string, role: Role): boolean {
  if (role === "admin") return true;
  return PERMISSION_MATRIX[role][actionOf(aggregate, type) as CommandAction] !== "never";
}

/**
 * Whether the asker may create a record of their own with this command (a viewer may not add an account or a
 * deal), asked of the domain's `can` like every other command, so a page hides a create form it would refuse.
 */
export function mayCreateOwn(aggregate: AggregateType, type: string, asker: Asker | undefined): boolean {
  return (
    asker !== undefined && permissionFor(aggregate, type, { ownerId: asker.actor.memberId }, asker).allowed
  );
}

const holdersOf = (): { ownerId?: MemberId | null; assigneeId?: MemberId | null } => ({});

/**
 * Whether a member could hold a record of the aggregate through `field` (a task's assignee, a deal's owner): the
 * domain's `can` lets them run one of the record's own commands as its holder. A viewer, who may act on nothing,
 * holds nothing, so a picker of assignees leaves them out. Undefined when `field` names no holder of the record
 * (attendees, a contact), where the picker offers everyone.
 */
export function mayHold(
  aggregate: AggregateType,
  field: string,
  member: { readonly id: string; readonly role: string },
): boolean | undefined {
  const probe = { [field]: member.id };
  const holders = (AGGREGATE_UI[aggregate].holders as (s: unknown) => ReturnType<typeof holdersOf>)(probe);
  if (holders.ownerId !== member.id && holders.assigneeId !== member.id) return undefined;
  const asker: Asker = {
    actor: { role: member.role as Role, memberId: member.id as MemberId },
    reportsOf: [],
    account: null,
  };
  return commandVariants(aggregate).some(
    (v) => !v.creates && !v.automatic && permissionFor(aggregate, v.type, probe, asker).allowed,
  );
}

/**
 * Every command the record's status accepts that a person issues, allowed or refused with the sentence that says
 * why. Commands the domain marks automatic (the sweep activates and expires contracts, settles renewal deals, marks
 * invoices overdue) are the workspace's to issue, never a button; `applies` leaves out those the page knows cannot
 * apply to the record as it stands (a deal with no brief whose budget it could take).
 */
export function offeredCommands(
  aggregate: AggregateType,
  state: Record<string, unknown> & { readonly status: string },
  asker: Asker,
  applies: (type: string) => boolean = () => true,
): OfferedCommand[] {
  return commandsFromStatus(aggregate, state.status)
    .filter((v) => !v.creates && !v.automatic && applies(v.type))
    .map((variant) => {
      const p = permissionFor(aggregate, variant.type, state, asker);
      return p.allowed ? { variant, allowed: true } : { variant, allowed: false, why: p.why };
    });
}
