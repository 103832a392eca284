import { z } from "zod";
import { CONTACT_ROLES } from "../entities/contact.ts";
import { type Member, ROLES } from "../entities/member.ts";
import { OPPORTUNITY_TYPES } from "../entities/pipeline.ts";
import type { WorkspaceSettings } from "../entities/settings.ts";
import type { MemberId } from "../kernel/ids.ts";
import type { Currency } from "../kernel/money.ts";
import { assertNever, err, ok, type Result } from "../kernel/result.ts";
import { isStorableText, listInWords, text, UNSTORABLE_TEXT } from "../kernel/text.ts";
import type { DecimalMark } from "./amounts.ts";
import type { DateFormat } from "./dates.ts";

// Rows of a bulk import (a CRM export), already mapped to our field names by an adapter. Every cell is text as
// the export wrote it; reading a row turns it into commands of the aggregates, or into the reasons it cannot
// be imported, field by field, in words a user understands.

/** What a row can create. */
export const IMPORT_ROW_KINDS = ["account", "contact", "opportunity", "member"] as const;
export type ImportRowKind = (typeof IMPORT_ROW_KINDS)[number];

/** One problem with a row: the field to fix (a row field such as `closeDate`, or `row`) and what is wrong. */
export interface RowIssue {
  readonly field: string;
  readonly message: string;
}

// A cell: text, or a number some adapters hand over; blank cells count as absent.
const Cell = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined ? undefined : String(v).trim() || undefined))
  .refine((v) => v === undefined || isStorableText(v), UNSTORABLE_TEXT);

/**
 * Every row may carry `sourceId`: the record's id in the system it comes from (the CRM's own deal or account
 * id). It is kept on the record (`sourceId`, with the source's name) and keys the row, so a rerun skips it.
 */
const shared = { kind: text(), sourceId: Cell };
/** An account's cells: its name and owner (a member's name, e-mail or id; default the importer). */
export const AccountRowSchema = z.strictObject({
  ...shared,
  kind: z.literal("account"),
  name: Cell,
  owner: Cell,
  industry: Cell,
  website: Cell,
  employees: Cell,
  annualRevenue: Cell,
  /** The annual revenue's currency (default: the workspace's). */
  currency: Cell,
  region: Cell,
  /**
   * The account it belongs to ("subsidiary of"): an account's name (accents, case and spacing aside) or id, of
   * the workspace or of any row of the file, whatever the rows' order.
   */
  parent: Cell,
});
/** A contact's cells: roles are separated by `;` or `,`; the account is named by id or by name. */
export const ContactRowSchema = z.strictObject({
  ...shared,
  kind: z.literal("contact"),
  name: Cell,
  email: Cell,
  phone: Cell,
  title: Cell,
  roles: Cell,
  accountId: Cell,
  accountName: Cell,
  /** Owns the account if this row creates it (default the importer). */
  owner: Cell,
});
/**
 * A deal's cells: amount as a decimal ("12,000.50"), closeDate as a date as exports write it (see
 * `readImportDate`), stage as a stage id or label (any stage: open, won or lost), moments as dates with an
 * optional time of day or ISO timestamps (see `readImportMoment`).
 */
export const OpportunityRowSchema = z.strictObject({
  ...shared,
  kind: z.literal("opportunity"),
  name: Cell,
  accountId: Cell,
  accountName: Cell,
  owner: Cell,
  amount: Cell,
  currency: Cell,
  stage: Cell,
  /**
   * open, won or lost, for exports that keep the outcome apart from the stage (Pipedrive's "Status": a won deal
   * still shows the last stage it was in). Won or lost puts the deal in the pipeline's won or lost stage.
   */
  status: Cell,
  closeDate: Cell,
  type: Cell,
  probability: Cell,
  lossReason: Cell,
  /** When a won or lost deal closed: YYYY-MM-DD or an ISO moment in UTC (default: the start of closeDate). */
  closedAt: Cell,
  /** When the deal entered its stage in the source, if known. */
  stageEnteredAt: Cell,
  /** When the deal was created in the source, if known. */
  createdAt: Cell,
  /** The product or service the deal sells, kept as its service line (whitespace's column, reports by line). */
  serviceLine: Cell,
  /** Where the deal came from in the source ("Web", "Partner Referral"), kept as its lead source. */
  leadSource: Cell,
});
/**
 * A workspace member's cells: name and e-mail (both required: a member signs in with the e-mail), role (one of
 * the roles, default account_executive), manager (a member's name, e-mail or id, known before this row).
 */
export const MemberRowSchema = z.strictObject({
  ...shared,
  kind: z.literal("member"),
  name: Cell,
  email: Cell,
  role: Cell,
  manager: Cell,
});
export type AccountRow = z.infer<typeof AccountRowSchema>;
export type MemberRow = z.infer<typeof MemberRowSchema>;
export type ContactRow = z.infer<typeof ContactRowSchema>;
export type OpportunityRow = z.infer<typeof OpportunityRowSchema>;
/** A row whose cells are known and trimmed; its values are not checked yet. */
export type ImportRow = AccountRow | ContactRow | OpportunityRow | MemberRow;

const ROW_SCHEMAS = {
  account: AccountRowSchema,
  contact: ContactRowSchema,
  opportunity: OpportunityRowSchema,
  member: MemberRowSchema,
} as const;

/** The fields a row of this kind may have, for messages and adapters' column maps. */
export function importRowFields(kind: ImportRowKind): string[] {
  return Object.keys(ROW_SCHEMAS[kind].shape);
}

type AnyRowField =
  | keyof typeof AccountRowSchema.shape
  | keyof typeof ContactRowSchema.shape
  | keyof typeof OpportunityRowSchema.shape
  | keyof typeof MemberRowSchema.shape;

/**
 * What each row field holds, as a person writes it in a spreadsheet cell: one entry per field of any kind of
 * row (a field added to a row schema does not compile until it is described here).
 */
const ROW_FIELD_TYPES: Readonly<Record<AnyRowField, string>> = {
  kind: "account, contact, opportunity or member",
  sourceId: "text: the record's id in the system it comes from (kept as sourceId; a rerun skips it)",
  name: "text",
  owner: "a member's name, e-mail or id (default: whoever imports)",
  industry: "text",
  website: "text",
  employees: "whole number of people the client employs, such as 1200 or 1,200",
  annualRevenue:
    "the client's yearly revenue, a decimal amount such as 250000000 (currency: the currency column)",
  region: "text: the region or office that covers the client",
  parent:
    "the parent account's name (accents, case and spacing aside) or id: in the workspace, or any account row of the file",
  email: "e-mail address",
  phone: "text",
  title: "text",
  roles: `contact roles separated by ; or , (${listInWords([...CONTACT_ROLES])})`,
  accountId: "the id of an account of this workspace",
  accountName: "an account's name (matched with accents, case and spacing aside, or created)",
  amount:
    "decimal amount, such as 12000.50 or 12,000.50 (12000,50 or 12.000,50 with --decimal , or in a ;-separated file), without a currency sign (empty: no amount yet, where the stage allows)",
  currency:
    "ISO 4217 currency code, such as EUR or USD (default: --currency, else the workspace's if it has only one, said in the summary)",
  stage: "a stage id or label of the deal's pipeline (default: its first open stage)",
  status: "open, won or lost",
  closeDate:
    "date: YYYY-MM-DD, 31/03/2027 or 03/31/2027 (the file's date format), 31.03.2027, 31-Mar-2027 or an ISO moment (empty: no close date yet, where the stage allows)",
  type: `${listInWords([...OPPORTUNITY_TYPES], "or")} (default: new_business)`,
  probability: "whole number from 0 to 100, % allowed",
  lossReason: "text (a lost deal needs one)",
  closedAt: "date (as closeDate) with an optional time of day (UTC), or an ISO 8601 moment",
  stageEnteredAt: "date (as closeDate) with an optional time of day (UTC), or an ISO 8601 moment",
  createdAt: "date (as closeDate) with an optional time of day (UTC), or an ISO 8601 moment",
  serviceLine: "text: the product or service the deal sells, kept as its service line",
  leadSource: 'text: where the deal came from ("Web", "Partner Referral"), kept as its lead source',
  role: `${listInWords([...ROLES], "or")} (default: account_executive)`,
  manager: "a member's name, e-mail or id, known before this row",
};

/** Every field a row of this kind may be mapped to, with what it holds, in the row's field order. */
export function importRowFieldTypes(kind: ImportRowKind): { field: string; type: string }[] {
  return importRowFields(kind).map((field) => ({ field, type: ROW_FIELD_TYPES[field as AnyRowField] }));
}

/**
 * Reads the shape of a row: its kind and its cells, trimmed, blanks dropped. An unknown field is an issue, not
 * ignored: it is usually a column mapped under a misspelt name, whose value would otherwise vanish.
 */
export function readImportRow(input: unknown): Result<ImportRow, RowIssue[]> {
  if (typeof input !== "object" || input === null || Array.isArray(input))
    return err([{ field: "row", message: "a row is a set of named fields" }]);
  const kind = (input as { kind?: unknown }).kind;
  if (typeof kind !== "string" || !(IMPORT_ROW_KINDS as readonly string[]).includes(kind)) {
    const shown = typeof kind === "string" && kind.trim() ? `"${kind}"` : "missing";
    return err([
      {
        field: "kind",
        message: `the kind of row is ${shown}: it must be ${listInWords([...IMPORT_ROW_KINDS], "or")}`,
      },
    ]);
  }
  const schema = ROW_SCHEMAS[kind as ImportRowKind];
  const row = withSourceId(input as Record<string, unknown>);
  const plain = readPlainRow(kind as ImportRowKind, row);
  if (plain) return ok(plain);
  const parsed = schema.safeParse(row);
  if (parsed.success) return ok(parsed.data);
  const known = Object.keys(schema.shape);
  return err(
    parsed.error.issues.flatMap((i): RowIssue[] =>
      i.code === "unrecognized_keys"
        ? i.keys.map((k) => ({
            field: k,
            message: `${withArticle(kind)} row has no field "${k}" (its fields are ${listInWords(known)})`,
          }))
        : [
            {
              field: i.path.map(String).join(".") || "row",
              message: i.code === "custom" ? i.message : "holds a value that is not text",
            },
          ],
    ),
  );
}

/** Each kind's fields in its schema's order, the order the schema's output has them in. */
const ROW_FIELDS = Object.fromEntries(
  IMPORT_ROW_KINDS.map((k) => [k, Object.keys(ROW_SCHEMAS[k].shape)]),
) as unknown as Record<ImportRowKind, readonly string[]>;
const ROW_FIELD_SETS = Object.fromEntries(
  IMPORT_ROW_KINDS.map((k) => [k, new Set(ROW_FIELDS[k])]),
) as unknown as Record<ImportRowKind, ReadonlySet<string>>;

/**
 * The row as its schema reads it, without the schema, for the common row — every field known, every cell text,
 * null or absent, and storable — or undefined for any other, which the schema then reads and words the faults
 * of. A CSV import reads every row: the schema's nineteen transformed and refined cells cost ~85 µs a row (a
 * tenth of the embedded import's own time at 10,000 rows); this is the same reading (a test holds them equal).
 */
function readPlainRow(kind: ImportRowKind, input: Record<string, unknown>): ImportRow | undefined {
  const known = ROW_FIELD_SETS[kind];
  for (const key in input) {
    if (!Object.hasOwn(input, key)) continue;
    if (!known.has(key)) return undefined;
    const v = input[key];
    if (v !== null && v !== undefined && typeof v !== "string") return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const field of ROW_FIELDS[kind]) {
    if (!Object.hasOwn(input, field)) continue;
    if (field === "kind") {
      out.kind = kind;
      continue;
    }
    const v = input[field] as string | null | undefined;
    const cell = v === null || v === undefined ? undefined : v.trim() || undefined;
    if (cell !== undefined && !isStorableText(cell)) return undefined;
    out[field] = cell;
  }
  return out as ImportRow;
}

/** `externalId`, the field's former name, still read as `sourceId` (unless the row gives both). */
function withSourceId(input: Record<string, unknown>): Record<string, unknown> {
  if (!("externalId" in input) || "sourceId" in input) return input;
  const { externalId, ...rest } = input;
  return { ...rest, sourceId: externalId };
}

/**
 * The row's content as one canonical string — kind and cells in a fixed order, trimmed, blanks dropped — so
 * two rows that differ only in spacing, blank cells or column order read the same. Hash it to key the row.
 */
export function importRowContent(row: ImportRow): string {
  const entries = Object.entries(row)
    .filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

/** "an account", "a contact", "an opportunity", "a member": the indefinite article a word takes. */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? "an" : "a"} ${word}`;
}

/**
 * The combining marks an import ignores in names, as a character class both JavaScript and PostgreSQL read: the
 * blocks of combining diacritical marks (accents, cedillas, umlauts) that NFKD splits off their letters. Ranges,
 * not \p{M}, so that SQL compares names exactly as `normalizeName` does (\p{M} would also drop the vowel signs of
 * Indic scripts, which change a name).
 */
export const NAME_MARKS_CLASS = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]";
const NAME_MARKS = new RegExp(NAME_MARKS_CLASS, "g");

/**
 * How import code compares names, of people and of accounts alike: accents and case ignored, spaces collapsed
 * ("José  Álvarez" and "jose alvarez" name the same person, "Société Générale" and "SOCIETE GENERALE" the same
 * account), as the other system and the workspace may spell them differently.
 */
export function normalizeName(name: string): string {
  let normal = NORMAL_NAMES.get(name);
  if (normal !== undefined) return normal;
  normal = name.normalize("NFKD").replace(NAME_MARKS, "").trim().replace(/\s+/g, " ").toLowerCase();
  // An import asks for the same few thousand names many times a row (its account, owner and parent): remembered.
  if (NORMAL_NAMES.size >= 50_000) NORMAL_NAMES.clear();
  NORMAL_NAMES.set(name, normal);
  return normal;
}
const NORMAL_NAMES = new Map<string, string>();

type DirectoryMember = Pick<Member, "id" | "name" | "email" | "active">;

/** The members an import may name: by id, by e-mail (case-insensitive) and by name (see `normalizeName`). */
export interface MemberDirectory {
  readonly byId: ReadonlyMap<string, DirectoryMember>;
  readonly byEmail: ReadonlyMap<string, DirectoryMember>;
  /** Several members may share a name: a cell naming one of them is then ambiguous. */
  readonly byName: ReadonlyMap<string, readonly DirectoryMember[]>;
}

export function memberDirectory(members: readonly DirectoryMember[]): MemberDirectory {
  const byName = new Map<string, DirectoryMember[]>();
  for (const m of members) {
    const key = normalizeName(m.name);
    byName.set(key, [...(byName.get(key) ?? []), m]);
  }
  return {
    byId: new Map(members.map((m) => [m.id, m])),
    byEmail: new Map(members.map((m) => [m.email.trim().toLowerCase(), m])),
    byName,
  };
}

/** What reading a row needs to know about the workspace. */
export interface ImportFacts {
  readonly settings: WorkspaceSettings;
  readonly members: MemberDirectory;
  /** Who runs the import: the owner of whatever a row leaves unowned. */
  readonly importerId: MemberId;
  /** The source's name, for the values an import fills in ("not recorded in salesforce"). */
  readonly source?: string;
  /**
   * The currency the importer said the file's amounts are in (`--currency`): a row's own currency cell wins over
   * it. Without it, a workspace with one currency reads amounts in that one and counts it as a default applied;
   * a workspace with several refuses an amount without a currency.
   */
  readonly currency?: Currency;
  /**
   * How the file writes a day with numbers, year last (3/1/2017): day first or month first (`--date-format`, or
   * what the file itself shows). Without it such a date is read only when it cannot be read the other way.
   */
  readonly dateFormat?: DateFormat;
  /**
   * The date fields whose column holds Excel date serials (45123, 45123.5): said by an adapter that saw every cell
   * of the column be one (see `isExcelSerial`); a number in any other date field is not read as a day.
   */
  readonly excelSerialFields?: readonly ImportDateField[];
  /**
   * The file's decimal mark (`--decimal`, or a comma for a `;`-separated file, as European spreadsheets write
   * them): amounts, revenues and head counts are read with it, and a cell that reads only with the other mark is
   * refused, saying what it would be (see `readImportDecimal`). Unsaid: a point, with "1.500" (one and a half, or
   * fifteen hundred) refused naming both readings.
   */
  readonly decimalMark?: DecimalMark;
}

/** The fields of an import row that hold a day or a moment: those a date format or Excel serials apply to. */
export const IMPORT_DATE_FIELDS = ["closeDate", "closedAt", "createdAt", "stageEnteredAt"] as const;
export type ImportDateField = (typeof IMPORT_DATE_FIELDS)[number];

/** A value the import filled in for a cell the row left blank: counted and listed in the import's summary. */
export interface AppliedDefault {
  readonly field: string;
  readonly value: string;
}

/**
 * Whom a cell naming a person points at: one member (by id, e-mail or name, in that order), several members
 * sharing the name, or nobody — with how the cell named them, so an import may offer to create a person named
 * by name.
 */
export type MemberMatch =
  | { readonly tag: "found"; readonly member: DirectoryMember }
  | {
      readonly tag: "ambiguous";
      readonly members: readonly DirectoryMember[];
      /** A first or last name they share ("Lee"), not their full name. */
      readonly partly?: true;
    }
  | { readonly tag: "unknown"; readonly by: "email" | "name" };

/** Finds the member a cell names: an id, else an e-mail (it holds an @), else a full name, else a first or last name one member has. */
export function findMember(cell: string, directory: MemberDirectory): MemberMatch {
  const found = directory.byId.get(cell);
  if (found) return { tag: "found", member: found };
  if (cell.includes("@")) {
    const m = directory.byEmail.get(cell.trim().toLowerCase());
    return m ? { tag: "found", member: m } : { tag: "unknown", by: "email" };
  }
  const key = normalizeName(cell);
  const named = directory.byName.get(key) ?? [];
  if (named.length === 1) return { tag: "found", member: named[0]! };
  if (named.length > 1) return { tag: "ambiguous", members: named };
  // A first or last name alone ("Andersen"), as the CLI's --owner reads one: the one member whose name holds it
  // as a word; several are ambiguous (named in the refusal), none unknown.
  const partly = key.includes(" ")
    ? []
    : [...directory.byId.values()].filter((m) => normalizeName(m.name).split(" ").includes(key));
  if (partly.length === 1) return { tag: "found", member: partly[0]! };
  return partly.length > 1
    ? { tag: "ambiguous", members: partly, partly: true }
    : { tag: "unknown", by: "name" };
}

/** The member an `owner` (or `manager`) cell names — a name, an e-mail or a member id — the importer when blank, or the issue. */
export function readOwner(
  cell: string | undefined,
  facts: ImportFacts,
  field = "owner",
): Result<MemberId, RowIssue> {
  if (cell === undefined) return ok(facts.importerId);
  return readMember(cell, facts.members, field, "own records");
}

/** The active member a cell names, or the issue, in words that name the person as the cell wrote them. */
export function readMember(
  cell: string,
  directory: MemberDirectory,
  field: string,
  purpose: string,
): Result<MemberId, RowIssue> {
  const match = findMember(cell, directory);
  switch (match.tag) {
    case "unknown":
      return err({
        field,
        message:
          match.by === "email"
            ? `no member of this workspace has the e-mail ${cell}`
            : `no member of this workspace is named "${cell}" (or has that id)`,
      });
    case "ambiguous":
      return err({
        field,
        message: match.partly
          ? `"${cell}" could be ${match.members.length} members (${listInWords(match.members.map((m) => `${m.name} <${m.email}>`))}): write the full name or the e-mail instead`
          : `${match.members.length} members are named "${cell}" (${listInWords(match.members.map((m) => m.email))}): write the e-mail instead`,
      });
    case "found":
      return match.member.active
        ? ok(match.member.id)
        : err({ field, message: `${match.member.name} has been deactivated and cannot ${purpose}` });
    default:
      return assertNever(match, "member match");
  }
}

/** How a row names an account: by id (it must exist), or by name (matched, or created by the import). */
export type AccountReference =
  | { readonly by: "id"; readonly accountId: string }
  | { readonly by: "name"; readonly name: string };

/** The account a contact or deal row names; `accountId` wins when both are given. */
export function readAccountReference(
  row: { readonly accountId?: string | undefined; readonly accountName?: string | undefined },
  what: string,
): Result<AccountReference, RowIssue> {
  if (row.accountId !== undefined) return ok({ by: "id", accountId: row.accountId });
  if (row.accountName !== undefined) return ok({ by: "name", name: row.accountName });
  return err({ field: "account", message: `${what} needs an account: give accountName or accountId` });
}

/** zod's issues of a parsed command, on the row fields they come from. */
export function commandIssues(error: z.ZodError, fieldOf: (path: string) => string): RowIssue[] {
  return error.issues.map((i) => ({ field: fieldOf(i.path.map(String).join(".")), message: i.message }));
}
