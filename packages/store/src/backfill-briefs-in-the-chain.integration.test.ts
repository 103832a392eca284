// Migration 0014: briefs, contracts and invoice lines written before briefs were linked, contracts had a billing
// schedule and lines named a period gain the fields the domain's schemas default (null each); rows that have
// them keep their own values.
import { readFile } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "./open-database.ts";
import { briefs, contracts, invoices } from "./schema/read-models/tables.ts";
import { testTargets } from "./testing/targets.ts";

const migration = new URL("../migrations/0014_briefs_in_the_chain.sql", import.meta.url);
const base = { workspaceId: "ws", version: 1, updatedAt: "2026-11-01T00:00:00.000Z", accountId: "acme" };
const line = (extra: Record<string, unknown> = {}) => ({ description: "Work", quantity: "1", ...extra });

for (const target of testTargets(process.env.DATABASE_URL)) {
  describe.skipIf(target.skip)(`migration 0014 on ${target.name}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle?.close());

    it("fills in older briefs' links, contracts' schedules and lines' periods, and leaves newer rows as they are", async () => {
      const db = handle.db;
      await db.insert(briefs).values([
        { ...base, id: "b-old", data: { id: "b-old" }, status: "received" },
        {
          ...base,
          id: "b-new",
          data: { id: "b-new", opportunityId: "o1", contractId: "k1" },
          status: "received",
        },
      ]);
      const contract = {
        ...base,
        ownerId: "ae",
        title: "K",
        status: "active",
        valueMinor: 1,
        currency: "EUR",
      };
      const dates = { startDate: "2026-01-01", endDate: "2026-12-31" };
      await db.insert(contracts).values([
        { ...contract, ...dates, id: "k-old", data: { id: "k-old" } },
        { ...contract, ...dates, id: "k-new", data: { id: "k-new", billingSchedule: { period: "monthly" } } },
      ]);
      const invoice = { ...base, status: "draft", dueDate: "2026-12-01", currency: "EUR" };
      await db.insert(invoices).values([
        { ...invoice, id: "i-old", data: { id: "i-old", lines: [line(), line({ description: "More" })] } },
        {
          ...invoice,
          id: "i-new",
          data: { id: "i-new", lines: [line({ period: { start: "2026-01-01", end: "2026-01-31" } })] },
        },
        { ...invoice, id: "i-none", data: { id: "i-none", lines: [] } },
      ]);
      // The migration already ran when the database opened; run its updates again over these rows.
      for (const statement of (await readFile(migration, "utf8")).split("--> statement-breakpoint"))
        if (statement.includes("UPDATE")) await db.execute(sql.raw(statement));
      const data = async (t: typeof briefs | typeof contracts | typeof invoices) =>
        Object.fromEntries((await db.select({ id: t.id, data: t.data }).from(t)).map((r) => [r.id, r.data]));
      expect(await data(briefs)).toEqual({
        "b-old": { id: "b-old", opportunityId: null, contractId: null },
        "b-new": { id: "b-new", opportunityId: "o1", contractId: "k1" },
      });
      expect(await data(contracts)).toEqual({
        "k-old": { id: "k-old", billingSchedule: null },
        "k-new": { id: "k-new", billingSchedule: { period: "monthly" } },
      });
      expect(await data(invoices)).toEqual({
        "i-old": {
          id: "i-old",
          lines: [line({ period: null }), line({ description: "More", period: null })],
        },
        "i-new": { id: "i-new", lines: [line({ period: { start: "2026-01-01", end: "2026-01-31" } })] },
        "i-none": { id: "i-none", lines: [] },
      });
    });
  });
}
