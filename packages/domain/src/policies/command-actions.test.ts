import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { AccountCommandSchema } from "../machines/account.machine.ts";
import { AccountPlanCommandSchema } from "../machines/account-plan.machine.ts";
import { ActivityCommandSchema } from "../machines/activity.machine.ts";
import { BriefCommandSchema } from "../machines/brief.machine.ts";
import { ContactCommandSchema } from "../machines/contact.machine.ts";
import { ContractCommandSchema } from "../machines/contract.commands.ts";
import { CostEntryCommandSchema } from "../machines/cost-entry.machine.ts";
import { EscalationCommandSchema } from "../machines/escalation.machine.ts";
import { InvoiceCommandSchema } from "../machines/invoice.machine.ts";
import { MemberCommandSchema } from "../machines/member.machine.ts";
import { OpportunityCommandSchema } from "../machines/opportunity.machine.ts";
import { QuotaCommandSchema } from "../machines/quota.machine.ts";
import { TargetListCommandSchema } from "../machines/target-list.machine.ts";
import { TaskCommandSchema } from "../machines/task.machine.ts";
import { WorkspaceCommandSchema } from "../machines/workspace.machine.ts";
import {
  AGGREGATE_TYPES,
  type AggregateType,
  COMMAND_ACTIONS,
  type CommandAction,
  resourceKindOfAction,
} from "./command-actions.ts";
import { ACTIONS, type Action, actionsOn, RESOURCE_KINDS } from "./permissions.matrix.ts";

type CommandUnion = z.ZodDiscriminatedUnion<readonly z.ZodObject<{ type: z.ZodLiteral<string> }>[]>;

/** Each aggregate's command schema, as adapters parse commands with it. */
const SCHEMAS: Record<AggregateType, CommandUnion> = {
  workspace: WorkspaceCommandSchema,
  member: MemberCommandSchema,
  account: AccountCommandSchema,
  contact: ContactCommandSchema,
  opportunity: OpportunityCommandSchema,
  contract: ContractCommandSchema,
  activity: ActivityCommandSchema,
  task: TaskCommandSchema,
  escalation: EscalationCommandSchema,
  brief: BriefCommandSchema,
  plan: AccountPlanCommandSchema,
  invoice: InvoiceCommandSchema,
  cost: CostEntryCommandSchema,
  quota: QuotaCommandSchema,
  target: TargetListCommandSchema,
};

/** The command types a schema accepts, read off the options of its discriminated union. */
const commandTypes = (schema: CommandUnion): string[] =>
  schema.options.flatMap((option) => [...option.shape.type.values]).sort();

const actionsOf = (aggregate: AggregateType): Record<string, Action> => COMMAND_ACTIONS[aggregate];

describe("the action each command needs", () => {
  it("has a table for every aggregate, and nothing else", () => {
    expect(Object.keys(COMMAND_ACTIONS).sort()).toEqual([...AGGREGATE_TYPES].sort());
  });

  it.each(AGGREGATE_TYPES)(
    "names an action for every command of the %s schema, and no other",
    (aggregate) => {
      expect(Object.keys(actionsOf(aggregate)).sort()).toEqual(commandTypes(SCHEMAS[aggregate]));
    },
  );

  it("names only actions that exist, and never finance.read (it masks, it moves nothing)", () => {
    const named = AGGREGATE_TYPES.flatMap((a) => Object.values(actionsOf(a)));
    for (const action of named) expect(ACTIONS).toContain(action);
    expect(named).not.toContain("finance.read");
  });

  it("asks `can` about a kind every named action applies to, so `can` never throws on it", () => {
    for (const aggregate of AGGREGATE_TYPES)
      for (const action of Object.values(actionsOf(aggregate))) {
        const kind = resourceKindOfAction(action as CommandAction);
        expect(RESOURCE_KINDS).toContain(kind);
        expect(actionsOn(kind)).toContain(action);
      }
  });

  it("keeps an aggregate's own actions to its own kind, except towers, milestones, engagement and settings", () => {
    const elsewhere = AGGREGATE_TYPES.flatMap((aggregate) =>
      Object.entries(actionsOf(aggregate))
        .filter(([, action]) => resourceKindOfAction(action as CommandAction) !== aggregate)
        .map(([command, action]) => `${aggregate}.${command} → ${action}`),
    );
    expect(elsewhere).toEqual([
      "workspace.CreateWorkspace → settings.write",
      "workspace.RenameWorkspace → settings.write",
      "workspace.UpdateSettings → settings.write",
      "contact.RecordEngagement → activity.write",
      "opportunity.RecordActivity → activity.write",
      "contract.AddTower → tower.manage",
      "contract.UpdateTower → tower.manage",
      "contract.RemoveTower → tower.manage",
      "contract.ReassignTowerManager → tower.manage",
      "contract.CompleteMilestone → milestone.write",
    ]);
  });

  it("gives the deal's decisive moves their own permissions", () => {
    expect(COMMAND_ACTIONS.opportunity).toMatchObject({
      MoveStage: "opportunity.move",
      CloseAsWon: "opportunity.close",
      CloseAsLost: "opportunity.close",
      Reopen: "opportunity.reopen",
      OverrideProbability: "opportunity.override_probability",
    });
  });

  it("keeps approving and terminating a contract apart from its other moves", () => {
    expect(COMMAND_ACTIONS.contract).toMatchObject({
      Approve: "contract.approve",
      SendBack: "contract.approve",
      Terminate: "contract.terminate",
      Sign: "contract.transition",
      AddMilestone: "contract.update",
    });
  });

  it("lets directors invite members but leaves every other change to members with admins' member.manage", () => {
    expect(COMMAND_ACTIONS.member.AddMember).toBe("member.invite");
    const others = Object.entries(COMMAND_ACTIONS.member).filter(([c]) => c !== "AddMember");
    expect(new Set(others.map(([, a]) => a))).toEqual(new Set(["member.manage"]));
  });

  it("reads the resource kind off the action's name", () => {
    expect(resourceKindOfAction("tower.manage")).toBe("tower");
    expect(resourceKindOfAction("opportunity.override_probability")).toBe("opportunity");
  });
});
