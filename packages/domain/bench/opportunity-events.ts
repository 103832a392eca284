// Deterministic generator of opportunity event streams for the replay benchmark (seeded; no Math.random).

import type { ForecastCategory } from "../src/entities/pipeline.ts";
import type { Timestamp } from "../src/kernel/calendar-date.ts";
import { asId } from "../src/kernel/ids.ts";
import { money } from "../src/kernel/money.ts";
import type { OpportunityEvent } from "../src/machines/opportunity.machine.ts";

/** mulberry32: a tiny seeded PRNG, so every run replays the same events. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STAGES: readonly [string, number, ForecastCategory][] = [
  ["prospecting", 10, "pipeline"],
  ["discovery", 25, "pipeline"],
  ["proposal", 50, "best_case"],
  ["negotiation", 80, "commit"],
];

/** Streams of events, one per deal, totalling at least `total` events. */
export function generateStreams(total: number, seed = 42): OpportunityEvent[][] {
  const rnd = prng(seed);
  const streams: OpportunityEvent[][] = [];
  let count = 0;
  let clock = Date.parse("2025-01-01T09:00:00.000Z");
  const at = (): Timestamp => {
    clock += 60_000 + Math.floor(rnd() * 3_600_000);
    return new Date(clock).toISOString() as Timestamp;
  };
  const eur = (n: number) => money(n, "EUR");
  for (let d = 0; count < total; d++) {
    const events: OpportunityEvent[] = [];
    const amount = 100_000 + Math.floor(rnd() * 50_000_000);
    events.push({
      type: "OpportunityCreated",
      at: at(),
      opportunityId: asId.opportunity(`o${d}`),
      accountId: asId.account(`a${d % 5_000}`),
      ownerId: asId.member(`m${d % 40}`),
      name: `Deal ${d}`,
      opportunityType: "new_business",
      pipelineId: asId.pipeline("new_business"),
      stageId: asId.stage("prospecting"),
      amount: eur(amount),
      closeDate: "2026-06-30" as never,
      probability: 10,
      forecastCategory: "pipeline",
      needs: [],
      budget: null,
      stakeholderIds: [],
    });
    let stage = 0;
    const length = 8 + Math.floor(rnd() * 30);
    for (let i = 0; i < length; i++) {
      const r = rnd();
      if (r < 0.3) events.push({ type: "ActivityRecorded", at: at(), activityAt: at() });
      else if (r < 0.4) events.push({ type: "NeedRecorded", at: at(), need: `need ${i}` });
      else if (r < 0.47) events.push({ type: "BudgetSet", at: at(), budget: eur(amount) });
      else if (r < 0.54)
        events.push({ type: "StakeholderAdded", at: at(), contactId: asId.contact(`c${d}-${i}`) });
      else if (r < 0.6)
        events.push({ type: "ProposalSet", at: at(), amount: eur(amount), summary: null, sentOn: null });
      else if (r < 0.66)
        events.push({
          type: "ProbabilityOverridden",
          at: at(),
          probability: Math.floor(rnd() * 101),
          reason: "judgement",
        });
      else if (r < 0.7)
        events.push({ type: "OpportunityDetailsUpdated", at: at(), changes: { amount: eur(amount + i) } });
      else if (r < 0.9 && stage < STAGES.length - 1) {
        const [from] = STAGES[stage]!;
        stage++;
        const [to, probability, forecastCategory] = STAGES[stage]!;
        events.push({
          type: "OpportunityStageChanged",
          at: at(),
          fromStageId: asId.stage(from),
          toStageId: asId.stage(to),
          reason: null,
          probability,
          forecastCategory,
        });
      } else events.push({ type: "ActivityRecorded", at: at(), activityAt: at() });
    }
    if (rnd() < 0.5)
      events.push({
        type: "OpportunityWon",
        at: at(),
        stageId: asId.stage("closed_won"),
        probability: 100,
        forecastCategory: "closed",
      });
    else
      events.push({
        type: "OpportunityLost",
        at: at(),
        stageId: asId.stage("closed_lost"),
        reason: "price",
        probability: 0,
        forecastCategory: "omitted",
      });
    streams.push(events);
    count += events.length;
  }
  return streams;
}
