import * as domain from "@accountable/domain";
import { type AnyMachine, guardsInWords, type Transition, toMermaid } from "@accountable/domain";
import type { Ctx } from "../context.ts";
import { invalid } from "../failure.ts";
import { table } from "../output.ts";

export interface MachineFlags {
  readonly mermaid?: boolean;
  readonly guards?: boolean;
  readonly loops?: boolean;
}

const isMachine = (v: unknown): v is AnyMachine =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as AnyMachine).name === "string" &&
  typeof (v as AnyMachine).decide === "function" &&
  typeof (v as AnyMachine).evolve === "function" &&
  typeof (v as AnyMachine).table === "object";

/** Every machine the domain exports, found among its exports rather than listed again here. */
export function domainMachines(): AnyMachine[] {
  return Object.values(domain)
    .filter(isMachine)
    .sort((a, b) => a.name.localeCompare(b.name));
}

const ALIASES: Readonly<Record<string, string>> = { opp: "opportunity", cost: "cost_entry" };

function findMachine(name: string): AnyMachine {
  const wanted = name.toLowerCase().replace(/-/g, "_");
  const machines = domainMachines();
  const found = machines.find((m) => m.name === (ALIASES[wanted] ?? wanted));
  if (!found)
    throw invalid(
      `There is no machine "${name}". Machines: ${machines.map((m) => m.name).join(", ")}.`,
      "name",
    );
  return found;
}

const transitions = (m: AnyMachine) => Object.values(m.table) as Transition<string, string>[];

/** A machine as `--json` prints it: its statuses and its transition table, row by row. */
export const machineShape = (m: AnyMachine) => ({
  name: m.name,
  statuses: m.statuses,
  terminal: m.terminal,
  transitions: transitions(m),
});

export async function machine(ctx: Ctx, name: string | undefined, flags: MachineFlags): Promise<void> {
  const { out } = ctx;
  const s = out.style;
  if (name === undefined) {
    const machines = domainMachines();
    out.result(machines.map(machineShape), () =>
      [
        table(
          ["machine", "statuses", "commands"],
          machines.map((m) => [m.name, m.statuses.join(", "), String(transitions(m).length)]),
          s,
        ),
        "",
        s.dim("accountable machine <name> [--mermaid] prints one."),
      ].join("\n"),
    );
    return;
  }
  const m = findMachine(name);
  const guards = flags.guards !== false;
  if (flags.mermaid) {
    const mermaid = toMermaid(m, { guards, loops: flags.loops !== false });
    out.result({ name: m.name, mermaid }, () => mermaid);
    return;
  }
  out.result(machineShape(m), () => {
    const header = ["command", "label", "from", "to", ...(guards ? ["guards"] : [])];
    const rows = transitions(m).map((t) => [
      t.command,
      `${t.label}${t.automatic ? " (automatic)" : ""}`,
      t.from.join(", "),
      t.to.join(", "),
      // The table is read by a person: the guards' words; the diagram and --json keep their names.
      ...(guards ? [guardsInWords(m, t.command).join("; ")] : []),
    ]);
    const terminal = m.terminal.length ? m.terminal.join(", ") : "none";
    return [
      `${s.bold(m.name)}  ${s.dim(`statuses: ${m.statuses.join(" · ")}   terminal: ${terminal}`)}`,
      "",
      table(header, rows, s),
    ].join("\n");
  });
}
