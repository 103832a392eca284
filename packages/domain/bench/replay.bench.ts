// `pnpm bench` in packages/domain: replays 1,000,000 generated opportunity events through the domain's
// evolve, a minimal hand-written switch reducer and XState v5's pure transition, in one run.
// Goal: evolve ≥ 0.7× the hand-written reducer's events/s.
import { isDeepStrictEqual } from "node:util";
import { replay } from "../src/kernel/machine.ts";
import {
  type OpportunityEvent,
  type OpportunityState,
  opportunityMachine,
} from "../src/machines/opportunity.machine.ts";
import { handWrittenReducer } from "./hand-written-reducer.ts";
import { generateStreams } from "./opportunity-events.ts";
import { replayWithXState } from "./xstate-opportunity.ts";

const TOTAL = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const streams = generateStreams(TOTAL);
const events = streams.reduce((n, s) => n + s.length, 0);

type Replayer = (events: readonly OpportunityEvent[]) => unknown;
const contenders: [string, Replayer][] = [
  ["domain evolve (switch)", (es) => replay(opportunityMachine, es)],
  [
    "hand-written switch",
    (es) =>
      es.reduce(
        handWrittenReducer as (s: OpportunityState, e: OpportunityEvent) => OpportunityState,
        { status: "none" } as OpportunityState,
      ),
  ],
  ["XState v5 transition", (es) => replayWithXState(es)],
];

// The three must model the same machine: same final deal for every stream checked.
for (const s of streams.slice(0, 200)) {
  const ours = replay(opportunityMachine, s);
  const hand = contenders[1]![1](s);
  const x = replayWithXState(s);
  const xDeal = { ...x.context, status: x.value };
  for (const k of Object.keys(xDeal)) if (xDeal[k] === undefined) delete xDeal[k];
  if (!isDeepStrictEqual(ours, hand) || !isDeepStrictEqual(ours, xDeal)) {
    throw new Error(`the contenders disagree on ${JSON.stringify(s[0])}`);
  }
}

function time(run: Replayer): number {
  const start = process.hrtime.bigint();
  let sink = 0;
  for (const s of streams) if (run(s)) sink++;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (sink !== streams.length) throw new Error("replay lost a stream");
  return ms;
}

const results = new Map<string, number[]>();
for (const [name] of contenders) results.set(name, []);
time(contenders[0]![1]); // warm up the two fast contenders once
time(contenders[1]![1]);
for (let round = 0; round < ROUNDS; round++) {
  // Interleave the contenders so a noisy moment hurts all of them alike. XState is ~20× slower: one
  // round of it (after the first, warming one) is enough to place it, and keeps the run under two minutes.
  for (const [name, run] of contenders) {
    if (name.startsWith("XState") && round > 1) continue;
    results.get(name)!.push(time(run));
  }
}

// The median round; for XState, the later (warm) of its two rounds.
const median = (xs: number[]) =>
  xs.length === 2 ? xs[1]! : [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (ms: number) => Math.round(events / (ms / 1000));
const fmt = (n: number) => n.toLocaleString("en-US");

console.log(
  `replaying ${fmt(events)} opportunity events in ${fmt(streams.length)} streams; median of ${ROUNDS} rounds (XState: its second round), node ${process.version}`,
);
const rates = new Map<string, number>();
for (const [name] of contenders) {
  const ms = median(results.get(name)!);
  rates.set(name, rate(ms));
  console.log(`${name.padEnd(24)} ${fmt(rate(ms)).padStart(12)} events/s   (${ms.toFixed(0)} ms)`);
}
const ratio = rates.get("domain evolve (switch)")! / rates.get("hand-written switch")!;
const xs = rates.get("domain evolve (switch)")! / rates.get("XState v5 transition")!;
console.log(`domain / hand-written: ${ratio.toFixed(2)}× (goal ≥ 0.70×) ${ratio >= 0.7 ? "MET" : "NOT MET"}`);
console.log(`domain / XState v5:    ${xs.toFixed(1)}×`);
