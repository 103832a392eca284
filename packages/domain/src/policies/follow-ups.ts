import type { Account } from "../entities/account.ts";
import { type Activity, isClientEngagement } from "../entities/activity.ts";
import type { Contract } from "../entities/contract.ts";
import type { Escalation } from "../entities/escalation.ts";
import type { Member } from "../entities/member.ts";
import { openStages } from "../entities/pipeline.ts";
import { type BillingSettings, pipelineForType, type WorkspaceSettings } from "../entities/settings.ts";
import { addDays, dateOf, type Timestamp } from "../kernel/calendar-date.ts";
import { derivedId } from "../kernel/derived-id.ts";
import {
  type AccountId,
  type ContactId,
  type ContractId,
  type EscalationId,
  type InvoiceId,
  InvoiceIdSchema,
  type MilestoneId,
  type OpportunityId,
  OpportunityIdSchema,
  type TaskId,
} from "../kernel/ids.ts";
import { invariant } from "../kernel/result.ts";
import { spellDate, spellMoment } from "../kernel/spell-date.ts";
import type { AccountCommand } from "../machines/account.machine.ts";
import type { ActivityEvent } from "../machines/activity.machine.ts";
import type { ContactCommand } from "../machines/contact.machine.ts";
import type { ContractCommand, ContractEvent } from "../machines/contract.commands.ts";
import { dueEscalationCommands, type EscalationCommand } from "../machines/escalation.machine.ts";
import type { InvoiceCommand } from "../machines/invoice.machine.ts";
import type { OpportunityCommand } from "../machines/opportunity.machine.ts";
import type { TaskCommand } from "../machines/task.machine.ts";
import { renewalCloseDate } from "./renewal-settlement.ts";
import { retainerInvoice } from "./retainer-billing.ts";

// Follow-up policies turn what just happened into the next command, returned as data: the domain says what
// should happen; the service executes it (through the same decide, so every rule still applies).

/** A command the domain asks the service to run next, on another aggregate, and why. */
export type FollowUp =
  | {
      readonly target: "account";
      readonly id: AccountId;
      readonly command: AccountCommand;
      readonly because: string;
    }
  | {
      readonly target: "opportunity";
      readonly id: OpportunityId;
      readonly command: OpportunityCommand;
      readonly because: string;
    }
  | {
      readonly target: "contract";
      readonly id: ContractId;
      readonly command: ContractCommand;
      readonly because: string;
    }
  | {
      readonly target: "escalation";
      readonly id: EscalationId;
      readonly command: EscalationCommand;
      readonly because: string;
    }
  | {
      readonly target: "contact";
      readonly id: ContactId;
      readonly command: ContactCommand;
      readonly because: string;
    }
  | {
      readonly target: "invoice";
      readonly id: InvoiceId;
      readonly command: InvoiceCommand;
      readonly because: string;
    }
  | {
      readonly target: "task";
      readonly id: TaskId;
      readonly command: TaskCommand;
      readonly because: string;
    };

/**
 * The id of the renewal deal opened for a contract's term. Derived, not drawn, so that running the policy
 * twice names the same deal and the second creation is refused as a duplicate instead of opening another.
 */
export function renewalOpportunityId(contract: Pick<Contract, "id" | "endDate">): OpportunityId {
  const id = `${contract.id}.renewal.${contract.endDate.replaceAll("-", "")}`;
  invariant(id.length <= 128, `contract id too long to derive a renewal id: ${contract.id}`);
  return OpportunityIdSchema.parse(id);
}

/** The id of the invoice drafted for a milestone: derived, so completing it can raise one invoice only. */
export function milestoneInvoiceId(contractId: ContractId, milestoneId: MilestoneId): InvoiceId {
  return InvoiceIdSchema.parse(derivedId(contractId, "milestone", milestoneId));
}

/**
 * The draft invoice for a completed milestone with an amount: one line, linked to the milestone, due the
 * workspace's payment terms after the day it was done. Nothing for a milestone without an amount (or a zero
 * one), or when the workspace drafts no invoices from milestones.
 */
export function milestoneInvoice(
  contract: Pick<Contract, "id" | "accountId" | "milestones">,
  milestoneId: MilestoneId,
  billing: BillingSettings,
): Extract<InvoiceCommand, { type: "DraftInvoice" }> | null {
  const m = contract.milestones.find((x) => x.id === milestoneId);
  if (!billing.draftInvoiceOnMilestone || !m || m.doneOn === null || !m.amount || m.amount.amount <= 0)
    return null;
  return {
    type: "DraftInvoice",
    invoiceId: milestoneInvoiceId(contract.id, m.id),
    accountId: contract.accountId,
    contractId: contract.id,
    currency: m.amount.currency,
    lines: [
      {
        description: `Milestone: ${m.title}`.slice(0, 500),
        quantity: "1",
        unitPrice: m.amount,
        towerId: null,
        milestoneId: m.id,
        period: null,
      },
    ],
    dueDate: addDays(m.doneOn, billing.paymentTermsDays),
  };
}

/**
 * What a contract event sets in motion:
 * - a signed contract moves a prospect to onboarding, and wins back a churned or dormant account; and, unless
 *   the workspace turned it off (`handover.onSigning`), it is handed over to delivery (`HandOverToDelivery`);
 * - the handover (`DeliveryHandedOver`, whose plan `handoverPlan` made) puts its members on the account team
 *   (those not on it yet) and creates its kickoff tasks and onboarding checklist;
 * - completing a milestone with an amount drafts its invoice (`milestoneInvoice`; the workspace may turn it off);
 * - a retainer's period billed drafts its invoice (`retainerInvoice`), unless the event says none is drafted
 *   (the workspace turned `billing.draftRetainerInvoices` off when it was decided);
 * - entering the notice window opens a renewal opportunity (in the renewals pipeline, worth the contract's
 *   value, closing on the notice deadline — or, if that has passed, the workspace's renewal lead after the day
 *   it opens: see `renewalCloseDate`) and links it to the contract — unless one is linked already;
 * - the contract's renewal settles that deal (`settleRenewalFollowUps`): won on a tacit or a signed renewal,
 *   lost on expiry or termination, with the reason kept in both records' histories.
 * `contract` is the contract after the event; `account` the account it belongs to (with its team, when known).
 */
export function contractFollowUps(
  event: ContractEvent,
  contract: Contract,
  account: Pick<Account, "id" | "status"> & Partial<Pick<Account, "team">>,
  settings: WorkspaceSettings,
): FollowUp[] {
  switch (event.type) {
    case "ContractSigned":
      return [...signedAccountFollowUps(contract, account), ...handoverOnSigning(contract, settings)];
    case "DeliveryHandedOver":
      return handoverFollowUps(event, contract, account);
    case "MilestoneCompleted": {
      const draft = milestoneInvoice(contract, event.milestoneId, settings.billing);
      if (draft === null) return [];
      const title = contract.milestones.find((m) => m.id === event.milestoneId)?.title ?? event.milestoneId;
      return [
        {
          target: "invoice",
          id: draft.invoiceId,
          command: draft,
          because: `the milestone "${title}" of "${contract.title}" was done on ${spellDate(event.doneOn, event.at)}`,
        },
      ];
    }
    case "RetainerPeriodBilled": {
      if (event.invoiceId === null) return [];
      const draft = retainerInvoice(contract, { ...event, invoiceId: event.invoiceId }, settings.billing);
      return [
        {
          target: "invoice",
          id: draft.invoiceId,
          command: draft,
          because: `the period ${spellDate(event.start, event.at)} to ${spellDate(event.end, event.at)} of "${contract.title}" is billed on ${spellDate(event.issueOn, event.at)}`,
        },
      ];
    }
    case "ContractEnteredNoticeWindow": {
      if (contract.renewalOpportunityId !== null) return [];
      const pipeline = pipelineForType(settings, "renewal");
      const id = renewalOpportunityId(contract);
      const because = `"${contract.title}" entered its notice window; notice must be given by ${spellDate(event.noticeDeadline, event.at)}`;
      const closeDate = renewalCloseDate(event.noticeDeadline, dateOf(event.at), settings.renewals);
      return [
        {
          target: "opportunity",
          id,
          command: {
            type: "CreateOpportunity",
            opportunityId: id,
            accountId: contract.accountId,
            ownerId: contract.ownerId,
            // Named by the year its next term starts: a contract renewed tacitly year after year opens a deal
            // each year, and two deals of one account should not read the same.
            name: `Renewal ${addDays(contract.endDate, 1).slice(0, 4)}: ${contract.title}`.slice(0, 200),
            opportunityType: "renewal",
            stageId: openStages(pipeline)[0]!.id,
            amount: contract.value,
            closeDate,
            needs: [],
            budget: null,
            stakeholderIds: [],
          },
          because,
        },
        {
          target: "contract",
          id: contract.id,
          command: { type: "LinkRenewalOpportunity", opportunityId: id },
          because,
        },
      ];
    }
    case "ContractTacitlyRenewed":
    case "ContractRenewed":
    case "ContractExpired":
    case "ContractTerminated":
      return settleRenewalFollowUps(contract);
    default:
      return [];
  }
}

/** A signature moves a prospect to onboarding and wins back a churned or dormant account. */
function signedAccountFollowUps(contract: Contract, account: Pick<Account, "id" | "status">): FollowUp[] {
  if (account.status === "prospect") {
    return [
      {
        target: "account",
        id: account.id,
        command: { type: "StartOnboarding" },
        because: `its first contract, "${contract.title}", was signed`,
      },
    ];
  }
  if (account.status === "churned" || account.status === "dormant") {
    return [
      {
        target: "account",
        id: account.id,
        command: { type: "WinBack" },
        because: `a new contract, "${contract.title}", was signed`,
      },
    ];
  }
  return [];
}

/** A signed contract is handed over to delivery at once, unless the workspace hands over by hand. */
function handoverOnSigning(contract: Contract, settings: WorkspaceSettings): FollowUp[] {
  if (!settings.handover.onSigning || contract.handedOverAt !== null) return [];
  return [
    {
      target: "contract",
      id: contract.id,
      command: { type: "HandOverToDelivery" },
      because: `"${contract.title}" was signed: the workspace hands signed contracts over to delivery`,
    },
  ];
}

/** The handover carried out: its members join the account team (unless on it already), its tasks are created. */
export function handoverFollowUps(
  event: Extract<ContractEvent, { type: "DeliveryHandedOver" }>,
  contract: Pick<Contract, "title" | "accountId">,
  account: Pick<Account, "id"> & Partial<Pick<Account, "team">>,
): FollowUp[] {
  const because = `"${contract.title}" was handed over to delivery`;
  const onTeam = new Set((account.team ?? []).map((m) => m.memberId));
  const team: FollowUp[] = event.team
    .filter((m) => !onTeam.has(m.memberId))
    .map((m) => ({
      target: "account",
      id: account.id,
      command: { type: "AddTeamMember", memberId: m.memberId, role: m.role },
      because,
    }));
  const tasks: FollowUp[] = event.tasks.map((t) => ({
    target: "task",
    id: t.taskId,
    command: {
      type: "CreateTask",
      taskId: t.taskId,
      accountId: contract.accountId,
      title: t.title,
      assigneeId: t.assigneeId,
      dueDate: t.dueDate,
      agreedWithClient: false,
    },
    because: t.kind === "onboarding" ? `${because} (onboarding checklist)` : `${because} (kickoff)`,
  }));
  return [...team, ...tasks];
}

/**
 * The renewal deal a contract's end of term settles: the spent term's after a tacit renewal, the linked one
 * after a signed renewal, an expiry or a termination. The deal's machine decides won or lost from the contract
 * (`renewalSettlement`); a deal already closed by hand keeps its outcome.
 */
export function settleRenewalFollowUps(
  contract: Pick<
    Contract,
    "id" | "title" | "status" | "renewalOpportunityId" | "previousRenewalOpportunityId"
  >,
): FollowUp[] {
  const dealId =
    contract.status === "active" || contract.status === "expiring"
      ? contract.previousRenewalOpportunityId
      : contract.renewalOpportunityId;
  if (dealId === null) return [];
  const outcome = contract.status === "active" || contract.status === "renewed" ? "won" : "lost";
  return [
    {
      target: "opportunity",
      id: dealId,
      command: { type: "SettleRenewal", contractId: contract.id },
      because: `"${contract.title}" was ${contract.status === "active" ? "renewed tacitly" : contract.status}: its renewal deal is ${outcome}`,
    },
  ];
}

/** An SLA breach escalates to the owner's supervisor (nothing when there is none, or it already did). */
export function slaBreachFollowUps(
  escalation: Escalation,
  now: Timestamp,
  members: readonly Pick<Member, "id" | "reportsTo" | "active">[],
): FollowUp[] {
  return dueEscalationCommands(escalation, now, members).map((command) => ({
    target: "escalation",
    id: escalation.id,
    command,
    because: `"${escalation.title}" passed its SLA at ${spellMoment(escalation.slaDueAt, now)}`,
  }));
}

/**
 * A call, e-mail or meeting that has happened resets the deal's rotting clock and marks its contacts as
 * engaged. Notes do not count as engagement with the client; planned activities count once completed.
 * `activity` is the activity after the event.
 */
export function activityFollowUps(event: ActivityEvent, activity: Activity): FollowUp[] {
  if (event.type !== "ActivityLogged" && event.type !== "ActivityCompleted") return [];
  if (!isClientEngagement(activity)) return [];
  const because = `${activity.kind} "${activity.subject}" took place`;
  const out: FollowUp[] = [];
  if (activity.opportunityId !== null) {
    out.push({
      target: "opportunity",
      id: activity.opportunityId,
      command: { type: "RecordActivity", at: activity.at },
      because,
    });
  }
  for (const contactId of activity.contactIds) {
    out.push({
      target: "contact",
      id: contactId,
      command: { type: "RecordEngagement", at: activity.at },
      because,
    });
  }
  return out;
}
