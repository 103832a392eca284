// The CLI's read commands, from its own command tree, and what their JSON holds of money: shared by the tests
// of who sees money through the CLI, locally and over --api.

import { GUARDED_FIGURES, isMasked, moneyRuleOf } from "@accountable/domain";
import { type AggregateType, REGISTRY } from "@accountable/service";
import type { Command } from "commander";
import { AGGREGATE_LISTS, AGGREGATE_NAMES } from "../src/aggregates.ts";
import { buildProgram } from "../src/program.ts";

const program = buildProgram();

/** The leaves of the command tree, by path ("report pnl", "opportunity show"). */
export function leaves(cmd: Command, path: string[] = []): [string, Command][] {
  if (cmd.commands.length === 0) return [[path.join(" "), cmd]];
  return cmd.commands.flatMap((c) => leaves(c, [...path, c.name()]));
}
export const LEAVES = leaves(program);

/** Commands that print no record data (setup, writes and their echo, the tool's own help). */
// (`calendar` makes, shows or stops the member's own feed: its URL and dates, no record of the workspace.)
// (`batch` runs other commands, one a line: each of them is classified, and run for every role, on its own.)
export const NOT_READS = new Set([
  "init",
  "demo",
  "serve",
  "machine",
  "import",
  "sweep",
  "completion",
  "calendar",
  "batch",
]);
// (`inbox read|unread` mark items; `inbox` itself, which lists them, is a read: see INBOX.)
// (`target add-matching` adds accounts to a list, its --dry-run previews their names: a write.)
export const NOT_READ_VERBS = new Set([
  "do",
  "commands",
  "create",
  "update",
  "move",
  "read",
  "unread",
  "add-matching",
  // (`target import` adds the accounts a file names to a list: a write.)
  "import",
]);
/** Reads of one record's figures beside list/show/history: an account's whitespace, a target list's funnel. */
const RECORD_READS = new Set(["plan whitespace", "target funnel"]);
export const isRead = (path: string) => {
  const [first, verb] = path.split(" ");
  if (first === "report" || first === "export" || first === "search") return true;
  // `history <id>`: any record's history, found by its id or name (the kind's own `history` beside it).
  if (first === "history" && verb === undefined) return true;
  if (RECORD_READS.has(`${first} ${verb}`)) return true;
  return (
    (AGGREGATE_NAMES as readonly string[]).includes(first!) && ["list", "show", "history"].includes(verb!)
  );
};

/** The reports, as the CLI declares them. */
export const REPORTS = LEAVES.filter(([p]) => p.startsWith("report ")).map(([, c]) => c);
/** The lists `export` writes, as the CLI declares them. */
export const EXPORTS = Object.values(AGGREGATE_LISTS).filter((l): l is NonNullable<typeof l> => l !== null);
/** The aggregates with a `list`, a `show` and a `history` command. */
export const withVerb = (verb: string) =>
  AGGREGATE_NAMES.filter((a) => LEAVES.some(([p]) => p === `${a} ${verb}`));

const quarterOf = (d: Date) => `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
const now = new Date();
export const lastQuarter = quarterOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 15)));

/** What a report's required arguments and period option are given (an unknown one fails the test by name). */
export function reportArgs(cmd: Command, account: string): string[] {
  const args = ["report", cmd.name()];
  for (const a of cmd.registeredArguments) {
    if (!a.required) continue;
    if (a.name() !== "account") throw new Error(`report ${cmd.name()}: say what <${a.name()}> to give here`);
    args.push(account);
  }
  if (cmd.options.some((o) => o.long === "--period")) args.push("--period", lastQuarter);
  for (const o of cmd.options)
    if (o.mandatory && o.long !== "--period")
      throw new Error(`report ${cmd.name()}: say what ${o.long} to give here`);
  return args;
}

export const isMoney = (v: unknown): v is { amount: number; currency: string } =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as { amount?: unknown }).amount === "number" &&
  typeof (v as { currency?: unknown }).currency === "string";

/** Figures that are money without being Money (the domain's GUARDED_FIGURES): shown as numbers, or masked. */
const GUARDED_NUMBERS = new Set(Object.keys(GUARDED_FIGURES));

/** Keys that name the one record a line is about, when it has no `id` of its own. */
const RECORD_KEYS = ["opportunityId", "contractId", "accountId", "briefId", "quotaId"] as const;

/** Each money value of an output, with the record it belongs to (undefined for a total over records). */
export interface Found {
  readonly path: string;
  readonly shown: boolean;
  readonly recordId: string | undefined;
}

/**
 * Every money value in a JSON value, each with the record it belongs to: `of` for one record's output (`show`,
 * `history`: every payload is judged on the record, as the reader judges it), else found in the value (see
 * RECORD_KEYS).
 */
export function moneyIn(value: unknown, known: ReadonlyMap<string, AggregateType>, of?: string): Found[] {
  const out: Found[] = [];
  const recordOf = (o: Record<string, unknown>, inherited: string | undefined): string | undefined => {
    if (of !== undefined) return of;
    if (typeof o.id === "string" && known.has(o.id)) return o.id;
    for (const k of RECORD_KEYS)
      if (typeof o[k] === "string" && known.has(o[k] as string)) return o[k] as string;
    // A line about one record ({ contract, renewal }, { account, health }, { brief, approved }) is that record's.
    const children = Object.values(o).filter(
      (v): v is { id: string } =>
        typeof v === "object" &&
        v !== null &&
        typeof (v as { id?: unknown }).id === "string" &&
        known.has((v as { id: string }).id),
    );
    return children.length === 1 ? children[0]!.id : inherited;
  };
  const walk = (v: unknown, path: string, record: string | undefined) => {
    if (isMasked(v)) out.push({ path, shown: false, recordId: record });
    else if (isMoney(v)) out.push({ path, shown: true, recordId: record });
    else if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, `${path}[${i}]`, record);
    } else if (typeof v === "object" && v !== null) {
      const o = v as Record<string, unknown>;
      const here = recordOf(o, record);
      for (const [k, x] of Object.entries(o)) {
        if (GUARDED_NUMBERS.has(k) && typeof x === "number")
          out.push({ path: `${path}.${k}`, shown: true, recordId: here });
        else walk(x, `${path}.${k}`, here);
      }
    }
  };
  walk(value, "$", of);
  return out;
}

/** Ids of the records a JSON value lists (items of a page or an export, a shown record). */
export function recordIdsIn(value: unknown, known: ReadonlyMap<string, AggregateType>): string[] {
  const items = Array.isArray(value)
    ? value
    : typeof value === "object" && value !== null && Array.isArray((value as { items?: unknown }).items)
      ? (value as { items: unknown[] }).items
      : [value];
  return items
    .map((i) => (typeof i === "object" && i !== null ? (i as { id?: unknown }).id : undefined))
    .filter((id): id is string => typeof id === "string" && known.has(id));
}

/** A figure as tables print it ("120,000.00 EUR") or a bare decimal amount beside a currency code. */
export const MONEY_TEXT = /\d[\d,]*\.\d{2} [A-Z]{3}\b/;

/** `inbox`: what waits on the acting member (a command with subcommands of its own, so not a leaf). */
const INBOX: ReadCommand[] = program.commands.some((c) => c.name() === "inbox")
  ? [{ name: "inbox", args: ["inbox"] }]
  : [];

/** `search`: the records a member may read, found by a word the demo's names hold (hits carry no money). */
const SEARCH: ReadCommand[] = program.commands.some((c) => c.name() === "search")
  ? [{ name: "search", args: ["search", "account"] }]
  : [];

/** One read command to run: its name in messages, its arguments, and the record it shows (show, history). */
export interface ReadCommand {
  readonly name: string;
  readonly args: string[];
  readonly target?: string;
}

/** Every read command: each report, each export, each list, and show and history of a few records. */
export function readCommands(
  records: ReadonlyMap<AggregateType, readonly { id: string }[]>,
  account: string,
): ReadCommand[] {
  const targets: string[] = [];
  for (const aggregate of withVerb("show")) {
    const rows = records.get(aggregate) ?? [];
    // Two records of the kinds that carry money (the first and the last), one of the others.
    const picks =
      moneyRuleOf(REGISTRY[aggregate].resourceKind).by === "record" ? [rows[0], rows.at(-1)] : [rows[0]];
    for (const r of new Set(picks)) if (r) targets.push(`${aggregate}\u0000${r.id}`);
  }
  return [
    ...INBOX,
    ...SEARCH,
    ...REPORTS.map((c) => ({ name: `report ${c.name()}`, args: reportArgs(c, account) })),
    ...EXPORTS.map((l) => ({ name: `export ${l}`, args: ["export", l, "--format", "json"] })),
    ...withVerb("list").map((a) => ({ name: `${a} list`, args: [a, "list", "--limit", "200"] })),
    ...(LEAVES.some(([p]) => p === "plan whitespace")
      ? [{ name: "plan whitespace", args: ["plan", "whitespace", account] }]
      : []),
    ...(records.get("target") ?? [])
      .slice(0, 1)
      .filter(() => LEAVES.some(([p]) => p === "target funnel"))
      .map((t) => ({ name: `target funnel ${t.id}`, args: ["target", "funnel", t.id] })),
    ...targets.flatMap((t) => {
      const [aggregate, id] = t.split("\u0000") as [string, string];
      return ["show", "history"]
        .filter((verb) => withVerb(verb).includes(aggregate as AggregateType))
        .map((verb) => ({ name: `${aggregate} ${verb} ${id}`, args: [aggregate, verb, id], target: id }));
    }),
    // The top-level `history <id>` of one record of each kind whose money is judged record by record: it must mask
    // what the kind's own `history` masks.
    ...(LEAVES.some(([p]) => p === "history")
      ? withVerb("history")
          .filter((a) => moneyRuleOf(REGISTRY[a].resourceKind).by === "record")
          .flatMap((a) => (records.get(a) ?? []).slice(0, 1))
          .map((r) => ({ name: `history ${r.id}`, args: ["history", r.id], target: r.id }))
      : []),
  ];
}
