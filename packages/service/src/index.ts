// @accountable/service: executes commands and answers queries over the store. Importing it connects to
// nothing; `createService` wires it to a database handle the adapter opened.
export { AGGREGATES, type AggregateType } from "./aggregates/registry.ts";
export type { CommandRequest, Executed, ExecuteResult, FollowUpOutcome } from "./execute.ts";
export { SYSTEM_ACTOR } from "./execute.ts";
export { describeIssues, type InputIssue, type InvalidCommand, parseCommand } from "./parse.ts";
export type { NotAMember, NotFound, ServiceRefusal, ServiceRefusalTag } from "./refusals.ts";
export { createService, type NewWorkspace, type Service, type ServiceOptions } from "./service.ts";
export {
  type SweepApplied,
  type SweepOptions,
  type SweepRefused,
  type SweepRottingOutcome,
  type SweepRuleOutcome,
  type SweepSummary,
} from "./sweep.ts";
