// Writes dist/openapi.json: the document the app serves at /openapi.json, built from the app itself on a
// throwaway in-memory database (run by `build`, after tsup). The typed client (packages/client) generates its
// types from this file, so nothing below the API boots the API to learn its routes.
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { createService } from "@accountable/service";
import { openDatabase } from "@accountable/store";
import pino from "pino";
import { createApp, createAuth, secretBox, standardExtensions } from "../src/index.ts";

const handle = await openDatabase({ kind: "embedded-memory" });
try {
  const service = createService({ db: handle.db });
  const auth = createAuth({
    db: handle.db,
    service,
    publicUrl: "http://localhost:3000",
    secret: "x".repeat(32),
  });
  const app = createApp({
    service,
    db: handle.db,
    auth,
    logger: pino({ level: "silent" }),
    extensions: standardExtensions({ service, db: handle.db, secrets: secretBox("x".repeat(32)) }),
  });
  const res = await app.request("/openapi.json");
  if (!res.ok) throw new Error(`/openapi.json answered ${res.status}`);
  const doc = (await res.json()) as { paths: object };
  await writeFile(
    fileURLToPath(new URL("../dist/openapi.json", import.meta.url)),
    `${JSON.stringify(doc, null, 2)}\n`,
  );
  console.log(`dist/openapi.json: ${Object.keys(doc.paths).length} paths`);
} finally {
  await handle.close();
}
