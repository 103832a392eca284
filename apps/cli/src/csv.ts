// A streaming CSV reader and writer (RFC 4180: quoted fields, "" inside quotes, CR LF, LF or CR, newlines inside
// quotes; `,` `;` or tab separated; UTF-8, UTF-16 or Windows-1252) for CRM exports. The tokenizing is csv-parse's;
// this file adds what spreadsheets need around it: the encoding, the delimiter, blank lines left out, refusals in
// words. Records come one at a time, so a large file never sits in memory. (Measured on 100,000 deal rows, 13 MB:
// about 1.2× the CPU time of the hand-written tokenizer it replaced, ~0.15 s more per 100,000 rows — small beside
// the import's database work.)
//
// Every CSV the CLI writes is safe to open in a spreadsheet (OWASP's CSV injection guidance): a cell that starts
// with = + - @, a tab or a carriage return would be read as a formula, so it is written with a ' in front, and a
// cell holding a delimiter a spreadsheet may split on (, ; tab) is quoted. The reader takes that ' off again, so
// an exported file imports as the text it was.
import { createReadStream } from "node:fs";
import { csvLine, neutraliseCell, restoreCell } from "@accountable/service";
import { type CsvError, Parser } from "csv-parse";
import { invalid, type Refused } from "./failure.ts";

export interface CsvRecord {
  readonly cells: readonly string[];
  /** Bytes of the file read so far, for a progress bar. */
  readonly bytesRead: number;
  /** The file's delimiter, given or guessed (a `;` says how the file writes its amounts too). */
  readonly delimiter: string;
}

/**
 * Guesses the delimiter from the first line: the one of `,` `;` `\t` appearing most often outside quotes
 * (European spreadsheets write `;`).
 */
export function guessDelimiter(firstLine: string): string {
  const counts = new Map<string, number>([
    [",", 0],
    [";", 0],
    ["\t", 0],
  ]);
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  const [best, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  return count > 0 ? best : ",";
}

/**
 * csv-parse's tokenizer, fed chunk by chunk (its `Parser` stream runs the same `api.parse` on each chunk it is
 * written; called here directly, a chunk's records come back at once, without a stream's ticks in between).
 */
interface CsvParseApi {
  parse(
    chunk: Buffer | undefined,
    end: boolean,
    push: (record: string[]) => void,
    close: () => void,
  ): CsvError | undefined;
}

const LINE_BREAKS = /\r\n|\r|\n/g;

/**
 * Parses CSV text fed in chunks; `push` returns the records each chunk completes, `end` the last one. A quote
 * left open at the end of the text is refused, naming the line it opened on: read on, it would swallow every
 * row after it into one cell. A quote inside an unquoted cell (O"Brien) is text, as spreadsheets write it.
 */
export class CsvParser {
  private readonly api: CsvParseApi;
  /** The line (as an editor numbers them) the next record starts on. */
  private line = 1;

  /** `source` names the text in refusals (the file's path). */
  constructor(
    delimiter = ",",
    private readonly source = "the CSV",
  ) {
    const parser = new Parser({
      delimiter,
      record_delimiter: ["\r\n", "\n", "\r"],
      bom: true,
      relax_quotes: true,
      relax_column_count: true,
    });
    const api = (parser as unknown as { api?: CsvParseApi }).api;
    // `api` is the Parser's own field, not in its types: a csv-parse without it must fail here, not misread.
    if (typeof api?.parse !== "function") throw new Error("csv-parse's Parser no longer has api.parse.");
    this.api = api;
  }

  push(chunk: string): string[][] {
    return this.run(Buffer.from(chunk, "utf8"), false);
  }

  end(): string[][] {
    return this.run(undefined, true);
  }

  private run(chunk: Buffer | undefined, end: boolean): string[][] {
    const out: string[][] = [];
    const error = this.api.parse(
      chunk,
      end,
      (record) => {
        out.push(record);
        for (const cell of record)
          if (cell.length > 0 && (cell.includes("\n") || cell.includes("\r")))
            this.line += cell.match(LINE_BREAKS)!.length;
        this.line++;
      },
      () => {},
    );
    if (error) throw this.refusal(error);
    return out;
  }

  private refusal(error: CsvError): Refused {
    if (error.code === "CSV_QUOTE_NOT_CLOSED")
      return invalid(
        `${this.source}: the quoted cell opening on line ${this.line} is never closed, so every line after it would be read as one cell: close its quote (a quote inside a quoted cell is written twice: "").`,
        "file",
      );
    return invalid(
      `${this.source}: the record starting on line ${this.line} cannot be read as CSV (${error.message}).`,
      "file",
    );
  }
}

const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === "");

/** The encodings spreadsheets save CSV in: UTF-8, UTF-16 (Excel's "Unicode text") and Windows-1252 ("ANSI"). */
export const ENCODINGS = ["utf-8", "utf-16le", "utf-16be", "windows-1252"] as const;
export type Encoding = (typeof ENCODINGS)[number];

/**
 * The encoding of a file from its first bytes: its byte-order mark (UTF-8, UTF-16 LE or BE); else UTF-16 when
 * every other byte of the start is NUL (UTF-16 text without a mark); else UTF-8 when the bytes are valid UTF-8
 * (plain ASCII is); else Windows-1252, the encoding Excel's "CSV" uses on Windows in Western Europe and America.
 */
export function detectEncoding(head: Uint8Array): Encoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  const sample = head.subarray(0, Math.min(head.length, 512) & ~1);
  if (sample.length >= 4) {
    let oddNul = 0;
    let evenNul = 0;
    for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 === 0 ? evenNul++ : oddNul++;
    const half = sample.length / 2;
    if (oddNul > half * 0.9 && evenNul === 0) return "utf-16le";
    if (evenNul > half * 0.9 && oddNul === 0) return "utf-16be";
  }
  try {
    // A sequence cut off at the end of the sample is not an error (`stream`): the rest is in the next chunk.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return "utf-8";
  } catch {
    return "windows-1252";
  }
}

/**
 * The file's records, blank lines left out, each cell restored (see `restoreCell`). The encoding is detected
 * from the first chunk unless given (see `detectEncoding`); a byte-order mark is dropped. A file read as UTF-8
 * that turns out not to be, further on, is refused with the way out rather than read with replacement marks.
 */
export async function* readCsv(
  path: string,
  delimiter?: string,
  encoding?: Encoding,
): AsyncGenerator<CsvRecord> {
  let parser: CsvParser | undefined;
  let used = delimiter ?? ",";
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  let bytesRead = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    const bytes = chunk as Buffer;
    const read = encoding ?? detectEncoding(bytes);
    decoder ??= new TextDecoder(read, { fatal: read === "utf-8" });
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      throw invalid(
        `${path} is not UTF-8 after byte ${bytesRead.toLocaleString("en")}: give its encoding with --encoding (${ENCODINGS.join(", ")}).`,
        "encoding",
      );
    }
    bytesRead += bytes.length;
    if (!parser) {
      used = delimiter ?? guessDelimiter(text.split(/\r?\n/, 1)[0] ?? "");
      parser = new CsvParser(used, path);
    }
    for (const cells of parser.push(text))
      if (!isBlank(cells)) yield { cells: cells.map(restoreCell), bytesRead, delimiter: used };
  }
  const rest = decoder?.decode() ?? "";
  const tail = rest && parser ? parser.push(rest) : [];
  for (const cells of [...tail, ...(parser?.end() ?? [])])
    if (!isBlank(cells)) yield { cells: cells.map(restoreCell), bytesRead, delimiter: used };
}

// The writing side (csvLine) and the formula guard are the service's, shared with the API's export.
export { csvLine, neutraliseCell, restoreCell };
