// `accountable batch [file]`: many commands, one process, one database boot. Each line of the file (or of stdin)
// is one command as it would follow `accountable` on a command line; the database each line needs is opened
// once and kept until the last line (runtime.ts, keepDatabasesOpen). Every line runs, and says how it ended:
//   - readable: each command prints as it would alone; a sentence on stderr is prefixed "line N: ", and a line
//     that failed ends with "line N: exit C" on stderr;
//   - --json: one JSON object per line of stdout (JSON Lines): {"line", "command", "exit", "result" | "error"}.
// The batch's exit code is the first failed line's (0 when every line succeeded); --stop-on-error runs no line
// after it. Blank lines and lines starting with # are skipped.
import { readFile } from "node:fs/promises";
import { type Command, CommanderError } from "commander";
import { lineWords } from "../batch-words.ts";
import type { Ctx } from "../context.ts";
import { EXIT } from "../exit-codes.ts";
import { invalid } from "../failure.ts";
import { outputStreams } from "../output.ts";
import { keepDatabasesOpen } from "../runtime.ts";

export interface BatchFlags {
  readonly stopOnError?: boolean;
}

/** What `batch --json` prints for each command it ran, one line of JSON each. */
export interface BatchLine {
  /** The line's number in the input, counting from 1 (blank and comment lines too). */
  readonly line: number;
  /** The command's words, as split from the line. */
  readonly command: readonly string[];
  /** The exit code the command would have ended with on its own. */
  readonly exit: number;
  /** What the command printed with --json (parsed), when it succeeded. */
  readonly result?: unknown;
  /** The refusal, when the command was refused (the same object it prints alone with --json). */
  readonly error?: unknown;
}

/** Commands a batch does not run: they do not end (serve), or would nest. */
const NOT_IN_A_BATCH: Readonly<Record<string, string>> = {
  serve: "serve runs until it is stopped",
  batch: "a batch does not run another batch",
};

/** Writes to `target`, starting every line with `prefix()`. */
function prefixed(target: NodeJS.WritableStream, prefix: () => string) {
  let atStart = true;
  const write = (chunk: unknown): boolean => {
    const text = String(chunk);
    let out = "";
    for (const part of text.split(/(?<=\n)/)) {
      if (part === "") continue;
      out += atStart ? `${prefix()}${part}` : part;
      atStart = part.endsWith("\n");
    }
    return target.write(out);
  };
  return { write } as unknown as NodeJS.WritableStream;
}

/** Collects what one line's command prints on stdout. */
function collector() {
  let text = "";
  const stream = {
    write: (chunk: unknown) => {
      text += String(chunk);
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  return { stream, text: () => text };
}

/** The global options given to `batch` itself, as words every line starts with (a line may give its own). */
function globalWords(cmd: Command): string[] {
  const o = cmd.optsWithGlobals<{
    dataDir?: string;
    workspace?: string;
    as?: string;
    json?: boolean;
    color?: boolean;
    api?: string;
    token?: string;
  }>();
  return [
    ...(o.dataDir ? ["--data-dir", o.dataDir] : []),
    ...(o.workspace ? ["--workspace", o.workspace] : []),
    ...(o.as ? ["--as", o.as] : []),
    ...(o.json ? ["--json"] : []),
    ...(o.color === false ? ["--no-color"] : []),
    ...(o.api ? ["--api", o.api] : []),
    ...(o.token ? ["--token", o.token] : []),
  ];
}

async function readInput(file: string | undefined): Promise<string> {
  if (file !== undefined && file !== "-") {
    try {
      return await readFile(file, "utf8");
    } catch (e) {
      throw invalid(`Cannot read ${file}: ${(e as Error).message}`, "file");
    }
  }
  if (process.stdin.isTTY)
    throw invalid(
      "batch reads commands from a file or from stdin: pass a file, or pipe the commands in.",
      "file",
    );
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function batch(
  ctx: Ctx,
  file: string | undefined,
  flags: BatchFlags,
  cmd: Command,
  buildProgram: (output: { writeOut(s: string): void; writeErr(s: string): void }) => Command,
): Promise<void> {
  const lines = (await readInput(file)).split(/\r?\n/);
  const json = ctx.globals.json;
  const defaults = globalWords(cmd);
  const realOut = outputStreams.stdout;
  const realErr = outputStreams.stderr;
  let current = 0;
  const err = prefixed(realErr, () => `line ${current}: `);
  const kept = keepDatabasesOpen();
  let first: { line: number; exit: number } | undefined;
  let ran = 0;
  try {
    for (const [i, raw] of lines.entries()) {
      const text = raw.trim();
      if (text === "" || text.startsWith("#")) continue;
      current = i + 1;
      const parsed = lineWords(text);
      const words = parsed.ok
        ? parsed.words[0] === "accountable"
          ? parsed.words.slice(1)
          : parsed.words
        : [];
      const captured = collector();
      const report = (exit: number, error?: unknown) => {
        ran++;
        if (exit !== EXIT.ok) first ??= { line: current, exit };
        if (json) {
          const printed = captured.text().trim();
          let value: unknown;
          try {
            value = printed === "" ? undefined : JSON.parse(printed);
          } catch {
            value = printed;
          }
          const refusal =
            error ?? (value && typeof value === "object" && "error" in value ? value.error : undefined);
          const entry: BatchLine = {
            line: current,
            command: words,
            exit,
            ...(refusal !== undefined ? { error: refusal } : value !== undefined ? { result: value } : {}),
          };
          realOut.write(`${JSON.stringify(entry)}\n`);
        } else if (exit !== EXIT.ok) err.write(`exit ${exit}\n`);
      };
      const refuse = (message: string) => {
        err.write(`${message}\n`);
        report(EXIT.usage, { _tag: "InvalidCommand", message });
      };
      if (!parsed.ok) refuse(`cannot be read as a command: ${parsed.message}`);
      else if (words.length === 0) refuse("names no command.");
      else if (words[0] !== undefined && NOT_IN_A_BATCH[words[0]])
        refuse(`${words[0]} is not run in a batch: ${NOT_IN_A_BATCH[words[0]]}.`);
      else {
        outputStreams.stdout = json ? captured.stream : realOut;
        outputStreams.stderr = err;
        process.exitCode = undefined;
        let exit: number;
        let usage: { _tag: string; message: string } | undefined;
        try {
          const program = buildProgram({
            writeOut: (s) => outputStreams.stdout.write(s),
            writeErr: (s) => err.write(s),
          });
          await program.parseAsync(["node", "accountable", ...defaults, ...words]);
          exit = Number(process.exitCode ?? EXIT.ok);
        } catch (e) {
          if (e instanceof CommanderError) {
            exit = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
            if (exit !== EXIT.ok)
              usage = { _tag: "InvalidCommand", message: e.message.replace(/^error: /, "") };
          } else {
            err.write(`unexpected error: ${((e as Error).message ?? String(e)).split("\n")[0]}\n`);
            exit = EXIT.internal;
          }
        } finally {
          outputStreams.stdout = realOut;
          outputStreams.stderr = realErr;
          process.exitCode = undefined;
        }
        report(exit, usage);
      }
      if (first && flags.stopOnError) {
        const left = lines.slice(i + 1).filter((l) => l.trim() !== "" && !l.trim().startsWith("#")).length;
        if (left > 0)
          err.write(
            `stopped here (--stop-on-error): the ${left} command${left === 1 ? "" : "s"} after it did not run.\n`,
          );
        break;
      }
    }
  } finally {
    await kept.stop();
  }
  if (ran === 0 && !json) realErr.write("batch: no command to run (blank lines and # comments only).\n");
  process.exitCode = first?.exit ?? EXIT.ok;
}
