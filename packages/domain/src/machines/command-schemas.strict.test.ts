import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AccountCommandSchema } from "./account.machine.ts";
import { AccountPlanCommandSchema } from "./account-plan.machine.ts";
import { ActivityCommandSchema } from "./activity.machine.ts";
import { BriefCommandSchema } from "./brief.machine.ts";
import { ContactCommandSchema } from "./contact.machine.ts";
import { ContractCommandSchema } from "./contract.commands.ts";
import { CostEntryCommandSchema } from "./cost-entry.machine.ts";
import { EscalationCommandSchema } from "./escalation.machine.ts";
import { InvoiceCommandSchema } from "./invoice.machine.ts";
import { MemberCommandSchema } from "./member.machine.ts";
import { OpportunityCommandSchema } from "./opportunity.machine.ts";
import { QuotaCommandSchema } from "./quota.machine.ts";
import { TaskCommandSchema } from "./task.machine.ts";
import { WorkspaceCommandSchema } from "./workspace.machine.ts";

const COMMAND_SCHEMAS = {
  account: AccountCommandSchema,
  accountPlan: AccountPlanCommandSchema,
  activity: ActivityCommandSchema,
  brief: BriefCommandSchema,
  contact: ContactCommandSchema,
  contract: ContractCommandSchema,
  costEntry: CostEntryCommandSchema,
  escalation: EscalationCommandSchema,
  invoice: InvoiceCommandSchema,
  member: MemberCommandSchema,
  opportunity: OpportunityCommandSchema,
  quota: QuotaCommandSchema,
  task: TaskCommandSchema,
  workspace: WorkspaceCommandSchema,
};

/** Every object in a JSON Schema that would let a field it does not name through, by its path. */
function openObjects(node: unknown, path: string): string[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => openObjects(n, `${path}[${i}]`));
  if (!node || typeof node !== "object") return [];
  const o = node as Record<string, unknown>;
  const here = o.type === "object" && o.additionalProperties !== false ? [path || "(command)"] : [];
  return [...here, ...Object.entries(o).flatMap(([k, v]) => openObjects(v, path ? `${path}.${k}` : k))];
}

describe("command schemas refuse fields they do not take", () => {
  // Walks every command of every machine, nested objects included (money, durations, towers, settings…), so a
  // command added tomorrow with a plain z.object is caught the day it is written.
  for (const [aggregate, schema] of Object.entries(COMMAND_SCHEMAS))
    it(`every object in a ${aggregate} command is strict`, () => {
      const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
      expect(openObjects(json, "")).toEqual([]);
    });

  it("names the unknown field, at the top and nested", () => {
    const base = { type: "CreateAccount", accountId: "a1", name: "Acme", ownerId: "m1" };
    const top = AccountCommandSchema.safeParse({ ...base, customFields: { tier: "gold" } });
    expect(top.error?.issues).toMatchObject([
      { code: "unrecognized_keys", keys: ["customFields"], path: [] },
    ]);
    const nested = AccountCommandSchema.safeParse({
      ...base,
      team: [{ memberId: "m2", role: "account_executive", since: "today" }],
    });
    expect(nested.error?.issues).toMatchObject([
      { code: "unrecognized_keys", keys: ["since"], path: ["team", 0] },
    ]);
  });
});
