import { describe, expectTypeOf, it } from "vitest";
import type { TransitionTable } from "../kernel/machine.ts";
import { assertNever } from "../kernel/result.ts";
import {
  type OpportunityCommand,
  type OpportunityEvent,
  type OpportunityState,
  type OpportunityStatusOrNone,
  opportunityTable,
} from "./opportunity.machine.ts";

// Type tests: the compiler, not a test run, keeps the table and evolve complete.

type Table = TransitionTable<OpportunityStatusOrNone, OpportunityCommand["type"]>;

describe("opportunity machine types", () => {
  it("accepts the table with one row per command", () => {
    expectTypeOf(opportunityTable).toExtend<Table>();
  });

  it("does not compile a transition table missing a command", () => {
    const { RecordActivity: _dropped, ...missingOne } = opportunityTable;
    // @ts-expect-error RecordActivity has no row
    const table: Table = missingOne;
    void table;
  });

  it("does not compile a row filed under another command", () => {
    const swapped = { ...opportunityTable, CloseAsWon: opportunityTable.CloseAsLost };
    // @ts-expect-error the CloseAsWon row describes CloseAsLost
    const table: Table = swapped;
    void table;
  });

  it("compiles an evolve switch with a case for every event", () => {
    function evolve(state: OpportunityState, event: OpportunityEvent): OpportunityState {
      switch (event.type) {
        case "OpportunityCreated":
        case "OpportunityImported":
        case "OpportunityStageChanged":
        case "OpportunityWon":
        case "OpportunityLost":
        case "OpportunityReopened":
        case "OpportunityDetailsUpdated":
        case "NeedRecorded":
        case "BudgetSet":
        case "ProposalSet":
        case "StakeholderAdded":
        case "StakeholderRemoved":
        case "ContractLinked":
        case "AmountSeededFromBrief":
        case "ProbabilityOverridden":
        case "ProbabilityOverrideCleared":
        case "ActivityRecorded":
        case "NextStepSet":
        case "NextStepCleared":
          return state;
        default:
          return assertNever(event, "opportunity event");
      }
    }
    expectTypeOf(evolve).returns.toEqualTypeOf<OpportunityState>();
  });

  it("does not compile an evolve switch missing an event case", () => {
    function evolve(state: OpportunityState, event: OpportunityEvent): OpportunityState {
      switch (event.type) {
        case "OpportunityCreated":
        case "OpportunityImported":
        case "OpportunityStageChanged":
        case "OpportunityWon":
        case "OpportunityLost":
        case "OpportunityReopened":
        case "OpportunityDetailsUpdated":
        case "NeedRecorded":
        case "BudgetSet":
        case "ProposalSet":
        case "StakeholderAdded":
        case "StakeholderRemoved":
        case "ContractLinked":
        case "ProbabilityOverridden":
        case "ProbabilityOverrideCleared":
          return state;
        default:
          // @ts-expect-error ActivityRecorded has no case, so `event` is not `never` here
          return assertNever(event, "opportunity event");
      }
    }
    void evolve;
  });
});
