import { describe, expect, it } from "vitest";
import { SearchQuerySchema, searchWords } from "./search.ts";

describe("SearchQuerySchema", () => {
  it("folds whitespace and trims the text, and defaults the limit", () => {
    expect(SearchQuerySchema.parse({ text: "  acme \t corp\n" })).toEqual({ text: "acme corp", limit: 20 });
  });

  it("refuses a search shorter than two characters once trimmed", () => {
    expect(SearchQuerySchema.safeParse({ text: "  a " }).success).toBe(false);
  });

  it("refuses a NUL character", () => {
    expect(SearchQuerySchema.safeParse({ text: "ac\u0000me" }).success).toBe(false);
  });

  it("refuses a search longer than 200 characters", () => {
    expect(SearchQuerySchema.safeParse({ text: "a".repeat(201) }).success).toBe(false);
  });

  it("refuses an unknown kind and an unknown field", () => {
    expect(SearchQuerySchema.safeParse({ text: "acme", kinds: ["invoice"] }).success).toBe(false);
    expect(SearchQuerySchema.safeParse({ text: "acme", sort: "name" }).success).toBe(false);
  });
});

describe("searchWords", () => {
  it("keeps runs of letters and digits, lower-cased", () => {
    expect(searchWords("ACME Corp. & Sons:* (2026)")).toEqual(["acme", "corp", "sons", "2026"]);
  });

  it("keeps letters of any script", () => {
    expect(searchWords("Müller Ærø")).toEqual(["müller", "ærø"]);
  });
});
