import { describe, expect, it } from "vitest";
import type { TargetImportResult } from "../../api/targets.ts";
import { importRequest, outcomeWords } from "./import-accounts.ts";

describe("importRequest", () => {
  it("sends pasted lines as rows, blank lines and spaces around names dropped", () => {
    expect(importRequest({ kind: "lines", text: " Acme \n\n Globex\r\nInitech\n" }, true)).toEqual({
      rows: ["Acme", "Globex", "Initech"],
      dryRun: true,
    });
    expect(importRequest({ kind: "lines", text: " \n " }, true)).toBeNull();
  });

  it("sends a CSV file's text as it is, with the column once one is chosen", () => {
    const text = "Company;Region\nAcme;EU\n";
    expect(importRequest({ kind: "csv", text, column: null }, true)).toEqual({ csv: text, dryRun: true });
    expect(importRequest({ kind: "csv", text, column: "Company" }, false)).toEqual({
      csv: text,
      column: "Company",
      dryRun: false,
    });
    expect(importRequest({ kind: "csv", text: "", column: null }, true)).toBeNull();
  });
});

describe("outcomeWords", () => {
  const result = (over: Partial<TargetImportResult>): TargetImportResult =>
    ({
      listId: "l1",
      read: 6,
      added: 3,
      skipped: 1,
      rejected: 2,
      skips: [],
      clients: 0,
      rejections: [],
      adds: [],
      dryRun: true,
      columns: null,
      column: null,
      ...over,
    }) as TargetImportResult;

  it("says what a preview would do and what an import did", () => {
    expect(outcomeWords(result({}))).toBe("3 accounts would be added, 1 skipped, 2 rejected (of 6 rows).");
    expect(outcomeWords(result({ dryRun: false, added: 1, read: 1, skipped: 0, rejected: 0 }))).toBe(
      "1 account added, 0 skipped, 0 rejected (of 1 row).",
    );
    expect(
      outcomeWords(result({ dryRun: false, added: 1, read: 3, skipped: 2, clients: 2, rejected: 0 })),
    ).toBe("1 account added, 2 skipped (2 clients already), 0 rejected (of 3 rows).");
  });
});
