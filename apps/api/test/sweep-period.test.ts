// A sweep period longer than pg-boss's archive interval (12 h) used to be refused by pg-boss on every outbox pass,
// logged about once a second ("throttling interval … cannot exceed archive interval"). The real server, started
// on PostgreSQL with a day's and a week's period, must start and run quietly. Skipped without DATABASE_URL.
import { createTestDatabase } from "@accountable/store/testing";
import { afterAll, describe, expect, it } from "vitest";
import { serverUrl } from "./databases.ts";
import { type ServerProcess, startServerProcess } from "./server-process.ts";

describe.skipIf(!serverUrl)("a long sweep period on pg-boss", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  for (const minutes of ["1440", "10080"]) {
    it(`starts with SWEEP_EVERY_MINUTES=${minutes} and logs no refusal of the period`, async () => {
      const db = await createTestDatabase(serverUrl!);
      cleanup.push(db.drop);
      const server: ServerProcess = await startServerProcess({
        DATABASE_URL: db.url,
        SWEEP_EVERY_MINUTES: minutes,
        LOG_LEVEL: "info",
      });
      cleanup.push(() => server.stop());
      // The outbox pass (which sends the sweep) runs every second: several have run after four.
      await new Promise((r) => setTimeout(r, 4_000));
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const out = server.output();
      expect(out).toContain('"msg":"jobs started"');
      expect(out).not.toMatch(/throttling interval|archive interval|outbox pass failed/);
    }, 120_000);
  }
});
