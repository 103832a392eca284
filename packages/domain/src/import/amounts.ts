import { err, ok, type Result } from "../kernel/result.ts";

// Amounts as a file writes them. Spreadsheets in much of Europe write 50.000,00 for fifty thousand (a decimal
// comma, points or spaces between thousands) and separate their cells with `;`, since the comma is taken; the
// rest write 50,000.00. An import reads a file's amounts one way, said by the adapter (see `ImportFacts`), and
// refuses a cell written the other way instead of guessing: 12.50 read as twelve and a half in one row and
// 1.250 as one thousand two hundred and fifty in the next would be a thousandfold error nobody sees.

/** The character between the units and the decimals of a file's amounts. */
export const DECIMAL_MARKS = [".", ","] as const;
export type DecimalMark = (typeof DECIMAL_MARKS)[number];

// Between groups of three digits: the other mark, a space, a no-break or narrow no-break space, or an apostrophe
// (Switzerland).
const SPACES = "\\s\\u00a0\\u202f'";
const grouped = (separators: string, mark: string, lead: string) =>
  new RegExp(`^([-+]?)(\\d${lead}(?:[${separators}]\\d{3})+|\\d+)(?:\\${mark}(\\d+))?$`);
const READERS: Readonly<Record<DecimalMark, RegExp>> = {
  // A point file's first group may be longer than three digits ("7919,001.50"), as the import always read it.
  ".": grouped(`,${SPACES}`, ".", "+"),
  ",": grouped(`.${SPACES}`, ",", "{1,3}"),
};

/** How a person reads a decimal mark in a sentence. */
const MARK_WORDS: Readonly<Record<DecimalMark, string>> = { ".": "a decimal point", ",": "a decimal comma" };
const other = (mark: DecimalMark): DecimalMark => (mark === "." ? "," : ".");

/**
 * "1.500" in a file that did not say its decimal mark: one and a half with a decimal point, or one thousand five
 * hundred with a point between thousands, as much of Europe writes it. One to three digits (not a lone 0), a
 * point, exactly three digits: nothing else in the cell tells which.
 */
export function isAmbiguousPoint(cell: string): boolean {
  return /^[-+]?[1-9]\d{0,2}\.\d{3}$/.test(cell.trim());
}

/**
 * Reads an amount cell written with this decimal mark into plain digits with a point ("50.000,00" → "50000.00",
 * "1 234,5" → "1234.5"), or says why not: a cell that reads only with the other mark is refused with what it
 * would be under each, so the person can tell which the file meant (and say it with `--decimal`). Without a mark
 * said (undefined), amounts are read with a point, but a cell the point leaves ambiguous ("1.500", see
 * `isAmbiguousPoint`) is refused naming both readings, as "50,000" is in a decimal-comma file: a thousandfold
 * error nobody sees is worse than a row to correct.
 */
export function readImportDecimal(cell: string, said: DecimalMark | undefined): Result<string, string> {
  const mark = said ?? ".";
  const text = cell.trim();
  const read = (m: DecimalMark) => {
    const found = READERS[m].exec(text);
    if (!found) return undefined;
    const units = found[2]!.replace(/\D/g, "");
    return `${found[1] === "-" ? "-" : ""}${units}${found[3] === undefined ? "" : `.${found[3]}`}`;
  };
  const value = read(mark);
  // "50,000" with a decimal comma: fifty, written with three decimals no amount needs, or fifty thousand written
  // with a thousands comma by a file that is not what its delimiter says. Neither is read.
  if (value !== undefined && mark === "," && /^[-+]?\d{1,3},\d{3}$/.test(text))
    return err(
      `"${cell}" could be ${value} (with this file's decimal comma) or ${text.replace(",", "")} (with a comma between thousands), so it is not read: write ${text.replace(",", "")} if that is the amount`,
    );
  if (value !== undefined && said === undefined && isAmbiguousPoint(text)) {
    const decimal = value.replace(/\.?0+$/, "");
    const thousands = text.replace(".", "");
    return err(
      `"${cell}" could be ${decimal} (with a decimal point) or ${thousands} (with a point between thousands), and the file does not say which, so it is not read: write ${thousands} or ${decimal}, as the amount is, or import again with --decimal . if the file's points are decimals (--decimal , if they group thousands)`,
    );
  }
  if (value !== undefined) return ok(value);
  const otherwise = read(other(mark));
  if (otherwise !== undefined)
    return err(
      `"${cell}" is written with ${MARK_WORDS[other(mark)]} (it would be ${otherwise}), and this file's amounts are read with ${MARK_WORDS[mark]}, where it is no amount: write it as the other amounts of the file, or import again with --decimal ${other(mark)} if the whole file writes amounts so`,
    );
  return err(
    `"${cell}" is not an amount: write digits with ${MARK_WORDS[mark]} for decimals, such as ${mark === "." ? "12000.50 or 12,000.50" : "12000,50 or 12.000,50"}, without a currency sign`,
  );
}
