// `accountable serve` as a subprocess on a data folder, for the tests of a CLI beside a running server.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { BIN } from "./run-cli.ts";

export interface Serving {
  readonly proc: ChildProcessWithoutNullStreams;
  /** The address it prints (its PUBLIC_URL: http://localhost:<port>). */
  readonly url: string;
  readonly port: number;
  output(): string;
  /** SIGTERM (a clean stop) and its exit. */
  stop(): Promise<void>;
  /** kill -9: no clean-up of any kind. */
  kill9(): Promise<void>;
}

export const exited = (proc: ChildProcessWithoutNullStreams) =>
  proc.exitCode !== null || proc.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => proc.once("exit", () => resolve()));

/** Starts `accountable serve --port 0` (no demo) on `dataDir`; `host` as `--host`. Resolves once it listens. */
export function serve(dataDir: string, host?: string): Promise<Serving> {
  const proc = spawn(
    process.execPath,
    [BIN, "--data-dir", dataDir, "serve", "--port", "0", ...(host ? ["--host", host] : [])],
    {
      env: { ...process.env, ACCOUNTABLE_DEMO: "0", LOG_LEVEL: "warn", NO_COLOR: "1", DATABASE_URL: "" },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let out = "";
  proc.stdout.on("data", (d) => {
    out += d;
  });
  proc.stderr.on("data", (d) => {
    out += d;
  });
  const signal = async (s: NodeJS.Signals) => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(s);
    await exited(proc);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 110_000);
    proc.stdout.on("data", () => {
      const m = /running at (http:\/\/\S+:(\d+))/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          proc,
          url: m[1]!,
          port: Number(m[2]),
          output: () => out,
          stop: () => signal("SIGTERM"),
          kill9: () => signal("SIGKILL"),
        });
      }
    });
    proc.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code} before listening:\n${out}`));
    });
  });
}
