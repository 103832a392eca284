import type { TransitionTable } from "../kernel/machine.ts";
import type { OpportunityCommand, OpportunityStatusOrNone } from "./opportunity.commands.ts";

const live = ["open"] as const;
/** The check every move into a stage passes (`checkDetailsRequired`), in the words a form shows. */
const DETAILS_REQUIRED = "an amount and a close date where the stage asks for them";

/** Every command of the opportunity machine: where it may be issued, where it leads, what it checks. */
export const opportunityTable = {
  CreateOpportunity: {
    command: "CreateOpportunity",
    label: "create",
    from: ["none"],
    to: ["open"],
    guards: [
      "a stage new deals may start in",
      "a stage your role may put deals in",
      DETAILS_REQUIRED,
      "exit criteria of the stages before it",
      "a budget in the deal's currency",
    ],
  },
  ImportOpportunity: {
    command: "ImportOpportunity",
    label: "import",
    from: ["none"],
    to: ["open", "won", "lost"],
    guards: [
      "a stage of the pipeline (no exit criteria: the source decided)",
      "a stage your role may put deals in",
      "an active member as owner",
      "a closing moment for a closed deal only",
      "a loss reason for a lost deal only",
      DETAILS_REQUIRED,
      "no moment in the future or out of order",
    ],
  },
  MoveStage: {
    command: "MoveStage",
    label: "move to a stage",
    from: live,
    to: live,
    guards: [
      "stages your role may move deals out of and into",
      "no moving back, if the pipeline says so",
      "no skipping, if the pipeline says so",
      DETAILS_REQUIRED,
      "exit criteria of every stage left behind",
    ],
  },
  CloseAsWon: {
    command: "CloseAsWon",
    label: "close as won",
    from: live,
    to: ["won"],
    guards: [
      "stages your role may move deals out of and into",
      "no skipping, if the pipeline says so",
      DETAILS_REQUIRED,
      "every exit criterion",
    ],
  },
  CloseAsLost: {
    command: "CloseAsLost",
    label: "close as lost",
    from: live,
    to: ["lost"],
    guards: ["stages your role may move deals out of and into", DETAILS_REQUIRED, "a loss reason"],
  },
  Reopen: {
    command: "Reopen",
    label: "reopen",
    from: ["won", "lost"],
    to: live,
    guards: [
      "stages your role may move deals out of and into",
      DETAILS_REQUIRED,
      "exit criteria of the stages before it",
      "a reason",
    ],
  },
  UpdateDetails: {
    command: "UpdateDetails",
    label: "update details",
    from: live,
    to: live,
    guards: [
      "the amount's currency matches the budget and proposal",
      "no clearing the amount or close date the deal's stage asks for",
    ],
  },
  RecordNeed: {
    command: "RecordNeed",
    label: "record a need",
    from: live,
    to: live,
    guards: ["not recorded yet"],
  },
  SetBudget: {
    command: "SetBudget",
    label: "set the budget",
    from: live,
    to: live,
    guards: ["in the deal's currency"],
  },
  SetProposal: {
    command: "SetProposal",
    label: "set the proposal",
    from: live,
    to: live,
    guards: ["in the deal's currency"],
  },
  AddStakeholder: {
    command: "AddStakeholder",
    label: "add a stakeholder",
    from: live,
    to: live,
    guards: ["an active contact of the account", "not a stakeholder yet"],
  },
  RemoveStakeholder: {
    command: "RemoveStakeholder",
    label: "remove a stakeholder",
    from: live,
    to: live,
    guards: ["a stakeholder of the deal"],
  },
  LinkContract: {
    command: "LinkContract",
    label: "link a contract",
    from: live,
    to: live,
    guards: ["a contract of the account", "not linked yet"],
  },
  SeedAmountFromBrief: {
    command: "SeedAmountFromBrief",
    label: "take the amount from the brief",
    from: live,
    to: live,
    guards: [
      "a brief of the account that leads to this deal",
      "an approved budget",
      "in the deal's currency",
      "a different amount",
    ],
  },
  OverrideProbability: {
    command: "OverrideProbability",
    label: "override the probability",
    from: live,
    to: live,
    guards: ["a whole number from 0 to 100", "a reason"],
  },
  ClearProbabilityOverride: {
    command: "ClearProbabilityOverride",
    label: "clear the probability override",
    from: live,
    to: live,
    guards: ["an override stands"],
  },
  RecordActivity: {
    command: "RecordActivity",
    label: "record an activity",
    from: live,
    to: live,
    guards: ["completed, not in the future"],
  },
  SetNextStep: {
    command: "SetNextStep",
    label: "set the next step",
    from: live,
    to: live,
    guards: ["a due date not in the past", "a different next step"],
  },
  ClearNextStep: {
    command: "ClearNextStep",
    label: "clear the next step",
    from: live,
    to: live,
    guards: ["a next step is set"],
  },
  // Only an open deal: one closed by hand keeps its own outcome (the follow-up is then refused, and says so).
  SettleRenewal: {
    command: "SettleRenewal",
    label: "settle the renewal",
    from: live,
    to: ["won", "lost"],
    guards: [
      "a contract of the account",
      "the deal is the contract's renewal deal",
      "the contract renewed, expired or was terminated",
      "stages your role may move deals out of and into",
    ],
    automatic: true,
  },
} as const satisfies TransitionTable<OpportunityStatusOrNone, OpportunityCommand["type"]>;
