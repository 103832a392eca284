import type { AccountId, MemberId } from "../kernel/ids.ts";
import { CurrencySchema, fromDecimalString, type Money } from "../kernel/money.ts";
import { err, ok, type Result } from "../kernel/result.ts";
import { type AccountCommand, AccountCommandSchema } from "../machines/account.machine.ts";
import { readImportDecimal } from "./amounts.ts";
import { type AccountRow, commandIssues, type ImportFacts, type RowIssue, readOwner } from "./import-row.ts";

/** An account row, read: the command's fields, before the import gives it an id. */
export interface AccountDraft {
  readonly name: string;
  readonly ownerId: MemberId;
  readonly industry: string | null;
  readonly website: string | null;
  readonly employees: number | null;
  readonly annualRevenue: Money | null;
  readonly region: string | null;
  /** The account's id in the source system, if the row gives one. */
  readonly sourceId: string | null;
  /** The parent account as the row names it (a name or an id); the import finds it (see `AccountRowSchema`). */
  readonly parent: string | null;
}

/** Reads an account row's values, collecting every issue at once. */
export function readAccountRow(row: AccountRow, facts: ImportFacts): Result<AccountDraft, RowIssue[]> {
  const issues: RowIssue[] = [];
  if (row.name === undefined) issues.push({ field: "name", message: "an account needs a name" });
  const owner = readOwner(row.owner, facts);
  if (!owner.ok) issues.push(owner.error);
  const employees = readEmployees(row.employees, facts, issues);
  const annualRevenue = readRevenue(row, facts, issues);
  if (issues.length > 0 || !owner.ok) return err(issues);
  return ok({
    name: row.name!,
    ownerId: owner.value,
    industry: row.industry ?? null,
    website: row.website ?? null,
    employees,
    annualRevenue,
    region: row.region ?? null,
    sourceId: row.sourceId ?? null,
    parent: row.parent ?? null,
  });
}

/** "1200", "1,200" or "1 200" people ("1.200" in a file with decimal commas); blank is not known. */
function readEmployees(cell: string | undefined, facts: ImportFacts, issues: RowIssue[]): number | null {
  if (cell === undefined) return null;
  const digits = readImportDecimal(cell.replace(/_/g, ""), facts.decimalMark ?? ".");
  if (digits.ok && /^\d{1,8}$/.test(digits.value)) return Number(digits.value);
  issues.push({
    field: "employees",
    message: `"${cell}" is not a number of employees: write a whole number, such as 1200`,
  });
  return null;
}

/** The annual revenue in the row's currency, else the workspace's, read with the file's decimal mark; blank is not known. */
function readRevenue(row: AccountRow, facts: ImportFacts, issues: RowIssue[]): Money | null {
  if (row.annualRevenue === undefined) return null;
  const code = CurrencySchema.safeParse((row.currency ?? facts.settings.currency).toUpperCase());
  if (!code.success) {
    issues.push({
      field: "currency",
      message: `"${row.currency}" is not a currency code (three letters, such as EUR or USD)`,
    });
    return null;
  }
  const digits = readImportDecimal(row.annualRevenue, facts.decimalMark);
  const amount = digits.ok ? fromDecimalString(digits.value, code.data) : undefined;
  if (amount && amount.amount >= 0) return amount;
  issues.push({
    field: "annualRevenue",
    message: digits.ok
      ? `"${row.annualRevenue}" is not an annual revenue: write a positive amount such as 250000000 or ${facts.decimalMark === "," ? "250.000.000,50" : "250,000,000.50"}, without a currency sign`
      : digits.error,
  });
  return null;
}

const ACCOUNT_FIELDS: Readonly<Record<string, string>> = {
  ownerId: "owner",
  parentId: "parent",
  accountId: "account",
  importedFrom: "sourceId",
};

/**
 * The command that creates the account, parsed by the account's own schema (so its limits apply), naming the
 * import's `source` and the row's `sourceId`, under the parent the import found for the row's `parent`.
 */
export function createAccountCommand(
  draft: AccountDraft,
  accountId: AccountId | string,
  source: string,
  parentId: AccountId | string | null = null,
): Result<AccountCommand, RowIssue[]> {
  const { sourceId, parent: _named, ...fields } = draft;
  const parsed = AccountCommandSchema.safeParse({
    type: "CreateAccount",
    accountId,
    parentId,
    ...fields,
    importedFrom: { source, externalId: sourceId },
  });
  return parsed.success
    ? ok(parsed.data)
    : err(commandIssues(parsed.error, (p) => ACCOUNT_FIELDS[p] ?? (p || "row")));
}

/**
 * The command that creates an account a contact or deal row names but no account matches: named as the row
 * wrote it, owned by the row's owner. An issue with it belongs to the row's `accountName`.
 */
export function accountByNameCommand(
  name: string,
  accountId: AccountId | string,
  ownerId: MemberId,
  source: string,
): Result<AccountCommand, RowIssue[]> {
  const parsed = AccountCommandSchema.safeParse({
    type: "CreateAccount",
    accountId,
    name,
    ownerId,
    // The row named the account; its id in the source is the row's to know, not ours.
    importedFrom: { source, externalId: null },
  });
  return parsed.success
    ? ok(parsed.data)
    : err(commandIssues(parsed.error, (p) => (p === "name" ? "accountName" : (ACCOUNT_FIELDS[p] ?? "row"))));
}
