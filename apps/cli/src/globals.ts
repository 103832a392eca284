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
    workspace: flags.workspace,
    as: flags.as,
    json: flags.json === true,
    color: flags.color !== false,
    api: (flags.api ?? env.ACCOUNTABLE_API_URL) || undefined,
    token: (flags.token ?? env.ACCOUNTABLE_TOKEN) || undefined,
  };
}
