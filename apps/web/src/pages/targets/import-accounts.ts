// What "Import accounts…" sends and says: pasted lines become rows (blank ones dropped), a CSV file goes as its text
// with the column chosen from the header the preview returned. The matching is the service's (targets.importAccounts).
import type { TargetImportRequest, TargetImportResult } from "../../api/targets.ts";

/** Where the accounts come from: lines typed or pasted, or a CSV file's text (and the column to read). */
export type ImportSource =
  | { readonly kind: "lines"; readonly text: string }
  | { readonly kind: "csv"; readonly text: string; readonly column: string | null };

/** The request for a source (a preview when `dryRun`), or null when there is nothing to import. */
export function importRequest(source: ImportSource, dryRun: boolean): TargetImportRequest | null {
  if (source.kind === "csv") {
    if (source.text.trim() === "") return null;
    return { csv: source.text, ...(source.column ? { column: source.column } : {}), dryRun };
  }
  const rows = source.text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  return rows.length === 0 ? null : { rows, dryRun };
}

const accounts = (n: number) => `${n} account${n === 1 ? "" : "s"}`;

/** The outcome in one sentence: "3 accounts would be added, 1 skipped, 2 rejected (of 6 rows)." */
export function outcomeWords(r: TargetImportResult): string {
  const verb = r.dryRun ? "would be added" : "added";
  // Clients are skipped, not added (a target list hunts new customers): said, so a person is not left wondering.
  const clients = r.clients > 0 ? ` (${r.clients} ${r.clients === 1 ? "a client" : "clients"} already)` : "";
  return `${accounts(r.added)} ${verb}, ${r.skipped} skipped${clients}, ${r.rejected} rejected (of ${r.read} row${r.read === 1 ? "" : "s"}).`;
}
