import { masked } from "@accountable/domain";
import { describe, expect, it } from "vitest";
import { show, showAll } from "./format.ts";

const hidden = masked("finance.read", "Viewers see no money (finance read is not granted)");

describe("show", () => {
  it("prints a value the reader may not see as 'masked', not as JSON, a figure or an empty mark", () => {
    expect(show(hidden)).toBe("masked");
    expect(showAll({ amount: hidden, name: "Acme" })).toEqual({ amount: "masked", name: "Acme" });
  });

  it("prints a list mixing money and masked values one by one", () => {
    expect(show([{ amount: 100, currency: "EUR" }, hidden])).toMatch(/^.*1\.00.*, masked$/);
  });

  it("keeps no value apart from a masked one", () => {
    expect(show(null)).toBe("—");
  });
});
