import { resolve } from "node:path";

/** The options every command accepts, as commander parses them. */
export interface GlobalFlags {
  readonly dataDir?: string;
  readonly workspace?: string;
  readonly as?: string;
  readonly json?: boolean;
  readonly color?: boolean;
  readonly api?: string;
  readonly token?: string;
}

/** Where to work and as whom, after flags, environment and defaults. */
export interface Globals {
  /** The folder holding config.json and, without DATABASE_URL, the embedded database (`db/`). */
  readonly dataDir: string;
  /** A PostgreSQL server to use instead of the embedded database. */
  readonly databaseUrl: string | undefined;
  /** The workspace commands act in (`--workspace`, else ACCOUNTABLE_WORKSPACE, else the config's default). */
  readonly workspace: string | undefined;
  readonly as: string | undefined;
  readonly json: boolean;
  readonly color: boolean;
  /** An Accountable server to work through instead of a database (`--api`, else ACCOUNTABLE_API_URL). */
  readonly api: string | undefined;
  /** The personal API token sent to it (`--token`, else ACCOUNTABLE_TOKEN). */
  readonly token: string | undefined;
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
    workspace: flags.workspace ?? (env.ACCOUNTABLE_WORKSPACE || undefined),
    as: flags.as,
    json: flags.json === true,
    color: flags.color !== false,
    api: (flags.api ?? env.ACCOUNTABLE_API_URL) || undefined,
    token: (flags.token ?? env.ACCOUNTABLE_TOKEN) || undefined,
  };
}

/**
 * The refusal's sentence when a data folder holds several workspaces and none is the default: which ones there
 * are, and the two ways to say one (a flag for one command, the variable for every command of a shell).
 */
export const sayWhichWorkspace = (ids: readonly string[]): string =>
  `Say which workspace: pass --workspace <id>, or make one the default for this shell with \`export ACCOUNTABLE_WORKSPACE=<id>\` (there are ${ids.join(", ")}).`;
