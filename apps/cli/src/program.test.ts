import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "./program.ts";

function every(cmd: Command, path: string[] = []): [string, Command][] {
  return [[path.join(" "), cmd], ...cmd.commands.flatMap((c) => every(c, [...path, c.name()]))];
}

function helpOf(cmd: Command): string {
  let text = "";
  cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  cmd.outputHelp();
  return text;
}

describe("the command tree", () => {
  const program = buildProgram();

  it("gives every command that runs something examples in its --help", () => {
    const runnable = every(program).filter(([, c]) => c.commands.length === 0 || c === program);
    expect(runnable.length).toBeGreaterThan(40);
    const without = runnable.filter(([, c]) => !helpOf(c).includes("Examples:")).map(([p]) => p);
    expect(without).toEqual([]);
  });

  it("offers --dry-run on every command that changes something", () => {
    const changing = every(program).filter(([p]) => /(^| )(init|demo|import|do|create|move)$/.test(p));
    expect(changing.length).toBeGreaterThan(15);
    const without = changing
      .filter(([, c]) => !c.options.some((o) => o.long === "--dry-run"))
      .map(([p]) => p);
    expect(without).toEqual([]);
  });
});
