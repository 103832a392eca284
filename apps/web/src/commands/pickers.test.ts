import { describe, expect, it } from "vitest";
import { contactChoices } from "./pickers.ts";

describe("contactChoices: the 'With' picker of a call or a meeting", () => {
  it("offers the contacts who still work at the client, not those who left (inactive)", () => {
    const choices = contactChoices([
      { id: "c1", name: "Julia Fournier", title: "CMO", active: true },
      { id: "c2", name: "Julia Fournier", title: null, active: false },
      { id: "c3", name: "Bruno Michel", active: true },
    ]);
    expect(choices).toEqual([
      { value: "c1", label: "Julia Fournier (CMO)" },
      { value: "c3", label: "Bruno Michel" },
    ]);
  });
});
