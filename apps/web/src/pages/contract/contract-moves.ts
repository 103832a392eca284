// The lifecycle moves a person may make on a contract now, decided by the domain before any request: the
// permission (`can` with the action each command needs), then the machine's decision (explainMoves over the
// transition table), in the order the server asks them. Moves the contract's status does not allow are left out;
// moves it allows but a permission or a guard blocks are kept, with the sentence that says why.
import {
  type Account,
  type Actor,
  type ApprovalAuthority,
  type BillingSettings,
  CONTRACT_COMMAND_ACTIONS,
  type Contract,
  type ContractCommand,
  type ContractCommandType,
  can,
  contractMachine,
  contractTable,
  explainMoves,
  HandoverPlanSchema,
  type HandoverSettings,
  type MemberId,
  type RenewalSettings,
  resourceUnder,
  type Timestamp,
} from "@accountable/domain";
import { humanize } from "../../ui/format.ts";

/** The moves the page offers, in lifecycle order; the others (terms, towers, the sweep's) live elsewhere. */
export const OFFERED_MOVES = [
  "StartNegotiation",
  "SubmitForApproval",
  "Approve",
  "Sign",
  "HandOverToDelivery",
  "SendBack",
  "GiveNotice",
  "Terminate",
  "Withdraw",
] as const satisfies readonly ContractCommandType[];
export type OfferedMove = (typeof OFFERED_MOVES)[number];

/** Moves that take a written reason; `optional` when the reason may be left out. */
export const REASONS: Partial<Record<OfferedMove, { readonly optional: boolean; readonly prompt: string }>> =
  {
    SendBack: { optional: false, prompt: "Why is it sent back to negotiation?" },
    GiveNotice: { optional: true, prompt: "Why will the contract not renew? (optional)" },
    Terminate: { optional: false, prompt: "Why is the contract terminated early?" },
    Withdraw: { optional: false, prompt: "Why is the contract withdrawn?" },
  };

export type ContractMove =
  | { readonly type: OfferedMove; readonly label: string; readonly allowed: true }
  | { readonly type: OfferedMove; readonly label: string; readonly allowed: false; readonly why: string };

export interface MoveContext {
  readonly actor: Actor;
  readonly now: Timestamp;
  readonly approvalAuthority: readonly ApprovalAuthority[];
  readonly renewals: RenewalSettings;
  readonly handover: HandoverSettings;
  readonly billing: BillingSettings;
  /** The contract's account (its owner and team count for permissions); null when unknown. */
  readonly account: Pick<Account, "ownerId" | "team"> | null;
  /** Everyone who reports to the actor, for "team" permissions. */
  readonly reportsOf?: readonly MemberId[];
}

const PROBE_REASON = "(reason)";

/** The command a move sends; the reason, when the move takes one. */
export function moveCommand(type: OfferedMove, reason?: string): ContractCommand {
  const r = reason?.trim();
  switch (type) {
    case "SendBack":
    case "Terminate":
    case "Withdraw":
      return { type, reason: r ?? "" };
    case "GiveNotice":
      return r ? { type, reason: r } : { type };
    default:
      return { type };
  }
}

/** Every offered move the contract's status allows, each allowed or blocked with the reason in words. */
export function contractMoves(contract: Contract, ctx: MoveContext): ContractMove[] {
  const fromHere = OFFERED_MOVES.filter((t) =>
    (contractTable[t].from as readonly string[]).includes(contract.status),
  );
  // A reason is asked for on click; the probe carries a placeholder so the machine judges the move itself.
  const candidates = fromHere.map((t) => moveCommand(t, REASONS[t] ? PROBE_REASON : undefined));
  const options = explainMoves(contractMachine, contract, candidates, {
    now: ctx.now,
    actor: ctx.actor,
    approvalAuthority: ctx.approvalAuthority,
    renewals: ctx.renewals,
    handover: ctx.handover,
    billing: ctx.billing,
  });
  const resource = resourceUnder("contract", ctx.account, { ownerId: contract.ownerId });
  // Permission first, then the machine, as the server's one command path (`decideCommand`) asks them: when both
  // would refuse, the page gives the reason the server would.
  return options.map((o) => {
    const type = o.command.type as OfferedMove;
    const label = contractTable[type].label;
    const permission = can(ctx.actor, CONTRACT_COMMAND_ACTIONS[type], resource, {
      reportsOf: ctx.reportsOf,
    });
    if (!permission.allowed) return { type, label, allowed: false, why: permission.refusal.message };
    return o.allowed
      ? { type, label, allowed: true }
      : { type, label, allowed: false, why: o.refusal.message };
  });
}

/** What a handover did, in words: who joined the account team and how many tasks it created. */
export function describeHandover(payload: unknown, name: (id: string) => string): string {
  const parsed = HandoverPlanSchema.safeParse(
    typeof payload === "object" && payload !== null
      ? { team: (payload as { team?: unknown }).team, tasks: (payload as { tasks?: unknown }).tasks }
      : payload,
  );
  if (!parsed.success) return "";
  const { team, tasks } = parsed.data;
  const joined =
    team.length === 0
      ? "Nobody new joined the account team"
      : `${team.map((m) => `${name(m.memberId)} (${humanize(m.role)})`).join(", ")} joined the account team`;
  const kickoff = tasks.filter((t) => t.kind === "kickoff").length;
  const onboarding = tasks.length - kickoff;
  return `${joined}; ${kickoff} kickoff task${kickoff === 1 ? "" : "s"} and ${onboarding} onboarding checklist item${onboarding === 1 ? "" : "s"} created.`;
}
