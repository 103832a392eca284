import { readFileSync } from "node:fs";
import { REFUSAL_TAGS } from "@accountable/domain";
import { describe, expect, it } from "vitest";
import { EXIT, EXIT_CODES } from "./exit-codes.ts";

describe("exit codes", () => {
  it("map every refusal of the domain, plus the service's own, InvalidCommand, the API's two and DataFolderInUse", () => {
    const tags = [
      ...REFUSAL_TAGS,
      "StaleVersion",
      "NotFound",
      "NotAMember",
      "InvalidCommand",
      "Unauthenticated",
      "ApiUnavailable",
      "DataFolderInUse",
    ].sort();
    expect(Object.keys(EXIT_CODES).sort()).toEqual(tags);
  });

  it("are documented in the README, each refusal with its code", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    for (const [tag, code] of Object.entries(EXIT_CODES))
      expect(readme, `README row for ${tag}`).toMatch(new RegExp(`^\\| *${code} *\\|[^\\n]*\`${tag}\``, "m"));
    for (const code of Object.values(EXIT)) expect(readme).toMatch(new RegExp(`^\\| *${code} *\\|`, "m"));
  });
});
