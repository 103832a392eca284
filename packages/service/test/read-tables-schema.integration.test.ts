// Reads trust the projection: a list answers its rows' `data` and a record answers its row (data and version)
// without parsing them again (queries/keyset.ts, reader.ts). This is the guard that makes that safe: in a demo
// workspace holding every kind of record, every row of every list's table is its entity by the domain's schema,
// and each row is exactly the record replayed from its events, at the same version.
import { timestamp } from "@accountable/domain";
import type { DatabaseHandle } from "@accountable/store";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createService, ENTITY_SCHEMAS, LIST_AGGREGATES, LIST_NAMES, type Service } from "../src/index.ts";
import { LISTS } from "../src/queries/lists.ts";
import { TARGETS } from "./databases.ts";

const WS = "read-tables";

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`the read tables' rows on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let service: Service;
    beforeAll(async () => {
      handle = await target.open();
      service = createService({ db: handle.db });
      const r = await service.seedDemo({
        workspaceId: WS,
        seed: 3,
        now: timestamp("2026-11-02T12:00:00.000Z"),
        opportunities: 40,
      });
      if (!r.ok) throw new Error(r.error.message);
    }, 120_000);
    afterAll(async () => {
      await handle?.close();
    });

    for (const name of LIST_NAMES) {
      it(`holds ${name} the list answers unparsed: each row its entity, equal to its replay`, async () => {
        const table = LISTS[name].table;
        const aggregate = LIST_AGGREGATES[name];
        const rows = await handle.db
          .select({ id: table.id, version: table.version, data: table.data })
          .from(table)
          .where(eq(table.workspaceId, WS))
          .orderBy(asc(table.id));
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) {
          const parsed = ENTITY_SCHEMAS[aggregate].safeParse(row.data);
          expect(parsed.success, `${name} ${row.id}: ${parsed.error?.message}`).toBe(true);
        }
        // Replaying is slow: every row of the small tables, a spread of the large ones.
        const step = Math.max(1, Math.floor(rows.length / 25));
        for (let i = 0; i < rows.length; i += step) {
          const row = rows[i]!;
          const replayed = await service.load(WS, aggregate, String(row.id));
          expect(row.version).toBe(replayed.version);
          expect(row.data).toEqual(JSON.parse(JSON.stringify(replayed.state)));
        }
      }, 60_000);
    }
  });
}
