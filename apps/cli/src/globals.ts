import { resolve } from "node:path";

/** The options every command accepts, as commander parses them. */
export interface GlobalFlags {
  readonly dataDir?: string;
  readonly workspace?: string;
  readonly as?: string;
  readonly json?: boolean;
  readonly color?: boolean;
}

/** Where to work and as whom, after flags, environment and defaults. */
export interface Globals {
  /** The folder holding config.json and, without DATABASE_URL, the embedded database (`db/`). */
  readonly dataDir: string;
  /** A PostgreSQL server to use instead of the embedded database. */
  readonly databaseUrl: string | undefined;
  readonly workspace: string | undefined;
  readonly as: string | undefined;
  readonly json: boolean;
  readonly color: boolean;
}

/** Flags win over the environment; the environment over the defaults. */
export function resolveGlobals(
  flags: GlobalFlags,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Globals {
  return {
    dataDir: resolve(cwd, flags.dataDir ?? (env.ACCOUNTABLE_DATA_DIR || ".accountable")),
    databaseUrl: env.DATABASE_URL || undefined,
    workspace: flags.workspace,
    as: flags.as,
    json: flags.json === true,
    color: flags.color !== false,
  };
}
