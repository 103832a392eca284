import { describe, expect, it } from "vitest";
import type { AnyMachine } from "../kernel/machine.ts";
import { accountMachine } from "../machines/account.machine.ts";
import { accountPlanMachine } from "../machines/account-plan.machine.ts";
import { activityMachine } from "../machines/activity.machine.ts";
import { briefMachine } from "../machines/brief.machine.ts";
import { contactMachine } from "../machines/contact.machine.ts";
import { contractMachine } from "../machines/contract.machine.ts";
import { costEntryMachine } from "../machines/cost-entry.machine.ts";
import { escalationMachine } from "../machines/escalation.machine.ts";
import { invoiceMachine } from "../machines/invoice.machine.ts";
import { memberMachine } from "../machines/member.machine.ts";
import { opportunityMachine } from "../machines/opportunity.machine.ts";
import { quotaMachine } from "../machines/quota.machine.ts";
import { targetListMachine } from "../machines/target-list.machine.ts";
import { taskMachine } from "../machines/task.machine.ts";
import { workspaceMachine } from "../machines/workspace.machine.ts";
import { AGGREGATE_TYPES, type AggregateType } from "./command-actions.ts";
import {
  AGGREGATE_RESOURCES,
  aggregateOfCollection,
  collectionOf,
  commandPath,
  createdIdField,
  creationCommands,
} from "./resources.ts";

const MACHINES: Record<AggregateType, AnyMachine> = {
  workspace: workspaceMachine,
  member: memberMachine,
  account: accountMachine,
  contact: contactMachine,
  opportunity: opportunityMachine,
  contract: contractMachine,
  activity: activityMachine,
  task: taskMachine,
  escalation: escalationMachine,
  brief: briefMachine,
  plan: accountPlanMachine,
  invoice: invoiceMachine,
  cost: costEntryMachine,
  quota: quotaMachine,
  target: targetListMachine,
};

/** The commands a machine's transition table lets start a stream (issued where the record does not exist). */
const startingCommands = (machine: AnyMachine): string[] =>
  Object.values(machine.table as Record<string, { command: string; from: readonly string[] }>)
    .filter((row) => row.from.includes("none"))
    .map((row) => row.command)
    .sort();

describe("the resource table", () => {
  it("addresses every aggregate, and nothing else", () => {
    expect(Object.keys(AGGREGATE_RESOURCES).sort()).toEqual([...AGGREGATE_TYPES].sort());
  });

  it.each(AGGREGATE_TYPES)(
    "names as creations of %s exactly the commands its machine starts a stream with",
    (a) => {
      expect([...creationCommands(a)].sort()).toEqual(startingCommands(MACHINES[a]));
    },
  );

  it("gives every aggregate but the workspace a collection of its own, and finds the aggregate back from it", () => {
    const collections = AGGREGATE_TYPES.map(collectionOf).filter((c) => c !== null);
    expect(new Set(collections).size).toBe(AGGREGATE_TYPES.length - 1);
    for (const a of AGGREGATE_TYPES) {
      const c = collectionOf(a);
      if (c === null) expect(a).toBe("workspace");
      else expect(aggregateOfCollection(c)).toBe(a);
    }
    expect(aggregateOfCollection("nothing")).toBeUndefined();
  });

  it("names the id field a creation command carries", () => {
    expect(createdIdField("opportunity", "ImportOpportunity")).toBe("opportunityId");
    expect(createdIdField("cost", "RecordCost")).toBe("costEntryId");
    expect(createdIdField("opportunity", "MoveStage")).toBeUndefined();
  });

  it("builds each command's path: creations on the collection, others on the record, the workspace's on itself", () => {
    expect(commandPath("opportunity", "CreateOpportunity")).toBe("opportunities");
    expect(commandPath("opportunity", "ImportOpportunity")).toBe("opportunities");
    expect(commandPath("opportunity", "SetNextStep")).toBe("opportunities/{id}/set-next-step");
    expect(commandPath("workspace", "UpdateSettings")).toBe("update-settings");
    expect(commandPath("workspace", "CreateWorkspace")).toBeNull();
  });
});
