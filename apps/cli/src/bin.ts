// The bundle's first module: what must happen before the CLI's own code is loaded, then main.ts.
import nodeModule from "node:module";
import { runtimeWarning } from "@accountable/api/node-support";

// Node.js 22.1+ keeps V8's compiled code of the modules loaded after this call on disc (in the system's temporary
// folder; NODE_COMPILE_CACHE names another, NODE_DISABLE_COMPILE_CACHE=1 turns it off), so a second run skips
// compiling them. Node.js 20 has no such call and loads as before. The figures are in bench/cli.bench.mjs.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const warning = runtimeWarning(process.env, new Date());
if (warning) process.stderr.write(`accountable: warning: ${warning}\n`);

// A reader that went away before the output ended (`accountable opp list --limit 500 | head -1`): stop quietly
// with success, as other tools do, instead of an unhandled EPIPE and a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

await import("./main.ts");
