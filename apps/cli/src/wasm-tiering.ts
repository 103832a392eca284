// The embedded database is PostgreSQL compiled to WebAssembly. V8 runs each WASM function first with its baseline
// compiler (Liftoff) and recompiles the hot ones with its optimising compiler (TurboFan) in background threads.
// A command that runs SQL for a moment gains nothing from the second tier and pays for it: on Node.js 24 TurboFan
// spends seconds and ~600 MB compiling PostgreSQL's parser (raw_parser, a 105 KB function), and the process waits
// for that compile before it exits. Figures in bench/cli.bench.mjs and apps/cli/README.md.
import { setFlagsFromString } from "node:v8";

/** How much SQL a command runs on the embedded database: a moment's (most), or a bulk load (`import`). */
export type Workload = "brief" | "bulk";

/**
 * Keeps this process's WASM on the baseline compiler: must run before the database's module is compiled (V8
 * reads the flags then). Both flags are needed: without dynamic tiering V8 would tier up every function eagerly.
 */
export function keepWasmOnBaselineCompiler(): void {
  setFlagsFromString("--no-wasm-tier-up");
  setFlagsFromString("--no-wasm-dynamic-tiering");
}

/**
 * Validates each WASM function when it is first compiled instead of the whole 9 MB module before the first
 * runs: a command runs a small part of PostgreSQL. The module is PGlite's own, not input from anyone else.
 * Measured: compiling the module took 87 ms of CPU, 21 ms with this flag (bench/cli.bench.mjs).
 */
export function validateWasmLazily(): void {
  setFlagsFromString("--wasm-lazy-validation");
}
