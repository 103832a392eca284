// The server's log lines: JSON for a collector, lines a person reads at a terminal (LOG_FORMAT=pretty, the default
// when its output is a terminal), so `npm start` does not print JSON beside its banner.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServerProcess } from "./server-process.ts";

describe("the server's log format", () => {
  const folders: string[] = [];
  afterAll(() => {
    for (const f of folders) rmSync(f, { recursive: true, force: true });
  });

  for (const format of ["pretty", "json"] as const) {
    it(`LOG_FORMAT=${format} prints its start-up lines ${format === "pretty" ? "as text" : "as JSON"}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `log-format-${format}-`));
      folders.push(dir);
      const server = await startServerProcess({
        ACCOUNTABLE_DATA_DIR: dir,
        LOG_LEVEL: "info",
        LOG_FORMAT: format,
      });
      expect((await fetch(`${server.url}/api/workspaces`)).status).toBe(401);
      await server.stop();
      const logLines = server
        .output()
        .split("\n")
        .filter((l) => l.includes("opening the embedded database"));
      expect(logLines).toHaveLength(1);
      if (format === "json") expect(JSON.parse(logLines[0]!)).toMatchObject({ level: 30 });
      else {
        expect(logLines[0]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: opening the embedded database in /);
        expect(server.output()).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: GET \/api\/workspaces 401 \(\d+ ms\)$/m);
      }
    }, 180_000);
  }
});
