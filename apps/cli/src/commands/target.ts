// `accountable target funnel <list>` and `accountable target add-matching <list>`: a target list's funnel as the
// service's reader answers it (TargetListReport), and adding the accounts its criteria match through the service's
// `targets.addMatching` (a preview with --dry-run). Locally or over --api, the same shapes.
import type { AddMatching, TargetListReport } from "@accountable/service";
import type { Ctx } from "../context.ts";
import { Refused } from "../failure.ts";
import { type Styles, table } from "../output.ts";
import { withSession } from "../runtime.ts";

const STEP_WORDS = {
  target: "target",
  met: "first meeting",
  opportunity: "opportunity",
  won: "won",
} as const;
const percent = (bp: number | null) => (bp === null ? "—" : `${(bp / 100).toFixed(1)} %`);

/** `target funnel <list>`: each step's count, conversion and days from the step before; then the members. */
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
      ["step", "accounts", "from previous", "avg days from previous"],
      r.steps.map((step) => [
        STEP_WORDS[step.step],
        String(step.count),
        percent(step.conversionBasisPoints),
        step.averageDaysFromPrevious === null ? "—" : String(step.averageDaysFromPrevious),
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
