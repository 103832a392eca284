// A command sent without If-Match did not ask for optimistic locking: when a concurrent writer wins the race for
// the record's next version, the service decides it again on the new version instead of answering 409. A command
// with If-Match still gets the 409 it asked for.
import { readStream } from "@accountable/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGETS } from "./databases.ts";
import { type Harness, openHarness } from "./harness.ts";
import { M, run, seedAgency, WS } from "./seed.ts";

const CONCURRENT = 50;
const deal = `/api/workspaces/${WS}/opportunities/d1`;

describe.each(TARGETS)("unversioned commands under contention on $name", (target) => {
  let h: Harness;
  beforeAll(async () => {
    if (target.skip) return;
    h = await openHarness(target);
    await seedAgency(h.service);
    h.grant("ae", WS, M.ae);
    await run(
      h.service,
      WS,
      "opportunity",
      "d1",
      {
        type: "CreateOpportunity",
        opportunityId: "d1",
        accountId: "acme",
        ownerId: M.ae,
        name: "Contended deal",
        opportunityType: "new_business",
        amount: { amount: 1_000_000, currency: "EUR" },
        closeDate: "2027-03-31",
      },
      M.ae,
    );
  });
  afterAll(async () => h?.close());

  it.skipIf(target.skip)(
    `${CONCURRENT} concurrent record-need without If-Match all succeed, each applied exactly once`,
    async () => {
      const before = (await readStream(h.handle.db, WS, "d1")).length;
      const needs = Array.from({ length: CONCURRENT }, (_, i) => `need ${i + 1}`);
      const answers = await Promise.all(
        needs.map((need) => h.call("ae", "POST", `${deal}/record-need`, { need })),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);

      const events = (await readStream(h.handle.db, WS, "d1")).slice(before);
      expect(events.map((e) => e.type)).toEqual(needs.map(() => "NeedRecorded"));
      expect(events.map((e) => (e.payload as { need: string }).need).sort()).toEqual([...needs].sort());
      // Versions follow each other with no gap and no repeat: each command was written once.
      expect(events.map((e) => e.version)).toEqual(needs.map((_, i) => before + i + 1));
      const state = (await (await h.call("ae", "GET", deal)).json()) as { state: { needs: string[] } };
      expect([...state.state.needs].sort()).toEqual(expect.arrayContaining([...needs].sort()));
    },
    120_000,
  );

  it.skipIf(target.skip)("with If-Match, a stale version still answers 409 and changes nothing", async () => {
    const current = (await readStream(h.handle.db, WS, "d1")).length;
    const res = await h.call(
      "ae",
      "POST",
      `${deal}/record-need`,
      { need: "decided on an old version" },
      {
        "If-Match": `"${current - 1}"`,
      },
    );
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(res.headers.get("etag")).toBe(`"${current}"`);
    expect((await readStream(h.handle.db, WS, "d1")).length).toBe(current);
  });
});
