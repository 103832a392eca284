import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { invalid } from "./failure.ts";

/**
 * The small file `accountable init` leaves in the data folder: which workspace commands address by default and
 * which member each workspace's commands act as unless `--as` says otherwise.
 */
export interface CliConfig {
  readonly defaultWorkspace: string | null;
  readonly workspaces: Readonly<Record<string, { readonly admin: string }>>;
}

const EMPTY: CliConfig = { defaultWorkspace: null, workspaces: {} };

export const configPath = (dataDir: string) => join(dataDir, "config.json");

export async function readConfig(dataDir: string): Promise<CliConfig> {
  const path = configPath(dataDir);
  if (!existsSync(path)) return EMPTY;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch {
    throw invalid(`${path} is not valid JSON; fix it or remove it and run \`accountable init\` again.`);
  }
  if (!isConfig(parsed)) throw invalid(`${path} does not look like an accountable config file.`);
  return parsed;
}

function isConfig(v: unknown): v is CliConfig {
  if (typeof v !== "object" || v === null) return false;
  const c = v as Record<string, unknown>;
  const ws = c.workspaces;
  return (
    (c.defaultWorkspace === null || typeof c.defaultWorkspace === "string") &&
    typeof ws === "object" &&
    ws !== null &&
    Object.values(ws).every(
      (w) => typeof w === "object" && w !== null && typeof (w as { admin?: unknown }).admin === "string",
    )
  );
}

/** Records a workspace and its admin; the first workspace recorded becomes the default. */
export async function rememberWorkspace(
  dataDir: string,
  workspaceId: string,
  adminId: string,
): Promise<void> {
  const current = await readConfig(dataDir);
  const next: CliConfig = {
    defaultWorkspace: current.defaultWorkspace ?? workspaceId,
    workspaces: { ...current.workspaces, [workspaceId]: { admin: adminId } },
  };
  await mkdir(dataDir, { recursive: true });
  // Write then rename, so an interrupted write never leaves half a file behind.
  const path = configPath(dataDir);
  await writeFile(`${path}.tmp`, `${JSON.stringify(next, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}
