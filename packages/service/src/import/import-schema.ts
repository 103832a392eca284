import {
  CurrencySchema,
  DATE_FORMATS,
  DECIMAL_MARKS,
  IMPORT_DATE_FIELDS,
  IMPORT_ROW_KINDS,
  RoleSchema,
  text,
} from "@accountable/domain";
import { z } from "zod";

// What an import is told and what it answers, written once: the service's `importRows` takes these options and
// gives this summary, the API's import route takes and answers the same (its body adds the rows), and the CLI
// through a server sends what it would pass the service and reads the answer back with the same schema. An
// option or a summary field added here reaches every path, or none.

const ImportKindSchema = z.enum(IMPORT_ROW_KINDS);

/** Why a row was skipped (see `ImportSummary.skips`). */
export const SKIP_REASONS = ["duplicate_in_file", "already_imported", "already_exists"] as const;

/** How to run an import: every option but the progress callback, as data (what a request may carry). */
export const ImportOptionsSchema = z.strictObject({
  source: text().trim().min(1).max(200).meta({
    description:
      'Where the rows come from ("salesforce", "hubspot-2026-11"): rows are keyed per source, so importing the same export again skips what it imported, while another source\'s identical row is its own record.',
  }),
  batchSize: z.int().min(1).optional().meta({
    description: "Rows per transaction (default 5,000): a batch is written whole or not at all.",
  }),
  firstRow: z.int().min(1).optional().meta({
    description:
      "The number the first row is reported under (default 1; a CSV adapter passes 2 to count the header, a file sent in parts each part's offset).",
  }),
  createOwners: z.strictObject({ role: RoleSchema.optional() }).optional().meta({
    description:
      "Make an owner (or a member row's manager) named by a name no member has a member, in this role (default account_executive), with a placeholder e-mail listed in the summary, instead of rejecting the row.",
  }),
  currency: CurrencySchema.optional().meta({
    description:
      "The ISO 4217 currency of amounts in rows without a currency field (a row's own wins). Omitted: a workspace with one currency reads them in it (listed in the summary's defaults), one with several rejects them.",
  }),
  dateFormat: z.enum(DATE_FORMATS).optional().meta({
    description:
      "How the rows write a day with numbers, year last (3/1/2017): day first or month first. Omitted, such a date is read only when its value shows the order (a day above 12); otherwise its row is rejected.",
  }),
  excelSerialFields: z.array(z.enum(IMPORT_DATE_FIELDS)).optional().meta({
    description:
      "The date fields whose column holds Excel date serials (45123 is 2023-07-16), as an adapter saw every cell of the column be one; a number in another date field is rejected, never read as a day.",
  }),
  decimalMark: z.enum(DECIMAL_MARKS).optional().meta({
    description:
      "The rows' decimal mark: a point (default, 12,000.50) or a comma (12.000,50, as European spreadsheets write amounts). A cell written with the other mark is rejected with what it would be.",
  }),
  dryRun: z.boolean().optional().meta({
    description:
      "Run every check of the real import (the same path, in a transaction rolled back at its end) and answer its summary; nothing is kept.",
  }),
});

const RowIssueSchema = z.object({ field: z.string(), message: z.string() });

/** What an import did with every row: `read = imported + rejected + skipped`, always. */
export const ImportSummarySchema = z
  .object({
    source: z.string(),
    dryRun: z
      .boolean()
      .meta({ description: "True when nothing was kept: the run was rolled back (`dryRun`)." }),
    read: z.int(),
    imported: z.int(),
    rejected: z.int(),
    skipped: z.int(),
    importedByKind: z.record(ImportKindSchema, z.int()).meta({ description: "Imported rows by kind." }),
    accountsCreated: z.int().meta({
      description:
        "Every account the import created: those of account rows (also counted in importedByKind.account) and those a contact or deal row named when no account had that name.",
    }),
    ownersCreated: z
      .array(
        z.object({
          row: z.int(),
          memberId: z.string(),
          name: z.string(),
          email: z.string(),
          role: RoleSchema,
        }),
      )
      .meta({
        description:
          "Members created because a row's owner named a person who was not a member (createOwners): who, where first named, and the e-mail they were given.",
      }),
    currencies: z
      .record(z.string(), z.int())
      .meta({ description: "Imported deals by currency: a deal keeps its own currency." }),
    dateFormat: z.enum(DATE_FORMATS).nullable().meta({
      description: "The order year-last dates were read in (dateFormat), or null when none was said.",
    }),
    decimalMark: z
      .enum(DECIMAL_MARKS)
      .meta({ description: "The decimal mark amounts were read with (decimalMark; a point unless said)." }),
    excelSerialFields: z
      .array(z.enum(IMPORT_DATE_FIELDS))
      .meta({ description: "The date fields read as Excel date serials (excelSerialFields)." }),
    defaults: z
      .array(z.object({ field: z.string(), value: z.string(), rows: z.int() }))
      .meta({ description: "Every value the import filled in for a blank cell, with how many rows got it." }),
    rejections: z
      .array(z.object({ row: z.int(), kind: ImportKindSchema.nullable(), reasons: z.array(RowIssueSchema) }))
      .meta({
        description: "Every row not imported because of what it says, with every reason, field by field.",
      }),
    skips: z.array(
      z.object({
        row: z.int(),
        kind: ImportKindSchema,
        reason: z.enum(SKIP_REASONS),
        message: z.string(),
      }),
    ),
    parentsSet: z.array(z.object({ row: z.int(), accountId: z.string(), parentId: z.string() })).meta({
      description:
        "Parents set on accounts that existed and had none, by account rows otherwise skipped (a rerun naming a parent the first import lacked, or an account a deal row created before its own row): each row is among the skips.",
    }),
    batches: z.int(),
    elapsedMs: z.number(),
    rowsPerSecond: z.number(),
  })
  .meta({
    id: "ImportSummary",
    description: "What became of every row: read = imported + rejected + skipped, always.",
  });
