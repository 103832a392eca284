import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendNewStreams, claimIdempotencyKeys, findIdempotencyKeys } from "./bulk-append.ts";
import { canCopy } from "./copy.ts";
import { appendEvents, readStream } from "./event-log.ts";
import { type DatabaseHandle, openDatabase } from "./open-database.ts";
import { openMemoryDatabase } from "./testing/pglite-template.ts";
import { createTestDatabase } from "./testing/postgres-test-database.ts";
import { ensureWorkspace } from "./workspaces.ts";

const serverUrl = process.env.DATABASE_URL;
const AT = "2026-11-20T10:00:00.000Z";

const targets: { name: string; skip: boolean; open: () => Promise<DatabaseHandle> }[] = [
  { name: "PGlite", skip: false, open: openMemoryDatabase },
  {
    name: "PostgreSQL",
    skip: !serverUrl,
    async open() {
      const testDatabase = await createTestDatabase(serverUrl!);
      const handle = await openDatabase({ kind: "postgres", url: testDatabase.url });
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

const event = (type: string, payload: unknown) => ({
  type,
  payload,
  at: AT,
  actorId: "m-1",
  reason: "import",
});

for (const target of targets) {
  describe.skipIf(target.skip)(`bulk appends on ${target.name}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
      await ensureWorkspace(handle.db, { id: "ws-1", name: "Bulk" });
    });
    afterAll(async () => {
      await handle?.close();
    });

    it("creates new streams with their events at versions 1, 2, … — payloads with quotes and nulls intact", async () => {
      const payload = { name: 'Acme "Europe"', note: "a\\b", none: null, list: [1, "two"] };
      const r = await appendNewStreams(handle.db, "ws-1", [
        {
          streamType: "account",
          streamId: "bulk-a",
          events: [event("Created", payload), event("Renamed", {})],
        },
        { streamType: "account", streamId: "bulk-b", events: [event("Created", {})] },
      ]);
      expect(r).toEqual({ ok: true, value: { streams: 2, events: 3 } });
      const stored = await readStream(handle.db, "ws-1", "bulk-a");
      expect(stored.map((e) => [e.version, e.type, e.reason, e.at])).toEqual([
        [1, "Created", "import", AT],
        [2, "Renamed", "import", AT],
      ]);
      expect(stored[0]!.payload).toEqual(payload);
      // The head is where appendEvents expects it.
      const next = await appendEvents(handle.db, {
        workspaceId: "ws-1",
        streamType: "account",
        streamId: "bulk-a",
        expectedVersion: 2,
        events: [event("Archived", {})],
      });
      expect(next.ok).toBe(true);
    });

    it("keeps tabs, newlines, backslashes, \\N and any script in payloads and reasons (COPY's escapes on PGlite)", async () => {
      expect(canCopy(handle.db)).toBe(target.name === "PGlite");
      const tricky = "a\tb\nc\r\nd \\ e \\N \\t — Zoë, 東京, 🚀";
      const payload = { name: tricky, nested: { text: tricky, none: null }, quote: '"' };
      const r = await appendNewStreams(handle.db, "ws-1", [
        {
          streamType: "account",
          streamId: "bulk-tricky",
          events: [{ ...event("Created", payload), reason: tricky }],
        },
      ]);
      expect(r.ok).toBe(true);
      const [stored] = await readStream(handle.db, "ws-1", "bulk-tricky");
      expect(stored!.payload).toEqual(payload);
      expect(stored!.reason).toBe(tricky);
      const claimed = await claimIdempotencyKeys(handle.db, "ws-1", "tricky", [
        { key: tricky, result: payload },
        { key: "no result", result: null },
      ]);
      expect(claimed).toEqual({ ok: true, value: 2 });
      const found = await findIdempotencyKeys(handle.db, "ws-1", "tricky", [tricky, "no result"]);
      expect(found).toEqual(
        new Map<string, unknown>([
          [tricky, payload],
          ["no result", null],
        ]),
      );
    });

    it("appends nothing at all when one of the streams exists already", async () => {
      const r = await appendNewStreams(handle.db, "ws-1", [
        { streamType: "account", streamId: "bulk-c", events: [event("Created", {})] },
        { streamType: "account", streamId: "bulk-b", events: [event("Created", {})] },
      ]);
      expect(r.ok ? null : r.error).toMatchObject({ _tag: "StreamsExist", streamIds: ["bulk-b"] });
      expect(await readStream(handle.db, "ws-1", "bulk-c")).toEqual([]);
      expect(await readStream(handle.db, "ws-1", "bulk-b")).toHaveLength(1);
    });

    it("claims keys with their results, or none when one is taken", async () => {
      const claimed = await claimIdempotencyKeys(handle.db, "ws-1", "import:x", [
        { key: "k1", result: { id: "bulk-a" } },
        { key: "k2", result: { id: "bulk-b" } },
      ]);
      expect(claimed).toEqual({ ok: true, value: 2 });
      const again = await claimIdempotencyKeys(handle.db, "ws-1", "import:x", [
        { key: "k3", result: null },
        { key: "k2", result: null },
      ]);
      expect(again.ok ? null : again.error).toMatchObject({ _tag: "KeysTaken", keys: ["k2"] });
      const found = await findIdempotencyKeys(handle.db, "ws-1", "import:x", ["k1", "k2", "k3"]);
      expect(Object.fromEntries(found)).toEqual({ k1: { id: "bulk-a" }, k2: { id: "bulk-b" } });
      // Keys belong to their scope.
      expect((await findIdempotencyKeys(handle.db, "ws-1", "import:y", ["k1"])).size).toBe(0);
    });

    it("rolls back with the caller's transaction", async () => {
      await expect(
        handle.db.transaction(async (tx) => {
          await appendNewStreams(tx, "ws-1", [
            { streamType: "account", streamId: "bulk-d", events: [event("Created", {})] },
          ]);
          await claimIdempotencyKeys(tx, "ws-1", "import:x", [{ key: "k4", result: null }]);
          throw new Error("crash");
        }),
      ).rejects.toThrow("crash");
      expect(await readStream(handle.db, "ws-1", "bulk-d")).toEqual([]);
      expect((await findIdempotencyKeys(handle.db, "ws-1", "import:x", ["k4"])).size).toBe(0);
    });
  });
}
