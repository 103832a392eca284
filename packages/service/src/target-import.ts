// Importing accounts into a target list from names (a pasted list, a CSV's column): each name is matched to one
// account the member may read — by id, or by name as names are matched everywhere (accents, case and spacing aside,
// the domain's `normalizeName`) — and every row ends added, skipped (on the list already, named earlier) or
// rejected (no such account, several) with why. The additions go through the one command path (AddTargets, source
// "import"). The CLI's `target import` and the API's POST …/targets/{id}/import both call it.
import {
  type AccountId,
  type AccountStatus,
  AccountStatusSchema,
  currentTargets,
  isHuntable,
  MAX_TARGETS_PER_COMMAND,
  normalizeName,
  type TargetListCommand,
  type Timestamp,
} from "@accountable/domain";
import { type StoreDatabase, schema } from "@accountable/store";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { type ExecuteResult, execute } from "./execute.ts";
import { type QueryResult, queryOk, queryRefused } from "./queries/result.ts";
import { writableList } from "./target-access.ts";
import { viewerOf, visibleRecords } from "./visibility.ts";

/** Headers (lower case, spaces, _ and - left out) that name the accounts, in the order one is looked for. */
export const TARGET_ACCOUNT_COLUMNS = [
  "account",
  "accountname",
  "accountid",
  "company",
  "client",
  "organization",
  "name",
] as const;

/**
 * The index of the column naming the accounts: the one called `column` (case and outer spaces aside) when given,
 * else the first of TARGET_ACCOUNT_COLUMNS the header has; -1 when there is none.
 */
export function accountColumnIndex(header: readonly string[], column?: string): number {
  if (column !== undefined)
    return header.findIndex((h) => h.trim().toLowerCase() === column.trim().toLowerCase());
  const squash = (s: string) => s.toLowerCase().replace(/[\s_-]/g, "");
  return (
    TARGET_ACCOUNT_COLUMNS.map((c) => header.findIndex((h) => squash(h) === c)).find((i) => i >= 0) ?? -1
  );
}

const RowOutcomeSchema = z.object({
  row: z.int().meta({ description: "The row's number (in a CSV, the header is row 1)." }),
  account: z.string().meta({ description: "The account as the row names it." }),
  reason: z.string(),
});

/** What an import into a target list did with each row. */
export const TargetImportSchema = z
  .object({
    listId: z.string(),
    read: z.int().meta({ description: "Rows read: added + skipped + rejected." }),
    added: z.int().meta({ description: "Accounts added (or, in a dry run, that would be)." }),
    skipped: z.int(),
    rejected: z.int(),
    skips: z.array(RowOutcomeSchema).meta({
      description:
        "On the list already, named earlier, or a client already (a target list hunts new customers: see clients).",
    }),
    clients: z.int().meta({
      description:
        "Of the skipped, the accounts that are clients already (onboarding, active, at risk) or archived: a target list hunts prospects and former clients, as its criteria match them, so an import skips these too, each listed in skips with its status.",
    }),
    rejections: z
      .array(RowOutcomeSchema)
      .meta({ description: "No account of that name or id the member may read, or several." }),
    dryRun: z.boolean().meta({ description: "True for a preview: nothing was written." }),
    adds: z
      .array(z.object({ row: z.int(), account: z.string(), accountId: z.string(), name: z.string() }))
      .meta({ description: "The rows added (or that would be), with the account each names." }),
  })
  .meta({
    id: "TargetImport",
    description:
      "Accounts named by name (accents, case and spacing aside) or id, added to a target list (AddTargets, source import): every row added, skipped (on the list, named earlier, a client already) or rejected with why.",
  });
export type TargetImport = z.output<typeof TargetImportSchema>;

type Outcome = { row: number; account: string; reason: string };

type Named = { readonly id: string; readonly name: string; readonly status: AccountStatus };

/**
 * Matches each row to an account: pure, over the accounts the member may read and the list's current members. An
 * account that is a client already (or archived) is skipped, saying so: a target list hunts new customers, as
 * its criteria match only prospects and former clients (`isHuntable`); a person who means it adds it by hand.
 */
export function matchImportRows(
  rows: readonly string[],
  accounts: readonly Named[],
  onList: ReadonlySet<string>,
  firstRow = 1,
): Pick<TargetImport, "adds" | "skips" | "rejections" | "clients"> {
  const byName = new Map<string, Named[]>();
  const byId = new Map<string, Named>();
  for (const a of accounts) {
    byId.set(a.id, a);
    const key = normalizeName(a.name);
    byName.set(key, [...(byName.get(key) ?? []), a]);
  }
  const adds: TargetImport["adds"][number][] = [];
  const chosen = new Set<string>();
  const skips: Outcome[] = [];
  const rejections: Outcome[] = [];
  let clients = 0;
  rows.forEach((raw, i) => {
    const row = firstRow + i;
    const given = raw.trim();
    const exact = byId.get(given);
    const named = exact ? [exact] : (byName.get(normalizeName(given)) ?? []);
    if (given === "") rejections.push({ row, account: given, reason: "the row names no account" });
    else if (named.length === 0)
      rejections.push({ row, account: given, reason: `there is no account named "${given}"` });
    else if (named.length > 1)
      rejections.push({
        row,
        account: given,
        reason: `${named.length} accounts are named "${given}" (${named.map((a) => a.id).join(", ")}): give the one meant by its id`,
      });
    else if (onList.has(named[0]!.id)) skips.push({ row, account: given, reason: "on the list already" });
    else if (chosen.has(named[0]!.id))
      skips.push({ row, account: given, reason: "named earlier in the file" });
    else if (!isHuntable(named[0]!.status)) {
      clients++;
      skips.push({
        row,
        account: given,
        reason: `${named[0]!.name} is ${named[0]!.status === "archived" ? "archived" : `a client already (${named[0]!.status.replace("_", " ")})`}: a target list hunts new customers (prospects, dormant or churned accounts), so it was not added; add it by hand if it belongs on the list`,
      });
    } else {
      chosen.add(named[0]!.id);
      adds.push({ row, account: given, accountId: named[0]!.id, name: named[0]!.name });
    }
  });
  return { adds, skips, rejections, clients };
}

/**
 * Imports the accounts `rows` name into a target list as the member (a preview with `dryRun`): NotFound when the
 * list is not theirs to read, NotPermitted without `target.write` on it (judged even when nothing would be added),
 * then the first refusal of an AddTargets command if any. Only the accounts the member may read are matched.
 */
export async function importTargets(
  deps: { readonly db: StoreDatabase; readonly clock: () => Timestamp },
  workspaceId: string,
  memberId: string,
  listId: string,
  rows: readonly string[],
  opts: { readonly dryRun?: boolean; readonly firstRow?: number; readonly now?: Timestamp } = {},
): Promise<QueryResult<TargetImport>> {
  const { db } = deps;
  const viewer = await viewerOf(db, workspaceId, memberId);
  if (!viewer.ok) return queryRefused(viewer.error);
  const writable = await writableList(db, workspaceId, viewer.value, listId);
  if (!writable.ok) return writable;
  const list = writable.value;

  const a = schema.accounts;
  const all = await db
    .select({ id: a.id, name: a.name, status: a.status, data: a.data })
    .from(a)
    .where(eq(a.workspaceId, workspaceId))
    .orderBy(a.id);
  const readable = new Set(
    (
      await visibleRecords(
        viewer.value,
        "account",
        all.map((r) => r.data as { readonly status: string; readonly id: string }),
      )
    ).map((r) => r.id),
  );
  const onList = new Set(currentTargets(list).map((m) => m.accountId as string));
  const matched = matchImportRows(
    rows,
    all
      .filter((r) => readable.has(r.id))
      .map((r) => ({ id: r.id, name: r.name, status: AccountStatusSchema.parse(r.status) })),
    onList,
    opts.firstRow ?? 1,
  );

  const dryRun = opts.dryRun === true;
  const now = opts.now ?? deps.clock();
  const ids = matched.adds.map((x) => x.accountId);
  for (let i = 0; i < ids.length; i += MAX_TARGETS_PER_COMMAND) {
    const command: TargetListCommand = {
      type: "AddTargets",
      accountIds: ids.slice(i, i + MAX_TARGETS_PER_COMMAND).map((id) => id as AccountId),
      source: "import",
    };
    const r: ExecuteResult = await execute(
      db,
      workspaceId,
      { aggregate: "target", id: listId, command },
      memberId,
      {
        now,
        ...(dryRun ? { dryRun: true } : {}),
      },
    );
    if (!r.ok) return queryRefused(r.error);
  }
  return queryOk({
    listId,
    read: rows.length,
    added: matched.adds.length,
    skipped: matched.skips.length,
    rejected: matched.rejections.length,
    skips: matched.skips,
    clients: matched.clients,
    rejections: matched.rejections,
    dryRun,
    adds: matched.adds,
  });
}
