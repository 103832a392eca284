import {
  DEAL_DETAIL_LABELS,
  missingDetails,
  OPPORTUNITY_TYPES,
  type OpportunityType,
  openStages,
  type Pipeline,
  type PipelineStage,
} from "../entities/pipeline.ts";
import { pipelineForType, type WorkspaceSettings, workspaceCurrencies } from "../entities/settings.ts";
import { type CalendarDate, startOfDay, type Timestamp } from "../kernel/calendar-date.ts";
import { notACurrencyMessage } from "../kernel/currencies.ts";
import type { AccountId, MemberId, OpportunityId } from "../kernel/ids.ts";
import {
  type Currency,
  CurrencySchema,
  fromDecimalString,
  type Money,
  minorUnitExponent,
  parseDecimal,
} from "../kernel/money.ts";
import { err, ok, type Result } from "../kernel/result.ts";
import { listInWords } from "../kernel/text.ts";
import { type OpportunityCommand, OpportunityCommandSchema } from "../machines/opportunity.machine.ts";
import { isAmbiguousPoint, readImportDecimal } from "./amounts.ts";
import { readImportDate, readImportMoment } from "./dates.ts";
import {
  type AccountReference,
  type AppliedDefault,
  commandIssues,
  type ImportDateField,
  type ImportFacts,
  type OpportunityRow,
  type RowIssue,
  readAccountReference,
  readOwner,
} from "./import-row.ts";

/** A deal row, read: the values its commands need, before the import gives it an id. */
export interface OpportunityDraft {
  readonly name: string;
  readonly account: AccountReference;
  readonly ownerId: MemberId;
  readonly opportunityType: OpportunityType;
  readonly pipeline: Pipeline;
  /** Where the deal ends up: an open stage, or the pipeline's won or lost stage. */
  readonly stage: PipelineStage;
  /** In the row's currency, which may differ from the workspace's (see `readOpportunityRow`); null: none yet. */
  readonly amount: Money | null;
  /** Null: none yet (the stage allows it). */
  readonly closeDate: CalendarDate | null;
  /** A probability the row sets instead of the stage's; null keeps the stage's. */
  readonly probability: number | null;
  readonly lossReason: string | null;
  /** When a closed deal closed, as the row says; null: the start of its close date (see `opportunityRowCommands`). */
  readonly closedAt: Timestamp | null;
  readonly stageEnteredAt: Timestamp | null;
  readonly createdAt: Timestamp | null;
  /** The deal's id in the source system, if the row gives one. */
  readonly sourceId: string | null;
  /** The product or service the deal is for (the deal's service line), as the row names it; null: not said. */
  readonly serviceLine: string | null;
  /** Where the deal came from (its lead source), as the row names it; null: not said. */
  readonly leadSource: string | null;
  /** Values filled in for blank cells (a lost deal's reason), never silently: the summary lists them. */
  readonly defaults: readonly AppliedDefault[];
}

const asToken = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

/**
 * Reads a deal row, collecting every issue at once. Blank `type` is new business, blank `stage` is the pipeline's
 * first open stage, blank `owner` is the importer. A blank amount or close date is "none yet", which only a stage
 * that does not require it accepts (the opportunity's guard DetailsRequired, said here per field).
 *
 * The currency of an amount is said, never assumed silently: the row's currency cell, else the importer's
 * (`facts.currency`, `--currency`), else the workspace's only currency, counted and listed as a default applied;
 * a workspace selling in several currencies refuses an amount without one.
 *
 * Currencies: a deal may be in a currency other than the workspace's (a client billed in USD by a EUR agency):
 * it is imported in its own currency, exactly, with that currency's decimals (none for JPY, three for KWD);
 * rollups then convert it with the workspace's rates or refuse the mix, as for any deal. Nothing is converted
 * at import.
 */
export function readOpportunityRow(
  row: OpportunityRow,
  facts: ImportFacts,
): Result<OpportunityDraft, RowIssue[]> {
  const issues: RowIssue[] = [];
  const fail = (field: string, message: string) => {
    issues.push({ field, message });
    return undefined;
  };

  if (row.name === undefined) fail("name", "a deal needs a name");
  const account = readAccountReference(row, "a deal");
  if (!account.ok) issues.push(account.error);
  const owner = readOwner(row.owner, facts);
  if (!owner.ok) issues.push(owner.error);

  const type = readType(row.type, fail);
  const defaults: AppliedDefault[] = [];
  const currency = readCurrency(row, facts, defaults, fail);
  const amount = currency === null ? null : currency && readAmount(row.amount, currency, facts, fail);
  const pipeline = type && pipelineForType(facts.settings, type);
  const stage = pipeline && readOutcome(row.status, readStage(row.stage, pipeline, fail), pipeline, fail);
  const closeDate = readCloseDate(row.closeDate, facts, fail);
  if (stage && amount !== undefined && closeDate !== undefined) {
    for (const detail of missingDetails(stage, { amount, closeDate }))
      fail(detail, `a deal in ${stage.label} needs ${DEAL_DETAIL_LABELS[detail]}`);
  }
  const probability = readProbability(row.probability, fail);
  const closedAt = readMoment("closedAt", row.closedAt, facts, fail);
  const stageEnteredAt = readMoment("stageEnteredAt", row.stageEnteredAt, facts, fail);
  const createdAt = readMoment("createdAt", row.createdAt, facts, fail);

  if (stage && probability !== null && stage.kind !== "open" && probability !== stage.probability)
    fail(
      "probability",
      `a deal in ${stage.label} has a probability of ${stage.probability}, not ${probability}`,
    );
  if (stage && row.lossReason !== undefined && stage.kind !== "lost")
    fail("lossReason", `only a lost deal has a loss reason, and this one is in ${stage.label}`);
  if (stage && row.closedAt !== undefined && stage.kind === "open")
    fail("closedAt", `only a won or lost deal has closed, and this one is in ${stage.label}`);
  if (stage && stage.kind !== "open" && row.closedAt === undefined && row.closeDate === undefined)
    fail("closeDate", `a deal in ${stage.label} has closed: give its close date or closedAt`);

  // A lost deal without a reason imports with one that says so (exports often have none), counted as a default.
  let lossReason = row.lossReason ?? null;
  if (stage?.kind === "lost" && lossReason === null) {
    lossReason = `not recorded in ${facts.source ?? "the source"}`;
    defaults.push({ field: "lossReason", value: lossReason });
  }

  if (
    issues.length > 0 ||
    !account.ok ||
    !owner.ok ||
    !type ||
    !pipeline ||
    !stage ||
    amount === undefined ||
    closeDate === undefined ||
    probability === undefined ||
    closedAt === undefined ||
    stageEnteredAt === undefined ||
    createdAt === undefined
  )
    return err(issues);
  return ok({
    name: row.name!,
    account: account.value,
    ownerId: owner.value,
    opportunityType: type,
    pipeline,
    stage,
    amount,
    closeDate,
    probability,
    lossReason,
    closedAt,
    stageEnteredAt,
    createdAt,
    sourceId: row.sourceId ?? null,
    serviceLine: row.serviceLine ?? null,
    leadSource: row.leadSource ?? null,
    defaults,
  });
}

type Fail = (field: string, message: string) => undefined;

function readType(cell: string | undefined, fail: Fail): OpportunityType | undefined {
  if (cell === undefined) return "new_business";
  const type = OPPORTUNITY_TYPES.find((t) => t === asToken(cell));
  return type ?? fail("type", `"${cell}" is not a deal type (${listInWords([...OPPORTUNITY_TYPES], "or")})`);
}

/**
 * The currency the row's amount is in: its cell, the importer's, or the workspace's only one (a default applied,
 * pushed on `defaults`); `null` when the row has no amount, which needs none; `undefined` once an issue is recorded.
 */
function readCurrency(
  row: OpportunityRow,
  facts: ImportFacts,
  defaults: AppliedDefault[],
  fail: Fail,
): Currency | null | undefined {
  if (row.currency !== undefined) {
    const parsed = CurrencySchema.safeParse(row.currency.toUpperCase());
    return parsed.success ? parsed.data : fail("currency", notACurrencyMessage(row.currency));
  }
  if (row.amount === undefined) return null;
  if (facts.currency) return facts.currency;
  return workspaceCurrency(facts.settings, defaults, fail);
}

function workspaceCurrency(
  settings: Pick<WorkspaceSettings, "currency" | "otherCurrencies">,
  defaults: AppliedDefault[],
  fail: Fail,
): Currency | undefined {
  const currencies = workspaceCurrencies(settings);
  if (currencies.length > 1)
    return fail(
      "currency",
      `this workspace sells in ${listInWords(currencies)}, and nothing says which this amount is in: add a currency column or say it with --currency`,
    );
  defaults.push({ field: "currency", value: settings.currency });
  return settings.currency;
}

/**
 * The amount a cell holds, read with the file's decimal mark (`facts.decimalMark`; see `readImportDecimal`), in
 * its currency's decimals exactly; null when blank; undefined once the issue is recorded, in words that say how
 * the cell was read.
 */
function readAmount(
  cell: string | undefined,
  currency: Currency,
  facts: ImportFacts,
  fail: Fail,
): Money | null | undefined {
  if (cell === undefined) return null;
  const mark = facts.decimalMark ?? ".";
  let digits = readImportDecimal(cell, facts.decimalMark);
  // "12.345" in a file that did not say its mark: with a point, more decimals than the currency has (no amount
  // either way but 12345, which is not read unsaid): said as too many decimals, with the other reading.
  const pointRead =
    facts.decimalMark === undefined && isAmbiguousPoint(cell) ? readImportDecimal(cell, ".") : undefined;
  const thousands =
    pointRead?.ok && !fromDecimalString(pointRead.value, currency) ? cell.trim().replace(".", "") : undefined;
  if (thousands !== undefined && pointRead?.ok) digits = pointRead;
  if (!digits.ok) return fail("amount", digits.error);
  const amount = fromDecimalString(digits.value, currency);
  if (amount) return amount;
  const decimals = minorUnitExponent(currency);
  const value = parseDecimal(digits.value);
  const written = value ? value.denominator.toString().length - 1 : 0;
  // Said with what was read: "50,000" in a decimal-comma file is fifty, with three decimals, not fifty thousand.
  const readAs = mark === "," || digits.value !== cell.trim() ? ` (read as ${digits.value})` : "";
  return written > decimals
    ? fail(
        "amount",
        `"${cell}"${readAs} has ${written} decimal${written === 1 ? "" : "s"}, and ${currency} has ${decimals === 0 ? "none" : decimals}: round it in the file so no cent is lost or made up here${thousands === undefined ? "" : ` (or write ${thousands} if the point groups thousands)`}`,
      )
    : fail("amount", `"${cell}" is too large an amount`);
}

function readStage(cell: string | undefined, pipeline: Pipeline, fail: Fail): PipelineStage | undefined {
  if (cell === undefined)
    return openStages(pipeline)[0] ?? fail("stage", `the ${pipeline.name} pipeline has no open stage`);
  const token = asToken(cell);
  const stage =
    pipeline.stages.find((s) => s.id === cell) ??
    pipeline.stages.find((s) => asToken(s.id) === token || asToken(s.label) === token);
  return (
    stage ??
    fail(
      "stage",
      `there is no stage "${cell}" in the ${pipeline.name} pipeline; its stages are ${listInWords(pipeline.stages.map((s) => s.id))}`,
    )
  );
}

/**
 * Applies a `status` cell to the stage read from `stage`: won or lost moves the deal to the pipeline's won or lost
 * stage (the source's stage column then names the last stage it was in); open keeps it, and refuses a closed one.
 */
function readOutcome(
  cell: string | undefined,
  stage: PipelineStage | undefined,
  pipeline: Pipeline,
  fail: Fail,
): PipelineStage | undefined {
  if (cell === undefined || stage === undefined) return stage;
  const status = asToken(cell).replace(/^closed_/, "");
  if (status === "open") {
    if (stage.kind === "open") return stage;
    return fail("status", `the status says open, but ${stage.label} is a ${stage.kind} stage`);
  }
  if (status !== "won" && status !== "lost")
    return fail("status", `"${cell}" is not a deal status; use open, won or lost`);
  if (stage.kind !== "open" && stage.kind !== status)
    return fail("status", `the status says ${status}, but the stage is ${stage.label}`);
  return (
    pipeline.stages.find((s) => s.kind === status) ??
    fail("status", `the ${pipeline.name} pipeline has no ${status} stage`)
  );
}

function readCloseDate(
  cell: string | undefined,
  facts: ImportFacts,
  fail: Fail,
): CalendarDate | null | undefined {
  if (cell === undefined) return null;
  const day = readImportDate(cell, facts.dateFormat, {
    excelSerial: facts.excelSerialFields?.includes("closeDate") === true,
  });
  return day.ok ? day.value : fail("closeDate", day.error);
}

// `null`: no moment given; `undefined`: an issue was recorded. A day is its first moment, in UTC.
function readMoment(
  field: ImportDateField,
  cell: string | undefined,
  facts: ImportFacts,
  fail: Fail,
): Timestamp | null | undefined {
  if (cell === undefined) return null;
  const moment = readImportMoment(cell, facts.dateFormat, {
    excelSerial: facts.excelSerialFields?.includes(field) === true,
  });
  return moment.ok ? moment.value : fail(field, moment.error);
}

// `null`: no probability given; `undefined`: an issue was recorded.
function readProbability(cell: string | undefined, fail: Fail): number | null | undefined {
  if (cell === undefined) return null;
  const m = /^(\d{1,3})\s*%?$/.exec(cell);
  const value = m ? Number(m[1]) : Number.NaN;
  return value >= 0 && value <= 100
    ? value
    : fail("probability", `"${cell}" is not a probability: a whole number from 0 to 100`);
}

const DEAL_FIELDS: Readonly<Record<string, string>> = {
  opportunityId: "row",
  accountId: "account",
  ownerId: "owner",
  opportunityType: "type",
  stageId: "stage",
  importedFrom: "sourceId",
  serviceLine: "serviceLine",
  leadSource: "leadSource",
};

/**
 * The command that brings the deal in as the row says, parsed by the opportunity's own schema: one
 * `ImportOpportunity`, in whatever stage the row names (open, won or lost), for every deal row. One path for
 * every row, so the history of each imported deal says what happened — it came from `source` — rather than
 * replaying a creation, moves and a close nobody made. `decide` still judges it: the stage, its roles, the
 * owner, the moments; exit criteria are the source's business. A closed deal without `closedAt` closed at the
 * start of its close date (CRMs set the close date of a won or lost deal to the day it closed).
 */
export function opportunityRowCommands(
  draft: OpportunityDraft,
  ids: { readonly opportunityId: OpportunityId | string; readonly accountId: AccountId | string },
  source: string,
): Result<OpportunityCommand[], RowIssue[]> {
  const { stage } = draft;
  const closed = stage.kind !== "open";
  const input = {
    type: "ImportOpportunity",
    opportunityId: ids.opportunityId,
    accountId: ids.accountId,
    ownerId: draft.ownerId,
    name: draft.name,
    opportunityType: draft.opportunityType,
    stageId: stage.id,
    amount: draft.amount,
    closeDate: draft.closeDate,
    // A closed row's probability was checked against its stage above; the deal's is then the fact (100 or 0).
    ...(draft.probability === null || closed ? {} : { probability: draft.probability }),
    // (A closed row has one or the other: `readOpportunityRow` refuses it otherwise.)
    ...(closed
      ? { closedAt: draft.closedAt ?? (draft.closeDate === null ? undefined : startOfDay(draft.closeDate)) }
      : {}),
    ...(draft.lossReason === null ? {} : { lossReason: draft.lossReason }),
    ...(draft.stageEnteredAt === null ? {} : { stageEnteredAt: draft.stageEnteredAt }),
    ...(draft.createdAt === null ? {} : { createdAt: draft.createdAt }),
    ...(draft.serviceLine === null ? {} : { serviceLine: draft.serviceLine }),
    ...(draft.leadSource === null ? {} : { leadSource: draft.leadSource }),
    importedFrom: { source, externalId: draft.sourceId },
  };
  const parsed = OpportunityCommandSchema.safeParse(input);
  if (!parsed.success)
    return err(
      commandIssues(parsed.error, (p) => DEAL_FIELDS[p.split(".")[0] ?? ""] ?? (p.split(".")[0] || "row")),
    );
  return ok([parsed.data]);
}
