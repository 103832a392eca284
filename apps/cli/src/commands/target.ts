// `accountable target funnel <list>` and `accountable target add-matching <list>`: a target list's funnel as the
// service's reader answers it (TargetListReport), and adding the accounts its criteria match through the service's
// `targets.addMatching` (a preview with --dry-run). Locally or over --api, the same shapes.
import { type AddMatching, accountColumnIndex, type TargetListReport } from "@accountable/service";
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

/** What `target import` did with each row: every row ends added, skipped or rejected, with why. */
export interface TargetImportSummary {
  readonly listId: string;
  readonly read: number;
  readonly added: number;
  readonly skipped: number;
  readonly rejected: number;
  readonly skips: readonly { readonly row: number; readonly account: string; readonly reason: string }[];
  /** Of the skipped, the accounts that are clients already: a target list hunts new customers. */
  readonly clients: number;
  readonly rejections: readonly { readonly row: number; readonly account: string; readonly reason: string }[];
  readonly dryRun: boolean;
}

/**
 * `target import <list> <file.csv>`: adds the accounts a file names to a target list through the service's
 * `targets.importAccounts` (by name, as names are matched everywhere — accents, case and spacing aside — or by id; AddTargets
 * with source "import"; over --api, POST …/targets/{id}/import). Every row is accounted for: added, skipped (on the
 * list already, named twice in the file, or a client already — a target list hunts new customers, as its criteria
 * match only prospects and former clients — counted and listed) or rejected (no account of that name, or several). The exit code says
 * which, as `import`'s does.
 */
export async function importTargets(
  ctx: Ctx,
  listId: string,
  file: string,
  flags: { readonly column?: string; readonly dryRun?: boolean },
): Promise<number> {
  return withSession(ctx.globals, async (session) => {
    // The list first, so a list that is not there is said before anything about the file.
    const list = await (await session.read()).record("target", listId);
    if (!list.ok) throw new Refused(list.error);

    let header: readonly string[] | undefined;
    let at = -1;
    const rows: string[] = [];
    for await (const { cells } of readCsv(file)) {
      if (header === undefined) {
        header = cells;
        at = accountColumnIndex(header, flags.column);
        if (at < 0)
          throw invalid(
            flags.column === undefined
              ? `${file} has no column naming the accounts (Account, Company, Name…); its columns: ${header.join(", ")}. Say which with --column.`
              : `${file} has no column "${flags.column}"; its columns: ${header.join(", ")}.`,
            "column",
          );
        continue;
      }
      rows.push(cells[at] ?? "");
    }

    const dryRun = flags.dryRun === true;
    const result = await session.service.importTargets(session.workspaceId, session.actorId(), listId, rows, {
      dryRun,
      firstRow: 2,
    });
    if (!result.ok) throw new Refused(result.error);
    const r = result.value;
    const summary: TargetImportSummary = {
      listId,
      read: r.read,
      added: r.added,
      skipped: r.skipped,
      rejected: r.rejected,
      skips: r.skips,
      clients: r.clients,
      rejections: r.rejections,
      dryRun,
    };
    ctx.out.result(summary, () => renderTargetImport(summary, ctx.out.style));
    return importExitCode(summary);
  });
}

function renderTargetImport(r: TargetImportSummary, s: Styles): string {
  return [
    `read ${r.read} = ${r.dryRun ? "would add" : "added"} ${r.added} + skipped ${r.skipped} + rejected ${r.rejected}${r.dryRun ? s.dim(" (dry run: nothing written)") : ""}`,
    ...(r.clients > 0
      ? [
          s.yellow(
            `${r.clients} of the skipped ${r.clients === 1 ? "is a client" : "are clients"} already (or archived): a target list hunts new customers, as its criteria do, so the import leaves ${r.clients === 1 ? "it" : "them"} off; add one by hand if it belongs on the list.`,
          ),
        ]
      : []),
    ...[
      ...r.skips.map((x) => ({ ...x, what: "skipped" })),
      ...r.rejections.map((x) => ({ ...x, what: "rejected" })),
    ]
      .sort((a, b) => a.row - b.row)
      .map((x) => `  row ${x.row} ${x.what}: ${x.reason}`),
  ].join("\n");
}
