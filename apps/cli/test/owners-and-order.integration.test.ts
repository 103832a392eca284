// Owners named as people name them (`--owner amir`, an e-mail, a full name), who owns an account created
// without --owner, `opp list`'s default order (open deals first), and a misspelt required flag — each through
// the built binary, as a subprocess with its own data folder.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, cli, cliJson } from "./run-cli.ts";

let dataDir: string;
const env = () => ({ ACCOUNTABLE_DATA_DIR: dataDir });
const run = (...args: string[]) => cli(args, { env: env() });
const json = <T = Record<string, unknown>>(args: string[], expected = 0) =>
  cliJson<T>(args, expected, { env: env() });

interface Executed {
  id: string;
  state: Record<string, unknown>;
}
interface Page {
  items: { id: string; status: string; ownerId: string; closeDate: string | null }[];
  nextCursor: string | null;
}

const deal = (id: string, owner: string, closeDate: string, ...more: string[]) =>
  json<Executed>([
    "opp",
    "create",
    `Deal ${id}`,
    "--id",
    id,
    "--account",
    "acme",
    "--owner",
    owner,
    "--amount",
    "1000 EUR",
    "--close-date",
    closeDate,
    ...more,
  ]);

beforeAll(async () => {
  assertBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "accountable-owners-"));
  await json([
    "init",
    "--name",
    "Owners Agency",
    "--admin-name",
    "Ada Park",
    "--admin-email",
    "ada@own.test",
  ]);
  for (const [id, name, email, role] of [
    ["amir", "Amir Andersen", "amir@own.test", "account_executive"],
    ["sam-1", "Sam Okafor", "sam.okafor@own.test", "account_executive"],
    ["sam-2", "Sam Lindqvist", "sam.l@own.test", "account_executive"],
    ["kim-1", "Kim Lee", "kim.lee@own.test", "viewer"],
    ["kim-2", "Kim Lee", "kim.lee2@own.test", "viewer"],
  ] as const)
    await json(["member", "create", name, "--email", email, "--role", role, "--id", id]);
}, 240_000);

afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("account create without --owner", () => {
  it("asks an admin to name the owner when the workspace has account executives, and says how", async () => {
    const ran = await run("account", "create", "Acme");
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('Say who owns "Acme": --owner');
    expect(ran.stderr).toContain("Amir Andersen");
    expect(ran.stderr).toContain("--owner me");
    expect((await run("account", "show", "acme")).code).toBe(3);
  });

  it("takes an owner by first name, e-mail or 'me'", async () => {
    expect((await json<Executed>(["account", "create", "Acme", "--owner", "amir"])).state.ownerId).toBe(
      "amir",
    );
    const byMail = await json<Executed>(["account", "create", "Globex", "--owner", "SAM.L@own.test"]);
    expect(byMail.state.ownerId).toBe("sam-2");
    const mine = await json<Executed>(["account", "create", "Initech", "--owner", "me"]);
    expect(mine.state.ownerId).not.toBe("amir");
  });

  it("gives an account executive acting on their own the account", async () => {
    const own = await json<Executed>(["--as", "amir", "account", "create", "Hooli"]);
    expect(own.state.ownerId).toBe("amir");
  });

  it("refuses a viewer in the domain's words (exit 4) instead of asking whom the account is for", async () => {
    const ran = await run("--as", "kim-2", "account", "create", "Vandelay");
    expect(ran.code).toBe(4);
    expect(ran.stderr).not.toContain("Say who owns");
    expect(ran.stderr).toMatch(/may not create an account/);
  });

  it("says it in --help", async () => {
    const help = await run("account", "create", "--help");
    expect(help.stdout).toMatch(/--owner <member>[\s\S]*'me'[\s\S]*account executive/);
  });
});

describe("opp list --owner, resolved as an import resolves owners", () => {
  beforeAll(async () => {
    await deal("d-amir-open", "Amir Andersen", "2027-05-01");
    await deal("d-sam-open", "sam.okafor@own.test", "2027-02-01");
    await deal("d-amir-next", "amir", "2027-01-15");
  }, 120_000);

  it("by full name, first name, e-mail or id, several at once", async () => {
    for (const owner of ["Amir Andersen", "amir andersen", "AMIR", "amir@own.test"]) {
      const page = await json<Page>(["opp", "list", "--owner", owner]);
      expect(
        page.items.every((o) => o.ownerId === "amir"),
        owner,
      ).toBe(true);
      expect(page.items.map((o) => o.id)).toContain("d-amir-open");
    }
    const both = await json<Page>(["opp", "list", "--owner", "amir,sam.okafor@own.test"]);
    expect(new Set(both.items.map((o) => o.ownerId))).toEqual(new Set(["amir", "sam-1"]));
  });

  it("says in words who an ambiguous owner could be (exit 2) and who is nearest an unknown one (exit 3)", async () => {
    const sam = await run("opp", "list", "--owner", "sam");
    expect(sam.code).toBe(2);
    expect(sam.stderr).toContain('--owner "sam" could be 2 members');
    expect(sam.stderr).toContain("sam.okafor@own.test");
    const kim = await run("opp", "list", "--owner", "Kim Lee");
    expect(kim.code).toBe(2);
    expect(kim.stderr).toContain("2 members are named so");
    expect(kim.stderr).toContain("give the e-mail address instead");
    // Nobody by that name or address: not found (exit 3), as a name no account has.
    const typo = await run("opp", "list", "--owner", "amri");
    expect(typo.code).toBe(3);
    expect(typo.stderr).toContain("no member of this workspace is named so");
    expect(typo.stderr).toContain("did you mean Amir Andersen");
    const mail = await run("opp", "list", "--owner", "nobody@own.test");
    expect(mail.code).toBe(3);
    expect(mail.stderr).toContain("no member of this workspace has that e-mail address");
  });
});

describe("--as names the acting member as --owner does", () => {
  it("by id, full name, first name or e-mail; an ambiguous name is refused in words (exit 2), nobody's not found (exit 3)", async () => {
    for (const as of ["amir", "Amir Andersen", "AMIR", "amir@own.test"]) {
      const own = await json<Executed>(["--as", as, "account", "create", `Own ${as}`, "--allow-duplicate"]);
      expect(own.state.ownerId, as).toBe("amir");
    }
    // Nobody by that name or id: not found (exit 3) with the nearest, as the README says of a name none has.
    for (const typed of ["Amri", "Nobody Here"]) {
      const nobody = await run("--as", typed, "opp", "list");
      expect(nobody.code, typed).toBe(3);
      expect(nobody.stderr).toContain(
        `--as "${typed}": no member of this workspace is named so or has that id`,
      );
      expect(nobody.stderr).not.toContain("does not belong");
      if (typed === "Amri") expect(nobody.stderr).toContain("did you mean Amir Andersen");
    }
    const sam = await run("--as", "sam", "opp", "list");
    expect(sam.code).toBe(2);
    expect(sam.stderr).toContain('--as "sam" could be 2 members');
  }, 180_000);
});

describe("opp list's default order", () => {
  beforeAll(async () => {
    await deal("d-late", "amir", "2027-09-30");
    await deal("d-lost-early", "amir", "2026-02-01");
    await json(["opp", "move", "d-lost-early", "closed_lost", "--reason", "budget cut"]);
    await deal("d-lost-late", "amir", "2026-06-01");
    await json(["opp", "move", "d-lost-late", "closed_lost", "--reason", "went in-house"]);
  }, 120_000);

  it("puts open deals first, soonest close first, then the closed ones, latest first", async () => {
    const page = await json<Page>(["opp", "list"]);
    const statuses = page.items.map((o) => o.status);
    const firstClosed = statuses.findIndex((s) => s !== "open");
    expect(firstClosed).toBeGreaterThan(0);
    expect(statuses.slice(firstClosed).every((s) => s !== "open")).toBe(true);
    const open = page.items.slice(0, firstClosed).map((o) => o.closeDate!);
    expect(open).toEqual([...open].sort());
    const closed = page.items.filter((o) => o.status === "lost").map((o) => o.id);
    expect(closed.indexOf("d-lost-late")).toBeLessThan(closed.indexOf("d-lost-early"));
  });

  it("pages across the boundary without losing or repeating a deal", async () => {
    const all = (await json<Page>(["opp", "list"])).items.map((o) => o.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await json<Page>([
        "opp",
        "list",
        "--limit",
        "2",
        ...(cursor ? ["--cursor", cursor] : []),
      ]);
      seen.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it("keeps the asked order when --sort or --status is given", async () => {
    const byAmount = await json<Page>(["opp", "list", "--sort", "closeDate", "--order", "asc"]);
    expect(byAmount.items[0]!.id).toBe("d-lost-early");
    const lost = await json<Page>(["opp", "list", "--status", "lost"]);
    expect(lost.items.map((o) => o.id)).toEqual(["d-lost-early", "d-lost-late"]);
  });
});

describe("a misspelt required flag", () => {
  it("is reported as the misspelling, with the flag it most likely meant: exit 2", async () => {
    const ran = await run("opp", "create", "X", "--acount", "acme");
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain("unknown option '--acount'");
    expect(ran.stderr).toContain("--account");
    expect(ran.stderr).not.toContain("required option");
    const joined = await run("contact", "create", "Y", "--acount=acme");
    expect(joined.stderr).toContain("unknown option '--acount'");
  });

  it("a required flag really missing is still said as missing", async () => {
    const ran = await run("opp", "create", "X");
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain("required option '--account <account>' not specified");
    // … with what the flag is for, so the value to give is said at once.
    expect(ran.stderr).toContain("not specified: the account it is for: its name or id");
  });
});
