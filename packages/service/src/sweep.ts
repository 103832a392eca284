import {
  ActivitySchema,
  BINDING_CONTRACT_STATUSES,
  type CalendarDate,
  type Contract,
  ContractSchema,
  dateOf,
  dueContractCommands,
  dueInvoiceCommands,
  dueRetainerPeriods,
  EscalationSchema,
  InvoiceSchema,
  LIVE_ESCALATION_STATUSES,
  noticeDeadline,
  noticeWindowOpensOn,
  OpportunitySchema,
  type RenewalSettings,
  type RetainerPeriod,
  type SparedDeal,
  type StaleDeal,
  slaBreachFollowUps,
  spellFullDate,
  staleDeals,
  type Timestamp,
} from "@accountable/domain";
import type { StoreDatabase } from "@accountable/store";
import { schema } from "@accountable/store";
import { and, eq, inArray, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type { AggregateType } from "./aggregates/registry.ts";
import { type CommandRequest, execute, type FollowUpOutcome, loadScope, SYSTEM_ACTOR } from "./execute.ts";
import { allMembers } from "./lookups.ts";
import type { ServiceRefusal } from "./refusals.ts";
import { listDataWhereIn, type ReadTable, type ScannedRow, type Scope, scanRows } from "./scope.ts";

// The sweep: the time-driven rules, applied as the workspace's own policies. The domain says what is due
// (`dueRetainerPeriods`, `dueContractCommands`, `dueInvoiceCommands`, `slaBreachFollowUps`, `staleDeals`); the sweep finds the
// candidates with SQL on the read tables' status and date columns, and runs every due command through
// `execute` as the system actor, so each one is decided, authorised, kept and followed up like any other.
// Running it twice at the same moment changes nothing the second time: what was due has been done, and the
// domain says nothing more is due.

/** A time-driven command the sweep ran, and what it led to. */
export interface SweepApplied {
  readonly aggregate: AggregateType;
  readonly id: string;
  readonly command: { readonly type: string };
  /** Why it was due, as kept with its events. */
  readonly because: string;
  /** The stream's version after it. */
  readonly version: number;
  readonly followUps: readonly FollowUpOutcome[];
}

/** A due command the machine refused when it was run (a record changed under the sweep, a lagging row). */
export interface SweepRefused {
  readonly aggregate: AggregateType;
  readonly id: string;
  readonly command: { readonly type: string };
  readonly because: string;
  readonly refusal: ServiceRefusal;
}

/** What one rule of the sweep did. */
export interface SweepRuleOutcome {
  /** Rows the SQL pre-selection returned; the domain then decides which are really due. */
  readonly candidates: number;
  readonly applied: readonly SweepApplied[];
  readonly refused: readonly SweepRefused[];
}

/** Rotting changes no state: the sweep reports the stale deals and those a planned activity spares. */
export interface SweepRottingOutcome {
  readonly candidates: number;
  /** Most idle first. */
  readonly stale: readonly StaleDeal[];
  readonly spared: readonly SparedDeal[];
}

export interface SweepSummary {
  readonly workspaceId: string;
  readonly now: Timestamp;
  /** The calendar day (UTC) date-driven rules were judged on. */
  readonly today: CalendarDate;
  /**
   * Retainers' periods whose issue day has come, billed one by one (`BillRetainerPeriod`), each drafting its
   * invoice unless the workspace turned `billing.draftRetainerInvoices` off.
   */
  readonly retainers: SweepRuleOutcome;
  /** Activation on the start date, entering the notice window (which opens the renewal deal), tacit renewal, expiry. */
  readonly contracts: SweepRuleOutcome;
  /** Issued invoices past their due date become overdue. */
  readonly invoices: SweepRuleOutcome;
  /** Live escalations past their SLA go to the owner's supervisor, once per breach. */
  readonly escalations: SweepRuleOutcome;
  readonly rotting: SweepRottingOutcome;
}

export interface SweepOptions {
  /** Candidate rows read per query (keyset pages), so memory stays bounded on large workspaces. */
  readonly pageSize?: number;
}

interface Due extends CommandRequest {
  readonly because: string;
}

class Outcome {
  candidates = 0;
  readonly applied: SweepApplied[] = [];
  readonly refused: SweepRefused[] = [];
}

/** Applies every time-driven rule that is due at `now` in one workspace; see the module comment. */
export async function sweep(
  db: StoreDatabase,
  workspaceId: string,
  now: Timestamp,
  options: SweepOptions = {},
): Promise<SweepSummary> {
  const scope = await loadScope(db, workspaceId);
  const pageSize = options.pageSize ?? 500;
  const today = dateOf(now);
  const run = async (outcome: Outcome, due: Due): Promise<unknown> => {
    const r = await execute(
      db,
      workspaceId,
      { aggregate: due.aggregate, id: due.id, command: due.command },
      SYSTEM_ACTOR.memberId,
      { now, reason: due.because },
    );
    if (r.ok) {
      outcome.applied.push({ ...due, version: r.value.version, followUps: r.value.followUps });
      return r.value.state;
    }
    outcome.refused.push({ ...due, refusal: r.error });
    return undefined;
  };

  // Retainers first: a period due before a contract ends is billed before the same sweep expires it.
  const retainers = await sweepRetainers(scope, today, pageSize, run);
  const contracts = await sweepContracts(scope, today, pageSize, run);
  const invoices = await sweepInvoices(scope, today, pageSize, run);
  const escalations = await sweepEscalations(scope, now, pageSize, run);
  const rotting = await findStaleDeals(scope, now, pageSize);
  return { workspaceId, now, today, retainers, contracts, invoices, escalations, rotting };
}

type Run = (outcome: Outcome, due: Due) => Promise<unknown>;

/** Calls `each` on every row matching `where`, a page at a time. */
async function forEachRow(
  scope: Scope,
  table: ReadTable,
  where: SQL | undefined,
  pageSize: number,
  each: (rows: ScannedRow[]) => Promise<void>,
): Promise<number> {
  let afterId: string | undefined;
  let count = 0;
  for (;;) {
    const rows = await scanRows(scope, table, where, { afterId, limit: pageSize });
    if (rows.length === 0) return count;
    count += rows.length;
    await each(rows);
    afterId = rows[rows.length - 1]!.id;
  }
}

// The notice period lives in the contract's `data`; PostgreSQL turns it into an interval so the window can be
// bounded in SQL. Month arithmetic near month ends can move the domain's deadline by a few days, so the bounds
// below keep a margin and the domain decides exactly.
const MARGIN_DAYS = 4;
const noticeInterval = (c: typeof schema.contracts) =>
  sql`(case when ${c.data}->'noticePeriod'->>'unit' = 'months'
    then make_interval(months => (${c.data}->'noticePeriod'->>'count')::int)
    else make_interval(days => (${c.data}->'noticePeriod'->>'count')::int) end)`;

async function sweepContracts(scope: Scope, today: CalendarDate, pageSize: number, run: Run) {
  const c = schema.contracts;
  const windowDays = scope.settings.renewals.noticeWindowDays;
  const deadline = sql`(${c.endDate} - ${noticeInterval(c)})`;
  const where = or(
    // Activation: signed and the start date has come.
    and(eq(c.status, "signed"), lte(c.startDate, today)),
    // The notice window opens `noticeWindowDays` before the notice deadline.
    and(eq(c.status, "active"), sql`${deadline} <= (${today}::date + ${windowDays + MARGIN_DAYS}::int)`),
    // Tacit renewal the day after the notice deadline; expiry the day after the end (never earlier).
    and(eq(c.status, "expiring"), sql`${deadline} < (${today}::date + ${MARGIN_DAYS}::int)`),
  );
  const outcome = new Outcome();
  outcome.candidates = await forEachRow(scope, c, where, pageSize, async (rows) => {
    for (const row of rows) {
      let contract: Contract = ContractSchema.parse(row.data);
      for (const command of dueContractCommands(contract, today, scope.settings.renewals)) {
        const because = contractReason(command.type, contract, scope.settings.renewals);
        const next = await run(outcome, { aggregate: "contract", id: row.id, command, because });
        // A refused step leaves the contract where it was: the later steps were due only after it.
        if (next === undefined) break;
        contract = next as Contract;
      }
    }
  });
  return outcome;
}

/**
 * Each binding contract with a billing schedule bills its due periods, oldest first, one command each. The
 * contract records the period as billed in the same transaction as its invoice's draft (a follow-up), so a rerun,
 * or a run after a crash, finds it billed and drafts nothing twice; the invoice's id, derived from the contract
 * and the period, guards the same line a second time.
 */
async function sweepRetainers(scope: Scope, today: CalendarDate, pageSize: number, run: Run) {
  const c = schema.contracts;
  const where = and(
    inArray(c.status, [...BINDING_CONTRACT_STATUSES]),
    sql`jsonb_typeof(${c.data}->'billingSchedule') = 'object'`,
    sql`(${c.data}->'billingSchedule'->>'startsOn')::date <= ${today}::date`,
  );
  const outcome = new Outcome();
  outcome.candidates = await forEachRow(scope, c, where, pageSize, async (rows) => {
    for (const row of rows) {
      let contract: Contract = ContractSchema.parse(row.data);
      for (const period of dueRetainerPeriods(contract, today)) {
        const because = retainerReason(period);
        const command = { type: "BillRetainerPeriod" } as const;
        const next = await run(outcome, { aggregate: "contract", id: row.id, command, because });
        if (next === undefined) break;
        contract = next as Contract;
      }
    }
  });
  return outcome;
}

/** Why a retainer's period is billed, in words kept with its events (the demo's past sweeps use it too). */
export function retainerReason(period: Pick<RetainerPeriod, "start" | "end" | "issueOn">): string {
  return `the period ${spellFullDate(period.start)} to ${spellFullDate(period.end)} of its billing schedule is issued on ${spellFullDate(period.issueOn)}`;
}

/** Why a time-driven contract command is due, in words kept with its events (the demo's past sweeps use it too). */
export function contractReason(type: string, c: Contract, renewals: RenewalSettings): string {
  switch (type) {
    case "Activate":
      return `its start date, ${spellFullDate(c.startDate)}, has come`;
    case "EnterNoticeWindow":
      return `its notice window opened on ${spellFullDate(noticeWindowOpensOn(c, renewals))}`;
    case "ApplyTacitRenewal":
      return `no notice of non-renewal was given by ${spellFullDate(noticeDeadline(c.endDate, c.noticePeriod))}`;
    case "Expire":
      return `its term ended on ${spellFullDate(c.endDate)}`;
    default:
      return "it was due";
  }
}

async function sweepInvoices(scope: Scope, today: CalendarDate, pageSize: number, run: Run) {
  const t = schema.invoices;
  const outcome = new Outcome();
  const where = and(eq(t.status, "issued"), lt(t.dueDate, today));
  outcome.candidates = await forEachRow(scope, t, where, pageSize, async (rows) => {
    for (const row of rows) {
      const invoice = InvoiceSchema.parse(row.data);
      for (const command of dueInvoiceCommands(invoice, today)) {
        const because = `it was due on ${spellFullDate(invoice.dueDate)} and is unpaid`;
        await run(outcome, { aggregate: "invoice", id: row.id, command, because });
      }
    }
  });
  return outcome;
}

async function sweepEscalations(scope: Scope, now: Timestamp, pageSize: number, run: Run) {
  const t = schema.escalations;
  const outcome = new Outcome();
  // Escalated at or after the deadline means this breach was answered already (see dueEscalationCommands).
  const where = and(
    inArray(t.status, [...LIVE_ESCALATION_STATUSES]),
    lt(t.slaDueAt, now),
    sql`coalesce((${t.data}->>'escalatedAt')::timestamptz < ${t.slaDueAt}, true)`,
  );
  let members: Awaited<ReturnType<typeof allMembers>> | undefined;
  outcome.candidates = await forEachRow(scope, t, where, pageSize, async (rows) => {
    members ??= await allMembers(scope);
    for (const row of rows) {
      const escalation = EscalationSchema.parse(row.data);
      for (const f of slaBreachFollowUps(escalation, now, members)) {
        await run(outcome, { aggregate: "escalation", id: f.id, command: f.command, because: f.because });
      }
    }
  });
  return outcome;
}

async function findStaleDeals(scope: Scope, now: Timestamp, pageSize: number): Promise<SweepRottingOutcome> {
  const o = schema.opportunities;
  const nowMs = Date.parse(now);
  // A deal rots once more than `rottingDays` whole days have passed since the later of entering its stage and
  // its last activity: both must lie at least rottingDays + 1 days back.
  const byStage: SQL[] = [];
  for (const p of scope.settings.pipelines) {
    for (const s of p.stages) {
      if (s.kind !== "open" || s.rottingDays === null) continue;
      const cutoff = new Date(nowMs - (s.rottingDays + 1) * 86_400_000).toISOString();
      byStage.push(
        sql`(${o.pipelineId} = ${p.id} and ${o.stageId} = ${s.id} and ${o.stageEnteredAt} <= ${cutoff}
          and coalesce((${o.data}->>'lastActivityAt')::timestamptz <= ${cutoff}::timestamptz, true))`,
      );
    }
  }
  if (byStage.length === 0) return { candidates: 0, stale: [], spared: [] };
  const where = and(eq(o.status, "open"), or(...byStage));
  const stale: StaleDeal[] = [];
  const spared: SparedDeal[] = [];
  const candidates = await forEachRow(scope, o, where, pageSize, async (rows) => {
    const deals = rows.map((r) => OpportunitySchema.parse(r.data));
    const activities = (
      await listDataWhereIn(
        scope,
        schema.activities,
        schema.activities.opportunityId,
        rows.map((r) => r.id),
      )
    ).map((d) => ActivitySchema.parse(d));
    const report = staleDeals(deals, scope.settings.pipelines, activities, now);
    stale.push(...report.stale);
    spared.push(...report.spared);
  });
  stale.sort((a, b) => b.idleDays - a.idleDays || (a.opportunityId < b.opportunityId ? -1 : 1));
  return { candidates, stale, spared };
}
