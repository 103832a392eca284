// Renewals and notice deadlines due in a range of days: the binding contracts whose notice deadline, notice
// window, client-notice date or reminders fall in it, soonest notice deadline first.
import {
  AccountIdSchema,
  BINDING_CONTRACT_STATUSES,
  type CalendarDate,
  CalendarDateSchema,
  ContractSchema,
  MemberIdSchema,
  remindersDue,
  renewalSchedule,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { eq, gte, inArray } from "drizzle-orm";
import { z } from "zod";
import { type Scope, selectRows } from "../scope.ts";
import { parseEach } from "./read.ts";
import { RenewalReminderSchema, RenewalScheduleSchema, readonlyArray } from "./report-schemas.ts";
import { type QueryResult, queryOk } from "./result.ts";

export const RenewalsDueOptionsSchema = z
  .strictObject({
    /** First day of the range, included. */
    from: CalendarDateSchema,
    /** Last day of the range, included. */
    to: CalendarDateSchema,
    accountId: AccountIdSchema.optional(),
    ownerId: MemberIdSchema.optional(),
  })
  .refine((o) => o.from <= o.to, { message: "the range ends before it starts", path: ["to"] });
export type RenewalsDueOptions = z.input<typeof RenewalsDueOptionsSchema>;

/** A binding contract with a renewal date in the range, the schedule behind it, and which dates fall in it. */
export const RenewalDueSchema = z
  .object({
    contract: ContractSchema,
    schedule: RenewalScheduleSchema,
    noticeDeadlineInRange: z.boolean(),
    windowOpensInRange: z.boolean(),
    /** The date by which the client must be told of a tacit renewal falls in the range. */
    clientNoticeInRange: z.boolean(),
    reminders: readonlyArray(RenewalReminderSchema),
  })
  .meta({ id: "RenewalDue" });
export type RenewalDue = z.output<typeof RenewalDueSchema>;

export const RenewalsDueReportSchema = z
  .object({
    from: CalendarDateSchema,
    to: CalendarDateSchema,
    /** By notice deadline, then contract id. */
    contracts: readonlyArray(RenewalDueSchema),
  })
  .meta({
    id: "RenewalsDueReport",
    description: "Contracts with a notice deadline, renewal window, client notice or reminder in [from, to].",
  });
export type RenewalsDueReport = z.output<typeof RenewalsDueReportSchema>;

const within = (d: CalendarDate, from: CalendarDate, to: CalendarDate) => d >= from && d <= to;

/**
 * The renewals due from `from` to `to` (see {@link RenewalDue}). Contracts whose notice of non-renewal was
 * given are left out: their deadline no longer matters (as the domain's `remindersDue` holds).
 */
export async function renewalsDueReport(
  scope: Scope,
  options: z.output<typeof RenewalsDueOptionsSchema>,
): Promise<QueryResult<RenewalsDueReport>> {
  const { from, to } = options;
  const c = schema.contracts;
  // Every renewal date lies on or before the end date, so contracts ending before the range have none in it
  // (contracts_status_end_idx serves this).
  const rows = await selectRows(
    scope,
    c,
    { data: c.data },
    {
      where: [
        inArray(c.status, [...BINDING_CONTRACT_STATUSES]),
        gte(c.endDate, from),
        options.accountId === undefined ? undefined : eq(c.accountId, options.accountId),
        options.ownerId === undefined ? undefined : eq(c.ownerId, options.ownerId),
      ],
    },
  );
  const renewals = scope.settings.renewals;
  const due: RenewalDue[] = [];
  for (const contract of parseEach(ContractSchema, rows)) {
    if (contract.nonRenewalNoticeAt !== null) continue;
    const schedule = renewalSchedule(contract, renewals, from);
    const item: RenewalDue = {
      contract,
      schedule,
      noticeDeadlineInRange: within(schedule.noticeDeadline.on, from, to),
      windowOpensInRange: within(schedule.windowOpensOn.on, from, to),
      clientNoticeInRange:
        schedule.tacitRenewal !== null && within(schedule.tacitRenewal.clientMustBeToldBy.on, from, to),
      reminders: remindersDue(contract, from, to, renewals),
    };
    if (
      item.noticeDeadlineInRange ||
      item.windowOpensInRange ||
      item.clientNoticeInRange ||
      item.reminders.length > 0
    )
      due.push(item);
  }
  due.sort((a, b) => {
    const da = a.schedule.noticeDeadline.on;
    const db = b.schedule.noticeDeadline.on;
    return da < db ? -1 : da > db ? 1 : a.contract.id < b.contract.id ? -1 : 1;
  });
  return queryOk({ from, to, contracts: due });
}
