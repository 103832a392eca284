import {
  type Account,
  asId,
  defaultWorkspaceSettings,
  type Member,
  type Timestamp,
  WorkspaceSettingsSchema,
} from "@accountable/domain";
import type { StoreDatabase } from "@accountable/store";
import type { AggregateType } from "../aggregates/registry.ts";
import { writeNewStreams } from "../bulk-write.ts";
import { execute, loadScope, SYSTEM_ACTOR } from "../execute.ts";
import type { ServiceRefusal } from "../refusals.ts";
import { type AccountPlan, type DemoWorld, runAccountStory } from "./accounts.ts";
import { Issuer } from "./issuer.ts";
import { countWon, runQuotaStory, type WonByQuarter } from "./quotas.ts";
import { DemoSimulator, type DemoStep } from "./simulator.ts";
import { type DemoAccountFact, runTargetListStory } from "./targets.ts";
import { DEMO_LOGIN, demoTeam } from "./team.ts";
import { DAY, iso } from "./timeline.ts";

// The demo workspace: one company with two business units — an advertising agency (brand clients, briefs,
// campaign retainers, media costs) and an IT-outsourcing firm (multi-tower contracts, each tower run by an
// account manager) — in ONE workspace, so one demo login sees both kinds of accounts, the quick start has a
// single workspace to open, and the benchmarks' million deals sit in one tenant as a large customer's would.
//
// Every command goes through the domain's machines (in memory, see simulator.ts), account by account; the
// events and projected rows are written in bulk, a chunk of accounts per transaction, so memory stays bounded
// whatever the size. The same seed and `now` give the same events.

export interface SeedDemoOptions {
  readonly workspaceId: string;
  /** Any integer: the same seed and `now` give the same workspace. */
  readonly seed: number;
  /** The demo's present: a year of history ends here, and nothing happens after it. */
  readonly now: Timestamp;
  /** Deals of the pipeline history (default 400, at least 7); renewal deals opened by contracts come on top. */
  readonly opportunities?: number;
  /** About this many deals' accounts are generated and written per transaction (default 5,000). */
  readonly chunkDeals?: number;
  /**
   * "bulk" (the default) writes each chunk's events and rows in multi-row statements; "execute" replays every
   * command through `execute`, one transaction each — slow, and the reference the bulk path is checked against.
   */
  readonly write?: "bulk" | "execute";
  /** Called after each chunk is written, e.g. to measure throughput. */
  readonly onProgress?: (progress: DemoProgress) => void;
}

export interface DemoProgress {
  readonly accountsDone: number;
  readonly accounts: number;
  readonly streams: number;
  readonly events: number;
  readonly rows: number;
}

export interface DemoSummary {
  readonly workspaceId: string;
  readonly seed: number;
  readonly now: Timestamp;
  /** Sign in as this member to explore the demo. */
  readonly login: { readonly memberId: string; readonly email: string; readonly name: string };
  readonly members: number;
  readonly accounts: number;
  /** Every deal, renewal deals opened by the notice windows included. */
  readonly opportunities: number;
  /** Records of each kind, by status (activities: planned, done, cancelled). */
  readonly byStatus: Readonly<Partial<Record<AggregateType, Readonly<Record<string, number>>>>>;
  readonly streams: number;
  readonly events: number;
  /** Read-table rows written in bulk (towers included); 0 when written through `execute`. */
  readonly rows: number;
}

export type SeedDemoResult =
  | { readonly ok: true; readonly value: DemoSummary }
  | { readonly ok: false; readonly error: ServiceRefusal };

const YEAR = 365 * DAY;

/** Generates the demo workspace (see the module comment); refuses if the workspace exists already. */
export async function seedDemo(db: StoreDatabase, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const total = options.opportunities ?? 400;
  if (!Number.isSafeInteger(total) || total < 7)
    throw new RangeError(`opportunities must be a whole number of at least 7, got ${total}`);
  if (!Number.isSafeInteger(options.seed))
    throw new RangeError(`seed must be an integer, got ${options.seed}`);
  const nowMs = Date.parse(options.now);
  if (Number.isNaN(nowMs)) throw new RangeError(`now is not a timestamp: ${options.now}`);
  const ws = options.workspaceId;
  const settings = WorkspaceSettingsSchema.parse(defaultWorkspaceSettings("EUR"));
  const team = demoTeam(options.seed, total);

  // The workspace and its people, through execute: a few dozen commands, three years before `now`.
  const foundedMs = nowMs - 3 * YEAR - 30 * DAY;
  const setUp = [
    {
      aggregate: "workspace" as const,
      id: ws,
      command: {
        type: "CreateWorkspace" as const,
        workspaceId: asId.workspace(ws),
        name: "Northwind Group (demo)",
        settings,
      },
      actorId: SYSTEM_ACTOR.memberId,
    },
    ...team.members.map((m, i) => ({
      aggregate: "member" as const,
      id: m.id,
      command: {
        type: "AddMember" as const,
        memberId: m.id,
        name: m.name,
        email: m.email,
        role: m.role,
        reportsTo: m.reportsTo,
      },
      actorId: i === 0 ? SYSTEM_ACTOR.memberId : team.admin,
    })),
  ];
  for (const [i, s] of setUp.entries()) {
    const r = await execute(db, ws, s, s.actorId, {
      now: iso(foundedMs + i * 60_000),
      reason: i === 0 ? "demo workspace" : null,
    });
    if (!r.ok) return r;
  }

  const members: Member[] = team.members.map((m) => ({ ...m, status: "active", active: true }));
  const keepSteps = options.write === "execute";
  const sim = new DemoSimulator(settings, members, keepSteps);
  const world: DemoWorld = {
    seed: options.seed,
    nowMs,
    settings,
    team,
    reportingLine: members,
    issue: new Issuer(sim),
  };
  const scope = await loadScope(db, ws);
  const byStatus: Partial<Record<AggregateType, Record<string, number>>> = {};
  const totals = { streams: 0, events: 0, rows: 0 };
  for (const m of members) count(byStatus, "member", m.status);

  // A chunk is written while the next one is generated: the database works on one while JavaScript builds
  // the other (PostgreSQL; PGlite runs in this thread, so there it only saves little). At most one chunk is
  // being written and one generated, which bounds memory.
  let writing: Promise<void> = Promise.resolve();
  // The quotas are written last: their targets are drawn around what each executive won (quotas.ts).
  const won: WonByQuarter = new Map();
  // The accounts as the simulation left them, for the target lists written at the end (targets.ts).
  const accountFacts = new Map<string, DemoAccountFact>();
  const flush = async () => {
    const steps = sim.steps.splice(0);
    const batch = sim.drain();
    countWon(won, batch.streams, world.settings.currency);
    for (const s of batch.streams)
      if (s.type === "account") {
        const a = s.state as Account;
        // The demo's account ids carry their index ("acc-000012"), which decides the business unit.
        accountFacts.set(a.id, {
          id: a.id,
          createdAt: a.createdAt,
          status: a.status,
          index: Number(a.id.slice(4)),
        });
      }
    for (const s of batch.streams) count(byStatus, s.type, s.state.status);
    totals.streams += batch.streams.length;
    totals.events += batch.events.length;
    await writing;
    writing = keepSteps
      ? replay(db, ws, steps)
      : writeNewStreams(scope, batch).then((w) => {
          totals.rows += w.rows;
        });
    // Marks the rejection as handled until it is awaited at the next chunk (or the end).
    writing.catch(() => {});
  };

  const accounts = Math.max(7, Math.min(total, Math.round(total / 15)));
  const base = Math.floor(total / accounts);
  const extra = total % accounts;
  const chunkDeals = options.chunkDeals ?? 5_000;
  let firstDeal = 1;
  let pending = 0;
  for (let index = 0; index < accounts; index++) {
    const plan: AccountPlan = { index, firstDeal, deals: base + (index < extra ? 1 : 0) };
    runAccountStory(world, plan);
    firstDeal += plan.deals;
    pending += plan.deals;
    if (pending >= chunkDeals || index === accounts - 1) {
      await flush();
      pending = 0;
      options.onProgress?.({ accountsDone: index + 1, accounts, ...totals });
    } else if (index % 8 === 7) {
      // Let the write in flight send its next statement.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  runQuotaStory(world, won);
  runTargetListStory(world, [...accountFacts.values()]);
  await flush();
  await writing;

  const deals = byStatus.opportunity ?? {};
  return {
    ok: true,
    value: {
      workspaceId: ws,
      seed: options.seed,
      now: options.now,
      login: { ...DEMO_LOGIN },
      members: members.length,
      accounts,
      opportunities: Object.values(deals).reduce((a, b) => a + b, 0),
      byStatus,
      streams: totals.streams + setUp.length,
      events: totals.events + setUp.length,
      rows: totals.rows,
    },
  };
}

function count(
  into: Partial<Record<AggregateType, Record<string, number>>>,
  type: AggregateType,
  status: string,
) {
  const byType = into[type] ?? {};
  into[type] = byType;
  byType[status] = (byType[status] ?? 0) + 1;
}

/** Runs the recorded commands through `execute`; a refusal there is a difference from the simulation: a bug. */
async function replay(db: StoreDatabase, ws: string, steps: readonly DemoStep[]): Promise<void> {
  for (const s of steps) {
    const { actorId, now, reason, ...request } = s;
    const r = await execute(db, ws, request, actorId, {
      now,
      reason,
    });
    if (!r.ok)
      throw new Error(`demo replay: ${s.aggregate} ${s.id} ${s.command.type} refused: ${r.error.message}`);
  }
}
