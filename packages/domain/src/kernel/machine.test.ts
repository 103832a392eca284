import { describe, expect, it } from "vitest";
import { taskMachine } from "../machines/task.machine.ts";
import { commandsFrom, describeCommand, toMermaid } from "./machine.ts";

describe("mermaid diagrams", () => {
  it("draw moves that keep the state as loops, or leave them out", () => {
    const full = toMermaid(taskMachine);
    expect(full).toContain("open --> open: reassign");
    expect(full).not.toContain("open --> in_progress: reassign");
    const compact = toMermaid(taskMachine, { loops: false, guards: false });
    expect(compact).not.toContain("reassign");
    expect(compact).toContain("open --> cancelled: cancel\n");
  });

  it("keep statement separators and quotes out of labels", () => {
    const machine = {
      ...taskMachine,
      table: {
        ...taskMachine.table,
        StartTask: { ...taskMachine.table.StartTask, guards: ['a "quoted" guard; with a semicolon'] },
      },
    };
    expect(toMermaid(machine)).toContain("open --> in_progress: start [a 'quoted' guard, with a semicolon]");
  });

  it("name commands by their labels", () => {
    expect(describeCommand(taskMachine.table, "CancelTask")).toBe("cancel");
    expect(commandsFrom(taskMachine.table, "done")).toEqual([]);
  });
});
