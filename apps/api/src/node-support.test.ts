import { describe, expect, it } from "vitest";
import { endOfLifeWarning, NODE_END_OF_LIFE, NODE_TESTED } from "./node-support.ts";

describe("endOfLifeWarning", () => {
  it("warns about Node.js 20 from its end of life on, naming the day and the lines to use instead", () => {
    expect(endOfLifeWarning("v20.20.0", "2026-12-06")).toBe(
      "Node.js 20.20.0 reached its end of life on 2026-04-30 and gets no security fixes: use Node.js 24 or 22.",
    );
    expect(endOfLifeWarning("20.19.0", "2026-04-30")).toContain("end of life on 2026-04-30");
  });

  it("says nothing about a line before its end of life", () => {
    expect(endOfLifeWarning("20.20.0", "2026-04-29")).toBeUndefined();
    expect(endOfLifeWarning("22.23.3", "2026-12-06")).toBeUndefined();
    expect(endOfLifeWarning("24.21.0", "2026-12-06")).toBeUndefined();
  });

  it("warns about 22 and 24 once their days come", () => {
    expect(endOfLifeWarning("22.23.3", "2027-04-30")).toContain("end of life on 2027-04-30");
    expect(endOfLifeWarning("24.21.0", "2028-05-01")).toContain("end of life on 2028-04-30");
  });

  it("warns about an odd line after its short life", () => {
    expect(endOfLifeWarning("25.2.0", "2026-12-06")).toContain("end of life on 2026-06-01");
  });

  it("warns about a line older than the table, and not about one newer than it", () => {
    expect(endOfLifeWarning("16.20.2", "2026-12-06")).toBe(
      "Node.js 16.20.2 is long past its end of life and gets no security fixes: use Node.js 24 or 22.",
    );
    expect(endOfLifeWarning("99.0.0", "2026-12-06")).toBeUndefined();
  });

  it("says nothing about a version it cannot read", () => {
    expect(endOfLifeWarning("", "2026-12-06")).toBeUndefined();
    expect(endOfLifeWarning("next", "2026-12-06")).toBeUndefined();
  });

  it("knows the end of life of every line it recommends", () => {
    for (const line of NODE_TESTED) expect(NODE_END_OF_LIFE[line]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
