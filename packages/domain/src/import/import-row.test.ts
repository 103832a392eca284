import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AccountRowSchema,
  ContactRowSchema,
  IMPORT_ROW_KINDS,
  type ImportRowKind,
  importRowFields,
  MemberRowSchema,
  OpportunityRowSchema,
  readImportRow,
} from "./import-row.ts";

const SCHEMAS = {
  account: AccountRowSchema,
  contact: ContactRowSchema,
  opportunity: OpportunityRowSchema,
  member: MemberRowSchema,
} as const;

// readImportRow reads the common row (known fields, text cells) without the schema: it must read exactly as the
// schema does — the same fields, in the same order, with the same values — and leave every other row to it.
describe("readImportRow", () => {
  const cell = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.constant(""),
    fc.constant("   "),
    fc.constant("\u0000x"),
    fc.constant("a\uD800b"),
    fc.constant("Société Générale "),
    fc.string({ maxLength: 8 }),
    fc.integer(),
  );
  const row = (kind: ImportRowKind) =>
    fc
      .record(
        Object.fromEntries(
          [...importRowFields(kind).filter((f) => f !== "kind"), "externalId", "nonsense"].map((f) => [
            f,
            cell,
          ]),
        ),
        { requiredKeys: [] },
      )
      .map((cells) => ({ kind, ...cells }));

  for (const kind of IMPORT_ROW_KINDS)
    it(`reads ${kind} rows exactly as their schema does (fields, order, values, faults)`, () => {
      fc.assert(
        fc.property(row(kind), (input) => {
          const read = readImportRow(input);
          const { externalId, ...rest } = input as Record<string, unknown>;
          const viaSchema = SCHEMAS[kind].safeParse(
            "externalId" in input && !("sourceId" in input) ? { ...rest, sourceId: externalId } : input,
          );
          expect(read.ok).toBe(viaSchema.success);
          if (read.ok && viaSchema.success) {
            expect(read.value).toStrictEqual(viaSchema.data);
            expect(Object.keys(read.value)).toEqual(Object.keys(viaSchema.data));
          }
        }),
        { numRuns: 400 },
      );
    });
});
