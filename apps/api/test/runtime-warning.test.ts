// `npm start` (node dist/server.js) on an end-of-life Node.js: one warning line on stderr before anything else.
// The process is real; the version it judges comes through ACCOUNTABLE_NODE_VERSION, so the test reads the same
// on every runtime. A configuration the server refuses (DATABASE_URL without AUTH_SECRET) ends it right after
// the check, without opening a database.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { serverEntry } from "./server-entry.ts";

function start(nodeVersion: string) {
  const entry = serverEntry();
  const { AUTH_SECRET: _secret, ...inherited } = process.env;
  return spawnSync(process.execPath, entry.args, {
    cwd: entry.cwd,
    env: {
      ...inherited,
      ACCOUNTABLE_NODE_VERSION: nodeVersion,
      DATABASE_URL: "postgres://postgres@127.0.0.1:9/never-opened",
    },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("the server's start on an end-of-life Node.js", () => {
  it("prints one warning line first, then goes on (here to the configuration it refuses)", () => {
    const ran = start("20.20.0");
    const [first, ...rest] = ran.stderr.split("\n");
    expect(first).toBe(
      "warning: Node.js 20.20.0 reached its end of life on 2026-04-30 and gets no security fixes: use Node.js 24 or 22.",
    );
    expect(rest.join("\n")).toContain("AUTH_SECRET is required with DATABASE_URL");
    expect(ran.status).toBe(1);
  });

  it("prints no warning on a line the table does not end", () => {
    const ran = start("99.0.0");
    expect(ran.stderr).not.toContain("warning:");
    expect(ran.stderr).toContain("AUTH_SECRET is required with DATABASE_URL");
  });
});
