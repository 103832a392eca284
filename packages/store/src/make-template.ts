// Run by the store's build (tsup.config.ts): makes the template a new embedded database starts from (template.ts).
import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { openDatabase } from "./open-database.ts";
import { pgliteVersion, writeTemplateManifest } from "./template.ts";

/** Makes `folder` (replacing it): a data folder PGlite initialised and migrated, and its manifest. */
export async function makeTemplate(folder: string, migrationsFolder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const data = join(folder, "data");
  const handle = await openDatabase({ kind: "embedded", dataDir: data, migrationsFolder });
  await handle.close();
  const journal = JSON.parse(await readFile(join(migrationsFolder, "meta", "_journal.json"), "utf8")) as {
    entries: { when: number }[];
  };
  await writeTemplateManifest(folder, {
    pglite: pgliteVersion(),
    latestMigration: Math.max(...journal.entries.map((e) => e.when)),
  });
}
