// The two databases every service test runs on: embedded PGlite always, PostgreSQL when DATABASE_URL is set
// (each run in a database of its own, dropped afterwards). Without DATABASE_URL the PostgreSQL half is
// reported as skipped.
import { type DatabaseHandle, openDatabase } from "@accountable/store";
import { createTestDatabase, openMemoryDatabase } from "@accountable/store/testing";

export const serverUrl = process.env.DATABASE_URL;

export interface TestTarget {
  readonly name: string;
  readonly skip: boolean;
  open(): Promise<DatabaseHandle>;
}

export const TARGETS: readonly TestTarget[] = [
  { name: "PGlite", skip: false, open: openMemoryDatabase },
  {
    name: "PostgreSQL",
    skip: !serverUrl,
    async open() {
      const testDatabase = await createTestDatabase(serverUrl!);
      const handle = await openDatabase({ kind: "postgres", url: testDatabase.url, poolSize: 20 });
      return {
        ...handle,
        close: async () => {
          await handle.close();
          await testDatabase.drop();
        },
      };
    },
  },
];
