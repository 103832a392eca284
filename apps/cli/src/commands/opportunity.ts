import {
  creationStages,
  findPipeline,
  OPPORTUNITY_TYPES,
  type OpportunityType,
  type Pipeline,
  pipelineForType,
  type StageId,
  stageMoveCommand,
} from "@accountable/domain";
import { parseCommand } from "@accountable/service";
import leven from "leven";
import type { Ctx } from "../context.ts";
import { invalid, notFound, Refused } from "../failure.ts";
import { parseMoney } from "../flags.ts";
import { newId } from "../ids.ts";
import { memberFlag, membersOf } from "../members.ts";
import { recordIdOf, resolveRecord } from "../records.ts";
import { withSession } from "../runtime.ts";
import { enumValue, stageIdOf } from "./list.ts";
import { withMoveHelp } from "./move-help.ts";
import { runCommand } from "./run-command.ts";

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
    const type = dealType(flags.type) as OpportunityType;
    const parsed = parseCommand("opportunity", {
      type: "CreateOpportunity",
      opportunityId,
      accountId: await resolveRecord(session, "account", flags.account, "--account"),
      ownerId:
        flags.owner === undefined ? session.actorId() : await memberFlag(session, flags.owner, "--owner"),
      name,
      opportunityType: type,
      ...(flags.stage === undefined
        ? {}
        : { stageId: creationStageOf(pipelineForType(await session.settings(), type), flags.stage) }),
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
    // No --owner: the acting member owns it, said, so an admin creating for someone else does not miss it.
    if (flags.owner === undefined && !ctx.globals.json) {
      const me = session.actorId();
      const who = (await membersOf(await session.read())).find((m) => m.id === me);
      ctx.out.note(
        `${flags.dryRun ? "It would be owned" : "Owned"} by you${who ? `, ${who.name}` : ""} (${me}): no --owner was given. To give it to someone else: accountable opp update ${opportunityId} --owner <name, e-mail or id>.`,
      );
    }
  });
}

/**
 * `opp create --stage`: a stage of the pipeline the new deal goes to (its type's), by id or label as `stageIdOf`
 * reads one. A stage of that pipeline deals may not start in is left for the domain to refuse, in its words; a
 * stage it does not have is refused suggesting only the stages a new deal may start in (the creation stages: all
 * eleven stages of every pipeline were listed once, most of which a new deal is refused), and naming the stage
 * that was probably meant as one to move the deal to afterwards.
 */
export function creationStageOf(pipeline: Pipeline, given: string): StageId {
  const starts = creationStages(pipeline);
  const label = (id: string) => pipeline.stages.find((st) => st.id === id)?.label ?? id;
  const startWords = starts.map((id) => (label(id) === id ? id : `${id} (${label(id)})`)).join(", ");
  try {
    return stageIdOf([pipeline], given, "--stage");
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
  }
  const squash = (v: string) => v.toLowerCase().replace(/[-_\s]/g, "");
  const distance = (st: { id: string; label: string }) =>
    Math.min(leven(squash(given), squash(st.id)), leven(squash(given), squash(st.label)));
  const near = pipeline.stages
    .map((st) => ({ st, d: distance(st) }))
    .filter(({ d }) => d <= Math.max(2, Math.floor(given.trim().length / 3)))
    .sort((a, b) => a.d - b.d)[0]?.st;
  const isStart = near !== undefined && starts.includes(near.id);
  throw invalid(
    `--stage "${given}" is not a stage new deals of the ${pipeline.name} pipeline start in${
      isStart ? ` — did you mean ${near.id}?` : ""
    } (they start in ${startWords})${
      near && !isStart
        ? `; ${near.label} comes later: create the deal, then \`accountable opp move <id> ${near.id}\``
        : ""
    }.`,
    "stage",
  );
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
  typed: string,
  stage: string,
  flags: MoveOpportunityFlags,
): Promise<void> {
  await withSession(ctx.globals, async (session) => {
    // The deal by its id or its name (`opp move "Acme retainer" proposal`), as `show` and `do` find it.
    const found = await recordIdOf(session, "opportunity", typed);
    const { state, version } = await session.service.load(session.workspaceId, "opportunity", found);
    if (state.status === "none") throw notFound("opportunity", found);
    const id = found;
    const pipeline = findPipeline(await session.settings(), state.pipelineId);
    if (!pipeline)
      throw new Error(`opportunity ${id} is in pipeline ${state.pipelineId}, which the settings lack`);
    const stageId = stageIdOf([pipeline], stage, "", `a stage of the ${pipeline.name} pipeline`);
    const parsed = parseCommand("opportunity", stageMoveCommand(state, pipeline, stageId, flags.reason));
    if (!parsed.ok) throw new Refused(withMoveHelp(parsed.error, id, stageId));
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
    ).catch((e: unknown) => {
      throw e instanceof Refused ? new Refused(withMoveHelp(e.refusal, id, stageId)) : e;
    });
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
export async function updateOpportunity(
  ctx: Ctx,
  typed: string,
  flags: UpdateOpportunityFlags,
): Promise<void> {
  if (Object.values({ ...flags, expectVersion: undefined, dryRun: undefined }).every((v) => v === undefined))
    throw invalid("Say what to change: --name, --amount, --close-date, --owner or --type.", "(input)");
  await withSession(ctx.globals, async (session) => {
    const id = await recordIdOf(session, "opportunity", typed);
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
