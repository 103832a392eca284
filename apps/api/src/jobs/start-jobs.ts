// The background work of an API process: the webhook outbox (events → deliveries), delivering them, and the
// scheduled sweep (service.sweep for every workspace, once per period).
//
// On PostgreSQL a real job engine runs it, pg-boss over the same database: one job per delivery (its id is the
// delivery's, so enqueuing twice adds nothing) retried with pg-boss's exponential backoff and jitter, and the
// sweep as a job sent with a singleton key and `singletonSeconds` equal to the period: pg-boss's unique index on
// (queue, time slot, key) keeps every API process sending it to one job per period, whichever process then
// runs it. On the embedded database (PGlite: one process, one connection) an in-process timer does the same.
//
// In both, a timer runs outbox passes (cheap when nothing is new): see packages/store/src/webhooks.ts for the
// rule that makes them lossless.
import type { Service } from "@accountable/service";
import {
  type DerivedDelivery,
  dueDeliveries,
  listWorkspaceIds,
  markDeliveriesEnqueued,
  type StoreDatabase,
  unenqueuedDeliveries,
} from "@accountable/store";
import pg from "pg";
import PgBoss from "pg-boss";
import type { Logger } from "pino";
import { attemptDelivery, backoff, type DeliveryOptions } from "../webhooks/deliver.ts";
import { runOutboxPass } from "../webhooks/outbox.ts";
import type { SecretBox } from "../webhooks/secret-box.ts";
import { DEFAULT_TARGETS, type WebhookTargets } from "../webhooks/targets.ts";
import type { PostTo } from "../webhooks/transport.ts";

export interface WebhookDeliverySettings {
  /** Attempts before a delivery is given up (`failed`); default 8. */
  readonly maxAttempts?: number;
  /** The first retry's delay, doubled after each failure (with jitter); default 10 s. Whole seconds on pg-boss. */
  readonly retryDelaySeconds?: number;
  /** The longest delay between two attempts (in-process scheduler); default 1 h. */
  readonly maxRetryDelaySeconds?: number;
  /** How long to wait for a receiver; default 10 s. */
  readonly timeoutMs?: number;
}

export interface JobsOptions {
  readonly db: StoreDatabase;
  readonly driver: "pglite" | "node-postgres";
  /** Required with node-postgres: pg-boss opens its own small pool on it. */
  readonly databaseUrl?: string | undefined;
  readonly service: Pick<Service, "sweep">;
  readonly logger: Logger;
  /** The wall clock (the service's clock gives ISO strings); default `new Date()`. */
  readonly clock?: () => Date | string;
  /** The sweep's period. On pg-boss it is rounded to whole seconds (at least 1). */
  readonly sweepEveryMinutes: number;
  /** Opens the subscriptions' sealed signing secrets (AUTH_SECRET's key). */
  readonly secrets: SecretBox;
  /** Where deliveries may go (WEBHOOK_ALLOWED_HOSTS) and how names resolve; default: nothing inside. */
  readonly targets?: WebhookTargets;
  /** The POST (default: node:http(s) to the vetted address). */
  readonly post?: PostTo;
  readonly webhooks?: WebhookDeliverySettings;
  /** How often the outbox is read (and, on PGlite, due deliveries and the sweep are checked); default 1 s. */
  readonly pollIntervalMs?: number;
  /** pg-boss's own schema; default "pgboss". */
  readonly pgBossSchema?: string;
  /** Concurrent delivery workers per process (pg-boss); default 4. */
  readonly deliveryConcurrency?: number;
}

export interface Jobs {
  stop(): Promise<void>;
}

export const DELIVERY_QUEUE = "webhook-delivery";
/** pg-boss's own default for archiving completed jobs (12 h). */
const PG_BOSS_ARCHIVE_SECONDS = 12 * 3600;
export const SWEEP_QUEUE = "sweep";

/** Runs the service's sweep for every workspace at `now`; a failing workspace is logged and the rest go on. */
export async function sweepAll(
  db: StoreDatabase,
  service: Pick<Service, "sweep">,
  now: Date,
  logger: Logger,
): Promise<{ workspaces: number; failed: number }> {
  let failed = 0;
  const ids = await listWorkspaceIds(db);
  for (const workspaceId of ids) {
    try {
      await service.sweep(workspaceId, now.toISOString() as never);
    } catch (err) {
      failed++;
      logger.error({ err, workspaceId }, "sweep failed");
    }
  }
  logger.info({ workspaces: ids.length, failed, now: now.toISOString() }, "sweep done");
  return { workspaces: ids.length, failed };
}

/** Starts the background work for this process; `stop()` ends it (waiting for the work in hand). */
export async function startJobs(options: JobsOptions): Promise<Jobs> {
  if (!(options.sweepEveryMinutes > 0)) throw new RangeError("sweepEveryMinutes must be > 0");
  return options.driver === "node-postgres" ? startPgBoss(options) : startInProcess(options);
}

interface Resolved {
  readonly now: () => Date;
  readonly maxAttempts: number;
  readonly retryDelaySeconds: number;
  readonly maxRetryDelaySeconds: number;
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
}

function resolve(options: JobsOptions): Resolved {
  const clock = options.clock ?? (() => new Date());
  return {
    now: () => {
      const t = clock();
      return t instanceof Date ? t : new Date(t);
    },
    maxAttempts: options.webhooks?.maxAttempts ?? 8,
    retryDelaySeconds: options.webhooks?.retryDelaySeconds ?? 10,
    maxRetryDelaySeconds: options.webhooks?.maxRetryDelaySeconds ?? 3600,
    timeoutMs: options.webhooks?.timeoutMs ?? 10_000,
    pollIntervalMs: options.pollIntervalMs ?? 1000,
  };
}

const deliveryParts = (options: JobsOptions) => ({
  secrets: options.secrets,
  targets: options.targets ?? DEFAULT_TARGETS,
  ...(options.post ? { post: options.post } : {}),
});

/** A timer that runs `work` every `ms`, never two at once; `stop` waits for the run in hand. */
function repeat(ms: number, work: () => Promise<void>, onError: (err: unknown) => void) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = () => {
    running = work()
      .catch(onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(run, ms);
      });
  };
  timer = setTimeout(run, 0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}

function startInProcess(options: JobsOptions): Jobs {
  const { db, logger } = options;
  const r = resolve(options);
  const log = logger.child({ jobs: "in-process" });
  const periodMs = options.sweepEveryMinutes * 60_000;
  const delivery: DeliveryOptions = {
    ...deliveryParts(options),
    now: r.now,
    maxAttempts: r.maxAttempts,
    timeoutMs: r.timeoutMs,
    retryAt: backoff(r.retryDelaySeconds * 1000, r.maxRetryDelaySeconds * 1000),
  };
  let lastPeriod: number | undefined;
  const stop = repeat(
    r.pollIntervalMs,
    async () => {
      await runOutboxPass(db);
      for (const d of await dueDeliveries(db, r.now())) {
        const outcome = await attemptDelivery(db, d.workspaceId, d.id, delivery);
        log.info({ delivery: d.id, outcome }, "webhook delivery");
      }
      const now = r.now();
      const period = Math.floor(now.getTime() / periodMs);
      if (period !== lastPeriod) {
        lastPeriod = period;
        await sweepAll(db, options.service, now, log);
      }
    },
    (err) => log.error({ err }, "background work failed"),
  );
  log.info({ sweepEveryMinutes: options.sweepEveryMinutes }, "jobs started");
  return { stop };
}

async function startPgBoss(options: JobsOptions): Promise<Jobs> {
  const { db, logger } = options;
  if (!options.databaseUrl) throw new Error("startJobs on node-postgres needs databaseUrl (for pg-boss)");
  const r = resolve(options);
  const log = logger.child({ jobs: "pg-boss" });
  const periodSeconds = Math.max(1, Math.round(options.sweepEveryMinutes * 60));
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: options.pgBossSchema ?? "pgboss",
    max: 4,
    // pg-boss refuses a singleton slot longer than the time a completed job is kept before archiving (it would
    // forget the slot's job and send a second one): a sweep period over its 12 h default raises it to the period.
    archiveCompletedAfterSeconds: Math.max(PG_BOSS_ARCHIVE_SECONDS, periodSeconds),
    // No cron: the sweep is sent by every process with a singleton key, see the top of this file.
    schedule: false,
    application_name: "accountable-jobs",
  });
  boss.on("error", (err) => log.error({ err }, "pg-boss error"));
  await boss.start();
  const retryDelay = Math.max(1, Math.round(r.retryDelaySeconds));
  await createQueues(options.databaseUrl, boss, [
    {
      name: DELIVERY_QUEUE,
      retryLimit: r.maxAttempts - 1,
      retryDelay,
      retryBackoff: true,
      expireInSeconds: Math.ceil(r.timeoutMs / 1000) + 60,
    },
    { name: SWEEP_QUEUE, retryLimit: 2, retryDelay: 30, expireInSeconds: 15 * 60 },
  ]);

  const delivery: DeliveryOptions = {
    ...deliveryParts(options),
    now: r.now,
    maxAttempts: r.maxAttempts,
    timeoutMs: r.timeoutMs,
    // pg-boss holds the retry schedule.
    retryAt: null,
  };
  const pollingIntervalSeconds = Math.max(0.5, r.pollIntervalMs / 1000);
  for (let i = 0; i < (options.deliveryConcurrency ?? 4); i++)
    await boss.work<DerivedDelivery>(DELIVERY_QUEUE, { pollingIntervalSeconds }, async ([job]) => {
      if (!job) return;
      const outcome = await attemptDelivery(db, job.data.workspaceId, job.data.id, delivery);
      log.info({ delivery: job.data.id, outcome }, "webhook delivery");
      // Throwing hands the job back to pg-boss, which retries it after its backoff.
      if (outcome.kind === "retry") throw new Error(outcome.reason);
      return outcome;
    });
  await boss.work(SWEEP_QUEUE, { pollingIntervalSeconds }, async () =>
    sweepAll(db, options.service, r.now(), log),
  );

  const enqueue = async (deliveries: readonly DerivedDelivery[]) => {
    const sent: DerivedDelivery[] = [];
    for (const d of deliveries) {
      await boss.send(DELIVERY_QUEUE, { workspaceId: d.workspaceId, id: d.id }, { id: d.id });
      sent.push(d);
    }
    if (sent.length) await markDeliveriesEnqueued(db, sent, r.now());
  };
  const stopOutbox = repeat(
    r.pollIntervalMs,
    async () => {
      await enqueue(await runOutboxPass(db));
      // Deliveries derived by a process that stopped before enqueuing them (pg-boss ignores a known id).
      await enqueue(await unenqueuedDeliveries(db));
      await boss.send(SWEEP_QUEUE, {}, { singletonKey: SWEEP_QUEUE, singletonSeconds: periodSeconds });
    },
    (err) => log.error({ err }, "outbox pass failed"),
  );
  log.info({ sweepEveryMinutes: options.sweepEveryMinutes, periodSeconds }, "jobs started");
  return {
    async stop() {
      await stopOutbox();
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

// Any 64-bit number no other advisory lock in the database uses.
const QUEUE_LOCK_KEY = 7_302_114_906;

/**
 * Creates the queues that do not exist yet. pg-boss 10 creates a queue as a partition of its job table, and
 * two processes doing that at once deadlock (seen here with two API processes starting together), so the
 * creation runs under a session advisory lock on a connection of its own.
 */
async function createQueues(url: string, boss: PgBoss, queues: readonly PgBoss.Queue[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [QUEUE_LOCK_KEY]);
    for (const queue of queues)
      if (!(await boss.getQueue(queue.name))) await boss.createQueue(queue.name, queue);
  } finally {
    await client.query("select pg_advisory_unlock($1)", [QUEUE_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
