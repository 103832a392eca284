// The README's roles table, rendered from the domain's PERMISSION_MATRIX (readme-roles.test.ts holds the README to
// it). To print it: node --import tsx apps/api/test/readme-roles.ts
import { type Action, PERMISSION_MATRIX, ROLE_SCOPES, ROLES, type Rule } from "@accountable/domain";

export const START =
  "<!-- roles-table:start (generated from PERMISSION_MATRIX; apps/api/test/readme-roles.test.ts) -->";
export const END = "<!-- roles-table:end -->";

/** The columns: what a reader most needs to know per role, each an action of the matrix. */
const COLUMNS: readonly { readonly action: Action; readonly title: string }[] = [
  { action: "account.read", title: "records (accounts, deals, contracts…)" },
  { action: "finance.read", title: "money: amounts, values, margins, P&L (`finance.read`)" },
  { action: "quota.read", title: "quota targets (`quota.read`)" },
  { action: "invoice.read", title: "invoices (`invoice.read`)" },
  { action: "cost.read", title: "costs (`cost.read`)" },
  { action: "report.read", title: "workspace reports (`report.read`)" },
  { action: "settings.write", title: "settings, members, tokens, webhooks" },
];

/** Fields shown or masked on records the reader sees; the other columns are records, shown or left out. */
const MASKED: ReadonlySet<Action> = new Set(["finance.read", "quota.read"]);

export function words(action: Action, rule: Rule): string {
  const masked = MASKED.has(action) ? ", masked elsewhere" : "";
  switch (rule) {
    case "always":
      return "all";
    case "team":
      return `their team's${masked}`;
    case "own":
      return `their own${masked}`;
    case "never":
      return MASKED.has(action) ? "none: masked" : "none";
  }
}

export function rolesTable(): string {
  const header = `| role | ${COLUMNS.map((c) => c.title).join(" | ")} | what the role is for |`;
  const rule = `| --- | ${COLUMNS.map(() => "---").join(" | ")} | --- |`;
  const rows = ROLES.map(
    (role) =>
      `| \`${role}\` | ${COLUMNS.map((c) => words(c.action, PERMISSION_MATRIX[role][c.action])).join(" | ")} | ${ROLE_SCOPES[role]} |`,
  );
  const legend =
    "\n_their own_: records they hold (owner, assignee, the account's owner) or whose account team they are on; " +
    "_their team's_: their own, or held by someone who reports to them. A masked value is `{ masked: true, reason, " +
    "requires }`, never a null or a zero; records a role may not read are answered as missing.";
  return [START, header, rule, ...rows, legend, END].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(rolesTable());
