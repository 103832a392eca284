import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  contractCtx,
  createContract,
  d,
  defaultRenewals,
  on,
  signedContract,
  withStatus,
} from "../../testing/contract.fixtures.ts";
import { T0 } from "../../testing/fixtures.ts";
import type { Contract } from "../entities/contract.ts";
import {
  addDays,
  type Duration,
  fromDayNumber,
  type Timestamp,
  toDayNumber,
} from "../kernel/calendar-date.ts";
import { run } from "../kernel/machine.ts";
import { contractMachine } from "../machines/contract.machine.ts";
import {
  describeDuration,
  dueContractCommands,
  noticeDeadline,
  remindersDue,
  renewalSchedule,
  sweepMomentRefusal,
  termEndDate,
} from "./renewal-schedule.ts";

const months = (count: number): Duration => ({ unit: "months", count });
const days = (count: number): Duration => ({ unit: "days", count });

// c1: 12 months from 2027-01-01 to 2027-12-31, 3 months' notice, renews tacitly.
const c1 = (overrides: Partial<Contract> = {}): Contract => ({ ...signedContract(), ...overrides });

describe("termEndDate", () => {
  it("ends the day before the same date a term later", () => {
    expect(termEndDate(d("2027-01-01"), months(12))).toBe("2027-12-31");
  });

  it("ends a year from 1 March 2027 on the leap day 2028-02-29", () => {
    expect(termEndDate(d("2027-03-01"), months(12))).toBe("2028-02-29");
  });

  it("ends 12 months from 2027-02-28 on 2028-02-27", () => {
    expect(termEndDate(d("2027-02-28"), months(12))).toBe("2028-02-27");
  });

  it("ends a year from the leap day on the last day of February", () => {
    expect(termEndDate(d("2028-02-29"), months(12))).toBe("2029-02-28");
  });

  it("ends a month from 31 January on the last day of February, when 31 February does not exist", () => {
    expect(termEndDate(d("2027-01-31"), months(1))).toBe("2027-02-28");
  });

  it("ends a month from 28 January on 27 February", () => {
    expect(termEndDate(d("2027-01-28"), months(1))).toBe("2027-02-27");
  });

  it("counts days inclusively: 30 days from 1 January end on 30 January", () => {
    expect(termEndDate(d("2027-01-01"), days(30))).toBe("2027-01-30");
  });
});

describe("noticeDeadline", () => {
  it("is 3 months before 2027-05-31 on 2027-02-28", () => {
    expect(noticeDeadline(d("2027-05-31"), months(3))).toBe("2027-02-28");
  });

  it("runs end of month to end of month: 3 months before 2027-06-30 is 2027-03-31", () => {
    expect(noticeDeadline(d("2027-06-30"), months(3))).toBe("2027-03-31");
  });

  it("is 3 months before a term ending 2028-02-29 on 2027-11-30", () => {
    expect(noticeDeadline(d("2028-02-29"), months(3))).toBe("2027-11-30");
  });

  it("lands on the leap day when it is the last day of February: 3 months before 2028-05-31", () => {
    expect(noticeDeadline(d("2028-05-31"), months(3))).toBe("2028-02-29");
  });

  it("leaves a whole month before a term ending 2027-03-29: due by 2027-02-27", () => {
    expect(noticeDeadline(d("2027-03-29"), months(1))).toBe("2027-02-27");
  });

  it("counts days back from the end", () => {
    expect(noticeDeadline(d("2027-12-31"), days(30))).toBe("2027-12-01");
  });

  it("is the end date itself when no notice is needed", () => {
    expect(noticeDeadline(d("2027-12-31"), months(0))).toBe("2027-12-31");
  });

  it("for any end and notice, is the last day from which the whole notice period fits before the end", () => {
    const notice = fc.oneof(
      fc.integer({ min: 0, max: 36 }).map(months),
      fc.integer({ min: 0, max: 800 }).map(days),
    );
    const day = fc.integer({ min: toDayNumber(d("2026-01-01")), max: toDayNumber(d("2035-12-31")) });
    fc.assert(
      fc.property(day, notice, (n, period) => {
        const end = fromDayNumber(n);
        const deadline = noticeDeadline(end, period);
        expect(termEndDate(addDays(deadline, 1), period) <= end).toBe(true);
        expect(termEndDate(addDays(deadline, 2), period) > end).toBe(true);
      }),
    );
  });
});

describe("renewalSchedule", () => {
  // Its sentences spell dates as read on a day of 2027: this year's without the year, the next year's with it.
  const TODAY = d("2027-03-01");
  const schedule = renewalSchedule(c1(), defaultRenewals, TODAY);

  it("gives the end, the notice deadline and the window, each with what it came from", () => {
    expect(schedule.endDate).toEqual({
      on: "2027-12-31",
      because: "the last day of 12 months from 1 Jan",
    });
    expect(schedule.noticeDeadline).toEqual({
      on: "2027-09-30",
      because: "the last day to give notice of 3 months before the end on 31 Dec",
    });
    expect(schedule.windowOpensOn).toEqual({
      on: "2027-06-02",
      because: "120 days before the notice deadline on 30 Sep",
    });
  });

  it("gives the tacit renewal: the day after the end, the new end, and when the client must be told", () => {
    expect(schedule.tacitRenewal).toEqual({
      renewsOn: { on: "2028-01-01", because: "the day after the end on 31 Dec, unless notice is given" },
      newEndDate: { on: "2028-12-31", because: "12 months from 1 Jan 2028" },
      clientMustBeToldBy: { on: "2027-12-02", because: "30 days before the tacit renewal on 1 Jan 2028" },
    });
  });

  it("renews for the renewal term when one is set", () => {
    const s = renewalSchedule(c1({ renewalTerm: months(6) }), defaultRenewals, TODAY);
    expect(s.tacitRenewal?.newEndDate.on).toBe("2028-06-30");
  });

  it("has no tacit renewal without auto-renewal", () => {
    expect(renewalSchedule(c1({ autoRenewal: false }), defaultRenewals, TODAY).tacitRenewal).toBeNull();
  });

  it("has no tacit renewal once notice has been given", () => {
    expect(renewalSchedule(c1({ nonRenewalNoticeAt: T0 }), defaultRenewals, TODAY).tacitRenewal).toBeNull();
  });

  it("says when the end date comes from a renewal rather than the first term", () => {
    expect(renewalSchedule(c1({ endDate: d("2028-12-31") }), defaultRenewals, TODAY).endDate.because).toBe(
      "the last day of the current tacit renewal",
    );
  });

  it("sets the reminders before the deadline, earliest first", () => {
    expect(schedule.reminders.map((r) => [r.on, r.daysBeforeDeadline])).toEqual([
      ["2027-06-02", 120],
      ["2027-07-02", 90],
      ["2027-08-01", 60],
      ["2027-08-31", 30],
      ["2027-09-16", 14],
      ["2027-09-23", 7],
      ["2027-09-29", 1],
    ]);
  });

  it("drops reminders that would fall before the contract starts, and repeated offsets", () => {
    const short = c1({ endDate: d("2027-03-31"), term: months(3), noticePeriod: months(1) });
    const s = renewalSchedule(short, { ...defaultRenewals, reminderOffsetsDays: [30, 60, 14, 30] }, TODAY);
    expect(s.reminders.map((r) => r.daysBeforeDeadline)).toEqual([30, 14]);
  });

  it("for any contract and offsets, keeps reminders on or before the deadline, on or after the start, sorted", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 12 }),
        fc.array(fc.integer({ min: 0, max: 730 }), { maxLength: 8 }),
        (termMonths, noticeMonths, offsets) => {
          const start = d("2027-01-31");
          const c = c1({
            startDate: start,
            term: months(termMonths),
            endDate: termEndDate(start, months(termMonths)),
            noticePeriod: months(noticeMonths),
          });
          const s = renewalSchedule(c, { ...defaultRenewals, reminderOffsetsDays: offsets }, TODAY);
          const dates = s.reminders.map((r) => r.on);
          expect(dates).toEqual([...dates].sort());
          for (const r of s.reminders) {
            expect(r.on <= s.noticeDeadline.on && r.on >= start).toBe(true);
          }
        },
      ),
    );
  });
});

describe("remindersDue", () => {
  const active = withStatus(c1(), "active");

  it("returns the reminders falling in the range, both ends included", () => {
    const due = remindersDue(active, d("2027-07-02"), d("2027-08-31"), defaultRenewals);
    expect(due.map((r) => r.daysBeforeDeadline)).toEqual([90, 60, 30]);
  });

  it("returns none for a contract not yet signed or already ended", () => {
    expect(
      remindersDue(withStatus(c1(), "draft"), d("2027-01-01"), d("2027-12-31"), defaultRenewals),
    ).toEqual([]);
    expect(
      remindersDue(withStatus(c1(), "expired"), d("2027-01-01"), d("2027-12-31"), defaultRenewals),
    ).toEqual([]);
  });

  it("returns none once notice of non-renewal was given", () => {
    const noticed = { ...active, nonRenewalNoticeAt: T0 };
    expect(remindersDue(noticed, d("2027-01-01"), d("2027-12-31"), defaultRenewals)).toEqual([]);
  });
});

describe("dueContractCommands", () => {
  const due = (c: Contract, day: string) =>
    dueContractCommands(c, d(day), defaultRenewals).map((x) => x.type);

  it("activates a signed contract on its start date, not before", () => {
    expect(due(c1(), "2026-12-31")).toEqual([]);
    expect(due(c1(), "2027-01-01")).toEqual(["Activate"]);
  });

  it("enters the notice window on the day it opens, not before", () => {
    expect(due(withStatus(c1(), "active"), "2027-06-01")).toEqual([]);
    expect(due(withStatus(c1(), "active"), "2027-06-02")).toEqual(["EnterNoticeWindow"]);
  });

  it("renews tacitly the day after the notice deadline, not on it", () => {
    expect(due(withStatus(c1(), "expiring"), "2027-09-30")).toEqual([]);
    expect(due(withStatus(c1(), "expiring"), "2027-10-01")).toEqual(["ApplyTacitRenewal"]);
  });

  it("expires the day after the end when notice was given, not on the end date", () => {
    const noticed = { ...withStatus(c1(), "expiring"), nonRenewalNoticeAt: T0 };
    expect(due(noticed, "2027-12-31")).toEqual([]);
    expect(due(noticed, "2028-01-01")).toEqual(["Expire"]);
  });

  it("expires a contract without auto-renewal", () => {
    expect(due(withStatus(c1({ autoRenewal: false }), "expiring"), "2028-01-01")).toEqual(["Expire"]);
  });

  it("catches up on every move a late sweep missed, in order", () => {
    expect(due(c1({ autoRenewal: false }), "2028-03-01")).toEqual([
      "Activate",
      "EnterNoticeWindow",
      "Expire",
    ]);
    expect(due(c1(), "2028-10-01")).toEqual([
      "Activate",
      "EnterNoticeWindow",
      "ApplyTacitRenewal",
      "EnterNoticeWindow",
      "ApplyTacitRenewal",
    ]);
  });

  it("has nothing for contracts in other statuses", () => {
    for (const status of ["draft", "pending_approval", "expired", "renewed", "terminated"] as const) {
      expect(due(withStatus(c1(), status), "2030-01-01")).toEqual([]);
    }
  });

  it("is what the machine accepts, and asking again after applying it returns nothing", () => {
    const notice = fc.oneof(
      fc.integer({ min: 0, max: 6 }).map(months),
      fc.integer({ min: 0, max: 120 }).map(days),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1500 }),
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 24 }).map(months), { nil: null }),
        notice,
        fc.integer({ min: 1, max: 36 }),
        (offset, autoRenewal, renewalTerm, noticePeriod, termMonths) => {
          const create = createContract({ autoRenewal, renewalTerm, noticePeriod, term: months(termMonths) });
          const created = run(contractMachine, contractMachine.initial, create, contractCtx());
          if (!created.ok) return; // a notice longer than the term is refused at creation
          let state: Contract = signedContract(create);
          const today = addDays(d("2026-12-01"), offset);
          const ctx = contractCtx({ now: on(today) });
          for (const command of dueContractCommands(state, today, defaultRenewals)) {
            const r = run(contractMachine, state, command, ctx);
            if (!r.ok) throw new Error(`${command.type}: ${r.error.message}`);
            state = r.value.state as Contract;
          }
          expect(dueContractCommands(state, today, defaultRenewals)).toEqual([]);
        },
      ),
    );
  });
});

describe("describeDuration", () => {
  it("writes one and many", () => {
    expect([describeDuration(months(1)), describeDuration(days(30))]).toEqual(["1 month", "30 days"]);
  });
});

describe("sweepMomentRefusal", () => {
  const now = "2026-12-06T20:00:00.000Z" as Timestamp;
  it("takes any moment up to a year and a day ahead, and any past one", () => {
    expect(sweepMomentRefusal("2027-12-07T23:59:59.999Z" as Timestamp, now)).toBeUndefined();
    expect(sweepMomentRefusal("1900-01-01T00:00:00.000Z" as Timestamp, now)).toBeUndefined();
    expect(sweepMomentRefusal(now, now)).toBeUndefined();
  });
  it("refuses a moment further ahead, naming `at`, the limit and the date asked for", () => {
    expect(sweepMomentRefusal("2027-12-08T00:00:00.000Z" as Timestamp, now)).toEqual({
      _tag: "InvalidInput",
      field: "at",
      message:
        "A sweep may look at most 366 days ahead, to 2027-12-07: 2027-12-08 is later. A sweep applies every move due until its moment, renewals term after term included.",
    });
    expect(sweepMomentRefusal("2999-12-31T23:59:59.999Z" as Timestamp, now)?.field).toBe("at");
  });
});
