// Generated opportunity scenarios for the machine's property tests. Not exported from the package.
import fc from "fast-check";
import type { Role } from "../src/entities/member.ts";
import { openStages, type Pipeline } from "../src/entities/pipeline.ts";
import { defaultNewBusinessPipeline, defaultRenewalPipeline } from "../src/entities/settings.ts";
import { addDays, addHours, date, dateOf } from "../src/kernel/calendar-date.ts";
import { asId } from "../src/kernel/ids.ts";
import { run } from "../src/kernel/machine.ts";
import {
  type OpportunityCommand,
  type OpportunityContext,
  type OpportunityEvent,
  type OpportunityState,
  opportunityMachine,
} from "../src/machines/opportunity.machine.ts";
import { actor, T0 } from "./fixtures.ts";
import {
  CONTACTS,
  CONTRACTS,
  createDeal,
  EARLIER,
  eur,
  importDeal,
  oppCtx,
  QUALIFY,
  stage,
  usd,
  withRules,
  withStage,
} from "./opportunity.fixtures.ts";

// Generated command sequences, valid and invalid alike, run against three pipelines: the default one
// (skipping and moving back allowed), the renewals one (no skipping) and a strict one (no skipping, no moving
// back, negotiation reserved to directors, two creation stages).

const strict: Pipeline = withStage(
  withRules(defaultNewBusinessPipeline(), {
    noSkipping: true,
    noMovingBack: true,
    creationStages: [stage("prospecting"), stage("discovery")],
  }),
  "negotiation",
  { movableBy: ["director"] },
);
const pipelines = [defaultNewBusinessPipeline(), defaultRenewalPipeline(), strict];

const stageIds = [...new Set([...pipelines.flatMap((p) => p.stages.map((s) => s.id)), stage("demo")])];
const contactIds = [...Object.values(CONTACTS).map((c) => c.id), asId.contact("c-stranger")];
const contractIds = [...Object.values(CONTRACTS).map((k) => k.id), asId.contract("k-elsewhere")];

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const reason = maybe(fc.constantFrom("asked by the client", " "));
const someMoney = fc.constantFrom(eur(1_000), eur(9_000), usd(1_000));
const stageId = fc.constantFrom(...stageIds);

/** Drops the keys whose value is undefined, as exactOptionalPropertyTypes wants. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A deal brought in from another system, valid or not: any stage, moments past or ahead, its own probability. */
const importCommand: fc.Arbitrary<OpportunityCommand> = fc
  .record({
    stageId,
    closedAt: maybe(fc.constantFrom(EARLIER, addHours(T0, 5))),
    stageEnteredAt: maybe(fc.constantFrom(EARLIER, addHours(T0, -1))),
    probability: maybe(fc.constantFrom(0, 35, 100)),
    lossReason: maybe(fc.constantFrom("price", " ")),
    ownerId: maybe(fc.constantFrom(asId.member("m-director"), asId.member("m-gone"))),
  })
  .map((r) => importDeal(defined(r) as Parameters<typeof importDeal>[0]));

const command: fc.Arbitrary<OpportunityCommand> = fc.oneof(
  { weight: 1, arbitrary: importCommand },
  {
    weight: 3,
    arbitrary: fc
      .record({
        stageId: maybe(stageId),
        budget: fc.option(someMoney, { nil: null }),
        needs: fc.subarray(["SSO", "faster checkout"]),
        stakeholderIds: fc.subarray(contactIds),
      })
      .map((r) => createDeal(defined(r))),
  },
  {
    weight: 4,
    arbitrary: fc.record({ stageId, reason }).map((r) => ({ type: "MoveStage" as const, ...defined(r) })),
  },
  { weight: 3, arbitrary: fc.constant({ type: "CloseAsWon" as const }) },
  {
    weight: 1,
    arbitrary: fc
      .record({ lossReason: reason })
      .map((r) => ({ type: "CloseAsLost" as const, ...defined(r) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ stageId: maybe(stageId), reason })
      .map((r) => ({ type: "Reopen" as const, ...defined(r) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        name: maybe(fc.constantFrom("Website relaunch", "Shop")),
        amount: maybe(someMoney),
        closeDate: maybe(fc.constant(date("2027-09-30"))),
        ownerId: maybe(fc.constant(asId.member("m2"))),
        opportunityType: maybe(fc.constantFrom("new_business" as const, "upsell" as const)),
      })
      .map((r) => ({ type: "UpdateDetails" as const, ...defined(r) })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom("SSO", "faster checkout")
      .map((need) => ({ type: "RecordNeed" as const, need })),
  },
  { weight: 2, arbitrary: someMoney.map((budget) => ({ type: "SetBudget" as const, budget })) },
  { weight: 2, arbitrary: someMoney.map((amount) => ({ type: "SetProposal" as const, amount })) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(...contactIds)
      .map((contactId) => ({ type: "AddStakeholder" as const, contactId })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(...contactIds)
      .map((contactId) => ({ type: "RemoveStakeholder" as const, contactId })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(...contractIds)
      .map((contractId) => ({ type: "LinkContract" as const, contractId })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(asId.brief("b1"), asId.brief("b2"))
      .map((briefId) => ({ type: "SeedAmountFromBrief" as const, briefId })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ probability: fc.oneof(fc.integer({ min: -20, max: 120 }), fc.constant(33.5)), reason })
      .map((r) => ({ type: "OverrideProbability" as const, ...defined(r) })),
  },
  { weight: 1, arbitrary: fc.constant({ type: "ClearProbabilityOverride" as const }) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: -5, max: 60 })
      .map((h) => ({ type: "RecordActivity" as const, at: addHours(T0, h) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        text: fc.constantFrom("Call the CFO", "Send the SOW", "  Book the workshop "),
        dueOn: fc.oneof(
          fc.constant(null),
          fc.integer({ min: -3, max: 30 }).map((d) => addDays(dateOf(T0), d)),
        ),
      })
      .map((r) => ({ type: "SetNextStep" as const, ...r })),
  },
  { weight: 1, arbitrary: fc.constant({ type: "ClearNextStep" as const }) },
);

const role = fc.constantFrom<Role>("account_executive", "director");
const step = fc.record({ command, role });
const start = { command: createDeal(), role: "director" as Role };

/** A deal created in its first stage, or imported in any (or refused, and then maybe imported again), then any commands. */
export const scenario = fc.record({
  pipeline: fc.constantFrom(...pipelines),
  steps: fc
    .tuple(
      fc.oneof(
        { weight: 2, arbitrary: fc.constant(start) },
        { weight: 1, arbitrary: importCommand.map((c) => ({ command: c, role: "director" as Role })) },
      ),
      fc.array(step, { maxLength: 40 }),
    )
    .map(([first, steps]) => [first, ...steps]),
});

// Random sequences seldom gather every criterion, so this one shuffles what a deal needs to win, and some of
// what undoes it (a draft contract, a removed decision maker), among random commands, then threads the moves
// through the pipeline's stages, in order, and attempts to win, at random places.
const needed: readonly OpportunityCommand[] = [
  { type: "RecordNeed", need: "SSO" },
  { type: "SetBudget", budget: eur(9_000) },
  { type: "AddStakeholder", contactId: CONTACTS.decisionMaker.id },
  { type: "SetProposal", amount: eur(9_000) },
  { type: "LinkContract", contractId: CONTRACTS.signed.id },
];
const undoing: readonly OpportunityCommand[] = [
  { type: "LinkContract", contractId: CONTRACTS.draft.id },
  { type: "RemoveStakeholder", contactId: CONTACTS.decisionMaker.id },
  { type: "AddStakeholder", contactId: CONTACTS.decisionMaker.id },
];
const won: OpportunityCommand = { type: "CloseAsWon" };

/** Inserts `ordered` into `rest` at the given positions, keeping the order of both. */
function thread<T>(rest: readonly T[], ordered: readonly T[], positions: readonly number[]): T[] {
  const out = [...rest];
  [...positions]
    .sort((x, y) => x - y)
    .forEach((pos, k) => {
      const item = ordered[k];
      if (item !== undefined) out.splice(pos + k, 0, item);
    });
  return out;
}

/** A deal created, then what it needs to win threaded among random commands and attempts to win. */
export const winningAttempt = fc
  .record({
    pipeline: fc.constantFrom(...pipelines),
    noise: fc.array(command, { maxLength: 8 }),
    undoing: fc.subarray([...undoing]),
  })
  .chain(({ pipeline, noise, undoing: u }) => {
    const rest = [...noise, ...needed, ...u, won];
    const ordered: OpportunityCommand[] = [
      ...openStages(pipeline)
        .slice(1)
        .map((s): OpportunityCommand => ({ type: "MoveStage", stageId: s.id })),
      won,
    ];
    const n = rest.length + ordered.length;
    return fc
      .tuple(
        fc.shuffledSubarray(rest, { minLength: rest.length }),
        fc.array(fc.integer({ min: 0, max: rest.length }), {
          minLength: ordered.length,
          maxLength: ordered.length,
        }),
        fc.array(role, { minLength: n, maxLength: n }),
      )
      .map(([shuffled, positions, roles]) => ({
        pipeline,
        steps: [
          start,
          ...thread(shuffled, ordered, positions).map((c, i) => ({
            command: c,
            role: roles[i] ?? "director",
          })),
        ],
      }));
  });

/** What a scenario reached: the final state, the accepted events, and each accepted step. */
export interface Reached {
  readonly state: OpportunityState;
  readonly log: readonly OpportunityEvent[];
  /** Each accepted step: the state before, the events, the state after, and the context it ran in. */
  readonly transitions: readonly {
    readonly before: OpportunityState;
    readonly events: readonly OpportunityEvent[];
    readonly after: OpportunityState;
    readonly ctx: OpportunityContext;
  }[];
}

/** A pipeline and the commands to run in it, each by a member of the given role. */
export interface Scenario {
  readonly pipeline: Pipeline;
  readonly steps: readonly { readonly command: OpportunityCommand; readonly role: Role }[];
}

/** Runs the steps an hour apart from T0, skipping refused commands. */
export function play({ pipeline, steps }: Scenario): Reached {
  let state: OpportunityState = opportunityMachine.initial;
  const log: OpportunityEvent[] = [];
  const transitions: Reached["transitions"][number][] = [];
  steps.forEach(({ command: c, role }, i) => {
    const ctx = oppCtx({ pipeline, now: addHours(T0, i), actor: actor(role) });
    const r = run(opportunityMachine, state, c, ctx);
    if (!r.ok) return;
    transitions.push({ before: state, events: r.value.events, after: r.value.state, ctx });
    state = r.value.state;
    log.push(...r.value.events);
  });
  return { state, log, transitions };
}

const byDirector = (commands: readonly OpportunityCommand[]) =>
  commands.map((command) => ({ command, role: "director" as Role }));

/**
 * Lives that lead to every kind of opportunity event: qualified, edited, overridden, won, reopened and lost;
 * and imported already won, then reopened.
 */
export const OPPORTUNITY_JOURNEYS: readonly Scenario[] = [
  {
    pipeline: defaultNewBusinessPipeline(),
    steps: [
      start,
      ...byDirector([
        ...QUALIFY,
        { type: "AddStakeholder", contactId: CONTACTS.champion.id },
        { type: "RemoveStakeholder", contactId: CONTACTS.champion.id },
        { type: "UpdateDetails", name: "Shop relaunch" },
        { type: "SeedAmountFromBrief", briefId: asId.brief("b1") },
        { type: "OverrideProbability", probability: 40, reason: "a strong sponsor" },
        { type: "ClearProbabilityOverride" },
        { type: "RecordActivity", at: T0 },
        { type: "SetNextStep", text: "Send the SOW", dueOn: dateOf(T0) },
        { type: "ClearNextStep" },
        { type: "MoveStage", stageId: stage("discovery") },
        { type: "CloseAsWon" },
        { type: "Reopen", reason: "more scope" },
        { type: "CloseAsLost", lossReason: "budget cut" },
      ]),
    ],
  },
  {
    pipeline: defaultNewBusinessPipeline(),
    steps: byDirector([
      importDeal({ stageId: stage("closed_won"), closedAt: EARLIER }),
      { type: "Reopen", stageId: stage("negotiation"), reason: "a second phase" },
      { type: "MoveStage", stageId: stage("proposal") },
    ]),
  },
];
