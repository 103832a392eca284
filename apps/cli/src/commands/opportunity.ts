import { findPipeline, OPPORTUNITY_TYPES, stageMoveCommand } from "@accountable/domain";
import { parseCommand } from "@accountable/service";
import type { Ctx } from "../context.ts";
import { invalid, notFound, Refused } from "../failure.ts";
import { parseMoney } from "../flags.ts";
import { newId } from "../ids.ts";
import { memberFlag } from "../members.ts";
import { resolveRecord } from "../records.ts";
import { withSession } from "../runtime.ts";
import { enumValue, stageIdOf } from "./list.ts";
import { ensureExists, runCommand } from "./run-command.ts";

export interface CreateOpportunityFlags {
  readonly account: string;
  /** Absent: no amount yet (the stage must allow it). */
  readonly amount?: string;
  /** Absent: no close date yet (the stage must allow it). */
  readonly closeDate?: string;
  readonly id?: string;
  readonly type: string;
  readonly stage?: string;
  readonly owner?: string;
  readonly need?: readonly string[];
  readonly budget?: string;
  readonly dryRun?: boolean;
}

export async function createOpportunity(
  ctx: Ctx,
  name: string,
  flags: CreateOpportunityFlags,
): Promise<void> {
  await withSession(ctx.globals, async (session) => {
    const { currency } = await session.settings();
    const opportunityId = flags.id ?? newId(name, "deal");
    const parsed = parseCommand("opportunity", {
      type: "CreateOpportunity",
      opportunityId,
      accountId: await resolveRecord(session, "account", flags.account, "--account"),
      ownerId:
        flags.owner === undefined ? session.actorId() : await memberFlag(session, flags.owner, "--owner"),
      name,
      opportunityType: dealType(flags.type),
      ...(flags.stage === undefined
        ? {}
        : { stageId: stageIdOf((await session.settings()).pipelines, flags.stage, "--stage") }),
      amount: flags.amount === undefined ? null : parseMoney(flags.amount, currency, "amount"),
      closeDate: flags.closeDate ?? null,
      needs: flags.need ?? [],
      budget: flags.budget === undefined ? null : parseMoney(flags.budget, currency, "budget"),
      stakeholderIds: [],
    });
    if (!parsed.ok) throw new Refused(parsed.error);
    await runCommand(
      ctx,
      session,
      { aggregate: "opportunity", id: opportunityId, command: parsed.value },
      flags,
    );
  });
}

/** A deal type by its value or its words, any case, "-", "_" and spaces alike ("New business" → new_business). */
const dealType = (given: string): string => enumValue("--type", given, OPPORTUNITY_TYPES, "a deal type");

export interface MoveOpportunityFlags {
  readonly reason?: string;
  readonly expectVersion?: number;
  readonly dryRun?: boolean;
}

/**
 * "Move this deal to stage X": the domain's `stageMoveCommand` says which command that is (MoveStage,
 * CloseAsWon, CloseAsLost, Reopen) and `decide` says whether it may happen.
 */
export async function moveOpportunity(
  ctx: Ctx,
  id: string,
  stage: string,
  flags: MoveOpportunityFlags,
): Promise<void> {
  await withSession(ctx.globals, async (session) => {
    const { state, version } = await session.service.load(session.workspaceId, "opportunity", id);
    if (state.status === "none") throw notFound("opportunity", id);
    const pipeline = findPipeline(await session.settings(), state.pipelineId);
    if (!pipeline)
      throw new Error(`opportunity ${id} is in pipeline ${state.pipelineId}, which the settings lack`);
    const stageId = stageIdOf([pipeline], stage, "", `a stage of the ${pipeline.name} pipeline`);
    const parsed = parseCommand("opportunity", stageMoveCommand(state, pipeline, stageId, flags.reason));
    if (!parsed.ok) throw new Refused(parsed.error);
    await runCommand(
      ctx,
      session,
      // The command was chosen from the deal at `version`: if it moved meanwhile, refuse rather than guess.
      {
        aggregate: "opportunity",
        id,
        command: parsed.value,
        expectedVersion: flags.expectVersion ?? version,
      },
      flags,
    );
  });
}

export interface UpdateOpportunityFlags {
  readonly name?: string;
  readonly amount?: string;
  readonly closeDate?: string;
  readonly owner?: string;
  readonly type?: string;
  readonly expectVersion?: number;
  readonly dryRun?: boolean;
}

/** "none" clears an amount or a close date: the deal has none yet. */
const isNone = (flag: string): boolean => flag.trim().toLowerCase() === "none";

/** `opp update`: UpdateDetails with friendly flags (the amount in the workspace's currency unless it says). */
export async function updateOpportunity(ctx: Ctx, id: string, flags: UpdateOpportunityFlags): Promise<void> {
  if (Object.values({ ...flags, expectVersion: undefined, dryRun: undefined }).every((v) => v === undefined))
    throw invalid("Say what to change: --name, --amount, --close-date, --owner or --type.", "(input)");
  await withSession(ctx.globals, async (session) => {
    await ensureExists(session, "opportunity", id);
    const currency = flags.amount === undefined ? undefined : (await session.settings()).currency;
    const input = Object.fromEntries(
      Object.entries({
        type: "UpdateDetails",
        name: flags.name,
        amount:
          flags.amount === undefined
            ? undefined
            : isNone(flags.amount)
              ? null
              : parseMoney(flags.amount, currency!, "amount"),
        closeDate:
          flags.closeDate === undefined ? undefined : isNone(flags.closeDate) ? null : flags.closeDate,
        ownerId: flags.owner === undefined ? undefined : await memberFlag(session, flags.owner, "--owner"),
        opportunityType: flags.type === undefined ? undefined : dealType(flags.type),
      }).filter(([, v]) => v !== undefined),
    );
    const parsed = parseCommand("opportunity", input);
    if (!parsed.ok) throw new Refused(parsed.error);
    await runCommand(
      ctx,
      session,
      { aggregate: "opportunity", id, command: parsed.value, expectedVersion: flags.expectVersion },
      flags,
    );
  });
}
