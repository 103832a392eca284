// Migration 0013: an account row written before accounts had a size and a region gains the fields the domain's
// schema gives them (not known: null); a row that has them keeps its own values.
import { readFile } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "./open-database.ts";
import { accounts } from "./schema/read-models/tables.ts";
import { testTargets } from "./testing/targets.ts";

const migration = new URL("../migrations/0013_target_lists_and_account_facts.sql", import.meta.url);

const row = (id: string, data: Record<string, unknown>) => ({
  workspaceId: "ws",
  id,
  version: 2,
  data: { id, name: `Account ${id}`, ...data },
  updatedAt: "2026-11-01T00:00:00.000Z",
  name: `Account ${id}`,
  status: "prospect",
  ownerId: "ae",
});

for (const target of testTargets(process.env.DATABASE_URL)) {
  describe.skipIf(target.skip)(`migration 0013 on ${target.name}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle?.close());

    it("fills in an older account's size and region as not known, and leaves a newer one as it is", async () => {
      const revenue = { amount: 100, currency: "EUR" };
      await handle.db
        .insert(accounts)
        .values([row("old", {}), row("new", { employees: 12, annualRevenue: revenue, region: "EMEA" })]);
      // The migration already ran when the database opened; run its backfill (the last statement) again.
      const statements = (await readFile(migration, "utf8")).split("--> statement-breakpoint");
      await handle.db.execute(sql.raw(statements.at(-1)!));
      const rows = await handle.db.select({ id: accounts.id, data: accounts.data }).from(accounts);
      const data = Object.fromEntries(rows.map((r) => [r.id, r.data]));
      expect(data.old).toEqual({
        id: "old",
        name: "Account old",
        employees: null,
        annualRevenue: null,
        region: null,
      });
      expect(data.new).toMatchObject({ employees: 12, annualRevenue: revenue, region: "EMEA" });
    });
  });
}
