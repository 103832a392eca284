// How to start the real server as a process: dist/server.js when the build is at least as new as every source
// file, else the sources through tsx (a stale build would test yesterday's code).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** The node arguments that start the server, and which of the two it is. */
export function serverEntry(): { args: string[]; cwd: string; from: "dist/server.js" | "src/server.ts" } {
  const dist = join(root, "dist/server.js");
  let built = 0;
  try {
    built = statSync(dist).mtimeMs;
  } catch {
    // not built
  }
  return built > 0 && built >= newest(join(root, "src"))
    ? { args: [dist], cwd: root, from: "dist/server.js" }
    : // Run from the app's folder, where `tsx` resolves.
      { args: ["--import", "tsx", join(root, "src/server.ts")], cwd: root, from: "src/server.ts" };
}
