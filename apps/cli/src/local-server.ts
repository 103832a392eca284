// A server running on the data folder (`npm start`, `accountable serve`) holds its embedded database: a command
// here may not open it beside the server (one process per folder: the store's folder-lock.ts), so it works through
// that server instead, with the credential the server wrote into the folder (mode 0600) and the member this
// command acts as — chosen exactly as the command would choose locally (`--workspace`, `--as`, config.json, the
// only workspace, its first admin). Nothing is printed about it: the output and exit codes are the local ones.
import { findLocalServer } from "@accountable/store/folder";
import type { CliConfig } from "./config.ts";
import { invalid, Refused } from "./failure.ts";
import type { Globals } from "./globals.ts";
import type { LocalServerSession } from "./remote.ts";

/** The server holding the folder's embedded database (`db/`), when it is alive and wrote its file. */
export interface RunningServer {
  readonly address: string;
  readonly credential: string;
}

/**
 * The live server on `embeddedDir`, or undefined (none: no file, or one left by a server that is gone). A file
 * other users can read is refused: its credential may have been read, and acting on it would hide that.
 */
export async function runningServer(embeddedDir: string): Promise<RunningServer | undefined> {
  const found = await findLocalServer(embeddedDir);
  if (found.kind === "exposed") {
    const mine = typeof process.getuid !== "function" || found.owner === process.getuid();
    throw invalid(
      mine
        ? `The running server's credential file ${found.path} can be read by other users (mode ${found.mode.toString(8).padStart(4, "0")}); it must be 0600. Restart the server (it writes a new credential), or run \`chmod 600 ${found.path}\` if nobody else could have read it.`
        : `The running server's credential file ${found.path} belongs to another user (uid ${found.owner}); it must be yours with mode 0600. Run the command as the user running the server.`,
      "data-dir",
    );
  }
  return found.kind === "running" ? { address: found.address, credential: found.credential } : undefined;
}

/**
 * The session through the server, or undefined when it cannot be reached (it stopped since its file was read):
 * then the command opens the folder itself, as it would without a server.
 */
export async function openLocalServer(
  globals: Globals,
  config: CliConfig,
  server: RunningServer,
): Promise<LocalServerSession | undefined> {
  try {
    const { openLocalRemote } = await import("./remote.ts");
    return await openLocalRemote(globals, config, server);
  } catch (e) {
    if (e instanceof Refused && e.refusal._tag === "ApiUnavailable" && /Cannot reach/.test(e.refusal.message))
      return undefined;
    throw e;
  }
}
