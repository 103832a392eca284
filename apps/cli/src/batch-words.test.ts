import { describe, expect, it } from "vitest";
import { lineWords } from "./batch-words.ts";

describe("lineWords", () => {
  it("splits on blanks and keeps quoted words whole, as a shell does", () => {
    expect(lineWords(`member create "Jo Park" --email jo@x.test`)).toEqual({
      ok: true,
      words: ["member", "create", "Jo Park", "--email", "jo@x.test"],
    });
    expect(lineWords(`account create 'O"Brien & Co' --id obrien`)).toEqual({
      ok: true,
      words: ["account", "create", 'O"Brien & Co', "--id", "obrien"],
    });
    expect(lineWords(`a "say \\"hi\\" \\\\ there" b\\ c ''`)).toEqual({
      ok: true,
      words: ["a", 'say "hi" \\ there', "b c", ""],
    });
  });

  it("expands nothing: a dollar, a star and a pipe are characters of a word", () => {
    expect(lineWords("opp list --account $HOME * | head")).toEqual({
      ok: true,
      words: ["opp", "list", "--account", "$HOME", "*", "|", "head"],
    });
  });

  it("reads a line starting with [ as a JSON array of words", () => {
    expect(lineWords(`["member", "create", "Li O'Neil", "--email", "li@x.test"]`)).toEqual({
      ok: true,
      words: ["member", "create", "Li O'Neil", "--email", "li@x.test"],
    });
    expect(lineWords(`["member", 3]`)).toMatchObject({
      ok: false,
      message: expect.stringContaining("array of strings"),
    });
    expect(lineWords(`[member`)).toMatchObject({ ok: false, message: expect.stringContaining("not JSON") });
  });

  it("refuses a line whose quote is not closed, in words", () => {
    expect(lineWords(`member create "Jo Park --email jo@x.test`)).toEqual({
      ok: false,
      message: "a double quote is not closed.",
    });
    expect(lineWords("trailing \\")).toEqual({ ok: false, message: "the line ends with a backslash." });
  });
});
