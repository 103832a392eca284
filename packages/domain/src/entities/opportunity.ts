import { z } from "zod";
import { type CalendarDate, CalendarDateSchema, TimestampSchema } from "../kernel/calendar-date.ts";
import {
  AccountIdSchema,
  ContactIdSchema,
  ContractIdSchema,
  MemberIdSchema,
  OpportunityIdSchema,
  PipelineIdSchema,
  StageIdSchema,
} from "../kernel/ids.ts";
import { MoneySchema } from "../kernel/money.ts";
import { text } from "../kernel/text.ts";
import { sourceFields } from "./imported-from.ts";
import { ForecastCategorySchema, OpportunityTypeSchema } from "./pipeline.ts";
import { ServiceLineNameSchema } from "./service-line.ts";

export const OPPORTUNITY_STATUSES = ["open", "won", "lost"] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];

/** A probability set by hand, with the reason; it lasts until the deal changes stage. */
export const ProbabilityOverrideSchema = z.strictObject({
  probability: z.number().int().min(0).max(100),
  reason: text().trim().min(1).max(2_000),
});
export type ProbabilityOverride = z.infer<typeof ProbabilityOverrideSchema>;

export const ProposalSchema = z
  .strictObject({
    amount: MoneySchema,
    summary: text().trim().max(20_000).nullable(),
    sentOn: CalendarDateSchema.nullable(),
  })
  .meta({ id: "Proposal" });
export type Proposal = z.infer<typeof ProposalSchema>;

/**
 * What happens next on a deal, in the owner's words, and by when: the one line a manager asks for in a pipeline
 * review. Set and cleared by hand; it does not move the deal.
 */
export const NextStepSchema = z
  .strictObject({
    text: text().trim().min(1, "a next step cannot be blank").max(500),
    /** By when; null: no date said. */
    dueOn: CalendarDateSchema.nullable(),
  })
  .meta({ id: "NextStep" });
export type NextStep = z.infer<typeof NextStepSchema>;

/** A short free-text label on a deal (a lead source, a service line), as the workspace writes it. */
export const DealLabelSchema = text().trim().min(1, "a label cannot be blank").max(100);

const OpportunityBase = z.strictObject({
  id: OpportunityIdSchema,
  accountId: AccountIdSchema,
  ownerId: MemberIdSchema,
  name: text().trim().min(1, "a deal needs a name").max(200),
  type: OpportunityTypeSchema,
  pipelineId: PipelineIdSchema,
  stageId: StageIdSchema,
  /** What the deal is worth; null: no amount yet (allowed while its stage does not require one). */
  amount: MoneySchema.nullable(),
  /** When it is expected to close; null: no close date yet (allowed while its stage does not require one). */
  closeDate: CalendarDateSchema.nullable(),
  /** The probability in force: the stage's, or the override's while one stands. */
  probability: z.number().int().min(0).max(100),
  probabilityOverride: ProbabilityOverrideSchema.nullable(),
  forecastCategory: ForecastCategorySchema,
  /** The client's needs, as discovered. */
  needs: z.array(text().trim().min(1).max(2_000)),
  budget: MoneySchema.nullable(),
  proposal: ProposalSchema.nullable(),
  stakeholderIds: z.array(ContactIdSchema),
  /** The contract this deal produced, once linked. */
  contractId: ContractIdSchema.nullable(),
  createdAt: TimestampSchema,
  stageEnteredAt: TimestampSchema,
  /** The last completed activity that resets the rotting clock. */
  lastActivityAt: TimestampSchema.nullable(),
  /** Where the deal came from (referral, inbound, event, partner…); null: not said. Sales metrics group by it. */
  leadSource: DealLabelSchema.nullable().default(null),
  /** The service line the deal sells (one of the firm's towers or offers); null: not said. */
  serviceLine: ServiceLineNameSchema.nullable().default(null),
  /** What happens next and by when; null: none said (and for deals recorded before deals had one). */
  nextStep: NextStepSchema.nullable().default(null),
  ...sourceFields,
});

export const OpenOpportunitySchema = OpportunityBase.extend({ status: z.literal("open") });
export const WonOpportunitySchema = OpportunityBase.extend({
  status: z.literal("won"),
  closedAt: TimestampSchema,
});
export const LostOpportunitySchema = OpportunityBase.extend({
  status: z.literal("lost"),
  closedAt: TimestampSchema,
  lossReason: text().trim().min(1).max(2_000),
});

/** A deal: open in a stage of its pipeline, or closed as won or lost. */
export const OpportunitySchema = z
  .discriminatedUnion("status", [OpenOpportunitySchema, WonOpportunitySchema, LostOpportunitySchema])
  .meta({ id: "Opportunity" });
export type Opportunity = z.infer<typeof OpportunitySchema>;
export type OpenOpportunity = z.infer<typeof OpenOpportunitySchema>;
export type WonOpportunity = z.infer<typeof WonOpportunitySchema>;
export type LostOpportunity = z.infer<typeof LostOpportunitySchema>;

/**
 * Past its close date is derived, never stored: an open deal whose expected close day has gone by (today is not
 * yet past it). A closed deal, or one without a close date, never is.
 */
export function isPastCloseDate(
  deal: Pick<Opportunity, "status" | "closeDate">,
  today: CalendarDate,
): boolean {
  return deal.status === "open" && deal.closeDate !== null && deal.closeDate < today;
}
