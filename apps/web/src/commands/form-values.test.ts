import { ActivityCommandSchema, OpportunityCommandSchema, TaskCommandSchema } from "@accountable/domain";
import { describe, expect, it } from "vitest";
import { commandVariant } from "./aggregates.ts";
import { describeFields, flattenFields } from "./fields.ts";
import { draftOfFields, errorsFor, errorsOfIssues, inputOfFields } from "./form-values.ts";

const options = { currency: "EUR", newId: () => "new-1" };
const fieldsOf = (aggregate: "task" | "opportunity" | "activity" | "contact" | "account", type: string) =>
  describeFields(commandVariant(aggregate, type)!.schema);

describe("describeFields", () => {
  it("reads pickers, money, days and moments from the domain's schemas", () => {
    const kinds = Object.fromEntries(
      fieldsOf("opportunity", "CreateOpportunity").map((f) => [f.name, f.type.kind]),
    );
    expect(kinds).toMatchObject({
      accountId: "ref",
      ownerId: "ref",
      name: "text",
      opportunityType: "enum",
      stageId: "ref",
      amount: "money",
      closeDate: "date",
      needs: "list",
      budget: "money",
      stakeholderIds: "list",
    });
    const log = flattenFields(fieldsOf("activity", "LogActivity"));
    expect(log.find((f) => f.name === "at")?.type.kind).toBe("datetime");
    expect(log.find((f) => f.path === "minutes.summary")?.type.kind).toBe("text");
  });

  it("marks what may be left out", () => {
    const f = Object.fromEntries(fieldsOf("task", "CreateTask").map((x) => [x.name, x]));
    expect(f.title?.optional).toBe(false);
    expect(f.accountId?.optional).toBe(true);
    expect(f.agreedWithClient?.defaultValue).toBe(false);
  });

  it("leaves out what only an import fills (where a record came from), so Add contact asks no 'Imported from'", () => {
    for (const [aggregate, type] of [
      ["contact", "AddContact"],
      ["account", "CreateAccount"],
    ] as const) {
      const names = fieldsOf(aggregate, type).map((f) => f.name);
      expect(names).toContain("name");
      expect(names).not.toContain("importedFrom");
    }
  });
});

describe("inputOfFields", () => {
  it("turns money in major units into the domain's minor units, and the schema accepts it", () => {
    const fields = fieldsOf("opportunity", "SetBudget");
    const draft = { budget: { amount: "12,500.50", currency: "EUR" } };
    const input = inputOfFields(fields, draft);
    expect(input).toEqual({ budget: { amount: 1_250_050, currency: "EUR" } });
    expect(OpportunityCommandSchema.safeParse({ type: "SetBudget", ...input }).success).toBe(true);
  });

  it("leaves out empty optional fields and sends a local time as UTC", () => {
    const fields = fieldsOf("activity", "LogActivity");
    const draft = draftOfFields(fields, { accountId: "acme", kind: "meeting", activityId: "a1" }, options);
    const local = "2026-11-20T10:30";
    const input = inputOfFields(fields, {
      ...draft,
      subject: "Quarterly review",
      at: local,
      minutes: { summary: "Went well", decisions: ["Renew", ""], actionItems: [] },
    });
    expect(input.at).toBe(new Date(local).toISOString());
    expect(input.body).toBeUndefined();
    expect(input.minutes).toEqual({ summary: "Went well", decisions: ["Renew"] });
    expect(ActivityCommandSchema.safeParse({ type: "LogActivity", ...input }).success).toBe(true);
  });

  it("shows the schema's issue on the field it is about", () => {
    const fields = fieldsOf("task", "CreateTask");
    const parsed = TaskCommandSchema.safeParse({ type: "CreateTask", ...inputOfFields(fields, {}) });
    expect(parsed.success).toBe(false);
    const errors = errorsOfIssues(parsed.success ? [] : parsed.error.issues);
    const title = fields.find((f) => f.name === "title")!;
    expect(errorsFor(title, errors)).toEqual(["is required"]);
  });

  it("says a choice left out in words, naming the field: for every form, from the one renderer", () => {
    const fields = fieldsOf("opportunity", "CreateOpportunity");
    const parsed = OpportunityCommandSchema.safeParse({
      type: "CreateOpportunity",
      ...inputOfFields(fields, {}),
    });
    expect(parsed.success).toBe(false);
    const issues = parsed.success ? [] : parsed.error.issues;
    const errors = errorsOfIssues(issues, (path) => fields.find((f) => f.name === path)?.label);
    const type = fields.find((f) => f.name === "opportunityType")!;
    expect(errorsFor(type, errors)).toEqual(["Choose a deal type: New business, Renewal or Upsell"]);
    // Without a label the choices are still in words.
    expect(errorsFor(type, errorsOfIssues(issues))).toEqual([
      "Choose one of New business, Renewal or Upsell",
    ]);
  });
});
