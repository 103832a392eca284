import { defaultWorkspaceSettings } from "@accountable/domain";
import { describe, expect, it } from "vitest";
import { draftOf, editedHandover } from "./handover-panel.tsx";

const settings = defaultWorkspaceSettings("EUR");

describe("editedHandover", () => {
  it("keeps the settings as they were when nothing is edited", () => {
    const next = editedHandover(settings, draftOf(settings));
    expect(next).toEqual({ ok: true, settings });
  });

  it("turns the edited rules into settings: handover by hand, a new kickoff task, no checklist, 45 days' terms", () => {
    const next = editedHandover(settings, {
      ...draftOf(settings),
      onSigning: false,
      kickoffTasks: [{ title: "  Tower kickoff ", assignee: "account_managers", dueAfterDays: 4 }],
      onboardingChecklist: [],
      paymentTermsDays: 45,
    });
    expect(next.ok).toBe(true);
    if (!next.ok) return;
    expect(next.settings.handover).toEqual({
      onSigning: false,
      addTowerAccountManagers: true,
      addProjectManagers: true,
      kickoffTasks: [{ title: "Tower kickoff", assignee: "account_managers", dueAfterDays: 4 }],
      onboardingChecklist: [],
    });
    expect(next.settings.billing.paymentTermsDays).toBe(45);
  });

  it("says which row is wrong: a task without a title, a day count left empty", () => {
    const draft = draftOf(settings);
    expect(
      editedHandover(settings, {
        ...draft,
        kickoffTasks: [...draft.kickoffTasks, { title: " ", assignee: "owner", dueAfterDays: 3 }],
      }),
    ).toEqual({ ok: false, message: "handover kickoffTasks #5 title: a kickoff task needs a title" });
    expect(
      editedHandover(settings, { ...draft, onboardingChecklist: [{ title: "Billing", dueAfterDays: "" }] }),
    ).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^handover onboardingChecklist #1 dueAfterDays: /),
    });
  });
});
