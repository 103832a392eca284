// What every command handler is given. Its own file so that the command modules and the command tree
// (program.ts, which loads them) do not import each other.
import type { Command } from "commander";
import type { Globals } from "./globals.ts";
import type { Output } from "./output.ts";

/** What every command handler gets: the resolved global options and where to write. */
export interface Ctx {
  readonly globals: Globals;
  readonly out: Output;
  /** The root command, for the completion scripts. */
  readonly program: Command;
}

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];
