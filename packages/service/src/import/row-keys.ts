import { createHash } from "node:crypto";
import { asId, type ImportRow, importRowContent, type MemberId, normalizeName } from "@accountable/domain";

// Keys and ids of imported rows. Both are derived from the row, never drawn at random, so a rerun of the same
// file finds the same keys (and skips the rows) and would give the same ids.

const digest = (text: string, length = 24) =>
  createHash("sha256").update(text).digest("base64url").slice(0, length);

/** The scope of the idempotency keys of one source of rows ("salesforce-2026-11"). */
export const importScope = (source: string) => `import:${source}`;

/**
 * A row's idempotency key: its kind and source id when the export gave one (the CRM's own record id), else
 * a hash of its normalised content and the source's name, so the same row read twice is the same row.
 */
export function rowKey(source: string, row: ImportRow): string {
  return row.sourceId !== undefined
    ? `${row.kind}:ext:${row.sourceId}`
    : `${row.kind}:sha:${digest(`${source}\n${importRowContent(row)}`, 32)}`;
}

/** The id an imported contact or deal gets: from its key, so it is the same on every run. */
export function rowEntityId(source: string, kind: "contact" | "opportunity", key: string): string {
  return `${kind === "contact" ? "con" : "opp"}-imp-${digest(`${importScope(source)}\n${key}`)}`;
}

/**
 * The id an account created by an import gets: from its normalised name alone, whatever the source, so two
 * imports (even concurrent ones) that create "Acme" meet on one stream instead of making two accounts.
 */
export function accountIdForName(name: string): string {
  return `acc-imp-${digest(`account-name\n${normalizeName(name)}`)}`;
}

/** The id of a member an import adds from a member row: from the e-mail, so a rerun or a second import meets it. */
export function memberIdForEmail(email: string): MemberId {
  return asId.member(`mem-imp-${digest(`member-email\n${email.trim().toLowerCase()}`, 16)}`);
}

/** The id of a member an import creates from an owner's name: from the name as imports compare names. */
export function memberIdForName(name: string): MemberId {
  return asId.member(`mem-imp-${digest(`member-name\n${normalizeName(name)}`, 16)}`);
}

/** A short token from a normalised name, for the placeholder e-mail of an owner created from it. */
export function nameToken(normalized: string): string {
  return createHash("sha256").update(normalized).digest("hex").slice(0, 6);
}
