import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  contractAfter,
  contractCtx,
  createContract,
  eur,
  on,
  signingSteps,
  tower,
} from "../../testing/contract.fixtures.ts";
import { accepted, ctx, refused } from "../../testing/fixtures.ts";
import { defaultWorkspaceSettings, type HandoverSettings } from "../entities/settings.ts";
import { date } from "../kernel/calendar-date.ts";
import { asId, type MemberId } from "../kernel/ids.ts";
import { run } from "../kernel/machine.ts";
import type { ContractEvent } from "../machines/contract.commands.ts";
import { contractMachine } from "../machines/contract.machine.ts";
import { type TaskCommand, type TaskState, taskMachine } from "../machines/task.machine.ts";
import { contractFollowUps, handoverFollowUps } from "./follow-ups.ts";
import { handoverPlan } from "./handover.ts";

const settings = defaultWorkspaceSettings("EUR");
const m = (id: string) => asId.member(id);
const owner = m("m-account_executive");

/** c1 (18,000 EUR) with two towers run by Ann, one by Bob, Pat named as project manager; signed on 2026-11-20. */
function signed(overrides: Parameters<typeof createContract>[0] = {}) {
  return contractAfter(
    signingSteps(
      createContract({
        value: eur(18_000),
        towers: [
          tower("t-desk", eur(6_000), { name: "Service desk", accountManagerId: m("m-ann") }),
          tower("t-infra", eur(6_000), { name: "Infrastructure", accountManagerId: m("m-bob") }),
          tower("t-apps", eur(6_000), { name: "Applications", accountManagerId: m("m-ann") }),
        ],
        projectManagerIds: [m("m-pat")],
        ...overrides,
      }),
    ),
  );
}

const policy = (over: Partial<HandoverSettings> = {}): HandoverSettings => ({
  ...settings.handover,
  ...over,
});

describe("the handover plan", () => {
  it("puts each tower's account manager and each project manager on the team once, never the owner", () => {
    const plan = handoverPlan(
      { ...signed(), projectManagerIds: [m("m-pat"), owner] },
      settings.handover,
      date("2026-11-20"),
    );
    expect(plan.team).toEqual([
      { memberId: "m-ann", role: "account_manager" },
      { memberId: "m-bob", role: "account_manager" },
      { memberId: "m-pat", role: "project_manager" },
    ]);
  });

  it("gives each kickoff task to whom it names (an account manager's names their towers), the checklist to the owner", () => {
    const plan = handoverPlan(
      signed(),
      policy({
        kickoffTasks: [
          { title: "Client kickoff", assignee: "owner", dueAfterDays: 10 },
          { title: "Start your tower", assignee: "account_managers", dueAfterDays: 5 },
          { title: "Delivery plan", assignee: "project_managers", dueAfterDays: 7 },
        ],
        onboardingChecklist: [{ title: "Billing contact", dueAfterDays: 0 }],
      }),
      date("2026-11-20"),
    );
    expect(plan.tasks).toEqual([
      {
        taskId: "c1.handover.1",
        kind: "kickoff",
        title: "Client kickoff",
        assigneeId: owner,
        dueDate: "2026-11-30",
      },
      {
        taskId: "c1.handover.2",
        kind: "kickoff",
        title: "Start your tower (Service desk, Applications)",
        assigneeId: "m-ann",
        dueDate: "2026-11-25",
      },
      {
        taskId: "c1.handover.3",
        kind: "kickoff",
        title: "Start your tower (Infrastructure)",
        assigneeId: "m-bob",
        dueDate: "2026-11-25",
      },
      {
        taskId: "c1.handover.4",
        kind: "kickoff",
        title: "Delivery plan",
        assigneeId: "m-pat",
        dueDate: "2026-11-27",
      },
      {
        taskId: "c1.handover.5",
        kind: "onboarding",
        title: "Onboarding: Billing contact",
        assigneeId: owner,
        dueDate: "2026-11-20",
      },
    ]);
  });

  it("makes no tower task on a contract without towers, and gives a project managers' task to the owner when none is named", () => {
    const plan = handoverPlan(
      signed({ value: eur(20_000), towers: [], projectManagerIds: [] }),
      policy({
        kickoffTasks: [
          { title: "Start your tower", assignee: "account_managers", dueAfterDays: 5 },
          { title: "Delivery plan", assignee: "project_managers", dueAfterDays: 7 },
        ],
        onboardingChecklist: [],
      }),
      date("2026-11-20"),
    );
    expect(plan).toEqual({
      team: [],
      tasks: [expect.objectContaining({ title: "Delivery plan", assigneeId: owner })],
    });
  });

  it("adds nobody to the team when the workspace says not to", () => {
    const plan = handoverPlan(
      signed(),
      policy({ addTowerAccountManagers: false, addProjectManagers: false }),
      date("2026-11-20"),
    );
    expect(plan.team).toEqual([]);
    expect(plan.tasks.length).toBeGreaterThan(0);
  });

  it("holds for any towers and project managers: ids unique, assignees from the contract, team without owner or repeats", () => {
    const member = fc.constantFrom(...["m-a", "m-b", "m-c", "m-account_executive"].map(m));
    fc.assert(
      fc.property(
        fc.array(member, { maxLength: 5 }),
        fc.array(member, { maxLength: 4 }),
        fc.subarray(settings.handover.kickoffTasks.slice()),
        (managers: MemberId[], pms: MemberId[], kickoffTasks) => {
          const contract = {
            id: asId.contract("c1"),
            ownerId: owner,
            towers: managers.map((id, i) => tower(`t${i}`, eur(1), { accountManagerId: id })),
            projectManagerIds: pms,
          };
          const plan = handoverPlan(contract, policy({ kickoffTasks }), date("2028-02-28"));
          const ids = plan.tasks.map((t) => t.taskId);
          expect(new Set(ids).size).toBe(ids.length);
          const allowed = new Set<string>([owner, ...managers, ...pms]);
          for (const t of plan.tasks) expect(allowed.has(t.assigneeId)).toBe(true);
          const members = plan.team.map((x) => x.memberId);
          expect(members).not.toContain(owner);
          expect(new Set(members).size).toBe(members.length);
          expect(plan.tasks.filter((t) => t.kind === "onboarding")).toHaveLength(
            settings.handover.onboardingChecklist.length,
          );
        },
      ),
    );
  });
});

describe("handing a contract over to delivery", () => {
  it("records the plan in the contract's history once; a second handover is refused with its date", () => {
    const contract = signed();
    const [event, ...rest] = accepted(
      contractMachine.decide(contract, { type: "HandOverToDelivery" }, contractCtx({ day: "2026-11-21" })),
    );
    expect(rest).toEqual([]);
    expect(event).toMatchObject({ type: "DeliveryHandedOver", at: on("2026-11-21") });
    const after = contractMachine.evolve(contract, event!);
    expect(after).toMatchObject({ status: "signed", handedOverAt: on("2026-11-21") });
    expect(
      refused(contractMachine.decide(after, { type: "HandOverToDelivery" }, contractCtx())),
    ).toMatchObject({
      message: expect.stringContaining("handed over to delivery on 21 Nov"),
    });
  });

  it("is not possible before the contract is signed", () => {
    const draft = contractAfter([createContract()]);
    expect(refused(contractMachine.decide(draft, { type: "HandOverToDelivery" }, contractCtx()))._tag).toBe(
      "TransitionNotAllowed",
    );
  });

  it("names project managers once each, and refuses a list that changes nothing", () => {
    const contract = signed();
    expect(
      refused(
        contractMachine.decide(
          contract,
          { type: "NameProjectManagers", projectManagerIds: [m("m-x"), m("m-x")] },
          contractCtx(),
        ),
      ),
    ).toMatchObject({ field: "projectManagerIds" });
    expect(
      refused(
        contractMachine.decide(
          contract,
          { type: "NameProjectManagers", projectManagerIds: [m("m-pat")] },
          contractCtx(),
        ),
      ),
    ).toMatchObject({ field: "projectManagerIds" });
    const [named] = accepted(
      contractMachine.decide(
        contract,
        { type: "NameProjectManagers", projectManagerIds: [m("m-pat"), m("m-quinn")] },
        contractCtx(),
      ),
    );
    expect(contractMachine.evolve(contract, named!)).toMatchObject({
      projectManagerIds: ["m-pat", "m-quinn"],
    });
  });

  it("follows up by adding those not yet on the team and creating each task, which the task machine accepts", () => {
    const contract = signed();
    const [event] = accepted(contractMachine.decide(contract, { type: "HandOverToDelivery" }, contractCtx()));
    const account = {
      id: asId.account("a1"),
      status: "onboarding" as const,
      team: [{ memberId: m("m-bob"), role: "account_manager" as const }],
    };
    const follow = contractFollowUps(event as ContractEvent, contract, account, settings);
    expect(follow.filter((f) => f.target === "account").map((f) => f.command)).toEqual([
      { type: "AddTeamMember", memberId: "m-ann", role: "account_manager" },
      { type: "AddTeamMember", memberId: "m-pat", role: "project_manager" },
    ]);
    const tasks = follow.filter((f) => f.target === "task");
    expect(tasks).toHaveLength(
      (event as Extract<ContractEvent, { type: "DeliveryHandedOver" }>).tasks.length,
    );
    for (const f of tasks) {
      expect(f.because).toMatch(
        /^"Managed services" was handed over to delivery \((kickoff|onboarding checklist)\)$/,
      );
      let state: TaskState = taskMachine.initial;
      const r = run(taskMachine, state, f.command as TaskCommand, ctx());
      if (!r.ok) throw new Error(r.error.message);
      state = r.value.state;
      expect(state).toMatchObject({ status: "open", accountId: "a1" });
    }
  });

  it("handover follow-ups without a known team add every planned member", () => {
    const event = {
      type: "DeliveryHandedOver" as const,
      at: on("2026-11-21"),
      team: [{ memberId: m("m-ann"), role: "account_manager" as const }],
      tasks: [],
    };
    expect(handoverFollowUps(event, signed(), { id: asId.account("a1") })).toHaveLength(1);
  });
});
