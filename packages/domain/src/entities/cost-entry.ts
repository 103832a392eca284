import { z } from "zod";
import { CalendarDateSchema } from "../kernel/calendar-date.ts";
import {
  AccountIdSchema,
  ContractIdSchema,
  CostEntryIdSchema,
  MemberIdSchema,
  TowerIdSchema,
} from "../kernel/ids.ts";
import { MoneySchema } from "../kernel/money.ts";
import { text } from "../kernel/text.ts";

export const COST_CATEGORIES = ["labour", "subcontractor", "media", "software", "travel", "other"] as const;
export const CostCategorySchema = z.enum(COST_CATEGORIES).meta({ id: "CostCategory" });
export type CostCategory = z.infer<typeof CostCategorySchema>;

/** A `voided` entry was booked in error: it stays in the history but counts in no P&L. */
export const COST_ENTRY_STATUSES = ["recorded", "voided"] as const;
export const CostEntryStatusSchema = z.enum(COST_ENTRY_STATUSES).meta({ id: "CostEntryStatus" });
export type CostEntryStatus = z.infer<typeof CostEntryStatusSchema>;

/** Money spent delivering for an account: on a contract, optionally on one of its towers. */
export const CostEntrySchema = z
  .strictObject({
    id: CostEntryIdSchema,
    status: CostEntryStatusSchema.default("recorded"),
    accountId: AccountIdSchema,
    contractId: ContractIdSchema.nullable(),
    towerId: TowerIdSchema.nullable(),
    date: CalendarDateSchema,
    category: CostCategorySchema,
    description: text().trim().min(1).max(500),
    amount: MoneySchema,
    /** Tracked hours behind a labour cost, if any (hours × cost rate = amount). */
    hours: z.number().nonnegative().max(100_000).nullable(),
    recordedBy: MemberIdSchema,
  })
  .refine((c) => c.towerId === null || c.contractId !== null, {
    message: "a tower cost names its contract",
    path: ["contractId"],
  })
  .meta({ id: "CostEntry" });
export type CostEntry = z.infer<typeof CostEntrySchema>;
