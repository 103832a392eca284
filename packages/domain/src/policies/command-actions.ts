import type { z } from "zod";
import type { AccountCommand, AccountCommandSchema } from "../machines/account.machine.ts";
import type { AccountPlanCommand, AccountPlanCommandSchema } from "../machines/account-plan.machine.ts";
import type { ActivityCommand, ActivityCommandSchema } from "../machines/activity.machine.ts";
import type { BriefCommand, BriefCommandSchema } from "../machines/brief.machine.ts";
import type { ContactCommand, ContactCommandSchema } from "../machines/contact.machine.ts";
import type { ContractCommand, ContractCommandSchema } from "../machines/contract.commands.ts";
import type { CostEntryCommand, CostEntryCommandSchema } from "../machines/cost-entry.machine.ts";
import type { EscalationCommand, EscalationCommandSchema } from "../machines/escalation.machine.ts";
import type { InvitationCommand } from "../machines/invitation.machine.ts";
import type { InvoiceCommand, InvoiceCommandSchema } from "../machines/invoice.machine.ts";
import type { MemberCommand, MemberCommandSchema } from "../machines/member.machine.ts";
import type { OpportunityCommand, OpportunityCommandSchema } from "../machines/opportunity.machine.ts";
import type { QuotaCommand, QuotaCommandSchema } from "../machines/quota.machine.ts";
import type { TargetListCommand, TargetListCommandSchema } from "../machines/target-list.machine.ts";
import type { TaskCommand, TaskCommandSchema } from "../machines/task.machine.ts";
import type { WorkspaceCommand, WorkspaceCommandSchema } from "../machines/workspace.machine.ts";
import type { Action, ResourceKind } from "./permissions.matrix.ts";

// Which permission each command needs: the service looks the action up here, then asks `can` about it. One table
// per machine, typed by its command union, so a new command does not compile until someone says who may issue it.
//
// The action's kind (the part before the dot) is what `can` must be asked about, and it is not always the
// aggregate's: a contract's towers answer to `tower.manage`, and an activity reaching a deal or a contact
// (RecordActivity, RecordEngagement, issued as follow-ups of a logged activity) needs `activity.write`, so that
// whoever may log the call may also have it count. `resourceKindOfAction` gives the kind to describe.

/** Every kind of event stream the service runs through a machine, named as the stream type. */
export const AGGREGATE_TYPES = [
  "workspace",
  "member",
  "account",
  "contact",
  "opportunity",
  "contract",
  "activity",
  "task",
  "escalation",
  "brief",
  "plan",
  "invoice",
  "cost",
  "quota",
  "target",
] as const;
/** A kind of event stream the service runs through a machine. */
export type AggregateType = (typeof AGGREGATE_TYPES)[number];

/** The command union of each aggregate's machine. */
export interface AggregateCommands {
  readonly workspace: WorkspaceCommand;
  readonly member: MemberCommand;
  readonly account: AccountCommand;
  readonly contact: ContactCommand;
  readonly opportunity: OpportunityCommand;
  readonly contract: ContractCommand;
  readonly activity: ActivityCommand;
  readonly task: TaskCommand;
  readonly escalation: EscalationCommand;
  readonly brief: BriefCommand;
  readonly plan: AccountPlanCommand;
  readonly invoice: InvoiceCommand;
  readonly cost: CostEntryCommand;
  readonly quota: QuotaCommand;
  readonly target: TargetListCommand;
}

/**
 * What may be sent as each aggregate's command, before its schema parses it: defaults may be left out and ids are
 * plain strings (the API's bodies, a script's `sendCommand`). Parsed, it is that aggregate's `AggregateCommands`.
 */
export interface AggregateCommandInputs {
  readonly workspace: z.input<typeof WorkspaceCommandSchema>;
  readonly member: z.input<typeof MemberCommandSchema>;
  readonly account: z.input<typeof AccountCommandSchema>;
  readonly contact: z.input<typeof ContactCommandSchema>;
  readonly opportunity: z.input<typeof OpportunityCommandSchema>;
  readonly contract: z.input<typeof ContractCommandSchema>;
  readonly activity: z.input<typeof ActivityCommandSchema>;
  readonly task: z.input<typeof TaskCommandSchema>;
  readonly escalation: z.input<typeof EscalationCommandSchema>;
  readonly brief: z.input<typeof BriefCommandSchema>;
  readonly plan: z.input<typeof AccountPlanCommandSchema>;
  readonly invoice: z.input<typeof InvoiceCommandSchema>;
  readonly cost: z.input<typeof CostEntryCommandSchema>;
  readonly quota: z.input<typeof QuotaCommandSchema>;
  readonly target: z.input<typeof TargetListCommandSchema>;
}

// Compile-time check that AGGREGATE_TYPES and AggregateCommands name the same aggregates.
type _SameAggregates = [AggregateType, keyof AggregateCommands] extends [
  keyof AggregateCommands,
  AggregateType,
]
  ? true
  : never;
const _sameAggregates: _SameAggregates = true;
void _sameAggregates;

/** The action each command of a machine needs. */
export type CommandActions<C extends { readonly type: string }> = Readonly<Record<C["type"], Action>>;

/** Workspace: creating one is the sign-up's bootstrap (no member holds settings.write yet); the rest is admins'. */
export const WORKSPACE_COMMAND_ACTIONS: CommandActions<WorkspaceCommand> = {
  CreateWorkspace: "settings.write",
  RenameWorkspace: "settings.write",
  UpdateSettings: "settings.write",
};

/** Member: inviting is its own permission (directors invite); every other change to a member is admins'. */
export const MEMBER_COMMAND_ACTIONS: CommandActions<MemberCommand> = {
  AddMember: "member.invite",
  ChangeRole: "member.manage",
  ChangeManager: "member.manage",
  RenameMember: "member.manage",
  ChangeEmail: "member.manage",
  Deactivate: "member.manage",
  Reactivate: "member.manage",
};

/**
 * Invitation: sending and withdrawing one is `member.invite`; accepting runs as the member who invited, so their
 * permission is asked again at that moment (the one accepting is not a member yet). Invitations are run by the
 * service's own flows (tokens, users), not by the generic command routes, so they are not in AGGREGATE_TYPES.
 */
export const INVITATION_COMMAND_ACTIONS: CommandActions<InvitationCommand> = {
  SendInvitation: "member.invite",
  AcceptInvitation: "member.invite",
  RevokeInvitation: "member.invite",
};

/** Account: handovers and archiving are separate, leadership permissions; the lifecycle moves are one. */
export const ACCOUNT_COMMAND_ACTIONS: CommandActions<AccountCommand> = {
  CreateAccount: "account.create",
  UpdateAccount: "account.update",
  ChangeOwner: "account.change_owner",
  AddTeamMember: "account.manage_team",
  RemoveTeamMember: "account.manage_team",
  StartOnboarding: "account.transition",
  CompleteOnboarding: "account.transition",
  FlagAtRisk: "account.transition",
  Recover: "account.transition",
  MarkChurned: "account.transition",
  MarkDormant: "account.transition",
  WinBack: "account.transition",
  Archive: "account.archive",
};

/** Contact: every change is contact.write; an engagement comes from a logged activity (activity.write). */
export const CONTACT_COMMAND_ACTIONS: CommandActions<ContactCommand> = {
  AddContact: "contact.write",
  UpdateContact: "contact.write",
  SetContactRoles: "contact.write",
  RecordEngagement: "activity.write",
  MarkLeft: "contact.write",
  Rejoin: "contact.write",
};

/**
 * Opportunity: moving, closing, reopening and overriding the probability are each their own permission.
 * Importing a deal is opening one, whatever stage it arrives in: it needs what creating needs, on the account
 * it is imported under (an executive's own accounts, a supervisor's team's). Its event names its source.
 */
export const OPPORTUNITY_COMMAND_ACTIONS: CommandActions<OpportunityCommand> = {
  CreateOpportunity: "opportunity.create",
  ImportOpportunity: "opportunity.import",
  MoveStage: "opportunity.move",
  CloseAsWon: "opportunity.close",
  CloseAsLost: "opportunity.close",
  SettleRenewal: "opportunity.close",
  Reopen: "opportunity.reopen",
  UpdateDetails: "opportunity.update",
  RecordNeed: "opportunity.update",
  SetBudget: "opportunity.update",
  SetProposal: "opportunity.update",
  AddStakeholder: "opportunity.update",
  RemoveStakeholder: "opportunity.update",
  LinkContract: "opportunity.update",
  SeedAmountFromBrief: "opportunity.update",
  OverrideProbability: "opportunity.override_probability",
  ClearProbabilityOverride: "opportunity.override_probability",
  RecordActivity: "activity.write",
  SetNextStep: "opportunity.update",
  ClearNextStep: "opportunity.update",
};

/**
 * Contract: the terms (milestones added with their amounts included) are contract.update; towers are
 * tower.manage; marking a milestone done is milestone.write; approving and sending back are the approver's
 * (contract.approve); early termination is contract.terminate; every other move of the life cycle,
 * including the sweep's, is contract.transition.
 */
export const CONTRACT_COMMAND_ACTIONS: CommandActions<ContractCommand> = {
  CreateContract: "contract.create",
  UpdateTerms: "contract.update",
  AddTower: "tower.manage",
  UpdateTower: "tower.manage",
  RemoveTower: "tower.manage",
  ReassignTowerManager: "tower.manage",
  AddMilestone: "contract.update",
  CompleteMilestone: "milestone.write",
  NameProjectManagers: "contract.update",
  HandOverToDelivery: "contract.transition",
  SetBillingSchedule: "contract.update",
  BillRetainerPeriod: "contract.transition",
  StartNegotiation: "contract.transition",
  SubmitForApproval: "contract.transition",
  Approve: "contract.approve",
  SendBack: "contract.approve",
  Sign: "contract.transition",
  Activate: "contract.transition",
  EnterNoticeWindow: "contract.transition",
  GiveNotice: "contract.transition",
  MarkRenewed: "contract.transition",
  LinkRenewalOpportunity: "contract.update",
  ApplyTacitRenewal: "contract.transition",
  Expire: "contract.transition",
  Terminate: "contract.terminate",
  Withdraw: "contract.transition",
};

/** Activity: logging, planning and working activities are all activity.write. */
export const ACTIVITY_COMMAND_ACTIONS: CommandActions<ActivityCommand> = {
  LogActivity: "activity.write",
  PlanActivity: "activity.write",
  CompleteActivity: "activity.write",
  CancelActivity: "activity.write",
  RescheduleActivity: "activity.write",
  UpdateActivity: "activity.write",
};

/** Task: creating and working tasks are all task.write. */
export const TASK_COMMAND_ACTIONS: CommandActions<TaskCommand> = {
  CreateTask: "task.write",
  StartTask: "task.write",
  CompleteTask: "task.write",
  CancelTask: "task.write",
  ReassignTask: "task.write",
  RescheduleTask: "task.write",
};

/**
 * Escalation: raising, editing and re-raising (reopening) are escalation.write, as whoever hears the client
 * may; acknowledging, working, resolving, closing and the sweep's escalation are escalation.transition.
 */
export const ESCALATION_COMMAND_ACTIONS: CommandActions<EscalationCommand> = {
  OpenEscalation: "escalation.write",
  Acknowledge: "escalation.transition",
  StartWork: "escalation.transition",
  Resolve: "escalation.transition",
  Close: "escalation.transition",
  Reopen: "escalation.write",
  ChangeSeverity: "escalation.write",
  Reassign: "escalation.write",
  EscalateToSupervisor: "escalation.transition",
};

/** Brief: receiving and editing are brief.write; moving it through analysis and production is brief.transition. */
export const BRIEF_COMMAND_ACTIONS: CommandActions<BriefCommand> = {
  ReceiveBrief: "brief.write",
  StartAnalysis: "brief.transition",
  AssignPlanner: "brief.write",
  ApproveBudget: "brief.transition",
  StartProduction: "brief.transition",
  Deliver: "brief.transition",
  Close: "brief.transition",
  Reject: "brief.transition",
  ChangeDeadline: "brief.write",
  LinkDeal: "brief.write",
  LinkContract: "brief.write",
};

/**
 * Account plan: drafting and working its content (objectives, risks) is plan.write; moving it through its life
 * (activate, review, archive) is plan.transition. Both are the account owner's and their managers'.
 */
export const PLAN_COMMAND_ACTIONS: CommandActions<AccountPlanCommand> = {
  DraftPlan: "plan.write",
  EditPlan: "plan.write",
  AddObjective: "plan.write",
  ChangeObjective: "plan.write",
  SetObjectiveStatus: "plan.write",
  RemoveObjective: "plan.write",
  AddRisk: "plan.write",
  ResolveRisk: "plan.write",
  Activate: "plan.transition",
  StartReview: "plan.transition",
  CompleteReview: "plan.transition",
  Archive: "plan.transition",
};

/** Invoice: drafts are invoice.write (executives draft); issuing and everything after is finance's. */
export const INVOICE_COMMAND_ACTIONS: CommandActions<InvoiceCommand> = {
  DraftInvoice: "invoice.write",
  AddLine: "invoice.write",
  RemoveLine: "invoice.write",
  ChangeDueDate: "invoice.write",
  Issue: "invoice.transition",
  MarkOverdue: "invoice.transition",
  RecordPayment: "invoice.transition",
  WriteOff: "invoice.transition",
  Void: "invoice.transition",
};

/** Cost entry: recording, correcting and voiding costs are all cost.write (finance's). */
export const COST_ENTRY_COMMAND_ACTIONS: CommandActions<CostEntryCommand> = {
  RecordCost: "cost.write",
  CorrectCost: "cost.write",
  VoidCost: "cost.write",
};

/** Quota: setting, changing and retiring quotas are all quota.write (never on one's own: see `can`). */
export const QUOTA_COMMAND_ACTIONS: CommandActions<QuotaCommand> = {
  SetQuota: "quota.write",
  ChangeQuota: "quota.write",
  RetireQuota: "quota.write",
};

/** Target list: drafting, editing and its accounts are target.write; activating and closing target.transition. */
export const TARGET_LIST_COMMAND_ACTIONS: CommandActions<TargetListCommand> = {
  CreateTargetList: "target.write",
  UpdateTargetList: "target.write",
  AddTargets: "target.write",
  RemoveTarget: "target.write",
  ActivateTargetList: "target.transition",
  CloseTargetList: "target.transition",
};

/** The action every command of every aggregate needs: `COMMAND_ACTIONS[aggregate][command.type]`. */
export const COMMAND_ACTIONS: { readonly [K in AggregateType]: CommandActions<AggregateCommands[K]> } = {
  workspace: WORKSPACE_COMMAND_ACTIONS,
  member: MEMBER_COMMAND_ACTIONS,
  account: ACCOUNT_COMMAND_ACTIONS,
  contact: CONTACT_COMMAND_ACTIONS,
  opportunity: OPPORTUNITY_COMMAND_ACTIONS,
  contract: CONTRACT_COMMAND_ACTIONS,
  activity: ACTIVITY_COMMAND_ACTIONS,
  task: TASK_COMMAND_ACTIONS,
  escalation: ESCALATION_COMMAND_ACTIONS,
  brief: BRIEF_COMMAND_ACTIONS,
  plan: PLAN_COMMAND_ACTIONS,
  invoice: INVOICE_COMMAND_ACTIONS,
  cost: COST_ENTRY_COMMAND_ACTIONS,
  quota: QUOTA_COMMAND_ACTIONS,
  target: TARGET_LIST_COMMAND_ACTIONS,
};

/** An action a command can need: any but finance.read, which masks fields and moves nothing. */
export type CommandAction = Exclude<Action, "finance.read">;

/**
 * The kind of resource to describe when asking `can` about an action a command needs: the part of its name
 * before the dot (`tower.manage` → a tower), which is not always the aggregate's own kind.
 */
export function resourceKindOfAction(action: CommandAction): ResourceKind {
  return action.slice(0, action.indexOf(".")) as ResourceKind;
}
