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

describe("importExitCode", () => {
  it("is 0 only when every row was imported or skipped, 7 when some were rejected, 8 when all were", () => {
    expect(importExitCode({ read: 0, rejected: 0 })).toBe(0);
    expect(importExitCode({ read: 5, rejected: 0 })).toBe(0);
    expect(importExitCode({ read: 5, rejected: 2 })).toBe(7);
    expect(importExitCode({ read: 5, rejected: 5 })).toBe(8);
  });
});
