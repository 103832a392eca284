// The API's OpenAPI document, as the app serves it at /openapi.json, from an app on an in-memory database.
import { createApp, createAuth, secretBox, standardExtensions } from "@accountable/api";
import { createService } from "@accountable/service";
import { openDatabase } from "@accountable/store";
import pino from "pino";

export async function renderOpenApiDocument(): Promise<unknown> {
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
    return await res.json();
  } finally {
    await handle.close();
  }
}
