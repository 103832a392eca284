import { describe, expect, it } from "vitest";
import { byReason } from "./command-panel.tsx";
import { blockedInWords, commonWhy, dealQuickActions, readOnlyWhy } from "./quick-actions.tsx";

const blocked = (label: string, why: string) => ({ action: { label }, permission: { allowed: false, why } });

describe("blockedInWords", () => {
  it("says each reason once, after the actions it blocks, in the order they come", () => {
    const log = "As a viewer you may not log activities.";
    const deal = "As a viewer you may not create deals.";
    expect(
      blockedInWords([
        blocked("Log a call", log),
        blocked("New deal", deal),
        blocked("Log an e-mail", log),
        blocked("Add a note", log),
      ]),
    ).toBe(`Log a call, Log an e-mail, Add a note (${log}); New deal (${deal})`);
  });

  it("says a why shared by several refusals once, without repeating what each one may not do", () => {
    const why = "you neither own the account nor are on its team.";
    expect(
      blockedInWords([
        blocked("Log a call", `As an account executive you may not log activities: ${why}`),
        blocked("New deal", `As an account executive you may not open a deal: ${why}`),
        blocked("Add contact", `As an account executive you may not add or edit contacts: ${why}`),
      ]),
    ).toBe("Log a call, New deal, Add contact (you neither own the account nor are on its team)");
  });
});

describe("the command panel's byReason", () => {
  it("says a why shared by several sentences once, and a sentence alone as it is", () => {
    const why = "the account belongs to another member and you are not on its team.";
    const groups = byReason([
      { type: "UpdateAccount", why: `As an account executive you may not edit the account: ${why}` },
      { type: "ChangeOwner", why: "As an account executive you may not hand the account to another owner." },
      { type: "AddTeamMember", why: `As an account executive you may not change the account team: ${why}` },
    ]);
    expect(groups.map(([said, items]) => [said, items.map((i) => i.type)])).toEqual([
      [
        "The account belongs to another member and you are not on its team.",
        ["UpdateAccount", "AddTeamMember"],
      ],
      ["As an account executive you may not hand the account to another owner.", ["ChangeOwner"]],
    ]);
  });
});

describe("commonWhy", () => {
  it("is the why all refusals share, or nothing when they differ", () => {
    const why = "you neither own the account nor are on its team.";
    expect(
      commonWhy([
        blocked("Log a call", `As an account executive you may not log activities: ${why}`),
        blocked("New deal", `As an account executive you may not open a deal: ${why}`),
      ]),
    ).toBe(why);
    expect(
      commonWhy([blocked("Log a call", `A: ${why}`), blocked("New deal", "B: another why.")]),
    ).toBeUndefined();
  });
});

describe("readOnlyWhy: a page where the member may change nothing says so once", () => {
  const viewer = (what: string) => ({
    allowed: false as const,
    why: `As a viewer you may not ${what}: a viewer reads without changing anything, and sees no money.`,
  });
  const colleague = (what: string) => ({
    allowed: false as const,
    why: `As an account executive you may not ${what}: you neither own the account nor are on its team.`,
  });

  it("names the role alone when the role may never change it (what the role is for is said with its money)", () => {
    expect(readOnlyWhy("deal", [viewer("log activities"), viewer("move deals")])).toBe(
      "As a viewer you may read this deal but not change it.",
    );
  });

  it("says the why the refusals share when it is the record's, not the role's", () => {
    expect(readOnlyWhy("deal", [colleague("log activities"), colleague("update opportunities")])).toBe(
      "As an account executive you may read this deal but not change it: you neither own the account nor are on its team.",
    );
  });

  it("says nothing when anything is allowed, or the refusals differ in why", () => {
    expect(readOnlyWhy("deal", [viewer("move deals"), { allowed: true }])).toBeUndefined();
    expect(readOnlyWhy("deal", [viewer("move deals"), colleague("log activities")])).toBeUndefined();
    expect(readOnlyWhy("deal", [])).toBeUndefined();
  });
});

describe("logging a call: the form a new user opens", () => {
  const actions = dealQuickActions("acc-1", "deal-1");
  const of = (label: string) => actions.find((a) => a.label === label)!;
  it("starts a call and an e-mail as outbound, a meeting and a note with no direction", () => {
    expect(of("Log a call").prefill?.direction).toBe("outbound");
    expect(of("Log an e-mail").prefill?.direction).toBe("outbound");
    expect(of("Log a meeting").prefill?.direction).toBeUndefined();
    expect(of("Add a note").prefill?.direction).toBeUndefined();
  });
  it("says on a meeting's minutes that the client report shows them, and on nothing else", () => {
    expect(of("Log a meeting").descriptions?.minutes).toMatch(/client report/);
    expect(of("Log a call").descriptions).toBeUndefined();
  });
  it("does not ask a meeting or a note for a direction (the meeting form showed an empty one)", () => {
    expect(of("Log a meeting").fixed).toContain("direction");
    expect(of("Add a note").fixed).toContain("direction");
    expect(of("Log a call").fixed).not.toContain("direction");
    expect(of("Log an e-mail").fixed).not.toContain("direction");
  });
  it("opens without the logging command's checks in words (the form starts at now; minutes only on a meeting)", () => {
    for (const a of actions) expect(a.showGuards).toBe(false);
    expect(of("Log a call").fixed).toContain("minutes");
  });
});
