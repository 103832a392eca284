// The README's example, kept runnable: `npx tsx examples/move-an-opportunity.ts` (the test suite runs it too).
import {
  asId,
  date,
  defaultWorkspaceSettings,
  explainStageMoves,
  money,
  opportunityMachine,
  pipelineForType,
  run,
  timestamp,
  toMermaid,
} from "../src/index.ts";

const settings = defaultWorkspaceSettings("EUR");
const ctx = {
  now: timestamp("2026-11-26T09:00:00.000Z"), // time comes in; the library reads no clock
  actor: { memberId: asId.member("ae-1"), role: "account_executive" as const },
  pipeline: pipelineForType(settings, "new_business"),
  contacts: [], // the account's stakeholders, as your store knows them
  contracts: [], // the account's contracts
};

// Create a deal, then try to move it to "proposal" before discovery is done.
const created = run(
  opportunityMachine,
  opportunityMachine.initial,
  {
    type: "CreateOpportunity",
    opportunityId: asId.opportunity("opp-1"),
    accountId: asId.account("acme"),
    ownerId: asId.member("ae-1"),
    name: "Acme — 2027 retainer",
    opportunityType: "new_business",
    amount: money(12_000_000, "EUR"), // EUR 120,000.00 in cents
    closeDate: date("2027-03-31"),
    needs: [],
    budget: null,
    stakeholderIds: [],
  },
  ctx,
);
if (!created.ok) throw new Error(created.error.message);

const decision = opportunityMachine.decide(
  created.value.state,
  { type: "MoveStage", stageId: asId.stage("proposal") },
  ctx,
);
if (decision.ok) console.log("events:", decision.value);
else console.log(`${decision.error._tag}: ${decision.error.message}`);
// → ExitCriteriaNotMet: Cannot move from Prospecting to Proposal yet: document at least one client need and
//   record the client's budget.

// What a board shows before anyone drops the card: every stage, allowed or why not.
for (const option of explainStageMoves(created.value.state, ctx)) {
  console.log(option.stage.id.padEnd(12), option.allowed ? "allowed" : option.refusal._tag);
}

// Any machine as a Mermaid diagram, drawn from its transition table.
console.log(toMermaid(opportunityMachine));

export const exampleOutcome = decision;
