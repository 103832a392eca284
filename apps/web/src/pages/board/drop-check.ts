// What dropping a deal on a stage would do, decided by the domain before any request: the command to send, a
// reason to ask for, or why the move is blocked — in words (EXIT_CRITERION_LABELS), so the board can say it.
import {
  type Actor,
  type Contact,
  type Contract,
  DEAL_DETAIL_LABELS,
  type DealDetail,
  EXIT_CRITERION_LABELS,
  type ExitCriterion,
  explainStageMoves,
  type Opportunity,
  type OpportunityCommand,
  type Pipeline,
  type Redacted,
  type Timestamp,
} from "@accountable/domain";

export type DropCheck =
  | { readonly kind: "same-stage" }
  | { readonly kind: "allowed"; readonly command: OpportunityCommand; readonly stageLabel: string }
  /** Allowed once the user gives a reason (a loss reason, why a deal reopens…). */
  | { readonly kind: "needs-reason"; readonly prompt: string; readonly stageLabel: string }
  | {
      readonly kind: "blocked";
      readonly stageLabel: string;
      /** The sentence to show. */
      readonly message: string;
      /** What to do about each missing exit criterion, as a user reads it (empty for other refusals). */
      readonly missing: readonly string[];
      /** The missing exit criteria themselves, for the buttons that meet them (CriterionFixes). */
      readonly criteria: readonly ExitCriterion[];
      /** The details the stage requires that the deal lacks (an amount, a close date), for the fields that set them. */
      readonly details: readonly DealDetail[];
    };

export interface DropContext {
  readonly pipeline: Pipeline;
  readonly actor: Actor;
  readonly now: Timestamp;
  readonly contacts: readonly Pick<Contact, "id" | "roles" | "active">[];
  readonly contracts: readonly Pick<Contract, "id" | "status">[];
}

export function checkDrop(
  deal: Redacted<Opportunity>,
  stageId: string,
  ctx: DropContext,
  reason?: string,
): DropCheck {
  if (deal.status === "open" && deal.stageId === stageId) return { kind: "same-stage" };
  // The stage rules judge a deal's stage, contacts, contracts, whether a proposal exists and whether it has an
  // amount (DetailsRequired), never what the amount is: a masked amount is an amount, so a deal whose money the
  // reader may not see is judged the same; the server decides again on send.
  const options = explainStageMoves(deal as Opportunity, ctx, reason);
  const option = options.find((o) => o.stage.id === stageId);
  if (!option) {
    return {
      kind: "blocked",
      stageLabel: stageId,
      message: `There is no stage ${stageId}.`,
      missing: [],
      criteria: [],
      details: [],
    };
  }
  const stageLabel = option.stage.label;
  if (option.allowed) return { kind: "allowed", command: option.command, stageLabel };
  const refusal = option.refusal;
  switch (refusal._tag) {
    case "ReasonRequired":
      return { kind: "needs-reason", prompt: refusal.message, stageLabel };
    case "ExitCriteriaNotMet":
      return {
        kind: "blocked",
        stageLabel,
        message: `${deal.name} cannot move to ${stageLabel} yet.`,
        missing: refusal.missing.map((m) => EXIT_CRITERION_LABELS[m]),
        criteria: refusal.missing,
        details: [],
      };
    case "DetailsRequired":
      return {
        kind: "blocked",
        stageLabel,
        message: `${deal.name} needs ${refusal.missing.map((d) => DEAL_DETAIL_LABELS[d]).join(" and ")} before ${stageLabel}: set ${refusal.missing.length > 1 ? "them" : "it"} below and it moves.`,
        missing: refusal.missing.map((d) => `set ${DEAL_DETAIL_LABELS[d]}`),
        criteria: [],
        details: refusal.missing,
      };
    default:
      return {
        kind: "blocked",
        stageLabel,
        message: refusal.message,
        missing: [],
        criteria: [],
        details: [],
      };
  }
}

/**
 * What a screen reader hears when a deal is let go with the keyboard: the move as the board decided it (the
 * stage hints of the drag), never "dropped on" a stage the deal may not go to. `to` is null when over no stage;
 * `hint` is undefined while the drag's check has not answered yet.
 */
export function dropAnnouncement(
  deal: string,
  from: string,
  to: string | null,
  hint: "allowed" | "blocked" | undefined,
): string {
  if (to === null || to === from) return `${deal} was put back in ${from}.`;
  if (hint === "blocked")
    return `${deal} cannot move to ${to} yet and stays in ${from}. What it needs is shown above the board.`;
  if (hint === undefined)
    return `${deal} was let go over ${to}; the board is checking whether it may move there.`;
  return `${deal} was dropped on ${to}.`;
}
