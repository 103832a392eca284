// Helpers for the tests of the account, escalation, brief and invoice machines. Not exported from the package.
import fc from "fast-check";
import { addHours, type Timestamp } from "../src/kernel/calendar-date.ts";
import {
  type AnyMachine,
  type CommandOf,
  type ContextOf,
  type EventOf,
  replay,
  run,
  type StateOf,
} from "../src/kernel/machine.ts";
import { T0 } from "./fixtures.ts";

/** Runs the commands in order from the initial state; fails the test on the first refusal. */
export function stateAfter<M extends AnyMachine>(
  machine: M,
  context: ContextOf<M>,
  ...commands: readonly CommandOf<M>[]
): StateOf<M> {
  let state: StateOf<M> = machine.initial;
  for (const c of commands) {
    const r = run(machine, state, c, context);
    if (!r.ok) throw new Error(`${c.type} refused: ${r.error._tag}: ${r.error.message}`);
    state = r.value.state;
  }
  return state;
}

/** Narrows a state to an existing entity; fails the test on `none`. */
export function present<S extends { readonly status: string }>(state: S): Exclude<S, { status: "none" }> {
  if (state.status === "none") throw new Error("expected an existing entity");
  return state as Exclude<S, { status: "none" }>;
}

/** Runs each step, skipping refused commands: the state the decisions reached and the events they accepted. */
export function runSteps<M extends AnyMachine>(
  machine: M,
  steps: readonly (readonly [CommandOf<M>, ContextOf<M>])[],
): { readonly state: StateOf<M>; readonly events: EventOf<M>[] } {
  let state: StateOf<M> = machine.initial;
  const events: EventOf<M>[] = [];
  for (const [command, context] of steps) {
    const r = run(machine, state, command, context);
    if (r.ok) {
      state = r.value.state;
      events.push(...r.value.events);
    }
  }
  return { state, events };
}

/** Replaying the accepted events gives the state reached step by step. */
export function replaysToSameState<M extends AnyMachine>(
  machine: M,
  steps: readonly (readonly [CommandOf<M>, ContextOf<M>])[],
): { readonly stepwise: StateOf<M>; readonly replayed: StateOf<M> } {
  const { state, events } = runSteps(machine, steps);
  return { stepwise: state, replayed: replay(machine, events) };
}

/** Moments that only move forward from T0, a few minutes to a few days apart. */
export function arbitraryMoments(count: number): fc.Arbitrary<Timestamp[]> {
  return fc.array(fc.integer({ min: 0, max: 72 }), { minLength: count, maxLength: count }).map((gaps) => {
    let t = T0;
    return gaps.map((hours) => {
      t = addHours(t, hours);
      return t;
    });
  });
}

/** Commands paired with forward-moving moments, ready for `runSteps`. */
export function arbitrarySteps<C, X>(
  command: fc.Arbitrary<C>,
  contextAt: (now: Timestamp) => fc.Arbitrary<X>,
  maxLength = 30,
): fc.Arbitrary<(readonly [C, X])[]> {
  return fc
    .array(command, { maxLength })
    .chain((commands) =>
      arbitraryMoments(commands.length).chain((moments) =>
        fc
          .tuple(...moments.map((m) => contextAt(m)))
          .map((contexts) => commands.map((c, i) => [c, contexts[i] as X] as const)),
      ),
    );
}
