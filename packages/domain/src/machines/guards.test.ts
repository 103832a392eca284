import { describe, expect, it } from "vitest";
import { COMMAND_PATHS, invitationPath } from "../commands/command-paths.ts";
import { type AnyMachine, guardsInWords, type Transition, toMermaid } from "../kernel/machine.ts";

// Every machine's table names its guards; each named guard is a predicate the machine has (and `decide` runs,
// see each machine's own tests for the refusal naming it), with words a person reads on a form.

const machines: AnyMachine[] = [
  ...Object.values(COMMAND_PATHS).map((p) => p.machine),
  invitationPath.machine,
];
const rowsOf = (m: AnyMachine) => Object.values(m.table) as Transition<string, string>[];

/** Whether a text reads as words: no refusal tag ("Tag: …"), no camelCase or snake_case name, no code. */
const readsAsWords = (text: string): boolean =>
  !/^[A-Z][A-Za-z]+:/.test(text) && !/\b[a-z]+[A-Z][A-Za-z]*\b/.test(text) && !/\w_\w/.test(text);

describe("the guards of every machine", () => {
  it("are named predicates in every machine, the opportunity's too", () => {
    expect(machines.filter((m) => m.guards === undefined).map((m) => m.name)).toEqual([]);
    expect(machines.map((m) => m.name)).toContain("opportunity");
  });

  describe.each(machines.map((m) => [m.name, m] as const))("%s", (_name, machine) => {
    const guards = machine.guards;

    it("names in each row only guards the machine has", () => {
      for (const row of rowsOf(machine))
        for (const g of row.guards) expect(Object.keys(guards), `${row.command} names ${g}`).toContain(g);
    });

    it("uses every guard it has in some row", () => {
      const used = new Set(rowsOf(machine).flatMap((r) => r.guards));
      expect(Object.keys(guards).filter((g) => !used.has(g))).toEqual([]);
    });

    it("words each guard for a person (no predicate name, no tag)", () => {
      for (const [name, guard] of Object.entries(guards)) {
        expect(guard.words, name).not.toBe("");
        expect(readsAsWords(guard.words), `${name}: ${guard.words}`).toBe(true);
      }
    });

    it("gives a row's guards in words, in the row's order, and draws them by name", () => {
      const row = rowsOf(machine).find((r) => r.guards.length > 0);
      if (!row) return;
      expect(guardsInWords(machine, row.command)).toEqual(
        row.guards.map((g) => (guards as Record<string, { words: string }>)[g]?.words),
      );
      expect(toMermaid(machine)).toContain(`[${row.guards.join(" · ")}]`);
    });
  });
});
