// An Idempotency-Key whose first request died with its process (a real kill -9 of a real server, mid-request) does
// not answer "still running" forever: the retry, once the holder is gone, runs the request — once.
//   PostgreSQL: two server processes share the database. The first request is held inside its transaction by a
//   row lock this test takes (so it is surely mid-request), the retry on the other process is refused while the
//   holder lives and renews its lease, the holder is killed, and the retry then runs: one event, not two.
//   Embedded: one process owns the folder. A large import is killed mid-way (some batches written, the key still
//   held, as the folder shows afterwards), the server starts again on the folder, and the retry runs at once:
//   every row once, none twice.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGLITE_EXTENSIONS } from "@accountable/store";
import { createTestDatabase } from "@accountable/store/testing";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { serverUrl } from "./databases.ts";
import { demoAdminToken, type ServerProcess, startServerProcess } from "./server-process.ts";

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await pause(100);
  }
}

interface Answer {
  status: number;
  replayed: boolean;
  body: Record<string, unknown>;
}

async function post(url: string, headers: Record<string, string>, body: unknown): Promise<Answer> {
  const res = await fetch(url, {
    method: "POST",
    headers: { ...headers, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    replayed: res.headers.get("idempotent-replayed") === "true",
    body: (await res.json()) as Record<string, unknown>,
  };
}

describe.skipIf(!serverUrl)(
  "a keyed command killed mid-request on PostgreSQL, retried on another process",
  () => {
    const servers: ServerProcess[] = [];
    let drop: (() => Promise<void>) | undefined;
    let locker: pg.Client | undefined;

    afterAll(async () => {
      await locker?.end().catch(() => undefined);
      await Promise.all(servers.map((s) => s.stop()));
      await drop?.();
    }, 60_000);

    it("refuses the retry while the holder lives, then runs it once the holder is killed", async () => {
      const db = await createTestDatabase(serverUrl!);
      drop = db.drop;
      const env = { DATABASE_URL: db.url, IDEMPOTENCY_LEASE_SECONDS: "2" };
      const a = await startServerProcess(env);
      servers.push(a);
      const b = await startServerProcess(env);
      servers.push(b);
      const auth = await demoAdminToken(a);
      const accounts = "/api/workspaces/demo/accounts";
      const created = await post(`${a.url}${accounts}`, auth, {
        accountId: "crash-acc",
        name: "Before",
        ownerId: "demo-admin",
      });
      expect(created.status).toBe(201);

      // Hold the account's stream row, so that the keyed command waits inside its transaction.
      locker = new pg.Client({ connectionString: db.url });
      await locker.connect();
      await locker.query("begin");
      await locker.query(
        "select 1 from streams where workspace_id = 'demo' and stream_id = 'crash-acc' for update",
      );

      const key = { ...auth, "Idempotency-Key": "crash-once" };
      const command = `${accounts}/crash-acc/update-account`;
      const first = post(`${a.url}${command}`, key, { name: "Renamed once" }).catch((e: unknown) => e);
      await until("the key to be held and the command to wait on the row lock", async () => {
        const held = await locker!.query(
          "select held_by from idempotency_keys where key = 'crash-once' and held_by is not null",
        );
        const waiting = await locker!.query(
          "select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
        );
        return held.rowCount && waiting.rowCount ? true : undefined;
      });

      // The holder lives and renews its 2 s lease: the other process answers "still running", now and later.
      for (const wait of [0, 3_000]) {
        await pause(wait);
        const early = await post(`${b.url}${command}`, key, { name: "Renamed once" });
        expect(early.status).toBe(409);
        expect(early.body.code).toBe("IdempotencyKeyInFlight");
      }

      await a.kill9();
      expect(await first).toBeInstanceOf(Error);
      await locker.query("commit");

      // The lease runs out (≤ 2 s), and the retry on the other process runs the command.
      const retried = await until("the retry to run", async () => {
        const r = await post(`${b.url}${command}`, key, { name: "Renamed once" });
        return r.status === 409 ? undefined : r;
      });
      expect(retried).toMatchObject({ status: 200, replayed: false });
      expect((retried.body.state as { name: string }).name).toBe("Renamed once");
      const again = await post(`${b.url}${command}`, key, { name: "Renamed once" });
      expect(again).toMatchObject({ status: 200, replayed: true, body: retried.body });

      const history = await fetch(`${b.url}${accounts}/crash-acc/history`, { headers: auth });
      const events = ((await history.json()) as { items: { type: string }[] }).items.map((e) => e.type);
      expect(events).toEqual(["AccountCreated", "AccountUpdated"]);
    }, 300_000);
  },
);

describe("a keyed import killed mid-request on the embedded database, retried after a restart", () => {
  let dir: string | undefined;
  const servers: ServerProcess[] = [];

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("runs the retry at once, and imports every row exactly once", async () => {
    dir = mkdtempSync(join(tmpdir(), "accountable-crash-"));
    const first = await startServerProcess({ ACCOUNTABLE_DATA_DIR: dir });
    servers.push(first);
    const auth = await demoAdminToken(first);
    const ROWS = 10_000;
    const rows = (prefix: string) =>
      Array.from({ length: ROWS }, (_, i) => ({
        externalId: `${prefix}-${i}`,
        name: `${prefix} account ${i}`,
      }));
    const imports = `/api/workspaces/demo/imports`;
    // The embedded database serves one request's transaction at a time, so nothing can look in while the import
    // runs: an import of the same size is timed first, and the keyed one is killed half-way through its time.
    const started = Date.now();
    expect(
      (await post(`${first.url}${imports}`, auth, { kind: "account", source: "warm-up", rows: rows("Warm") }))
        .status,
    ).toBe(200);
    const takes = Date.now() - started;
    const body = { kind: "account", source: "crash-test", rows: rows("Crash") };
    const key = { ...auth, "Idempotency-Key": "import-once" };
    const inFlight = post(`${first.url}${imports}`, key, body).catch((e: unknown) => e);
    await pause(takes / 2);
    await first.kill9();
    expect(await inFlight).toBeInstanceOf(Error);

    // What the folder holds after the kill: the key still held, part of the rows written.
    const folder = new PGlite(join(dir, "db"), { extensions: PGLITE_EXTENSIONS });
    const [held] = (
      await folder.query<{ held_by: string | null; state: string }>(
        "select held_by, result->>'state' as state from idempotency_keys where key = 'import-once'",
      )
    ).rows;
    const partial = Number(
      (
        await folder.query<{ n: number }>(
          "select count(*)::int as n from accounts where workspace_id = 'demo' and name like 'Crash account %'",
        )
      ).rows[0]!.n,
    );
    await folder.close();
    expect(held).toMatchObject({ state: "running", held_by: expect.any(String) });
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(ROWS);

    const second = await startServerProcess({ ACCOUNTABLE_DATA_DIR: dir });
    servers.push(second);
    const retried = await post(`${second.url}${imports}`, key, body);
    expect(retried.status).toBe(200);
    expect(retried.replayed).toBe(false);
    expect(retried.body).toMatchObject({
      read: ROWS,
      imported: ROWS - partial,
      skipped: partial,
      rejected: 0,
    });
    const again = await post(`${second.url}${imports}`, key, body);
    expect(again).toMatchObject({ status: 200, replayed: true, body: retried.body });

    await second.stop();
    const after = new PGlite(join(dir, "db"), { extensions: PGLITE_EXTENSIONS });
    const counts = (
      await after.query<{ n: number; distinct_names: number }>(
        "select count(*)::int as n, count(distinct name)::int as distinct_names from accounts where workspace_id = 'demo' and name like 'Crash account %'",
      )
    ).rows[0]!;
    await after.close();
    expect(counts).toEqual({ n: ROWS, distinct_names: ROWS });
  }, 400_000);
});
