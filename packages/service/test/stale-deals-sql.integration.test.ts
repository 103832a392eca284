// The stale deals filtered in SQL equal the domain's `staleDeals()` (the specification) over every deal, on random
// data: stages with and without rotting days (random per run), deals open and closed, in stages and pipelines
// the settings do not hold, entered or last active a millisecond either side of the moment they would rot; done
// activities that move the clock (some after `now`, which do not), planned ones that spare a deal (some overdue,
// which do not), cancelled ones that do neither; the report for one owner or one pipeline.
import { randomBytes } from "node:crypto";
import {
  type Activity,
  type Opportunity,
  staleDeals,
  type Timestamp,
  type WorkspaceSettings,
} from "@accountable/domain";
import { type DatabaseHandle, schema } from "@accountable/store";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opportunityRow } from "../src/aggregates/opportunity.ts";
import { loadScope } from "../src/execute.ts";
import { createService, type Service } from "../src/index.ts";
import { TARGETS } from "./databases.ts";
import { seedWorkspace } from "./scenario.ts";

const NOW = Date.parse("2026-06-15T12:00:00.000Z");
const DAY = 86_400_000;
const MEMBERS = ["m-a", "m-b", "m-c"] as const;
const iso = (ms: number) => new Date(ms).toISOString() as Timestamp;

// A moment some whole days before `now`, give or take a millisecond (the edge of rotting), or anywhere near it.
const moment = fc.oneof(
  fc
    .tuple(fc.integer({ min: -3, max: 40 }), fc.constantFrom(-1, 0, 1))
    .map(([days, ms]) => iso(NOW - days * DAY + ms)),
  fc.integer({ min: -5 * DAY, max: 45 * DAY }).map((back) => iso(NOW - back)),
);

type Scenario = ReturnType<typeof scenarioFor> extends fc.Arbitrary<infer S> ? S : never;

function scenarioFor(settings: WorkspaceSettings) {
  const stages = settings.pipelines.flatMap((p) =>
    p.stages.map((s) => ({ pipelineId: p.id, stageId: s.id })),
  );
  const deal = fc.record({
    suffix: fc.stringMatching(/^[a-z0-9]{1,6}$/),
    ownerId: fc.constantFrom(...MEMBERS),
    place: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...stages) },
      fc.constantFrom(
        { pipelineId: "new_business", stageId: "no-such-stage" },
        { pipelineId: "no-such-pipeline", stageId: stages[0]!.stageId },
      ),
    ),
    status: fc.constantFrom("open", "open", "open", "won", "lost"),
    stageEnteredAt: moment,
    lastActivityAt: fc.option(moment),
  });
  const activity = fc.record({
    suffix: fc.stringMatching(/^[a-z0-9]{1,6}$/),
    dealIndex: fc.nat(),
    status: fc.constantFrom("done", "planned", "cancelled"),
    at: moment,
  });
  return fc.record({
    // Rotting days for each stage, or none (null).
    rotting: fc.array(fc.option(fc.integer({ min: 1, max: 30 })), {
      minLength: stages.length,
      maxLength: stages.length,
    }),
    deals: fc.uniqueArray(deal, { maxLength: 30, selector: (d) => d.suffix }),
    activities: fc.uniqueArray(activity, { maxLength: 30, selector: (a) => a.suffix }),
    ownerId: fc.option(fc.constantFrom(...MEMBERS)),
    pipelineId: fc.option(fc.constantFrom(...settings.pipelines.map((p) => p.id))),
  });
}

function opportunityOf(d: Scenario["deals"][number]): Opportunity {
  // Only the fields the report reads, and those the read table's columns copy.
  return {
    id: `o-${d.suffix}`,
    accountId: "a-1",
    ownerId: d.ownerId,
    name: `Deal ${d.suffix}`,
    type: "new_business",
    pipelineId: d.place.pipelineId,
    stageId: d.place.stageId,
    status: d.status,
    amount: null,
    probability: 50,
    forecastCategory: "pipeline",
    closeDate: null,
    createdAt: "2025-01-01T00:00:00.000Z",
    stageEnteredAt: d.stageEnteredAt,
    lastActivityAt: d.lastActivityAt,
    ...(d.status === "open" ? {} : { closedAt: d.stageEnteredAt }),
    ...(d.status === "lost" ? { lossReason: "Price" } : {}),
  } as unknown as Opportunity;
}

function activityOf(a: Scenario["activities"][number], opps: readonly Opportunity[]): Activity {
  return {
    id: `act-${a.suffix}`,
    accountId: "a-1",
    opportunityId: opps.length === 0 ? null : opps[a.dealIndex % opps.length]!.id,
    contractId: null,
    kind: "call",
    subject: "A call",
    body: null,
    authorId: "m-a",
    contactIds: [],
    at: a.at,
    status: a.status,
    done: a.status === "done",
    direction: null,
    minutes: null,
    visibility: "internal",
  } as unknown as Activity;
}

const byId = <T extends { readonly id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`the stale deals in SQL on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let service: Service;
    const ws = `ws-${randomBytes(4).toString("hex")}`;

    beforeAll(async () => {
      handle = await target.open();
      service = createService({ db: handle.db });
      await seedWorkspace(service, ws);
    });

    afterAll(async () => {
      await handle?.close();
    });

    async function replace(opps: readonly Opportunity[], activities: readonly Activity[]): Promise<void> {
      const o = schema.opportunities;
      const a = schema.activities;
      await handle.db.delete(o).where(eq(o.workspaceId, ws));
      await handle.db.delete(a).where(eq(a.workspaceId, ws));
      const updatedAt = "2026-01-01T00:00:00.000Z";
      if (opps.length > 0)
        await handle.db
          .insert(o)
          .values(opps.map((s) => ({ workspaceId: ws, ...opportunityRow(s, 1, updatedAt) })));
      if (activities.length > 0)
        await handle.db.insert(a).values(
          activities.map((x) => ({
            workspaceId: ws,
            id: x.id,
            version: 1,
            data: x,
            updatedAt,
            accountId: x.accountId,
            opportunityId: x.opportunityId,
            contractId: x.contractId,
            kind: x.kind,
            status: x.status,
            at: x.at,
          })),
        );
    }

    it("equals the domain's stale deals on random deals, stages and activities", async () => {
      const base = (await loadScope(handle.db, ws)).settings;
      await fc.assert(
        fc.asyncProperty(scenarioFor(base), async (s) => {
          let k = 0;
          const settings: WorkspaceSettings = {
            ...base,
            pipelines: base.pipelines.map((p) => ({
              ...p,
              stages: p.stages.map((st) => ({ ...st, rottingDays: s.rotting[k++] ?? null })),
            })),
          };
          const opps = s.deals.map(opportunityOf).sort(byId);
          const activities = s.activities.map((a) => activityOf(a, opps)).sort(byId);
          await replace(opps, activities);
          const asked = opps.filter(
            (o) =>
              (s.ownerId === null || o.ownerId === s.ownerId) &&
              (s.pipelineId === null || o.pipelineId === s.pipelineId),
          );
          const now = iso(NOW);
          const expected = staleDeals(asked, settings.pipelines, activities, now);
          const actual = await service.queries.staleDeals(
            { workspaceId: ws, settings },
            {
              now,
              ...(s.ownerId === null ? {} : { ownerId: s.ownerId }),
              ...(s.pipelineId === null ? {} : { pipelineId: s.pipelineId }),
            },
          );
          if (!actual.ok) throw new Error(`${actual.error._tag}: ${actual.error.message}`);
          expect(actual.value.stale).toEqual(expected.stale);
          expect(actual.value.spared).toEqual(expected.spared);
          const named = [...expected.stale, ...expected.spared].map((d) => d.opportunityId).sort();
          expect(Object.keys(actual.value.opportunities).sort()).toEqual(named);
          for (const id of named)
            expect(actual.value.opportunities[id]).toEqual(opps.find((o) => o.id === id));
        }),
        { numRuns: target.name === "PGlite" ? 120 : 200 },
      );
    }, 240_000);
  });
}
