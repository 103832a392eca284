// `accountable serve`: the API server (apps/api's `startServer`, loaded from @accountable/api's build when this
// command runs) on the CLI's data folder or DATABASE_URL, until Ctrl-C or SIGTERM, which close it cleanly (the
// embedded database flushes its files on close).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Ctx } from "../context.ts";
import { invalid, Refused } from "../failure.ts";

export interface ServeFlags {
  readonly port?: number;
  readonly host?: string;
}

/** What the API's server module exports (apps/api/src/server.ts). */
interface ServerModule {
  startServer(env: NodeJS.ProcessEnv): Promise<{ url: string; port: number; close(): Promise<void> }>;
}

/** The API's server entry, found through the @accountable/api package this CLI depends on. */
function serverEntry(): string {
  let dir: string;
  try {
    dir = dirname(createRequire(import.meta.url).resolve("@accountable/api/package.json"));
  } catch {
    throw invalid("The API package (@accountable/api) is not installed beside this CLI.", "serve");
  }
  const entry = join(dir, "dist", "server.js");
  if (!existsSync(entry))
    throw invalid(
      `The API is not built (${entry} is missing): run pnpm --filter @accountable/api build.`,
      "serve",
    );
  return entry;
}

/**
 * The port to listen on: a free one for 0 (chosen here, so the server's public URL and trusted origin name the
 * real port), and one someone else holds refused with a sentence rather than the server's stack trace.
 */
function freePort(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        e.code === "EADDRINUSE"
          ? invalid(
              `Port ${port} on ${host} is taken: pass --port with another (0 picks a free one).`,
              "port",
            )
          : e.code === "EADDRNOTAVAIL" || e.code === "ENOTFOUND"
            ? invalid(`Cannot listen on ${host}: pass --host with an address of this machine.`, "host")
            : e,
      ),
    );
    probe.listen(port, host, () => {
      const address = probe.address();
      const chosen = typeof address === "object" && address ? address.port : port;
      probe.close(() => resolve(chosen));
    });
  });
}

export async function serve(ctx: Ctx, flags: ServeFlags): Promise<void> {
  const { globals, out } = ctx;
  if (globals.api) throw invalid("serve runs a server on this machine; it takes no --api.", "api");
  const entry = serverEntry();
  // The server reads its configuration from the environment: the CLI's data folder and database, and the flags.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ACCOUNTABLE_DATA_DIR: globals.dataDir,
    ...(globals.databaseUrl ? { DATABASE_URL: globals.databaseUrl } : {}),
    ...(flags.port === undefined ? {} : { PORT: String(flags.port) }),
    ...(flags.host === undefined ? {} : { HOST: flags.host }),
  };
  const wanted = Number(env.PORT || 3000);
  if (Number.isInteger(wanted) && wanted >= 0 && wanted <= 65_535)
    env.PORT = String(await freePort(wanted, env.HOST || "127.0.0.1"));

  const { startServer } = (await import(pathToFileURL(entry).href)) as ServerModule;
  let stopping = false;
  const starting = startServer(env);
  // Ctrl-C while the database opens (or the demo is created) waits for the start, then closes.
  const stop = () => {
    if (stopping) return;
    stopping = true;
    out.note(out.errStyle.dim("Stopping…"));
    starting
      .then((running) => running.close())
      .then(
        () => process.exit(0),
        (e: unknown) => {
          process.stderr.write(`accountable: the server did not close cleanly: ${(e as Error).message}\n`);
          process.exit(1);
        },
      );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    await starting;
  } catch (e) {
    // A configuration the server refuses (AUTH_SECRET with DATABASE_URL…) is the user's to fix: say it plainly.
    if ((e as Error).name === "ConfigError" || (e as Error).constructor?.name === "ConfigError")
      throw invalid((e as Error).message, "serve");
    // The embedded folder is open in another process (a server, a command): the store's sentence names it.
    if ((e as Error).name === "DataFolderInUse")
      throw new Refused({ _tag: "DataFolderInUse", message: (e as Error).message });
    throw e;
  }
  if (!stopping) out.note(out.errStyle.dim("Press Ctrl-C to stop."));
  // The server keeps the process alive; `stop` ends it.
}
