import { Writable } from "node:stream";
import {
  createWebhookSubscription,
  type DatabaseHandle,
  ensureWorkspace,
  listWebhookDeliveries,
} from "@accountable/store";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobs } from "../src/jobs/start-jobs.ts";
import { runOutboxPass } from "../src/webhooks/outbox.ts";
import { secretBox } from "../src/webhooks/secret-box.ts";
import { parseAllowList, systemResolve } from "../src/webhooks/targets.ts";
import { serverUrl, TARGETS } from "./databases.ts";
import { openReceiver, type Receiver } from "./webhooks-receiver.ts";

const secrets = secretBox("jobs-test-secret-0123456789-abcdef-0123");
// The receiver listens on this machine: the allow-list (WEBHOOK_ALLOWED_HOSTS) is what lets a webhook reach it.
const targets = { allowed: parseAllowList("127.0.0.1"), resolve: systemResolve };
const silent = pino({ level: "silent" }, new Writable({ write: (_c, _e, cb) => cb() }));
const [PGLITE, POSTGRES] = TARGETS as [(typeof TARGETS)[number], (typeof TARGETS)[number]];

async function until(check: () => Promise<boolean>, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A workspace with one subscription to every event, straight through the store. */
async function subscribed(handle: DatabaseHandle, ws: string, url: string) {
  await ensureWorkspace(handle.db, { id: ws, name: ws });
  const owner = { workspaceId: ws, id: crypto.randomUUID() };
  return createWebhookSubscription(handle.db, {
    ...owner,
    url,
    eventTypes: ["*"],
    secret: secrets.seal("whsec_test", owner),
    createdBy: "m-admin",
  });
}

const insertEvent = (ws: string, stream: string) =>
  `insert into events (workspace_id, stream_type, stream_id, version, type, actor_id, at, payload)
   values ('${ws}', 'task', '${stream}', 1, 'TaskCreated', 'm-admin', now(), '{}')`;

describe("jobs on PGlite (in-process scheduler)", () => {
  let handle: DatabaseHandle;
  let receiver: Receiver;
  beforeAll(async () => {
    handle = await PGLITE.open();
    receiver = await openReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await handle?.close();
  });

  it("delivers (retrying a 500 after a backoff) and sweeps every workspace once per period", async () => {
    const sub = await subscribed(handle, "ws-a", receiver.url);
    await ensureWorkspace(handle.db, { id: "ws-b", name: "ws-b" });
    const swept: string[] = [];
    receiver.answers = [500];
    const jobs = await startJobs({
      db: handle.db,
      driver: "pglite",
      service: { sweep: async (ws) => void swept.push(ws) as never },
      logger: silent,
      sweepEveryMinutes: 60,
      secrets,
      targets,
      pollIntervalMs: 50,
      webhooks: { retryDelaySeconds: 0.2, maxAttempts: 3 },
    });
    try {
      await handle.db.execute(insertEvent("ws-a", "t1") as never);
      await until(async () => receiver.received.length >= 2);
      const [d] = await listWebhookDeliveries(handle.db, "ws-a", sub.id, { limit: 10 });
      expect(d).toMatchObject({ status: "delivered", attempts: 2 });
      const gap = Date.parse(d!.attemptLog[1]!.at) - Date.parse(d!.attemptLog[0]!.at);
      expect(gap).toBeGreaterThanOrEqual(100);
    } finally {
      await jobs.stop();
    }
    expect(swept.sort()).toEqual(["ws-a", "ws-b"]);
  });
});

describe.skipIf(POSTGRES.skip)("jobs on PostgreSQL (pg-boss)", () => {
  let handle: DatabaseHandle;
  let url: string;
  let receiver: Receiver;
  beforeAll(async () => {
    if (POSTGRES.skip) return;
    // The harness's PostgreSQL target opens a database of its own; pg-boss needs its URL.
    const { createTestDatabase } = await import("@accountable/store/testing");
    const { openDatabase } = await import("@accountable/store");
    const testDatabase = await createTestDatabase(serverUrl!);
    url = testDatabase.url;
    const opened = await openDatabase({ kind: "postgres", url, poolSize: 10 });
    handle = {
      ...opened,
      close: async () => {
        await opened.close();
        await testDatabase.drop();
      },
    };
    receiver = await openReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await handle?.close();
  });

  it("never skips an event whose transaction commits after a later one's", async () => {
    const sub = await subscribed(handle, "ws-x", receiver.url);
    const a = new pg.Client({ connectionString: url });
    const b = new pg.Client({ connectionString: url });
    await a.connect();
    await b.connect();
    try {
      await a.query("begin");
      await a.query(insertEvent("ws-x", "early")); // the lower seq, committed last
      await b.query("begin");
      await b.query(insertEvent("ws-x", "late"));
      await b.query("commit");
      // A naive "seq > cursor" tailer would deliver "late" now and never see "early".
      expect(await runOutboxPass(handle.db)).toEqual([]);
      await a.query("commit");
      expect(await runOutboxPass(handle.db)).toHaveLength(2);
      expect(await runOutboxPass(handle.db)).toEqual([]);
      const streams = (await listWebhookDeliveries(handle.db, "ws-x", sub.id, { limit: 10 })).map(
        (d) => d.streamId,
      );
      expect(streams.sort()).toEqual(["early", "late"]);
    } finally {
      await a.end();
      await b.end();
    }
  });

  it("two runners on one database: one sweep per period, each delivery once, a 500 retried", async () => {
    const sub = await subscribed(handle, "ws-y", receiver.url);
    const before = receiver.received.length;
    receiver.answers = [500];
    const swept: string[] = [];
    const runner = () =>
      startJobs({
        db: handle.db,
        driver: "node-postgres",
        databaseUrl: url,
        service: { sweep: async (ws) => void swept.push(ws) as never },
        logger: silent,
        sweepEveryMinutes: 2 / 60,
        secrets,
        targets,
        pollIntervalMs: 500,
        webhooks: { retryDelaySeconds: 1, maxAttempts: 3 },
      });
    const [one, two] = await Promise.all([runner(), runner()]);
    const started = Date.now();
    try {
      for (let i = 0; i < 5; i++) await handle.db.execute(insertEvent("ws-y", `y${i}`) as never);
      await until(async () => {
        const ds = await listWebhookDeliveries(handle.db, "ws-y", sub.id, { limit: 10 });
        return ds.length === 5 && ds.every((d) => d.status === "delivered");
      });
      await new Promise((r) => setTimeout(r, 4_500));
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
    const elapsed = (Date.now() - started) / 1000;
    const received = receiver.received.slice(before);
    expect(received.filter((r) => r.status === 500)).toHaveLength(1);
    const ok = received.filter((r) => r.status === 200 && JSON.parse(r.body).workspaceId === "ws-y");
    expect(ok.map((r) => JSON.parse(r.body).streamId).sort()).toEqual(["y0", "y1", "y2", "y3", "y4"]);
    // One job a period's slot; a slot's job sent by the last outbox pass may still wait unstarted when the runners
    // stop (seen at load 24), so the sweeps that ran are counted against the jobs that started.
    const slots = await handle.db.execute(
      "select singleton_on, count(*)::int as n, count(started_on)::int as started from pgboss.job where name = 'sweep' group by 1" as never,
    );
    const rows = (slots as unknown as { rows: { n: number; started: number }[] }).rows;
    expect(rows.every((r) => r.n === 1)).toBe(true);
    // Each sweep visits every workspace (ws-x, ws-y): one sweep per 2-second period, not one per runner.
    const sweeps = swept.filter((w) => w === "ws-y").length;
    expect(sweeps).toBe(rows.filter((r) => r.started === 1).length);
    expect(sweeps).toBeLessThanOrEqual(Math.ceil(elapsed / 2) + 1);
    expect(sweeps).toBeGreaterThanOrEqual(2);
  });
});
