import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, cliJson } from "./run-cli.ts";

describe("accountable demo", () => {
  let dataDir: string;
  const env = () => ({ ACCOUNTABLE_DATA_DIR: dataDir });

  beforeAll(() => {
    assertBuilt();
    dataDir = mkdtempSync(join(tmpdir(), "accountable-cli-demo-"));
  });

  afterAll(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("seeds the demo workspace, which later commands address by default", async () => {
    const summary = await cliJson<{
      workspaceId: string;
      opportunities: number;
      login: { memberId: string };
    }>(["demo", "--deals", "7", "--seed", "3"], 0, { env: env() });
    expect(summary).toMatchObject({ workspaceId: "demo", login: { memberId: "demo-admin" } });
    expect(summary.opportunities).toBeGreaterThanOrEqual(7);
    const page = await cliJson<{ items: { id: string }[] }>(["opp", "list", "--limit", "100"], 0, {
      env: env(),
    });
    expect(page.items).toHaveLength(summary.opportunities);
  });
});
