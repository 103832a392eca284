import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { count, eq } from "drizzle-orm";
import { integer, pgSchema, text } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoreDatabase } from "../database.ts";
import { appendEvents, type NewEvent, readStream, readWorkspaceEvents, streamVersion } from "../event-log.ts";
import {
  claimKey,
  keepResult,
  readKeyed,
  releaseAbandonedHolds,
  releaseKey,
  renewKey,
  takeOverKey,
} from "../idempotency.ts";
import { type DatabaseHandle, defaultMigrationsFolder } from "../open-database.ts";
import { events, streams, workspaces } from "../schema/index.ts";
import { ensureWorkspace } from "../workspaces.ts";

// drizzle's own bookkeeping table, declared here only so tests can count applied migrations.
export const appliedMigrations = pgSchema("drizzle").table("__drizzle_migrations", {
  id: integer("id"),
  hash: text("hash"),
});

/** How many migrations the folder holds, from drizzle-kit's journal. */
export function migrationCount(): number {
  const journal = JSON.parse(readFileSync(join(defaultMigrationsFolder(), "meta", "_journal.json"), "utf8"));
  return journal.entries.length;
}

export interface StoreContractOptions {
  /** Reported as skipped (not silently absent) when the target is unavailable, e.g. no DATABASE_URL. */
  readonly skip?: boolean;
}

/**
 * The store's one contract: every driver must pass it. `open` returns a fresh, empty, migrated database
 * (whatever `close()` must tidy up, such as dropping a per-run database, belongs in the handle's `close`).
 */
export function describeStoreContract(
  name: string,
  open: () => Promise<DatabaseHandle>,
  options: StoreContractOptions = {},
): void {
  describe.skipIf(options.skip ?? false)(`store contract on ${name}`, () => {
    let handle: DatabaseHandle;
    const db = () => handle.db;

    beforeAll(async () => {
      handle = await open();
    });
    afterAll(async () => {
      await handle?.close();
    });

    // Each test works in workspaces of its own, so tests sharing one database cannot see each other.
    async function newWorkspace(label = "ws"): Promise<string> {
      const id = `${label}-${randomBytes(5).toString("hex")}`;
      await ensureWorkspace(db(), { id, name: `Workspace ${label}` });
      return id;
    }

    const event = (type: string, payload: unknown, at = "2026-03-01T09:00:00.000Z"): NewEvent => ({
      type,
      payload,
      at,
      actorId: "member-1",
    });

    describe("migrations", () => {
      it("applies every migration in the folder exactly once, however often it runs", async () => {
        const workspaceId = await newWorkspace();
        await appendEvents(db(), {
          workspaceId,
          streamType: "opportunity",
          streamId: "opp-1",
          expectedVersion: 0,
          events: [event("OpportunityCreated", { name: "Kept" })],
        });

        await handle.migrate();
        await handle.migrate();

        const [applied] = await db().select({ n: count() }).from(appliedMigrations);
        expect(applied?.n).toBe(migrationCount());
        expect(await readStream(db(), workspaceId, "opp-1")).toHaveLength(1);
      });
    });

    describe("appendEvents and readStream", () => {
      it("keeps a new stream's events at versions 1, 2, … with everything that was given", async () => {
        const workspaceId = await newWorkspace();
        const result = await appendEvents(db(), {
          workspaceId,
          streamType: "opportunity",
          streamId: "opp-1",
          expectedVersion: 0,
          events: [
            {
              ...event("OpportunityCreated", {
                name: "Renewal 2027",
                amount: { minor: 1250000, currency: "EUR" },
              }),
            },
            {
              ...event("StageMoved", { to: "qualified" }, "2026-03-02T10:30:00.000Z"),
              reason: "budget confirmed",
            },
          ],
        });

        expect(result.ok && result.value.version).toBe(2);
        const stored = await readStream(db(), workspaceId, "opp-1");
        expect(stored.map((e) => [e.version, e.type, e.streamType, e.reason])).toEqual([
          [1, "OpportunityCreated", "opportunity", null],
          [2, "StageMoved", "opportunity", "budget confirmed"],
        ]);
        expect(stored[0]?.payload).toEqual({
          name: "Renewal 2027",
          amount: { minor: 1250000, currency: "EUR" },
        });
        expect(stored[1]?.at).toBe("2026-03-02T10:30:00.000Z");
        expect(stored[1]?.actorId).toBe("member-1");
        expect(stored[1]!.seq).toBeGreaterThan(stored[0]!.seq);
        expect(Date.parse(stored[0]!.recordedAt)).not.toBeNaN();
        expect(await streamVersion(db(), workspaceId, "opp-1")).toBe(2);
      });

      it("appends after the expected version and returns the stored events with their sequence numbers", async () => {
        const workspaceId = await newWorkspace();
        const base = { workspaceId, streamType: "contract", streamId: "ctr-1" } as const;
        await appendEvents(db(), { ...base, expectedVersion: 0, events: [event("ContractDrafted", {})] });

        const result = await appendEvents(db(), {
          ...base,
          expectedVersion: 1,
          events: [event("ContractSent", {}), event("ContractSigned", {})],
        });

        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.value.events.map((e) => e.version)).toEqual([2, 3]);
        expect(await readStream(db(), workspaceId, "ctr-1")).toEqual(
          expect.arrayContaining(result.value.events.map((e) => expect.objectContaining({ seq: e.seq }))),
        );
      });

      it("reads a stream as of a moment, or up to a sequence number", async () => {
        const workspaceId = await newWorkspace();
        const result = await appendEvents(db(), {
          workspaceId,
          streamType: "opportunity",
          streamId: "opp-1",
          expectedVersion: 0,
          events: [
            event("OpportunityCreated", {}, "2026-01-10T00:00:00.000Z"),
            event("StageMoved", { to: "proposal" }, "2026-02-10T00:00:00.000Z"),
            event("StageMoved", { to: "won" }, "2026-03-10T00:00:00.000Z"),
          ],
        });
        const seqs = result.ok ? result.value.events.map((e) => e.seq) : [];

        const asOfFebruary = await readStream(db(), workspaceId, "opp-1", {
          until: "2026-02-28T23:59:59.999Z",
        });
        const untilSecond = await readStream(db(), workspaceId, "opp-1", { untilSeq: seqs[1]! });

        expect(asOfFebruary.map((e) => e.version)).toEqual([1, 2]);
        expect(untilSecond.map((e) => e.version)).toEqual([1, 2]);
      });

      it("returns nothing for a stream that does not exist", async () => {
        const workspaceId = await newWorkspace();
        expect(await readStream(db(), workspaceId, "nothing-here")).toEqual([]);
        expect(await streamVersion(db(), workspaceId, "nothing-here")).toBe(0);
      });

      it("throws (a bug, not a conflict) when events of another type are appended to a stream", async () => {
        const workspaceId = await newWorkspace();
        await appendEvents(db(), {
          workspaceId,
          streamType: "account",
          streamId: "acc-1",
          expectedVersion: 0,
          events: [event("AccountCreated", {})],
        });

        await expect(
          appendEvents(db(), {
            workspaceId,
            streamType: "contract",
            streamId: "acc-1",
            expectedVersion: 1,
            events: [event("ContractDrafted", {})],
          }),
        ).rejects.toThrow(/is a account stream/);
        expect(await streamVersion(db(), workspaceId, "acc-1")).toBe(1);
      });
    });

    describe("inside a caller's transaction", () => {
      it("commits and rolls back with it, so projections written beside the events share their fate", async () => {
        const workspaceId = await newWorkspace();
        const append = (tx: StoreDatabase, streamId: string) =>
          appendEvents(tx, {
            workspaceId,
            streamType: "task",
            streamId,
            expectedVersion: 0,
            events: [event("TaskOpened", {})],
          });

        await db().transaction(async (tx) => {
          await append(tx, "task-kept");
        });
        await expect(
          db().transaction(async (tx) => {
            await append(tx, "task-dropped");
            throw new Error("the projection failed");
          }),
        ).rejects.toThrow("the projection failed");

        expect(await streamVersion(db(), workspaceId, "task-kept")).toBe(1);
        expect(await streamVersion(db(), workspaceId, "task-dropped")).toBe(0);
        expect(await readStream(db(), workspaceId, "task-dropped")).toEqual([]);
      });
    });

    describe("stale versions", () => {
      async function streamAtVersion2(): Promise<{ workspaceId: string; streamId: string }> {
        const workspaceId = await newWorkspace();
        await appendEvents(db(), {
          workspaceId,
          streamType: "opportunity",
          streamId: "opp-1",
          expectedVersion: 0,
          events: [event("OpportunityCreated", {}), event("StageMoved", { to: "qualified" })],
        });
        return { workspaceId, streamId: "opp-1" };
      }

      it.each([
        ["behind", 1],
        ["at zero, as if the stream were new", 0],
        ["ahead", 5],
      ])("refuses an expected version %s with the current version, writing nothing", async (_, expected) => {
        const { workspaceId, streamId } = await streamAtVersion2();

        const result = await appendEvents(db(), {
          workspaceId,
          streamType: "opportunity",
          streamId,
          expectedVersion: expected,
          events: [event("StageMoved", { to: "lost" })],
        });

        expect(result).toEqual({
          ok: false,
          error: expect.objectContaining({
            _tag: "StaleVersion",
            expectedVersion: expected,
            currentVersion: 2,
          }),
        });
        expect(await readStream(db(), workspaceId, streamId)).toHaveLength(2);
      });

      it("refuses an expected version above 0 on a stream that does not exist, with current version 0", async () => {
        const workspaceId = await newWorkspace();
        const result = await appendEvents(db(), {
          workspaceId,
          streamType: "opportunity",
          streamId: "opp-404",
          expectedVersion: 3,
          events: [event("StageMoved", {})],
        });
        expect(!result.ok && result.error.currentVersion).toBe(0);
      });

      it("turns a unique violation on the events' key into a refusal, not an exception", async () => {
        const { workspaceId, streamId } = await streamAtVersion2();
        // A writer that bypassed the stream head already took version 3.
        await db()
          .insert(events)
          .values({
            workspaceId,
            streamType: "opportunity",
            streamId,
            version: 3,
            type: "StageMoved",
            actorId: "intruder",
            at: new Date("2026-03-03T00:00:00.000Z"),
            payload: {},
          });

        const result = await appendEvents(db(), {
          workspaceId,
          streamType: "opportunity",
          streamId,
          expectedVersion: 2,
          events: [event("StageMoved", { to: "lost" })],
        });

        expect(!result.ok && result.error).toMatchObject({ _tag: "StaleVersion", currentVersion: 3 });
        expect((await readStream(db(), workspaceId, streamId)).map((e) => e.actorId)).toEqual([
          "member-1",
          "member-1",
          "intruder",
        ]);
        // The head was rolled back with the failed insert.
        const [head] = await db()
          .select({ version: streams.version })
          .from(streams)
          .where(eq(streams.workspaceId, workspaceId));
        expect(head?.version).toBe(2);
      });
    });

    describe("workspace isolation", () => {
      it("never returns one workspace's events for another, even under the same stream id", async () => {
        const a = await newWorkspace("a");
        const b = await newWorkspace("b");
        const append = (workspaceId: string, type: string, expectedVersion: number) =>
          appendEvents(db(), {
            workspaceId,
            streamType: "opportunity",
            streamId: "opp-shared-id",
            expectedVersion,
            events: [event(type, { workspaceId })],
          });
        await append(a, "OpportunityCreated", 0);
        await append(a, "StageMoved", 1);

        const inB = await append(b, "OpportunityCreated", 0);

        expect(inB.ok && inB.value.version).toBe(1);
        expect((await readStream(db(), b, "opp-shared-id")).map((e) => e.workspaceId)).toEqual([b]);
        expect((await readWorkspaceEvents(db(), b)).map((e) => e.payload)).toEqual([{ workspaceId: b }]);
        expect(await readWorkspaceEvents(db(), a)).toHaveLength(2);
        expect(await streamVersion(db(), b, "opp-shared-id")).toBe(1);
      });

      it("refuses to query without a workspace id", async () => {
        await expect(readStream(db(), "", "opp-1")).rejects.toThrow(/workspace id is required/);
        await expect(readWorkspaceEvents(db(), "")).rejects.toThrow(/workspace id is required/);
      });

      it("refuses events for a workspace that does not exist", async () => {
        await expect(
          appendEvents(db(), {
            workspaceId: "no-such-workspace",
            streamType: "opportunity",
            streamId: "opp-1",
            expectedVersion: 0,
            events: [event("OpportunityCreated", {})],
          }),
        ).rejects.toThrow();
      });
    });

    describe("readWorkspaceEvents", () => {
      it("pages through a workspace's events in sequence order", async () => {
        const workspaceId = await newWorkspace();
        for (const streamId of ["acc-1", "opp-1", "acc-2"]) {
          await appendEvents(db(), {
            workspaceId,
            streamType: "any",
            streamId,
            expectedVersion: 0,
            events: [event("Created", { streamId }), event("Changed", { streamId })],
          });
        }

        const first = await readWorkspaceEvents(db(), workspaceId, { limit: 4 });
        const rest = await readWorkspaceEvents(db(), workspaceId, { afterSeq: first.at(-1)!.seq, limit: 4 });

        expect(first).toHaveLength(4);
        expect(rest.map((e) => [e.streamId, e.version])).toEqual([
          ["acc-2", 1],
          ["acc-2", 2],
        ]);
        const seqs = [...first, ...rest].map((e) => e.seq);
        expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      });
    });

    describe("concurrency", () => {
      it.each([
        ["an existing stream", 1],
        ["a new stream", 0],
      ])(
        "lets exactly one of 50 concurrent appends to %s win; the 49 others learn the new version",
        async (_, start) => {
          const workspaceId = await newWorkspace();
          const base = { workspaceId, streamType: "opportunity", streamId: "opp-contested" } as const;
          if (start > 0) {
            await appendEvents(db(), {
              ...base,
              expectedVersion: 0,
              events: [event("OpportunityCreated", {})],
            });
          }

          const results = await Promise.all(
            Array.from({ length: 50 }, (_, i) =>
              appendEvents(db(), {
                ...base,
                expectedVersion: start,
                events: [event("AmountChanged", { writer: i })],
              }),
            ),
          );

          const winners = results.filter((r) => r.ok);
          const refusals = results.flatMap((r) => (r.ok ? [] : [r.error]));
          expect(winners).toHaveLength(1);
          expect(refusals).toHaveLength(49);
          expect(refusals.every((r) => r._tag === "StaleVersion" && r.currentVersion === start + 1)).toBe(
            true,
          );
          const stored = await readStream(db(), workspaceId, base.streamId);
          expect(stored.map((e) => e.version)).toEqual(Array.from({ length: start + 1 }, (_, i) => i + 1));
          expect(stored.at(-1)?.payload).toEqual(winners[0]!.ok && winners[0]!.value.events[0]!.payload);
        },
      );
    });

    describe("idempotency keys held by a request", () => {
      const ref = (workspaceId: string, key = "k") => ({ workspaceId, scope: "api:m", key });
      const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

      it("refuses a second claim while the holder's lease runs, and lets one retry take it over once it ran out", async () => {
        const k = ref(await newWorkspace());
        const a = { id: "holder-a", leaseMs: 300 };
        expect(await claimKey(db(), k, { state: "running" }, a)).toBe(true);
        expect(await claimKey(db(), k, { state: "running" }, { id: "holder-b", leaseMs: 300 })).toBe(false);
        expect(await readKeyed(db(), k)).toEqual({
          result: { state: "running" },
          heldBy: "holder-a",
          abandoned: false,
        });
        // Renewed while it works, it is never abandoned.
        for (let i = 0; i < 3; i++) {
          await pause(150);
          expect(await renewKey(db(), k, a)).toBe(true);
        }
        expect((await readKeyed(db(), k))?.abandoned).toBe(false);
        // Not renewed (its process died), the lease runs out.
        await pause(450);
        expect((await readKeyed(db(), k))?.abandoned).toBe(true);
        const racers = await Promise.all(
          ["b", "c", "d"].map((x) =>
            takeOverKey(
              db(),
              k,
              "holder-a",
              { state: "running", by: x },
              { id: `holder-${x}`, leaseMs: 5_000 },
            ),
          ),
        );
        expect(racers.filter(Boolean)).toHaveLength(1);
        const winner = `holder-${["b", "c", "d"][racers.indexOf(true)]}`;
        // The dead holder's late writes are refused: the key is no longer its own.
        expect(await renewKey(db(), k, a)).toBe(false);
        expect(await keepResult(db(), k, { state: "done", by: "a" }, "holder-a")).toBe(false);
        expect(await keepResult(db(), k, { state: "done" }, winner)).toBe(true);
        expect(await readKeyed(db(), k)).toEqual({
          result: { state: "done" },
          heldBy: null,
          abandoned: false,
        });
        // A finished key is nobody's to take over.
        expect(await takeOverKey(db(), k, winner, {}, a)).toBe(false);
      });

      it("keeps a key held without a lease until it is released, or all holds are ended at open", async () => {
        const k = ref(await newWorkspace());
        expect(await claimKey(db(), k, { state: "running" }, { id: "embedded", leaseMs: null })).toBe(true);
        await pause(50);
        expect((await readKeyed(db(), k))?.abandoned).toBe(false);
        expect(await releaseAbandonedHolds(db())).toBeGreaterThanOrEqual(1);
        expect(await readKeyed(db(), k)).toMatchObject({ heldBy: "embedded", abandoned: true });
        expect(
          await takeOverKey(db(), k, "embedded", { state: "again" }, { id: "next", leaseMs: null }),
        ).toBe(true);
        await releaseKey(db(), k, "someone-else");
        expect((await readKeyed(db(), k))?.heldBy).toBe("next");
        await releaseKey(db(), k, "next");
        expect(await readKeyed(db(), k)).toBeUndefined();
      });
    });

    describe("ensureWorkspace", () => {
      it("creates a workspace once and returns the stored one when asked again", async () => {
        const id = `ws-${randomBytes(5).toString("hex")}`;
        const first = await ensureWorkspace(db(), { id, name: "Agency", settings: { currency: "EUR" } });
        const again = await ensureWorkspace(db(), { id, name: "Renamed?" });

        expect(again).toEqual(first);
        expect(again).toMatchObject({ name: "Agency", settings: { currency: "EUR" } });
        const [rows] = await db().select({ n: count() }).from(workspaces).where(eq(workspaces.id, id));
        expect(rows?.n).toBe(1);
      });
    });
  });
}
