// Runs the built binary as a user would: a subprocess with no terminal, its own data folder, no colours.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runtimeWarning } from "@accountable/api/node-support";

export const BIN = fileURLToPath(new URL("../dist/accountable.js", import.meta.url));

export function assertBuilt(): void {
  if (!existsSync(BIN))
    throw new Error(
      `${BIN} is missing: build the CLI first (pnpm turbo run build --filter=@accountable/cli...)`,
    );
}

export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /**
   * Keep the line an end-of-life Node.js adds first to stderr (runtime-warning.test.ts reads it). Other tests
   * read what follows it, so they say the same on every runtime, the machine's Node.js 20 included.
   */
  readonly keepRuntimeWarning?: boolean;
  /** What the command reads on stdin (default: nothing, stdin closed). */
  readonly stdin?: string;
}

/** `accountable …args`; stdin is not a terminal, so nothing prompts. */
export function cli(args: readonly string[], options: RunOptions = {}): Promise<Ran> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({
    ...process.env,
    NO_COLOR: "1",
    FORCE_COLOR: undefined,
    ...options.env,
  }))
    if (v !== undefined) env[k] = v;
  // Only a test that says so talks to PostgreSQL.
  if (!options.env?.DATABASE_URL) delete env.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env,
      cwd: options.cwd,
      stdio: [options.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
    let stdout = "";
    let stderr = "";
    // Both are pipes (stdio above); only stdin may be ignored.
    child.stdout!.on("data", (d) => {
      stdout += d;
    });
    child.stderr!.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const warning = runtimeWarning(env, new Date());
      const line = `accountable: warning: ${warning}\n`;
      if (warning && !options.keepRuntimeWarning && stderr.startsWith(line))
        stderr = stderr.slice(line.length);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs with `--json` and parses stdout, failing with the whole output when the exit code is not `expected`. */
export async function cliJson<T = Record<string, unknown>>(
  args: readonly string[],
  expected = 0,
  options: RunOptions = {},
): Promise<T> {
  const ran = await cli([...args, "--json"], options);
  if (ran.code !== expected)
    throw new Error(
      `accountable ${args.join(" ")} exited ${ran.code}, expected ${expected}\n${ran.stdout}\n${ran.stderr}`,
    );
  return JSON.parse(ran.stdout) as T;
}
