// The CSV a list page exports, written as the CLI writes the lists it has no import format for: one column per
// field of the records, money as an amount column (decimal) and a currency column ("masked" where the reader may
// not see it), lists of words joined with
// "; ", anything nested as JSON; and safe in a spreadsheet (a cell starting with = + - @, tab or CR gets a '
// in front; a cell holding a comma, semicolon, tab, quote or line break is quoted).
import { type Currency, isMasked, toDecimalString } from "@accountable/domain";

const isMoney = (v: unknown): v is { amount: number; currency: string } =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as { amount?: unknown }).amount === "number" &&
  typeof (v as { currency?: unknown }).currency === "string";

/** One cell as text a spreadsheet shows as it is. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\t\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function flatten(row: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(row)) {
    // A list item's version (for a command's If-Match) is no field of the record.
    if (k === "version") continue;
    if (v === null || v === undefined) out[k] = "";
    // Money the reader may not see: the word, never a number (and no currency to give it away).
    else if (isMasked(v)) out[k] = "masked";
    else if (isMoney(v)) {
      out[k] = toDecimalString({ amount: v.amount, currency: v.currency as Currency });
      out[`${k}Currency`] = v.currency;
    } else if (Array.isArray(v) && v.every((x) => typeof x === "string")) out[k] = v.join("; ");
    else if (typeof v === "object") out[k] = JSON.stringify(v);
    else out[k] = String(v);
  }
  return out;
}

/** The rows as CSV: a header of every column any row has, then one line per row (CRLF, as RFC 4180 says). */
export function csvOf(rows: readonly Readonly<Record<string, unknown>>[]): string {
  const flat = rows.map(flatten);
  const columns: string[] = [];
  for (const r of flat) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  const lines = [
    columns.map(csvCell).join(","),
    ...flat.map((r) => columns.map((c) => csvCell(r[c] ?? "")).join(",")),
  ];
  return `${lines.join("\r\n")}\r\n`;
}
