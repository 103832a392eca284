// Scripted steps for the machines' tests. Not exported from the package.
import { addHours, type Timestamp } from "../src/kernel/calendar-date.ts";
import { T0 } from "./fixtures.ts";

/** Commands decided the given number of hours after T0, each in the context `contextAt` gives for its moment. */
export function atHours<C, X>(
  contextAt: (now: Timestamp) => X,
  steps: readonly (readonly [hours: number, command: C])[],
): (readonly [C, X])[] {
  return steps.map(([hours, command]) => [command, contextAt(addHours(T0, hours))] as const);
}

/** Commands decided an hour apart from T0, each in the context `contextAt` gives for its moment. */
export function hourByHour<C, X>(
  contextAt: (now: Timestamp) => X,
  commands: readonly C[],
): (readonly [C, X])[] {
  return atHours(
    contextAt,
    commands.map((command, hours) => [hours, command] as const),
  );
}
