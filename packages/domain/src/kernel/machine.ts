import type { Refusal } from "./refusal.ts";
import { refuse } from "./refusal.ts";
import { InvariantViolation, type Result } from "./result.ts";
import { humanize } from "./text.ts";

/** What `decide` returns: the events to append, or why the command was refused. */
export type Decision<E> = Result<readonly E[], Refusal>;

/** One row of a transition table: a command, the states it may be issued from, where it leads, what it checks. */
export interface Transition<S extends string, C extends string> {
  readonly command: C;
  /** A short verb phrase for menus and diagrams: "sign", "move to a stage". */
  readonly label: string;
  readonly from: readonly S[];
  readonly to: readonly S[];
  /** The named guards (keys of the machine's `guards`) the move must also pass, in the order `decide` asks them. */
  readonly guards: readonly string[];
  /** Issued by the workspace's own policies (the sweep as time passes, a follow-up) rather than by a person. */
  readonly automatic?: boolean;
}

/** A machine's whole table: exactly one row per command type, so a missing command does not compile. */
export type TransitionTable<S extends string, C extends string> = { readonly [K in C]: Transition<S, K> };

/** A table whose rows name only the machine's own guards (`G`), so a misspelt guard does not compile. */
export type GuardedTable<S extends string, C extends string, G extends string> = {
  readonly [K in C]: Transition<S, K> & { readonly guards: readonly G[] };
};

/** A state machine: a state union, a command union, an event union, and two pure functions over them. */
export interface Machine<
  S extends { readonly status: string },
  C extends { readonly type: string },
  E extends { readonly type: string },
  Ctx,
> {
  readonly name: string;
  readonly initial: S;
  /** Every status, in the order a diagram lists them; `none` is the state before creation. */
  readonly statuses: readonly S["status"][];
  /** Statuses with no way out. */
  readonly terminal: readonly S["status"][];
  readonly table: TransitionTable<S["status"], C["type"]>;
  /** The named checks the table's rows reference, each with its words; `decide` runs a row's guards in order. */
  readonly guards: GuardSet<S, C, Ctx>;
  decide(state: S, command: C, ctx: Ctx): Decision<E>;
  evolve(state: S, event: E): S;
}

// biome-ignore lint/suspicious/noExplicitAny: a machine of any shape, for the generic helpers below
export type AnyMachine = Machine<any, any, any, any>;
export type StateOf<M> = M extends Machine<infer S, infer _C, infer _E, infer _X> ? S : never;
export type CommandOf<M> = M extends Machine<infer _S, infer C, infer _E, infer _X> ? C : never;
export type EventOf<M> = M extends Machine<infer _S, infer _C, infer E, infer _X> ? E : never;
export type ContextOf<M> = M extends Machine<infer _S, infer _C, infer _E, infer X> ? X : never;

function rows<S extends string, C extends string>(table: TransitionTable<S, C>): Transition<S, C>[] {
  return Object.values(table) as Transition<S, C>[];
}

/** Commands the table accepts from a status, before guards. */
export function commandsFrom<S extends string, C extends string>(
  table: TransitionTable<S, C>,
  status: S,
): C[] {
  return rows(table)
    .filter((t) => t.from.includes(status))
    .map((t) => t.command);
}

/**
 * The first check of every `decide`: refuses a command the table does not allow from the current status,
 * naming the commands that are allowed.
 */
export function checkTransition<S extends string, C extends string>(
  machine: string,
  table: TransitionTable<S, C>,
  status: S,
  command: C,
): Refusal | undefined {
  const row = table[command];
  if (row.from.includes(status)) return undefined;
  return refuse.transitionNotAllowed(machine, status, command, commandsFrom(table, status));
}

/**
 * A check a transition row references by name: nothing when the move may go on, else the refusal. `decide` runs
 * a row's guards in the row's order, so a refusal, a disabled button and a diagram all name the same check.
 */
export type Guard<S, C, X> = (state: S, command: C, ctx: X) => Refusal | undefined;

/** A guard and its words: what the move asks for, as a person reads it ("a reason", "a positive amount"). */
export interface NamedGuard<S, C, X> {
  readonly words: string;
  // A method, so a machine whose context widens DecisionContext still is a Machine of its context (as `decide`).
  check(state: S, command: C, ctx: X): Refusal | undefined;
}

/** A machine's named guards, keyed by name (`aReason`, `isOpen`). */
export type GuardSet<S, C, X, G extends string = string> = { readonly [K in G]: NamedGuard<S, C, X> };

/** Runs the guards the row names, in order; the first refusal wins, and names the guard that gave it. */
export function checkGuards<S, C, X, G extends string>(
  guards: GuardSet<S, C, X, G>,
  names: readonly G[],
  state: S,
  command: C,
  ctx: X,
): Refusal | undefined {
  for (const name of names) {
    const refusal = guards[name].check(state, command, ctx);
    if (refusal) return { ...refusal, guard: name };
  }
  return undefined;
}

/**
 * The checks every `decide` opens with: the table allows the command from the state's status (else the refusal
 * names the commands it does allow), then the row's guards, in order.
 */
export function checkMove<
  S extends { readonly status: string },
  C extends { readonly type: string },
  X,
  G extends string,
>(
  machine: string,
  table: GuardedTable<S["status"], C["type"], G>,
  guards: GuardSet<S, C, X, G>,
  state: S,
  command: C,
  ctx: X,
): Refusal | undefined {
  return (
    checkTransition(machine, table, state.status, command.type) ??
    checkGuards(guards, table[command.type as C["type"]].guards, state, command, ctx)
  );
}

/**
 * The guard "a reason": a command `reasonTo` names refuses a blank `reason`, saying what the reason is for
 * (`reasonTo.Void` = "void the invoice" gives "Give a reason to void the invoice."); other commands pass.
 */
export function aReasonTo<C extends { readonly type: string }>(
  reasonTo: Partial<Record<C["type"], string>>,
): NamedGuard<unknown, C & { readonly reason?: string | null | undefined }, unknown> {
  return {
    words: "a reason",
    check: (_state, command) => {
      const action = reasonTo[command.type as C["type"]];
      const reason = command.reason;
      return action !== undefined && typeof reason === "string" && reason.trim() === ""
        ? refuse.reasonRequired(action)
        : undefined;
    },
  };
}

/**
 * The guard "at least one change": the `type` command refuses when `changesOf` finds nothing in it to change,
 * with `sentence` saying what may be changed; other commands pass.
 */
export function somethingToChange<C extends { readonly type: string }, T extends C["type"]>(
  type: T,
  changesOf: (command: Extract<C, { readonly type: T }>) => object,
  sentence: string,
): NamedGuard<unknown, C, unknown> {
  const isIt = (command: C): command is Extract<C, { readonly type: T }> => command.type === type;
  return {
    words: "at least one change",
    check: (_state, command) =>
      isIt(command) && Object.keys(changesOf(command)).length === 0
        ? refuse.invalidInput("changes", sentence)
        : undefined,
  };
}

/** The words of the guards a command's row names, in the row's order ("a reason", "a positive amount"). */
export function guardsInWords(machine: AnyMachine, command: string): string[] {
  const row = (machine.table as Readonly<Record<string, Transition<string, string> | undefined>>)[command];
  const guards: Partial<GuardSet<unknown, unknown, unknown>> = machine.guards;
  return (row?.guards ?? []).map((g) => guards[g]?.words ?? g);
}

/** Replays events through `evolve`, from the machine's initial state unless another is given. */
export function replay<M extends AnyMachine>(
  machine: M,
  events: Iterable<EventOf<M>>,
  from?: StateOf<M>,
): StateOf<M> {
  let state: StateOf<M> = from ?? machine.initial;
  for (const e of events) state = machine.evolve(state, e);
  return state;
}

/** Decides, and on acceptance evolves: the state after the command, with the events that got it there. */
export function run<M extends AnyMachine>(
  machine: M,
  state: StateOf<M>,
  command: CommandOf<M>,
  ctx: ContextOf<M>,
): Result<{ readonly state: StateOf<M>; readonly events: readonly EventOf<M>[] }, Refusal> {
  const decision = machine.decide(state, command, ctx) as Decision<EventOf<M>>;
  if (!decision.ok) return decision;
  let next = state;
  for (const e of decision.value) next = machine.evolve(next, e);
  return { ok: true, value: { state: next, events: decision.value } };
}

/** A candidate command and what the machine would say to it now. */
export type MoveOption<C, E> =
  | { readonly command: C; readonly allowed: true; readonly events: readonly E[] }
  | { readonly command: C; readonly allowed: false; readonly refusal: Refusal };

/**
 * Asks the machine about each candidate command without changing anything, so a UI can list the moves
 * allowed now and say why the others are blocked. `decide` is pure, so probing it is safe.
 */
export function explainMoves<M extends AnyMachine>(
  machine: M,
  state: StateOf<M>,
  candidates: readonly CommandOf<M>[],
  ctx: ContextOf<M>,
): MoveOption<CommandOf<M>, EventOf<M>>[] {
  return candidates.map((command) => {
    const d = machine.decide(state, command, ctx) as Decision<EventOf<M>>;
    return d.ok ? { command, allowed: true, events: d.value } : { command, allowed: false, refusal: d.error };
  });
}

/** What a diagram shows: the guards of each move (default yes), and moves that keep the state (default yes). */
export interface MermaidOptions {
  readonly guards?: boolean;
  readonly loops?: boolean;
}

/** The machine as a Mermaid state diagram, drawn from its transition table. */
export function toMermaid(machine: AnyMachine, options: MermaidOptions = {}): string {
  const { guards = true, loops = true } = options;
  const lines = ["stateDiagram-v2"];
  const node = (s: string) => (s === "none" ? "[*]" : s);
  // Mermaid ends a statement at ";" and a label at a quote: keep both out of labels.
  const clean = (text: string) => text.replace(/;/g, ",").replace(/"/g, "'");
  for (const row of rows(machine.table as TransitionTable<string, string>)) {
    const guard = guards && row.guards.length ? ` [${row.guards.join(" · ")}]` : "";
    const auto = row.automatic ? " (automatic)" : "";
    for (const from of row.from) {
      // A command that may keep the status (edit details, reassign) is drawn as a loop on each state, not as an
      // edge to every other state its row lists.
      const targets = row.to.includes(from) ? (loops ? [from] : []) : row.to;
      for (const to of targets)
        lines.push(`  ${node(from)} --> ${node(to)}: ${clean(`${row.label}${auto}${guard}`)}`);
    }
  }
  for (const t of machine.terminal as readonly string[]) lines.push(`  ${t} --> [*]`);
  return lines.join("\n");
}

/** A readable name for a command row: its label, or the command name in words. */
export function describeCommand<S extends string, C extends string>(
  table: TransitionTable<S, C>,
  command: C,
): string {
  return table[command].label || humanize(command);
}

/**
 * The record an event (or a command's decision) acts on. An event applied to a record that does not exist is a
 * bug of the caller, not a refusal: `decide` refuses such a command first. `what` names it with its article ("an
 * account", "a member").
 */
export function existingRecord<S extends { readonly status: string }>(
  state: S,
  what: string,
  event?: { readonly type: string },
): Exclude<S, { readonly status: "none" }> {
  if (state.status === "none")
    throw new InvariantViolation(`${event?.type ?? "A command"} applied to ${what} that does not exist`);
  return state as Exclude<S, { readonly status: "none" }>;
}

/** A creation event applies to a record not there yet; on one that exists it is a bug of the caller. */
export function assertNew(
  state: { readonly status: string },
  what: string,
  event: { readonly type: string },
): void {
  if (state.status !== "none") throw new InvariantViolation(`${event.type} applied to an existing ${what}`);
}

/** The fields of `record` among `keys` that are given (not undefined): an update command's changes. */
export function givenFields<R extends object, K extends keyof R>(
  record: R,
  keys: readonly K[],
): { [P in K]?: Exclude<R[P], undefined> } {
  const given: Partial<Record<K, unknown>> = {};
  for (const key of keys) if (record[key] !== undefined) given[key] = record[key];
  return given as { [P in K]?: Exclude<R[P], undefined> };
}
