// The pipeline board's figures, aggregated in SQL: per stage and currency, the count, the total and the
// weighted total of the deals, and how long open deals have sat in the stage. Money never passes through a
// float: sums come back as exact numerals, and the weighted sum (amount × percent) is divided by 100 once,
// half-even, with the domain's divideRounded.
import {
  type Currency,
  CurrencySchema,
  divideRounded,
  effectiveProbability,
  findPipeline,
  MemberIdSchema,
  MoneySchema,
  millisBetween,
  money,
  type Pipeline,
  PipelineIdSchema,
  PipelineSchema,
  PipelineStageSchema,
  type StageId,
  StageIdSchema,
  type Timestamp,
  TimestampSchema,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { notFound } from "../refusals.ts";
import { type Scope, selectRows } from "../scope.ts";
import { opportunitiesAsOf } from "./history.ts";
import { nowShape } from "./options.ts";
import { readonlyArray } from "./report-schemas.ts";
import { type QueryResult, queryOk, queryRefused } from "./result.ts";

export const PipelineOptionsSchema = z.strictObject({
  /** One pipeline; all of the workspace's when absent. */
  pipelineId: PipelineIdSchema.optional(),
  /** Only this owner's deals. */
  ownerId: MemberIdSchema.optional(),
  /** The pipeline as it stood at this moment, rebuilt from the events; now, from the read table, when absent. */
  asOf: TimestampSchema.optional(),
  ...nowShape,
});
export type PipelineOptions = z.input<typeof PipelineOptionsSchema>;

/** The deals of one stage in one currency. */
export const CurrencyTotalSchema = z
  .object({
    currency: CurrencySchema,
    count: z.number().int(),
    amount: MoneySchema,
    /**
     * Σ amount × probability ÷ 100, rounded half-even once over the exact sum (won deals weigh 100 %, lost ones
     * 0 %, as in the forecast); so it may differ by under a minor unit per deal from a sum of rounded lines.
     */
    weighted: MoneySchema,
  })
  .meta({ id: "CurrencyTotal", description: "The deals of one stage in one currency." });
export type CurrencyTotal = z.output<typeof CurrencyTotalSchema>;

const stageFiguresShape = {
  count: z.number().int(),
  /** One entry per currency, by currency code, over the deals that have an amount. */
  totals: readonlyArray(CurrencyTotalSchema),
  /** Deals with no amount yet (counted in `count`, in no total): shown as such, never as zero. */
  unpriced: z.number().int(),
  /** Mean days the stage's open deals have spent in it at `now` (one decimal); null without open deals. */
  averageDaysInStage: z.number().nullable(),
};
export const StageFiguresSchema = z.object(stageFiguresShape).meta({ id: "StageFigures" });
export type StageFigures = z.output<typeof StageFiguresSchema>;

export const StageSummarySchema = z
  .object({ stage: PipelineStageSchema, ...stageFiguresShape })
  .meta({ id: "StageSummary" });
export type StageSummary = z.output<typeof StageSummarySchema>;

/** Figures of deals in a stage the pipeline no longer has. */
export const UnknownStageSummarySchema = z
  .object({ stageId: StageIdSchema, ...stageFiguresShape })
  .meta({ id: "UnknownStageSummary" });

export const PipelineSummarySchema = z
  .object({
    pipeline: PipelineSchema,
    /** Every stage of the pipeline, in its order, empty ones included. */
    stages: readonlyArray(StageSummarySchema),
    /** Deals in stages the pipeline no longer has, so none disappears from the board silently. */
    unknownStages: readonlyArray(UnknownStageSummarySchema),
  })
  .meta({ id: "PipelineSummary" });
export type PipelineSummary = z.output<typeof PipelineSummarySchema>;

export const PipelineReportSchema = z
  .object({
    /** The moment the figures describe: `asOf` when given, else now. */
    now: TimestampSchema,
    asOf: TimestampSchema.nullable(),
    ownerId: z.string().nullable(),
    pipelines: readonlyArray(PipelineSummarySchema),
    /**
     * Deals left out because their amounts are not the reader's to see: the figures (counts included) are
     * computed over the other deals, so no total reveals an amount the reader may not see. 0 for a reader who
     * sees every amount, or none (then each amount is masked instead).
     */
    withheld: z.number().int(),
  })
  .meta({
    id: "PipelineReport",
    description:
      "Per pipeline and stage: count, totals and weighted totals per currency, days in stage; now or as of a moment.",
  });
export type PipelineReport = z.output<typeof PipelineReportSchema>;

interface Group {
  readonly pipelineId: string;
  readonly stageId: string;
  /** Null: the deals with no amount yet. */
  readonly currency: string | null;
  readonly count: number;
  readonly amount: string;
  readonly weighted: string;
  readonly openCount: number;
  readonly openSeconds: number | null;
}

const exactMinor = (numeral: string): number => {
  const n = Number(BigInt(numeral));
  // A sum beyond 2^53 minor units cannot be held as Money: a bug in the data, never rounded away.
  if (!Number.isSafeInteger(n)) throw new RangeError(`A pipeline total of ${numeral} minor units overflows`);
  return n;
};

function figures(groups: readonly Group[]): StageFigures {
  const priced = groups.filter((g): g is Group & { currency: string } => g.currency !== null);
  const totals = priced
    .sort((a, b) => (a.currency < b.currency ? -1 : 1))
    .map((g) => ({
      currency: g.currency as Currency,
      count: g.count,
      amount: money(exactMinor(g.amount), g.currency),
      weighted: money(
        exactMinor(divideRounded(BigInt(g.weighted), 100n, "half_even").toString()),
        g.currency,
      ),
    }));
  const open = groups.reduce((n, g) => n + g.openCount, 0);
  const seconds = groups.reduce((s, g) => s + (g.openSeconds ?? 0), 0);
  return {
    count: groups.reduce((n, g) => n + g.count, 0),
    totals,
    unpriced: groups.reduce((n, g) => n + (g.currency === null ? g.count : 0), 0),
    averageDaysInStage: open === 0 ? null : Math.round((seconds / open / 86_400) * 10) / 10,
  };
}

type Filters = Partial<Pick<z.output<typeof PipelineOptionsSchema>, "pipelineId" | "ownerId">> & {
  /** Only these deals (the reader's, see reader.ts); every deal when absent. */
  readonly only?: ReadonlySet<string> | undefined;
};

/** The groups from the read table, aggregated by PostgreSQL. */
async function currentGroups(scope: Scope, options: Filters & { readonly now: Timestamp }): Promise<Group[]> {
  const o = schema.opportunities;
  // The domain's effectiveProbability, in SQL: 100 once won, 0 once lost, the probability in force while open.
  const effectivePercent = sql`case ${o.status} when 'won' then 100 when 'lost' then 0 else ${o.probability} end`;
  return selectRows(
    scope,
    o,
    {
      pipelineId: o.pipelineId,
      stageId: o.stageId,
      currency: o.currency,
      count: sql<number>`count(*)::int`,
      // Numerals as text: exact, whatever the driver does with numeric.
      // The unpriced group (currency null) sums no amount: 0, never null.
      amount: sql<string>`coalesce(sum(${o.amountMinor}), 0)::text`,
      weighted: sql<string>`coalesce(sum(${o.amountMinor}::numeric * ${effectivePercent}), 0)::text`,
      openCount: sql<number>`(count(*) filter (where ${o.status} = 'open'))::int`,
      openSeconds: sql<
        number | null
      >`(sum(extract(epoch from (cast(${options.now} as timestamptz) - ${o.stageEnteredAt}))) filter (where ${o.status} = 'open'))::float8`,
    },
    {
      where: [
        options.pipelineId === undefined ? undefined : eq(o.pipelineId, options.pipelineId),
        options.ownerId === undefined ? undefined : eq(o.ownerId, options.ownerId),
        options.only === undefined ? undefined : inArray(o.id, [...options.only, ""]),
      ],
      groupBy: [o.pipelineId, o.stageId, o.currency],
    },
  );
}

/** The same groups over the deals as they stood at `asOf` (rebuilt from the events), added up in bigint. */
async function pastGroups(scope: Scope, asOf: Timestamp, filters: Filters): Promise<Group[]> {
  const deals = await opportunitiesAsOf(
    scope,
    asOf,
    (opp) =>
      (filters.pipelineId === undefined || opp.pipelineId === filters.pipelineId) &&
      (filters.ownerId === undefined || opp.ownerId === filters.ownerId) &&
      (filters.only === undefined || filters.only.has(opp.id)),
  );
  const sums = new Map<
    string,
    {
      pipelineId: string;
      stageId: string;
      currency: string | null;
      count: number;
      amount: bigint;
      weighted: bigint;
      openCount: number;
      openSeconds: number;
    }
  >();
  for (const opp of deals) {
    const currency = opp.amount?.currency ?? null;
    const key = JSON.stringify([opp.pipelineId, opp.stageId, currency]);
    const g = sums.get(key) ?? {
      pipelineId: opp.pipelineId,
      stageId: opp.stageId,
      currency,
      count: 0,
      amount: 0n,
      weighted: 0n,
      openCount: 0,
      openSeconds: 0,
    };
    const amount = BigInt(opp.amount?.amount ?? 0);
    g.count += 1;
    g.amount += amount;
    g.weighted += amount * BigInt(effectiveProbability(opp));
    if (opp.status === "open") {
      g.openCount += 1;
      g.openSeconds += millisBetween(opp.stageEnteredAt, asOf) / 1000;
    }
    sums.set(key, g);
  }
  return [...sums.values()].map((g) => ({
    ...g,
    amount: g.amount.toString(),
    weighted: g.weighted.toString(),
    openSeconds: g.openCount === 0 ? null : g.openSeconds,
  }));
}

/** The pipeline figures (see {@link PipelineReport}); NotFound for a pipeline the workspace does not have. */
export async function pipelineSummary(
  scope: Scope,
  options: z.output<typeof PipelineOptionsSchema> & { readonly now: Timestamp },
  only?: ReadonlySet<string>,
): Promise<QueryResult<PipelineReport>> {
  const pipelines =
    options.pipelineId === undefined
      ? scope.settings.pipelines
      : [findPipeline(scope.settings, options.pipelineId)];
  if (pipelines.some((p) => p === undefined))
    return queryRefused(notFound("pipeline", options.pipelineId ?? ""));
  const groupsOf = (filters: Filters) =>
    options.asOf === undefined
      ? currentGroups(scope, { ...options, ...filters })
      : pastGroups(scope, options.asOf, { ...options, ...filters });
  const groups = await groupsOf({ only });
  const counted = (gs: readonly Group[]) => gs.reduce((n, g) => n + g.count, 0);
  const withheld = only === undefined ? 0 : counted(await groupsOf({})) - counted(groups);
  const summaries = (pipelines as Pipeline[]).map((pipeline): PipelineSummary => {
    const mine = groups.filter((g) => g.pipelineId === pipeline.id);
    const known = new Set<string>(pipeline.stages.map((s) => s.id));
    const unknown = [...new Set(mine.filter((g) => !known.has(g.stageId)).map((g) => g.stageId))].sort();
    return {
      pipeline,
      stages: pipeline.stages.map((stage) => ({
        stage,
        ...figures(mine.filter((g) => g.stageId === stage.id)),
      })),
      unknownStages: unknown.map((stageId) => ({
        stageId: stageId as StageId,
        ...figures(mine.filter((g) => g.stageId === stageId)),
      })),
    };
  });
  return queryOk({
    now: options.asOf ?? options.now,
    asOf: options.asOf ?? null,
    ownerId: options.ownerId ?? null,
    pipelines: summaries,
    withheld,
  });
}
