import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { appendEvents, readStream } from "./event-log.ts";
import { openDatabase } from "./open-database.ts";
import { openMemoryDatabase } from "./testing/pglite-template.ts";
import { describeStoreContract } from "./testing/store-contract.ts";
import { ensureWorkspace } from "./workspaces.ts";

describeStoreContract("PGlite (in memory)", openMemoryDatabase);

describe("PGlite on disk", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("keeps its data across a close and a reopen of the same folder, migrating again harmlessly", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "accountable-store-"));
    dirs.push(dataDir);
    const timings: Record<string, number> = {};
    const timed = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
      const start = performance.now();
      const value = await f();
      timings[label] = Math.round(performance.now() - start);
      return value;
    };

    await timed("in memory, from the initdb template", openMemoryDatabase).then((h) => h.close());
    const first = await timed("fresh folder", () => openDatabase({ kind: "embedded", dataDir }));
    await ensureWorkspace(first.db, { id: "ws-1", name: "On disk" });
    await appendEvents(first.db, {
      workspaceId: "ws-1",
      streamType: "account",
      streamId: "acc-1",
      expectedVersion: 0,
      events: [
        { type: "AccountCreated", payload: { name: "Kept" }, at: "2026-01-01T00:00:00.000Z", actorId: "m" },
      ],
    });
    await first.close();
    const reopened = await timed("reopen", () => openDatabase({ kind: "embedded", dataDir }));

    expect(await readStream(reopened.db, "ws-1", "acc-1")).toEqual([
      expect.objectContaining({ version: 1, payload: { name: "Kept" } }),
    ]);
    await reopened.close();
    // Not an assertion (timings vary by machine): printed so a slow start-up is noticed.
    console.info(`PGlite open times (ms, including migrations): ${JSON.stringify(timings)}`);
    // Three opens of a folder, the first creating it: 5 s on a quiet machine, 30 s on a busy one.
  }, 120_000);
});
