// A new embedded database started from a template instead of PGlite's initdb and every migration. initdb runs
// PostgreSQL's bootstrap in WASM in a second PGlite instance, dumps it to a tar and loads the tar back through
// PGlite's file system; then the migrations run one by one. That took 7 s of CPU per `accountable init` (11–27 s
// on a loaded machine). The store's build makes that same data folder once (initdb, then the migrations) and
// ships it; a new database is a copy of it, done by the operating system, and the migration check that follows
// finds nothing to do. A template made by another PGlite than the one running is not used (PostgreSQL's files are
// tied to its build): the folder is then made as before.

import { existsSync, readFileSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The file beside a template's folder that says which PGlite made it and with which migrations. */
export const TEMPLATE_MANIFEST = "template.json";

/** What {@link TEMPLATE_MANIFEST} holds. */
export interface TemplateManifest {
  /** The version of @electric-sql/pglite that made the folder. */
  readonly pglite: string;
  /** The latest migration applied (drizzle's journal time), for people reading it: open migrates the rest. */
  readonly latestMigration: number;
}

/** The folder holding a template made by the store's build (`dist/pglite-template`), from `src` or `dist`. */
export function defaultTemplateFolder(): string {
  return fileURLToPath(new URL("../dist/pglite-template", import.meta.url));
}

let runningVersion: string | undefined;

/** The version of the PGlite this process loads (its package.json, found beside its entry). */
export function pgliteVersion(): string {
  if (runningVersion) return runningVersion;
  let dir = dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
  for (;;) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "@electric-sql/pglite" && pkg.version) {
        runningVersion = pkg.version;
        return pkg.version;
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error("Cannot find @electric-sql/pglite's package.json");
    dir = up;
  }
}

/** The template's data folder when it exists and was made by the running PGlite; undefined otherwise. */
export async function usableTemplate(folder: string): Promise<string | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(folder, TEMPLATE_MANIFEST), "utf8")) as TemplateManifest;
    const data = join(folder, "data");
    return manifest.pglite === pgliteVersion() && existsSync(join(data, "PG_VERSION")) ? data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Copies a template's data folder into `dataDir`, which must hold nothing but `keep` (the folder's lock).
 * The files are copied beside it first and moved in one by one, PG_VERSION last: PGlite takes a folder without
 * PG_VERSION for an empty one, so an interrupted copy is never opened as a database. Answers false (nothing
 * done) when the folder holds anything else.
 */
export async function copyTemplate(
  template: string,
  dataDir: string,
  keep: readonly string[],
): Promise<boolean> {
  const present = (await readdir(dataDir)).filter((name) => !keep.includes(name));
  if (present.length > 0) return false;
  const staging = await mkdtemp(join(dirname(dataDir), ".accountable-template-"));
  try {
    await cp(template, staging, { recursive: true });
    const entries = (await readdir(staging)).sort(
      (a, b) => Number(a === "PG_VERSION") - Number(b === "PG_VERSION"),
    );
    for (const name of entries) await rename(join(staging, name), join(dataDir, name));
    return true;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Writes a template's manifest (the store's build, after it made the data folder). */
export async function writeTemplateManifest(folder: string, manifest: TemplateManifest): Promise<void> {
  await writeFile(join(folder, TEMPLATE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}
