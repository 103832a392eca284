import { describe, expect, it } from "vitest";
import { isStorableText, text, UNSTORABLE_TEXT } from "./text.ts";

describe("the text primitive", () => {
  it("keeps any text but a NUL or half a surrogate pair", () => {
    for (const s of ["", "Acme", "naïve — 東京 🚀", "\u202eevil", "tab\tnew\nline"])
      expect(isStorableText(s)).toBe(true);
    for (const s of ["a\u0000b", "\u0000", "half \ud800", "\udc00 half", "\ud83d"])
      expect(isStorableText(s)).toBe(false);
  });

  it("refuses unstorable text in words, with the checks chained after it", () => {
    const name = text().trim().min(1).max(10);
    expect(name.safeParse("  Acme ").data).toBe("Acme");
    expect(name.safeParse("Ac\u0000me").error?.issues.map((i) => i.message)).toEqual([UNSTORABLE_TEXT]);
  });
});
