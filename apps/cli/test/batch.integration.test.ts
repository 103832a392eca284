// `accountable batch`: a script that creates 30 members pays one database boot, and every line says how it ended
// (issue 13). Real subprocesses of the built binary, on an embedded data folder of their own.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, cli, type Ran } from "./run-cli.ts";

// What a line's result or error holds, read only where the test names a field.
// biome-ignore lint/suspicious/noExplicitAny: reading parsed JSON by field names
type Json = any;

let work: string;
const folders: string[] = [];
const freshFolder = () => {
  const dir = join(work, `data-${folders.length}`);
  folders.push(dir);
  return dir;
};

const INIT = `init --name "Batch Agency" --admin-name "Ada Park" --admin-email ada@batch.test`;
const member = (i: number) => `member create "Person ${i}" --email p${i}@batch.test --id p${i}`;

beforeAll(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), "accountable-batch-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `accountable …args batch` with `input` on stdin. */
const batchFromStdin = (
  args: readonly string[],
  input: string,
  env: Record<string, string> = {},
): Promise<Ran> => cli([...args, "batch"], { stdin: input, env });

describe("accountable batch", () => {
  it("creates a workspace and 30 members from one script with one database boot; a refused line says why and sets the exit code", async () => {
    const dataDir = freshFolder();
    const script = join(work, "people.txt");
    writeFileSync(
      script,
      [
        "# a workspace and its people",
        INIT,
        ...Array.from({ length: 30 }, (_, i) => member(i + 1)),
        member(7), // a second p7: refused, the rest still run
        "",
        'member create "Unclosed --email x@batch.test',
        "member list --limit 100",
      ].join("\n"),
    );
    const ran = await cli(["--data-dir", dataDir, "batch", script], { env: { ACCOUNTABLE_TIMING: "1" } });
    // The first failed line's code: 5 (the second p7 already exists), though a later line failed with 2.
    expect(ran.code, ran.stderr).toBe(5);
    expect(ran.stdout.match(/MemberAdded/g)).toHaveLength(30);
    // Refusals name their line, in words, and how it ended.
    expect(ran.stderr).toContain("line 33: A member with id p7 already exists.");
    expect(ran.stderr).toContain("line 33: exit 5");
    expect(ran.stderr).toContain("line 35: cannot be read as a command: a double quote is not closed.");
    expect(ran.stderr).toContain("line 35: exit 2");
    // One boot: the first command opened the database, every other line found it open.
    const timing = ran.stderr.split("\n").find((l) => l.startsWith("timing: ")) ?? "";
    expect(timing.match(/database open \d+ ms/g)).toHaveLength(33); // the 33 commands that ran
    expect(timing.match(/database already open \d+ ms/g)).toHaveLength(32); // all but the first
    // The last line saw all of them, and so does a command run on its own afterwards.
    const listed = await cli(["--data-dir", dataDir, "member", "list", "--limit", "100", "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    const ids = (JSON.parse(listed.stdout) as { items: { id: string }[] }).items.map((m) => m.id);
    expect(ids).toHaveLength(31);
    expect(ids).toEqual(expect.arrayContaining(["ada", "p1", "p30"]));
  }, 240_000);

  it("with --json prints one JSON object per command (JSON Lines), from stdin, JSON-array lines too", async () => {
    const dataDir = freshFolder();
    const ran = await batchFromStdin(
      ["--data-dir", dataDir, "--json"],
      [
        INIT,
        `["member", "create", "Li O'Neil", "--email", "li@batch.test", "--id", "li"]`,
        "member create Dup --email li@batch.test --id li",
        "opp list --no-such-flag",
        "serve",
        "member show li",
      ].join("\n"),
    );
    expect(ran.code, ran.stderr).toBe(5);
    const lines = ran.stdout
      .trim()
      .split("\n")
      .map(
        (l) =>
          JSON.parse(l) as { line: number; command: string[]; exit: number; result?: Json; error?: Json },
      );
    expect(lines.map((l) => [l.line, l.exit])).toEqual([
      [1, 0],
      [2, 0],
      [3, 5],
      [4, 2],
      [5, 2],
      [6, 0],
    ]);
    expect(lines[0]?.result.workspace.id).toBe("batch-agency");
    expect(lines[1]?.command).toEqual([
      "member",
      "create",
      "Li O'Neil",
      "--email",
      "li@batch.test",
      "--id",
      "li",
    ]);
    expect(lines[1]?.result.events[0].type).toBe("MemberAdded");
    expect(lines[2]?.error).toMatchObject({ _tag: "AlreadyExists", id: "li" });
    expect(lines[3]?.error.message).toContain("--no-such-flag");
    expect(lines[4]?.error.message).toBe("serve is not run in a batch: serve runs until it is stopped.");
    expect(lines[5]?.result.state.name).toBe("Li O'Neil");
    expect(ran.stderr).toContain("line 3: A member with id li already exists.");
  }, 240_000);

  it("--stop-on-error runs no line after the first that fails, and says how many did not run", async () => {
    const dataDir = freshFolder();
    const script = join(work, "stop.txt");
    writeFileSync(script, [INIT, member(1), member(1), member(2), member(3)].join("\n"));
    const ran = await cli(["--data-dir", dataDir, "batch", "--stop-on-error", script]);
    expect(ran.code).toBe(5);
    expect(ran.stderr).toContain(
      "line 3: stopped here (--stop-on-error): the 2 commands after it did not run.",
    );
    const shown = await cli(["--data-dir", dataDir, "member", "show", "p2"]);
    expect(shown.code).toBe(3);
  }, 240_000);
});
