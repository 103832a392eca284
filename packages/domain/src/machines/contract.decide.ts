import { match } from "ts-pattern";
import type { Milestone } from "../entities/contract.ts";
import { dateOf } from "../kernel/calendar-date.ts";
import { checkMove, type Decision } from "../kernel/machine.ts";
import { err, InvariantViolation, ok } from "../kernel/result.ts";
import { routeApproval } from "../policies/approval-routing.ts";
import { handoverPlan } from "../policies/handover.ts";
import { nextTacitTerm, noticeDeadline, termEndDate } from "../policies/renewal-schedule.ts";
import { dueRetainerPeriods } from "../policies/retainer-billing.ts";
import type { ContractCommand, ContractContext, ContractEvent, ContractState } from "./contract.commands.ts";
import { contractGuards, scheduleAsked, termsChanges, towerChanges } from "./contract.guards.ts";
import { findTower, isRefusal } from "./contract.rules.ts";
import { contractTable } from "./contract.table.ts";

// The contract machine's decisions: the table's guards (contract.guards.ts) have passed, so each command's events
// are built here; the time-driven ones read their due dates from the renewal schedule, as the sweep does.

/** The contract machine's `decide`: the events a command leads to, or why it is refused. */
export function decideContract(
  state: ContractState,
  command: ContractCommand,
  ctx: ContractContext,
): Decision<ContractEvent> {
  const refused = checkMove("contract", contractTable, contractGuards, state, command, ctx);
  if (refused) return err(refused);
  const at = ctx.now;
  if (command.type === "CreateContract") {
    const c = command;
    return ok([
      {
        type: "ContractCreated",
        at,
        contractId: c.contractId,
        accountId: c.accountId,
        opportunityId: c.opportunityId,
        ownerId: c.ownerId,
        title: c.title,
        value: c.value,
        plannedCost: c.plannedCost,
        discountPercent: c.discountPercent,
        startDate: c.startDate,
        term: c.term,
        endDate: termEndDate(c.startDate, c.term),
        noticePeriod: c.noticePeriod,
        autoRenewal: c.autoRenewal,
        renewalTerm: c.renewalTerm,
        towers: c.towers,
        milestones: c.milestones.map((m): Milestone => ({ ...m, doneOn: null })),
        projectManagerIds: c.projectManagerIds,
        previousContractId: c.previousContractId,
      },
    ]);
  }
  if (state.status === "none")
    throw new InvariantViolation("a contract command reached a contract that does not exist");
  const s = state;
  const towerIdOf = (towerId: string) => {
    const tower = findTower(s, towerId);
    if (isRefusal(tower))
      throw new InvariantViolation(`the guard theTowerExists let tower ${towerId} through`);
    return tower.id;
  };
  return match(command)
    .returnType<Decision<ContractEvent>>()
    .with({ type: "UpdateTerms" }, (c) => {
      const changes = termsChanges(c);
      const next = { ...s, ...changes };
      return ok([
        { type: "ContractTermsUpdated", at, changes, endDate: termEndDate(next.startDate, next.term) },
      ]);
    })
    .with({ type: "AddTower" }, (c) => ok([{ type: "TowerAdded", at, tower: c.tower }]))
    .with({ type: "UpdateTower" }, (c) =>
      ok([{ type: "TowerUpdated", at, towerId: c.towerId, changes: towerChanges(c) }]),
    )
    .with({ type: "RemoveTower" }, (c) => ok([{ type: "TowerRemoved", at, towerId: towerIdOf(c.towerId) }]))
    .with({ type: "ReassignTowerManager" }, (c) =>
      ok([
        {
          type: "TowerManagerReassigned",
          at,
          towerId: towerIdOf(c.towerId),
          accountManagerId: c.accountManagerId,
        },
      ]),
    )
    .with({ type: "AddMilestone" }, (c) =>
      ok([{ type: "MilestoneAdded", at, milestone: { ...c.milestone, doneOn: null } }]),
    )
    .with({ type: "CompleteMilestone" }, (c) =>
      ok([{ type: "MilestoneCompleted", at, milestoneId: c.milestoneId, doneOn: c.doneOn }]),
    )
    .with({ type: "NameProjectManagers" }, (c) =>
      ok([{ type: "ProjectManagersNamed", at, projectManagerIds: c.projectManagerIds }]),
    )
    .with({ type: "HandOverToDelivery" }, () =>
      ok([{ type: "DeliveryHandedOver", at, ...handoverPlan(s, ctx.handover, dateOf(at)) }]),
    )
    .with({ type: "SetBillingSchedule" }, (c) =>
      ok([{ type: "BillingScheduleSet", at, ...scheduleAsked(s, c) }]),
    )
    .with({ type: "BillRetainerPeriod" }, () => {
      const due = dueRetainerPeriods(s, dateOf(at))[0];
      if (due === undefined)
        throw new InvariantViolation("the guard aPeriodDue let a contract bill no period");
      return ok([
        {
          type: "RetainerPeriodBilled",
          at,
          start: due.start,
          end: due.end,
          issueOn: due.issueOn,
          amount: due.amount,
          invoiceId: ctx.billing.draftRetainerInvoices ? due.invoiceId : null,
        },
      ]);
    })
    .with({ type: "StartNegotiation" }, () => ok([{ type: "NegotiationStarted", at }]))
    .with({ type: "SubmitForApproval" }, () => {
      const route = routeApproval(s, ctx.approvalAuthority);
      if (!route.ok) return route;
      return ok([
        { type: "ContractSubmittedForApproval", at, requiredApprovals: [...route.value.requiredApprovals] },
      ]);
    })
    .with({ type: "Approve" }, () =>
      ok([{ type: "ContractApproved", at, memberId: ctx.actor.memberId, role: ctx.actor.role }]),
    )
    .with({ type: "SendBack" }, (c) => ok([{ type: "ContractSentBack", at, reason: c.reason.trim() }]))
    .with({ type: "Sign" }, (c) => ok([{ type: "ContractSigned", at, signedOn: c.signedOn ?? dateOf(at) }]))
    .with({ type: "Activate" }, () => ok([{ type: "ContractActivated", at }]))
    .with({ type: "EnterNoticeWindow" }, () =>
      ok([
        {
          type: "ContractEnteredNoticeWindow",
          at,
          noticeDeadline: noticeDeadline(s.endDate, s.noticePeriod),
        },
      ]),
    )
    .with({ type: "GiveNotice" }, (c) =>
      ok([{ type: "NonRenewalNoticeGiven", at, reason: c.reason?.trim() || null }]),
    )
    .with({ type: "LinkRenewalOpportunity" }, (c) =>
      ok([{ type: "RenewalOpportunityLinked", at, opportunityId: c.opportunityId }]),
    )
    .with({ type: "MarkRenewed" }, (c) => ok([{ type: "ContractRenewed", at, renewedById: c.renewedById }]))
    .with({ type: "ApplyTacitRenewal" }, () =>
      ok([{ type: "ContractTacitlyRenewed", at, ...nextTacitTerm(s) }]),
    )
    .with({ type: "Expire" }, () => ok([{ type: "ContractExpired", at }]))
    .with({ type: "Terminate" }, (c) => ok([{ type: "ContractTerminated", at, reason: c.reason.trim() }]))
    .with({ type: "Withdraw" }, (c) => ok([{ type: "ContractWithdrawn", at, reason: c.reason.trim() }]))
    .exhaustive();
}
