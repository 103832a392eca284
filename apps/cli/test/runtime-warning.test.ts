// The CLI on an end-of-life Node.js: one warning line on stderr, and the command still runs. The process is
// real; the version it judges comes through ACCOUNTABLE_NODE_VERSION, so the test reads the same on every runtime.
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, cli } from "./run-cli.ts";

beforeAll(assertBuilt);

describe("accountable on an end-of-life Node.js", () => {
  it("prints one warning line on stderr, and the command's output on stdout as ever", async () => {
    const ran = await cli(["--version"], {
      env: { ACCOUNTABLE_NODE_VERSION: "20.20.0" },
      keepRuntimeWarning: true,
    });
    expect(ran.code).toBe(0);
    expect(ran.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(ran.stderr).toBe(
      "accountable: warning: Node.js 20.20.0 reached its end of life on 2026-04-30 and gets no security fixes: use Node.js 24 or 22.\n",
    );
  });

  it("prints nothing more on a line the table does not end", async () => {
    const ran = await cli(["--version"], {
      env: { ACCOUNTABLE_NODE_VERSION: "99.0.0" },
      keepRuntimeWarning: true,
    });
    expect(ran.code).toBe(0);
    expect(ran.stderr).toBe("");
  });
});
