// `accountable import <file.csv>`: a CRM export, column-mapped to the import's row fields and handed to the
// service's `importRows`, which reads every row with the domain's rules and answers imported, rejected (with
// reasons) or skipped (as a duplicate) for each. This file maps columns, shows progress and writes the rejects.
import { createWriteStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { finished } from "node:stream/promises";
import {
  CurrencySchema,
  DATE_FORMATS,
  type DateFormat,
  DECIMAL_MARKS,
  type DecimalMark,
  dateFormatEvidence,
  IMPORT_DATE_FIELDS,
  IMPORT_ROW_KINDS,
  type ImportDateField,
  type ImportRowKind,
  importRowFields,
  importRowFieldTypes,
  isExcelSerial,
  notACurrencyMessage,
  ROLES,
  RoleSchema,
  type RowIssue,
  withArticle,
} from "@accountable/domain";
import type { ImportSummary } from "@accountable/service";
import leven from "leven";
import type { Ctx } from "../context.ts";
import { type CsvRecord, csvLine, ENCODINGS, type Encoding, readCsv } from "../csv.ts";
import { EXIT } from "../exit-codes.ts";
import { invalid, Refused } from "../failure.ts";
import { PRESET_COLUMNS, PRESET_STAGES, PRESET_TYPES, PRESETS, type Preset } from "../import-presets.ts";
import { fields, table } from "../output.ts";
import { withBulkSession } from "../runtime.ts";

export interface ImportFlags {
  readonly kind?: string;
  readonly fields?: boolean;
  readonly preset?: string;
  readonly map?: readonly string[];
  readonly stageMap?: readonly string[];
  readonly source?: string;
  readonly rejects?: string;
  readonly delimiter?: string;
  readonly encoding?: string;
  readonly batchSize?: number;
  readonly dryRun?: boolean;
  readonly createOwners?: boolean;
  readonly ownerRole?: string;
  readonly currency?: string;
  readonly dateFormat?: string;
  readonly decimal?: string;
}

const squash = (s: string) => s.toLowerCase().replace(/[\s_\-().%]/g, "");

/**
 * Headers people write for a field under another name, read without a preset ("Account" → accountName): each
 * applies only where the row's kind has that field, after `--map` and the preset.
 */
const COMMON_NAMES: Readonly<Record<string, string>> = {
  account: "accountName",
  company: "accountName",
  client: "accountName",
  organization: "accountName",
  organisation: "accountName",
  deal: "name",
  dealname: "name",
  opportunity: "name",
  opportunityname: "name",
  value: "amount",
  dealvalue: "amount",
  dealowner: "owner",
  accountowner: "owner",
  salesagent: "owner",
  salesrep: "owner",
  expectedclosedate: "closeDate",
  product: "serviceLine",
  productname: "serviceLine",
  service: "serviceLine",
  parentaccount: "parent",
  parentcompany: "parent",
  parentorganization: "parent",
};

/** A header that says why a deal was lost: a loss word beside a reason word, in either order. */
const LOSS_REASON_LIKE =
  /\b(lost|loss)\b.*\b(reason|because|why|cause)|\b(reason|why|cause)\b.*\b(lost|loss)\b/i;

/** From how many rows an import's summary says its speed: below, the rate of a few rows says nothing. */
const SPEED_FROM_ROWS = 1_000;

/** Columns an export of ours writes beside the ones it reads back: ignored without a "looks like" note. */
const EXPORT_ONLY = new Set(["id", "parentid", "source"]);

/** `"Column=field"` pairs from repeated or comma-separated flags. */
function pairs(values: readonly string[] | undefined, flag: string): [string, string][] {
  return (values ?? [])
    .flatMap((v) => v.split(/,(?=[^,=]+=)/))
    .map((pair) => {
      const at = pair.lastIndexOf("=");
      if (at <= 0) throw invalid(`--${flag} expects "Column=field" pairs; "${pair}" has no "=".`, flag);
      return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
    });
}

/** The field whose header `typed` most likely misspells (2 edits at most; ties go to the longer shared start). */
function nearest(typed: string, names: readonly (readonly [string, string])[]): string | undefined {
  const prefix = (a: string, b: string) => {
    let n = 0;
    while (n < a.length && a[n] === b[n]) n++;
    return n;
  };
  const close = names
    .filter(([name]) => name.length > 3)
    .map(([name, field]) => ({ field, d: leven(typed, name), p: prefix(typed, name) }))
    .filter((c) => c.d <= 2)
    .sort((a, b) => a.d - b.d || b.p - a.p);
  return close[0]?.field;
}

/** Which row field each column feeds (null: ignored), and the columns left out. */
export interface Mapping {
  readonly fields: readonly (string | null)[];
  readonly ignored: readonly string[];
  /** Ignored columns whose header is a near miss of a field's: the field they probably meant. */
  readonly meant?: ReadonlyMap<string, string>;
}

/**
 * Maps the header: `--map` first, then the preset's columns, then any column named like a field ("Close Date"
 * → closeDate). `--map "Column="` ignores a column. A target that is no field of the row's kind is refused.
 */
export function mapColumns(
  header: readonly string[],
  kind: ImportRowKind | "by-column",
  preset: Preset | undefined,
  explicit: readonly [string, string][],
): Mapping {
  const known = new Set(
    kind === "by-column" ? IMPORT_ROW_KINDS.flatMap((k) => importRowFields(k)) : importRowFields(kind),
  );
  const byName = new Map(explicit.map(([column, field]) => [column.toLowerCase(), field]));
  for (const [column, field] of explicit) {
    if (field !== "" && !known.has(field))
      throw invalid(
        `--map ${column}=${field}: ${kind === "by-column" ? "a row" : withArticle(kind)} row has no field "${field}"; its fields: ${[...known].join(", ")}.`,
        "map",
      );
    if (!header.some((h) => h.toLowerCase() === column.toLowerCase()))
      throw invalid(
        `--map names a column "${column}" the file does not have; its columns: ${header.join(", ")}.`,
        "map",
      );
  }
  const presetColumns = preset && kind !== "by-column" ? PRESET_COLUMNS[preset][kind] : {};
  const auto = new Map([...known].map((f) => [squash(f), f]));
  for (const [name, field] of Object.entries(COMMON_NAMES))
    if (known.has(field) && !auto.has(name)) auto.set(name, field);
  // `externalId`, the source id's former name (exports before sourceId wrote it), still maps to it.
  if (known.has("sourceId")) auto.set(squash("externalId"), "sourceId");
  const result: (string | null)[] = header.map((column) => {
    const lower = column.trim().toLowerCase();
    if (byName.has(lower)) return byName.get(lower) || null;
    return presetColumns[lower] ?? auto.get(squash(column)) ?? null;
  });
  // A person is named once: when an export has both the owner's name and e-mail, the e-mail (unique) wins.
  for (const field of ["owner", "manager"]) {
    const at = result.flatMap((f, i) => (f === field ? [i] : []));
    if (at.length < 2) continue;
    const keep = at.find((i) => /e-?mail/i.test(header[i] ?? "")) ?? at[0];
    for (const i of at) if (i !== keep && !byName.has(header[i]!.trim().toLowerCase())) result[i] = null;
  }
  // A header nobody mapped on purpose that is a near miss of a field ("Acount", "Amout") is ignored all the same,
  // but named with the field it probably meant, so the person can map it.
  const meant = new Map<string, string>();
  header.forEach((column, i) => {
    if (result[i] !== null || byName.has(column.trim().toLowerCase()) || EXPORT_ONLY.has(squash(column)))
      return;
    // A column named like an id ("Deal ID", "RecordId") holds the source's id, never a name or an amount.
    if (/(^|[^a-zA-Z])id$/i.test(column.trim()) || /[a-z]Id$/.test(column.trim())) {
      if (known.has("sourceId")) meant.set(column, "sourceId");
      return;
    }
    // Why a deal was lost, however the other CRM words it ("Lost Because", "Reason Lost", "Why lost").
    if (LOSS_REASON_LIKE.test(column.trim())) {
      if (known.has("lossReason")) meant.set(column, "lossReason");
      return;
    }
    const near = nearest(squash(column), [...auto]);
    if (near) meant.set(column, near);
  });
  return { fields: result, ignored: header.filter((_, i) => result[i] === null), meant };
}

/** A record as the row the service reads: mapped cells (several columns into one field are joined by a space). */
function toRow(
  cells: readonly string[],
  mapping: Mapping,
  kind: ImportRowKind | "by-column",
  stages: ReadonlyMap<string, string>,
  types: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const row: Record<string, string> = kind === "by-column" ? {} : { kind };
  mapping.fields.forEach((field, i) => {
    const cell = cells[i]?.trim() ?? "";
    if (field === null || cell === "") return;
    row[field] = row[field] ? `${row[field]} ${cell}` : cell;
  });
  if (row.stage !== undefined) row.stage = stages.get(row.stage.toLowerCase()) ?? row.stage;
  if (row.type !== undefined) row.type = types[row.type.toLowerCase()] ?? row.type;
  return row;
}

function progressBar(fraction: number, done: number, rowsPerSecond: number): string {
  const width = 24;
  const filled = Math.round(Math.min(1, fraction) * width);
  return `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.floor(fraction * 100)
    .toString()
    .padStart(
      3,
    )}%  ${done.toLocaleString("en")} rows  ${Math.round(rowsPerSecond).toLocaleString("en")} rows/s `;
}

const reasonText = (reasons: readonly RowIssue[]) =>
  reasons.map((r) => `${r.field}: ${r.message}`).join("; ");

/** Writes the rejected records as they were in the file (its delimiter too), with their row number and reasons in front. */
/** Whether a file is there (a folder or nothing: false). */
async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

async function writeRejects(
  file: string,
  target: string,
  delimiter: string | undefined,
  encoding: Encoding | undefined,
  rejections: ImportSummary["rejections"],
): Promise<void> {
  const reasons = new Map(rejections.map((r) => [r.row, reasonText(r.reasons)]));
  const out = createWriteStream(target);
  let row = 0;
  // In the file's own delimiter, so a `;` file's decimal commas read the same when the corrected rows are imported.
  for await (const { cells, delimiter: used } of readCsv(file, delimiter, encoding)) {
    row++;
    if (row === 1) out.write(`${csvLine(["row", "reason", ...cells], used)}\n`);
    else if (reasons.has(row)) out.write(`${csvLine([String(row), reasons.get(row)!, ...cells], used)}\n`);
  }
  out.end();
  await finished(out);
}

/** `import --fields [--kind K]`: every field a column may be mapped to, with what it holds, for one kind or all. */
export function listFields(ctx: Ctx, kind: string | undefined): void {
  if (kind !== undefined && !(IMPORT_ROW_KINDS as readonly string[]).includes(kind))
    throw invalid(`--kind must be ${IMPORT_ROW_KINDS.join(", ")}.`, "kind");
  const kinds = kind === undefined ? IMPORT_ROW_KINDS : [kind as ImportRowKind];
  const rows = kinds.flatMap((k) => importRowFieldTypes(k).map((f) => ({ kind: k, ...f })));
  ctx.out.result(rows, () =>
    [
      table(
        ["kind", "field", "holds"],
        rows.map((r) => [r.kind, r.field, r.type]),
        ctx.out.style,
      ),
      ctx.out.style.dim(
        'Map a column to a field with --map "Column=field"; a column named like a field maps itself.',
      ),
    ].join("\n"),
  );
}

/** The exit code of a finished import: 0 only when every row was imported or skipped. */
export function importExitCode(summary: Pick<ImportSummary, "read" | "rejected">): number {
  if (summary.rejected === 0) return EXIT.ok;
  return summary.rejected === summary.read ? EXIT.allRowsRejected : EXIT.someRowsRejected;
}

/** A cell that shows (or leaves open) the file's date format, with the row it is on. */
interface DateSample {
  readonly row: number;
  readonly field: string;
  readonly cell: string;
}

/** How the file's year-last dates are read, and why: said with --date-format, or shown by one of its dates. */
export interface DateReading {
  readonly format: DateFormat;
  readonly how: "given" | "detected";
  /** The date that showed it (detected only). */
  readonly shownBy?: DateSample;
}

/** What the first pass learnt of the file's dates: their order, and the date columns of Excel serials. */
export interface FileDates {
  readonly reading: DateReading | undefined;
  /** The date fields every cell of whose column is an Excel serial (see `isExcelSerial`). */
  readonly excelSerialFields: readonly ImportDateField[];
  /** An amount that shows the file's points are decimals with three digits("1234.500"), read before the import. */
  readonly threeDecimals?: DateSample;
  /**
   * The file's records after its header, kept from this first pass when the file is small enough (see
   * `KEEP_RECORDS_UP_TO`), so the import does not read and parse it a second time; absent for a larger file.
   */
  readonly records?: readonly CsvRecord[];
}

/**
 * The largest file whose records the first pass keeps for the import (bytes on disk). Reading and parsing a
 * file twice cost ~0.3 s a 10,000-row file; kept, a record costs about three times its bytes in memory, so a
 * 64 MB file holds ~200 MB at most. A larger file is streamed twice, keeping memory flat whatever its size.
 */
const KEEP_RECORDS_UP_TO = 64 * 1024 * 1024;

/** An amount written with a decimal point and three decimals that no thousands grouping reads: "1234.500", "0.125". */
const THREE_DECIMALS = /^[-+]?(?:0|\d{4,}|\d{1,3}(?:,\d{3})+)\.\d{3}$/;

/**
 * Reads the whole file once before anything is written: a file-level fault anywhere — a quote never closed,
 * bytes that are not its encoding — refuses the file with nothing imported, and the dates tell which order they
 * are written in. A file of up to `keepUpTo` bytes has its records kept for the import; a larger one is read
 * again, streamed, so memory stays flat whatever the file's size.
 */
export async function readWholeFile(
  file: string,
  delimiter: string | undefined,
  encoding: Encoding | undefined,
  mapping: Mapping,
  given: DateFormat | undefined,
  keepUpTo = 0,
): Promise<FileDates> {
  const kept: CsvRecord[] | undefined = keepUpTo > 0 && (await stat(file)).size <= keepUpTo ? [] : undefined;
  const at = IMPORT_DATE_FIELDS.flatMap((f) =>
    mapping.fields.flatMap((m, i) => (m === f ? [[i, f] as const] : [])),
  );
  const amounts = mapping.fields.flatMap((m, i) =>
    m === "amount" || m === "annualRevenue" ? [[i, m] as const] : [],
  );
  let threeDecimals: DateSample | undefined;
  const first: Partial<Record<DateFormat | "either", DateSample>> = {};
  // A date column is one of Excel serials while every cell read so far is one (blanks aside), and one at least is.
  const serials = new Map<ImportDateField, boolean>();
  let row = 0;
  for await (const record of readCsv(file, delimiter, encoding)) {
    const { cells } = record;
    row++;
    if (row === 1) continue;
    kept?.push(record);
    for (const [i, field] of at) {
      const cell = cells[i]?.trim() ?? "";
      if (cell === "") continue;
      if (serials.get(field) !== false) serials.set(field, isExcelSerial(cell));
      const evidence = given !== undefined ? null : dateFormatEvidence(cell);
      if (evidence !== null) first[evidence] ??= { row, field, cell };
    }
    if (threeDecimals === undefined)
      for (const [i, field] of amounts) {
        const cell = cells[i]?.trim() ?? "";
        if (THREE_DECIMALS.test(cell)) threeDecimals = { row, field, cell };
      }
  }
  const excelSerialFields = [...serials].flatMap(([field, all]) => (all ? [field] : []));
  return {
    reading: dateReading(file, first, given),
    excelSerialFields,
    ...(threeDecimals ? { threeDecimals } : {}),
    ...(kept ? { records: kept } : {}),
  };
}

/** The order of the file's year-last dates: given, or shown by its dates; refused when they show both or none. */
function dateReading(
  file: string,
  first: Partial<Record<DateFormat | "either", DateSample>>,
  given: DateFormat | undefined,
): DateReading | undefined {
  if (given !== undefined) return { format: given, how: "given" };
  const dayFirst = first["DD/MM/YYYY"];
  const monthFirst = first["MM/DD/YYYY"];
  const flags = DATE_FORMATS.map((f) => `--date-format ${f}`).join(" or ");
  if (dayFirst && monthFirst)
    throw invalid(
      `${basename(file)} writes dates both ways: row ${dayFirst.row} has ${dayFirst.field} "${dayFirst.cell}" (day first), row ${monthFirst.row} has ${monthFirst.field} "${monthFirst.cell}" (month first). Say which the file uses with ${flags}; the rows written the other way are then rejected, each named.`,
      "dateFormat",
    );
  const shownBy = dayFirst ?? monthFirst;
  if (shownBy) return { format: dayFirst ? "DD/MM/YYYY" : "MM/DD/YYYY", how: "detected", shownBy };
  const open = first.either;
  if (open)
    throw invalid(
      `${basename(file)} writes dates as "${open.cell}" (row ${open.row}, ${open.field}), which is day first in some countries and month first in others, and none of its dates shows which: import again with ${flags}.`,
      "dateFormat",
    );
  return undefined;
}

export async function importCsv(ctx: Ctx, file: string | undefined, flags: ImportFlags): Promise<void> {
  if (flags.fields) return listFields(ctx, flags.kind);
  if (file === undefined)
    throw invalid(
      "import needs a file: accountable import <file.csv> (or --fields to list the fields).",
      "file",
    );
  const { out, globals } = ctx;
  const kind = (flags.kind ?? "opportunity") as ImportRowKind | "by-column";
  if (kind !== "by-column" && !(IMPORT_ROW_KINDS as readonly string[]).includes(kind))
    throw invalid(`--kind must be ${IMPORT_ROW_KINDS.join(", ")} or by-column.`, "kind");
  const preset = flags.preset?.toLowerCase() as Preset | undefined;
  if (preset !== undefined && !PRESETS.includes(preset))
    throw invalid(`--preset must be one of ${PRESETS.join(", ")}.`, "preset");
  const delimiter = flags.delimiter === "tab" ? "\t" : flags.delimiter;
  const encoding = flags.encoding
    ?.toLowerCase()
    .replace(/^(utf8|utf16le|utf16be|cp1252|ansi)$/, (e) =>
      e === "utf8" ? "utf-8" : e === "utf16le" ? "utf-16le" : e === "utf16be" ? "utf-16be" : "windows-1252",
    ) as Encoding | undefined;
  if (encoding !== undefined && !(ENCODINGS as readonly string[]).includes(encoding))
    throw invalid(`--encoding must be one of ${ENCODINGS.join(", ")}.`, "encoding");
  if (flags.ownerRole !== undefined && !flags.createOwners)
    throw invalid(
      "--owner-role goes with --create-owners: it is the role of the members it creates.",
      "ownerRole",
    );
  const currency = flags.currency === undefined ? undefined : CurrencySchema.safeParse(flags.currency.trim());
  if (currency && !currency.success)
    throw invalid(`--currency: ${notACurrencyMessage(flags.currency!)}.`, "currency");
  const givenFormat = flags.dateFormat?.trim().toUpperCase();
  if (givenFormat !== undefined && !(DATE_FORMATS as readonly string[]).includes(givenFormat))
    throw invalid(
      `--date-format must be ${DATE_FORMATS.join(" (day first) or ")} (month first): the order of a date written with numbers, year last; other forms (2027-03-31, 31.03.2027, 31-Mar-2027) are read without it.`,
      "dateFormat",
    );
  const givenMark = flags.decimal?.trim();
  if (givenMark !== undefined && !(DECIMAL_MARKS as readonly string[]).includes(givenMark))
    throw invalid(
      `--decimal must be . (12,000.50) or , (12.000,50): the character between an amount's units and its decimals; "${flags.decimal}" is neither.`,
      "decimal",
    );
  const ownerRole = flags.ownerRole === undefined ? undefined : RoleSchema.safeParse(flags.ownerRole);
  if (ownerRole && !ownerRole.success)
    throw invalid(`--owner-role must be one of ${ROLES.join(", ")}.`, "ownerRole");
  const stages = new Map<string, string>(Object.entries(preset ? PRESET_STAGES[preset] : {}));
  for (const [label, stage] of pairs(flags.stageMap, "stage-map")) stages.set(label.toLowerCase(), stage);

  // The header decides the mapping before anything opens, so a wrong --map costs nothing.
  const records = readCsv(file, delimiter, encoding);
  let header: readonly string[];
  let decimals: DecimalReading;
  try {
    const first = await records.next();
    if (first.done) throw invalid(`${file} is empty.`, "file");
    header = first.value.cells;
    decimals = decimalReading(givenMark as DecimalMark | undefined, first.value.delimiter);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw invalid(`There is no file ${file}.`, "file");
    throw e;
  }
  const mapping = mapColumns(header, kind, preset, pairs(flags.map, "map"));
  if (mapping.fields.every((f) => f === null))
    throw invalid(
      `No column of ${basename(file)} maps to ${kind === "by-column" ? "a row" : withArticle(kind)} field: use --preset or --map "Column=field" (accountable import --fields lists them).`,
      "map",
    );
  if (kind === "by-column" && !mapping.fields.includes("kind"))
    throw invalid(
      '--kind by-column needs a column mapped to "kind" (account, contact or opportunity).',
      "kind",
    );
  if (mapping.ignored.length > 0 && !globals.json)
    out.note(out.errStyle.dim(`Ignoring columns: ${mapping.ignored.join(", ")}`));
  for (const [column, field] of mapping.meant ?? [])
    if (!globals.json)
      out.note(`Column "${column}" looks like ${field}: to read it, add --map "${column}=${field}".`);

  // The whole file is read before the first write: a fault at its end refuses it with nothing imported.
  await records.return(undefined);
  const {
    reading: dates,
    excelSerialFields,
    threeDecimals,
    records: kept,
  } = await readWholeFile(
    file,
    delimiter,
    encoding,
    mapping,
    givenFormat as DateFormat | undefined,
    KEEP_RECORDS_UP_TO,
  );

  // A file that says nothing of its mark reads "1.500" as neither 1.5 nor 1500 (the domain refuses it naming
  // both), unless another of its amounts shows that its points are decimals with three digits ("1234.500").
  if (decimals.how === "default" && threeDecimals)
    decimals = { mark: ".", how: "file", shownBy: threeDecimals };

  let bytesRead = 0;
  const { size } = await stat(file);
  const path = file;
  const types = preset ? PRESET_TYPES[preset] : {};
  function* keptRows(records: readonly CsvRecord[]) {
    for (const record of records) {
      bytesRead = record.bytesRead;
      yield toRow(record.cells, mapping, kind, stages, types);
    }
  }
  async function* rows() {
    let header = true;
    for await (const record of readCsv(path, delimiter, encoding)) {
      if (header) {
        header = false;
        continue;
      }
      bytesRead = record.bytesRead;
      yield toRow(record.cells, mapping, kind, stages, types);
    }
  }

  const showProgress = process.stderr.isTTY === true;
  const summary = await withBulkSession(globals, async (session) => {
    const result = await session.service.importRows(
      session.workspaceId,
      session.actorId(),
      kept ? keptRows(kept) : rows(),
      {
        source: flags.source ?? preset ?? "csv",
        firstRow: 2,
        ...(flags.dryRun ? { dryRun: true } : {}),
        ...(flags.createOwners ? { createOwners: ownerRole?.success ? { role: ownerRole.data } : {} } : {}),
        ...(currency?.success ? { currency: currency.data } : {}),
        ...(dates ? { dateFormat: dates.format } : {}),
        ...(excelSerialFields.length > 0 ? { excelSerialFields: [...excelSerialFields] } : {}),
        ...(decimals.how === "default" ? {} : { decimalMark: decimals.mark }),
        ...(flags.batchSize === undefined ? {} : { batchSize: flags.batchSize }),
        ...(showProgress && {
          onProgress: (p: { done: number; rowsPerSecond: number }) => {
            process.stderr.write(progressBar(size > 0 ? bytesRead / size : 1, p.done, p.rowsPerSecond));
          },
        }),
      },
    );
    if (showProgress) process.stderr.write("\n");
    if (!result.ok) throw new Refused(result.error);
    return result.value;
  });

  let rejectsFile: string | null = null;
  const rejectsPath = flags.rejects ?? join(dirname(file), `${basename(file, extname(file))}.rejects.csv`);
  // An earlier run's rejects file beside the input, when this run rejects nothing: its rows are in now (or were
  // corrected), so it would list rows as rejected that are not. Removed, and said (not on a dry run).
  let staleRejectsRemoved: string | null = null;
  if (summary.rejected > 0) {
    rejectsFile = rejectsPath;
    await writeRejects(file, rejectsFile, delimiter, encoding, summary.rejections);
  } else if (!summary.dryRun && flags.rejects === undefined && (await exists(rejectsPath))) {
    await rm(rejectsPath);
    staleRejectsRemoved = rejectsPath;
  }

  const s = out.style;
  const n = (x: number) => x.toLocaleString("en");
  out.result(
    {
      ...summary,
      created: createdOf(summary),
      rejectsFile,
      staleRejectsRemoved,
      dates: dates ?? null,
      excelSerialFields,
      decimals,
      reasons: reasonGroups(summary.rejections),
      ignoredColumns: mapping.ignored,
      mapping: { fields: mapping.fields, ignored: mapping.ignored },
    },
    () =>
      [
        ...(summary.dryRun
          ? [
              s.yellow(
                "Dry run: every row went through the real import's checks, and then it was all rolled back; nothing was imported.",
              ),
            ]
          : []),
        `${s.green(summary.dryRun ? "Would import" : "Imported")} ${basename(file)} ${s.dim(`(source ${summary.source})`)}: read ${n(summary.read)} = imported ${n(summary.imported)} + rejected ${n(summary.rejected)} + skipped ${n(summary.skipped)}`,
        fields(
          {
            [summary.dryRun ? "would create" : "created"]: createdInWords(summary),
            ...(summary.parentsSet.length > 0
              ? {
                  "parents set": `${n(summary.parentsSet.length)} (on accounts that existed without one; their rows are counted as skipped)`,
                }
              : {}),
            ...(summary.ownersCreated.length > 0
              ? {
                  "owners made members": `${n(summary.ownersCreated.length)} (${summary.ownersCreated
                    .slice(0, 5)
                    .map((o) => `${o.name} as ${o.role}, ${o.email}`)
                    .join(
                      "; ",
                    )}${summary.ownersCreated.length > 5 ? "; …" : ""}); set their real e-mails before they sign in`,
                }
              : {}),
            ...(summary.defaults.length > 0
              ? {
                  "filled in": summary.defaults
                    .map((d) =>
                      d.field === "currency"
                        ? `amounts read as ${d.value} (the workspace's currency) on ${n(d.rows)} row${d.rows === 1 ? "" : "s"}: if they are not, import again with --currency`
                        : `${d.field} "${d.value}" on ${n(d.rows)} row${d.rows === 1 ? "" : "s"}`,
                    )
                    .join("; "),
                }
              : {}),
            currencies:
              Object.entries(summary.currencies)
                .map(([c, v]) => `${n(v)} in ${c}`)
                .join(", ") || "—",
            ...(dates || excelSerialFields.length > 0
              ? {
                  dates: [
                    ...(dates
                      ? [
                          `read as ${dates.format} (${
                            dates.shownBy
                              ? `the file's own: row ${dates.shownBy.row} has ${dates.shownBy.field} "${dates.shownBy.cell}"`
                              : "--date-format"
                          })`,
                        ]
                      : []),
                    ...(excelSerialFields.length > 0
                      ? [
                          `${excelSerialFields.join(", ")} read as Excel date serials (1900 date system; every cell of ${excelSerialFields.length === 1 ? "its column" : "their columns"} is one)`,
                        ]
                      : []),
                  ].join("; "),
                }
              : {}),
            ...(decimals.how === "default"
              ? {}
              : {
                  amounts: `read with a decimal ${decimals.mark === "," ? "comma, 12.000,50 being twelve thousand" : "point, 12,000.50 being twelve thousand"} (${
                    decimals.how === "given"
                      ? "--decimal"
                      : decimals.how === "file"
                        ? `the file's own: row ${decimals.shownBy?.row} has ${decimals.shownBy?.field} "${decimals.shownBy?.cell}", so 1.500 is one and a half; import with --decimal , if its points group thousands`
                        : `the file is ;-separated, as European spreadsheets write them; import with --decimal . if its amounts are written 12,000.50`
                  })`,
                }),
            ...(summary.read >= SPEED_FROM_ROWS
              ? { speed: `${n(Math.round(summary.rowsPerSecond))} rows/s` }
              : {}),
            ...(rejectsFile ? { rejects: `${rejectsFile} (each row with its reason)` } : {}),
            ...(staleRejectsRemoved
              ? { rejects: `none; removed ${staleRejectsRemoved}, an earlier run's (its rows are in now)` }
              : {}),
          },
          s,
        ),
        ...(summary.rejected > 0 ? [rejectedWhy(summary, rejectsFile, s)] : []),
        ...(rejectsFile && !summary.dryRun ? [nextSteps(rejectsFile, summary.rejections)] : []),
      ].join("\n"),
  );
  process.exitCode = importExitCode(summary);
}

/** The kinds of record an import creates, in the order the summary names them. */
const CREATED_KINDS = ["account", "contact", "opportunity", "member"] as const;
type CreatedKind = (typeof CREATED_KINDS)[number];

/**
 * The records the import created, by kind: a row's own record (importedByKind), and the accounts contact and
 * deal rows named when no account had that name (within accountsCreated). One count of each, so the summary never
 * says "0 account" beside "accounts created: 2".
 */
export function createdOf(
  summary: Pick<ImportSummary, "importedByKind" | "accountsCreated">,
): Record<CreatedKind, number> {
  const rows = summary.importedByKind as Partial<Record<string, number>>;
  return {
    account: Math.max(summary.accountsCreated, rows.account ?? 0),
    contact: rows.contact ?? 0,
    opportunity: rows.opportunity ?? 0,
    member: rows.member ?? 0,
  };
}

const PLURAL: Readonly<Record<CreatedKind, readonly [string, string]>> = {
  account: ["account", "accounts"],
  contact: ["contact", "contacts"],
  opportunity: ["opportunity", "opportunities"],
  member: ["member", "members"],
};

/**
 * What the import created, in words: "3 opportunities, 2 accounts (named by opportunity rows: no account had
 * those names)"; "nothing" when every row was skipped or rejected.
 */
export function createdInWords(summary: Pick<ImportSummary, "importedByKind" | "accountsCreated">): string {
  const created = createdOf(summary);
  const accountRows = (summary.importedByKind as Partial<Record<string, number>>).account ?? 0;
  const byName = created.account - accountRows;
  const namers = (["contact", "opportunity"] as const).filter((k) => created[k] > 0).map((k) => `${k} rows`);
  const n = (x: number) => x.toLocaleString("en");
  const parts = [...CREATED_KINDS]
    // A row's own kind first (an account file's accounts, a deal file's deals), then what its rows named.
    .sort(
      (a, b) => Number(a === "account" && accountRows === 0) - Number(b === "account" && accountRows === 0),
    )
    .filter((k) => created[k] > 0)
    .map((k) => {
      const words = `${n(created[k])} ${PLURAL[k][created[k] === 1 ? 0 : 1]}`;
      if (k !== "account" || byName === 0) return words;
      const named = `named by ${namers.join(" and ") || "the rows"}: no account had ${byName === 1 ? "that name" : "those names"}`;
      return accountRows === 0
        ? `${words} (${named})`
        : `${words} (${n(accountRows)} from account rows, ${n(byName)} ${named})`;
    });
  return parts.length === 0 ? "nothing" : parts.join(", ");
}

/** How the file's amounts are read: with a mark said (--decimal), one its `;` delimiter implies, or the point. */
export interface DecimalReading {
  readonly mark: DecimalMark;
  /** Said with --decimal, implied by a `;` delimiter, shown by an amount of the file (`shownBy`), or the point. */
  readonly how: "given" | "delimiter" | "file" | "default";
  readonly shownBy?: DateSample;
}

/**
 * A `;`-separated file comes from a spreadsheet where the comma is the decimal mark (much of Europe: the comma
 * being taken, cells are separated by `;`), so its amounts are read 12.000,50 unless `--decimal` says otherwise.
 */
export function decimalReading(given: DecimalMark | undefined, delimiter: string): DecimalReading {
  if (given !== undefined) return { mark: given, how: "given" };
  return delimiter === ";" ? { mark: ",", how: "delimiter" } : { mark: ".", how: "default" };
}

/** Rejections with the same reason (its field, and its words with the cells' values left out), most rows first. */
export interface ReasonGroup {
  readonly field: string;
  /** The words of the reason: the rows' own when they are all the same, else with each quoted value as "…". */
  readonly message: string;
  readonly rows: readonly number[];
}

/** The rejections grouped by reason, most rows first (a row with two reasons is in two groups). */
export function reasonGroups(rejections: ImportSummary["rejections"]): ReasonGroup[] {
  const groups = new Map<string, { field: string; messages: Set<string>; shape: string; rows: number[] }>();
  for (const r of rejections)
    for (const issue of r.reasons) {
      const shape = issue.message.replace(/"[^"]*"/g, '"…"');
      const key = `${issue.field}\n${shape}`;
      const group = groups.get(key) ?? { field: issue.field, messages: new Set(), shape, rows: [] };
      group.messages.add(issue.message);
      if (group.rows.at(-1) !== r.row) group.rows.push(r.row);
      groups.set(key, group);
    }
  return [...groups.values()]
    .map((g) => ({
      field: g.field,
      message: g.messages.size === 1 ? [...g.messages][0]! : g.shape,
      rows: g.rows,
    }))
    .sort((a, b) => b.rows.length - a.rows.length || a.rows[0]! - b.rows[0]!);
}

/** The most frequent reasons rows were rejected, with a few of their row numbers, and where every row is. */
function rejectedWhy(
  summary: ImportSummary,
  rejectsFile: string | null,
  s: { readonly bold: (t: string) => string },
): string {
  const SHOWN = 5;
  const groups = reasonGroups(summary.rejections);
  const plural = (n: number, one: string) => `${n.toLocaleString("en")} ${one}${n === 1 ? "" : "s"}`;
  const lines = groups.slice(0, SHOWN).map((g) => {
    const rows = g.rows.slice(0, 3).join(", ") + (g.rows.length > 3 ? " …" : "");
    return `  ${plural(g.rows.length, "row")}: ${g.field}: ${g.message} (row${g.rows.length === 1 ? "" : "s"} ${rows})`;
  });
  const more = groups.length - SHOWN;
  return [
    s.bold(
      `Why ${plural(summary.rejected, "row")} ${summary.rejected === 1 ? "was" : "were"} rejected${rejectsFile ? ` (each row with all its reasons: ${rejectsFile})` : ""}:`,
    ),
    ...lines,
    ...(more > 0 ? [`  and ${plural(more, "other reason")}: see the rejects file`] : []),
  ].join("\n");
}

/** What to do about rejected rows, in words (the exit code alone says only that some were). */
function nextSteps(
  rejectsFile: string,
  rejections: readonly {
    readonly reasons: readonly { readonly field: string; readonly message: string }[];
  }[],
): string {
  const unknownOwner = rejections.some((r) =>
    r.reasons.some((i) => i.field === "owner" && i.message.startsWith("no member")),
  );
  return [
    `Next: correct the rows in ${rejectsFile} and import that file the same way; the rows imported now are skipped.`,
    ...(unknownOwner
      ? [
          'Owners no member matches: add them first (accountable member create "Jane Doe" --email …), or import again with --create-owners.',
        ]
      : []),
  ].join("\n");
}
