// Starting the API (or another server) as a child process for a benchmark, and what the benchmarks read of it.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/** CPU seconds a process has used so far (user + system), from /proc: robust to other load on the machine. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts a child process and waits until its output says it listens. */
export async function start(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    env,
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start in 120 s:\n${seen.slice(-2000)}`)),
      120_000,
    );
    const onData = (chunk: Buffer) => {
      if (seen.length < 100_000) seen += chunk.toString();
      if (ready.test(seen)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    // Keep draining: the server logs every request at info, and a full pipe would stall it.
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${name} exited (${code}):\n${seen.slice(-2000)}`)));
  });
}

/**
 * A real personal API token for the demo admin: signs in with the demo password (a session cookie), then mints
 * a token with it. The server's PUBLIC_URL defaults to http://localhost:PORT, the origin better-auth trusts.
 */
export async function demoAdminToken(port: number, password: string): Promise<string> {
  const base = `http://127.0.0.1:${port}`;
  const origin = `http://localhost:${port}`;
  const signIn = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: origin },
    body: JSON.stringify({ email: "admin@demo.accountable.test", password }),
  });
  if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const minted = await fetch(`${base}/api/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: cookie, Origin: origin },
    body: JSON.stringify({ name: "bench" }),
  });
  if (minted.status !== 201)
    throw new Error(`token creation failed: ${minted.status} ${await minted.text()}`);
  return ((await minted.json()) as { token: string }).token;
}
