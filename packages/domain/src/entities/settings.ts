import { z } from "zod";
import { FiscalYearSettingsSchema } from "../kernel/fiscal.ts";
import { asId, type PipelineId } from "../kernel/ids.ts";
import {
  type Currency,
  CurrencySchema,
  MoneySchema,
  money,
  currency as toCurrency,
} from "../kernel/money.ts";
import { text } from "../kernel/text.ts";
import { RoleSchema } from "./member.ts";
import { type OpportunityType, type Pipeline, PipelineSchema, PipelineStageSchema } from "./pipeline.ts";
import { DEFAULT_SERVICE_LINES, ServiceLineCatalogSchema } from "./service-line.ts";

/** The most a role may approve alone; `limit: null` means no limit. */
export const ApprovalAuthoritySchema = z
  .strictObject({
    role: RoleSchema,
    limit: MoneySchema.nullable(),
    /** The largest discount (percent of list value) the role may grant; null: any. */
    maxDiscountPercent: z.number().int().min(0).max(100).nullable().default(null),
  })
  .meta({ id: "ApprovalAuthority" });
export type ApprovalAuthority = z.infer<typeof ApprovalAuthoritySchema>;

export const RenewalSettingsSchema = z
  .strictObject({
    /** Days before the notice deadline at which a contract enters its notice window (becomes `expiring`). */
    noticeWindowDays: z.number().int().min(0).max(730).default(120),
    /** Days before the notice deadline on which to remind the account team. */
    reminderOffsetsDays: z.array(z.number().int().min(0).max(730)).default([120, 90, 60, 30, 14, 7, 1]),
    /** Days before a tacit renewal by which the client must be told (30 in France). */
    clientNoticeDays: z.number().int().min(0).max(365).default(30),
    /**
     * Days from the day a renewal deal is opened to its close date when the notice deadline has already passed
     * (a contract signed or swept late): a deal never closes in the past.
     */
    renewalLeadDays: z.number().int().min(1).max(365).default(30),
  })
  .meta({ id: "RenewalSettings" });
export type RenewalSettings = z.infer<typeof RenewalSettingsSchema>;

export const HealthBandsSchema = z
  .strictObject({
    /** At or above: healthy. */
    healthy: z.number().int().min(0).max(100).default(90),
    /** At or above (and below healthy): at risk; below: critical. */
    atRisk: z.number().int().min(0).max(100).default(70),
  })
  .refine((b) => b.atRisk <= b.healthy, "the at-risk threshold cannot exceed the healthy one");
export type HealthBands = z.infer<typeof HealthBandsSchema>;

/** How invoices are drafted from contracts; a person still issues each draft. */
export const BillingSettingsSchema = z
  .strictObject({
    /** Completing a milestone with an amount drafts an invoice for it. */
    draftInvoiceOnMilestone: z.boolean().default(true),
    /** Retainers' billing schedules draft an invoice for each period as the sweep reaches it. */
    draftRetainerInvoices: z.boolean().default(true),
    /** Days from the draft's date (the milestone's completion, a retainer period's issue day) to its due date. */
    paymentTermsDays: z.number().int().min(0).max(365).default(30),
  })
  .meta({ id: "BillingSettings" });
export type BillingSettings = z.infer<typeof BillingSettingsSchema>;

/** Whom a handover task goes to: the contract's owner, each tower's account manager, or each named project manager. */
export const HANDOVER_ASSIGNEES = ["owner", "account_managers", "project_managers"] as const;
export const HandoverAssigneeSchema = z.enum(HANDOVER_ASSIGNEES).meta({ id: "HandoverAssignee" });
export type HandoverAssignee = z.infer<typeof HandoverAssigneeSchema>;

/** One kickoff task the handover creates: its title, whom it goes to, and how many days after the handover it is due. */
export const KickoffTaskTemplateSchema = z
  .strictObject({
    title: text().trim().min(1, "a kickoff task needs a title").max(200),
    assignee: HandoverAssigneeSchema,
    dueAfterDays: z.number().int().min(0).max(365),
  })
  .meta({ id: "KickoffTaskTemplate" });
export type KickoffTaskTemplate = z.infer<typeof KickoffTaskTemplateSchema>;

/** One item of the onboarding checklist: a task for the contract's owner, due some days after the handover. */
export const OnboardingItemSchema = z
  .strictObject({
    title: text().trim().min(1, "a checklist item needs a title").max(200),
    dueAfterDays: z.number().int().min(0).max(365),
  })
  .meta({ id: "OnboardingItem" });
export type OnboardingItem = z.infer<typeof OnboardingItemSchema>;

export const DEFAULT_KICKOFF_TASKS: readonly KickoffTaskTemplate[] = [
  { title: "Internal kickoff: brief the delivery team on the contract", assignee: "owner", dueAfterDays: 3 },
  { title: "Kickoff: plan your tower's start of service", assignee: "account_managers", dueAfterDays: 5 },
  {
    title: "Kickoff: draft the delivery plan and first milestones",
    assignee: "project_managers",
    dueAfterDays: 7,
  },
  { title: "Kickoff meeting with the client", assignee: "owner", dueAfterDays: 10 },
];

export const DEFAULT_ONBOARDING_CHECKLIST: readonly OnboardingItem[] = [
  { title: "Share the signed contract and its terms with the account team", dueAfterDays: 1 },
  { title: "Confirm the client's billing contact and invoicing details", dueAfterDays: 5 },
  { title: "Introduce the account team to the client's stakeholders", dueAfterDays: 10 },
  { title: "Agree the reporting cadence and the first review date", dueAfterDays: 14 },
];

/**
 * How a signed contract is handed over to delivery: who joins the account team and which tasks are created.
 * Run on signing (unless `onSigning` is off), or by hand with the contract's "hand over to delivery".
 */
export const HandoverSettingsSchema = z
  .strictObject({
    /** Signing a contract hands it over at once; off: someone hands it over by hand. */
    onSigning: z.boolean().default(true),
    /** The towers' account managers join the account team (as account managers). */
    addTowerAccountManagers: z.boolean().default(true),
    /** The contract's named project managers join the account team (as project managers). */
    addProjectManagers: z.boolean().default(true),
    kickoffTasks: z
      .array(KickoffTaskTemplateSchema)
      .max(20, "at most 20 kickoff tasks")
      .default([...DEFAULT_KICKOFF_TASKS]),
    onboardingChecklist: z
      .array(OnboardingItemSchema)
      .max(30, "at most 30 checklist items")
      .default([...DEFAULT_ONBOARDING_CHECKLIST]),
  })
  .meta({ id: "HandoverSettings" });
export type HandoverSettings = z.infer<typeof HandoverSettingsSchema>;

/** What members' calendar feeds (iCalendar) carry beside the dates themselves. */
export const CalendarSettingsSchema = z
  .strictObject({
    /**
     * Reminders on every dated item of a feed, in whole days before it (0: when it starts): a calendar app shows
     * each as an alert. Empty: no reminders.
     */
    reminderDaysBefore: z
      .array(z.number().int().min(0).max(90))
      .max(5, "a feed item carries at most five reminders")
      .refine((days) => new Set(days).size === days.length, "each reminder is a different number of days")
      .default([1]),
  })
  .meta({ id: "CalendarSettings" });
export type CalendarSettings = z.infer<typeof CalendarSettingsSchema>;

export const WorkspaceSettingsSchema = z
  .strictObject({
    currency: CurrencySchema,
    /**
     * Other currencies the workspace sells in besides `currency`. With none, an import reads amounts without a
     * currency as `currency` (and says so); with any, it refuses them, as nothing tells which was meant.
     */
    otherCurrencies: z
      .array(CurrencySchema)
      .refine((c) => new Set(c).size === c.length, "each currency is listed once")
      .default([]),
    /**
     * The firm's catalog of service lines, in the order it lists them: offered when a deal or a tower names its
     * line, and the rows of every account's whitespace (a line never sold anywhere shows as "not offered").
     * Settings saved before the catalog existed read as an empty catalog: whitespace then shows only the lines
     * seen on deals and towers, each said to be missing from the catalog.
     */
    serviceLines: ServiceLineCatalogSchema.default([]),
    fiscalYear: FiscalYearSettingsSchema.default({ firstMonth: 1, namedAfter: "end" }),
    pipelines: z.array(PipelineSchema).min(1),
    approvalAuthority: z.array(ApprovalAuthoritySchema).default([]),
    renewals: RenewalSettingsSchema.default({
      noticeWindowDays: 120,
      reminderOffsetsDays: [120, 90, 60, 30, 14, 7, 1],
      clientNoticeDays: 30,
      renewalLeadDays: 30,
    }),
    /** Hours to resolve an escalation, by severity. */
    slaHours: z
      .strictObject({
        low: z.number().positive(),
        medium: z.number().positive(),
        high: z.number().positive(),
        critical: z.number().positive(),
      })
      .default({ low: 120, medium: 72, high: 24, critical: 4 }),
    healthBands: HealthBandsSchema.default({ healthy: 90, atRisk: 70 }),
    /** Days without any activity after which an account's engagement counts as cold. */
    engagementStaleDays: z.number().int().min(1).max(365).default(30),
    calendar: CalendarSettingsSchema.default({ reminderDaysBefore: [1] }),
    billing: BillingSettingsSchema.default({
      draftInvoiceOnMilestone: true,
      draftRetainerInvoices: true,
      paymentTermsDays: 30,
    }),
    handover: HandoverSettingsSchema.default({
      onSigning: true,
      addTowerAccountManagers: true,
      addProjectManagers: true,
      kickoffTasks: [...DEFAULT_KICKOFF_TASKS],
      onboardingChecklist: [...DEFAULT_ONBOARDING_CHECKLIST],
    }),
  })
  .superRefine((s, ctx) => {
    if (s.otherCurrencies.includes(s.currency)) {
      ctx.addIssue({
        code: "custom",
        message: `${s.currency} is the workspace's currency already; list only the others`,
        path: ["otherCurrencies"],
      });
    }
    const ids = new Set<string>();
    for (const p of s.pipelines) {
      if (ids.has(p.id))
        ctx.addIssue({ code: "custom", message: `pipeline ${p.id} appears twice`, path: ["pipelines"] });
      ids.add(p.id);
    }
  })
  .meta({ id: "WorkspaceSettings" });
export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>;

/**
 * Fills what settings stored before stages said which deal details they require leave out, as the default
 * pipelines say it (see `defaultNewBusinessPipeline`): a pipeline's first open stage and its lost stage require
 * neither, every other stage an amount and a close date. (The stage schema's own default, both, is for a stage
 * written on its own; read whole, an old pipeline means what the defaults meant when it was saved.) Anything
 * that is not a settings document is handed on unchanged, for the schema to refuse in words.
 */
export function upgradeStoredSettings(stored: unknown): unknown {
  if (!isRecord(stored) || !Array.isArray(stored.pipelines)) return stored;
  return {
    ...stored,
    pipelines: stored.pipelines.map((pipeline: unknown) => {
      if (!isRecord(pipeline) || !Array.isArray(pipeline.stages)) return pipeline;
      const stages: unknown[] = pipeline.stages;
      const firstOpen = stages.findIndex((s) => isRecord(s) && s.kind === "open");
      return {
        ...pipeline,
        stages: stages.map((s, i) =>
          !isRecord(s) || "requires" in s
            ? s
            : { ...s, requires: i === firstOpen || s.kind === "lost" ? [] : ["amount", "closeDate"] },
        ),
      };
    }),
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Settings as stored (a workspace's row, a settings event): read with `upgradeStoredSettings` first, so a
 * document saved before a field existed reads as that field's defaults meant, then with the settings schema.
 */
export const StoredSettingsSchema = z.preprocess(upgradeStoredSettings, WorkspaceSettingsSchema);

const stage = (input: z.input<typeof PipelineStageSchema>) => PipelineStageSchema.parse(input);

/**
 * The default new-business pipeline: prospecting 10 → discovery 25 → proposal 50 → negotiation 80 → won / lost.
 * A deal needs an amount and a close date from discovery on (Salesforce's "Qualification": the need is known, so
 * is roughly what it is worth and when it may close) and to be won; a prospect and a lost deal may have neither
 * (HubSpot and Pipedrive leave both empty; a deal lost while prospecting never had a price).
 */
export function defaultNewBusinessPipeline(): Pipeline {
  return PipelineSchema.parse({
    id: "new_business",
    name: "New business",
    opportunityTypes: ["new_business", "upsell"],
    stages: [
      stage({
        id: "prospecting",
        label: "Prospecting",
        kind: "open",
        probability: 10,
        forecastCategory: "pipeline",
        rottingDays: 30,
        requires: [],
      }),
      stage({
        id: "discovery",
        label: "Discovery",
        kind: "open",
        probability: 25,
        forecastCategory: "pipeline",
        rottingDays: 21,
        exitCriteria: ["need_documented", "budget_known"],
      }),
      stage({
        id: "proposal",
        label: "Proposal",
        kind: "open",
        probability: 50,
        forecastCategory: "best_case",
        rottingDays: 14,
        exitCriteria: ["decision_maker_identified", "proposal_amount_set"],
      }),
      stage({
        id: "negotiation",
        label: "Negotiation",
        kind: "open",
        probability: 80,
        forecastCategory: "commit",
        rottingDays: 14,
        exitCriteria: ["signed_contract"],
      }),
      stage({
        id: "closed_won",
        label: "Closed won",
        kind: "won",
        probability: 100,
        forecastCategory: "closed",
      }),
      stage({
        id: "closed_lost",
        label: "Closed lost",
        kind: "lost",
        probability: 0,
        forecastCategory: "omitted",
        requires: [],
      }),
    ],
  });
}

/** The default renewals pipeline: a renewal starts at review and cannot skip the proposal. */
export function defaultRenewalPipeline(): Pipeline {
  return PipelineSchema.parse({
    id: "renewals",
    name: "Renewals",
    opportunityTypes: ["renewal"],
    stages: [
      stage({
        id: "renewal_review",
        label: "Renewal review",
        kind: "open",
        probability: 60,
        forecastCategory: "best_case",
        rottingDays: 30,
        requires: [],
      }),
      stage({
        id: "renewal_proposal",
        label: "Renewal proposal",
        kind: "open",
        probability: 75,
        forecastCategory: "most_likely",
        rottingDays: 21,
        exitCriteria: ["decision_maker_identified", "proposal_amount_set"],
      }),
      stage({
        id: "renewal_negotiation",
        label: "Renewal negotiation",
        kind: "open",
        probability: 90,
        forecastCategory: "commit",
        rottingDays: 14,
        exitCriteria: ["signed_contract"],
      }),
      stage({ id: "renewed", label: "Renewed", kind: "won", probability: 100, forecastCategory: "closed" }),
      stage({
        id: "not_renewed",
        label: "Not renewed",
        kind: "lost",
        probability: 0,
        forecastCategory: "omitted",
        requires: [],
      }),
    ],
    rules: { noSkipping: true, noMovingBack: false, creationStages: [] },
  });
}

/**
 * Sensible defaults for a new workspace: two pipelines, an agency's and an IT firm's service lines (see
 * `DEFAULT_SERVICE_LINES`), an agency's approval ladder (supervisor 25,000,
 * director 250,000, admin — the managing director — unlimited), 120 days' notice lead with reminders.
 */
export function defaultWorkspaceSettings(code: Currency | string = "EUR"): WorkspaceSettings {
  const c = toCurrency(code);
  return WorkspaceSettingsSchema.parse({
    currency: c,
    pipelines: [defaultNewBusinessPipeline(), defaultRenewalPipeline()],
    serviceLines: [...DEFAULT_SERVICE_LINES],
    approvalAuthority: [
      { role: "supervisor", limit: money(25_000 * 100, c), maxDiscountPercent: 10 },
      { role: "director", limit: money(250_000 * 100, c), maxDiscountPercent: 25 },
      { role: "admin", limit: null },
    ],
  });
}

/** Every currency the workspace sells in: its own first, then the others. */
export function workspaceCurrencies(s: Pick<WorkspaceSettings, "currency" | "otherCurrencies">): Currency[] {
  return [s.currency, ...s.otherCurrencies];
}

/** The pipeline a new deal of this type goes to: the first whose types include it. */
export function pipelineForType(s: WorkspaceSettings, type: OpportunityType): Pipeline {
  return s.pipelines.find((p) => p.opportunityTypes.includes(type)) ?? s.pipelines[0]!;
}

export function findPipeline(s: WorkspaceSettings, id: PipelineId): Pipeline | undefined {
  return s.pipelines.find((p) => p.id === id);
}

export const DEFAULT_PIPELINE_IDS = {
  newBusiness: asId.pipeline("new_business"),
  renewals: asId.pipeline("renewals"),
} as const;
