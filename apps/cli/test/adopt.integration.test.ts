// A data folder the server set up (`npm start` creates the demo, but writes no CLI config) works from the CLI
// without flags, and `accountable demo` on it adopts the demo it finds instead of failing obscurely.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, cli } from "./run-cli.ts";

let dataDir: string;
const env = () => ({ ACCOUNTABLE_DATA_DIR: dataDir });

beforeAll(async () => {
  assertBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "accountable-adopt-"));
  const made = await cli(["demo", "--deals", "7"], { env: env() });
  expect(made.code).toBe(0);
  // What the server leaves: the database, and no config.json.
  rmSync(join(dataDir, "config.json"));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("a data folder without a CLI config", () => {
  it("uses its only workspace, acting as its first admin", async () => {
    const list = await cli(["opp", "list", "--json"], { env: env() });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).items.length).toBeGreaterThan(0);
    const created = await cli(["account", "create", "Adopted GmbH", "--owner", "me", "--json"], {
      env: env(),
    });
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).state.ownerId).toBe("demo-admin");
  });

  it("`demo` again says the demo is there and adopts it (exit 5), after which the config names it", async () => {
    const again = await cli(["demo", "--deals", "7"], { env: env() });
    expect(again.code).toBe(5);
    expect(again.stderr).toMatch(/demo workspace demo is in .* already; commands now use it/);
    const report = await cli(["report", "stale", "--json"], { env: env() });
    expect(report.code).toBe(0);
  });

  it("a workspace that is not there is not found (exit 3), not an empty list", async () => {
    const list = await cli(["--workspace", "nope", "opp", "list"], { env: env() });
    expect(list.code).toBe(3);
    expect(list.stderr).toContain("There is no workspace nope in");
  });
});
