import { randomUUID } from "node:crypto";
import {
  type Account,
  type AccountCommand,
  type AccountReference,
  type Actor,
  type AppliedDefault,
  accountByNameCommand,
  addContactCommand,
  addMemberCommand,
  asId,
  authorise,
  type Contact,
  createAccountCommand,
  DEFAULT_IMPORTED_ROLE,
  decideCommand,
  type FollowUp,
  factsWanted,
  findMember,
  type ImportFacts,
  type ImportRow,
  type Member,
  type MemberId,
  normalizeName,
  opportunityRowCommands,
  placeholderEmail,
  type Refusal,
  type Result,
  type RowIssue,
  readAccountRow,
  readContactRow,
  readImportRow,
  readMemberRow,
  readOpportunityRow,
  type Timestamp,
} from "@accountable/domain";
import {
  appendNewStreams,
  claimIdempotencyKeys,
  findIdempotencyKeys,
  findWorkspace,
  type NewStream,
  type StoreDatabase,
  schema,
} from "@accountable/store";
import type { z } from "zod";
import { type AggregateType, REGISTRY } from "../aggregates/registry.ts";
import type { AnySpec } from "../aggregates/spec.ts";
import { execute, loadScope, SYSTEM_ACTOR } from "../execute.ts";
import { allMembers } from "../lookups.ts";
import { type NotAMember, type NotFound, notAMember, notFound } from "../refusals.ts";
import { ProjectionBuffer, type Scope, selectRows, writeProjections } from "../scope.ts";
import { type AccountCache, BatchFacts } from "./import-facts.ts";
import type { ImportOptionsSchema, ImportSummarySchema, SKIP_REASONS } from "./import-schema.ts";
import {
  accountIdForName,
  importScope,
  memberIdForEmail,
  memberIdForName,
  nameToken,
  rowEntityId,
  rowKey,
} from "./row-keys.ts";

/**
 * How to run an import: the options of `ImportOptionsSchema` (the API's request and the CLI's through a server
 * carry the same), and a progress callback, called after each batch commits; awaited, so a slow progress bar
 * slows the import instead of piling up.
 */
export type ImportOptions = z.infer<typeof ImportOptionsSchema> & {
  readonly onProgress?: (progress: ImportProgress) => void | Promise<void>;
};

export interface ImportRunOptions extends ImportOptions {
  /** When the import happens: the time of every event it writes. */
  readonly now: Timestamp;
  /** Milliseconds on a monotonic clock, for rows per second only (the adapter passes `performance.now`). */
  readonly stopwatch: () => number;
}

/** Where a running import stands, after a batch commits. */
export interface ImportProgress {
  readonly done: number;
  readonly imported: number;
  readonly rejected: number;
  readonly skipped: number;
  readonly elapsedMs: number;
  readonly rowsPerSecond: number;
}

/** What an import did with every row (see `ImportSummarySchema`): `read = imported + rejected + skipped`, always. */
export type ImportSummary = z.infer<typeof ImportSummarySchema>;
/** A row that was not imported because of what it says, with every reason, field by field. */
export type RowRejection = ImportSummary["rejections"][number];
/**
 * Why a row was skipped: a repeat of an earlier row of this run (same key: same source id, or same content),
 * a row an earlier run imported, or a record the workspace already has (an account of that name, a contact
 * with that e-mail at that account).
 */
export type SkipReason = (typeof SKIP_REASONS)[number];
export type RowSkip = ImportSummary["skips"][number];
/** A parent an account row set on an account that existed without one. */
export type ParentSet = ImportSummary["parentsSet"][number];
/** A member an import made from an owner's name: who, where first named, and the e-mail they were given. */
export type CreatedOwner = ImportSummary["ownersCreated"][number];

export type ImportResult =
  | { readonly ok: true; readonly value: ImportSummary }
  | { readonly ok: false; readonly error: NotFound | NotAMember };

// What a key's row in `idempotency_keys` records: which run and row imported it, and the streams it created.
interface KeyRecord {
  readonly run: string;
  readonly row: number;
  readonly kind: ImportRow["kind"];
  /** The record the row became. */
  readonly id: string;
  /** Every stream the row created: the record's, and the account's when the row created that too. */
  readonly streams: readonly string[];
}

type MemberRef = Pick<Member, "id" | "name" | "email" | "active" | "role" | "reportsTo">;

/** The run's knowledge of account names, kept across batches: name → the ids of the accounts so named. */
type AccountNames = Map<string, string[]>;

interface RunContext {
  readonly db: StoreDatabase;
  readonly workspaceId: string;
  readonly actor: Actor;
  /** The workspace's members as the run knows them: loaded at its start, plus those its batches committed. */
  members: MemberRef[];
  readonly facts: Omit<ImportFacts, "members">;
  readonly options: ImportRunOptions;
  readonly scopeName: string;
  readonly runId: string;
  readonly accountNames: AccountNames;
  readonly accountCache: AccountCache;
  /** `accountIdForName`, remembered: a deal file names the same few thousand accounts over and over. */
  readonly accountId: (name: string) => string;
  /** Batches one after another, each decided from what the database says (a dry run's one transaction). */
  readonly serial: boolean;
  /**
   * The accounts a row may name as its parent, committed (the workspace's, and this run's committed batches):
   * by `normalizeName` of their names, and by `id:` and their id.
   */
  readonly parents: Map<string, string[]>;
  /** Rows held to the end of the file: account rows whose parent no account read so far is, and rows naming them. */
  readonly deferred: Map<number, NumberedRow>;
  /** The names (`normalizeName`) of the deferred account rows. */
  readonly deferredNames: Set<string>;
  /** The last pass, over the deferred rows: a parent not found now is no account of the workspace or the file. */
  final: boolean;
  /** Deferred account rows whose parents form a circle, with the circle in words. */
  readonly cycles: Map<number, string>;
  /**
   * Every account's parent as the run has decided it (the workspace's, then each account it creates or gives a
   * parent), with its name: what an account row naming an existing account checks its parent against.
   */
  readonly parentOf: Map<string, { readonly name: string; parentId: string | null }>;
}

// Rows per batch. Each batch reads the accounts its rows name (their versions, contacts and contracts) and writes
// its rows in a handful of COPY statements, savepoints and a commit: over 10,000 deal rows on the embedded database,
// batches of 5,000 spent ~15 % less time in the database than batches of 1,000 (the same accounts are read twice,
// not ten times), and a batch of 5,000 decided rows holds a few MB.
const DEFAULT_BATCH = 5_000;
const MAX_ATTEMPTS = 5;

/**
 * Imports accounts, contacts and deals from rows, in batches of `batchSize`, each in one transaction with the
 * idempotency keys of its rows. Every row goes through the aggregate's command schema, the domain's `can` and
 * `decide` (with the context its spec would load), and the spec's own projection; only the writes are done
 * in bulk. Every row comes back imported, rejected with its reasons, or skipped with why.
 *
 * A crash loses at most the batch in flight, which leaves nothing behind; running the same rows again skips
 * what was imported (by key) and imports the rest.
 */
export async function importRows(
  db: StoreDatabase,
  workspaceId: string,
  actorId: string,
  rows: Iterable<unknown> | AsyncIterable<unknown>,
  options: ImportRunOptions,
): Promise<ImportResult> {
  if (options.source.trim() === "") throw new RangeError("an import needs the name of its source");
  if (options.dryRun) return dryRun(db, workspaceId, actorId, rows, options);
  return run(db, workspaceId, actorId, rows, options, false);
}

/** Thrown to roll a dry run's transaction back once its summary is known. */
class DryRunRollback extends Error {}

/** The real run, inside a transaction rolled back at its end: the same checks, the same counts, nothing kept. */
async function dryRun(
  db: StoreDatabase,
  workspaceId: string,
  actorId: string,
  rows: Iterable<unknown> | AsyncIterable<unknown>,
  options: ImportRunOptions,
): Promise<ImportResult> {
  let result: ImportResult | undefined;
  try {
    await db.transaction(async (tx) => {
      result = await run(tx, workspaceId, actorId, rows, options, true);
      throw new DryRunRollback();
    });
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
  }
  if (!result) throw new Error("a dry run ended without a summary");
  return result.ok ? { ok: true, value: { ...result.value, dryRun: true } } : result;
}

async function run(
  db: StoreDatabase,
  workspaceId: string,
  actorId: string,
  rows: Iterable<unknown> | AsyncIterable<unknown>,
  options: ImportRunOptions,
  serial: boolean,
): Promise<ImportResult> {
  if (!(await findWorkspace(db, workspaceId)))
    return { ok: false, error: notFound("workspace", workspaceId) };
  const scope = await loadScope(db, workspaceId);
  const members = await allMembers(scope);
  const importer = members.find((m) => m.id === actorId);
  // The system actor owns nothing and answers to no one: an import runs as a person.
  if (!importer?.active) return { ok: false, error: notAMember(actorId) };

  const context: RunContext = {
    db,
    workspaceId,
    actor: { memberId: importer.id, role: importer.role },
    members,
    facts: {
      settings: scope.settings,
      importerId: importer.id as MemberId,
      source: options.source,
      ...(options.currency ? { currency: options.currency } : {}),
      ...(options.dateFormat ? { dateFormat: options.dateFormat } : {}),
      ...(options.excelSerialFields?.length ? { excelSerialFields: options.excelSerialFields } : {}),
      ...(options.decimalMark ? { decimalMark: options.decimalMark } : {}),
    },
    options,
    scopeName: importScope(options.source),
    runId: randomUUID(),
    accountNames: new Map(),
    accountCache: new Map(),
    accountId: remembered(accountIdForName),
    serial,
    parents: new Map(),
    deferred: new Map(),
    deferredNames: new Set(),
    final: false,
    cycles: new Map(),
    parentOf: new Map(),
  };
  await loadAccountNames(scope, context);
  const size = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
  const started = options.stopwatch();
  const tally = new Tally();
  let rowNumber = options.firstRow ?? 1;
  let batch: NumberedRow[] = [];

  const committed = async (b: BatchRun) => {
    tally.add(await b.committed);
    const elapsedMs = options.stopwatch() - started;
    await options.onProgress?.({
      done: tally.read,
      imported: tally.imported,
      rejected: tally.rejections.length,
      skipped: tally.skips.length,
      elapsedMs,
      rowsPerSecond: perSecond(tally.read, elapsedMs),
    });
  };
  // One batch decides while the one before it writes; each commits after the one before it.
  let inFlight: BatchRun | undefined;
  const start = async () => {
    const previous = inFlight;
    inFlight = startBatch(context, batch, previous);
    batch = [];
    if (previous) await committed(previous);
  };
  try {
    for await (const input of rows) {
      batch.push({ row: rowNumber++, input });
      if (batch.length >= size) await start();
    }
    if (batch.length > 0) await start();
    // Every batch of the first pass has decided (and held its rows) once the last one has committed.
    if (inFlight) await committed(inFlight);
    inFlight = undefined;
    // Rows held for a parent named further on: read now that every row of the file has been, parents first.
    if (context.deferred.size > 0) {
      context.final = true;
      for (const row of orderDeferred(context)) {
        batch.push(row);
        if (batch.length >= size) await start();
      }
      if (batch.length > 0) await start();
    }
    if (inFlight) await committed(inFlight);
  } catch (error) {
    // The rows or the progress callback failed: let the batch in flight finish (it is whole or absent either
    // way) so that nothing is still writing once the caller hears of the failure.
    await inFlight?.committed.catch(() => undefined);
    throw error;
  }

  const elapsedMs = options.stopwatch() - started;
  return { ok: true, value: tally.summary(options, elapsedMs) };
}

function remembered(f: (name: string) => string): (name: string) => string {
  const known = new Map<string, string>();
  return (name) => {
    const value = known.get(name) ?? f(name);
    known.set(name, value);
    return value;
  };
}

const perSecond = (rows: number, ms: number) => (ms > 0 ? Math.round((rows * 1000) / ms) : 0);

/** The workspace's accounts, by name (for rows naming an account) and as parents. */
async function loadAccountNames(scope: Scope, run: RunContext): Promise<void> {
  const rows = await selectRows(scope, schema.accounts, {
    id: schema.accounts.id,
    name: schema.accounts.name,
    parentId: schema.accounts.parentId,
  });
  for (const r of rows) {
    addName(run.accountNames, r.name, r.id);
    addParent(run.parents, r.name, r.id);
    run.parentOf.set(r.id, { name: r.name, parentId: r.parentId });
  }
}

function addParent(parents: Map<string, string[]>, name: string, id: string): void {
  for (const key of [normalizeName(name), `id:${id}`]) {
    const ids = parents.get(key);
    if (!ids) parents.set(key, [id]);
    else if (!ids.includes(id)) ids.push(id);
  }
}

/**
 * The deferred rows in the order the last pass reads them: account rows with each parent before its children,
 * then the rows that name those accounts, in file order. Account rows whose parents form a circle are marked
 * (`run.cycles`), to be rejected saying so; so is a row naming its own account as parent.
 */
function orderDeferred(run: RunContext): NumberedRow[] {
  const accounts = new Map<string, { row: NumberedRow; parent: string | undefined; name: string }>();
  const others: NumberedRow[] = [];
  for (const row of [...run.deferred.values()].sort((a, b) => a.row - b.row)) {
    const parsed = readImportRow(row.input);
    if (parsed.ok && parsed.value.kind === "account" && parsed.value.name !== undefined) {
      const key = normalizeName(parsed.value.name);
      if (!accounts.has(key))
        accounts.set(key, {
          row,
          name: parsed.value.name,
          parent: parsed.value.parent === undefined ? undefined : normalizeName(parsed.value.parent),
        });
      else others.push(row);
    } else others.push(row);
  }
  const ordered: NumberedRow[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (key: string, path: string[]): void => {
    const at = state.get(key);
    const node = accounts.get(key);
    if (at === "done" || !node) return;
    if (at === "visiting") {
      const circle = path.slice(path.indexOf(key));
      const words = [...circle, key].map((k) => `"${accounts.get(k)!.name}"`).join(" → ");
      for (const k of circle)
        run.cycles.set(
          accounts.get(k)!.row.row,
          circle.length === 1
            ? `"${node.name}" names itself as its parent: an account cannot be its own parent`
            : `the parents named form a circle (${words}): an account cannot be its own ancestor; give one of them a parent outside the circle, or none`,
        );
      return;
    }
    state.set(key, "visiting");
    if (node.parent !== undefined) visit(node.parent, [...path, key]);
    state.set(key, "done");
    ordered.push(node.row);
  };
  for (const key of accounts.keys()) visit(key, []);
  return [...ordered, ...others.sort((a, b) => a.row - b.row)];
}

function addName(names: AccountNames, name: string, id: string): void {
  const key = normalizeName(name);
  const ids = names.get(key);
  if (!ids) names.set(key, [id]);
  else if (!ids.includes(id)) ids.push(id);
}

interface NumberedRow {
  readonly row: number;
  readonly input: unknown;
}

/** What one committed batch did. */
interface BatchOutcome {
  readonly read: number;
  readonly imported: {
    readonly kind: ImportRow["kind"];
    readonly currency: string | null;
    readonly defaults: readonly AppliedDefault[];
  }[];
  accountsCreated: number;
  readonly ownersCreated: CreatedOwner[];
  /** Members the batch created (from member rows and owners' names), to remember for the next batches. */
  readonly members: MemberRef[];
  readonly rejections: RowRejection[];
  readonly skips: RowSkip[];
  readonly parentsSet: ParentSet[];
  /** Accounts the batch created or found, to remember by name for the next batches. */
  readonly names: readonly { readonly name: string; readonly id: string }[];
}

class Tally {
  read = 0;
  imported = 0;
  batches = 0;
  accountsCreated = 0;
  readonly ownersCreated: CreatedOwner[] = [];
  readonly byKind = { account: 0, contact: 0, opportunity: 0, member: 0 };
  readonly currencies: Record<string, number> = {};
  readonly defaults = new Map<string, { field: string; value: string; rows: number }>();
  readonly rejections: RowRejection[] = [];
  readonly skips: RowSkip[] = [];
  readonly parentsSet: ParentSet[] = [];

  add(o: BatchOutcome): void {
    this.batches++;
    this.read += o.read;
    this.imported += o.imported.length;
    this.accountsCreated += o.accountsCreated;
    for (const m of o.ownersCreated) this.ownersCreated.push(m);
    for (const i of o.imported) {
      this.byKind[i.kind]++;
      if (i.currency !== null) this.currencies[i.currency] = (this.currencies[i.currency] ?? 0) + 1;
      for (const d of i.defaults) {
        const key = `${d.field}\n${d.value}`;
        const known = this.defaults.get(key);
        if (known) known.rows++;
        else this.defaults.set(key, { ...d, rows: 1 });
      }
    }
    for (const r of o.rejections) this.rejections.push(r);
    for (const k of o.skips) this.skips.push(k);
    for (const u of o.parentsSet) this.parentsSet.push(u);
  }

  summary(options: ImportOptions, elapsedMs: number): ImportSummary {
    const summary: ImportSummary = {
      source: options.source,
      dryRun: false,
      dateFormat: options.dateFormat ?? null,
      decimalMark: options.decimalMark ?? ".",
      excelSerialFields: [...(options.excelSerialFields ?? [])],
      read: this.read,
      imported: this.imported,
      rejected: this.rejections.length,
      skipped: this.skips.length,
      importedByKind: { ...this.byKind },
      accountsCreated: this.accountsCreated,
      ownersCreated: this.ownersCreated,
      currencies: { ...this.currencies },
      defaults: [...this.defaults.values()],
      // In file order: rows held to the end of the file (a parent named further on) are decided last.
      rejections: this.rejections.sort((a, b) => a.row - b.row),
      skips: this.skips.sort((a, b) => a.row - b.row),
      parentsSet: this.parentsSet.sort((a, b) => a.row - b.row),
      batches: this.batches,
      elapsedMs: Math.round(elapsedMs),
      rowsPerSecond: perSecond(this.read, elapsedMs),
    };
    // Every row is imported, rejected or skipped: a row counted nowhere would be a bug, never a silent drop.
    if (summary.read !== summary.imported + summary.rejected + summary.skipped)
      throw new Error(
        `import lost count of rows: ${JSON.stringify({ ...summary, rejections: [], skips: [] })}`,
      );
    return summary;
  }
}

/** Another writer got there first (a key, or an account of the same name): the batch is run again. */
class BatchConflict extends Error {}

/**
 * What a batch learned before it commits, handed to the next batch so that it can decide while this one
 * writes, seeing what it would see after the commit: the accounts and contacts this batch creates, the names
 * it resolved, and the keys of the rows it imports (a repeat of one is a repeat in the file).
 */
interface Lookahead {
  readonly names: readonly { readonly name: string; readonly id: string }[];
  readonly accounts: readonly Account[];
  readonly contacts: readonly Contact[];
  readonly members: readonly MemberRef[];
  readonly keys: ReadonlyMap<string, number>;
}

/**
 * A batch on its way: when it has decided (its lookahead, or null if it failed first), whether its first
 * transaction committed, and when it is committed for good (after a serial retry if it had to be decided again).
 */
interface BatchRun {
  readonly decided: Promise<Lookahead | null>;
  readonly firstAttempt: Promise<boolean>;
  readonly committed: Promise<BatchOutcome>;
}

/**
 * Runs a batch in its own transaction: decides with the previous batch's lookahead while that batch writes,
 * then waits for its commit before writing. If the previous batch did not commit as decided (another writer
 * got in), or another writer got in ahead of this one, the batch rolls back and is decided again from
 * scratch once the previous one has committed. The only wait inside a transaction is for the previous
 * batch's first transaction, which never waits for this one: no deadlock, even on one connection (PGlite).
 */
function startBatch(
  run: RunContext,
  batch: readonly NumberedRow[],
  previous: BatchRun | undefined,
): BatchRun {
  if (run.serial) {
    // One transaction holds the run (a dry run): no batch may overlap another, each decides from the database.
    const committed = (async () => {
      if (previous) await afterCommit(previous);
      return runSerially(run, batch);
    })();
    committed.catch(() => {});
    return {
      decided: committed.then(
        () => null,
        () => null,
      ),
      firstAttempt: committed.then(
        () => true,
        () => false,
      ),
      committed,
    };
  }
  let announce: (l: Lookahead | null) => void = () => {};
  const decided = new Promise<Lookahead | null>((resolve) => {
    announce = resolve;
  });
  let settle: (committed: boolean) => void = () => {};
  const firstAttempt = new Promise<boolean>((resolve) => {
    settle = resolve;
  });
  const committed = (async () => {
    try {
      let ahead = previous ? await previous.decided : undefined;
      if (previous && ahead === null) {
        // The batch before is being decided again: wait for its commit, then the database says it all.
        await afterCommit(previous);
        ahead = undefined;
      }
      const outcome = await run.db.transaction(async (tx) => {
        const d = await decideBatch(run, tx, batch, ahead ?? undefined);
        if (previous && ahead && !(await previous.firstAttempt))
          throw new BatchConflict("the batch before was not committed as decided");
        // Only now is the lookahead sure to hold (once this batch commits): the next batch may decide with it.
        announce(d.lookahead);
        await writeBatch(run, tx, d);
        return d.outcome;
      });
      remember(run, outcome);
      settle(true);
      return outcome;
    } catch (e) {
      announce(null);
      settle(false);
      if (!(e instanceof BatchConflict)) throw e;
      // Decided again once the batch before has committed, from what the database then says; if the batch
      // before failed, so does the import, and this batch writes nothing.
      if (previous) await afterCommit(previous);
      return runSerially(run, batch);
    }
  })();
  // Awaited in order by the caller; until then, a failure must not count as unhandled.
  committed.catch(() => {});
  return { decided, firstAttempt, committed };
}

/** Waits for a batch to commit; if it failed, so does the import, and the caller writes nothing. */
async function afterCommit(b: BatchRun): Promise<void> {
  const failure = await b.committed.then(
    () => undefined,
    (error: unknown) => error ?? new Error("an import batch failed"),
  );
  if (failure !== undefined) throw failure;
}

/** Decides and writes a batch in one transaction, again while another writer keeps getting in first. */
async function runSerially(run: RunContext, batch: readonly NumberedRow[]): Promise<BatchOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      const outcome = await run.db.transaction(async (tx) => {
        const d = await decideBatch(run, tx, batch, undefined);
        await writeBatch(run, tx, d);
        return d.outcome;
      });
      remember(run, outcome);
      return outcome;
    } catch (e) {
      if (!(e instanceof BatchConflict) || attempt >= MAX_ATTEMPTS) throw e;
      // Another writer may have added the very member a row's owner names: decide again with who is there now.
      run.members = await allMembers(await loadScope(run.db, run.workspaceId));
    }
  }
}

function remember(run: RunContext, outcome: BatchOutcome): void {
  for (const { name, id } of outcome.names) {
    addName(run.accountNames, name, id);
    addParent(run.parents, name, id);
  }
  for (const m of outcome.members) if (!run.members.some((k) => k.id === m.id)) run.members.push(m);
}

/** A row after its shape and key are known, on its way to an outcome. */
interface Pending {
  readonly row: number;
  readonly input: unknown;
  readonly parsed: ImportRow;
  readonly key: string;
  /** An account row an earlier run imported (by its key), read again only for the parent it names. */
  existing?: { readonly id: string; readonly message: string };
}

/** Commands for one new stream, decided in order. */
interface Step {
  readonly aggregate: AggregateType;
  readonly id: string;
  readonly commands: readonly { readonly type: string }[];
  /** The row field an issue with this step is about when the refusal names none (`accountName` for an account the row creates). */
  readonly field?: string;
}

interface DecidedStream {
  readonly aggregate: AggregateType;
  readonly id: string;
  readonly events: readonly { readonly type: string; readonly at?: string }[];
  readonly state: { readonly status: string };
  /** What the domain asks to run next, after the batch's writes. */
  readonly followUps: readonly FollowUp[];
}

type RowOutcome =
  | {
      readonly tag: "imported";
      readonly streams: readonly DecidedStream[];
      readonly currency: string | null;
      readonly defaults: readonly AppliedDefault[];
    }
  | { readonly tag: "rejected"; readonly reasons: readonly RowIssue[] }
  | {
      readonly tag: "skipped";
      readonly reason: SkipReason;
      readonly message: string;
      /** The parent the row sets on the account that exists, which had none. */
      readonly setParent?: { readonly accountId: string; readonly parentId: string };
    }
  /** Held to the end of the file: its parent (or its account's) may be a row further on. */
  | { readonly tag: "deferred" };

/** A batch decided in memory: its outcome, and the writes that make it so. */
interface DecidedBatch {
  readonly outcome: BatchOutcome;
  /** Parents to set on accounts that exist, each by the row that names it. */
  readonly parentUpdates: readonly ParentSet[];
  readonly keys: readonly { readonly key: string; readonly result: KeyRecord }[];
  readonly streams: readonly NewStream[];
  readonly decided: readonly DecidedStream[];
  readonly scope: Scope;
  readonly buffer: ProjectionBuffer;
  readonly lookahead: Lookahead;
}

/** Reads, resolves, authorises and decides every row of the batch, in memory; writes nothing. */
async function decideBatch(
  run: RunContext,
  tx: StoreDatabase,
  batch: readonly NumberedRow[],
  ahead: Lookahead | undefined,
): Promise<DecidedBatch> {
  const { workspaceId, options } = run;
  const buffer = new ProjectionBuffer();
  const scope: Scope = { db: tx, workspaceId, settings: run.facts.settings, projections: buffer };
  const outcome: BatchOutcome = {
    read: batch.length,
    imported: [],
    accountsCreated: 0,
    ownersCreated: [],
    members: [],
    rejections: [],
    skips: [],
    parentsSet: [],
    names: [],
  };
  const reject = (row: number, kind: ImportRow["kind"] | null, reasons: readonly RowIssue[]) =>
    outcome.rejections.push({ row, kind, reasons: [...reasons] });
  const skip = (row: number, kind: ImportRow["kind"], reason: SkipReason, message: string) =>
    outcome.skips.push({ row, kind, reason, message });

  // 1. Shapes and keys; repeats within the batch wait for the outcome of their first occurrence.
  const pending: Pending[] = [];
  const firstByKey = new Map<string, Pending>();
  const repeats: { readonly of: Pending; readonly row: number; readonly input: unknown }[] = [];
  for (const { row, input } of batch) {
    const parsed = readImportRow(input);
    if (!parsed.ok) {
      reject(row, kindOf(input), parsed.error);
      continue;
    }
    const p = { row, input, parsed: parsed.value, key: rowKey(options.source, parsed.value) };
    const first = firstByKey.get(p.key);
    if (first) repeats.push({ of: first, row, input });
    else {
      firstByKey.set(p.key, p);
      pending.push(p);
    }
  }

  // 2. Keys recorded by this run's earlier batches or by earlier runs.
  const recorded = await findIdempotencyKeys(tx, workspaceId, run.scopeName, [...firstByKey.keys()]);
  const outcomes = new Map<Pending, RowOutcome>();
  for (const p of pending) {
    const before = ahead?.keys.get(p.key);
    if (before !== undefined) {
      outcomes.set(p, {
        tag: "skipped",
        reason: "duplicate_in_file",
        message: `the same row as row ${before}`,
      });
      continue;
    }
    const done = recorded.get(p.key) as KeyRecord | undefined;
    if (!done) continue;
    if (done.run !== run.runId && p.parsed.kind === "account" && p.parsed.parent !== undefined) {
      // Imported by an earlier run, and naming a parent: read on, to set it if the account has none.
      p.existing = {
        id: done.id,
        message: `imported from ${options.source} by an earlier run (as ${done.id})`,
      };
      continue;
    }
    outcomes.set(
      p,
      done.run === run.runId
        ? { tag: "skipped", reason: "duplicate_in_file", message: `the same row as row ${done.row}` }
        : {
            tag: "skipped",
            reason: "already_imported",
            message: `imported from ${options.source} by an earlier run (as ${done.id})`,
          },
    );
  }

  // 3. The accounts the rows name, loaded once for the batch.
  const names = new Map<string, string[]>(); // this batch's view: the run's names plus what it finds or creates
  const nameIds = (name: string) => names.get(normalizeName(name)) ?? [];
  const wanted: string[] = [];
  for (const p of pending) {
    if (outcomes.has(p)) continue;
    const r = p.parsed;
    if (r.kind === "account" && r.name !== undefined) wanted.push(...accountCandidates(run, names, r.name));
    if (p.existing) wanted.push(p.existing.id);
    if (r.kind === "contact" || r.kind === "opportunity") {
      if (r.accountId !== undefined) wanted.push(r.accountId);
      else if (r.accountName !== undefined) wanted.push(...accountCandidates(run, names, r.accountName));
    }
  }
  const facts = await BatchFacts.load(scope, wanted, run.accountCache, run.members);
  // What the batch before creates is not committed yet: it is known from its lookahead.
  for (const a of ahead?.accounts ?? []) facts.addAccount(a);
  for (const c of ahead?.contacts ?? []) facts.addContact(c);
  for (const m of ahead?.members ?? []) if (!facts.members.some((k) => k.id === m.id)) facts.addMember(m);
  const created: { accounts: Account[]; contacts: Contact[] } = { accounts: [], contacts: [] };
  // Parents this batch may name beyond the committed ones: the batch before's accounts, and its own so far.
  const batchParents = new Map<string, string[]>();
  for (const { name, id } of ahead?.names ?? []) addParent(batchParents, name, id);
  const parentIds = (cell: string): string[] => {
    const ids = new Set<string>();
    for (const key of [`id:${cell}`, normalizeName(cell)])
      for (const map of [run.parents, batchParents]) for (const id of map.get(key) ?? []) ids.add(id);
    return [...ids];
  };
  let deferred = 0;
  const defer = (row: number, input: unknown, parsed: ImportRow) => {
    run.deferred.set(row, { row, input });
    // A row held to set the parent of an account that exists already creates nothing a deal row need wait for.
    if (parsed.kind === "account" && parsed.name !== undefined && nameIds(parsed.name).length === 0)
      run.deferredNames.add(normalizeName(parsed.name));
    deferred++;
  };
  const found: { name: string; id: string }[] = [];
  for (const [key, ids] of names) {
    const existing = ids.filter((id) => facts.accounts.has(id));
    names.set(key, existing);
    for (const id of existing) found.push({ name: facts.accounts.get(id)!.name, id });
  }

  // 4. Each row, in order: read, resolve, authorise, decide — in memory.
  const keys: { key: string; result: KeyRecord }[] = [];
  const streams: NewStream[] = [];
  const decidedAll: DecidedStream[] = [];
  const reason = (row: number) => `imported from ${options.source}, row ${row}`;
  for (const p of pending) {
    let o = outcomes.get(p);
    if (!o) {
      o = decideRow(run, p, facts, nameIds, parentIds);
      outcomes.set(p, o);
      if (o.tag === "imported") {
        for (const s of o.streams) {
          if (s.aggregate === "account") {
            const account = s.state as Account;
            facts.addAccount(account);
            created.accounts.push(account);
            names.set(normalizeName(account.name), [account.id]);
            addParent(batchParents, account.name, account.id);
            run.parentOf.set(account.id, { name: account.name, parentId: account.parentId });
            found.push({ name: account.name, id: account.id });
          }
          if (s.aggregate === "contact") {
            facts.addContact(s.state as Contact);
            created.contacts.push(s.state as Contact);
          }
          if (s.aggregate === "member") {
            const member = s.state as Member;
            outcome.members.push(member);
            if (p.parsed.kind !== "member")
              outcome.ownersCreated.push({
                row: p.row,
                memberId: member.id,
                name: member.name,
                email: member.email,
                role: member.role,
              });
          }
          streams.push({
            streamType: s.aggregate,
            streamId: s.id,
            events: s.events.map((e) => ({
              type: e.type,
              payload: e,
              at: e.at ?? options.now,
              actorId: run.actor.memberId,
              reason: reason(p.row),
            })),
          });
          decidedAll.push(s);
        }
        keys.push({
          key: p.key,
          result: {
            run: run.runId,
            row: p.row,
            kind: p.parsed.kind,
            id: o.streams[o.streams.length - 1]!.id,
            streams: o.streams.map((s) => s.id),
          },
        });
      }
    }
    if (o.tag === "deferred") defer(p.row, p.input, p.parsed);
    else if (o.tag === "imported") {
      outcome.imported.push({ kind: p.parsed.kind, currency: o.currency, defaults: o.defaults });
      outcome.accountsCreated += o.streams.filter((s) => s.aggregate === "account").length;
    } else if (o.tag === "rejected") reject(p.row, p.parsed.kind, o.reasons);
    else {
      skip(p.row, p.parsed.kind, o.reason, o.message);
      if (o.setParent) outcome.parentsSet.push({ row: p.row, ...o.setParent });
    }
  }
  for (const { of, row, input } of repeats) {
    const first = outcomes.get(of)!;
    // A repeat of a rejected row has the same faults; a repeat of an imported or skipped one adds nothing.
    if (first.tag === "deferred") defer(row, input, of.parsed);
    else if (first.tag === "rejected") reject(row, of.parsed.kind, first.reasons);
    else skip(row, of.parsed.kind, "duplicate_in_file", `the same row as row ${of.row}`);
  }

  const keyRows = new Map(keys.map((k) => [k.key, k.result.row]));
  return {
    outcome: { ...outcome, read: batch.length - deferred, names: found },
    parentUpdates: outcome.parentsSet,
    keys,
    streams,
    decided: decidedAll,
    scope,
    buffer,
    lookahead: {
      names: found,
      accounts: created.accounts,
      contacts: created.contacts,
      members: outcome.members,
      keys: keyRows,
    },
  };
}

/** The batch's writes: keys, events and read rows in its one transaction, so it is all there or not at all. */
async function writeBatch(run: RunContext, tx: StoreDatabase, d: DecidedBatch): Promise<void> {
  const { workspaceId, options } = run;
  const claimed = await claimIdempotencyKeys(tx, workspaceId, run.scopeName, d.keys);
  if (!claimed.ok) throw new BatchConflict(claimed.error.message);
  const appended = await appendNewStreams(tx, workspaceId, d.streams);
  if (!appended.ok) {
    // Only an account made from a name can meet a stream another writer just made (its id comes from the
    // name); anything else existing already means the log and the keys disagree, which must not be papered over.
    const ours = new Set(d.decided.filter((s) => s.aggregate !== "account").map((s) => s.id));
    if (appended.error.streamIds.some((id) => ours.has(id))) throw new Error(appended.error.message);
    throw new BatchConflict(appended.error.message);
  }
  for (const s of d.decided) {
    const spec: AnySpec = REGISTRY[s.aggregate];
    if (s.state.status !== "none") await spec.project(d.scope, s.state, s.events.length, options.now);
  }
  await writeProjections(d.scope, d.buffer);
  await runFollowUps(run, tx, d.decided);
  for (const u of d.parentUpdates) {
    // Decided and authorised with the batch (see `parentOfExisting`); a refusal now is a race lost, retried.
    const set = await execute(
      tx,
      workspaceId,
      {
        aggregate: "account",
        id: u.accountId,
        command: setParentCommand(u.parentId),
      },
      run.actor.memberId,
      { now: options.now, reason: `imported from ${options.source}, row ${u.row}` },
    );
    if (!set.ok)
      throw new BatchConflict(`the parent of ${u.accountId} could not be set: ${set.error.message}`);
  }
}

/** The ids an account name may stand for: the accounts the run knows by that name, else the id an import gives it. */
function accountCandidates(run: RunContext, names: Map<string, string[]>, name: string): string[] {
  const key = normalizeName(name);
  const ids = [...(run.accountNames.get(key) ?? []), run.accountId(name)];
  const unique = [...new Set(ids)];
  names.set(key, unique);
  return unique;
}

function kindOf(input: unknown): ImportRow["kind"] | null {
  const kind = (input as { kind?: unknown } | null)?.kind;
  return kind === "account" || kind === "contact" || kind === "opportunity" || kind === "member"
    ? kind
    : null;
}

/** One row's steps, decided in memory as `execute` would, or why not. */
function decideRow(
  run: RunContext,
  p: Pending,
  facts: BatchFacts,
  nameIds: (name: string) => string[],
  parentIds: (cell: string) => string[],
): RowOutcome {
  const r = p.parsed;
  const rejected = (reasons: readonly RowIssue[]): RowOutcome => ({ tag: "rejected", reasons });

  let steps: Step[];
  let currency: string | null = null;
  let defaults: readonly AppliedDefault[] = [];
  // An owner named by a name nobody has: the row makes them a member first, if the import may.
  const owner = r.kind === "member" ? undefined : ownerToCreate(run, r.owner, facts);
  if (owner) facts.addMember(owner.member);
  const rowFacts: ImportFacts = { ...run.facts, members: facts.directory };
  if (owner) facts.removeMember(owner.member.id);
  const ownerSteps = owner ? [owner.step] : [];
  if (r.kind === "member") {
    const draft = readMemberRow(r, rowFacts, DEFAULT_IMPORTED_ROLE);
    if (!draft.ok) return rejected(draft.error);
    const same = rowFacts.members.byEmail.get(draft.value.email);
    if (same)
      return {
        tag: "skipped",
        reason: "already_exists",
        message: `the workspace has a member with the e-mail ${draft.value.email} already (${same.id})`,
      };
    const memberId = memberIdForEmail(draft.value.email);
    const command = addMemberCommand(draft.value, memberId);
    if (!command.ok) return rejected(command.error);
    steps = [{ aggregate: "member", id: memberId, commands: [command.value] }];
  } else if (r.kind === "account") {
    const draft = readAccountRow(r, rowFacts);
    const existing = p.existing;
    if (existing) {
      const skipped = { tag: "skipped", reason: "already_imported", message: existing.message } as const;
      if (!draft.ok || draft.value.parent === null) return skipped;
      return parentOfExisting(run, p.row, existing.id, draft.value.parent, parentIds, facts, skipped);
    }
    if (!draft.ok) return rejected(draft.error);
    const same = nameIds(draft.value.name);
    if (same.length > 0) {
      const skipped = {
        tag: "skipped",
        reason: "already_exists",
        message: `the workspace has an account named "${draft.value.name}" already (${same.join(", ")})`,
      } as const;
      if (same.length > 1 || draft.value.parent === null) return skipped;
      return parentOfExisting(run, p.row, same[0]!, draft.value.parent, parentIds, facts, skipped);
    }
    const accountId = run.accountId(draft.value.name);
    let parentId: string | null = null;
    if (draft.value.parent !== null) {
      const parent = findParent(run, p.row, draft.value.parent, parentIds);
      if (parent.tag === "deferred") return parent;
      if (parent.tag === "rejected") return parent;
      parentId = parent.id;
    }
    const command = createAccountCommand(draft.value, accountId, run.options.source, parentId);
    if (!command.ok) return rejected(command.error);
    steps = [...ownerSteps, { aggregate: "account", id: accountId, commands: [command.value] }];
  } else {
    const draft = r.kind === "contact" ? readContactRow(r, rowFacts) : readOpportunityRow(r, rowFacts);
    if (!draft.ok) return rejected(draft.error);
    // An account this file creates further on (held for its parent) is named here: this row waits for it.
    const named = draft.value.account;
    if (!run.final && named.by === "name" && run.deferredNames.has(normalizeName(named.name)))
      return { tag: "deferred" };
    const ownerId = "accountOwnerId" in draft.value ? draft.value.accountOwnerId : draft.value.ownerId;
    const account = resolveAccount(run, draft.value.account, ownerId, facts, nameIds);
    if (!account.ok) return rejected(account.error);
    const { accountId, create } = account.value;
    steps = [...ownerSteps, ...(create ? [create] : [])];
    if (r.kind === "contact" && "roles" in draft.value) {
      const d = draft.value;
      if (d.email !== null && facts.contactsOf(accountId).some((c) => c.email?.toLowerCase() === d.email))
        return {
          tag: "skipped",
          reason: "already_exists",
          message: `the account has a contact with the e-mail ${d.email} already`,
        };
      const contactId = rowEntityId(run.options.source, "contact", p.key);
      const command = addContactCommand(d, { contactId, accountId }, run.options.source);
      if (!command.ok) return rejected(command.error);
      steps.push({ aggregate: "contact", id: contactId, commands: [command.value] });
    } else if ("amount" in draft.value) {
      currency = draft.value.amount?.currency ?? currency;
      defaults = draft.value.defaults;
      const opportunityId = rowEntityId(run.options.source, "opportunity", p.key);
      const commands = opportunityRowCommands(draft.value, { opportunityId, accountId }, run.options.source);
      if (!commands.ok) return rejected(commands.error);
      steps.push({ aggregate: "opportunity", id: opportunityId, commands: commands.value });
    }
  }

  const decided: DecidedStream[] = [];
  for (const step of steps) {
    // A deal's or contact's decisions see the account the row creates, as they would after its command ran.
    const result = decideStep(run, step, facts);
    if (!result.ok) {
      // That account or member is the batch's only if the row is imported (the caller then adds it for good).
      for (const d of decided) if (d.aggregate === "account") facts.accounts.delete(d.id);
      for (const d of decided) if (d.aggregate === "member") facts.removeMember(d.id);
      return rejected([issueOf(result.error, step)]);
    }
    decided.push(result.value);
    if (step.aggregate === "account") facts.addAccount(result.value.state as Account);
    if (step.aggregate === "member") facts.addMember(result.value.state as Member);
  }
  return { tag: "imported", streams: decided, currency, defaults };
}

/**
 * The parent an account row names: one account of the workspace or the file (by id, or by name as
 * `normalizeName` compares them); held to the end of the file while no account read so far is it; then
 * rejected, saying so, when none is, when several are, or when the parents named form a circle.
 */
function findParent(
  run: RunContext,
  row: number,
  cell: string,
  parentIds: (cell: string) => string[],
): { tag: "found"; id: string } | { tag: "deferred" } | { tag: "rejected"; reasons: RowIssue[] } {
  const circle = run.cycles.get(row);
  if (circle) return { tag: "rejected", reasons: [{ field: "parent", message: circle }] };
  const ids = parentIds(cell);
  if (ids.length === 1) return { tag: "found", id: ids[0]! };
  if (ids.length > 1)
    return {
      tag: "rejected",
      reasons: [
        {
          field: "parent",
          message: `${ids.length} accounts are named "${cell}" (${ids.join(", ")}): name the parent by its id`,
        },
      ],
    };
  if (!run.final) return { tag: "deferred" };
  const message = run.deferredNames.has(normalizeName(cell))
    ? `the parent "${cell}" is an account row of this file that was not imported (see its row)`
    : `no account is named "${cell}" (or has that id), in the workspace or in the file`;
  return { tag: "rejected", reasons: [{ field: "parent", message }] };
}

/** The command that gives an account that has none its parent. */
function setParentCommand(parentId: string): AccountCommand {
  return { type: "UpdateAccount", parentId: asId.account(parentId) };
}

/**
 * An account row naming an account that exists (by name, or imported by an earlier run) and a parent: the row is
 * skipped as before, and it sets the parent when the account has none — a rerun naming a parent the first import
 * lacked, or an account a deal row created before the account's own row. A parent other than the one the account
 * has is not changed by an import: the row is rejected, saying which it has and which the file names (as a
 * parent unknown, ambiguous, the account itself or one of its descendants is).
 */
function parentOfExisting(
  run: RunContext,
  row: number,
  accountId: string,
  cell: string,
  parentIds: (cell: string) => string[],
  facts: BatchFacts,
  skipped: { readonly tag: "skipped"; readonly reason: SkipReason; readonly message: string },
): RowOutcome {
  const parent = findParent(run, row, cell, parentIds);
  if (parent.tag !== "found") return parent;
  const rejected = (message: string): RowOutcome => ({
    tag: "rejected",
    reasons: [{ field: "parent", message }],
  });
  const known = run.parentOf.get(accountId);
  const name = known?.name ?? facts.accounts.get(accountId)?.name ?? accountId;
  const current = known ? known.parentId : (facts.accounts.get(accountId)?.parentId ?? null);
  if (current === parent.id) return skipped;
  if (current !== null) {
    const currentName = run.parentOf.get(current)?.name ?? current;
    return rejected(
      `"${name}" has the parent "${currentName}" (${current}) already, and this row names "${cell}" (${parent.id}): an import does not change a parent; change it on the account if the file is right`,
    );
  }
  if (parent.id === accountId)
    return rejected(`"${name}" names itself as its parent: an account cannot be its own parent`);
  const seen = new Set<string>();
  for (
    let at: string | null = parent.id;
    at !== null && !seen.has(at);
    at = run.parentOf.get(at)?.parentId ?? null
  ) {
    if (at === accountId)
      return rejected(
        `"${cell}" is "${name}"'s own descendant: an account cannot be its own ancestor, so its parent is not set`,
      );
    seen.add(at);
  }
  const account = facts.accounts.get(accountId);
  if (account) {
    const spec: AnySpec = REGISTRY.account;
    const command = setParentCommand(parent.id);
    const wanted = factsWanted(spec, account, command, run.actor);
    const refusal = authorise(spec, account, command, run.actor, facts.factsFor(wanted, run.facts.settings));
    if (refusal) return rejected(`the parent of "${name}" could not be set: ${refusal.message}`);
  }
  run.parentOf.set(accountId, { name, parentId: parent.id });
  return {
    ...skipped,
    message: `${skipped.message}; its parent is now "${cell}" (${parent.id}), as this row names, since it had none`,
    setParent: { accountId, parentId: parent.id },
  };
}

/**
 * The member to create for an owner cell that names a person nobody here is (by name: an unknown e-mail or id
 * stays the row's fault), when the import creates owners; undefined otherwise.
 */
function ownerToCreate(
  run: RunContext,
  cell: string | undefined,
  facts: BatchFacts,
): { member: MemberRef; step: Step } | undefined {
  const role = run.options.createOwners?.role ?? DEFAULT_IMPORTED_ROLE;
  if (cell === undefined || run.options.createOwners === undefined) return undefined;
  const match = findMember(cell, facts.directory);
  if (match.tag !== "unknown" || match.by !== "name") return undefined;
  const name = cell.trim().replace(/\s+/g, " ");
  const memberId = memberIdForName(name);
  const email = placeholderEmail(name, nameToken(normalizeName(name)));
  const command = addMemberCommand({ name, email, role, reportsTo: null }, memberId);
  // A name the member schema refuses (too long) is left to the row's own reading, which names the owner.
  if (!command.ok) return undefined;
  return {
    member: { id: memberId, name, email, active: true, role, reportsTo: null },
    step: { aggregate: "member", id: memberId, commands: [command.value], field: "owner" },
  };
}

/** The account a contact or deal row names: an existing one, or one the row creates from the name. */
function resolveAccount(
  run: RunContext,
  ref: AccountReference,
  ownerId: MemberId,
  facts: BatchFacts,
  nameIds: (name: string) => string[],
): Result<{ accountId: string; create?: Step }, RowIssue[]> {
  if (ref.by === "id") {
    return facts.accounts.has(ref.accountId)
      ? { ok: true, value: { accountId: ref.accountId } }
      : {
          ok: false,
          error: [{ field: "accountId", message: `there is no account with the id ${ref.accountId}` }],
        };
  }
  const ids = nameIds(ref.name);
  if (ids.length > 1)
    return {
      ok: false,
      error: [
        {
          field: "accountName",
          message: `${ids.length} accounts are named "${ref.name}" (${ids.join(", ")}): give accountId instead`,
        },
      ],
    };
  if (ids.length === 1) return { ok: true, value: { accountId: ids[0]! } };
  const accountId = run.accountId(ref.name);
  const command = accountByNameCommand(ref.name, accountId, ownerId, run.options.source);
  if (!command.ok) return command;
  return {
    ok: true,
    value: {
      accountId,
      create: { aggregate: "account", id: accountId, commands: [command.value], field: "accountName" },
    },
  };
}

/** The domain's command path (`decideCommand`) on the batch's facts, for a stream the import creates. */
function decideStep(run: RunContext, step: Step, facts: BatchFacts): Result<DecidedStream, Refusal> {
  const spec: AnySpec = REGISTRY[step.aggregate];
  const { actor, options } = run;
  let state: { readonly status: string } = spec.machine.initial;
  const events: { readonly type: string; readonly at?: string }[] = [];
  const followUps: FollowUp[] = [];
  for (const command of step.commands) {
    const known = facts.factsFor(factsWanted(spec, state, command, actor), run.facts.settings);
    const decided = decideCommand(spec, state, command, { now: options.now, actor }, known);
    if (!decided.ok) return decided;
    state = decided.value.state;
    events.push(...decided.value.events);
    followUps.push(...decided.value.followUps);
  }
  return { ok: true, value: { aggregate: step.aggregate, id: step.id, events, state, followUps } };
}

// Command fields as the row calls them.
const ROW_FIELD: Readonly<Record<string, string>> = {
  stageId: "stage",
  ownerId: "owner",
  accountId: "accountId",
  opportunityType: "type",
  budget: "amount",
  stakeholderIds: "row",
  importedFrom: "sourceId",
};

/** A refusal as a row issue: on the field it is about, in the domain's own words. */
function issueOf(refusal: Refusal, step: Step): RowIssue {
  const field = (): string => {
    if (step.field) return step.field;
    switch (refusal._tag) {
      case "InvalidInput":
        return ROW_FIELD[refusal.field] ?? refusal.field;
      case "UnknownStage":
      case "ExitCriteriaNotMet":
      case "StageSkipNotAllowed":
      case "BackwardMoveNotAllowed":
      case "StageRestrictedToRoles":
        return "stage";
      case "DetailsRequired":
        return refusal.missing[0] ?? "row";
      case "ReasonRequired":
        return "lossReason";
      case "CurrencyMismatch":
        return "currency";
      default:
        return "row";
    }
  };
  const what =
    step.aggregate === "member" ? "the owner could not be made a member" : "the account could not be created";
  const message = step.field ? `${what}: ${refusal.message}` : refusal.message;
  return { field: field(), message };
}

/** Runs the follow-ups the domain asked for after the batch's writes, as `execute` would after each command. */
async function runFollowUps(run: RunContext, tx: StoreDatabase, decided: readonly DecidedStream[]) {
  for (const s of decided) {
    for (const f of s.followUps) {
      // A refused follow-up is the policy's business, reported by execute; here it leaves the row imported.
      await execute(
        tx,
        run.workspaceId,
        { aggregate: f.target, id: f.id, command: f.command },
        SYSTEM_ACTOR.memberId,
        { now: run.options.now, reason: f.because },
      );
    }
  }
}
