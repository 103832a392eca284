import { z } from "zod";
import { PeriodLabelSchema } from "../kernel/fiscal.ts";
import { MemberIdSchema, QuotaIdSchema } from "../kernel/ids.ts";
import { MoneySchema } from "../kernel/money.ts";

/** A `retired` quota was set in error or superseded: it stays in the history but counts in no attainment. */
export const QUOTA_STATUSES = ["set", "retired"] as const;
export const QuotaStatusSchema = z.enum(QUOTA_STATUSES).meta({ id: "QuotaStatus" });
export type QuotaStatus = z.infer<typeof QuotaStatusSchema>;

/** A sales target: what a member should close in a period ("2026-Q3", "2026", "2026-07"). */
export const QuotaSchema = z
  .strictObject({
    id: QuotaIdSchema,
    status: QuotaStatusSchema.default("set"),
    memberId: MemberIdSchema,
    period: PeriodLabelSchema,
    amount: MoneySchema.refine((m) => m.amount > 0, "a quota is a positive amount"),
  })
  .meta({ id: "Quota" });
export type Quota = z.infer<typeof QuotaSchema>;
