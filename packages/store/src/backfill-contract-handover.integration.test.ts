// Migration 0011: a contract row written before the handover to delivery gains the fields the domain's schema
// defaults (`projectManagerIds: []`, `handedOverAt: null`); a row that has them keeps its own values.
import { readFile } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "./open-database.ts";
import { contracts } from "./schema/read-models/tables.ts";
import { testTargets } from "./testing/targets.ts";

const migration = new URL("../migrations/0011_backfill_contract_handover.sql", import.meta.url);

const row = (id: string, data: Record<string, unknown>) => ({
  workspaceId: "ws",
  id,
  version: 3,
  data: { id, title: `Contract ${id}`, ...data },
  updatedAt: "2026-11-01T00:00:00.000Z",
  accountId: "acme",
  ownerId: "ae",
  title: `Contract ${id}`,
  status: "active",
  valueMinor: 100,
  currency: "EUR",
  startDate: "2026-01-01",
  endDate: "2026-12-31",
});

for (const target of testTargets(process.env.DATABASE_URL)) {
  describe.skipIf(target.skip)(`migration 0011 on ${target.name}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle?.close());

    it("fills in an older contract's project managers and handover, and leaves a newer one as it is", async () => {
      await handle.db
        .insert(contracts)
        .values([
          row("old", {}),
          row("new", { projectManagerIds: ["pm-1"], handedOverAt: "2026-10-01T09:00:00.000Z" }),
        ]);
      // The migration already ran when the database opened; run its statements again over these rows.
      for (const statement of (await readFile(migration, "utf8")).split("--> statement-breakpoint"))
        await handle.db.execute(sql.raw(statement));
      const rows = await handle.db.select({ id: contracts.id, data: contracts.data }).from(contracts);
      const data = Object.fromEntries(rows.map((r) => [r.id, r.data]));
      expect(data.old).toEqual({
        id: "old",
        title: "Contract old",
        projectManagerIds: [],
        handedOverAt: null,
      });
      expect(data.new).toMatchObject({
        projectManagerIds: ["pm-1"],
        handedOverAt: "2026-10-01T09:00:00.000Z",
      });
    });
  });
}
