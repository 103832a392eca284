import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { actor } from "../../testing/fixtures.ts";
import type { AccountTeamMember } from "../entities/account.ts";
import { type Actor, ROLES, type Role } from "../entities/member.ts";
import { asId, type MemberId } from "../kernel/ids.ts";
import { InvariantViolation } from "../kernel/result.ts";
import {
  ACTION_LABELS,
  ACTIONS,
  type Action,
  actionsOn,
  FINANCIAL_ACTIONS,
  MONEY_KINDS,
  PERMISSION_MATRIX,
  RESOURCE_KINDS,
  type ResourceKind,
  ROLE_SCOPES,
  RULES,
  type Rule,
  SEPARATION_OF_DUTIES,
} from "./permissions.matrix.ts";
import {
  allowedActions,
  can,
  type Permission,
  type PermissionContext,
  type PermissionResource,
  reportsOf,
  resourceUnder,
} from "./permissions.ts";

const me = asId.member("m-me");
const myReport = asId.member("m-report");
const stranger = asId.member("m-stranger");
const reports: PermissionContext = { reportsOf: [myReport] };

const as = (role: Role): Actor => ({ memberId: me, role });

/** The kind an action is asked about in the walks below: its own, or an account for finance.read. */
const kindOf = (action: Action): ResourceKind =>
  action === "finance.read" ? "account" : (action.split(".")[0] as ResourceKind);

// The four standings an actor can have towards a record. "other" puts one of the actor's reports on the team of a
// stranger's account: being on a team must not lend anything to that member's manager.
const SITUATIONS = ["holder", "member", "report", "other"] as const;
type Situation = (typeof SITUATIONS)[number];

function situation(s: Situation, kind: ResourceKind, role: Role): PermissionResource {
  switch (s) {
    case "holder":
      return { kind, ownerId: me, accountOwnerId: me, accountTeam: [] };
    case "member":
      return { kind, ownerId: stranger, accountOwnerId: stranger, accountTeam: [{ memberId: me, role }] };
    case "report":
      return { kind, ownerId: myReport, accountOwnerId: myReport, accountTeam: [] };
    case "other":
      return {
        kind,
        ownerId: stranger,
        accountOwnerId: stranger,
        accountTeam: [{ memberId: myReport, role: "assistant" }],
      };
  }
}

/** What a rule means, stated apart from the code under test. */
function ruleAllows(rule: Rule, s: Situation): boolean {
  if (rule === "always") return true;
  if (rule === "team") return s !== "other";
  if (rule === "own") return s === "holder" || s === "member";
  return false;
}

const check = (role: Role, action: Action, s: Situation): Permission =>
  can(as(role), action, situation(s, kindOf(action), role), reports);

/** The rule the behaviour of `can` shows, read off the four situations (ignoring separation of duties). */
function observedRule(role: Role, action: Action): Rule | "inconsistent" {
  const seen = SITUATIONS.map((s) => check(role, action, s).allowed);
  const matches = RULES.filter((rule) =>
    SITUATIONS.every(
      (s, i) => ruleAllows(rule, s) === seen[i] || (s === "holder" && action in SEPARATION_OF_DUTIES),
    ),
  );
  return matches.length === 1 ? matches[0]! : "inconsistent";
}

const reads = ACTIONS.filter((a) => a.endsWith(".read"));
const writes = ACTIONS.filter((a) => !a.endsWith(".read"));
const rank = (rule: Rule) => RULES.indexOf(rule);

describe("the action vocabulary", () => {
  it("lists each action once", () => {
    expect(new Set(ACTIONS).size).toBe(ACTIONS.length);
  });

  it("labels every action", () => {
    for (const a of ACTIONS) expect(ACTION_LABELS[a]).toMatch(/^[a-z]/);
  });

  it("applies every action to at least one kind of resource, and every kind has actions", () => {
    for (const a of ACTIONS) expect(RESOURCE_KINDS.some((k) => actionsOn(k).includes(a))).toBe(true);
    for (const k of RESOURCE_KINDS) expect(actionsOn(k).length).toBeGreaterThan(0);
  });

  it("offers finance.read exactly on the kinds that carry money", () => {
    for (const k of RESOURCE_KINDS)
      expect(actionsOn(k).includes("finance.read")).toBe((MONEY_KINDS as readonly string[]).includes(k));
  });

  it("rejects an unknown action at compile time", () => {
    // @ts-expect-error accounts are archived, never deleted
    expect(() => can(as("admin"), "account.delete", { kind: "account" })).toThrow(InvariantViolation);
  });
});

describe("the permission matrix", () => {
  it("gives every role a valid rule for every action", () => {
    for (const role of ROLES)
      for (const action of ACTIONS) expect(RULES).toContain(PERMISSION_MATRIX[role][action]);
  });

  it("cannot be changed at run time", () => {
    expect(Object.isFrozen(PERMISSION_MATRIX)).toBe(true);
    expect(Object.isFrozen(PERMISSION_MATRIX.viewer)).toBe(true);
  });

  it("explains every role's scope in a sentence", () => {
    for (const role of ROLES) expect(ROLE_SCOPES[role].length).toBeGreaterThan(20);
  });
});

// The expected rule per role and action, written from the brief and the agency's practice, not copied from the
// matrix: if the table drifts, these fail.
const SPEC: readonly (readonly [Role, Action, Rule])[] = [
  ["director", "contract.terminate", "always"],
  ["director", "contract.approve", "always"],
  ["director", "opportunity.reopen", "always"],
  ["director", "finance.read", "always"],
  ["director", "settings.read", "always"],
  ["director", "member.invite", "always"],
  ["director", "settings.write", "never"],
  ["director", "member.manage", "never"],
  ["director", "token.manage", "never"],
  ["director", "webhook.manage", "never"],
  ["supervisor", "account.read", "always"],
  ["supervisor", "contract.read", "always"],
  ["supervisor", "account.update", "team"],
  ["supervisor", "account.change_owner", "team"],
  ["supervisor", "opportunity.move", "team"],
  ["supervisor", "opportunity.reopen", "team"],
  ["supervisor", "contract.approve", "team"],
  ["supervisor", "contract.terminate", "team"],
  ["supervisor", "finance.read", "team"],
  ["supervisor", "quota.write", "team"],
  ["supervisor", "invoice.transition", "never"],
  ["supervisor", "settings.write", "never"],
  ["supervisor", "member.invite", "never"],
  ["account_executive", "account.read", "always"],
  ["account_executive", "opportunity.read", "always"],
  ["account_executive", "contract.read", "always"],
  ["account_executive", "account.create", "own"],
  ["account_executive", "account.update", "own"],
  ["account_executive", "account.manage_team", "own"],
  ["account_executive", "opportunity.create", "own"],
  ["account_executive", "opportunity.move", "own"],
  ["account_executive", "opportunity.override_probability", "own"],
  ["account_executive", "opportunity.close", "own"],
  ["account_executive", "contract.create", "own"],
  ["account_executive", "contract.transition", "own"],
  ["account_executive", "finance.read", "own"],
  ["account_executive", "invoice.write", "own"],
  ["account_executive", "quota.read", "own"],
  ["account_executive", "contract.approve", "never"],
  ["account_executive", "contract.terminate", "never"],
  ["account_executive", "account.change_owner", "never"],
  ["account_executive", "opportunity.reopen", "never"],
  ["account_executive", "invoice.transition", "never"],
  ["account_executive", "cost.write", "never"],
  ["account_executive", "quota.write", "never"],
  ["assistant", "activity.read", "own"],
  ["assistant", "activity.write", "own"],
  ["assistant", "task.write", "own"],
  ["assistant", "contact.write", "own"],
  ["assistant", "account.read", "own"],
  ["assistant", "contract.approve", "never"],
  ["assistant", "finance.read", "never"],
  ["assistant", "invoice.read", "never"],
  ["assistant", "opportunity.move", "never"],
  ["assistant", "account.update", "never"],
  ["account_manager", "tower.manage", "own"],
  ["account_manager", "activity.write", "own"],
  ["account_manager", "task.write", "own"],
  ["account_manager", "escalation.write", "own"],
  ["account_manager", "escalation.transition", "own"],
  ["account_manager", "finance.read", "own"],
  ["account_manager", "opportunity.move", "never"],
  ["account_manager", "contract.update", "never"],
  ["account_manager", "contract.approve", "never"],
  ["account_planner", "brief.write", "own"],
  ["account_planner", "brief.transition", "own"],
  ["account_planner", "brief.read", "own"],
  ["account_planner", "finance.read", "never"],
  ["account_planner", "tower.manage", "never"],
  ["account_planner", "opportunity.move", "never"],
  ["project_manager", "task.write", "own"],
  ["project_manager", "activity.write", "own"],
  ["project_manager", "escalation.transition", "own"],
  ["project_manager", "milestone.write", "own"],
  ["project_manager", "contract.update", "never"],
  ["project_manager", "finance.read", "never"],
  ["finance", "account.read", "always"],
  ["finance", "opportunity.read", "always"],
  ["finance", "invoice.write", "always"],
  ["finance", "invoice.transition", "always"],
  ["finance", "cost.write", "always"],
  ["finance", "finance.read", "always"],
  ["finance", "contract.approve", "always"],
  ["finance", "account.update", "never"],
  ["finance", "contract.update", "never"],
  ["finance", "quota.write", "never"],
  ["viewer", "account.read", "always"],
  ["viewer", "report.read", "always"],
  ["viewer", "finance.read", "never"],
  ["viewer", "invoice.read", "never"],
  // An account plan: the owner and their managers write it; delivery roles read it on their accounts; viewers read.
  ["account_executive", "plan.write", "own"],
  ["account_executive", "plan.transition", "own"],
  ["supervisor", "plan.write", "team"],
  ["supervisor", "plan.transition", "team"],
  ["director", "plan.write", "always"],
  ["account_manager", "plan.read", "own"],
  ["account_manager", "plan.write", "never"],
  ["account_planner", "plan.write", "never"],
  ["finance", "plan.write", "never"],
  ["viewer", "plan.read", "always"],
  ["viewer", "plan.write", "never"],
];

describe("what each role may do, as the agency expects it", () => {
  it.each(SPEC)("%s › %s: %s", (role, action, rule) => {
    expect(observedRule(role, action)).toBe(rule);
  });

  it.each(ACTIONS)("an admin may always %s", (action) => {
    expect(observedRule("admin", action)).toBe("always");
  });

  it.each(writes)("a viewer never may %s", (action) => {
    expect(observedRule("viewer", action)).toBe("never");
  });

  it.each(reads.filter((a) => !(FINANCIAL_ACTIONS as readonly Action[]).includes(a)))(
    "a viewer may always %s",
    (action) => {
      expect(observedRule("viewer", action)).toBe("always");
    },
  );

  it.each(ACTIONS.filter((a) => a.startsWith("opportunity.") && a !== "opportunity.read"))(
    "finance never may %s (no pipeline moves)",
    (action) => {
      expect(observedRule("finance", action)).toBe("never");
    },
  );

  it.each(reads)("finance may always %s", (action) => {
    expect(observedRule("finance", action)).toBe("always");
  });

  it.each(ROLES.filter((r) => r !== "admin" && r !== "director"))(
    "only admins and directors invite members, not a %s",
    (role) => {
      expect(observedRule(role, "member.invite")).toBe("never");
    },
  );
});

describe("can, over every role × action × standing", () => {
  describe.each(ROLES)("%s", (role) => {
    it.each(ACTIONS)("%s follows its rule in the matrix", (action) => {
      const rule = PERMISSION_MATRIX[role][action];
      for (const s of SITUATIONS) {
        const dutyBars = s === "holder" && action in SEPARATION_OF_DUTIES && role !== "admin";
        const p = check(role, action, s);
        expect({ s, allowed: p.allowed }).toEqual({ s, allowed: ruleAllows(rule, s) && !dutyBars });
        if (p.allowed) expect(p.because.length).toBeGreaterThan(0);
        else
          expect(p.refusal).toMatchObject({
            _tag: "NotPermitted",
            action,
            role,
            message: expect.stringMatching(/^As .+: .+\.$/),
          });
      }
    });
  });
});

// Who answers for money: admins, directors and finance everywhere; executives and account managers on what they
// work on; supervisors over their team. Nobody else, whatever the table says elsewhere.
const FINANCE_CAP: Readonly<Record<Role, Rule>> = {
  admin: "always",
  director: "always",
  finance: "always",
  supervisor: "team",
  account_executive: "own",
  account_manager: "own",
  assistant: "never",
  account_planner: "never",
  project_manager: "never",
  viewer: "never",
};

// The reads a write presupposes: you cannot sensibly change, approve or bill what you cannot see.
const IMPLIED_READS: Readonly<Record<Action, readonly Action[]>> = {
  "account.read": [],
  "account.create": ["account.read"],
  "account.update": ["account.read"],
  "account.change_owner": ["account.read"],
  "account.manage_team": ["account.read"],
  "account.transition": ["account.read"],
  "account.archive": ["account.read"],
  "contact.read": [],
  "contact.write": ["contact.read", "account.read"],
  "opportunity.read": [],
  "opportunity.create": ["opportunity.read", "account.read", "finance.read"],
  "opportunity.import": ["opportunity.read", "account.read", "finance.read"],
  "opportunity.update": ["opportunity.read", "finance.read"],
  "opportunity.move": ["opportunity.read"],
  "opportunity.override_probability": ["opportunity.read"],
  "opportunity.close": ["opportunity.read"],
  "opportunity.reopen": ["opportunity.read"],
  "contract.read": [],
  "contract.create": ["contract.read", "finance.read"],
  "contract.update": ["contract.read", "finance.read"],
  "contract.transition": ["contract.read"],
  "contract.approve": ["contract.read", "finance.read"],
  "contract.terminate": ["contract.read"],
  "tower.manage": ["contract.read", "finance.read"],
  "milestone.write": ["contract.read"],
  "activity.read": [],
  "activity.write": ["activity.read"],
  "task.read": [],
  "task.write": ["task.read"],
  "escalation.read": [],
  "escalation.write": ["escalation.read"],
  "escalation.transition": ["escalation.read"],
  "brief.read": [],
  "brief.write": ["brief.read"],
  "brief.transition": ["brief.read"],
  "plan.read": [],
  "plan.write": ["plan.read", "account.read"],
  "plan.transition": ["plan.read"],
  "target.read": [],
  "target.write": ["target.read"],
  "target.transition": ["target.read"],
  "invoice.read": ["finance.read"],
  "invoice.write": ["invoice.read", "finance.read"],
  "invoice.transition": ["invoice.read", "finance.read"],
  "cost.read": ["finance.read"],
  "cost.write": ["cost.read", "finance.read"],
  "quota.read": [],
  "quota.write": ["quota.read"],
  "finance.read": [],
  "report.read": [],
  "settings.read": [],
  "settings.write": ["settings.read"],
  "member.invite": ["settings.read"],
  "member.manage": ["settings.read"],
  "token.manage": ["settings.read"],
  "webhook.manage": ["settings.read"],
};

describe("invariants of the matrix", () => {
  it.each(ROLES)("a %s sees or touches money no wider than its cap", (role) => {
    for (const action of FINANCIAL_ACTIONS)
      expect({ action, within: rank(PERMISSION_MATRIX[role][action]) <= rank(FINANCE_CAP[role]) }).toEqual({
        action,
        within: true,
      });
  });

  it.each(ROLES)(
    "a %s sees no money on a stranger's record unless it is admin, director or finance",
    (role) => {
      const everywhere = role === "admin" || role === "director" || role === "finance";
      for (const action of FINANCIAL_ACTIONS) {
        const allowed = check(role, action, "other").allowed;
        if (allowed) expect({ action, everywhere }).toEqual({ action, everywhere: true });
        if (everywhere && action.endsWith(".read"))
          expect({ action, allowed }).toEqual({ action, allowed: true });
      }
    },
  );

  it.each(ROLES)("a %s may read whatever it may write, wherever it may write it", (role) => {
    for (const action of ACTIONS)
      for (const read of IMPLIED_READS[action])
        expect({
          action,
          read,
          ok: rank(PERMISSION_MATRIX[role][read]) >= rank(PERMISSION_MATRIX[role][action]),
        }).toEqual({ action, read, ok: true });
  });

  it("checks the implied reads through can as well", () => {
    for (const role of ROLES)
      for (const action of ACTIONS)
        for (const s of SITUATIONS)
          if (check(role, action, s).allowed)
            for (const read of IMPLIED_READS[action]) expect(check(role, read, s).allowed).toBe(true);
  });

  it("leaves workspace settings, members' roles, tokens and webhooks to admins", () => {
    for (const action of ["settings.write", "member.manage", "token.manage", "webhook.manage"] as const)
      expect(ROLES.filter((r) => PERMISSION_MATRIX[r][action] !== "never")).toEqual(["admin"]);
  });

  it("lets only admins, directors, supervisors and finance approve contracts", () => {
    expect(ROLES.filter((r) => PERMISSION_MATRIX[r]["contract.approve"] !== "never")).toEqual([
      "admin",
      "director",
      "supervisor",
      "finance",
    ]);
  });

  it("keeps handovers, reopenings, terminations and archiving with leadership", () => {
    for (const action of [
      "account.change_owner",
      "opportunity.reopen",
      "contract.terminate",
      "account.archive",
    ] as const)
      expect(ROLES.filter((r) => PERMISSION_MATRIX[r][action] !== "never")).toEqual([
        "admin",
        "director",
        "supervisor",
      ]);
  });

  it("lets every role read the settings its screens are built from", () => {
    for (const role of ROLES) expect(PERMISSION_MATRIX[role]["settings.read"]).toBe("always");
  });

  it("gives the team rule only to supervisors", () => {
    for (const role of ROLES)
      for (const action of ACTIONS)
        if (PERMISSION_MATRIX[role][action] === "team") expect(role).toBe("supervisor");
  });
});

const team = (...members: [MemberId, Role][]): AccountTeamMember[] =>
  members.map(([memberId, role]) => ({ memberId, role }));

describe("can, in the cases people ask about", () => {
  const othersAccount: PermissionResource = { kind: "account", ownerId: stranger, accountTeam: [] };
  const myAccount: PermissionResource = { kind: "account", ownerId: me, accountTeam: [] };

  it("lets an executive edit their own account, saying why", () => {
    expect(can(as("account_executive"), "account.update", myAccount)).toEqual({
      allowed: true,
      because: "you hold this account",
    });
  });

  it("refuses an executive another executive's account, in a sentence", () => {
    expect(can(as("account_executive"), "account.update", othersAccount)).toEqual({
      allowed: false,
      refusal: {
        _tag: "NotPermitted",
        action: "account.update",
        role: "account_executive",
        message:
          "As an account executive you may not edit the account: the account belongs to another member and you are not on its team.",
      },
    });
  });

  it("lets an executive read any account but see money only on their own", () => {
    const exec = as("account_executive");
    expect(can(exec, "account.read", othersAccount).allowed).toBe(true);
    expect(can(exec, "finance.read", othersAccount).allowed).toBe(false);
    expect(can(exec, "finance.read", myAccount).allowed).toBe(true);
  });

  it("explains a role's never with what the role is for", () => {
    const p = can(as("viewer"), "account.update", myAccount);
    expect(!p.allowed && p.refusal.message).toContain("a viewer reads without changing anything");
  });

  it("explains an always", () => {
    const p = can(as("director"), "contract.terminate", { kind: "contract", ownerId: stranger });
    expect(p.allowed && p.because).toBe("a director may terminate the contract, whoever holds it");
  });

  describe("account teams", () => {
    it("lets an assistant log activities on the accounts whose team they are on", () => {
      const onTeam = resourceUnder("activity", { ownerId: stranger, team: team([me, "assistant"]) });
      expect(can(as("assistant"), "activity.write", onTeam)).toEqual({
        allowed: true,
        because: "you are on the account team as assistant",
      });
    });

    it("refuses an assistant the activities of accounts they do not work on", () => {
      const offTeam = resourceUnder("activity", { ownerId: stranger, team: team([myReport, "assistant"]) });
      const p = can(as("assistant"), "activity.write", offTeam);
      expect(!p.allowed && p.refusal.message).toContain("you neither own the account nor are on its team");
    });

    it("lends an executive on another's team only the part they play there", () => {
      const lent = resourceUnder(
        "opportunity",
        { ownerId: stranger, team: team([me, "account_manager"]) },
        { ownerId: stranger },
      );
      const p = can(as("account_executive"), "opportunity.move", lent);
      expect(!p.allowed && p.refusal.message).toContain(
        "you are on the account team as account manager, and that part does not move the deal to another stage",
      );
      expect(can(as("account_executive"), "tower.manage", { ...lent, kind: "tower" }).allowed).toBe(true);
    });

    it("does not raise a member above their own role through the part they play on a team", () => {
      const promoted = resourceUnder("opportunity", {
        ownerId: stranger,
        team: team([me, "account_executive"]),
      });
      expect(can(as("assistant"), "opportunity.move", promoted).allowed).toBe(false);
    });

    it("refuses when none of the parts a member plays on a team allows the action", () => {
      const twoHats = resourceUnder("opportunity", {
        ownerId: stranger,
        team: team([me, "project_manager"], [me, "account_planner"]),
      });
      const p = can(as("account_executive"), "opportunity.move", twoHats);
      expect(!p.allowed && p.refusal.message).toContain(
        "as project manager and account planner, and none of those parts may move the deal to another stage",
      );
    });

    it("counts the most generous of several parts a member plays on one team", () => {
      const twoHats = resourceUnder("brief", {
        ownerId: stranger,
        team: team([me, "project_manager"], [me, "account_planner"]),
      });
      expect(can(as("account_executive"), "brief.write", twoHats)).toEqual({
        allowed: true,
        because: "you are on the account team as account planner",
      });
    });
  });

  describe("a supervisor's team", () => {
    const sup = as("supervisor");
    const reportsAccount: PermissionResource = { kind: "account", ownerId: myReport, accountTeam: [] };

    it("reaches the accounts of everyone who reports to them, given the reporting line", () => {
      expect(can(sup, "account.update", reportsAccount, reports)).toEqual({
        allowed: true,
        because: "this account is held by someone who reports to you",
      });
    });

    it("accepts the reporting line as a Set as well as a list", () => {
      expect(can(sup, "account.update", reportsAccount, { reportsOf: new Set([myReport]) }).allowed).toBe(
        true,
      );
    });

    it("narrows to the supervisor's own records when no reporting line is given", () => {
      expect(can(sup, "account.update", reportsAccount).allowed).toBe(false);
      expect(can(sup, "account.update", myAccount).allowed).toBe(true);
    });

    it("reaches a task assigned to a report, and a deal on a report's account", () => {
      const task: PermissionResource = { kind: "task", assigneeId: myReport };
      const deal = resourceUnder("opportunity", { ownerId: myReport, team: [] }, { ownerId: stranger });
      expect(can(sup, "task.write", task, reports)).toEqual({
        allowed: true,
        because: "this task is assigned to someone who reports to you",
      });
      expect(can(sup, "opportunity.move", deal, reports)).toEqual({
        allowed: true,
        because: "its account is owned by someone who reports to you",
      });
    });

    it("gains nothing from a report sitting on a stranger's account team", () => {
      const p = can(
        sup,
        "account.update",
        { ...othersAccount, accountTeam: team([myReport, "assistant"]) },
        reports,
      );
      expect(!p.allowed && p.refusal.message).toContain("and it is not held by anyone who reports to you");
    });
  });

  describe("separation of duties", () => {
    const myContract: PermissionResource = resourceUnder(
      "contract",
      { ownerId: me, team: [] },
      { ownerId: me },
    );

    it("stops a supervisor approving a contract they own", () => {
      const p = can(as("supervisor"), "contract.approve", myContract);
      expect(!p.allowed && p.refusal.message).toContain("no one approves a contract they own");
    });

    it("stops a director approving a contract they own, though they may approve any other", () => {
      expect(can(as("director"), "contract.approve", myContract).allowed).toBe(false);
      expect(can(as("director"), "contract.approve", { kind: "contract", ownerId: stranger }).allowed).toBe(
        true,
      );
    });

    it("lets a supervisor approve a report's contract", () => {
      const reportsContract = resourceUnder(
        "contract",
        { ownerId: myReport, team: [] },
        { ownerId: myReport },
      );
      expect(can(as("supervisor"), "contract.approve", reportsContract, reports).allowed).toBe(true);
    });

    it("stops anyone but an admin setting their own quota", () => {
      const myQuota: PermissionResource = { kind: "quota", ownerId: me };
      expect(can(as("director"), "quota.write", myQuota).allowed).toBe(false);
      expect(
        can(as("supervisor"), "quota.write", { kind: "quota", ownerId: myReport }, reports).allowed,
      ).toBe(true);
      expect(can(as("admin"), "quota.write", myQuota).allowed).toBe(true);
    });
  });

  describe("creating", () => {
    it("lets an executive create an account they will own, not one for somebody else", () => {
      expect(can(as("account_executive"), "account.create", { kind: "account", ownerId: me }).allowed).toBe(
        true,
      );
      expect(
        can(as("account_executive"), "account.create", { kind: "account", ownerId: stranger }).allowed,
      ).toBe(false);
    });

    it("lets an executive open a deal on an account they work on, judged on the account", () => {
      const mine = resourceUnder("opportunity", { ownerId: stranger, team: team([me, "account_executive"]) });
      const theirs = resourceUnder("opportunity", { ownerId: stranger, team: [] });
      expect(can(as("account_executive"), "opportunity.create", mine).allowed).toBe(true);
      const p = can(as("account_executive"), "opportunity.create", theirs);
      expect(!p.allowed && p.refusal.message).toContain("you neither own the account nor are on its team");
    });

    it("lets a supervisor create accounts for their reports", () => {
      expect(
        can(as("supervisor"), "account.create", { kind: "account", ownerId: myReport }, reports).allowed,
      ).toBe(true);
    });
  });

  describe("records outside any account", () => {
    it("lets an assistant work an internal task assigned to them", () => {
      expect(can(as("assistant"), "task.write", resourceUnder("task", null, { assigneeId: me }))).toEqual({
        allowed: true,
        because: "this task is assigned to you",
      });
    });

    it("refuses an assistant someone else's internal task", () => {
      const p = can(as("assistant"), "task.write", resourceUnder("task", null, { assigneeId: stranger }));
      expect(!p.allowed && p.refusal.message).toContain("the task belongs to another member");
    });

    it("refuses a workspace-wide report to a role that reads only its accounts", () => {
      const p = can(as("project_manager"), "report.read", { kind: "report" });
      expect(!p.allowed && p.refusal.message).toContain("this report is tied to no account you own");
    });

    it("names the other member's record and account when refusing", () => {
      const p = can(
        as("project_manager"),
        "escalation.transition",
        resourceUnder("escalation", { ownerId: stranger, team: [] }, { ownerId: stranger }),
      );
      expect(!p.allowed && p.refusal.message).toContain(
        "the escalation belongs to another member and you neither own its account nor are on its team",
      );
    });

    it("says who holds what when the executive owns the account of someone else's record", () => {
      const deal = resourceUnder("opportunity", { ownerId: me, team: [] }, { ownerId: stranger });
      expect(can(as("account_executive"), "opportunity.move", deal)).toEqual({
        allowed: true,
        because: "you own its account",
      });
    });
  });

  it("treats a question about an action on the wrong kind of record as a bug", () => {
    expect(() => can(as("admin"), "contract.approve", { kind: "task" })).toThrow(InvariantViolation);
    expect(() => can(as("viewer"), "finance.read", { kind: "task" })).toThrow(
      /finance.read does not apply to a task/,
    );
  });
});

describe("allowedActions", () => {
  it("offers a viewer only to read an account, not its money", () => {
    expect(allowedActions(as("viewer"), { kind: "account", ownerId: stranger })).toEqual(["account.read"]);
  });

  it("offers an executive everything they may do on their own account", () => {
    expect(allowedActions(as("account_executive"), { kind: "account", ownerId: me })).toEqual([
      "account.read",
      "account.create",
      "account.update",
      "account.manage_team",
      "account.transition",
      "finance.read",
    ]);
  });

  it("offers an admin every action on every kind", () => {
    for (const kind of RESOURCE_KINDS)
      expect(allowedActions(actor("admin"), { kind })).toEqual(actionsOn(kind));
  });

  it("offers exactly what can allows", () => {
    for (const role of ROLES)
      for (const kind of RESOURCE_KINDS)
        for (const s of SITUATIONS) {
          const r = situation(s, kind, role);
          expect(allowedActions(as(role), r, reports)).toEqual(
            actionsOn(kind).filter((a) => can(as(role), a, r, reports).allowed),
          );
        }
  });
});

describe("resourceUnder", () => {
  it("describes a record under an account by the account's owner and team and its own holders", () => {
    expect(
      resourceUnder("task", { ownerId: stranger, team: team([me, "assistant"]) }, { assigneeId: myReport }),
    ).toEqual({
      kind: "task",
      accountOwnerId: stranger,
      accountTeam: [{ memberId: me, role: "assistant" }],
      assigneeId: myReport,
    });
  });
});

describe("reportsOf", () => {
  const m = (id: string, reportsTo: string | null) => ({
    id: asId.member(id),
    reportsTo: reportsTo === null ? null : asId.member(reportsTo),
  });
  const line = [
    m("dir", null),
    m("sup", "dir"),
    m("ae1", "sup"),
    m("ae2", "sup"),
    m("ast", "ae1"),
    m("peer", "dir"),
  ];

  it("finds direct and indirect reports", () => {
    expect([...reportsOf(line, asId.member("sup"))].sort()).toEqual(["ae1", "ae2", "ast"]);
  });

  it("leaves out managers and peers", () => {
    expect([...reportsOf(line, asId.member("ae1"))]).toEqual(["ast"]);
  });

  it("finds nobody under a member who manages no one, or one it does not know", () => {
    expect(reportsOf(line, asId.member("ast")).size).toBe(0);
    expect(reportsOf(line, asId.member("ghost")).size).toBe(0);
  });

  it("stops on a cycle and never counts the member among their own reports", () => {
    const cycle = [m("a", "b"), m("b", "c"), m("c", "a"), m("d", "c")];
    expect([...reportsOf(cycle, asId.member("a"))].sort()).toEqual(["b", "c", "d"]);
    expect(reportsOf([m("self", "self")], asId.member("self")).size).toBe(0);
  });

  it("on any data, even cyclic, returns exactly those whose chain of managers reaches the member", () => {
    const data = fc
      .integer({ min: 1, max: 12 })
      .chain((n) =>
        fc.tuple(
          fc.array(fc.option(fc.nat({ max: n - 1 }), { nil: null }), { minLength: n, maxLength: n }),
          fc.nat({ max: n - 1 }),
        ),
      );
    fc.assert(
      fc.property(data, ([managers, root]) => {
        const members = managers.map((mgr, i) => m(`m${i}`, mgr === null ? null : `m${mgr}`));
        const rootId = asId.member(`m${root}`);
        const found = reportsOf(members, rootId);
        // Walking up at most n steps from each member is the oracle: a longer chain must repeat itself.
        const expected = members
          .filter((x) => {
            let up = x.reportsTo;
            for (let step = 0; step < members.length && up !== null; step++) {
              if (up === rootId) return x.id !== rootId;
              up = members.find((y) => y.id === up)?.reportsTo ?? null;
            }
            return false;
          })
          .map((x) => x.id);
        expect(found.has(rootId)).toBe(false);
        expect([...found].sort()).toEqual(expected.sort());
      }),
    );
  });
});
