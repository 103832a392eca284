import { CONTRACT_STATUSES, type Contract, type Tower } from "../entities/contract.ts";
import { dateOf, startOfDay } from "../kernel/calendar-date.ts";
import { existingRecord, type Machine } from "../kernel/machine.ts";
import { assertNever, InvariantViolation } from "../kernel/result.ts";
import type { ContractCommand, ContractContext, ContractEvent, ContractState } from "./contract.commands.ts";
import { decideContract } from "./contract.decide.ts";
import { contractGuards } from "./contract.guards.ts";
import { contractTable } from "./contract.table.ts";

function existing(state: ContractState, event: ContractEvent): Contract {
  return existingRecord(state, "a contract", event);
}

function withTower(
  c: Contract,
  towerId: string,
  event: ContractEvent,
  change: (t: Tower) => Tower | null,
): Contract {
  if (!c.towers.some((t) => t.id === towerId)) {
    throw new InvariantViolation(
      `${event.type} applied to tower ${towerId}, which contract ${c.id} does not have`,
    );
  }
  return { ...c, towers: c.towers.flatMap((t) => (t.id === towerId ? (change(t) ?? []) : [t])) };
}

function evolve(state: ContractState, event: ContractEvent): ContractState {
  switch (event.type) {
    case "ContractCreated":
      return {
        id: event.contractId,
        accountId: event.accountId,
        opportunityId: event.opportunityId,
        ownerId: event.ownerId,
        title: event.title,
        status: "draft",
        value: event.value,
        plannedCost: event.plannedCost,
        discountPercent: event.discountPercent,
        startDate: event.startDate,
        term: event.term,
        endDate: event.endDate,
        noticePeriod: event.noticePeriod,
        autoRenewal: event.autoRenewal,
        renewalTerm: event.renewalTerm,
        requiredApprovals: [],
        approvals: [],
        milestones: [...event.milestones],
        towers: [...event.towers],
        projectManagerIds: [...event.projectManagerIds],
        billingSchedule: null,
        createdAt: event.at,
        signedAt: null,
        handedOverAt: null,
        endedAt: null,
        endReason: null,
        nonRenewalNoticeAt: null,
        nonRenewalNoticeReason: null,
        renewalOpportunityId: null,
        previousRenewalOpportunityId: null,
        previousContractId: event.previousContractId,
        renewedById: null,
      };
    case "ContractTermsUpdated":
      return { ...existing(state, event), ...event.changes, endDate: event.endDate };
    case "TowerAdded": {
      const c = existing(state, event);
      return { ...c, towers: [...c.towers, event.tower] };
    }
    case "TowerUpdated":
      return withTower(existing(state, event), event.towerId, event, (t) => ({ ...t, ...event.changes }));
    case "TowerRemoved":
      return withTower(existing(state, event), event.towerId, event, () => null);
    case "TowerManagerReassigned":
      return withTower(existing(state, event), event.towerId, event, (t) => ({
        ...t,
        accountManagerId: event.accountManagerId,
      }));
    case "MilestoneAdded": {
      const c = existing(state, event);
      return { ...c, milestones: [...c.milestones, event.milestone] };
    }
    case "MilestoneCompleted": {
      const c = existing(state, event);
      if (!c.milestones.some((m) => m.id === event.milestoneId)) {
        throw new InvariantViolation(
          `MilestoneCompleted applied to milestone ${event.milestoneId}, which is not there`,
        );
      }
      return {
        ...c,
        milestones: c.milestones.map((m) =>
          m.id === event.milestoneId ? { ...m, doneOn: event.doneOn } : m,
        ),
      };
    }
    case "ProjectManagersNamed":
      return { ...existing(state, event), projectManagerIds: [...event.projectManagerIds] };
    case "BillingScheduleSet": {
      const c = existing(state, event);
      const { type: _, at: __, ...schedule } = event;
      return {
        ...c,
        billingSchedule: { ...schedule, billedThrough: c.billingSchedule?.billedThrough ?? null },
      };
    }
    case "RetainerPeriodBilled": {
      const c = existing(state, event);
      if (c.billingSchedule === null)
        throw new InvariantViolation(
          `RetainerPeriodBilled applied to contract ${c.id}, which has no schedule`,
        );
      return { ...c, billingSchedule: { ...c.billingSchedule, billedThrough: event.end } };
    }
    case "DeliveryHandedOver":
      return { ...existing(state, event), handedOverAt: event.at };
    case "NegotiationStarted":
      return { ...existing(state, event), status: "in_negotiation" };
    case "ContractSubmittedForApproval":
      return {
        ...existing(state, event),
        status: "pending_approval",
        requiredApprovals: [...event.requiredApprovals],
        approvals: [],
      };
    case "ContractApproved": {
      const c = existing(state, event);
      return {
        ...c,
        approvals: [...c.approvals, { memberId: event.memberId, role: event.role, at: event.at }],
      };
    }
    case "ContractSentBack":
      return { ...existing(state, event), status: "in_negotiation", requiredApprovals: [], approvals: [] };
    case "ContractSigned":
      return {
        ...existing(state, event),
        status: "signed",
        // A signature dated another day is kept at that day's start; one dated today keeps the moment.
        signedAt: event.signedOn === dateOf(event.at) ? event.at : startOfDay(event.signedOn),
      };
    case "ContractActivated":
      return { ...existing(state, event), status: "active" };
    case "ContractEnteredNoticeWindow":
      return { ...existing(state, event), status: "expiring" };
    case "NonRenewalNoticeGiven":
      return {
        ...existing(state, event),
        nonRenewalNoticeAt: event.at,
        nonRenewalNoticeReason: event.reason,
      };
    case "RenewalOpportunityLinked":
      return { ...existing(state, event), renewalOpportunityId: event.opportunityId };
    case "ContractRenewed":
      return {
        ...existing(state, event),
        status: "renewed",
        renewedById: event.renewedById,
        endedAt: event.at,
      };
    case "ContractTacitlyRenewed": {
      // A new term: the last term's renewal deal is spent (kept as the previous one, to be closed as won), so
      // the next notice window opens a new one.
      const c = existing(state, event);
      return {
        ...c,
        status: "active",
        endDate: event.newEndDate,
        renewalOpportunityId: null,
        previousRenewalOpportunityId: c.renewalOpportunityId,
      };
    }
    case "ContractExpired":
      return { ...existing(state, event), status: "expired", endedAt: event.at };
    case "ContractTerminated":
      return { ...existing(state, event), status: "terminated", endedAt: event.at, endReason: event.reason };
    case "ContractWithdrawn":
      return { ...existing(state, event), status: "withdrawn", endedAt: event.at, endReason: event.reason };
    default:
      return assertNever(event, "contract event");
  }
}

/**
 * Contract: draft → in_negotiation → pending_approval → signed → active → expiring → renewed or expired (or
 * renewed tacitly, back to active); terminated early, or withdrawn before signature.
 */
export const contractMachine: Machine<ContractState, ContractCommand, ContractEvent, ContractContext> = {
  name: "contract",
  initial: { status: "none" },
  statuses: ["none", ...CONTRACT_STATUSES],
  terminal: ["renewed", "expired", "terminated", "withdrawn"],
  table: contractTable,
  guards: contractGuards,
  decide: decideContract,
  evolve,
};
