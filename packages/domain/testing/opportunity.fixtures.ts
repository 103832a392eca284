// Fixtures for the opportunity machine's tests. Not exported from the package.
import type { ContactRole } from "../src/entities/contact.ts";
import type { ContractStatus } from "../src/entities/contract.ts";
import type { Pipeline, PipelineRules, PipelineStage } from "../src/entities/pipeline.ts";
import { defaultNewBusinessPipeline } from "../src/entities/settings.ts";
import { date, timestamp } from "../src/kernel/calendar-date.ts";
import { asId } from "../src/kernel/ids.ts";
import { run } from "../src/kernel/machine.ts";
import { type Money, money } from "../src/kernel/money.ts";
import {
  type OpportunityCommand,
  type OpportunityContext,
  type OpportunityState,
  opportunityMachine,
} from "../src/machines/opportunity.machine.ts";
import { ctx } from "./fixtures.ts";

export const eur = (units: number): Money => money(units * 100, "EUR");
export const usd = (units: number): Money => money(units * 100, "USD");

const contact = (id: string, roles: ContactRole[], active = true) => ({
  id: asId.contact(id),
  roles,
  active,
});
const contract = (id: string, status: ContractStatus) => ({
  id: asId.contract(id),
  title: `Contract ${id}`,
  status,
  endDate: date("2027-12-31"),
  endReason: null,
  renewalOpportunityId: null,
  previousRenewalOpportunityId: null,
  renewedById: null,
});

/** The account's people: a decision maker, a champion, and a decision maker who has left the client. */
export const CONTACTS = {
  decisionMaker: contact("c-dm", ["decision_maker", "signer"]),
  champion: contact("c-champion", ["champion"]),
  departed: contact("c-departed", ["decision_maker"], false),
} as const;

/** The account's contracts, one per interesting status. */
export const CONTRACTS = {
  signed: contract("k-signed", "signed"),
  active: contract("k-active", "active"),
  draft: contract("k-draft", "draft"),
  terminated: contract("k-terminated", "terminated"),
} as const;

export const stage = (id: string) => asId.stage(id);

/** The workspace's members as an import looks owners up: the executive, and one who has left. */
export const MEMBERS = [
  { id: asId.member("m-account_executive"), active: true },
  { id: asId.member("m-director"), active: true },
  { id: asId.member("m-gone"), active: false },
] as const;

/** A decision context for deals of `pipeline` (default: the new-business pipeline) and the account above. */
/** Brief b1 of account a1, leading to deal o1, with a budget of 12,000 EUR approved. */
export const BRIEF: NonNullable<OpportunityContext["brief"]> = {
  id: asId.brief("b1"),
  accountId: asId.account("a1"),
  title: "Relaunch brief",
  approvedBudget: eur(12_000),
  opportunityId: asId.opportunity("o1"),
};

export function oppCtx(overrides: Partial<OpportunityContext> = {}): OpportunityContext {
  return {
    ...ctx(),
    pipeline: defaultNewBusinessPipeline(),
    contacts: Object.values(CONTACTS),
    contracts: Object.values(CONTRACTS),
    members: MEMBERS,
    brief: BRIEF,
    ...overrides,
  };
}

type Create = Extract<OpportunityCommand, { type: "CreateOpportunity" }>;

/** A CreateOpportunity command as the schema would produce it, for 10,000 EUR. */
export function createDeal(overrides: Partial<Omit<Create, "type">> = {}): Create {
  return {
    type: "CreateOpportunity",
    opportunityId: asId.opportunity("o1"),
    accountId: asId.account("a1"),
    ownerId: asId.member("m-account_executive"),
    name: "Website relaunch",
    opportunityType: "new_business",
    amount: eur(10_000),
    closeDate: date("2027-03-31"),
    needs: [],
    budget: null,
    stakeholderIds: [],
    ...overrides,
  };
}

type Import = Extract<OpportunityCommand, { type: "ImportOpportunity" }>;

/** An ImportOpportunity command as the schema would produce it: 10,000 EUR, open in negotiation, from "sf". */
export function importDeal(overrides: Partial<Omit<Import, "type">> = {}): Import {
  return {
    type: "ImportOpportunity",
    opportunityId: asId.opportunity("o1"),
    accountId: asId.account("a1"),
    ownerId: asId.member("m-account_executive"),
    name: "Migrated retainer",
    opportunityType: "new_business",
    stageId: stage("negotiation"),
    amount: eur(10_000),
    closeDate: date("2027-03-31"),
    importedFrom: { source: "sf", externalId: "006A" },
    ...overrides,
  };
}

/** A moment before T0, for imported history. */
export const EARLIER = timestamp("2026-05-04T13:00:00.000Z");

/** Commands that meet every exit criterion of the default new-business pipeline. */
export const QUALIFY: readonly OpportunityCommand[] = [
  { type: "RecordNeed", need: "A faster checkout" },
  { type: "SetBudget", budget: eur(12_000) },
  { type: "AddStakeholder", contactId: CONTACTS.decisionMaker.id },
  { type: "SetProposal", amount: eur(10_000) },
  { type: "LinkContract", contractId: CONTRACTS.signed.id },
];

/** The state after running the commands in order; fails the test on the first refusal. */
export function dealAfter(
  commands: readonly OpportunityCommand[],
  context: OpportunityContext = oppCtx(),
): OpportunityState {
  let state: OpportunityState = opportunityMachine.initial;
  for (const c of commands) {
    const r = run(opportunityMachine, state, c, context);
    if (!r.ok) throw new Error(`${c.type} refused: ${r.error.message}`);
    state = r.value.state;
  }
  return state;
}

/** The pipeline with one stage changed. */
export function withStage(p: Pipeline, id: string, patch: Partial<PipelineStage>): Pipeline {
  return { ...p, stages: p.stages.map((s) => (s.id === id ? { ...s, ...patch } : s)) };
}

/** The pipeline with some rules changed. */
export function withRules(p: Pipeline, rules: Partial<PipelineRules>): Pipeline {
  return { ...p, rules: { ...p.rules, ...rules } };
}
