import { BINDING_CONTRACT_STATUSES } from "../entities/contract.ts";
import { findPipeline, pipelineForType } from "../entities/settings.ts";
import type { DecisionContext } from "../kernel/context.ts";
import {
  type AccountCommand,
  type AccountContext,
  type AccountEvent,
  type AccountState,
  accountMachine,
} from "../machines/account.machine.ts";
import {
  type AccountPlanCommand,
  type AccountPlanEvent,
  type AccountPlanState,
  accountPlanMachine,
} from "../machines/account-plan.machine.ts";
import {
  type ActivityCommand,
  type ActivityEvent,
  type ActivityState,
  activityMachine,
} from "../machines/activity.machine.ts";
import {
  type BriefCommand,
  type BriefContext,
  type BriefEvent,
  type BriefState,
  briefMachine,
} from "../machines/brief.machine.ts";
import {
  type ContactCommand,
  type ContactEvent,
  type ContactState,
  contactMachine,
} from "../machines/contact.machine.ts";
import {
  type ContractCommand,
  type ContractContext,
  type ContractEvent,
  type ContractState,
  contractContext,
} from "../machines/contract.commands.ts";
import { contractMachine } from "../machines/contract.machine.ts";
import {
  type CostEntryCommand,
  type CostEntryEvent,
  type CostEntryState,
  costEntryMachine,
} from "../machines/cost-entry.machine.ts";
import {
  type EscalationCommand,
  type EscalationContext,
  type EscalationEvent,
  type EscalationState,
  escalationMachine,
} from "../machines/escalation.machine.ts";
import {
  type InvitationCommand,
  type InvitationContext,
  type InvitationEvent,
  type InvitationState,
  invitationMachine,
} from "../machines/invitation.machine.ts";
import {
  type InvoiceCommand,
  type InvoiceContext,
  type InvoiceEvent,
  type InvoiceState,
  invoiceMachine,
} from "../machines/invoice.machine.ts";
import {
  type MemberCommand,
  type MemberEvent,
  type MemberState,
  memberMachine,
} from "../machines/member.machine.ts";
import {
  type OpportunityCommand,
  type OpportunityContext,
  type OpportunityEvent,
  type OpportunityState,
  opportunityMachine,
} from "../machines/opportunity.machine.ts";
import {
  type QuotaCommand,
  type QuotaEvent,
  type QuotaState,
  quotaMachine,
} from "../machines/quota.machine.ts";
import {
  type TargetListCommand,
  type TargetListEvent,
  type TargetListState,
  targetListMachine,
} from "../machines/target-list.machine.ts";
import { type TaskCommand, type TaskEvent, type TaskState, taskMachine } from "../machines/task.machine.ts";
import {
  type WorkspaceCommand,
  type WorkspaceContext,
  type WorkspaceEvent,
  type WorkspaceState,
  workspaceMachine,
} from "../machines/workspace.machine.ts";
import {
  type AggregateType,
  COMMAND_ACTIONS,
  INVITATION_COMMAND_ACTIONS,
} from "../policies/command-actions.ts";
import { activityFollowUps, contractFollowUps } from "../policies/follow-ups.ts";
import { resourceUnder } from "../policies/permissions.ts";
import { createdIdField } from "../policies/resources.ts";
import type { CommandPath, Facts } from "./decide-command.ts";

// Each aggregate's command path: which facts its commands read, and the permission resource, decision context
// and follow-ups built from them. Written once here; the service, an import and the demo only load the facts.

const binding: readonly string[] = BINDING_CONTRACT_STATUSES;
const base = (b: DecisionContext): DecisionContext => b;

/** A record under an account: its owner and team from the account the facts hold, with the record's holders. */
const under = (
  kind: Parameters<typeof resourceUnder>[0],
  facts: Facts,
  holders: Parameters<typeof resourceUnder>[2] = {},
) => resourceUnder(kind, facts.account, holders);

/**
 * The id a creation command names for its new record, read from the field the resource table names for it
 * (AGGREGATE_RESOURCES); undefined for any other command.
 */
const createdIdOf =
  (aggregate: AggregateType) =>
  (command: { readonly type: string }): string | undefined => {
    const field = createdIdField(aggregate, command.type);
    return field === undefined
      ? undefined
      : ((command as Readonly<Record<string, unknown>>)[field] as string);
  };

export const workspacePath: CommandPath<WorkspaceState, WorkspaceCommand, WorkspaceEvent, WorkspaceContext> =
  {
    type: "workspace",
    machine: workspaceMachine,
    actions: COMMAND_ACTIONS.workspace,
    createdId: createdIdOf("workspace"),
    // Only new settings can drop a pipeline: the deals per pipeline are counted for them alone.
    wants: (_state, command) => ({ pipelinesInUse: command.type === "UpdateSettings" }),
    resource: () => ({ kind: "settings" }),
    context: (b, _state, command, facts) => ({
      ...b,
      pipelinesInUse: command.type === "UpdateSettings" ? facts.pipelinesInUse : [],
    }),
  };

export const memberPath: CommandPath<MemberState, MemberCommand, MemberEvent, DecisionContext> = {
  type: "member",
  machine: memberMachine,
  actions: COMMAND_ACTIONS.member,
  createdId: createdIdOf("member"),
  wants: () => ({}),
  resource: (state) => ({ kind: "member", ownerId: state.status === "none" ? null : state.id }),
  context: base,
};

export const accountPath: CommandPath<AccountState, AccountCommand, AccountEvent, AccountContext> = {
  type: "account",
  machine: accountMachine,
  actions: COMMAND_ACTIONS.account,
  createdId: createdIdOf("account"),
  wants: (state, command) => ({
    contractsOf: state.status === "none" ? null : state.id,
    sameName: command.type === "CreateAccount" ? command.name : null,
  }),
  resource(state, command) {
    if (state.status === "none")
      return { kind: "account", ownerId: command.type === "CreateAccount" ? command.ownerId : null };
    return { ...resourceUnder("account", state), ownerId: state.ownerId };
  },
  context: (b, state, command, facts) => ({
    ...b,
    hasBindingContract: state.status !== "none" && facts.contracts.some((c) => binding.includes(c.status)),
    sameName: command.type === "CreateAccount" ? facts.sameName : null,
  }),
};

export const contactPath: CommandPath<ContactState, ContactCommand, ContactEvent, DecisionContext> = {
  type: "contact",
  machine: contactMachine,
  actions: COMMAND_ACTIONS.contact,
  createdId: createdIdOf("contact"),
  wants: (state, command) => ({
    account:
      state.status === "none" ? (command.type === "AddContact" ? command.accountId : null) : state.accountId,
  }),
  resource: (_state, _command, facts) => under("contact", facts),
  context: base,
};

type DealCreation = Extract<OpportunityCommand, { type: "CreateOpportunity" | "ImportOpportunity" }>;

/** The commands that start a deal's stream: creating one, and importing one from another system. */
export function isDealCreation(c: OpportunityCommand): c is DealCreation {
  return c.type === "CreateOpportunity" || c.type === "ImportOpportunity";
}

const dealAccountId = (state: OpportunityState, command: OpportunityCommand) =>
  state.status === "none" ? (isDealCreation(command) ? command.accountId : null) : state.accountId;

export const opportunityPath: CommandPath<
  OpportunityState,
  OpportunityCommand,
  OpportunityEvent,
  OpportunityContext
> = {
  type: "opportunity",
  machine: opportunityMachine,
  actions: COMMAND_ACTIONS.opportunity,
  createdId: createdIdOf("opportunity"),
  wants(state, command) {
    const accountId = dealAccountId(state, command);
    return {
      account: accountId,
      contactsOf: accountId,
      contractsOf: accountId,
      brief: command.type === "SeedAmountFromBrief" ? command.briefId : null,
      // Only an import names an owner the domain must look up (an owner another system chose).
      members: command.type === "ImportOpportunity",
    };
  },
  resource(state, command, facts) {
    if (state.status === "none") {
      const c = isDealCreation(command) ? command : undefined;
      return under("opportunity", facts, { ownerId: c?.ownerId ?? null });
    }
    return under("opportunity", facts, { ownerId: state.ownerId });
  },
  context(b, state, command, facts) {
    const pipeline =
      state.status === "none"
        ? pipelineForType(facts.settings, isDealCreation(command) ? command.opportunityType : "new_business")
        : findPipeline(facts.settings, state.pipelineId);
    if (!pipeline)
      throw new Error(
        `deal ${state.status === "none" ? "?" : state.id} is in pipeline that no longer exists`,
      );
    const none = dealAccountId(state, command) === null;
    const ctx = {
      ...b,
      pipeline,
      contacts: none ? [] : facts.contacts,
      contracts: none ? [] : facts.contracts,
    };
    if (command.type === "SeedAmountFromBrief") {
      const b = facts.brief;
      const brief =
        b === null
          ? null
          : {
              id: b.id,
              accountId: b.accountId,
              title: b.title,
              approvedBudget: b.approvedBudget,
              opportunityId: b.opportunityId,
            };
      return { ...ctx, brief };
    }
    if (command.type !== "ImportOpportunity") return ctx;
    return { ...ctx, members: facts.members.map((m) => ({ id: m.id, active: m.active })) };
  },
};

const contractAccountId = (state: ContractState, command: ContractCommand) =>
  state.status === "none" ? (command.type === "CreateContract" ? command.accountId : null) : state.accountId;

export const contractPath: CommandPath<ContractState, ContractCommand, ContractEvent, ContractContext> = {
  type: "contract",
  machine: contractMachine,
  actions: COMMAND_ACTIONS.contract,
  createdId: createdIdOf("contract"),
  wants: (state, command) => ({ account: contractAccountId(state, command) }),
  resource(state, command, facts) {
    if (state.status === "none") {
      const c = command.type === "CreateContract" ? command : undefined;
      return under("contract", facts, { ownerId: c?.ownerId ?? null });
    }
    return under("contract", facts, { ownerId: state.ownerId });
  },
  context: (b, _state, _command, facts) => contractContext(facts.settings, b),
  followUps(events, state, facts) {
    // The account is the one the contract is under (a contract does not move between accounts).
    if (state.status === "none" || !facts.account) return [];
    const account = facts.account;
    return events.flatMap((e) => contractFollowUps(e, state, account, facts.settings));
  },
};

export const activityPath: CommandPath<ActivityState, ActivityCommand, ActivityEvent, DecisionContext> = {
  type: "activity",
  machine: activityMachine,
  actions: COMMAND_ACTIONS.activity,
  createdId: createdIdOf("activity"),
  wants(state, command) {
    const c = command.type === "LogActivity" || command.type === "PlanActivity" ? command : undefined;
    return { account: state.status === "none" ? (c?.accountId ?? null) : state.accountId };
  },
  resource: (state, _command, facts) =>
    under("activity", facts, { ownerId: state.status === "none" ? null : state.authorId }),
  context: base,
  followUps: (events, state) =>
    state.status === "none" ? [] : events.flatMap((e) => activityFollowUps(e, state)),
};

export const taskPath: CommandPath<TaskState, TaskCommand, TaskEvent, DecisionContext> = {
  type: "task",
  machine: taskMachine,
  actions: COMMAND_ACTIONS.task,
  createdId: createdIdOf("task"),
  wants(state, command) {
    const c = command.type === "CreateTask" ? command : undefined;
    return { account: state.status === "none" ? (c?.accountId ?? null) : state.accountId };
  },
  resource(state, command, facts) {
    const c = command.type === "CreateTask" ? command : undefined;
    const assigneeId = state.status === "none" ? (c?.assigneeId ?? null) : state.assigneeId;
    return under("task", facts, { assigneeId });
  },
  context: base,
};

export const escalationPath: CommandPath<
  EscalationState,
  EscalationCommand,
  EscalationEvent,
  EscalationContext
> = {
  type: "escalation",
  machine: escalationMachine,
  actions: COMMAND_ACTIONS.escalation,
  createdId: createdIdOf("escalation"),
  wants(state, command) {
    const c = command.type === "OpenEscalation" ? command : undefined;
    return { account: state.status === "none" ? (c?.accountId ?? null) : state.accountId };
  },
  resource(state, command, facts) {
    const c = command.type === "OpenEscalation" ? command : undefined;
    const ownerId = state.status === "none" ? (c?.ownerId ?? null) : state.ownerId;
    return under("escalation", facts, { ownerId });
  },
  context: (b, _state, _command, facts) => ({ ...b, slaHours: facts.settings.slaHours }),
};

export const briefPath: CommandPath<BriefState, BriefCommand, BriefEvent, BriefContext> = {
  type: "brief",
  machine: briefMachine,
  actions: COMMAND_ACTIONS.brief,
  createdId: createdIdOf("brief"),
  // A link is decided on the deal or contract it names; linking a deal also on the contract the brief is
  // delivered under, whose deal it must be.
  wants(state, command) {
    const c = command.type === "ReceiveBrief" ? command : undefined;
    const current = state.status === "none" ? null : state.contractId;
    return {
      account: state.status === "none" ? (c?.accountId ?? null) : state.accountId,
      deal: command.type === "LinkDeal" ? command.opportunityId : null,
      contract:
        command.type === "LinkDeal" ? current : command.type === "LinkContract" ? command.contractId : null,
    };
  },
  resource(state, command, facts) {
    const c = command.type === "ReceiveBrief" ? command : undefined;
    const assigneeId = state.status === "none" ? (c?.plannerId ?? null) : state.plannerId;
    return under("brief", facts, { assigneeId });
  },
  context(b, _state, command, facts) {
    const k = facts.contract;
    const contract =
      k === null
        ? null
        : {
            id: k.id,
            accountId: k.accountId,
            title: k.title,
            status: k.status,
            opportunityId: k.opportunityId,
          };
    const d = facts.deal;
    const deal = d === null ? null : { id: d.id, accountId: d.accountId, name: d.name, status: d.status };
    if (command.type === "LinkDeal") return { ...b, deal, contract };
    if (command.type === "LinkContract") return { ...b, contract };
    return b;
  },
};

export const planPath: CommandPath<AccountPlanState, AccountPlanCommand, AccountPlanEvent, DecisionContext> =
  {
    type: "plan",
    machine: accountPlanMachine,
    actions: COMMAND_ACTIONS.plan,
    createdId: createdIdOf("plan"),
    wants(state, command) {
      const c = command.type === "DraftPlan" ? command : undefined;
      return { account: state.status === "none" ? (c?.accountId ?? null) : state.accountId };
    },
    // Judged on the account the plan is for (its owner, their managers, its team), and on the plan's own owner.
    resource(state, command, facts) {
      const c = command.type === "DraftPlan" ? command : undefined;
      const ownerId = state.status === "none" ? (c?.ownerId ?? null) : state.ownerId;
      return under("plan", facts, { ownerId });
    },
    context: base,
  };

export const invoicePath: CommandPath<InvoiceState, InvoiceCommand, InvoiceEvent, InvoiceContext> = {
  type: "invoice",
  machine: invoiceMachine,
  actions: COMMAND_ACTIONS.invoice,
  createdId: createdIdOf("invoice"),
  wants(state, command) {
    const c = command.type === "DraftInvoice" ? command : undefined;
    return {
      account: state.status === "none" ? (c?.accountId ?? null) : state.accountId,
      contract: state.status === "none" ? (c?.contractId ?? null) : state.contractId,
    };
  },
  resource: (_state, _command, facts) => under("invoice", facts),
  // A line may bill only a milestone of the invoice's contract: give the domain that contract's milestones.
  context(b, state, command, facts) {
    const contractId =
      state.status !== "none"
        ? state.contractId
        : command.type === "DraftInvoice"
          ? command.contractId
          : null;
    if (contractId === null) return { ...b, contractMilestones: null };
    return { ...b, contractMilestones: facts.contract?.milestones.map((m) => m.id) ?? [] };
  },
};

export const costPath: CommandPath<CostEntryState, CostEntryCommand, CostEntryEvent, DecisionContext> = {
  type: "cost",
  machine: costEntryMachine,
  actions: COMMAND_ACTIONS.cost,
  createdId: createdIdOf("cost"),
  wants: (state, command) => ({
    account:
      state.status === "none" ? (command.type === "RecordCost" ? command.accountId : null) : state.accountId,
  }),
  resource: (_state, _command, facts) => under("cost", facts),
  context: base,
};

export const quotaPath: CommandPath<QuotaState, QuotaCommand, QuotaEvent, DecisionContext> = {
  type: "quota",
  machine: quotaMachine,
  actions: COMMAND_ACTIONS.quota,
  createdId: createdIdOf("quota"),
  wants: () => ({}),
  resource: (state, command) => ({
    kind: "quota",
    ownerId:
      state.status === "none" ? (command.type === "SetQuota" ? command.memberId : null) : state.memberId,
  }),
  context: base,
};

export const targetPath: CommandPath<TargetListState, TargetListCommand, TargetListEvent, DecisionContext> = {
  type: "target",
  machine: targetListMachine,
  actions: COMMAND_ACTIONS.target,
  createdId: createdIdOf("target"),
  wants: () => ({}),
  // A list is judged on its owner (a new one on its intended owner), as an account is.
  resource(state, command) {
    const ownerId =
      state.status === "none"
        ? command.type === "CreateTargetList"
          ? command.ownerId
          : null
        : state.ownerId;
    return { kind: "target", ownerId };
  },
  context: base,
};

/**
 * The invitation: sent by a member who may invite, accepted by the signed-in user it was sent to, or withdrawn.
 * Its commands are the service's own flows' (tokens, users), not the generic command routes'.
 */
export const invitationPath: CommandPath<
  InvitationState,
  InvitationCommand,
  InvitationEvent,
  InvitationContext
> = {
  type: "invitation",
  machine: invitationMachine,
  actions: INVITATION_COMMAND_ACTIONS,
  createdId: (c) => (c.type === "SendInvitation" ? c.invitationId : undefined),
  wants: (state, command) => ({
    addressee:
      command.type === "SendInvitation" ? command.email : state.status === "none" ? null : state.email,
    userLinked: command.type === "AcceptInvitation" ? command.userId : null,
  }),
  resource: () => ({ kind: "member", ownerId: null }),
  context: (b, _state, command, facts) => ({
    ...b,
    addressee: facts.addressee,
    userIsMember: command.type === "AcceptInvitation" && facts.userIsMember,
  }),
};

/** Every aggregate's command path, by the name commands address it with. */
export const COMMAND_PATHS = {
  workspace: workspacePath,
  member: memberPath,
  account: accountPath,
  contact: contactPath,
  opportunity: opportunityPath,
  contract: contractPath,
  activity: activityPath,
  task: taskPath,
  escalation: escalationPath,
  brief: briefPath,
  plan: planPath,
  invoice: invoicePath,
  cost: costPath,
  quota: quotaPath,
  target: targetPath,
} as const satisfies Record<AggregateType, unknown>;
