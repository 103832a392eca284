import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "@accountable/store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, cliJson } from "./run-cli.ts";

const serverUrl = process.env.DATABASE_URL;

// With DATABASE_URL the CLI uses that PostgreSQL server instead of the embedded database; the data folder then
// only holds the config. Skipped (and counted as skipped) where no server is configured.
describe.skipIf(!serverUrl)("on PostgreSQL (DATABASE_URL)", () => {
  let database: TestDatabase;
  let dataDir: string;
  const env = () => ({ DATABASE_URL: database.url, ACCOUNTABLE_DATA_DIR: dataDir });

  beforeAll(async () => {
    assertBuilt();
    database = await createTestDatabase(serverUrl!);
    dataDir = mkdtempSync(join(tmpdir(), "accountable-cli-pg-"));
  });

  afterAll(async () => {
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("init creates the workspace in a fresh database, and commands work against it", async () => {
    const init = await cliJson<{ workspace: { id: string }; database: string }>(
      ["init", "--name", "Postgres Agency", "--admin-name", "Pat", "--admin-email", "pat@pg.test"],
      0,
      { env: env() },
    );
    expect(init).toMatchObject({ workspace: { id: "postgres-agency" }, database: "postgres" });
    const account = await cliJson<{ state: { name: string } }>(["account", "create", "Acme"], 0, {
      env: env(),
    });
    expect(account.state.name).toBe("Acme");
    const page = await cliJson<{ items: { id: string }[] }>(["account", "list"], 0, { env: env() });
    expect(page.items.map((a) => a.id)).toEqual(["acme"]);
  });
});
