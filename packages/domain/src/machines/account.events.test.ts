import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ACCOUNT_JOURNEYS,
  accountCtx,
  arbitraryAccountSteps,
  createAccount,
} from "../../testing/account.fixtures.ts";
import { eventOfType, eventTypesOf, issuesOf, throughJson, without } from "../../testing/events.fixtures.ts";
import { accepted } from "../../testing/fixtures.ts";
import { runSteps } from "../../testing/small-machines.fixtures.ts";
import { AccountEventSchema, accountMachine } from "./account.machine.ts";

const created = eventOfType(
  accepted(accountMachine.decide(accountMachine.initial, createAccount(), accountCtx())),
  "AccountCreated",
);

describe("AccountEventSchema", () => {
  it("reads back every event decide accepts, after a trip through JSON, exactly as it was", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbitraryAccountSteps, (steps) => {
        for (const event of runSteps(accountMachine, steps).events) {
          seen.add(event.type);
          expect(AccountEventSchema.parse(throughJson(event))).toStrictEqual(event);
        }
      }),
      { examples: ACCOUNT_JOURNEYS.map((journey) => [journey]) },
    );
    // Guards against a vacuous pass: the generated commands lead to every kind of event.
    expect([...seen].sort()).toEqual(eventTypesOf(AccountEventSchema));
  });

  it("keeps an edit's absent fields absent and its cleared ones null", () => {
    const account = accountMachine.evolve(accountMachine.initial, created);
    const [updated] = accepted(
      accountMachine.decide(account, { type: "UpdateAccount", industry: null }, accountCtx()),
    );
    expect(AccountEventSchema.parse(throughJson(updated))).toStrictEqual({
      type: "AccountUpdated",
      at: created.at,
      changes: { industry: null },
    });
  });

  it("refuses an unknown type tag, listing the known ones", () => {
    expect(issuesOf(AccountEventSchema, { ...created, type: "AccountExploded" })).toEqual([
      { path: ["type"], message: expect.stringContaining("Expected 'AccountCreated' | 'AccountUpdated' |") },
    ]);
  });

  it("refuses an event missing a field, naming the field", () => {
    expect(issuesOf(AccountEventSchema, without(created, "ownerId"))).toEqual([
      { path: ["ownerId"], message: "Invalid input: expected string, received undefined" },
    ]);
  });

  it("refuses a moment that is not an ISO timestamp in UTC", () => {
    expect(issuesOf(AccountEventSchema, { ...created, at: "2026-11-26T09:00:00+01:00" })).toEqual([
      { path: ["at"], message: "Invalid ISO datetime" },
    ]);
  });

  it("refuses a team member in a role the workspace does not know, naming where", () => {
    const team = [{ memberId: "as1", role: "intern" }];
    expect(issuesOf(AccountEventSchema, { ...created, team })).toEqual([
      { path: ["team", 0, "role"], message: expect.stringContaining("Invalid option") },
    ]);
  });
});
