import { describe, expect, it } from "vitest";
import { CsvParser, csvLine, guessDelimiter } from "./csv.ts";

const parse = (chunks: string[], delimiter = ",") => {
  const p = new CsvParser(delimiter);
  return [...chunks.flatMap((c) => p.push(c)), ...p.end()];
};

describe("CsvParser", () => {
  it("reads quoted cells with delimiters, doubled quotes and line breaks", () => {
    expect(parse(['name,note\r\n"Acme, Inc.","said ""hi""\nthen left"\r\nBeta,x'])).toEqual([
      ["name", "note"],
      ["Acme, Inc.", 'said "hi"\nthen left'],
      ["Beta", "x"],
    ]);
  });

  it("gives the same records whatever the chunk boundaries", () => {
    const text = '\ufeffa,b\r\n"x ""y""",2\r\n3,"4\r\n5"\n';
    const whole = parse([text]);
    for (let cut = 1; cut < text.length; cut++)
      expect(parse([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
    expect(whole).toEqual([
      ["a", "b"],
      ['x "y"', "2"],
      ["3", "4\r\n5"],
    ]);
  });

  it("guesses a semicolon or tab delimiter from the header", () => {
    expect(guessDelimiter("Name;Amount;Close Date")).toBe(";");
    expect(guessDelimiter("Name\tAmount")).toBe("\t");
    expect(guessDelimiter('"a;b",c')).toBe(",");
  });
});

describe("csvLine", () => {
  it("quotes only the cells that need it", () => {
    expect(csvLine(["plain", "a,b", 'say "x"', "two\nlines"])).toBe('plain,"a,b","say ""x""","two\nlines"');
  });
});
