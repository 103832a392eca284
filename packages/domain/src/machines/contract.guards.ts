import type { Contract } from "../entities/contract.ts";
import { addDays, type CalendarDate, dateOf, isInDateRange } from "../kernel/calendar-date.ts";
import { aReasonTo, type GuardSet } from "../kernel/machine.ts";
import { currencyMismatch, toDecimalString } from "../kernel/money.ts";
import { type Refusal, refuse } from "../kernel/refusal.ts";
import { spellDate } from "../kernel/spell-date.ts";
import { humanize } from "../kernel/text.ts";
import { canApprove, formatMoney, pendingApprovals, routeApproval } from "../policies/approval-routing.ts";
import {
  activationDueOn,
  expiryDueOn,
  nextTacitTerm,
  noticeDeadline,
  noticeWindowOpensOn,
  tacitRenewalDueOn,
} from "../policies/renewal-schedule.ts";
import {
  dueRetainerPeriods,
  nextRetainerPeriod,
  nextUnbilledDay,
  retainerPeriods,
} from "../policies/retainer-billing.ts";
import type { ContractCommand, ContractContext, ContractState } from "./contract.commands.ts";
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

// The contract machine's named guards: each row of its table names the ones its move passes, in the order
// `decide` asks them, and a refusal names the guard that gave it.

type Guards = GuardSet<ContractState, ContractCommand, ContractContext>;
type Command<T extends ContractCommand["type"]> = Extract<ContractCommand, { type: T }>;

/** While a contract is negotiated its terms, dates and money may change; afterwards they are read-only. */
export const TERMS_OPEN_STATUSES = ["draft", "in_negotiation"] as const;

const contractOf = (state: ContractState): Contract | undefined =>
  state.status === "none" ? undefined : state;
const refused = (r: Refusal | undefined): r is Refusal => r !== undefined;

/** The fields a partial command actually gives: absent and `undefined` ones are left out. */
export function given<T extends object>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/** The terms an update changes (those it gives). */
export function termsChanges(c: Command<"UpdateTerms">) {
  const { type: _, ...fields } = c;
  return given(fields);
}

/** The tower fields an update changes (those it gives). */
export function towerChanges(c: Command<"UpdateTower">) {
  const { type: _, towerId: _id, ...fields } = c;
  return given(fields);
}

/** The schedule a SetBillingSchedule asks for, its first day filled in: after what was billed, or the start. */
export function scheduleAsked(s: Contract, c: Command<"SetBillingSchedule">) {
  const current = s.billingSchedule;
  const earliest = current === null ? s.startDate : nextUnbilledDay(current);
  return { amount: c.amount, period: c.period, startsOn: c.startsOn ?? earliest, issueDay: c.issueDay };
}

/** Refuses a time-driven move before its day. */
const notBefore = (what: string, due: CalendarDate, today: CalendarDate): Refusal | undefined =>
  today < due ? refuse.notYetDue(what, due) : undefined;

/** The named checks of the contract's table. */
export const contractGuards = {
  termsMakeSense: {
    words: "a term of at least a day, with the notice deadline on or after the start",
    check: (state, command, ctx) => {
      const today = dateOf(ctx.now);
      if (command.type === "CreateContract") return checkTerms(command, amountsOf(command), today);
      const s = contractOf(state);
      if (command.type !== "UpdateTerms" || !s) return undefined;
      return checkTerms({ ...s, ...termsChanges(command) }, amountsOf(s), today);
    },
  },
  somethingToChange: {
    words: "something to change",
    check: (state, command) => {
      const s = contractOf(state);
      switch (command.type) {
        case "UpdateTerms":
          return Object.keys(termsChanges(command)).length === 0
            ? refuse.invalidInput("terms", "Say which terms to change.")
            : undefined;
        case "UpdateTower":
          return Object.keys(towerChanges(command)).length === 0
            ? refuse.invalidInput("tower", "Say what to change.")
            : undefined;
        case "NameProjectManagers":
          return s &&
            command.projectManagerIds.length === s.projectManagerIds.length &&
            command.projectManagerIds.every((id, i) => s.projectManagerIds[i] === id)
            ? refuse.invalidInput("projectManagerIds", "These are already the contract's project managers.")
            : undefined;
        case "SetBillingSchedule": {
          const current = s?.billingSchedule ?? null;
          if (!s || current === null) return undefined;
          const next = scheduleAsked(s, command);
          return current.amount.amount === next.amount.amount &&
            current.period === next.period &&
            current.startsOn === next.startsOn &&
            current.issueDay === next.issueDay
            ? refuse.invalidInput("amount", "This is already the contract's billing schedule.")
            : undefined;
        }
        default:
          return undefined;
      }
    },
  },
  newTowerIds: {
    words: "a new tower id",
    check: (state, command) => {
      if (command.type === "CreateContract")
        return checkUnique(
          "tower",
          command.towers.map((t) => t.id),
        );
      const s = contractOf(state);
      return command.type === "AddTower" && s
        ? checkUnique("tower", [...s.towers.map((t) => t.id), command.tower.id])
        : undefined;
    },
  },
  newMilestoneIds: {
    words: "a new milestone id",
    check: (state, command) => {
      if (command.type === "CreateContract")
        return checkUnique(
          "milestone",
          command.milestones.map((m) => m.id),
        );
      const s = contractOf(state);
      return command.type === "AddMilestone" && s
        ? checkUnique("milestone", [...s.milestones.map((x) => x.id), command.milestone.id])
        : undefined;
    },
  },
  towerAmountsInTheContractsCurrency: {
    words: "tower amounts in the contract's currency",
    check: (state, command) => {
      if (command.type === "CreateContract")
        return command.towers.map((t) => checkTowerAmounts(t, command.value.currency)).find(refused);
      const currency = contractOf(state)?.value.currency;
      if (currency === undefined) return undefined;
      if (command.type === "AddTower") return checkTowerAmounts(command.tower, currency);
      if (command.type === "UpdateTower") return checkTowerAmounts(towerChanges(command), currency);
      return undefined;
    },
  },
  milestoneAmountsInTheContractsCurrency: {
    words: "milestone amounts in the contract's currency",
    check: (state, command) => {
      if (command.type === "CreateContract")
        return command.milestones
          .map((m) => checkMilestoneAmount(m.amount, command.value.currency))
          .find(refused);
      const currency = contractOf(state)?.value.currency;
      return command.type === "AddMilestone" && currency !== undefined
        ? checkMilestoneAmount(command.milestone.amount, currency)
        : undefined;
    },
  },
  eachProjectManagerOnce: {
    words: "each project manager once",
    check: (_state, command) =>
      command.type === "CreateContract" || command.type === "NameProjectManagers"
        ? checkProjectManagers(command.projectManagerIds)
        : undefined,
  },
  theTowerExists: {
    words: "a tower of the contract",
    check: (state, command) => {
      const s = contractOf(state);
      if (!s || !("towerId" in command)) return undefined;
      const tower = findTower(s, command.towerId);
      return isRefusal(tower) ? tower : undefined;
    },
  },
  // Money is read-only once a contract leaves negotiation, so a billable milestone needs the terms reopened.
  aBillableMilestoneOnlyWhileTermsAreOpen: {
    words: "a billable milestone only while the terms are open",
    check: (state, command) => {
      const s = contractOf(state);
      return command.type === "AddMilestone" &&
        s &&
        command.milestone.amount &&
        !(TERMS_OPEN_STATUSES as readonly string[]).includes(s.status)
        ? refuse.invalidInput(
            "amount",
            `A billable milestone changes the money, which is read-only once a contract is ${humanize(s.status)}.`,
          )
        : undefined;
    },
  },
  theMilestoneExists: {
    words: "a milestone of the contract",
    check: (state, command) => {
      const s = contractOf(state);
      if (!s || command.type !== "CompleteMilestone") return undefined;
      const m = findMilestone(s, command.milestoneId);
      return isRefusal(m) ? m : undefined;
    },
  },
  theMilestoneIsNotDone: {
    words: "a milestone not done yet",
    check: (state, command, ctx) => {
      const s = contractOf(state);
      if (!s || command.type !== "CompleteMilestone") return undefined;
      const m = findMilestone(s, command.milestoneId);
      return !isRefusal(m) && m.doneOn !== null
        ? refuse.invalidInput(
            "milestoneId",
            `The milestone "${m.title}" was already done on ${spellDate(m.doneOn, ctx.now)}.`,
          )
        : undefined;
    },
  },
  doneOnOrBeforeToday: {
    words: "done on or before today",
    check: (_state, command, ctx) =>
      command.type === "CompleteMilestone"
        ? checkNotFuture("doneOn", command.doneOn, dateOf(ctx.now))
        : undefined,
  },
  // A contract is handed over to delivery once; the plan comes from the settings.
  notHandedOverYet: {
    words: "not handed over yet",
    check: (state, _command, ctx) => {
      const s = contractOf(state);
      return s && s.handedOverAt !== null
        ? refuse.invalidInput(
            "handover",
            `This contract was handed over to delivery on ${spellDate(s.handedOverAt, ctx.now)}.`,
          )
        : undefined;
    },
  },
  inTheContractsCurrency: {
    words: "an amount in the contract's currency",
    check: (state, command) => {
      const currency = contractOf(state)?.value.currency;
      return command.type === "SetBillingSchedule" && currency && command.amount.currency !== currency
        ? currencyMismatch(currency, command.amount.currency)
        : undefined;
    },
  },
  aPositiveAmount: {
    words: "a positive amount",
    check: (state, command) =>
      command.type === "SetBillingSchedule" && command.amount.amount <= 0
        ? refuse.invalidInput(
            "amount",
            `A period must bill a positive amount, not ${toDecimalString(command.amount)} ${contractOf(state)?.value.currency ?? command.amount.currency}.`,
          )
        : undefined,
  },
  startsWithinTheTerm: {
    words: "a first period starting within the term",
    check: (state, command, ctx) => {
      const s = contractOf(state);
      if (!s || command.type !== "SetBillingSchedule") return undefined;
      const { startsOn } = scheduleAsked(s, command);
      return startsOn < s.startDate || startsOn > s.endDate
        ? refuse.invalidInput(
            "startsOn",
            `The first period must start within the contract's term, ${spellDate(s.startDate, ctx.now)} to ${spellDate(s.endDate, ctx.now)}.`,
          )
        : undefined;
    },
  },
  afterThePeriodsBilled: {
    words: "a start after the periods already billed",
    check: (state, command) => {
      const s = contractOf(state);
      const billedThrough = s?.billingSchedule?.billedThrough;
      if (!s || command.type !== "SetBillingSchedule" || !billedThrough) return undefined;
      return scheduleAsked(s, command).startsOn <= billedThrough
        ? refuse.invalidInput(
            "startsOn",
            `Periods up to ${billedThrough} are billed already: the schedule may change from ${addDays(billedThrough, 1)} on.`,
          )
        : undefined;
    },
  },
  noMoreThanTheValue: {
    words: "no more than the contract's value while its terms are open",
    check: (state, command) => {
      const s = contractOf(state);
      if (!s || command.type !== "SetBillingSchedule") return undefined;
      if (!(TERMS_OPEN_STATUSES as readonly string[]).includes(s.status)) return undefined;
      const periods = retainerPeriods(s.id, scheduleAsked(s, command), s.endDate);
      const total = periods.reduce((sum, p) => sum + p.amount.amount, 0);
      return total > s.value.amount
        ? refuse.invalidInput(
            "amount",
            `${periods.length} ${command.period} periods bill ${formatMoney({ amount: total, currency: s.value.currency })}, more than the contract's value of ${formatMoney(s.value)}.`,
          )
        : undefined;
    },
  },
  aBillingSchedule: {
    words: "a billing schedule",
    check: (state) =>
      contractOf(state)?.billingSchedule === null
        ? refuse.invalidInput("billingSchedule", "This contract has no billing schedule.")
        : undefined,
  },
  aPeriodDue: {
    words: "a period whose issue day has come",
    check: (state, _command, ctx) => {
      const s = contractOf(state);
      if (!s || dueRetainerPeriods(s, dateOf(ctx.now)).length > 0) return undefined;
      const next = nextRetainerPeriod(s);
      return next === null
        ? refuse.invalidInput(
            "billingSchedule",
            `Every period up to the contract's end, ${spellDate(s.endDate, ctx.now)}, is billed.`,
          )
        : refuse.notYetDue(`bill the period ${next.start} to ${next.end}`, next.issueOn);
    },
  },
  towersAddUp: {
    words: "towers that add up to the value",
    check: (state) => {
      const s = contractOf(state);
      return s ? checkTowersAddUp(s) : undefined;
    },
  },
  someoneMayApprove: {
    words: "someone with the authority to approve it",
    check: (state, _command, ctx) => {
      const s = contractOf(state);
      if (!s) return undefined;
      const route = routeApproval(s, ctx.approvalAuthority);
      return route.ok ? undefined : route.error;
    },
  },
  notApprovedYet: {
    words: "not approved by this member yet",
    check: (state, _command, ctx) =>
      contractOf(state)?.approvals.some((a) => a.memberId === ctx.actor.memberId)
        ? refuse.alreadyApproved(ctx.actor.memberId)
        : undefined,
  },
  anApprovalStillNeeded: {
    words: "an approval still needed",
    check: (state, _command, ctx) => {
      const s = contractOf(state);
      return s && pendingApprovals(s, ctx.approvalAuthority).length === 0
        ? refuse.notAnApprover(ctx.actor.memberId, ctx.actor.role, "every approval it needs is already in")
        : undefined;
    },
  },
  theApproversAuthorityCovers: {
    words: "an approver whose authority covers it",
    check: (state, _command, ctx) => {
      const s = contractOf(state);
      const { memberId, role } = ctx.actor;
      if (!s || canApprove(role, s, ctx.approvalAuthority)) return undefined;
      const why = ctx.approvalAuthority.some((a) => a.role === role)
        ? `as ${humanize(role)} your authority does not cover ${formatMoney(s.value)} at a ${s.discountPercent}% discount`
        : `as ${humanize(role)} you hold no approval authority`;
      return refuse.notAnApprover(memberId, role, why);
    },
  },
  aReason: aReasonTo<ContractCommand>({
    SendBack: "send the contract back",
    Terminate: "terminate the contract",
    Withdraw: "withdraw the contract",
  }),
  everyApprovalIn: {
    words: "every required approval",
    check: (state, _command, ctx) => {
      const s = contractOf(state);
      const pending = s ? pendingApprovals(s, ctx.approvalAuthority) : [];
      return pending.length > 0 ? refuse.approvalsPending(pending) : undefined;
    },
  },
  signedOnOrBeforeToday: {
    words: "signed on or before today",
    check: (_state, command, ctx) => {
      const today = dateOf(ctx.now);
      return command.type === "Sign"
        ? checkNotFuture("signedOn", command.signedOn ?? today, today)
        : undefined;
    },
  },
  onOrAfterTheStartDate: {
    words: "on or after the start date",
    check: (state, _command, ctx) => {
      const s = contractOf(state);
      return s ? notBefore("activate the contract", activationDueOn(s), dateOf(ctx.now)) : undefined;
    },
  },
  theNoticeWindowHasOpened: {
    words: "on or after the day the notice window opens",
    check: (state, _command, ctx) => {
      const s = contractOf(state);
      return s
        ? notBefore("enter the notice window", noticeWindowOpensOn(s, ctx.renewals), dateOf(ctx.now))
        : undefined;
    },
  },
  renewsTacitly: {
    words: "a contract that renews tacitly",
    check: (state, _command, ctx) => {
      const s = contractOf(state);
      return s && !s.autoRenewal
        ? refuse.invalidInput(
            "autoRenewal",
            `This contract does not renew by itself: it ends on ${spellDate(s.endDate, ctx.now)}.`,
          )
        : undefined;
    },
  },
  noticeNotGivenYet: {
    words: "notice not given yet",
    check: (state, _command, ctx) => {
      const s = contractOf(state);
      return s && s.nonRenewalNoticeAt !== null
        ? refuse.invalidInput(
            "notice",
            `Notice of non-renewal was already given on ${spellDate(s.nonRenewalNoticeAt, ctx.now)}.`,
          )
        : undefined;
    },
  },
  onOrBeforeTheNoticeDeadline: {
    words: "on or before the notice deadline",
    check: (state, _command, ctx) => {
      const s = contractOf(state);
      if (!s) return undefined;
      const deadline = noticeDeadline(s.endDate, s.noticePeriod);
      return dateOf(ctx.now) > deadline
        ? refuse.invalidInput(
            "noticeDeadline",
            `The notice deadline passed on ${spellDate(deadline, ctx.now)}: the contract renews on ${spellDate(nextTacitTerm(s).renewsOn, ctx.now)}.`,
          )
        : undefined;
    },
  },
  noRenewalDealYet: {
    words: "no renewal deal linked yet",
    check: (state) => {
      const s = contractOf(state);
      return s && s.renewalOpportunityId !== null
        ? refuse.invalidInput(
            "opportunityId",
            `This contract's renewal is already tracked by deal ${s.renewalOpportunityId}.`,
          )
        : undefined;
    },
  },
  renewedByAnother: {
    words: "renewed by another contract",
    check: (state, command) =>
      command.type === "MarkRenewed" && command.renewedById === contractOf(state)?.id
        ? refuse.invalidInput("renewedById", "A contract cannot be renewed by itself.")
        : undefined,
  },
  aTacitRenewalStands: {
    words: "auto-renewal and no notice given",
    check: (state, _command, ctx) => {
      const s = contractOf(state);
      if (!s || tacitRenewalDueOn(s) !== null) return undefined;
      const why = s.autoRenewal
        ? `Notice of non-renewal was given: the contract expires after ${spellDate(s.endDate, ctx.now)} instead.`
        : "This contract does not renew by itself.";
      return refuse.invalidInput("autoRenewal", why);
    },
  },
  aRenewedTermInRange: {
    words: "a renewed term within the dates kept",
    check: (state) => {
      const s = contractOf(state);
      if (!s) return undefined;
      const next = nextTacitTerm(s);
      return isInDateRange(next.newEndDate)
        ? undefined
        : termPastRange("renewalTerm", next.renewsOn, next.newEndDate);
    },
  },
  afterTheNoticeDeadline: {
    words: "after the notice deadline",
    check: (state, _command, ctx) => {
      const s = contractOf(state);
      const due = s ? tacitRenewalDueOn(s) : null;
      return due === null ? undefined : notBefore("renew the contract tacitly", due, dateOf(ctx.now));
    },
  },
  noTacitRenewal: {
    words: "no tacit renewal (none agreed, or notice given)",
    check: (state, _command, ctx) => {
      const s = contractOf(state);
      if (!s || expiryDueOn(s) !== null) return undefined;
      const deadline = noticeDeadline(s.endDate, s.noticePeriod);
      return refuse.invalidInput(
        "autoRenewal",
        `This contract renews by itself unless notice is given by ${spellDate(deadline, ctx.now)}.`,
      );
    },
  },
  afterTheEndDate: {
    words: "after the end date",
    check: (state, _command, ctx) => {
      const s = contractOf(state);
      const due = s ? expiryDueOn(s) : null;
      return due === null ? undefined : notBefore("expire the contract", due, dateOf(ctx.now));
    },
  },
} as const satisfies Guards;

/** The name of one of the contract machine's guards. */
export type ContractGuard = keyof typeof contractGuards;
