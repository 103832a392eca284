import type { WorkspaceSettings } from "@accountable/domain";
import { describe, expect, it } from "vitest";
import { editedSettings } from "./rules-panel.tsx";

const settings = {
  currency: "EUR",
  fiscalYear: { firstMonth: 1, namedAfter: "end" },
  pipelines: [
    {
      id: "new_business",
      name: "New business",
      opportunityTypes: ["new_business"],
      stages: [
        { id: "a", label: "A", kind: "open", probability: 10, forecastCategory: "pipeline" },
        { id: "won", label: "Won", kind: "won", probability: 100, forecastCategory: "closed" },
        { id: "lost", label: "Lost", kind: "lost", probability: 0, forecastCategory: "omitted" },
      ],
    },
  ],
  approvalAuthority: [],
  renewals: { noticeWindowDays: 120, reminderOffsetsDays: [30], clientNoticeDays: 30, renewalLeadDays: 30 },
} as unknown as WorkspaceSettings;

describe("editedSettings", () => {
  it("turns the typed limits into money in the workspace's currency, and sorts the reminders", () => {
    const next = editedSettings(
      settings,
      [
        { role: "supervisor", limit: "25000", maxDiscountPercent: 10 },
        { role: "admin", limit: "", maxDiscountPercent: "" },
      ],
      { noticeWindowDays: 90, clientNoticeDays: 30, reminders: ["7", "30", "7"] },
    );
    expect(next.ok).toBe(true);
    if (!next.ok) return;
    expect(next.settings.approvalAuthority).toEqual([
      { role: "supervisor", limit: { amount: 2_500_000, currency: "EUR" }, maxDiscountPercent: 10 },
      { role: "admin", limit: null, maxDiscountPercent: null },
    ]);
    expect(next.settings.renewals).toEqual({
      noticeWindowDays: 90,
      clientNoticeDays: 30,
      renewalLeadDays: 30,
      reminderOffsetsDays: [30, 7],
    });
  });

  it("keeps the renewal lead typed, and refuses one under a day", () => {
    const base = { noticeWindowDays: 90, clientNoticeDays: 30, reminders: [] };
    const next = editedSettings(settings, [], { ...base, renewalLeadDays: 14 });
    expect(next.ok && next.settings.renewals.renewalLeadDays).toBe(14);
    const none = editedSettings(settings, [], { ...base, renewalLeadDays: 0 });
    expect(!none.ok && none.message).toMatch(/^renewals\.renewalLeadDays: /);
  });

  it("says what is wrong instead of sending settings the domain refuses", () => {
    const badAmount = editedSettings(
      settings,
      [{ role: "director", limit: "lots", maxDiscountPercent: "" }],
      {
        noticeWindowDays: 90,
        clientNoticeDays: 30,
        reminders: [],
      },
    );
    expect(badAmount).toEqual({ ok: false, message: "lots is not an amount in EUR." });
    const tooLong = editedSettings(settings, [], {
      noticeWindowDays: 9999,
      clientNoticeDays: 30,
      reminders: [],
    });
    expect(tooLong.ok).toBe(false);
    expect(!tooLong.ok && tooLong.message).toMatch(/^renewals\.noticeWindowDays: /);
  });
});

describe("editedSettings: calendar feed reminders", () => {
  const base = { noticeWindowDays: 90, clientNoticeDays: 30, reminders: ["30"] } as const;
  it("keeps the reminders as whole days, once each, latest first; an empty list means none", () => {
    const next = editedSettings(settings, [], { ...base, calendarReminders: ["1", "7", "1", "0"] });
    expect(next.ok && next.settings.calendar).toEqual({ reminderDaysBefore: [7, 1, 0] });
    const none = editedSettings(settings, [], { ...base, calendarReminders: [] });
    expect(none.ok && none.settings.calendar).toEqual({ reminderDaysBefore: [] });
  });
  it("leaves them as they were when the form did not show them, and says what is wrong", () => {
    const same = editedSettings({ ...settings, calendar: { reminderDaysBefore: [3] } }, [], base);
    expect(same.ok && same.settings.calendar).toEqual({ reminderDaysBefore: [3] });
    expect(editedSettings(settings, [], { ...base, calendarReminders: ["soon"] })).toEqual({
      ok: false,
      message: "Calendar reminders are whole numbers of days before each item.",
    });
    const far = editedSettings(settings, [], { ...base, calendarReminders: ["400"] });
    expect(far.ok).toBe(false);
    expect(!far.ok && far.message).toMatch(/^calendar\.reminderDaysBefore/);
  });
});
