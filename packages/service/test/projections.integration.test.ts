// writeProjections, the bulk write of an import batch's read rows: new rows go in (by COPY on PGlite), and a row
// that exists already is replaced as upsertRow would — the COPY rolled back and the rows upserted instead.
import { randomBytes } from "node:crypto";
import { type DatabaseHandle, ensureWorkspace, schema } from "@accountable/store";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProjectionBuffer, type Scope, upsertRow, writeProjections } from "../src/scope.ts";
import { TARGETS } from "./databases.ts";

const AT = "2026-11-20T10:00:00.000Z";

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`bulk read rows on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let ws: string;
    const scopeWith = (buffer: ProjectionBuffer): Scope => ({
      db: handle.db,
      workspaceId: ws,
      settings: {} as Scope["settings"],
      projections: buffer,
    });
    const account = (id: string, name: string, version: number) => ({
      id,
      version,
      updatedAt: AT,
      data: { id, name, note: "tab\there, newline\nhere, backslash \\ here" },
      name,
      status: "active",
      ownerId: "m-1",
      parentId: null,
    });
    const stored = async () =>
      (
        await handle.db
          .select({
            id: schema.accounts.id,
            version: schema.accounts.version,
            name: schema.accounts.name,
            data: schema.accounts.data,
            parentId: schema.accounts.parentId,
          })
          .from(schema.accounts)
          .where(and(eq(schema.accounts.workspaceId, ws)))
      ).sort((a, b) => a.id.localeCompare(b.id));

    beforeAll(async () => {
      handle = await target.open();
      ws = `ws-proj-${randomBytes(4).toString("hex")}`;
      await ensureWorkspace(handle.db, { id: ws, name: "Projections" });
    });
    afterAll(async () => {
      await handle?.close();
    });

    it("writes new rows as given, and replaces a row that exists as an upsert would", async () => {
      const first = new ProjectionBuffer();
      await upsertRow(scopeWith(first), schema.accounts, account("acc-1", "Acme", 1));
      await upsertRow(scopeWith(first), schema.accounts, account("acc-2", "Globex", 1));
      await writeProjections(scopeWith(first), first);
      expect(await stored()).toEqual([
        { id: "acc-1", version: 1, name: "Acme", data: account("acc-1", "Acme", 1).data, parentId: null },
        { id: "acc-2", version: 1, name: "Globex", data: account("acc-2", "Globex", 1).data, parentId: null },
      ]);

      // acc-2 exists: the batch is written all the same, acc-2 replaced and acc-3 added.
      const second = new ProjectionBuffer();
      await upsertRow(scopeWith(second), schema.accounts, account("acc-2", "Globex Europe", 2));
      await upsertRow(scopeWith(second), schema.accounts, account("acc-3", "Initech", 1));
      await writeProjections(scopeWith(second), second);
      expect(
        (await stored()).map((r) => [r.id, r.version, r.name, (r.data as { name: string }).name]),
      ).toEqual([
        ["acc-1", 1, "Acme", "Acme"],
        ["acc-2", 2, "Globex Europe", "Globex Europe"],
        ["acc-3", 1, "Initech", "Initech"],
      ]);
    });
  });
}
