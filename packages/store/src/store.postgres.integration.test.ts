import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./open-database.ts";
import { createTestDatabase } from "./testing/postgres-test-database.ts";
import { appliedMigrations, describeStoreContract, migrationCount } from "./testing/store-contract.ts";

// Runs when DATABASE_URL points at a PostgreSQL server (CI sets it); counted as skipped otherwise. Each run
// creates its own database there and drops it afterwards.
const serverUrl = process.env.DATABASE_URL;

describeStoreContract(
  "PostgreSQL",
  async () => {
    const testDatabase = await createTestDatabase(serverUrl!);
    try {
      const handle = await openDatabase({ kind: "postgres", url: testDatabase.url, poolSize: 20 });
      return {
        ...handle,
        close: async () => {
          await handle.close();
          await testDatabase.drop();
        },
      };
    } catch (error) {
      await testDatabase.drop();
      throw error;
    }
  },
  { skip: !serverUrl },
);

describe.skipIf(!serverUrl)("openDatabase on PostgreSQL", () => {
  it("migrates once when several processes start at the same moment", async () => {
    const testDatabase = await createTestDatabase(serverUrl!);
    try {
      const handles = await Promise.all(
        Array.from({ length: 4 }, () => openDatabase({ kind: "postgres", url: testDatabase.url })),
      );
      const [applied] = await handles[0]!.db.select({ n: count() }).from(appliedMigrations);
      await Promise.all(handles.map((h) => h.close()));

      expect(applied?.n).toBe(migrationCount());
    } finally {
      await testDatabase.drop();
    }
  });
});
