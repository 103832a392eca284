// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  captureTypeahead,
  onPaletteRequest,
  paletteBusy,
  setPaletteOpen,
  stopTypeahead,
  takeTypeahead,
} from "./typeahead.ts";

afterEach(() => setPaletteOpen(false));

/** Dispatches a keydown on `target` (the body unless said) and answers whether a later listener saw it. */
function press(key: string, init: KeyboardEventInit = {}, target: HTMLElement = document.body): boolean {
  let reached = false;
  const later = () => {
    reached = true;
  };
  document.addEventListener("keydown", later);
  target.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init }));
  document.removeEventListener("keydown", later);
  return reached;
}

describe("Ctrl-K and the keys typed at once", () => {
  window.addEventListener("keydown", captureTypeahead, true);

  it("asks for the palette on the key event itself, and keeps the letters typed next from the shortcuts", () => {
    const request = vi.fn();
    const off = onPaletteRequest(request);
    expect(press("k", { ctrlKey: true })).toBe(false);
    expect(request).toHaveBeenCalledTimes(1);
    expect(paletteBusy()).toBe(true);
    // "julia": its "l" is the Tasks shortcut; none of the letters reaches a later listener.
    for (const key of "julia") expect(press(key)).toBe(false);
    const shown: string[] = [];
    expect(takeTypeahead((t) => shown.push(t))).toBe("julia");
    press(" ");
    press("m");
    expect(shown).toEqual(["julia ", "julia m"]);
    off();
  });

  it("hands the keys to the palette's own field once it has the focus, from another field too", () => {
    const off = onPaletteRequest(() => {});
    const other = document.createElement("input");
    const field = document.createElement("input");
    field.dataset.paletteField = "true";
    document.body.append(other, field);
    other.focus();
    press("K", { metaKey: true, shiftKey: false }, other);
    expect(press("a", {}, other)).toBe(false);
    expect(takeTypeahead(() => {})).toBe("a");
    expect(press("b", {}, field)).toBe(true);
    expect(paletteBusy()).toBe(false);
    other.remove();
    field.remove();
    off();
  });

  it("remembers a Ctrl-K pressed before the layout listens, and runs no shortcut while the palette is open", () => {
    stopTypeahead();
    press("k", { ctrlKey: true });
    expect(paletteBusy()).toBe(true);
    const request = vi.fn();
    const off = onPaletteRequest(request);
    expect(request).toHaveBeenCalledTimes(1);
    setPaletteOpen(true);
    stopTypeahead();
    expect(paletteBusy()).toBe(true);
    setPaletteOpen(false);
    expect(paletteBusy()).toBe(false);
    // Without Ctrl-K, keys pass untouched.
    expect(press("l")).toBe(true);
    off();
  });
});
