// Helpers for the tests of the contact, activity, cost entry, quota, member and workspace machines.
// Not exported from the package.
import fc from "fast-check";
import { expect } from "vitest";
import type { z } from "zod";
import type { Timestamp } from "../src/kernel/calendar-date.ts";
import { type AnyMachine, type CommandOf, type ContextOf, replay } from "../src/kernel/machine.ts";
import { ctx } from "./fixtures.ts";
import { arbitrarySteps, runSteps } from "./small-machines.fixtures.ts";

/**
 * The two properties every machine here must have, for any sequence of commands at forward-moving moments:
 * replaying the accepted events gives the state the decisions reached, every accepted event survives a trip
 * through JSON and its schema unchanged, and the state reached is a valid entity.
 */
export function assertReplaysAndRoundTrips<M extends AnyMachine>(
  machine: M,
  eventSchema: z.ZodType,
  stateSchema: z.ZodType,
  command: fc.Arbitrary<CommandOf<M>>,
  contextAt: (now: Timestamp) => fc.Arbitrary<ContextOf<M>> = (now) =>
    fc.constant(ctx({ now }) as ContextOf<M>),
): void {
  fc.assert(
    fc.property(arbitrarySteps(command, contextAt), (steps) => {
      const { state, events } = runSteps(machine, steps);
      expect(replay(machine, events)).toStrictEqual(state);
      for (const e of events) expect(eventSchema.parse(JSON.parse(JSON.stringify(e)))).toStrictEqual(e);
      if (state.status !== "none")
        expect(stateSchema.parse(JSON.parse(JSON.stringify(state)))).toStrictEqual(state);
    }),
  );
}
