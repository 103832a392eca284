// The README's roles table is the domain's PERMISSION_MATRIX in words: this test renders the table from the
// matrix (readme-roles.ts) and fails when the README's copy (between the roles-table markers) differs, printing
// the table to paste. Also: the webhook allow-list variable the API reads is documented among the variables.
import { readFileSync } from "node:fs";
import { PERMISSION_MATRIX, ROLES } from "@accountable/domain";
import { describe, expect, it } from "vitest";
import { END, rolesTable, START, words } from "./readme-roles.ts";

const README = new URL("../../../README.md", import.meta.url);

describe("the README", () => {
  const readme = readFileSync(README, "utf8");

  it("has the roles table exactly as PERMISSION_MATRIX says it", () => {
    const from = readme.indexOf(START);
    const to = readme.indexOf(END);
    expect(from, `README.md has no roles table; add:\n\n${rolesTable()}\n`).toBeGreaterThan(-1);
    expect(readme.slice(from, to + END.length)).toBe(rolesTable());
  });

  it("names every role's money rule in words a reader can check against the matrix", () => {
    for (const role of ROLES) {
      const row = rolesTable()
        .split("\n")
        .find((l) => l.startsWith(`| \`${role}\` |`))!;
      const cells = row.split(" | ");
      expect(cells[2]).toBe(words("finance.read", PERMISSION_MATRIX[role]["finance.read"]));
      expect(cells[3]).toBe(words("quota.read", PERMISSION_MATRIX[role]["quota.read"]));
    }
    // A viewer sees no money and no quota target (issue 10's first complaint).
    expect(rolesTable()).toMatch(/\| `viewer` \| all \| none: masked \| none: masked \|/);
  });

  it("documents the webhook allow-list variable the server reads", () => {
    const config = readFileSync(new URL("../src/config.ts", import.meta.url), "utf8");
    expect(config).toContain("WEBHOOK_ALLOWED_HOSTS");
    expect(readme).toMatch(/^\| `WEBHOOK_ALLOWED_HOSTS` \| .+ \|$/m);
  });
});
