import { createHash } from "node:crypto";
import { readFile, rename, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { type DatabaseHandle, openDatabase } from "../open-database.ts";

// A fresh PGlite runs initdb in WASM: 3–4 s on an idle 2-core machine, over 12 s when the machine is busy
// with other test workers. Starting from a dump of a freshly initialised data folder takes 1–2 s, so tests
// keep one such dump in the OS temp folder, keyed by the PGlite build, and start every in-memory database
// from it. Migrations still run on open, exactly as for any other database.

let template: Promise<Blob> | undefined;

/** Opens an empty, migrated, in-memory PGlite database, started from a cached initdb dump. */
export async function openMemoryDatabase(): Promise<DatabaseHandle> {
  template ??= loadOrCreateTemplate();
  return openDatabase({ kind: "embedded-memory", fromDump: await template });
}

async function loadOrCreateTemplate(): Promise<Blob> {
  const file = join(tmpdir(), `accountable-pglite-initdb-${await pgliteBuildKey()}.tar.gz`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    // Not cached yet (or unreadable): make it.
  }
  const client = await PGlite.create();
  try {
    const dump = await client.dumpDataDir("gzip");
    // Written under a private name, then renamed: concurrent workers never read a half-written file.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
    await rename(partial, file);
    return dump;
  } finally {
    await client.close();
  }
}

// pnpm installs each version at its own path; the path and the file's size and time name one build.
async function pgliteBuildKey(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const { size, mtimeMs } = await stat(entry);
  return createHash("sha256").update(`${entry}:${size}:${mtimeMs}`).digest("hex").slice(0, 16);
}
