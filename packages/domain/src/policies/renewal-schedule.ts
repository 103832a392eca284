import type { Contract } from "../entities/contract.ts";
import type { RenewalSettings } from "../entities/settings.ts";
import {
  addDays,
  addMonths,
  type CalendarDate,
  type Duration,
  dateOf,
  daysBetween,
  type Timestamp,
  toParts,
} from "../kernel/calendar-date.ts";
import { type InvalidInput, refuse } from "../kernel/refusal.ts";
import { invariant } from "../kernel/result.ts";
import { spellDate } from "../kernel/spell-date.ts";
import type { AutomaticContractCommand } from "../machines/contract.commands.ts";

// When a contract's dates fall: its end, the notice deadline (the date the AE must not miss), the notice
// window, the tacit renewal and the reminders. The contract machine's time-driven guards and the service's
// sweep both read the due dates below, so what the sweep issues is exactly what the machine accepts.

/** The contract fields the schedule is computed from. */
export type ScheduledContract = Pick<
  Contract,
  "startDate" | "endDate" | "term" | "noticePeriod" | "autoRenewal" | "renewalTerm" | "nonRenewalNoticeAt"
>;

/** A date of the schedule and, in words, what it came from. */
export interface ScheduledDate {
  readonly on: CalendarDate;
  readonly because: string;
}

/** A reminder to the account team ahead of the notice deadline. */
export interface RenewalReminder extends ScheduledDate {
  readonly daysBeforeDeadline: number;
}

/** Every date that matters for a contract's renewal, each with its reason. */
export interface RenewalSchedule {
  readonly endDate: ScheduledDate;
  readonly noticeDeadline: ScheduledDate;
  readonly windowOpensOn: ScheduledDate;
  /** Null when the contract does not renew by itself: no auto-renewal, or notice was given. */
  readonly tacitRenewal: null | {
    readonly renewsOn: ScheduledDate;
    readonly newEndDate: ScheduledDate;
    readonly clientMustBeToldBy: ScheduledDate;
  };
  /** Earliest first; only those on or after the contract's start. */
  readonly reminders: readonly RenewalReminder[];
}

/** "12 months", "1 day". */
export function describeDuration(d: Duration): string {
  const unit = d.unit === "days" ? "day" : "month";
  return `${d.count} ${unit}${d.count === 1 ? "" : "s"}`;
}

/**
 * The last day of a term that starts on `start`: the day before the same date `term` later. When that date
 * does not exist (a month from 31 January, a year from 29 February), the term runs through the last day of
 * the target month, so a year from 2028-02-29 ends on 2029-02-28 and the next term starts on 1 March.
 */
export function termEndDate(start: CalendarDate, term: Duration): CalendarDate {
  if (term.unit === "days") return addDays(start, term.count - 1);
  const same = addMonths(start, term.count); // clamps a missing day to the month's last
  return toParts(same).day === toParts(start).day ? addDays(same, -1) : same;
}

/**
 * The last day on which notice may be given: the whole notice period, counted from the next day as a term is
 * (see `termEndDate`), must fit before the end. So 3 months' notice before 2027-05-31 is due by 2027-02-28, and
 * before 2027-06-30 by 2027-03-31 (end of month to end of month), not a day earlier.
 */
export function noticeDeadline(endDate: CalendarDate, noticePeriod: Duration): CalendarDate {
  if (noticePeriod.unit === "days") return addDays(endDate, -noticePeriod.count);
  const fits = (from: CalendarDate) => termEndDate(from, noticePeriod) <= endDate;
  // Counting months back from the day after the end lands within a day or two of the answer (a month-end
  // clamp can move it); termEndDate never decreases as its start moves later, so step to the last start that fits.
  let from = addMonths(addDays(endDate, 1), -noticePeriod.count);
  while (!fits(from)) from = addDays(from, -1);
  while (fits(addDays(from, 1))) from = addDays(from, 1);
  return addDays(from, -1);
}

/** The length of each tacit renewal: the renewal term if one is set, else the initial term. */
export const renewalLength = (c: Pick<Contract, "term" | "renewalTerm">): Duration => c.renewalTerm ?? c.term;

/** Whether the contract will renew by itself: auto-renewal, and no notice of non-renewal given. */
export const renewsTacitly = (c: Pick<Contract, "autoRenewal" | "nonRenewalNoticeAt">): boolean =>
  c.autoRenewal && c.nonRenewalNoticeAt === null;

/** The first day and the new end of the next tacit renewal. */
export function nextTacitTerm(c: ScheduledContract): { renewsOn: CalendarDate; newEndDate: CalendarDate } {
  const renewsOn = addDays(c.endDate, 1);
  return { renewsOn, newEndDate: termEndDate(renewsOn, renewalLength(c)) };
}

/** The day the contract enters its notice window: `noticeWindowDays` before the notice deadline. */
export function noticeWindowOpensOn(c: ScheduledContract, renewals: RenewalSettings): CalendarDate {
  return addDays(noticeDeadline(c.endDate, c.noticePeriod), -renewals.noticeWindowDays);
}

/** The first day a signed contract may be activated: its start date. */
export const activationDueOn = (c: ScheduledContract): CalendarDate => c.startDate;

/** The first day a tacit renewal applies (the day after the notice deadline); null if it will not renew. */
export function tacitRenewalDueOn(c: ScheduledContract): CalendarDate | null {
  return renewsTacitly(c) ? addDays(noticeDeadline(c.endDate, c.noticePeriod), 1) : null;
}

/** The first day the contract expires (the day after its end); null while it would renew tacitly instead. */
export function expiryDueOn(c: ScheduledContract): CalendarDate | null {
  return renewsTacitly(c) ? null : addDays(c.endDate, 1);
}

/** The contract's renewal dates, each with what it came from (its dates spelt as read on `today`). */
export function renewalSchedule(
  c: ScheduledContract,
  renewals: RenewalSettings,
  today: CalendarDate,
): RenewalSchedule {
  const day = (d: CalendarDate) => spellDate(d, today);
  const deadline = noticeDeadline(c.endDate, c.noticePeriod);
  const notice = describeDuration(c.noticePeriod);
  const opens = addDays(deadline, -renewals.noticeWindowDays);
  const tacit = renewsTacitly(c) ? nextTacitTerm(c) : null;
  return {
    endDate: {
      on: c.endDate,
      because:
        c.endDate === termEndDate(c.startDate, c.term)
          ? `the last day of ${describeDuration(c.term)} from ${day(c.startDate)}`
          : "the last day of the current tacit renewal",
    },
    noticeDeadline: {
      on: deadline,
      because: `the last day to give notice of ${notice} before the end on ${day(c.endDate)}`,
    },
    windowOpensOn: {
      on: opens,
      because: `${renewals.noticeWindowDays} days before the notice deadline on ${day(deadline)}`,
    },
    tacitRenewal: tacit && {
      renewsOn: {
        on: tacit.renewsOn,
        because: `the day after the end on ${day(c.endDate)}, unless notice is given`,
      },
      newEndDate: {
        on: tacit.newEndDate,
        because: `${describeDuration(renewalLength(c))} from ${day(tacit.renewsOn)}`,
      },
      clientMustBeToldBy: {
        on: addDays(tacit.renewsOn, -renewals.clientNoticeDays),
        because: `${renewals.clientNoticeDays} days before the tacit renewal on ${day(tacit.renewsOn)}`,
      },
    },
    reminders: reminders(c.startDate, deadline, renewals.reminderOffsetsDays, today),
  };
}

function reminders(
  start: CalendarDate,
  deadline: CalendarDate,
  offsets: readonly number[],
  today: CalendarDate,
): RenewalReminder[] {
  return [...new Set(offsets)]
    .sort((a, b) => b - a)
    .map((days) => ({
      on: addDays(deadline, -days),
      daysBeforeDeadline: days,
      because: `${days} days before the notice deadline on ${spellDate(deadline, today)}`,
    }))
    .filter((r) => r.on >= start);
}

const REMINDED_STATUSES: readonly Contract["status"][] = ["signed", "active", "expiring"];

/**
 * The reminders that fall from `from` to `to`, both days included. Only contracts in force get reminders,
 * and none once notice of non-renewal has been given: the deadline no longer matters.
 */
export function remindersDue(
  c: ScheduledContract & Pick<Contract, "status">,
  from: CalendarDate,
  to: CalendarDate,
  renewals: RenewalSettings,
): RenewalReminder[] {
  if (!REMINDED_STATUSES.includes(c.status) || c.nonRenewalNoticeAt !== null) return [];
  return renewalSchedule(c, renewals, from).reminders.filter((r) => r.on >= from && r.on <= to);
}

type SweptContract = ScheduledContract & Pick<Contract, "status">;

function nextAutomaticMove(
  c: SweptContract,
  today: CalendarDate,
  renewals: RenewalSettings,
): { command: AutomaticContractCommand; after: SweptContract } | null {
  const reached = (due: CalendarDate | null) => due !== null && today >= due;
  switch (c.status) {
    case "signed":
      return reached(activationDueOn(c))
        ? { command: { type: "Activate" }, after: { ...c, status: "active" } }
        : null;
    case "active":
      return reached(noticeWindowOpensOn(c, renewals))
        ? { command: { type: "EnterNoticeWindow" }, after: { ...c, status: "expiring" } }
        : null;
    case "expiring": {
      if (reached(tacitRenewalDueOn(c))) {
        const { newEndDate } = nextTacitTerm(c);
        // Each renewal must move the end forward, or the sweep would renew forever.
        invariant(daysBetween(c.endDate, newEndDate) > 0, `a tacit renewal must extend ${c.endDate}`);
        return {
          command: { type: "ApplyTacitRenewal" },
          after: { ...c, status: "active", endDate: newEndDate },
        };
      }
      return reached(expiryDueOn(c))
        ? { command: { type: "Expire" }, after: { ...c, status: "expired" } }
        : null;
    }
    default:
      return null;
  }
}

/**
 * The automatic commands due on `today`, in the order they apply: each is one the contract machine accepts
 * after the ones before it. A sweep that applies them and asks again on the same day gets nothing.
 */
export function dueContractCommands(
  c: SweptContract,
  today: CalendarDate,
  renewals: RenewalSettings,
): AutomaticContractCommand[] {
  const due: AutomaticContractCommand[] = [];
  let current = c;
  for (
    let next = nextAutomaticMove(current, today, renewals);
    next;
    next = nextAutomaticMove(current, today, renewals)
  ) {
    due.push(next.command);
    current = next.after;
  }
  return due;
}

/** How far ahead of today a sweep may be run "as of" (a year and a day: a nightly job never looks further). */
export const SWEEP_HORIZON_DAYS = 366;

/**
 * Refuses a sweep moment too far ahead of today: a sweep applies every move due until then, so a year typed
 * wrong (2926 for 2026) would renew each tacitly renewing contract term after term for centuries, in one call.
 */
export function sweepMomentRefusal(at: Timestamp, now: Timestamp): InvalidInput | undefined {
  const latest = addDays(dateOf(now), SWEEP_HORIZON_DAYS);
  if (daysBetween(latest, dateOf(at)) <= 0) return undefined;
  return refuse.invalidInput(
    "at",
    `A sweep may look at most ${SWEEP_HORIZON_DAYS} days ahead, to ${latest}: ${dateOf(at)} is later. ` +
      "A sweep applies every move due until its moment, renewals term after term included.",
  );
}
