// Type tests: a machine that forgets a command or an event must not compile.
import { expectTypeOf, test } from "vitest";
import type { TransitionTable } from "./machine.ts";
import { assertNever } from "./result.ts";

type Status = "none" | "open" | "done";
type Command = { type: "Open" } | { type: "Finish" };
type Event = { type: "Opened" } | { type: "Finished" };

test("a transition table must have one row per command", () => {
  const complete = {
    Open: { command: "Open", label: "open", from: ["none"], to: ["open"], guards: [] },
    Finish: { command: "Finish", label: "finish", from: ["open"], to: ["done"], guards: [] },
  } as const satisfies TransitionTable<Status, Command["type"]>;
  expectTypeOf(complete.Finish.to).toEqualTypeOf<readonly ["done"]>();

  // @ts-expect-error — the Finish row is missing
  const missing: TransitionTable<Status, Command["type"]> = {
    Open: { command: "Open", label: "open", from: ["none"], to: ["open"], guards: [] },
  };
  void missing;

  const wrongState: TransitionTable<Status, Command["type"]> = {
    // @ts-expect-error — "closed" is not a state of this machine
    Open: { command: "Open", label: "open", from: ["closed"], to: ["open"], guards: [] },
    Finish: { command: "Finish", label: "finish", from: ["open"], to: ["done"], guards: [] },
  };
  void wrongState;
});

test("an evolve switch must handle every event", () => {
  function complete(e: Event): Status {
    switch (e.type) {
      case "Opened":
        return "open";
      case "Finished":
        return "done";
      default:
        return assertNever(e);
    }
  }
  function missing(e: Event): Status {
    switch (e.type) {
      case "Opened":
        return "open";
      default:
        // @ts-expect-error — "Finished" is not handled, so `e` is not `never`
        return assertNever(e);
    }
  }
  expectTypeOf(complete).returns.toEqualTypeOf<Status>();
  expectTypeOf(missing).returns.toEqualTypeOf<Status>();
});
