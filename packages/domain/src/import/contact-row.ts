import { CONTACT_ROLES, type ContactRole } from "../entities/contact.ts";
import type { AccountId, ContactId, MemberId } from "../kernel/ids.ts";
import { err, ok, type Result } from "../kernel/result.ts";
import { listInWords } from "../kernel/text.ts";
import { type ContactCommand, ContactCommandSchema } from "../machines/contact.machine.ts";
import {
  type AccountReference,
  type ContactRow,
  commandIssues,
  type ImportFacts,
  type RowIssue,
  readAccountReference,
  readOwner,
} from "./import-row.ts";

/** A contact row, read: the command's fields and the account it names, before the import gives it an id. */
export interface ContactDraft {
  readonly name: string;
  readonly account: AccountReference;
  /** Owns the account if the import creates it. */
  readonly accountOwnerId: MemberId;
  readonly email: string | null;
  readonly phone: string | null;
  readonly title: string | null;
  readonly roles: readonly ContactRole[];
  /** The contact's id in the source system, if the row gives one. */
  readonly sourceId: string | null;
}

// "Decision maker", "decision-maker" and "decision_maker" all name the same role.
const asToken = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

/** Reads a contact row's values, collecting every issue at once. */
export function readContactRow(row: ContactRow, facts: ImportFacts): Result<ContactDraft, RowIssue[]> {
  const issues: RowIssue[] = [];
  if (row.name === undefined) issues.push({ field: "name", message: "a contact needs a name" });
  const account = readAccountReference(row, "a contact");
  if (!account.ok) issues.push(account.error);
  const owner = readOwner(row.owner, facts);
  if (!owner.ok) issues.push(owner.error);
  const roles: ContactRole[] = [];
  for (const part of (row.roles ?? "").split(/[;,]/).map(asToken).filter(Boolean)) {
    const role = CONTACT_ROLES.find((r) => r === part);
    if (!role)
      issues.push({
        field: "roles",
        message: `"${part}" is not a contact role (the roles are ${listInWords([...CONTACT_ROLES], "or")})`,
      });
    else if (!roles.includes(role)) roles.push(role);
  }
  if (issues.length > 0 || !account.ok || !owner.ok) return err(issues);
  return ok({
    name: row.name!,
    account: account.value,
    accountOwnerId: owner.value,
    email: row.email?.toLowerCase() ?? null,
    phone: row.phone ?? null,
    title: row.title ?? null,
    roles,
    sourceId: row.sourceId ?? null,
  });
}

const CONTACT_FIELDS: Readonly<Record<string, string>> = {
  accountId: "account",
  contactId: "row",
  importedFrom: "sourceId",
};

/** The command that adds the contact, parsed by the contact's own schema (an invalid e-mail is refused there). */
export function addContactCommand(
  draft: ContactDraft,
  ids: { readonly contactId: ContactId | string; readonly accountId: AccountId | string },
  source: string,
): Result<ContactCommand, RowIssue[]> {
  const { account: _account, accountOwnerId: _owner, sourceId, ...fields } = draft;
  const parsed = ContactCommandSchema.safeParse({
    type: "AddContact",
    ...ids,
    ...fields,
    importedFrom: { source, externalId: sourceId },
  });
  return parsed.success
    ? ok(parsed.data)
    : err(commandIssues(parsed.error, (p) => CONTACT_FIELDS[p] ?? (p.split(".")[0] || "row")));
}
