// `accountable sweep`: applies the time-driven rules due now (or at --at) through the service — contracts
// activated, notice windows entered, tacit renewals, expiries, retainers' periods billed, invoices overdue,
// escalations past their SLA — and reports the stale deals. Running it twice at the same moment changes nothing the second time.
import { dateOf, sweepMomentRefusal, type Timestamp, TimestampSchema } from "@accountable/domain";
import type { SweepRuleOutcome, SweepSummary } from "@accountable/service";
import type { Ctx } from "../context.ts";
import { invalid } from "../failure.ts";
import { fields, type Styles, table } from "../output.ts";
import { withSession } from "../runtime.ts";

export interface SweepFlags {
  readonly at?: string;
}

function moment(text: string | undefined): Timestamp {
  if (text === undefined) return new Date().toISOString() as Timestamp;
  // A date alone means the start of that day (UTC): the sweep a nightly job would run on it.
  const candidate = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00.000Z` : text;
  const parsed = TimestampSchema.safeParse(candidate);
  if (!parsed.success)
    throw invalid("--at expects a date (2026-12-01) or a UTC timestamp (2026-12-01T02:00:00Z).", "at");
  const tooFar = sweepMomentRefusal(parsed.data, new Date().toISOString() as Timestamp);
  if (tooFar) throw invalid(tooFar.message, "at");
  return parsed.data;
}

export async function sweep(ctx: Ctx, flags: SweepFlags): Promise<void> {
  const at = moment(flags.at);
  await withSession(ctx.globals, async (session) => {
    // As the acting member, who must be allowed to (the API asks the same of a token).
    const summary = await session.service.sweep(session.workspaceId, session.actorId(), at);
    ctx.out.result(summary, () => describe(summary, ctx.out.style));
    const refused =
      summary.retainers.refused.length +
      summary.contracts.refused.length +
      summary.invoices.refused.length +
      summary.escalations.refused.length;
    if (refused > 0)
      ctx.out.note(
        ctx.out.errStyle.yellow(
          `${refused} due command${refused === 1 ? " was" : "s were"} refused (see above); the next sweep retries.`,
        ),
      );
  });
}

function describe(r: SweepSummary, s: Styles): string {
  const count = (o: SweepRuleOutcome) =>
    `${o.applied.length} applied${o.refused.length ? `, ${s.yellow(`${o.refused.length} refused`)}` : ""} ${s.dim(`(${o.candidates} checked)`)}`;
  const rows = [r.retainers, r.contracts, r.invoices, r.escalations].flatMap((o) => [
    ...o.applied.map((a) => [a.aggregate, a.id, a.command.type, a.because]),
    ...o.refused.map((x) => [x.aggregate, x.id, s.yellow(`${x.command.type} refused`), x.refusal.message]),
  ]);
  return [
    `${s.green("Swept")} workspace ${s.bold(r.workspaceId)} at ${r.now} ${s.dim(`(dates judged on ${r.today})`)}`,
    fields(
      {
        "retainer periods": count(r.retainers),
        contracts: count(r.contracts),
        invoices: count(r.invoices),
        escalations: count(r.escalations),
        "stale deals": `${r.rotting.stale.length} ${s.dim(`(${r.rotting.spared.length} spared by a planned activity)`)}`,
      },
      s,
    ),
    ...(rows.length > 0 ? ["", table(["record", "id", "command", "because"], rows, s)] : []),
    ...(r.rotting.stale.length > 0
      ? [
          "",
          s.dim("Stale deals, most idle first:"),
          table(
            ["deal", "stage", "idle days", "limit", "idle since"],
            r.rotting.stale.map((d) => [
              d.opportunityId,
              d.stageLabel,
              String(d.idleDays),
              String(d.limit),
              dateOf(d.since),
            ]),
            s,
          ),
        ]
      : []),
  ].join("\n");
}
