// A new embedded database copied from the build's template instead of initdb and every migration (template.ts):
// it opens migrated and works; an interrupted copy is never taken for a database; a template made by another
// PGlite, or a folder holding anything but the lock, is left alone (the folder is then made as before).
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCK_FILE } from "./folder-lock.ts";
import { makeTemplate } from "./make-template.ts";
import { defaultMigrationsFolder, openDatabase } from "./open-database.ts";
import { copyTemplate, TEMPLATE_MANIFEST, usableTemplate, writeTemplateManifest } from "./template.ts";

let work: string;
let template: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "accountable-template-"));
  template = join(work, "template");
  await makeTemplate(template, defaultMigrationsFolder());
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the embedded template", () => {
  it("a new database copied from it opens migrated, with nothing of the template's lock left behind", async () => {
    expect(readdirSync(join(template, "data"))).not.toContain(LOCK_FILE);
    const dataDir = join(work, "fresh", "db");
    const handle = await openDatabase({ kind: "embedded", dataDir, template });
    try {
      const applied = (await handle.db.execute(
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      )) as unknown as { rows: { n: number }[] };
      const journal = JSON.parse(
        readFileSync(join(defaultMigrationsFolder(), "meta", "_journal.json"), "utf8"),
      ) as { entries: unknown[] };
      expect(applied.rows[0]?.n).toBe(journal.entries.length);
      await handle.db.execute(sql`select 1 from workspaces limit 1`);
    } finally {
      await handle.close();
    }
    expect(existsSync(join(dataDir, "PG_VERSION"))).toBe(true);
    // No staging folder is left beside it.
    expect(readdirSync(join(work, "fresh"))).toEqual(["db"]);
  }, 300_000);

  it("is not used when another PGlite made it", async () => {
    expect(await usableTemplate(template)).toBe(join(template, "data"));
    const other = join(work, "other-template");
    mkdirSync(other);
    await writeTemplateManifest(other, { pglite: "0.0.1", latestMigration: 0 });
    mkdirSync(join(other, "data"));
    writeFileSync(join(other, "data", "PG_VERSION"), "18\n");
    expect(await usableTemplate(other)).toBeUndefined();
    expect(await usableTemplate(join(work, "no-such-template"))).toBeUndefined();
    expect(existsSync(join(template, TEMPLATE_MANIFEST))).toBe(true);
  });

  it("copies only into a folder that holds nothing but the lock", async () => {
    const busy = join(work, "busy");
    mkdirSync(busy);
    writeFileSync(join(busy, "something.txt"), "mine");
    expect(await copyTemplate(join(template, "data"), busy, [LOCK_FILE])).toBe(false);
    expect(readdirSync(busy)).toEqual(["something.txt"]);
    const empty = join(work, "empty");
    mkdirSync(empty);
    writeFileSync(join(empty, LOCK_FILE), "{}");
    expect(await copyTemplate(join(template, "data"), empty, [LOCK_FILE])).toBe(true);
    expect(existsSync(join(empty, "PG_VERSION"))).toBe(true);
  });
});
