import { describe, expect, it } from "vitest";
import { importExitCode, mapColumns } from "./import.ts";

describe("mapColumns", () => {
  it("maps the source id's column, also under its former name externalId (exports written before sourceId)", () => {
    expect(mapColumns(["sourceId", "name"], "opportunity", undefined, []).fields).toEqual([
      "sourceId",
      "name",
    ]);
    expect(mapColumns(["externalId", "Name"], "account", undefined, []).fields).toEqual(["sourceId", "name"]);
    // The product's own id is not a row field: ignored, never taken for the source's.
    expect(mapColumns(["id", "name"], "account", undefined, []).ignored).toEqual(["id"]);
  });
});

describe("mapColumns without a preset", () => {
  it("reads the headers people write for a field under another name, where the row has that field", () => {
    const header = ["Name", "Account", "Value", "Close Date", "Deal Owner", "Stage"];
    expect(mapColumns(header, "opportunity", undefined, []).fields).toEqual([
      "name",
      "accountName",
      "amount",
      "closeDate",
      "owner",
      "stage",
    ]);
    // An account row's own name is not its account's name.
    expect(mapColumns(["Name", "Account"], "account", undefined, []).fields[0]).toBe("name");
  });

  it("names the field a near-miss header probably meant, and still ignores it", () => {
    const mapping = mapColumns(["Name", "Acount", "Amout", "Notes"], "opportunity", undefined, []);
    expect(mapping.ignored).toEqual(["Acount", "Amout", "Notes"]);
    expect(Object.fromEntries(mapping.meant ?? [])).toEqual({ Acount: "accountName", Amout: "amount" });
    // Mapped on purpose ("--map Acount="), it is not second-guessed.
    expect(mapColumns(["Acount"], "opportunity", undefined, [["Acount", ""]]).meant?.size).toBe(0);
  });
});

describe("importExitCode", () => {
  it("is 0 only when every row was imported or skipped, 7 when some were rejected, 8 when all were", () => {
    expect(importExitCode({ read: 0, rejected: 0 })).toBe(0);
    expect(importExitCode({ read: 5, rejected: 0 })).toBe(0);
    expect(importExitCode({ read: 5, rejected: 2 })).toBe(7);
    expect(importExitCode({ read: 5, rejected: 5 })).toBe(8);
  });
});
