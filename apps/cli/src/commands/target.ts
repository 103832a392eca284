// `accountable target funnel <list>` and `accountable target add-matching <list>`: a target list's funnel as the
// service's reader answers it (TargetListReport), and adding the accounts its criteria match through the service's
// `targets.addMatching` (a preview with --dry-run). Locally or over --api, the same shapes.
import { MAX_TARGETS_PER_COMMAND, normalizeAccountName } from "@accountable/domain";
import { type AddMatching, parseCommand, type TargetListReport } from "@accountable/service";
import type { Ctx } from "../context.ts";
import { readCsv } from "../csv.ts";
import { invalid, Refused } from "../failure.ts";
import { type Styles, table } from "../output.ts";
import { withSession } from "../runtime.ts";
import { importExitCode } from "./import.ts";

const STEP_WORDS = {
  target: "target",
  met: "first meeting",
  opportunity: "opportunity",
  won: "won",
} as const;
const percent = (bp: number | null) => (bp === null ? "—" : `${(bp / 100).toFixed(1)} %`);

/** `target funnel <list>`: each step's count, conversion and mean and median days from the step before; then the members. */
export async function funnel(ctx: Ctx, listId: string): Promise<void> {
  await withSession(ctx.globals, async (session) => {
    const result = await (await session.read()).targetFunnel(listId);
    if (!result.ok) throw new Refused(result.error);
    ctx.out.result(result.value, () => renderFunnel(result.value, ctx.out.style));
  });
}

export function renderFunnel(r: TargetListReport, s: Styles): string {
  const out = [s.bold(`${r.list.name} (${r.list.status})`)];
  if (r.list.goal) out.push(s.dim(r.list.goal));
  out.push(
    "",
    table(
      ["step", "accounts", "from previous", "avg days from previous", "median days"],
      r.steps.map((step) => [
        STEP_WORDS[step.step],
        String(step.count),
        percent(step.conversionBasisPoints),
        step.averageDaysFromPrevious === null ? "—" : String(step.averageDaysFromPrevious),
        step.medianDaysFromPrevious === null ? "—" : String(step.medianDaysFromPrevious),
      ]),
      s,
    ),
    "",
  );
  out.push(
    r.members.length === 0
      ? s.dim("No account on the list yet: add some by hand, or `accountable target add-matching`.")
      : table(
          ["account", "step", "fit", "source", "added", "why"],
          [...r.members]
            .sort((a, b) => b.fit.score - a.fit.score || (a.name ?? "").localeCompare(b.name ?? ""))
            .map((m) => [
              m.name ?? s.dim("(an account you may not read)"),
              STEP_WORDS[m.step],
              `${m.fit.score}${m.fit.fits ? "" : " (misses)"}`,
              m.source,
              m.addedAt.slice(0, 10),
              m.fit.reasons
                .filter((x) => !x.matched)
                .map((x) => x.text)
                .join("; "),
            ]),
          s,
        ),
  );
  return out.join("\n");
}

/** `target add-matching <list> [--dry-run]`: the accounts the list's criteria match, added unless a preview. */
export async function addMatching(
  ctx: Ctx,
  listId: string,
  flags: { readonly dryRun?: boolean },
): Promise<void> {
  await withSession(ctx.globals, async (session) => {
    const dryRun = flags.dryRun === true;
    const result = await session.service.addMatching(session.workspaceId, session.actorId(), listId, {
      dryRun,
    });
    if (!result.ok) throw new Refused(result.error);
    ctx.out.result(result.value, () => renderAddMatching(result.value, ctx.out.style));
  });
}

function renderAddMatching(r: AddMatching, s: Styles): string {
  const n = r.matched.length;
  const accounts = `${n} account${n === 1 ? "" : "s"}`;
  if (n === 0) return "No account matches the list's criteria that is not on it already.";
  const head = r.dryRun
    ? `${accounts} would be added (nothing written; run it again without --dry-run to add them):`
    : `Added ${accounts} to ${r.listId}:`;
  return [head, ...r.matched.map((m) => `  ${m.name} ${s.dim(`(${m.accountId})`)}`)].join("\n");
}

/** Headers that hold the account, in the order one is looked for when --column is not given. */
const ACCOUNT_COLUMNS = ["account", "accountname", "accountid", "company", "client", "organization", "name"];

/** What `target import` did with each row: every row ends added, skipped or rejected, with why. */
export interface TargetImportSummary {
  readonly listId: string;
  readonly read: number;
  readonly added: number;
  readonly skipped: number;
  readonly rejected: number;
  readonly skips: readonly { readonly row: number; readonly account: string; readonly reason: string }[];
  readonly rejections: readonly { readonly row: number; readonly account: string; readonly reason: string }[];
  readonly dryRun: boolean;
}

/**
 * `target import <list> <file.csv>`: adds the accounts a file names (by name, as names are matched everywhere —
 * case and spacing aside — or by id) to a target list, through its AddTargets command with source "import".
 * Every row is accounted for: added, skipped (on the list already, or named twice in the file) or rejected (no
 * account of that name, or several). The exit code says which, as `import`'s does.
 */
export async function importTargets(
  ctx: Ctx,
  listId: string,
  file: string,
  flags: { readonly column?: string; readonly dryRun?: boolean },
): Promise<number> {
  return withSession(ctx.globals, async (session) => {
    const read = await session.read();
    const list = await read.record("target", listId);
    if (!list.ok) throw new Refused(list.error);
    const onList = new Set(
      ((list.value.state as { members?: { accountId: string; removedAt: string | null }[] }).members ?? [])
        .filter((m) => m.removedAt === null)
        .map((m) => m.accountId),
    );
    const byName = new Map<string, string[]>();
    const ids = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await read.list("accounts", { limit: 200, ...(cursor ? { cursor } : {}) });
      if (!page.ok) throw new Refused(page.error);
      for (const a of page.value.items) {
        ids.add(a.id);
        const key = normalizeAccountName(a.name);
        byName.set(key, [...(byName.get(key) ?? []), a.id]);
      }
      cursor = page.value.nextCursor ?? undefined;
    } while (cursor);

    let header: readonly string[] | undefined;
    let at = -1;
    let row = 1;
    const chosen: string[] = [];
    const skips: { row: number; account: string; reason: string }[] = [];
    const rejections: { row: number; account: string; reason: string }[] = [];
    for await (const { cells } of readCsv(file)) {
      if (header === undefined) {
        header = cells;
        const squash = (s: string) => s.toLowerCase().replace(/[\s_-]/g, "");
        at =
          flags.column === undefined
            ? (ACCOUNT_COLUMNS.map((c) => header!.findIndex((h) => squash(h) === c)).find((i) => i >= 0) ??
              -1)
            : header.findIndex((h) => h.trim().toLowerCase() === flags.column!.trim().toLowerCase());
        if (at < 0)
          throw invalid(
            flags.column === undefined
              ? `${file} has no column naming the accounts (Account, Company, Name…); its columns: ${header.join(", ")}. Say which with --column.`
              : `${file} has no column "${flags.column}"; its columns: ${header.join(", ")}.`,
            "column",
          );
        continue;
      }
      row++;
      const given = (cells[at] ?? "").trim();
      const named = ids.has(given) ? [given] : (byName.get(normalizeAccountName(given)) ?? []);
      if (given === "") rejections.push({ row, account: given, reason: "the row names no account" });
      else if (named.length === 0)
        rejections.push({ row, account: given, reason: `there is no account named "${given}"` });
      else if (named.length > 1)
        rejections.push({
          row,
          account: given,
          reason: `${named.length} accounts are named "${given}" (${named.join(", ")}): give the one meant by its id`,
        });
      else if (onList.has(named[0]!)) skips.push({ row, account: given, reason: "on the list already" });
      else if (chosen.includes(named[0]!))
        skips.push({ row, account: given, reason: "named earlier in the file" });
      else chosen.push(named[0]!);
    }

    const dryRun = flags.dryRun === true;
    for (let i = 0; i < chosen.length; i += MAX_TARGETS_PER_COMMAND) {
      const parsed = parseCommand("target", {
        type: "AddTargets",
        accountIds: chosen.slice(i, i + MAX_TARGETS_PER_COMMAND),
        source: "import",
      });
      if (!parsed.ok) throw new Refused(parsed.error);
      const result = await session.service.execute(
        session.workspaceId,
        { aggregate: "target", id: listId, command: parsed.value },
        session.actorId(),
        { dryRun, reason: null },
      );
      if (!result.ok) throw new Refused(result.error);
    }
    const summary: TargetImportSummary = {
      listId,
      read: row - 1,
      added: chosen.length,
      skipped: skips.length,
      rejected: rejections.length,
      skips,
      rejections,
      dryRun,
    };
    ctx.out.result(summary, () => renderTargetImport(summary, ctx.out.style));
    return importExitCode(summary);
  });
}

function renderTargetImport(r: TargetImportSummary, s: Styles): string {
  return [
    `read ${r.read} = ${r.dryRun ? "would add" : "added"} ${r.added} + skipped ${r.skipped} + rejected ${r.rejected}${r.dryRun ? s.dim(" (dry run: nothing written)") : ""}`,
    ...[
      ...r.skips.map((x) => ({ ...x, what: "skipped" })),
      ...r.rejections.map((x) => ({ ...x, what: "rejected" })),
    ]
      .sort((a, b) => a.row - b.row)
      .map((x) => `  row ${x.row} ${x.what}: ${x.reason}`),
  ].join("\n");
}
