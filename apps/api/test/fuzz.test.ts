// The fuzz in the suite: 5,000 requests per database generated from the live /openapi.json (see fuzz-engine.ts
// for what is sent and checked), in-process through the app. The full run — 100,000 and more, the count set by
// FUZZ_REQUESTS — is `pnpm --filter @accountable/api fuzz` (bench/fuzz.ts); it prints the figures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGETS } from "./databases.ts";
import { describeReport, distinctFailures, type FuzzSession, openFuzz } from "./fuzz-engine.ts";

const REQUESTS = Number(process.env.FUZZ_TEST_REQUESTS ?? 5_000);
const SEED = 20_260_502;

describe.each(TARGETS)("fuzzing every operation of /openapi.json on $name", (target) => {
  let fuzz: FuzzSession;
  beforeAll(async () => {
    if (!target.skip) fuzz = await openFuzz(target);
  });
  afterAll(async () => fuzz?.close());

  it.skipIf(target.skip)(
    "answers generated requests to every operation without a 5xx, each 4xx a readable problem, unknown fields refused by name",
    async () => {
      const report = await fuzz.run({ count: REQUESTS, seed: SEED });
      console.log(describeReport(target.name, report));
      expect(report.requests).toBeGreaterThanOrEqual(REQUESTS);
      // Every operation was sent requests, and enough of them went through that the data changed under the fuzz.
      expect(new Set([...report.time.keys()].map((k) => k.split(" ")[0])).size).toBe(fuzz.operations.length);
      const ok = [...report.statuses].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0);
      expect(ok).toBeGreaterThan(REQUESTS / 20);
      expect(report.operationsSucceeded).toBeGreaterThan(fuzz.operations.length / 3);
      // Requests with unknown body fields were sent, and each was refused.
      expect(report.unknownFieldRequests).toBeGreaterThan(REQUESTS / 50);
      expect(report.unknownFieldsRefused).toBe(report.unknownFieldRequests);
      expect(report.problems).toBe(report.clientErrors);
      // One example of each distinct failure, so a run reads as a list.
      expect(distinctFailures(report.failures).slice(0, 25)).toEqual([]);
    },
    // Not a timing: room for a loaded machine (2 shared cores; 5,000 requests took about 30 s at load 12).
    600_000,
  );
});
