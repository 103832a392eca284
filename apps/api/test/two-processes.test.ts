// Two API processes on one PostgreSQL serve the same users: the real server started twice (dist/server.js when it
// is up to date, else the sources through tsx) on a database of its own. A session made on one is honoured by the other,
// a token minted through one works on the other, and a write through one is read through the other — nothing
// lives in a process's memory. Skipped without DATABASE_URL.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { createTestDatabase } from "@accountable/store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverUrl } from "./databases.ts";
import { serverEntry } from "./server-entry.ts";

const PASSWORD = "two-processes-pw";
/** Each server's PUBLIC_URL defaults to http://localhost:PORT, the origin better-auth trusts. */
const originOf = (base: string) => base.replace("127.0.0.1", "localhost");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(databaseUrl: string, port: number): Promise<ChildProcess> {
  const entry = serverEntry();
  const child = spawn(process.execPath, entry.args, {
    cwd: entry.cwd,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      ACCOUNTABLE_DEMO: "1",
      DEMO_DEALS: "7",
      DEMO_PASSWORD: PASSWORD,
      AUTH_SECRET: "two-processes-secret-0123456789-abcdef",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no start in 90 s:\n${out.slice(-3000)}`)), 90_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("running at")) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`exited (${code}):\n${out.slice(-3000)}`)));
  });
}

describe.skipIf(!serverUrl)("two API processes on one PostgreSQL", () => {
  const procs: ChildProcess[] = [];
  let drop: (() => Promise<void>) | undefined;
  let one: string;
  let two: string;

  beforeAll(async () => {
    const db = await createTestDatabase(serverUrl!);
    drop = db.drop;
    const [p1, p2] = [await freePort(), await freePort()];
    // The first creates the demo workspace; the second finds it (and the schema) already there.
    procs.push(await startServer(db.url, p1));
    procs.push(await startServer(db.url, p2));
    one = `http://127.0.0.1:${p1}`;
    two = `http://127.0.0.1:${p2}`;
  }, 200_000);

  afterAll(async () => {
    await Promise.all(
      procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.exitCode !== null) return resolve();
            p.once("exit", () => resolve());
            p.kill("SIGTERM");
            setTimeout(() => p.kill("SIGKILL"), 10_000).unref();
          }),
      ),
    );
    await drop?.();
  }, 60_000);

  it("honours on one process the session and the token made on the other, and reads there what the other wrote", async () => {
    const signIn = await fetch(`${one}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: originOf(one) },
      body: JSON.stringify({ email: "admin@demo.accountable.test", password: PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");

    // The session cookie from process one, on process two.
    const me = await fetch(`${two}/api/me`, { headers: { Cookie: cookie } });
    expect(me.status).toBe(200);

    // A token minted on process two, used on process one.
    const minted = await fetch(`${two}/api/tokens`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie, Origin: originOf(two) },
      body: JSON.stringify({ name: "two processes" }),
    });
    expect(minted.status).toBe(201);
    const auth = { Authorization: `Bearer ${((await minted.json()) as { token: string }).token}` };

    const created = await fetch(`${one}/api/workspaces/demo/accounts`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ accountId: "written-on-one", name: "Written on one", ownerId: "demo-admin" }),
    });
    expect(created.status).toBe(201);

    const read = await fetch(`${two}/api/workspaces/demo/accounts/written-on-one`, { headers: auth });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { state: { name: string } }).state.name).toBe("Written on one");

    // A stale version sent to process two after a write through process one is refused with the current one.
    const renamed = await fetch(`${one}/api/workspaces/demo/accounts/written-on-one/update-account`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json", "If-Match": '"1"' },
      body: JSON.stringify({ name: "Renamed on one" }),
    });
    expect(renamed.status).toBe(200);
    const stale = await fetch(`${two}/api/workspaces/demo/accounts/written-on-one/update-account`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json", "If-Match": '"1"' },
      body: JSON.stringify({ name: "Renamed on two" }),
    });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { currentVersion: number }).currentVersion).toBe(2);

    // An Idempotency-Key used on one process is honoured on the other.
    const key = { ...auth, "Content-Type": "application/json", "Idempotency-Key": "two-processes-1" };
    const body = JSON.stringify({ accountId: "keyed", name: "Keyed", ownerId: "demo-admin" });
    const first = await fetch(`${one}/api/workspaces/demo/accounts`, { method: "POST", headers: key, body });
    const again = await fetch(`${two}/api/workspaces/demo/accounts`, { method: "POST", headers: key, body });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
  }, 60_000);

  it("refuses on the other process, promptly, a token revoked on one (what a process keeps about access is told)", async () => {
    const signIn = await fetch(`${one}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: originOf(one) },
      body: JSON.stringify({ email: "admin@demo.accountable.test", password: PASSWORD }),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const minted = await fetch(`${one}/api/tokens`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie, Origin: originOf(one) },
      body: JSON.stringify({ name: "revoked on one" }),
    });
    const { id, token } = (await minted.json()) as { id: string; token: string };
    const auth = { Authorization: `Bearer ${token}` };
    const list = () => fetch(`${two}/api/workspaces/demo/members?limit=1`, { headers: auth });
    // Process two reads with it twice: the second answer comes from what it kept.
    expect((await list()).status).toBe(200);
    expect((await list()).status).toBe(200);

    const revoked = await fetch(`${one}/api/tokens/${id}`, {
      method: "DELETE",
      headers: { Cookie: cookie, Origin: originOf(one) },
    });
    expect(revoked.status).toBe(204);

    const start = performance.now();
    let status = (await list()).status;
    while (status !== 401 && performance.now() - start < 2_000) {
      await new Promise((r) => setTimeout(r, 20));
      status = (await list()).status;
    }
    expect(status).toBe(401);
  }, 60_000);

  it("reports on the other process, promptly, with settings changed on one (the settings kept with a token are told too)", async () => {
    const signIn = await fetch(`${one}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: originOf(one) },
      body: JSON.stringify({ email: "admin@demo.accountable.test", password: PASSWORD }),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const minted = await fetch(`${one}/api/tokens`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie, Origin: originOf(one) },
      body: JSON.stringify({ name: "settings on one" }),
    });
    const { token } = (await minted.json()) as { token: string };
    const auth = { Authorization: `Bearer ${token}` };
    const forecast = async () => {
      const res = await fetch(`${two}/api/workspaces/demo/reports/forecast?period=2026-Q3`, {
        headers: auth,
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        forecast: { currency: string; periods: { period: { start: string } }[] };
      };
      return `${body.forecast.currency} ${body.forecast.periods[0]!.period.start}`;
    };
    // Process two reads twice: the second answer's settings come from what it kept.
    const before = await forecast();
    expect(await forecast()).toBe(before);
    const currency = before.split(" ")[0];
    expect(before).toBe(`${currency} 2026-07-01`);
    const settings = (
      (await (await fetch(`${one}/api/workspaces/demo`, { headers: auth })).json()) as {
        state: { settings: object };
      }
    ).state.settings;
    // A fiscal year that starts in April (the demo's deals keep their currency, so the forecast still adds up).
    const updated = await fetch(`${one}/api/workspaces/demo/update-settings`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ settings: { ...settings, fiscalYear: { firstMonth: 4, namedAfter: "start" } } }),
    });
    expect(updated.status).toBe(200);

    // 2026-Q3 of a fiscal year that starts in April, named after its start: from October 2026.
    const start = performance.now();
    let now = await forecast();
    while (now !== `${currency} 2026-10-01` && performance.now() - start < 2_000) {
      await new Promise((r) => setTimeout(r, 20));
      now = await forecast();
    }
    expect(now).toBe(`${currency} 2026-10-01`);
  }, 60_000);
});
