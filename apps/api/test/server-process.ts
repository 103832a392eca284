// The real server as a child process (dist/server.js when the build is current, else the sources through tsx),
// for tests where Node's HTTP layer or the process itself is part of what is tested: the parser's limits, a
// kill -9 in the middle of a request.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { serverEntry } from "./server-entry.ts";

export const DEMO_PASSWORD = "server-process-pw";
export const DEMO_ADMIN = "admin@demo.accountable.test";

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The origin the server trusts for cookies (its PUBLIC_URL's default, `http://localhost:<port>`). */
  readonly origin: string;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; resolves when it has exited. */
  stop(): Promise<void>;
  /** `kill -9`: no clean-up of any kind. Resolves when it has exited. */
  kill9(): Promise<void>;
}

/**
 * Starts the server with the demo workspace (7 deals) on `env` (DATABASE_URL, or ACCOUNTABLE_DATA_DIR for the
 * embedded database) and waits until it listens. Every process started here shares one AUTH_SECRET.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const entry = serverEntry();
  // The database is the caller's choice: a DATABASE_URL of the test run must not point the server elsewhere.
  const { DATABASE_URL: _inherited, ...inherited } = process.env;
  const child = spawn(process.execPath, entry.args, {
    cwd: entry.cwd,
    env: {
      ...inherited,
      AUTH_SECRET: "server-process-secret-0123456789-abcdef",
      PORT: String(port),
      ACCOUNTABLE_DEMO: "1",
      DEMO_DEALS: "7",
      DEMO_PASSWORD,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start in 120 s:\n${out.slice(-3000)}`)), 120_000);
    const check = () => {
      if (out.includes("running at")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}):\n${out.slice(-3000)}`));
    });
  });
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    origin: `http://localhost:${port}`,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
    async kill9() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Signs the demo admin in on the server and mints an API token: `Authorization` headers for its requests. */
export async function demoAdminToken(server: {
  url: string;
  origin: string;
}): Promise<Record<string, string>> {
  const signIn = await fetch(`${server.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: server.origin },
    body: JSON.stringify({ email: DEMO_ADMIN, password: DEMO_PASSWORD }),
  });
  if (signIn.status !== 200) throw new Error(`sign-in answered ${signIn.status}: ${await signIn.text()}`);
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const minted = await fetch(`${server.url}/api/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: cookie, Origin: server.origin },
    body: JSON.stringify({ name: "server-process test" }),
  });
  if (minted.status !== 201)
    throw new Error(`POST /api/tokens answered ${minted.status}: ${await minted.text()}`);
  return { Authorization: `Bearer ${((await minted.json()) as { token: string }).token}` };
}
