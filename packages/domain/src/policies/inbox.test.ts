import { describe, expect, it } from "vitest";
import { T0 } from "../../testing/fixtures.ts";
import { at, contract, day, escalation, eur, openDeal } from "../../testing/policies.fixtures.ts";
import { defaultNewBusinessPipeline, RenewalSettingsSchema } from "../entities/settings.ts";
import type { Task } from "../entities/task.ts";
import { asId } from "../kernel/ids.ts";
import { type InboxFacts, inboxItems } from "./inbox.ts";

// T0 is 2026-11-26T09:00Z.
const alice = { id: "m-alice", role: "account_executive" as const };
const boss = { id: "m-boss", role: "director" as const };

const task = (id: string, overrides: Partial<Task> = {}): Task => ({
  id: asId.task(id),
  status: "open",
  accountId: asId.account("acc-1"),
  title: `Task ${id}`,
  assigneeId: asId.member("m-alice"),
  dueDate: day("2026-11-30"),
  agreedWithClient: false,
  createdAt: at("2026-11-01T09:00:00.000Z"),
  completedAt: null,
  cancelReason: null,
  ...overrides,
});

const facts = (overrides: Partial<InboxFacts> = {}): InboxFacts => ({
  member: alice,
  now: T0,
  settings: {
    approvalAuthority: [
      { role: "supervisor", limit: eur(5_000_000), maxDiscountPercent: 10 },
      { role: "director", limit: null, maxDiscountPercent: null },
    ],
    pipelines: [defaultNewBusinessPipeline()],
    renewals: RenewalSettingsSchema.parse({}),
  },
  pendingContracts: [],
  escalations: [],
  tasks: [],
  deals: [],
  dealActivities: [],
  contracts: [],
  plans: [],
  ...overrides,
});

describe("inboxItems", () => {
  it("lists a contract waiting for an approval the member's role may give, until they gave it", () => {
    const pending = contract("c1", {
      status: "pending_approval",
      value: eur(20_000_000),
      requiredApprovals: ["director"],
    });
    expect(inboxItems(facts({ member: alice, pendingContracts: [pending] }))).toEqual([]);
    const [item] = inboxItems(facts({ member: boss, pendingContracts: [pending] }));
    expect(item).toMatchObject({
      kind: "approval",
      aggregate: "contract",
      recordId: "c1",
      title: "Approve Contract c1",
      detail: "Waiting for director approval.",
      due: "2026-11-26",
      overdue: false,
    });
    const approved = {
      ...pending,
      approvals: [{ memberId: asId.member("m-boss"), role: "director" as const, at: T0 }],
    };
    expect(inboxItems(facts({ member: boss, pendingContracts: [approved] }))).toEqual([]);
  });

  it("lists escalations the member owns or that were escalated to them; the key changes on news", () => {
    const own = escalation("e1", { severity: "high" });
    const toBoss = escalation("e2", { ownerId: asId.member("m-bob"), escalatedTo: [asId.member("m-boss")] });
    const done = escalation("e3", { status: "resolved" });
    const mine = inboxItems(facts({ escalations: [own, toBoss, done] }));
    expect(mine.map((i) => i.recordId)).toEqual(["e1"]);
    expect(mine[0]!.title).toBe("High escalation: Escalation e1");
    const bosses = inboxItems(facts({ member: boss, escalations: [own, toBoss] }));
    expect(bosses).toMatchObject([{ recordId: "e2", detail: expect.stringContaining("Escalated to you") }]);
    const again = inboxItems(
      facts({
        member: boss,
        escalations: [{ ...toBoss, escalatedTo: [asId.member("m-boss"), asId.member("m-ceo")] }],
      }),
    );
    expect(again).toEqual([]);
    const late = inboxItems(facts({ escalations: [{ ...own, slaDueAt: at("2026-11-25T00:00:00.000Z") }] }));
    expect(late[0]).toMatchObject({ overdue: true, detail: expect.stringContaining("has passed") });
    const acknowledged = inboxItems(facts({ escalations: [{ ...own, status: "acknowledged" }] }));
    expect(acknowledged[0]!.key).not.toBe(mine[0]!.key);
  });

  it("lists the member's open tasks with how far off they are, overdue first", () => {
    const items = inboxItems(
      facts({
        tasks: [
          task("t1", { dueDate: day("2026-12-03") }),
          task("t2", { dueDate: day("2026-11-20"), agreedWithClient: true }),
          task("t3", { dueDate: day("2026-11-26") }),
          task("t4", { status: "done" }),
          task("t5", { assigneeId: asId.member("m-bob") }),
        ],
      }),
    );
    expect(items.map((i) => [i.recordId, i.title, i.detail, i.overdue])).toEqual([
      ["t2", "Client deadline: Task t2", "Was due 6 days ago.", true],
      ["t3", "Task t3", "Due today.", false],
      ["t1", "Task t1", "Due in 7 days.", false],
    ]);
  });

  it("lists the member's own stale deals, not others' nor fresh ones", () => {
    const stale = openDeal("d1", { stageEnteredAt: at("2026-11-01T09:00:00.000Z") });
    const fresh = openDeal("d2", { stageEnteredAt: at("2026-11-20T09:00:00.000Z") });
    const others = openDeal("d3", {
      ownerId: asId.member("m-bob"),
      stageEnteredAt: at("2026-10-01T09:00:00.000Z"),
    });
    const items = inboxItems(facts({ deals: [stale, fresh, others] }));
    expect(items).toEqual([
      expect.objectContaining({
        kind: "stale_deal",
        recordId: "d1",
        title: "Stale: Deal d1",
        detail: "Idle 25 days in Proposal (the stage allows 14): log an activity or plan one.",
        overdue: true,
      }),
    ]);
  });

  it("lists a binding contract's notice deadline once its window is open and until it passes", () => {
    // Ends 2027-02-28 with three months' notice: the deadline is 2026-11-30, the window opened 120 days before.
    const soon = contract("c1", { endDate: day("2027-02-28"), startDate: day("2025-03-01") });
    const [item] = inboxItems(facts({ contracts: [soon] }));
    expect(item).toMatchObject({
      kind: "notice_deadline",
      recordId: "c1",
      due: "2026-11-30",
      detail: "Decide on renewal: the last day to give notice is 30 Nov (in 4 days).",
    });
    const far = contract("c2", { endDate: day("2028-12-31") });
    const noticeGiven = { ...soon, nonRenewalNoticeAt: T0 };
    const passed = contract("c3", { endDate: day("2027-01-31") });
    const others = { ...soon, ownerId: asId.member("m-bob") };
    expect(inboxItems(facts({ contracts: [far, noticeGiven, passed, others] }))).toEqual([]);
  });

  it("reminds the owner of an account plan's review from a week before, and while it is under way", () => {
    const plan = {
      id: asId.plan("p1"),
      accountId: asId.account("acc-1"),
      ownerId: asId.member("m-alice"),
      title: "Acme FY27",
      periodStart: day("2026-01-01"),
      periodEnd: day("2026-12-31"),
      ambition: "",
      status: "active" as const,
      objectives: [],
      risks: [],
      nextReviewOn: day("2026-12-03"),
      lastReviewedOn: null,
      lastReviewSummary: null,
      createdAt: T0,
      activatedAt: T0,
      archivedAt: null,
      archiveReason: null,
    };
    const [item] = inboxItems(facts({ plans: [plan] }));
    expect(item).toMatchObject({
      kind: "plan_review",
      aggregate: "plan",
      recordId: "p1",
      title: "Review the account plan: Acme FY27",
      detail: "The review is due in 7 days (3 Dec).",
      due: "2026-12-03",
      overdue: false,
    });
    expect(inboxItems(facts({ plans: [{ ...plan, nextReviewOn: day("2026-12-04") }] }))).toEqual([]);
    expect(inboxItems(facts({ member: boss, plans: [plan] }))).toEqual([]);
    const [late] = inboxItems(facts({ plans: [{ ...plan, nextReviewOn: day("2026-11-20") }] }));
    expect(late).toMatchObject({
      overdue: true,
      detail: "The review was due 6 days ago (20 Nov): start it with your manager.",
    });
    const [reviewing] = inboxItems(facts({ plans: [{ ...plan, status: "under_review" }] }));
    expect(reviewing?.key).not.toBe(item?.key);
  });
});
