import { z } from "zod";
import { PipelineIdSchema, type StageId, StageIdSchema } from "../kernel/ids.ts";
import { text } from "../kernel/text.ts";
import { RoleSchema } from "./member.ts";

/** Salesforce's forecast categories; rollups over them are cumulative (see `forecast`). */
export const FORECAST_CATEGORIES = [
  "pipeline",
  "best_case",
  "most_likely",
  "commit",
  "closed",
  "omitted",
] as const;
export const ForecastCategorySchema = z.enum(FORECAST_CATEGORIES).meta({ id: "ForecastCategory" });
export type ForecastCategory = z.infer<typeof ForecastCategorySchema>;

export const OPPORTUNITY_TYPES = ["new_business", "renewal", "upsell"] as const;
export const OpportunityTypeSchema = z.enum(OPPORTUNITY_TYPES).meta({ id: "OpportunityType" });
export type OpportunityType = z.infer<typeof OpportunityTypeSchema>;

/** What a deal must show before it may leave a stage forward. */
export const EXIT_CRITERIA = [
  "need_documented",
  "budget_known",
  "decision_maker_identified",
  "proposal_amount_set",
  "signed_contract",
] as const;
export const ExitCriterionSchema = z.enum(EXIT_CRITERIA).meta({ id: "ExitCriterion" });
export type ExitCriterion = z.infer<typeof ExitCriterionSchema>;

/** What to do about each missing criterion, as a user reads it. */
export const EXIT_CRITERION_LABELS: Readonly<Record<ExitCriterion, string>> = {
  need_documented: "document at least one client need",
  budget_known: "record the client's budget",
  decision_maker_identified: "identify a decision maker among the stakeholders",
  proposal_amount_set: "set the proposal amount",
  signed_contract: "link a signed contract",
};

/**
 * The details a stage may require of the deals in it. Early deals often have neither (Pipedrive and HubSpot let
 * both be empty), so each stage says which it needs; a deal may not enter a stage while one it requires is missing.
 */
export const DEAL_DETAILS = ["amount", "closeDate"] as const;
export const DealDetailSchema = z.enum(DEAL_DETAILS).meta({ id: "DealDetail" });
export type DealDetail = z.infer<typeof DealDetailSchema>;

/** Each detail as a user reads it in a refusal ("needs an amount and a close date"). */
export const DEAL_DETAIL_LABELS: Readonly<Record<DealDetail, string>> = {
  amount: "an amount",
  closeDate: "a close date",
};

/** `open` stages hold live deals; a pipeline has exactly one `won` and one `lost` stage. */
export const STAGE_KINDS = ["open", "won", "lost"] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

export const PipelineStageSchema = z
  .strictObject({
    id: StageIdSchema,
    label: text().trim().min(1).max(80),
    kind: z.enum(STAGE_KINDS),
    /** Default probability (0–100) of deals in the stage. */
    probability: z.number().int().min(0).max(100),
    forecastCategory: ForecastCategorySchema,
    /** Days without a qualifying activity after which a deal in this stage rots; null: never. */
    rottingDays: z.number().int().min(1).max(999).nullable().default(null),
    /** Criteria a deal must meet to leave this stage for a later one. */
    exitCriteria: z.array(ExitCriterionSchema).default([]),
    /** Roles allowed to move deals into or out of this stage; empty: any role that may move deals. */
    movableBy: z.array(RoleSchema).default([]),
    /**
     * What a deal in this stage must have: an amount, a close date, both or neither. Default (a stage written
     * before stages said so): both, as every deal needed them then; the default pipelines ask neither in their
     * first stage and in the lost stage (see `defaultNewBusinessPipeline`).
     */
    requires: z
      .array(DealDetailSchema)
      .refine((d) => new Set(d).size === d.length, "each detail is required once")
      .default(["amount", "closeDate"]),
  })
  .meta({ id: "PipelineStage" });
export type PipelineStage = z.infer<typeof PipelineStageSchema>;

export const PipelineRulesSchema = z.strictObject({
  /** Forbid jumping over open stages on the way forward. */
  noSkipping: z.boolean().default(false),
  /** Forbid moving an open deal back to an earlier open stage. */
  noMovingBack: z.boolean().default(false),
  /** Stages a deal may be created in; empty: the first open stage only. */
  creationStages: z.array(StageIdSchema).default([]),
});
export type PipelineRules = z.infer<typeof PipelineRulesSchema>;

export const PipelineSchema = z
  .strictObject({
    id: PipelineIdSchema,
    name: text().trim().min(1).max(80),
    /** The deal types that use this pipeline by default. */
    opportunityTypes: z.array(OpportunityTypeSchema).min(1),
    stages: z.array(PipelineStageSchema).min(3),
    rules: PipelineRulesSchema.default({ noSkipping: false, noMovingBack: false, creationStages: [] }),
  })
  .superRefine((p, ctx) => {
    const ids = new Set<string>();
    for (const s of p.stages) {
      if (ids.has(s.id))
        ctx.addIssue({ code: "custom", message: `stage ${s.id} appears twice`, path: ["stages"] });
      ids.add(s.id);
    }
    const won = p.stages.filter((s) => s.kind === "won").length;
    const lost = p.stages.filter((s) => s.kind === "lost").length;
    if (won !== 1 || lost !== 1) {
      ctx.addIssue({
        code: "custom",
        message: "a pipeline has exactly one won and one lost stage",
        path: ["stages"],
      });
    }
    if (!p.stages.some((s) => s.kind === "open")) {
      ctx.addIssue({ code: "custom", message: "a pipeline needs at least one open stage", path: ["stages"] });
    }
    for (const id of p.rules.creationStages) {
      if (!p.stages.some((s) => s.id === id && s.kind === "open")) {
        ctx.addIssue({
          code: "custom",
          message: `creation stage ${id} is not an open stage`,
          path: ["rules"],
        });
      }
    }
  })
  .meta({ id: "Pipeline" });
export type Pipeline = z.infer<typeof PipelineSchema>;

/** The details a deal in this stage must have that it lacks (`null` amount or close date), in list order. */
export function missingDetails(
  stage: Pick<PipelineStage, "requires">,
  deal: { readonly amount: unknown; readonly closeDate: unknown },
): DealDetail[] {
  return DEAL_DETAILS.filter((d) => stage.requires.includes(d) && deal[d] === null);
}

/** The open stages in order. */
export function openStages(p: Pipeline): PipelineStage[] {
  return p.stages.filter((s) => s.kind === "open");
}

export function findStage(p: Pipeline, id: StageId): PipelineStage | undefined {
  return p.stages.find((s) => s.id === id);
}

/** The pipeline's won stage (exactly one, checked by the schema). */
export function wonStage(p: Pipeline): PipelineStage {
  return p.stages.find((s) => s.kind === "won")!;
}

/** The pipeline's lost stage (exactly one, checked by the schema). */
export function lostStage(p: Pipeline): PipelineStage {
  return p.stages.find((s) => s.kind === "lost")!;
}
