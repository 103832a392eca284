import { describe, expect, it } from "vitest";
import { createAccount } from "../../testing/account.fixtures.ts";
import { contractAfter, createContract, signingSteps } from "../../testing/contract.fixtures.ts";
import { actor, ctx, T0 } from "../../testing/fixtures.ts";
import { createTask } from "../../testing/task.fixtures.ts";
import type { Account } from "../entities/account.ts";
import { defaultWorkspaceSettings } from "../entities/settings.ts";
import { date } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import { refuse } from "../kernel/refusal.ts";
import { accountMachine } from "../machines/account.machine.ts";
import { AGGREGATE_TYPES } from "../policies/command-actions.ts";
import { COMMAND_PATHS, contractPath, invitationPath, opportunityPath, taskPath } from "./command-paths.ts";
import {
  type AnyCommandPath,
  decideCommand,
  emptyFacts,
  type Facts,
  factsWanted,
  SYSTEM_ACTOR,
} from "./decide-command.ts";

const settings = defaultWorkspaceSettings("EUR");
const facts = (overrides: Partial<Facts> = {}): Facts => ({ ...emptyFacts(settings), ...overrides });
const ae = asId.member("m-account_executive");
const sup = asId.member("m-supervisor");

/** Acme (a1), a prospect owned by the account executive. */
function acme(): Account {
  const r = accountMachine.decide(
    accountMachine.initial,
    createAccount({ accountId: asId.account("a1"), ownerId: ae, team: [] }),
    { ...ctx(), hasBindingContract: false, sameName: null },
  );
  if (!r.ok) throw new Error(r.error.message);
  const state = r.value.reduce(accountMachine.evolve, accountMachine.initial);
  if (state.status === "none") throw new Error("no account");
  return state;
}

describe("decideCommand", () => {
  it("refuses a member the permissions do not allow before the machine is asked", () => {
    const r = decideCommand(
      taskPath,
      taskPath.machine.initial,
      createTask(),
      ctx({ actor: actor("viewer") }),
      facts(),
    );
    expect(r.ok ? null : r.error._tag).toBe("NotPermitted");
  });

  it("lets a supervisor act for those who report to them, as the facts' members say", () => {
    const asSupervisor = { now: T0, actor: actor("supervisor") };
    const under = facts({ account: acme() });
    const alone = decideCommand(
      contractPath,
      contractPath.machine.initial,
      createContract(),
      asSupervisor,
      under,
    );
    expect(alone.ok ? null : alone.error._tag).toBe("NotPermitted");
    const team = { ...under, members: [{ id: ae, active: true, reportsTo: sup }] };
    const led = decideCommand(
      contractPath,
      contractPath.machine.initial,
      createContract(),
      asSupervisor,
      team,
    );
    expect(led.ok).toBe(true);
  });

  it("refuses a missing reference only after the permission, so an outsider learns nothing of which ids exist", () => {
    const missing = refuse.invalidInput("accountId", "There is no account a1 in this workspace.");
    const outsider = decideCommand(
      taskPath,
      taskPath.machine.initial,
      createTask(),
      ctx({ actor: actor("viewer") }),
      facts({ missingReference: missing }),
    );
    expect(outsider.ok ? null : outsider.error._tag).toBe("NotPermitted");
    const member = decideCommand(
      taskPath,
      taskPath.machine.initial,
      createTask(),
      ctx({ actor: actor("admin") }),
      facts({ missingReference: missing }),
    );
    expect(member.ok ? null : member.error).toEqual(missing);
  });

  it("does not ask the system actor's policies for a permission", () => {
    const r = decideCommand(
      taskPath,
      taskPath.machine.initial,
      createTask(),
      ctx({ actor: SYSTEM_ACTOR }),
      facts(),
    );
    expect(r.ok && r.value.state.status).toBe("open");
  });

  it("returns the events, the state after them and the follow-ups they call for", () => {
    const approved = contractAfter(signingSteps().slice(0, 3));
    const sign = { type: "Sign", signedOn: date("2026-11-20") } as const;
    const r = decideCommand(
      contractPath,
      approved,
      sign,
      ctx({ actor: actor("admin") }),
      facts({ account: acme() }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.events.map((e) => e.type)).toContain("ContractSigned");
    expect(r.value.state.status).toBe("signed");
    expect(r.value.followUps).toContainEqual(
      expect.objectContaining({ target: "account", id: "a1", command: { type: "StartOnboarding" } }),
    );
  });
});

describe("factsWanted", () => {
  it("asks for the members when a supervisor acts, and for the account a record is under", () => {
    const wanted = factsWanted(taskPath, taskPath.machine.initial, createTask(), actor("supervisor"));
    expect(wanted).toMatchObject({ members: true, account: "a1", contract: null, sameName: null });
    expect(factsWanted(taskPath, taskPath.machine.initial, createTask(), actor()).members).toBe(false);
  });

  it("leaves out the account for the system actor unless the events' follow-ups read it", () => {
    expect(factsWanted(taskPath, taskPath.machine.initial, createTask(), SYSTEM_ACTOR).account).toBeNull();
    expect(
      factsWanted(contractPath, contractPath.machine.initial, createContract(), SYSTEM_ACTOR).account,
    ).toBe("a1");
  });

  it("asks for the account's contacts and contracts for a deal, and the workspace's members for an imported one", () => {
    const command = { type: "ImportOpportunity", accountId: asId.account("a1") } as const;
    const wanted = factsWanted(opportunityPath, opportunityPath.machine.initial, command as never, actor());
    expect(wanted).toMatchObject({ account: "a1", contactsOf: "a1", contractsOf: "a1", members: true });
  });

  it("asks for an invitation's addressee and the accepting user", () => {
    const accept = { type: "AcceptInvitation", userId: "u1" } as const;
    expect(
      factsWanted(invitationPath, invitationPath.machine.initial, accept as never, actor()),
    ).toMatchObject({
      addressee: null,
      userLinked: "u1",
    });
  });
});

describe("the command paths", () => {
  it("has one for every aggregate the service runs", () => {
    expect(Object.keys(COMMAND_PATHS).sort()).toEqual([...AGGREGATE_TYPES].sort());
  });

  it("judges every new record under the account the facts hold, from the facts alone", () => {
    const account = acme();
    const paths: readonly AnyCommandPath[] = [...Object.values(COMMAND_PATHS), invitationPath];
    for (const path of paths) {
      const none = path.machine.initial;
      const placeholder = { type: "" };
      const known = facts({ account });
      expect(path.resource(none, placeholder, known).kind).toBeTypeOf("string");
      expect(path.context(ctx(), none, placeholder, known)).toMatchObject({ now: T0 });
    }
  });
});
