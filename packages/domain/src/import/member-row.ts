import { ROLES, type Role } from "../entities/member.ts";
import type { MemberId } from "../kernel/ids.ts";
import { err, ok, type Result } from "../kernel/result.ts";
import { listInWords } from "../kernel/text.ts";
import { type MemberCommand, MemberCommandSchema } from "../machines/member.machine.ts";
import { commandIssues, type ImportFacts, type MemberRow, type RowIssue, readMember } from "./import-row.ts";

/** The role a member row without one gets, and an owner an import creates when no `--owner-role` says. */
export const DEFAULT_IMPORTED_ROLE: Role = "account_executive";

/** A member row, read: the command's fields, before the import gives it an id. */
export interface MemberDraft {
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  /** Whether the row left the role blank (the default then applies, and the import counts it). */
  readonly roleDefaulted: boolean;
  readonly reportsTo: MemberId | null;
}

const asToken = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

/**
 * Reads a member row, collecting every issue at once. The manager must be a member already (of the workspace,
 * or made by an earlier row of the import): list managers before the people who report to them.
 */
export function readMemberRow(
  row: MemberRow,
  facts: ImportFacts,
  defaultRole: Role = DEFAULT_IMPORTED_ROLE,
): Result<MemberDraft, RowIssue[]> {
  const issues: RowIssue[] = [];
  if (row.name === undefined) issues.push({ field: "name", message: "a member needs a name" });
  if (row.email === undefined)
    issues.push({ field: "email", message: "a member needs an e-mail address (they sign in with it)" });
  let role: Role | undefined = defaultRole;
  if (row.role !== undefined) {
    role = ROLES.find((r) => r === asToken(row.role!));
    if (!role)
      issues.push({
        field: "role",
        message: `"${row.role}" is not a role (the roles are ${listInWords([...ROLES], "or")})`,
      });
  }
  let reportsTo: MemberId | null = null;
  if (row.manager !== undefined) {
    const manager = readMember(row.manager, facts.members, "manager", "manage anyone");
    if (manager.ok) reportsTo = manager.value;
    else issues.push(manager.error);
  }
  if (issues.length > 0 || role === undefined) return err(issues);
  return ok({
    name: row.name!,
    email: row.email!.toLowerCase(),
    role,
    roleDefaulted: row.role === undefined,
    reportsTo,
  });
}

const MEMBER_FIELDS: Readonly<Record<string, string>> = { memberId: "row", reportsTo: "manager" };

/** The command that adds the member, parsed by the member's own schema (an invalid e-mail is refused there). */
export function addMemberCommand(
  draft: Pick<MemberDraft, "name" | "email" | "role" | "reportsTo">,
  memberId: MemberId | string,
): Result<MemberCommand, RowIssue[]> {
  const parsed = MemberCommandSchema.safeParse({
    type: "AddMember",
    memberId,
    name: draft.name,
    email: draft.email,
    role: draft.role,
    reportsTo: draft.reportsTo,
  });
  return parsed.success
    ? ok(parsed.data)
    : err(commandIssues(parsed.error, (p) => MEMBER_FIELDS[p] ?? (p || "row")));
}

/**
 * The e-mail a member created from an owner's name gets when the export gives none: an address in the
 * `.invalid` domain (RFC 2606: it can never be delivered), so nobody mistakes it for theirs; `token` keeps
 * two people whose names read alike apart. The import lists every member it made this way.
 */
export function placeholderEmail(name: string, token: string): string {
  const local =
    name
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ".")
      .replace(/^\.+|\.+$/g, "")
      .slice(0, 40) || "owner";
  return `${local}.${token}@imported.invalid`;
}
