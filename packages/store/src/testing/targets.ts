// The two databases every test that touches the store runs on: embedded PGlite always, PostgreSQL when a server
// URL is given (each run in a database of its own, dropped afterwards). Without the URL the PostgreSQL half is
// skipped, and reported as skipped.
import type { DatabaseHandle } from "../open-database.ts";
import { openDatabase } from "../open-database.ts";
import { openMemoryDatabase } from "./pglite-template.ts";
import { createTestDatabase } from "./postgres-test-database.ts";

export interface TestTarget {
  readonly name: string;
  readonly skip: boolean;
  open(): Promise<DatabaseHandle>;
}

export function testTargets(serverUrl: string | undefined): readonly TestTarget[] {
  return [
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
}
