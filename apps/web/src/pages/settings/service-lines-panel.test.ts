import { DEFAULT_SERVICE_LINES, defaultWorkspaceSettings } from "@accountable/domain";
import { describe, expect, it } from "vitest";
import { editedServiceLines } from "./service-lines-panel.tsx";

const settings = defaultWorkspaceSettings("EUR");

describe("editedServiceLines", () => {
  it("keeps the settings as they were when nothing is edited", () => {
    expect(editedServiceLines(settings, settings.serviceLines)).toEqual({ ok: true, settings });
    expect(settings.serviceLines).toEqual(DEFAULT_SERVICE_LINES);
  });

  it("turns the edited list into the catalog, in its order, trimmed; an empty catalog is allowed", () => {
    const next = editedServiceLines(settings, [" Paid social ", "Media"]);
    expect(next).toMatchObject({ ok: true, settings: { serviceLines: ["Paid social", "Media"] } });
    expect(editedServiceLines(settings, [])).toMatchObject({ ok: true, settings: { serviceLines: [] } });
  });

  it("names the line that is blank or listed twice", () => {
    expect(editedServiceLines(settings, ["Media", " "])).toEqual({
      ok: false,
      message: "Service line 2: a service line cannot be blank",
    });
    expect(editedServiceLines(settings, ["Media", "Creative", "MEDIA"])).toEqual({
      ok: false,
      message: 'Service line 3: "MEDIA" is listed twice (as line 1 too)',
    });
  });
});
