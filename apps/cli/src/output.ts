// Where the CLI writes: results on stdout (a table or JSON), sentences about failures on stderr.

export interface Styles {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const COLORS: Styles = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  red: sgr(31, 39),
  green: sgr(32, 39),
  yellow: sgr(33, 39),
  cyan: sgr(36, 39),
};
const plain = (text: string) => text;
const PLAIN: Styles = { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };

/**
 * Colour only on a terminal, and never with `--no-color` or a non-empty NO_COLOR (https://no-color.org);
 * FORCE_COLOR turns it on for a pipe.
 */
export function colorEnabled(
  flag: boolean,
  stream: { readonly isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (!flag) return false;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0";
  return stream.isTTY === true && env.TERM !== "dumb";
}

/** JSON as the CLI prints it: two-space indents, bigints as strings (the domain's values hold none today). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}

type Stream = NodeJS.WritableStream & { readonly isTTY?: boolean };

/**
 * Where an {@link Output} writes unless told otherwise: this process's stdout and stderr, except while
 * `accountable batch` runs a line (it collects the line's JSON, and says which line a sentence is about).
 */
export const outputStreams: { stdout: Stream; stderr: Stream } = {
  stdout: process.stdout,
  stderr: process.stderr,
};

export class Output {
  readonly style: Styles;
  readonly errStyle: Styles;

  constructor(
    readonly json: boolean,
    color: boolean,
    private readonly stdout: Stream = outputStreams.stdout,
    private readonly stderr: Stream = outputStreams.stderr,
  ) {
    this.style = colorEnabled(color, stdout) ? COLORS : PLAIN;
    this.errStyle = colorEnabled(color, stderr) ? COLORS : PLAIN;
  }

  /** A line of the readable output (nothing in `--json` mode, where only the data is printed). */
  line(text = ""): void {
    if (!this.json) this.stdout.write(`${text}\n`);
  }

  /** The command's result: JSON with `--json`, otherwise whatever `readable` renders. */
  result(value: unknown, readable: () => string): void {
    this.stdout.write(`${this.json ? toJson(value) : readable()}\n`);
  }

  /** A sentence for the person at the terminal, on stderr so it never mixes with piped data. */
  note(text: string): void {
    this.stderr.write(`${text}\n`);
  }

  /** JSON on stdout whatever the mode (the refusal object in `--json` mode). */
  jsonOnly(value: unknown): void {
    if (this.json) this.stdout.write(`${toJson(value)}\n`);
  }
}

/** Left-aligned columns separated by two spaces; the header dimmed. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  style: Styles,
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const render = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [style.dim(render(header)), ...rows.map(render)].join("\n");
}

/** A record's top-level fields as `key: value` lines, nested values as compact JSON. */
export function fields(record: Readonly<Record<string, unknown>>, style: Styles): string {
  const keys = Object.keys(record);
  const width = Math.max(0, ...keys.map((k) => k.length));
  return keys
    .map((k) => {
      const v = record[k];
      const text = typeof v === "string" ? v : v === undefined ? "" : JSON.stringify(v);
      // A value of several lines (a list, one item a line) starts on the next line: no trailing padding.
      if (text.startsWith("\n")) return `${style.dim(`${k}:`)}${text}`;
      return `${style.dim(`${k}:`.padEnd(width + 1))} ${text}`;
    })
    .join("\n");
}
