import { z } from "zod";
import { text } from "../kernel/text.ts";

/**
 * Where an imported record came from: the source system (as the import names it: "salesforce", "hubspot-2026")
 * and the record's own id there, if the export gave one. Stored on the record as `source` and `sourceId`; the
 * product's id stays `id`.
 */
export const ImportedFromSchema = z
  .strictObject({
    source: text().trim().min(1).max(200),
    externalId: text().trim().min(1).max(200).nullable().default(null),
  })
  .meta({ id: "ImportedFrom" });
export type ImportedFrom = z.infer<typeof ImportedFromSchema>;

/** The fields an imported record carries (absent on a record made here): the source's name and its id there. */
export const sourceFields = {
  /** The system the record was imported from, as the import named it. */
  source: text().trim().min(1).max(200).exactOptional(),
  /** The record's id in that system (a Salesforce "006…" id, a HubSpot record id), if the export had one. */
  sourceId: text().trim().min(1).max(200).exactOptional(),
};

/** The record fields an import's `importedFrom` gives: the source, and its id there when there is one. */
export function sourceOf(from: ImportedFrom | null | undefined): { source?: string; sourceId?: string } {
  if (!from) return {};
  return from.externalId === null
    ? { source: from.source }
    : { source: from.source, sourceId: from.externalId };
}
