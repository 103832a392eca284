import type { TransitionTable } from "../kernel/machine.ts";
import type { ContractCommand, ContractStatusOrNone } from "./contract.commands.ts";

/** While a contract is negotiated its terms, dates and money may change; afterwards they are read-only. */
export const TERMS_OPEN_STATUSES = ["draft", "in_negotiation"] as const;
const unsigned = ["draft", "in_negotiation", "pending_approval"] as const;
const binding = ["signed", "active", "expiring"] as const;
const live = [...unsigned, ...binding] as const;

/** The contract machine's moves; after negotiation, dates and money are read-only (as in ServiceNow). */
export const contractTable = {
  CreateContract: {
    command: "CreateContract",
    label: "create",
    from: ["none"],
    to: ["draft"],
    guards: [
      "a term of at least a day",
      "the notice deadline on or after the start",
      "amounts in one currency",
    ],
  },
  UpdateTerms: {
    command: "UpdateTerms",
    label: "update the terms",
    from: TERMS_OPEN_STATUSES,
    to: TERMS_OPEN_STATUSES,
    guards: ["something to change", "a term of at least a day", "the notice deadline on or after the start"],
  },
  AddTower: {
    command: "AddTower",
    label: "add a tower",
    from: TERMS_OPEN_STATUSES,
    to: TERMS_OPEN_STATUSES,
    guards: ["a new tower id", "amounts in the contract's currency"],
  },
  UpdateTower: {
    command: "UpdateTower",
    label: "update a tower",
    from: TERMS_OPEN_STATUSES,
    to: TERMS_OPEN_STATUSES,
    guards: ["the tower exists", "amounts in the contract's currency"],
  },
  RemoveTower: {
    command: "RemoveTower",
    label: "remove a tower",
    from: TERMS_OPEN_STATUSES,
    to: TERMS_OPEN_STATUSES,
    guards: ["the tower exists"],
  },
  ReassignTowerManager: {
    command: "ReassignTowerManager",
    label: "reassign a tower's account manager",
    from: live,
    to: live,
    guards: ["the tower exists"],
  },
  AddMilestone: {
    command: "AddMilestone",
    label: "add a milestone",
    from: live,
    to: live,
    guards: ["a new milestone id", "a billable milestone only while the terms are open"],
  },
  CompleteMilestone: {
    command: "CompleteMilestone",
    label: "complete a milestone",
    from: binding,
    to: binding,
    guards: ["the milestone exists and is not done", "done on or before today"],
  },
  NameProjectManagers: {
    command: "NameProjectManagers",
    label: "name the project managers",
    from: live,
    to: live,
    guards: ["each project manager once", "something to change"],
  },
  HandOverToDelivery: {
    command: "HandOverToDelivery",
    label: "hand over to delivery",
    from: binding,
    to: binding,
    guards: ["not handed over yet"],
  },
  StartNegotiation: {
    command: "StartNegotiation",
    label: "start negotiating",
    from: ["draft"],
    to: ["in_negotiation"],
    guards: [],
  },
  SubmitForApproval: {
    command: "SubmitForApproval",
    label: "submit for approval",
    from: TERMS_OPEN_STATUSES,
    to: ["pending_approval"],
    guards: ["towers add up to the value", "someone has the authority to approve it"],
  },
  Approve: {
    command: "Approve",
    label: "approve",
    from: ["pending_approval"],
    to: ["pending_approval"],
    guards: [
      "an approval is still needed",
      "not approved by this member yet",
      "the approver's authority covers it",
    ],
  },
  SendBack: {
    command: "SendBack",
    label: "send back to negotiation",
    from: ["pending_approval"],
    to: ["in_negotiation"],
    guards: ["a reason"],
  },
  Sign: {
    command: "Sign",
    label: "sign",
    from: ["pending_approval"],
    to: ["signed"],
    guards: ["every required approval is in", "signed on or before today"],
  },
  Activate: {
    command: "Activate",
    label: "activate",
    from: ["signed"],
    to: ["active"],
    guards: ["on or after the start date"],
    automatic: true,
  },
  EnterNoticeWindow: {
    command: "EnterNoticeWindow",
    label: "enter the notice window",
    from: ["active"],
    to: ["expiring"],
    guards: ["on or after the day the notice window opens"],
    automatic: true,
  },
  GiveNotice: {
    command: "GiveNotice",
    label: "give notice of non-renewal",
    from: binding,
    to: binding,
    guards: ["the contract renews tacitly", "notice not given yet", "on or before the notice deadline"],
  },
  LinkRenewalOpportunity: {
    command: "LinkRenewalOpportunity",
    label: "link the renewal deal",
    from: ["signed", "active", "expiring"],
    to: ["signed", "active", "expiring"],
    guards: ["no renewal deal linked yet"],
  },
  MarkRenewed: {
    command: "MarkRenewed",
    label: "mark as renewed",
    from: ["active", "expiring"],
    to: ["renewed"],
    guards: ["renewed by another contract"],
  },
  ApplyTacitRenewal: {
    command: "ApplyTacitRenewal",
    label: "renew tacitly",
    from: ["expiring"],
    to: ["active"],
    guards: ["auto-renewal and no notice given", "after the notice deadline"],
    automatic: true,
  },
  Expire: {
    command: "Expire",
    label: "expire",
    from: ["expiring"],
    to: ["expired"],
    guards: ["no tacit renewal (none agreed, or notice given)", "after the end date"],
    automatic: true,
  },
  Terminate: {
    command: "Terminate",
    label: "terminate early",
    from: binding,
    to: ["terminated"],
    guards: ["a reason"],
  },
  Withdraw: {
    command: "Withdraw",
    label: "withdraw",
    from: unsigned,
    to: ["withdrawn"],
    guards: ["a reason"],
  },
} as const satisfies TransitionTable<ContractStatusOrNone, ContractCommand["type"]>;
