import type { Timestamp } from "@accountable/domain";
import { DEMO_LOGIN } from "@accountable/service";
import { rememberWorkspace } from "../config.ts";
import type { Ctx } from "../context.ts";
import { invalid, Refused } from "../failure.ts";
import { fields } from "../output.ts";
import { withService } from "../runtime.ts";
import { show } from "./format.ts";

export interface DemoFlags {
  readonly workspaceId: string;
  readonly seed: number;
  readonly deals: number;
  readonly dryRun?: boolean;
}

/**
 * Seeds the demo workspace (a year of history ending now) and makes its admin the member commands act as.
 * A dry run seeds a throwaway in-memory database instead and reports what the real run would create.
 */
export async function demo(ctx: Ctx, flags: DemoFlags): Promise<void> {
  const { globals, out } = ctx;
  if (flags.deals < 7) throw invalid("--deals must be at least 7.", "deals");
  const dry = flags.dryRun === true;
  const progress = process.stderr.isTTY && !dry;
  const summary = await withService(
    globals,
    dry ? "memory" : "create",
    async (service) => {
      const result = await service.seedDemo({
        workspaceId: flags.workspaceId,
        seed: flags.seed,
        now: new Date().toISOString() as Timestamp,
        opportunities: flags.deals,
        ...(progress && {
          onProgress: (p: { accountsDone: number; accounts: number; events: number }) =>
            process.stderr.write(
              `\rseeding the demo: ${p.accountsDone}/${p.accounts} accounts, ${p.events} events`,
            ),
        }),
      });
      if (progress) process.stderr.write("\n");
      if (!result.ok) {
        const { version } = await service.load(flags.workspaceId, "workspace", flags.workspaceId);
        // The demo is there already (`npm start` makes one on its first start): adopt it, so commands address it.
        if (version > 0 && !dry) {
          await rememberWorkspace(globals.dataDir, flags.workspaceId, DEMO_LOGIN.memberId);
          throw new Refused({
            _tag: "AlreadyExists",
            message: `The demo workspace ${flags.workspaceId} is in ${globals.dataDir} already; commands now use it, acting as ${DEMO_LOGIN.memberId} (try \`accountable report forecast --period <quarter>\`). Pass --workspace-id <id> for a second demo.`,
          });
        }
        throw new Refused(result.error);
      }
      return result.value;
    },
    "brief",
    "seed the demo here",
  );
  if (!dry) await rememberWorkspace(globals.dataDir, summary.workspaceId, summary.login.memberId);

  const s = out.style;
  out.result({ ...summary, dryRun: dry }, () =>
    [
      dry
        ? s.yellow("Dry run (in memory, nothing written). The demo would hold:")
        : s.green(`Created the demo workspace ${summary.workspaceId}.`),
      fields(
        {
          members: show(summary.members),
          accounts: show(summary.accounts),
          opportunities: show(summary.opportunities),
          events: show(summary.events),
          "acting as": `${summary.login.name} <${summary.login.email}> (${summary.login.memberId})`,
        },
        s,
      ),
      ...(dry ? [] : ["", `Try: accountable --workspace ${summary.workspaceId} opp list --status open`]),
    ].join("\n"),
  );
}
