// accountable: the entry of the bundle. Parses the command line and maps what is left over to exit codes;
// everything else happens in the command modules, loaded when their command runs.
import { CommanderError } from "commander";
import { EXIT } from "./exit-codes.ts";
import { buildProgram } from "./program.ts";

try {
  await buildProgram().parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // --help and --version end this way with code 0; a command line commander cannot parse is a usage error.
    process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    const error = e instanceof Error ? e : new Error(String(e));
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    if (process.env.ACCOUNTABLE_DEBUG) {
      process.stderr.write(`accountable: unexpected error: ${error.stack ?? error.message}\n`);
      if (error.cause)
        process.stderr.write(`caused by: ${String((error.cause as Error).stack ?? error.cause)}\n`);
    } else {
      // A failed query's message carries the whole statement and its parameters: the first line is enough here.
      const first = (error.message.split("\n")[0] ?? "").slice(0, 300);
      process.stderr.write(`accountable: unexpected error: ${first}\n`);
      if (cause) process.stderr.write(`caused by: ${cause}\n`);
      process.stderr.write("(set ACCOUNTABLE_DEBUG=1 for the whole error and its stack trace)\n");
    }
    process.exitCode = EXIT.internal;
  }
}
