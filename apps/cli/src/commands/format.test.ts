import { masked } from "@accountable/domain";
import { describe, expect, it } from "vitest";
import { show, showAll, showRecord } from "./format.ts";

const hidden = masked("finance.read", "Viewers see no money (finance read is not granted)");

describe("show", () => {
  it("prints a value the reader may not see as 'masked', not as JSON, a figure or an empty mark", () => {
    expect(show(hidden)).toBe("masked");
    expect(showAll({ amount: hidden, name: "Acme" })).toEqual({ amount: "masked", name: "Acme" });
  });

  it("prints a list mixing money and masked values one by one", () => {
    expect(show([{ amount: 100, currency: "EUR" }, hidden])).toMatch(/^.*1\.00.*, masked$/);
  });

  it("prints a flat record (a deal's next step, a proposal) as one line of fields, never as JSON", () => {
    expect(show({ text: "Send the SOW", dueOn: "2026-12-20" })).toBe("text: Send the SOW; dueOn: 2026-12-20");
    expect(show({ amount: hidden, summary: "Phase 1", sentOn: null })).toBe(
      "amount: masked; summary: Phase 1",
    );
    expect(show({ a: null })).toBe("—");
    expect(show({ lines: [{ a: 1 }] })).toBe('{"lines":[{"a":1}]}');
  });

  it("shows a list of records (a plan's objectives) one item a line under its field, for show only", () => {
    const plan = {
      title: "Plan 2027",
      objectives: [
        { id: "o1", title: "Extend the desk", status: "open", dueDate: "2026-12-31", note: null },
        { id: "o2", title: "Cloud roadmap", status: "in_progress", dueDate: "2027-03-31", note: null },
      ],
      risks: [],
    };
    expect(showRecord(plan)).toEqual({
      title: "Plan 2027",
      objectives:
        "\n  · id: o1; title: Extend the desk; status: open; dueDate: 2026-12-31" +
        "\n  · id: o2; title: Cloud roadmap; status: in_progress; dueDate: 2027-03-31",
      risks: "—",
    });
    // history's details stay on one line.
    expect(showAll(plan).objectives).not.toContain("\n");
  });

  it("keeps no value apart from a masked one", () => {
    expect(show(null)).toBe("—");
  });
});
