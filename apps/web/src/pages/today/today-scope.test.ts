import { describe, expect, it } from "vitest";
import { onlyMineByDefault } from "./today-scope.ts";

describe("Today's 'Only mine' default", () => {
  it("is on for those who hold work of their own, off for overseers and for a viewer, who holds nothing", () => {
    const on = (role: string) => onlyMineByDefault({ role, memberId: "m1" });
    expect(on("account_executive")).toBe(true);
    expect(on("assistant")).toBe(true);
    expect(on("admin")).toBe(false);
    expect(on("supervisor")).toBe(false);
    expect(on("viewer")).toBe(false);
    expect(onlyMineByDefault(undefined)).toBe(true);
  });
});
