import { match } from "ts-pattern";
import type { Contract, Milestone } from "../entities/contract.ts";
import { addDays, type CalendarDate, dateOf, isInDateRange, spellDate } from "../kernel/calendar-date.ts";
import { checkTransition, type Decision } from "../kernel/machine.ts";
import { currencyMismatch, toDecimalString } from "../kernel/money.ts";
import { type Refusal, refuse } from "../kernel/refusal.ts";
import { err, InvariantViolation, ok } from "../kernel/result.ts";
import { humanize } from "../kernel/text.ts";
import { canApprove, formatMoney, pendingApprovals, routeApproval } from "../policies/approval-routing.ts";
import { handoverPlan } from "../policies/handover.ts";
import {
  activationDueOn,
  expiryDueOn,
  nextTacitTerm,
  noticeDeadline,
  noticeWindowOpensOn,
  tacitRenewalDueOn,
  termEndDate,
} from "../policies/renewal-schedule.ts";
import {
  dueRetainerPeriods,
  nextRetainerPeriod,
  nextUnbilledDay,
  retainerPeriods,
} from "../policies/retainer-billing.ts";
import type {
  ContractCommand,
  ContractContext,
  ContractEvent,
  ContractState,
  TermsChanges,
  TowerChanges,
} from "./contract.commands.ts";
import {
  amountsOf,
  checkMilestoneAmount,
  checkNotFuture,
  checkProjectManagers,
  checkTerms,
  checkTowerAmounts,
  checkTowersAddUp,
  checkUnique,
  findMilestone,
  findTower,
  isRefusal,
  termPastRange,
} from "./contract.rules.ts";
import { contractTable, TERMS_OPEN_STATUSES } from "./contract.table.ts";

// The contract machine's decisions. Each command's checks live in a small function below; the time-driven
// ones read their due dates from the renewal schedule, the same functions the sweep asks.

type Command<T extends ContractCommand["type"]> = Extract<ContractCommand, { type: T }>;
type Ctx = ContractContext;

const refused = (r: Refusal | undefined): r is Refusal => r !== undefined;

function create(c: Command<"CreateContract">, ctx: Ctx): Decision<ContractEvent> {
  const problem =
    checkTerms(c, amountsOf(c), dateOf(ctx.now)) ??
    checkUnique(
      "tower",
      c.towers.map((t) => t.id),
    ) ??
    checkUnique(
      "milestone",
      c.milestones.map((m) => m.id),
    ) ??
    c.towers.map((t) => checkTowerAmounts(t, c.value.currency)).find(refused) ??
    c.milestones.map((m) => checkMilestoneAmount(m.amount, c.value.currency)).find(refused) ??
    checkProjectManagers(c.projectManagerIds);
  if (problem) return err(problem);
  return ok([
    {
      type: "ContractCreated",
      at: ctx.now,
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

function updateTerms(s: Contract, c: Command<"UpdateTerms">, ctx: Ctx): Decision<ContractEvent> {
  const { type: _, ...fields } = c;
  const changes: TermsChanges = given(fields);
  if (Object.keys(changes).length === 0) {
    return err(refuse.invalidInput("terms", "Say which terms to change."));
  }
  const next = { ...s, ...changes };
  const problem = checkTerms(next, amountsOf(s), dateOf(ctx.now));
  if (problem) return err(problem);
  return ok([
    { type: "ContractTermsUpdated", at: ctx.now, changes, endDate: termEndDate(next.startDate, next.term) },
  ]);
}

function addTower(s: Contract, c: Command<"AddTower">, ctx: Ctx): Decision<ContractEvent> {
  const problem =
    checkUnique("tower", [...s.towers.map((t) => t.id), c.tower.id]) ??
    checkTowerAmounts(c.tower, s.value.currency);
  return problem ? err(problem) : ok([{ type: "TowerAdded", at: ctx.now, tower: c.tower }]);
}

function updateTower(s: Contract, c: Command<"UpdateTower">, ctx: Ctx): Decision<ContractEvent> {
  const tower = findTower(s, c.towerId);
  if (isRefusal(tower)) return err(tower);
  const { type: _, towerId, ...fields } = c;
  const changes: TowerChanges = given(fields);
  if (Object.keys(changes).length === 0) return err(refuse.invalidInput("tower", "Say what to change."));
  const problem = checkTowerAmounts(changes, s.value.currency);
  return problem ? err(problem) : ok([{ type: "TowerUpdated", at: ctx.now, towerId, changes }]);
}

function addMilestone(s: Contract, c: Command<"AddMilestone">, ctx: Ctx): Decision<ContractEvent> {
  const m = c.milestone;
  // Money is read-only once a contract leaves negotiation, so a billable milestone needs the terms reopened.
  const problem =
    checkUnique("milestone", [...s.milestones.map((x) => x.id), m.id]) ??
    (m.amount && !(TERMS_OPEN_STATUSES as readonly string[]).includes(s.status)
      ? refuse.invalidInput(
          "amount",
          `A billable milestone changes the money, which is read-only once a contract is ${humanize(s.status)}.`,
        )
      : undefined) ??
    checkMilestoneAmount(m.amount, s.value.currency);
  return problem
    ? err(problem)
    : ok([{ type: "MilestoneAdded", at: ctx.now, milestone: { ...m, doneOn: null } }]);
}

function completeMilestone(s: Contract, c: Command<"CompleteMilestone">, ctx: Ctx): Decision<ContractEvent> {
  const m = findMilestone(s, c.milestoneId);
  if (isRefusal(m)) return err(m);
  if (m.doneOn !== null) {
    return err(
      refuse.invalidInput(
        "milestoneId",
        `The milestone "${m.title}" was already done on ${spellDate(m.doneOn, ctx.now)}.`,
      ),
    );
  }
  const problem = checkNotFuture("doneOn", c.doneOn, dateOf(ctx.now));
  if (problem) return err(problem);
  return ok([{ type: "MilestoneCompleted", at: ctx.now, milestoneId: m.id, doneOn: c.doneOn }]);
}

function submit(s: Contract, ctx: Ctx): Decision<ContractEvent> {
  const problem = checkTowersAddUp(s);
  if (problem) return err(problem);
  const route = routeApproval(s, ctx.approvalAuthority);
  if (!route.ok) return route;
  const requiredApprovals = [...route.value.requiredApprovals];
  return ok([{ type: "ContractSubmittedForApproval", at: ctx.now, requiredApprovals }]);
}

function approve(s: Contract, ctx: Ctx): Decision<ContractEvent> {
  const { memberId, role } = ctx.actor;
  if (s.approvals.some((a) => a.memberId === memberId)) return err(refuse.alreadyApproved(memberId));
  if (pendingApprovals(s, ctx.approvalAuthority).length === 0) {
    return err(refuse.notAnApprover(memberId, role, "every approval it needs is already in"));
  }
  if (!canApprove(role, s, ctx.approvalAuthority)) {
    const why = ctx.approvalAuthority.some((a) => a.role === role)
      ? `as ${humanize(role)} your authority does not cover ${formatMoney(s.value)} at a ${s.discountPercent}% discount`
      : `as ${humanize(role)} you hold no approval authority`;
    return err(refuse.notAnApprover(memberId, role, why));
  }
  return ok([{ type: "ContractApproved", at: ctx.now, memberId, role }]);
}

function sign(s: Contract, c: Command<"Sign">, ctx: Ctx): Decision<ContractEvent> {
  const pending = pendingApprovals(s, ctx.approvalAuthority);
  if (pending.length > 0) return err(refuse.approvalsPending(pending));
  const today = dateOf(ctx.now);
  const signedOn = c.signedOn ?? today;
  const problem = checkNotFuture("signedOn", signedOn, today);
  return problem ? err(problem) : ok([{ type: "ContractSigned", at: ctx.now, signedOn }]);
}

function nameProjectManagers(
  s: Contract,
  c: Command<"NameProjectManagers">,
  ctx: Ctx,
): Decision<ContractEvent> {
  const problem = checkProjectManagers(c.projectManagerIds);
  if (problem) return err(problem);
  const same =
    c.projectManagerIds.length === s.projectManagerIds.length &&
    c.projectManagerIds.every((id, i) => s.projectManagerIds[i] === id);
  if (same)
    return err(
      refuse.invalidInput("projectManagerIds", "These are already the contract's project managers."),
    );
  return ok([{ type: "ProjectManagersNamed", at: ctx.now, projectManagerIds: c.projectManagerIds }]);
}

/** Guard "not handed over yet": a contract is handed over to delivery once; the plan comes from the settings. */
function handOver(s: Contract, ctx: Ctx): Decision<ContractEvent> {
  if (s.handedOverAt !== null) {
    return err(
      refuse.invalidInput(
        "handover",
        `This contract was handed over to delivery on ${spellDate(s.handedOverAt, ctx.now)}.`,
      ),
    );
  }
  return ok([{ type: "DeliveryHandedOver", at: ctx.now, ...handoverPlan(s, ctx.handover, dateOf(ctx.now)) }]);
}

/**
 * Guards of "set the billing schedule": a positive amount in the contract's currency; a first day within the
 * term and after the periods already billed (they stay as they were); while the terms are open, no more billed
 * over the term than the contract's value; and something different from the schedule in force.
 */
function setBillingSchedule(
  s: Contract,
  c: Command<"SetBillingSchedule">,
  ctx: Ctx,
): Decision<ContractEvent> {
  const currency = s.value.currency;
  if (c.amount.currency !== currency) return err(currencyMismatch(currency, c.amount.currency));
  if (c.amount.amount <= 0)
    return err(
      refuse.invalidInput(
        "amount",
        `A period must bill a positive amount, not ${toDecimalString(c.amount)} ${currency}.`,
      ),
    );
  const current = s.billingSchedule;
  const earliest = current === null ? s.startDate : nextUnbilledDay(current);
  const startsOn = c.startsOn ?? earliest;
  if (startsOn < s.startDate || startsOn > s.endDate)
    return err(
      refuse.invalidInput(
        "startsOn",
        `The first period must start within the contract's term, ${spellDate(s.startDate, ctx.now)} to ${spellDate(s.endDate, ctx.now)}.`,
      ),
    );
  if (current?.billedThrough && startsOn <= current.billedThrough)
    return err(
      refuse.invalidInput(
        "startsOn",
        `Periods up to ${current.billedThrough} are billed already: the schedule may change from ${addDays(current.billedThrough, 1)} on.`,
      ),
    );
  const next = { amount: c.amount, period: c.period, startsOn, issueDay: c.issueDay };
  if (
    current !== null &&
    current.amount.amount === next.amount.amount &&
    current.period === next.period &&
    current.startsOn === next.startsOn &&
    current.issueDay === next.issueDay
  )
    return err(refuse.invalidInput("amount", "This is already the contract's billing schedule."));
  if ((TERMS_OPEN_STATUSES as readonly string[]).includes(s.status)) {
    const periods = retainerPeriods(s.id, next, s.endDate);
    const total = periods.reduce((sum, p) => sum + p.amount.amount, 0);
    if (total > s.value.amount)
      return err(
        refuse.invalidInput(
          "amount",
          `${periods.length} ${c.period} periods bill ${formatMoney({ amount: total, currency })}, more than the contract's value of ${formatMoney(s.value)}.`,
        ),
      );
  }
  return ok([{ type: "BillingScheduleSet", at: ctx.now, ...next }]);
}

/** Guards of "bill the retainer's next period": a schedule, and a period whose issue day has come. */
function billRetainerPeriod(s: Contract, ctx: Ctx): Decision<ContractEvent> {
  if (s.billingSchedule === null)
    return err(refuse.invalidInput("billingSchedule", "This contract has no billing schedule."));
  const today = dateOf(ctx.now);
  const due = dueRetainerPeriods(s, today)[0];
  if (due === undefined) {
    const next = nextRetainerPeriod(s);
    return err(
      next === null
        ? refuse.invalidInput(
            "billingSchedule",
            `Every period up to the contract's end, ${spellDate(s.endDate, ctx.now)}, is billed.`,
          )
        : refuse.notYetDue(`bill the period ${next.start} to ${next.end}`, next.issueOn),
    );
  }
  return ok([
    {
      type: "RetainerPeriodBilled",
      at: ctx.now,
      start: due.start,
      end: due.end,
      issueOn: due.issueOn,
      amount: due.amount,
      invoiceId: ctx.billing.draftRetainerInvoices ? due.invoiceId : null,
    },
  ]);
}

/** Refuses a time-driven move before its day. */
const notBefore = (what: string, due: CalendarDate, today: CalendarDate): Refusal | undefined =>
  today < due ? refuse.notYetDue(what, due) : undefined;

/** The fields a partial command actually gives: absent and `undefined` ones are left out. */
function given<T extends object>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

function giveNotice(s: Contract, c: Command<"GiveNotice">, ctx: Ctx): Decision<ContractEvent> {
  if (!s.autoRenewal) {
    return err(
      refuse.invalidInput(
        "autoRenewal",
        `This contract does not renew by itself: it ends on ${spellDate(s.endDate, ctx.now)}.`,
      ),
    );
  }
  if (s.nonRenewalNoticeAt !== null) {
    return err(
      refuse.invalidInput(
        "notice",
        `Notice of non-renewal was already given on ${dateOf(s.nonRenewalNoticeAt)}.`,
      ),
    );
  }
  const deadline = noticeDeadline(s.endDate, s.noticePeriod);
  if (dateOf(ctx.now) > deadline) {
    return err(
      refuse.invalidInput(
        "noticeDeadline",
        `The notice deadline passed on ${spellDate(deadline, ctx.now)}: the contract renews on ${spellDate(nextTacitTerm(s).renewsOn, ctx.now)}.`,
      ),
    );
  }
  return ok([{ type: "NonRenewalNoticeGiven", at: ctx.now, reason: c.reason?.trim() || null }]);
}

const withReason = (action: string, reason: string, event: () => ContractEvent): Decision<ContractEvent> =>
  reason.trim() ? ok([event()]) : err(refuse.reasonRequired(action));

function contractOf(state: ContractState): Contract {
  if (state.status === "none")
    throw new InvariantViolation("a contract command reached a contract that does not exist");
  return state;
}

/** The contract machine's `decide`: the events a command leads to, or why it is refused. */
export function decideContract(
  state: ContractState,
  command: ContractCommand,
  ctx: Ctx,
): Decision<ContractEvent> {
  const blocked = checkTransition("contract", contractTable, state.status, command.type);
  if (blocked) return err(blocked);
  if (command.type === "CreateContract") return create(command, ctx);
  const s = contractOf(state);
  const at = ctx.now;
  const today = dateOf(at);
  const orRefuse = (r: Refusal | undefined, events: () => ContractEvent[]): Decision<ContractEvent> =>
    r ? err(r) : ok(events());
  return match(command)
    .returnType<Decision<ContractEvent>>()
    .with({ type: "UpdateTerms" }, (c) => updateTerms(s, c, ctx))
    .with({ type: "AddTower" }, (c) => addTower(s, c, ctx))
    .with({ type: "UpdateTower" }, (c) => updateTower(s, c, ctx))
    .with({ type: "RemoveTower" }, (c) => {
      const tower = findTower(s, c.towerId);
      return isRefusal(tower) ? err(tower) : ok([{ type: "TowerRemoved", at, towerId: tower.id }]);
    })
    .with({ type: "ReassignTowerManager" }, (c) => {
      const tower = findTower(s, c.towerId);
      if (isRefusal(tower)) return err(tower);
      return ok([
        { type: "TowerManagerReassigned", at, towerId: tower.id, accountManagerId: c.accountManagerId },
      ]);
    })
    .with({ type: "AddMilestone" }, (c) => addMilestone(s, c, ctx))
    .with({ type: "CompleteMilestone" }, (c) => completeMilestone(s, c, ctx))
    .with({ type: "NameProjectManagers" }, (c) => nameProjectManagers(s, c, ctx))
    .with({ type: "HandOverToDelivery" }, () => handOver(s, ctx))
    .with({ type: "SetBillingSchedule" }, (c) => setBillingSchedule(s, c, ctx))
    .with({ type: "BillRetainerPeriod" }, () => billRetainerPeriod(s, ctx))
    .with({ type: "StartNegotiation" }, () => ok([{ type: "NegotiationStarted", at }]))
    .with({ type: "SubmitForApproval" }, () => submit(s, ctx))
    .with({ type: "Approve" }, () => approve(s, ctx))
    .with({ type: "SendBack" }, (c) =>
      withReason("send the contract back", c.reason, () => ({
        type: "ContractSentBack",
        at,
        reason: c.reason.trim(),
      })),
    )
    .with({ type: "Sign" }, (c) => sign(s, c, ctx))
    .with({ type: "Activate" }, () =>
      orRefuse(notBefore("activate the contract", activationDueOn(s), today), () => [
        { type: "ContractActivated", at },
      ]),
    )
    .with({ type: "EnterNoticeWindow" }, () =>
      orRefuse(notBefore("enter the notice window", noticeWindowOpensOn(s, ctx.renewals), today), () => [
        {
          type: "ContractEnteredNoticeWindow",
          at,
          noticeDeadline: noticeDeadline(s.endDate, s.noticePeriod),
        },
      ]),
    )
    .with({ type: "GiveNotice" }, (c) => giveNotice(s, c, ctx))
    .with({ type: "LinkRenewalOpportunity" }, (c) =>
      s.renewalOpportunityId === null
        ? ok([{ type: "RenewalOpportunityLinked", at, opportunityId: c.opportunityId }])
        : err(
            refuse.invalidInput(
              "opportunityId",
              `This contract's renewal is already tracked by deal ${s.renewalOpportunityId}.`,
            ),
          ),
    )
    .with({ type: "MarkRenewed" }, (c) =>
      c.renewedById === s.id
        ? err(refuse.invalidInput("renewedById", "A contract cannot be renewed by itself."))
        : ok([{ type: "ContractRenewed", at, renewedById: c.renewedById }]),
    )
    .with({ type: "ApplyTacitRenewal" }, () => {
      const due = tacitRenewalDueOn(s);
      if (due === null) {
        const why = s.autoRenewal
          ? `Notice of non-renewal was given: the contract expires after ${spellDate(s.endDate, ctx.now)} instead.`
          : "This contract does not renew by itself.";
        return err(refuse.invalidInput("autoRenewal", why));
      }
      const next = nextTacitTerm(s);
      if (!isInDateRange(next.newEndDate))
        return err(termPastRange("renewalTerm", next.renewsOn, next.newEndDate));
      return orRefuse(notBefore("renew the contract tacitly", due, today), () => [
        { type: "ContractTacitlyRenewed", at, ...next },
      ]);
    })
    .with({ type: "Expire" }, () => {
      const due = expiryDueOn(s);
      if (due === null) {
        const deadline = noticeDeadline(s.endDate, s.noticePeriod);
        const why = `This contract renews by itself unless notice is given by ${spellDate(deadline, ctx.now)}.`;
        return err(refuse.invalidInput("autoRenewal", why));
      }
      return orRefuse(notBefore("expire the contract", due, today), () => [{ type: "ContractExpired", at }]);
    })
    .with({ type: "Terminate" }, (c) =>
      withReason("terminate the contract", c.reason, () => ({
        type: "ContractTerminated",
        at,
        reason: c.reason.trim(),
      })),
    )
    .with({ type: "Withdraw" }, (c) =>
      withReason("withdraw the contract", c.reason, () => ({
        type: "ContractWithdrawn",
        at,
        reason: c.reason.trim(),
      })),
    )
    .exhaustive();
}
