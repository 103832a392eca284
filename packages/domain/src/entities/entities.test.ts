import { describe, expect, it } from "vitest";
import { asId } from "../kernel/ids.ts";
import { WorkspaceEventSchema } from "../machines/workspace.machine.ts";
import { ActivitySchema } from "./activity.ts";
import { CostEntrySchema } from "./cost-entry.ts";
import { findStage, lostStage, openStages, PipelineSchema, wonStage } from "./pipeline.ts";
import { QuotaSchema } from "./quota.ts";
import { AGENCY_SERVICE_LINES, DEFAULT_SERVICE_LINES, IT_SERVICE_LINES } from "./service-line.ts";
import {
  DEFAULT_PIPELINE_IDS,
  defaultNewBusinessPipeline,
  defaultWorkspaceSettings,
  findPipeline,
  pipelineForType,
  StoredSettingsSchema,
  upgradeStoredSettings,
  type WorkspaceSettings,
  WorkspaceSettingsSchema,
} from "./settings.ts";

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.error?.issues.map((i) => i.message) ?? [];

describe("activity schema", () => {
  const meeting = {
    id: "act1",
    accountId: "a1",
    opportunityId: null,
    contractId: null,
    kind: "meeting",
    subject: "QBR",
    body: null,
    authorId: "m1",
    contactIds: ["c1"],
    at: "2026-11-26T10:00:00.000Z",
    status: "done",
    done: true,
    direction: null,
    minutes: { summary: "Agreed the Q1 plan", decisions: ["Go"], actionItems: ["Send the deck"] },
  };
  it("accepts a meeting with minutes", () => {
    expect(ActivitySchema.parse(meeting).minutes?.decisions).toEqual(["Go"]);
  });
  it("refuses minutes on anything but a meeting", () => {
    expect(messages(ActivitySchema.safeParse({ ...meeting, kind: "call" }))).toEqual([
      "only a meeting has minutes",
    ]);
  });
});

describe("cost entry schema", () => {
  const cost = {
    id: "k1",
    accountId: "a1",
    contractId: "c1",
    towerId: "t1",
    date: "2026-11-01",
    category: "labour",
    description: "Service desk, November",
    amount: { amount: 1_200_000, currency: "EUR" },
    hours: 160,
    recordedBy: "m1",
  };
  it("accepts a labour cost on a tower", () => {
    expect(CostEntrySchema.parse(cost).hours).toBe(160);
  });
  it("refuses a tower cost that names no contract", () => {
    expect(messages(CostEntrySchema.safeParse({ ...cost, contractId: null }))).toEqual([
      "a tower cost names its contract",
    ]);
  });
});

describe("quota schema", () => {
  const quota = {
    id: "q1",
    memberId: "m1",
    period: "2026-Q3",
    amount: { amount: 10_000_000, currency: "EUR" },
  };
  it("accepts quarters, months and years", () => {
    for (const period of ["2026", "2026-Q3", "2026-07", "2026-12"])
      expect(QuotaSchema.safeParse({ ...quota, period }).success).toBe(true);
  });
  it("refuses a month that does not exist and a non-positive amount", () => {
    expect(QuotaSchema.safeParse({ ...quota, period: "2026-13" }).success).toBe(false);
    expect(messages(QuotaSchema.safeParse({ ...quota, amount: { amount: 0, currency: "EUR" } }))).toEqual([
      "a quota is a positive amount",
    ]);
  });
});

describe("pipeline schema", () => {
  const base = defaultNewBusinessPipeline();
  it("finds stages by kind and id", () => {
    expect(openStages(base).map((s) => s.id)).toEqual([
      "prospecting",
      "discovery",
      "proposal",
      "negotiation",
    ]);
    expect(wonStage(base).id).toBe("closed_won");
    expect(lostStage(base).id).toBe("closed_lost");
    expect(findStage(base, asId.stage("proposal"))?.probability).toBe(50);
    expect(findStage(base, asId.stage("nope"))).toBeUndefined();
  });
  it("refuses duplicate stages, a missing won or lost stage, no open stage, and a closed creation stage", () => {
    const stages = base.stages;
    expect(messages(PipelineSchema.safeParse({ ...base, stages: [...stages, stages[0]] }))).toContain(
      "stage prospecting appears twice",
    );
    expect(
      messages(PipelineSchema.safeParse({ ...base, stages: stages.filter((s) => s.kind !== "won") })),
    ).toContain("a pipeline has exactly one won and one lost stage");
    expect(
      messages(
        PipelineSchema.safeParse({
          ...base,
          stages: stages.filter((s) => s.kind !== "open").concat(stages.filter((s) => s.kind !== "open")),
        }),
      ),
    ).toContain("a pipeline needs at least one open stage");
    expect(
      messages(
        PipelineSchema.safeParse({ ...base, rules: { ...base.rules, creationStages: ["closed_won"] } }),
      ),
    ).toContain("creation stage closed_won is not an open stage");
  });
});

describe("workspace settings", () => {
  const s = defaultWorkspaceSettings("USD");
  it("default to two pipelines, an agency approval ladder and renewal reminders", () => {
    expect(s.pipelines.map((p) => p.id)).toEqual([
      DEFAULT_PIPELINE_IDS.newBusiness,
      DEFAULT_PIPELINE_IDS.renewals,
    ]);
    expect(s.approvalAuthority.map((a) => [a.role, a.limit?.amount ?? null])).toEqual([
      ["supervisor", 2_500_000],
      ["director", 25_000_000],
      ["admin", null],
    ]);
    expect(s.renewals.reminderOffsetsDays).toEqual([120, 90, 60, 30, 14, 7, 1]);
    expect(s.currency).toBe("USD");
  });
  it("choose the pipeline for a deal type, and find pipelines by id", () => {
    expect(pipelineForType(s, "renewal").id).toBe("renewals");
    expect(pipelineForType(s, "upsell").id).toBe("new_business");
    expect(pipelineForType({ ...s, pipelines: [s.pipelines[1]!] }, "upsell").id).toBe("renewals");
    expect(findPipeline(s, asId.pipeline("renewals"))?.name).toBe("Renewals");
    expect(findPipeline(s, asId.pipeline("x"))).toBeUndefined();
  });
  it("declare an agency's and an IT firm's service lines by default; settings saved before the catalog read as none", () => {
    expect(s.serviceLines).toEqual([...AGENCY_SERVICE_LINES, ...IT_SERVICE_LINES]);
    expect(DEFAULT_SERVICE_LINES).toContain("Service desk");
    const { serviceLines: _, ...older } = s;
    expect(WorkspaceSettingsSchema.parse(older).serviceLines).toEqual([]);
  });
  it("keep each service line once, case and spacing aside, and none blank", () => {
    expect(
      WorkspaceSettingsSchema.parse({ ...s, serviceLines: [" Media ", "Paid social"] }).serviceLines,
    ).toEqual(["Media", "Paid social"]);
    expect(
      messages(
        WorkspaceSettingsSchema.safeParse({
          ...s,
          serviceLines: ["Media", "Creative", "paid  social", "media "],
        }),
      ),
    ).toContain('"media" is listed twice (as line 1 too)');
    expect(messages(WorkspaceSettingsSchema.safeParse({ ...s, serviceLines: ["  "] }))).toContain(
      "a service line cannot be blank",
    );
  });
  it("refuse a pipeline listed twice and inverted health bands", () => {
    expect(
      messages(WorkspaceSettingsSchema.safeParse({ ...s, pipelines: [s.pipelines[0], s.pipelines[0]] })),
    ).toContain("pipeline new_business appears twice");
    expect(
      messages(WorkspaceSettingsSchema.safeParse({ ...s, healthBands: { healthy: 60, atRisk: 80 } })),
    ).toContain("the at-risk threshold cannot exceed the healthy one");
  });
});

describe("settings saved before stages said what their deals require", () => {
  // A settings document as the product stored it then: every stage without `requires`.
  const old = JSON.parse(JSON.stringify(defaultWorkspaceSettings("EUR"))) as {
    pipelines: { id: string; stages: Record<string, unknown>[] }[];
  };
  for (const p of old.pipelines) for (const stage of p.stages) delete stage.requires;
  const requires = (s: WorkspaceSettings) =>
    s.pipelines.map((p) => [p.id, p.stages.map((stage) => [stage.id, stage.requires])]);

  it("read as the defaults meant: the first open stage and the lost stage need nothing, the rest both", () => {
    const read = StoredSettingsSchema.parse(old);
    expect(requires(read)).toEqual([
      [
        "new_business",
        [
          ["prospecting", []],
          ["discovery", ["amount", "closeDate"]],
          ["proposal", ["amount", "closeDate"]],
          ["negotiation", ["amount", "closeDate"]],
          ["closed_won", ["amount", "closeDate"]],
          ["closed_lost", []],
        ],
      ],
      [
        "renewals",
        [
          ["renewal_review", []],
          ["renewal_proposal", ["amount", "closeDate"]],
          ["renewal_negotiation", ["amount", "closeDate"]],
          ["renewed", ["amount", "closeDate"]],
          ["not_renewed", []],
        ],
      ],
    ]);
    // …which is what a new workspace's defaults say.
    expect(requires(read)).toEqual(requires(defaultWorkspaceSettings("EUR")));
    // The plain schema (a stage written on its own) would have required both everywhere: the case this guards.
    expect(WorkspaceSettingsSchema.parse(old).pipelines[0]!.stages[0]!.requires).toEqual([
      "amount",
      "closeDate",
    ]);
  });

  it("keep what a stage does say, and read a custom pipeline's own first stage as its first", () => {
    const custom = JSON.parse(JSON.stringify(old)) as typeof old;
    custom.pipelines[0]!.stages[0]!.requires = ["closeDate"];
    custom.pipelines[1]!.stages.splice(0, 1);
    const read = StoredSettingsSchema.parse(custom);
    expect(read.pipelines[0]!.stages[0]!.requires).toEqual(["closeDate"]);
    expect(read.pipelines[1]!.stages.map((stage) => [stage.id, stage.requires])).toEqual([
      ["renewal_proposal", []],
      ["renewal_negotiation", ["amount", "closeDate"]],
      ["renewed", ["amount", "closeDate"]],
      ["not_renewed", []],
    ]);
  });

  it("are read the same from a stored settings event, so a replay does not harden them", () => {
    const event = WorkspaceEventSchema.parse({
      type: "WorkspaceSettingsUpdated",
      at: "2026-01-05T10:00:00.000Z",
      settings: old,
    });
    expect(event.type === "WorkspaceSettingsUpdated" && requires(event.settings)).toEqual(
      requires(defaultWorkspaceSettings("EUR")),
    );
  });

  it("hand anything that is not a settings document to the schema unchanged, to be refused", () => {
    expect(upgradeStoredSettings(null)).toBeNull();
    expect(upgradeStoredSettings({ pipelines: "x" })).toEqual({ pipelines: "x" });
    expect(StoredSettingsSchema.safeParse({ pipelines: [] }).success).toBe(false);
  });
});
