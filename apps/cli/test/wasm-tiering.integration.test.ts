// A brief command keeps the embedded database's WASM on V8's baseline compiler (src/wasm-tiering.ts): V8's own
// trace of each compiled function, read from a real process, names no optimising (TurboFan) compile.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, BIN, cliJson } from "./run-cli.ts";

let dataDir: string;

beforeAll(async () => {
  assertBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "accountable-tiering-"));
  await cliJson(
    ["init", "--name", "Tiering", "--admin-name", "Ada", "--admin-email", "ada@tiering.test"],
    0,
    {
      env: { ACCOUNTABLE_DATA_DIR: dataDir },
    },
  );
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("the embedded database's WASM in a brief command", () => {
  it("is compiled by the baseline compiler only", () => {
    const { DATABASE_URL: _server, ...env } = process.env;
    const ran = spawnSync(
      process.execPath,
      ["--trace-wasm-compilation-times", BIN, "--data-dir", dataDir, "opp", "list", "--json"],
      { env: { ...env, NO_COLOR: "1" }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    expect(ran.status, ran.stderr).toBe(0);
    const compiled = ran.stdout.split("\n").filter((l) => l.startsWith("Compiled function"));
    // The trace is there (PostgreSQL's functions, compiled as they are first called) …
    expect(compiled.filter((l) => l.includes("using Liftoff")).length).toBeGreaterThan(100);
    // … and none of them was recompiled by the optimising tier.
    expect(compiled.filter((l) => l.includes("using TurboFan"))).toEqual([]);
  });
});
