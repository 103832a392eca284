// `accountable report …`: the service's reports, as readable tables or, with `--json`, the service's report
// types unchanged (PipelineReport, ForecastReport, QuotaAttainmentReport, RenewalsDueReport, StaleDealsReport,
// AccountHealthReport, PnlReport, ClientReport). The options are parsed by the service with its own schemas;
// flags are only renamed here.
import { writeFile } from "node:fs/promises";
import {
  addDays,
  dateOf,
  FORECAST_ROLLUP_LABELS,
  formatMoney,
  isMasked,
  type Masked,
  type MaybeMoney,
  PeriodLabelSchema,
  type Pipeline,
  type Pnl,
  type Redacted,
  stageTrend,
  type Timestamp,
} from "@accountable/domain";
import {
  AccountHealthOptionsSchema,
  type AccountHealthReport,
  type ClientReport,
  type ForecastReport,
  type PipelineReport,
  type PnlReport,
  type QueryResult,
  type QuotaAttainmentReport,
  type RenewalsDueReport,
  renderClientReportHtml,
  renderClientReportMarkdown,
  SalesMetricsOptionsSchema,
  type SalesMetricsView,
  type StaleDealsReport,
  type WhitespaceReport,
} from "@accountable/service";
import type { CliReader, Session } from "../cli-service.ts";
import type { Ctx } from "../context.ts";
import { asFlags, invalid, Refused } from "../failure.ts";
import { calendarDateFlag } from "../flags.ts";
import { fields, type Styles, table } from "../output.ts";
import { type NamedOptions, resolveNamed, resolveRecord } from "../records.ts";
import { withSession } from "../runtime.ts";
import { enumOptionsChecked, enumValue } from "./list.ts";
import { parseAsOf } from "./resource.ts";

/** `--currency` and repeated `--rate USD/EUR=0.92`, as the service's report options take them. */
export interface CurrencyFlags {
  readonly currency?: string;
  readonly rate?: readonly string[];
}

function currencyOptions(flags: CurrencyFlags): Record<string, string> {
  return {
    ...(flags.currency === undefined ? {} : { currency: flags.currency.toUpperCase() }),
    ...(flags.rate && flags.rate.length > 0 ? { rates: flags.rate.join(",") } : {}),
  };
}

/** Drops the keys whose value is undefined (the service's schemas are strict about optional fields' types). */
function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** The flag that sets a report's option: `--by` for groupBy, else the option's name in kebab case. */
const reportFlag = (field: string) =>
  field === "groupBy" ? "--by" : `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Who a member id is, for the readable tables (`--json` keeps the ids). */
type Names = (memberId: string | null | undefined) => string;

/**
 * Runs one report as the acting member reads it (money they may not see masked, a report they may not read
 * refused) and prints its value: JSON as is, or what `readable` renders.
 */
async function report<T, X = undefined>(
  ctx: Ctx,
  query: (read: CliReader, ids: Record<string, string>) => Promise<QueryResult<T>>,
  readable: (value: T, s: Styles, names: Names, extra: X | undefined) => string,
  /** What the readable table needs besides the report (read in the same session; not for --json). */
  extra?: (session: Session) => Promise<X>,
  /** Options that name members, accounts or deals, read by name, e-mail or id (records.ts). */
  named: NamedOptions = {},
): Promise<T> {
  return withSession(ctx.globals, async (session) => {
    const read = await session.read();
    // Members, accounts and deals the flags name by name, e-mail or id, as ids (records.ts).
    const ids = await resolveNamed(session, named);
    const result = await query(read, ids);
    if (!result.ok) throw new Refused(asFlags(result.error, { groupBy: "--by", ownerId: "--owner" }));
    const names = ctx.globals.json ? (id: string | null | undefined) => id ?? "" : await memberNames(read);
    const more = extra && !ctx.globals.json ? await extra(session) : undefined;
    ctx.out.result(result.value, () => readable(result.value, ctx.out.style, names, more));
    return result.value;
  });
}

/** The workspace's members by id (a team is a few pages at most): a table shows "Ada Park", not "m-ada". */
async function memberNames(read: CliReader): Promise<Names> {
  const byId = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await read.list("members", {
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    if (!page.ok) break;
    for (const m of page.value.items) byId.set(m.id, m.name);
    cursor = page.value.nextCursor ?? undefined;
  } while (cursor);
  return (id) => (id ? (byId.get(id) ?? id) : "");
}

/** An amount; "masked" where the reader's role may not see it (`--json` keeps the shape and its reason). */
const money = (m: MaybeMoney | null | undefined) => (isMasked(m) ? "masked" : m ? formatMoney(m) : "—");
const pct = (bp: number | null | Masked) =>
  isMasked(bp) ? "masked" : bp === null ? "—" : `${(bp / 100).toFixed(1)} %`;
const words = (s: string) =>
  s.replace(/_/g, " ").replace(/([a-z])([A-Z])/g, (_m, a: string, b: string) => `${a} ${b.toLowerCase()}`);
const empty = (s: Styles, text: string) => s.dim(text);

// --- pipeline ----------------------------------------------------------------------------------------------

export interface PipelineFlags {
  readonly pipeline?: string;
  readonly owner?: string;
  readonly asOf?: string;
}

export function pipeline(ctx: Ctx, flags: PipelineFlags): Promise<unknown> {
  const options = defined({
    pipelineId: flags.pipeline,
    asOf: flags.asOf === undefined ? undefined : parseAsOf(flags.asOf),
  });
  return report(ctx, (r, ids) => r.pipeline({ ...options, ...ids }), renderPipeline, undefined, {
    ownerId: ["member", flags.owner, "--owner"],
  });
}

function renderPipeline(r: Redacted<PipelineReport>, s: Styles, names: Names): string {
  const byCurrency = (
    totals: Redacted<PipelineReport>["pipelines"][number]["stages"][number]["totals"],
    pick: "amount" | "weighted",
  ) => (totals.length === 0 ? "—" : totals.map((t) => money(t[pick])).join(", "));
  const out: string[] = [
    s.dim(
      `Pipeline ${r.asOf ? `as of ${r.asOf}` : `on ${dateOf(r.now)}`}${r.ownerId ? `, deals of ${names(r.ownerId)}` : ""}`,
    ),
  ];
  for (const p of r.pipelines) {
    const rows = [
      ...p.stages.map((st) => [
        st.stage.id,
        st.stage.label,
        `${st.stage.probability} %`,
        String(st.count),
        byCurrency(st.totals, "amount"),
        byCurrency(st.totals, "weighted"),
        st.averageDaysInStage === null ? "—" : String(st.averageDaysInStage),
      ]),
      ...p.unknownStages.map((st) => [
        st.stageId,
        "(stage no longer in the pipeline)",
        "—",
        String(st.count),
        byCurrency(st.totals, "amount"),
        byCurrency(st.totals, "weighted"),
        st.averageDaysInStage === null ? "—" : String(st.averageDaysInStage),
      ]),
    ];
    out.push(
      "",
      s.bold(`${p.pipeline.name} (${p.pipeline.id})`),
      table(["stage", "label", "prob.", "deals", "total", "weighted", "avg days in stage"], rows, s),
    );
  }
  return out.join("\n");
}

// --- forecast ----------------------------------------------------------------------------------------------

export interface ForecastFlags extends CurrencyFlags {
  readonly period?: readonly string[];
  readonly by?: string;
  readonly asOf?: string;
  readonly deals?: boolean;
  readonly dealsAfter?: string;
  readonly dealsLimit?: number;
}

const CATEGORIES = ["pipeline", "best_case", "most_likely", "commit", "closed"] as const;

/**
 * A cumulative figure by what it adds up ("best case + most likely + commit + won"), the domain's words, as the
 * web and the API say it: "best case" alone is the category's row of the table.
 */
const rollupLabel = (k: keyof typeof FORECAST_ROLLUP_LABELS) => FORECAST_ROLLUP_LABELS[k].toLowerCase();

export function forecast(ctx: Ctx, flags: ForecastFlags): Promise<unknown> {
  if (!flags.period || flags.period.length === 0)
    throw invalid("report forecast needs --period, e.g. --period 2026-Q4 (repeat it for several).", "period");
  for (const label of flags.period) {
    const parsed = PeriodLabelSchema.safeParse(label);
    if (!parsed.success)
      throw invalid(`"${label}" is not a period: ${parsed.error.issues[0]?.message}.`, "period");
  }
  // Category is the forecast's own grouping (no option), owner the service's groupBy.
  const by = flags.by === undefined ? "category" : enumValue("--by", flags.by, ["category", "owner"]);
  const options = defined({
    periods: flags.period.join(","),
    groupBy: by === "owner" ? "owner" : undefined,
    asOf: flags.asOf === undefined ? undefined : parseAsOf(flags.asOf),
    // The deals come a page at a time, in id order: --deals-after takes the id the previous page ended on.
    lines: flags.deals || flags.dealsAfter !== undefined ? true : undefined,
    linesAfter: flags.dealsAfter,
    linesLimit: flags.dealsLimit,
    ...currencyOptions(flags),
  });
  return report(
    ctx,
    (r) => r.forecast(options as never),
    (r, s, names) => renderForecast(r, s, { ...flags, by }, names),
  );
}

function renderForecast(r: Redacted<ForecastReport>, s: Styles, flags: ForecastFlags, names: Names): string {
  const f = r.forecast;
  const out: string[] = [s.dim(`Forecast in ${f.currency}${r.asOf ? `, as of ${r.asOf}` : ""}`)];
  for (const p of f.periods) {
    const t = p.total;
    out.push("", s.bold(`${p.period.label}  ${s.dim(`${p.period.start} to ${p.period.end}`)}`));
    if (flags.by === "owner") {
      out.push(
        p.owners.length === 0
          ? empty(s, "No deal in this period.")
          : table(
              [
                "owner",
                "deals",
                rollupLabel("openPipeline"),
                rollupLabel("bestCase"),
                rollupLabel("commit"),
                rollupLabel("closed"),
                "weighted open",
              ],
              p.owners.map((o) => [
                names(o.ownerId),
                String(o.deals),
                money(o.rollups.openPipeline),
                money(o.rollups.bestCase),
                money(o.rollups.commit),
                money(o.rollups.closed),
                money(o.weightedRollups.openPipeline),
              ]),
              s,
            ),
      );
    } else {
      out.push(
        table(
          ["category", "deals", "amount", "weighted"],
          [
            ...CATEGORIES.map((c) => [
              words(c),
              String(t.categories[c].count),
              money(t.categories[c].amount),
              money(t.categories[c].weighted),
            ]),
            ["lost", String(t.lost.count), money(t.lost.amount), money(t.lost.weighted)],
          ],
          s,
        ),
      );
    }
    out.push(
      fields(
        {
          [rollupLabel("openPipeline")]:
            `${money(t.rollups.openPipeline)} ${s.dim(`(weighted ${money(t.weightedRollups.openPipeline)})`)}`,
          [rollupLabel("bestCase")]: money(t.rollups.bestCase),
          [rollupLabel("commit")]: money(t.rollups.commit),
          [rollupLabel("closed")]: money(t.rollups.closed),
        },
        s,
      ),
    );
    const lines = p.lines;
    if (lines && lines.items.length > 0)
      out.push(
        table(
          ["deal", "name", "owner", "category", "date", "amount", "prob.", "weighted"],
          lines.items.map((l) => [
            l.opportunityId,
            l.name,
            names(l.ownerId),
            words(l.bucket),
            l.date,
            money(l.amount),
            `${l.probability} %`,
            money(l.weighted),
          ]),
          s,
        ),
      );
    if (lines?.nextCursor)
      out.push(s.dim(`${t.deals} deals in all; the next page: --deals-after ${lines.nextCursor}`));
  }
  return out.join("\n");
}

// --- quota -------------------------------------------------------------------------------------------------

export interface QuotaFlags extends CurrencyFlags {
  readonly period: string;
  readonly member?: readonly string[];
  readonly deals?: boolean;
  readonly dealsAfter?: string;
  readonly dealsLimit?: number;
}

export function quota(ctx: Ctx, flags: QuotaFlags): Promise<unknown> {
  const options = defined({
    period: flags.period,
    // The deals come a page at a time, in id order: --deals-after takes the id the previous page ended on.
    lines: flags.deals || flags.dealsAfter !== undefined ? true : undefined,
    linesAfter: flags.dealsAfter,
    linesLimit: flags.dealsLimit,
    ...currencyOptions(flags),
  });
  return report(ctx, (r, ids) => r.quotaAttainment({ ...options, ...ids } as never), renderQuota, undefined, {
    memberId: ["member", flags.member, "--member"],
  });
}

function renderQuota(r: Redacted<QuotaAttainmentReport>, s: Styles, names: Names): string {
  if (r.attainments.length === 0) return empty(s, `No quota is set for ${r.period.label}.`);
  return [
    s.bold(`Quota attainment, ${r.period.label}  ${s.dim(`${r.period.start} to ${r.period.end}`)}`),
    table(
      ["member", "quota", "closed won", "attainment", "gap", "deals won"],
      r.attainments.map((a) => [
        names(a.memberId),
        money(a.target.converted),
        money(a.closedWon),
        pct(a.attainmentBasisPoints),
        money(a.gap),
        String(a.dealCount),
      ]),
      s,
    ),
    ...r.attainments.flatMap((a) => {
      const page = a.deals;
      if (!page || page.items.length === 0) return [];
      return [
        "",
        s.bold(`${names(a.memberId)}: deals won`),
        table(
          ["deal", "closed on", "amount", "counted"],
          page.items.map((d) => [d.opportunityId, d.closedOn, money(d.amount), money(d.converted)]),
          s,
        ),
        ...(page.nextCursor
          ? [s.dim(`${a.dealCount} deals in all; the next page: --deals-after ${page.nextCursor}`)]
          : []),
      ];
    }),
  ].join("\n");
}

// --- sales metrics ----------------------------------------------------------------------------------------

export interface MetricsFlags extends CurrencyFlags {
  readonly per?: string;
  readonly last?: number;
  readonly by?: string;
  readonly owner?: readonly string[];
  readonly type?: readonly string[];
  readonly source?: string;
  readonly serviceLine?: string;
  readonly asOf?: string;
  readonly stages?: boolean;
}

export function metrics(ctx: Ctx, flags: MetricsFlags): Promise<unknown> {
  const options = defined({
    per: flags.per,
    last: flags.last,
    groupBy: flags.by,
    type: flags.type && flags.type.length > 0 ? flags.type.join(",") : undefined,
    source: flags.source,
    serviceLine: flags.serviceLine,
    asOf: flags.asOf === undefined ? undefined : parseAsOf(flags.asOf),
    ...currencyOptions(flags),
  });
  const stages = flags.stages === true;
  // --by, --per and --type in any case, a misspelt one refused with the nearest value (as list filters are);
  // the service parses the options with its schema and refuses what else it cannot read, naming the field.
  enumOptionsChecked(SalesMetricsOptionsSchema, options, reportFlag);
  return report<SalesMetricsView, readonly Pipeline[]>(
    ctx,
    (r, ids) => r.salesMetrics({ ...options, ...ids } as never),
    (r, s, names, pipelines) => renderMetrics(r, s, names, stages ? (pipelines ?? []) : null),
    // The stages are named by their pipeline's labels ("New business: Proposal"), not their ids.
    stages ? async (session) => (await session.settings()).pipelines : undefined,
    { ownerId: ["member", flags.owner, "--owner"] },
  );
}

/** A stage as people read it: its label, after its pipeline's name when the workspace has several. */
function stageName(pipelines: readonly Pipeline[]) {
  return (pipelineId: string, stageId: string): string => {
    const p = pipelines.find((x) => x.id === pipelineId);
    const label = p?.stages.find((st) => st.id === stageId)?.label ?? stageId;
    return pipelines.length > 1 ? `${p?.name ?? pipelineId}: ${label}` : label;
  };
}

type Group = SalesMetricsView["metrics"]["all"];
type Figures = Group["whole"];

const days = (d: number | null) => (d === null ? "—" : d.toFixed(1));

function metricsRow(label: string, f: Figures): string[] {
  return [
    label,
    String(f.won),
    String(f.lost),
    pct(f.winRateBasisPoints),
    pct(f.valueWinRateBasisPoints),
    money(f.averageDealSize),
    days(f.averageCycleDays),
    String(f.openAtEnd),
    money(f.velocityPerDay),
  ];
}

const METRICS_HEADER = [
  "period",
  "won",
  "lost",
  "win rate",
  "by value",
  "avg deal",
  "avg cycle (days)",
  "open at end",
  "velocity / day",
];

/** The tables; with the workspace's pipelines (`--stages`), the stages over the span and per period too. */
function renderMetrics(
  r: SalesMetricsView,
  s: Styles,
  names: Names,
  pipelines: readonly Pipeline[] | null,
): string {
  const m = r.metrics;
  const groupName = (key: string | null) =>
    key === null ? "(not said)" : m.groupBy === "owner" || m.groupBy === "team" ? names(key) : words(key);
  const out: string[] = [
    s.dim(`Sales metrics in ${m.currency} as of ${dateOf(m.asOf)}, ${m.span.start} to ${m.span.end}`),
  ];
  const groupTable = (g: Group) =>
    table(
      METRICS_HEADER,
      [...g.trend.map((t) => metricsRow(t.period.label, t.figures)), metricsRow("whole span", g.whole)],
      s,
    );
  out.push("", s.bold("All deals"), groupTable(m.all));
  for (const g of m.groups)
    out.push("", s.bold(`${words(m.groupBy ?? "")}: ${groupName(g.key)}`), groupTable(g));
  if (pipelines) {
    const name = stageName(pipelines);
    const rows = stageTrend(m.all);
    if (rows.length === 0) {
      out.push("", empty(s, "No deal entered or left a stage in these periods."));
      return out.join("\n");
    }
    const periods = m.all.trend.map((t) => t.period.label);
    out.push(
      "",
      s.bold("Stages over the whole span"),
      table(
        ["stage", "entered", "advanced", "conversion", "left", "avg days in stage"],
        rows.map(({ pipelineId, stageId, whole: st }) => [
          name(pipelineId, stageId),
          String(st.entered),
          String(st.advanced),
          pct(st.conversionBasisPoints),
          String(st.completedVisits),
          days(st.meanDays),
        ]),
        s,
      ),
      "",
      s.bold("Stage conversion per period (visits that began in it, moved further)"),
      table(
        ["stage", ...periods],
        rows.map((row) => [
          name(row.pipelineId, row.stageId),
          ...row.periods.map((p) => pct(p.figures.conversionBasisPoints)),
        ]),
        s,
      ),
      "",
      s.bold("Average days in stage per period (visits that ended in it)"),
      table(
        ["stage", ...periods],
        rows.map((row) => [
          name(row.pipelineId, row.stageId),
          ...row.periods.map((p) => days(p.figures.meanDays)),
        ]),
        s,
      ),
    );
  }
  return out.join("\n");
}

// --- renewals ----------------------------------------------------------------------------------------------

export interface RenewalsFlags {
  readonly from?: string;
  readonly to?: string;
  readonly days?: number;
  readonly account?: string;
  readonly owner?: string;
}

export function renewals(
  ctx: Ctx,
  flags: RenewalsFlags,
  now: Timestamp = new Date().toISOString() as Timestamp,
): Promise<unknown> {
  if (flags.days !== undefined && (flags.from !== undefined || flags.to !== undefined))
    throw invalid("Give either --days or --from/--to, not both.", "days");
  const today = dateOf(now);
  const from = flags.from === undefined ? today : calendarDateFlag(flags.from, "from");
  const to =
    flags.to === undefined
      ? addDays(from as typeof today, (flags.days ?? 90) - 1)
      : calendarDateFlag(flags.to, "to");
  const options = defined({ from, to });
  // The table names each contract's account (one read per account, the contracts due are few); --json keeps ids.
  const accounts = new Map<string, string>();
  return report(
    ctx,
    async (r, ids) => {
      const result = await r.renewalsDue({ ...options, ...ids } as never);
      if (result.ok && !ctx.globals.json)
        await Promise.all(
          [...new Set(result.value.contracts.map((c) => c.contract.accountId))].map(async (id) => {
            const found = await r.record("account", id).catch(() => undefined);
            const name = found?.ok ? (found.value.state as { name?: unknown } | null)?.name : undefined;
            if (typeof name === "string") accounts.set(id, name);
          }),
        );
      return result;
    },
    (r, s) => renderRenewals(r, s, accounts),
    undefined,
    {
      accountId: ["account", flags.account, "--account"],
      ownerId: ["member", flags.owner, "--owner"],
    },
  );
}

function renderRenewals(
  r: Redacted<RenewalsDueReport>,
  s: Styles,
  accounts: ReadonlyMap<string, string>,
): string {
  const head = s.bold(`Renewals and notice deadlines from ${r.from} to ${r.to}`);
  if (r.contracts.length === 0) return [head, empty(s, "Nothing due in that range.")].join("\n");
  const mark = (d: string, inRange: boolean) => (inRange ? s.yellow(d) : d);
  return [
    head,
    table(
      [
        "contract",
        "id",
        "account",
        "status",
        "ends",
        "notice deadline",
        "window opens",
        "tacit renewal",
        "reminders in range",
      ],
      r.contracts.map((c) => [
        c.contract.title,
        c.contract.id,
        accounts.get(c.contract.accountId) ?? c.contract.accountId,
        c.contract.status,
        c.schedule.endDate.on,
        mark(c.schedule.noticeDeadline.on, c.noticeDeadlineInRange),
        mark(c.schedule.windowOpensOn.on, c.windowOpensInRange),
        c.schedule.tacitRenewal
          ? `on ${c.schedule.tacitRenewal.renewsOn.on}; tell the client by ${mark(c.schedule.tacitRenewal.clientMustBeToldBy.on, c.clientNoticeInRange)}`
          : "—",
        c.reminders.map((x) => `${x.on} (${x.daysBeforeDeadline} d)`).join(", ") || "—",
      ]),
      s,
    ),
    s.dim("The notice deadline is the last day to give notice of non-renewal: the date not to miss."),
  ].join("\n");
}

// --- stale -------------------------------------------------------------------------------------------------

export interface StaleFlags {
  readonly owner?: string;
  readonly pipeline?: string;
  readonly at?: string;
}

export function stale(ctx: Ctx, flags: StaleFlags): Promise<unknown> {
  const options = defined({
    pipelineId: flags.pipeline,
    now: flags.at === undefined ? undefined : parseAsOf(flags.at, "--at"),
  });
  // The planned activity that spares a deal, by its subject: read one by one as the member may read them (a
  // deal is spared by one activity; few deals are spared), only for the table (`--json` keeps the ids).
  const planned = new Map<string, string>();
  return report(
    ctx,
    async (r, ids) => {
      const result = await r.staleDeals({ ...options, ...ids });
      if (result.ok && !ctx.globals.json)
        await Promise.all(
          result.value.spared.map(async (d) => {
            const found = await r.record("activity", d.plannedActivityId).catch(() => undefined);
            const subject = found?.ok
              ? (found.value.state as { subject?: unknown } | null)?.subject
              : undefined;
            if (typeof subject === "string") planned.set(d.plannedActivityId, subject);
          }),
        );
      return result;
    },
    (r, s, names) => renderStale(r, s, names, planned),
    undefined,
    { ownerId: ["member", flags.owner, "--owner"] },
  );
}

function renderStale(
  r: Redacted<StaleDealsReport>,
  s: Styles,
  names: Names,
  planned: ReadonlyMap<string, string>,
): string {
  const deal = (id: string) => r.opportunities[id];
  const out = [s.bold(`Stale deals on ${dateOf(r.now)}`)];
  out.push(
    r.stale.length === 0
      ? empty(s, "No deal is rotting.")
      : table(
          ["deal", "name", "owner", "stage", "idle days", "limit", "idle since", "amount"],
          r.stale.map((d) => [
            d.opportunityId,
            deal(d.opportunityId)?.name ?? "",
            names(deal(d.opportunityId)?.ownerId),
            d.stageLabel,
            String(d.idleDays),
            String(d.limit),
            `${dateOf(d.since)} (${d.sinceReason === "entered_stage" ? "entered stage" : "last activity"})`,
            money(deal(d.opportunityId)?.amount),
          ]),
          s,
        ),
  );
  if (r.spared.length > 0)
    out.push(
      "",
      s.dim(`Spared by a planned activity (${r.spared.length}):`),
      table(
        ["deal", "name", "stage", "idle days", "planned"],
        r.spared.map((d) => [
          d.opportunityId,
          deal(d.opportunityId)?.name ?? "",
          d.stageLabel,
          String(d.idleDays),
          // "Send the proposal" on 2026-12-09; an activity the member may not read is not named.
          `${planned.has(d.plannedActivityId) ? `"${planned.get(d.plannedActivityId)}"` : "an activity"} on ${dateOf(d.plannedAt)}`,
        ]),
        s,
      ),
    );
  return out.join("\n");
}

// --- health ------------------------------------------------------------------------------------------------

export interface HealthFlags extends CurrencyFlags {
  readonly owner?: string;
  readonly band?: string;
  readonly status?: string;
  readonly at?: string;
}

export function health(ctx: Ctx, account: string | undefined, flags: HealthFlags): Promise<unknown> {
  const options = enumOptionsChecked(
    AccountHealthOptionsSchema,
    defined({
      band: flags.band,
      status: flags.status,
      now: flags.at === undefined ? undefined : parseAsOf(flags.at, "--at"),
      ...currencyOptions(flags),
    }),
    reportFlag,
  );
  return report(
    ctx,
    (r, ids) => r.accountHealth({ ...options, ...ids }),
    (r, s, names) => renderHealth(r, s, account !== undefined, names),
    undefined,
    { accountId: ["account", account, "account"], ownerId: ["member", flags.owner, "--owner"] },
  );
}

function renderHealth(r: Redacted<AccountHealthReport>, s: Styles, one: boolean, names: Names): string {
  const band = (b: string, text: string) =>
    b === "healthy" ? s.green(text) : b === "at_risk" ? s.yellow(text) : s.red(text);
  if (r.accounts.length === 0) return empty(s, "No account matches.");
  if (one || r.accounts.length === 1) {
    return r.accounts
      .map(({ account, health }) =>
        [
          `${s.bold(account.name)} ${s.dim(`(${account.id}, ${words(account.status)}, owner ${names(account.ownerId)})`)}`,
          `health ${band(health.band, `${health.score}/100 ${words(health.band)}`)} ${s.dim(`(${health.pointsLost} points lost)`)}`,
          table(
            ["factor", "points lost", "why"],
            health.factors.map((f) => [words(f.signal), String(f.pointsLost), f.sentence]),
            s,
          ),
        ].join("\n"),
      )
      .join("\n\n");
  }
  return [
    s.dim(`Account health on ${dateOf(r.now)}, worst first`),
    table(
      ["account", "name", "score", "band", "owner", "main factor"],
      r.accounts.map(({ account, health }) => {
        const worst = [...health.factors].sort((a, b) => b.pointsLost - a.pointsLost)[0];
        return [
          account.id,
          account.name,
          String(health.score),
          band(health.band, words(health.band)),
          names(account.ownerId),
          worst && worst.pointsLost > 0 ? `${worst.sentence} (−${worst.pointsLost})` : "—",
        ];
      }),
      s,
    ),
    s.dim("`accountable report health <account>` shows every factor of one account."),
  ].join("\n");
}

// --- pnl ---------------------------------------------------------------------------------------------------

export interface PnlFlags extends CurrencyFlags {
  readonly account?: string;
  readonly contract?: string;
  readonly tower?: string;
  readonly period?: string;
}

export function pnl(ctx: Ctx, flags: PnlFlags): Promise<unknown> {
  if (flags.account !== undefined && (flags.contract !== undefined || flags.tower !== undefined))
    throw invalid("Give --account, or --contract and/or --tower, not both.", "account");
  const options = defined({
    contractId: flags.contract,
    towerId: flags.tower,
    period: flags.period,
    ...currencyOptions(flags),
  });
  return report(ctx, (r, ids) => r.pnl({ ...options, ...ids }), renderPnl, undefined, {
    accountId: ["account", flags.account, "--account"],
  });
}

const pnlCells = (p: Redacted<Pnl>) => [
  money(p.revenue),
  money(p.cost),
  money(p.margin),
  pct(p.marginBasisPoints),
];

function renderPnl(r: Redacted<PnlReport>, s: Styles): string {
  const scope = s.dim(
    `P&L in ${r.currency}, ${r.period ? `invoices and costs of ${r.period.label} (${r.period.start} to ${r.period.end})` : "every invoice and cost on record"}`,
  );
  const out = [scope];
  if (r.level === "workspace" || r.level === "account") {
    out.push(
      r.accounts.length === 0
        ? empty(s, "No account has contracts, invoices or costs yet.")
        : table(
            ["account", "name", "planned value", "planned margin", "revenue", "cost", "margin", "margin %"],
            [
              ...r.accounts.map((a) => [
                a.accountId,
                a.accountName,
                money(a.planned.revenue),
                money(a.planned.margin),
                ...pnlCells(a.actual),
              ]),
              ...(r.total && r.accounts.length > 1
                ? [
                    [
                      "total",
                      "",
                      money(r.total.planned.revenue),
                      money(r.total.planned.margin),
                      ...pnlCells(r.total.actual),
                    ],
                  ]
                : []),
            ],
            s,
          ),
    );
    if (r.level === "account")
      for (const a of r.accounts)
        if (a.contracts.length > 0) out.push("", s.bold("Per contract"), contractTable(a.contracts, s));
  } else if (r.level === "contract") {
    for (const c of r.contracts) {
      out.push(
        "",
        `${s.bold(c.title)} ${s.dim(`(${c.contractId}, ${words(c.status)})`)}`,
        contractTable([c], s),
      );
      if (c.towers.length > 0)
        out.push(
          towerTable(
            c.towers.map((t) => ({ ...t, contractId: c.contractId })),
            s,
          ),
        );
    }
  } else {
    out.push(towerTable(r.towers, s));
  }
  return out.join("\n");
}

function contractTable(contracts: readonly Redacted<PnlReport>["contracts"][number][], s: Styles): string {
  return table(
    ["contract", "status", "planned value", "planned margin", "revenue", "cost", "margin", "margin %"],
    contracts.map((c) => [
      c.contractId,
      words(c.status),
      money(c.planned.revenue),
      money(c.planned.margin),
      ...pnlCells(c.actual),
    ]),
    s,
  );
}

function towerTable(
  towers: readonly (
    | Redacted<PnlReport>["towers"][number]
    | (Redacted<PnlReport>["contracts"][number]["towers"][number] & { contractId: string })
  )[],
  s: Styles,
): string {
  return table(
    ["tower", "name", "contract", "planned value", "planned margin", "revenue", "cost", "margin", "margin %"],
    towers.map((t) => [
      t.towerId,
      t.name,
      t.contractId,
      money(t.planned.revenue),
      money(t.planned.margin),
      ...pnlCells(t.actual),
    ]),
    s,
  );
}

// --- client ------------------------------------------------------------------------------------------------

export interface ClientFlags extends CurrencyFlags {
  readonly period: string;
  readonly format: string;
  readonly out?: string;
}

/**
 * The client report: Markdown or a standalone HTML page, on stdout or in `--out`; `--json` prints the data
 * (`ClientReport`) instead, for another renderer. Every form holds only what the client may read.
 */
export async function client(ctx: Ctx, account: string, flags: ClientFlags): Promise<void> {
  const format = flags.format.toLowerCase();
  if (format !== "md" && format !== "markdown" && format !== "html")
    throw invalid("--format must be md or html.", "format");
  await withSession(ctx.globals, async (session) => {
    // The account by name or id, as every flag naming a record (records.ts).
    const accountId = await resolveRecord(session, "account", account, "account");
    const options = { accountId, period: flags.period, ...currencyOptions(flags) };
    const result = await (await session.read()).clientReport(options);
    if (!result.ok) throw new Refused(result.error);
    const data: Redacted<ClientReport> = result.value;
    const text = format === "html" ? renderClientReportHtml(data) : renderClientReportMarkdown(data);
    if (flags.out !== undefined) {
      await writeFile(flags.out, text);
      if (ctx.globals.json) ctx.out.result(data, () => "");
      else
        ctx.out.note(`Wrote the ${format === "html" ? "HTML" : "Markdown"} client report to ${flags.out}.`);
      return;
    }
    ctx.out.result(data, () => text.replace(/\n$/, ""));
  });
}

/** `plan whitespace <account>`: each service line of the workspace for the account, with the revenue at stake. */
export async function whitespace(ctx: Ctx, account: string, flags: CurrencyFlags): Promise<void> {
  await report(
    ctx,
    (r, ids) => r.whitespace({ accountId: ids.accountId ?? account, ...currencyOptions(flags) }),
    renderWhitespace,
    undefined,
    { accountId: ["account", account, "account"] },
  );
}

const WHITESPACE_STATE_WORDS = {
  bought: "bought",
  in_pipeline: "in pipeline",
  not_offered: "not offered",
} as const;

/** What the catalog of service lines leaves out, said under the table. */
function catalogNote(r: Redacted<WhitespaceReport>, s: Styles): string[] {
  if (r.catalogSize === 0)
    return [
      s.dim(
        "The workspace declares no catalog of service lines: these are the lines seen on deals and towers. Declare them in the settings (serviceLines) so a line never sold shows as not offered.",
      ),
    ];
  if (r.notInCatalog.length === 0) return [];
  return [
    s.dim(
      `* not in the workspace's catalog of service lines (seen on deals or towers): ${r.notInCatalog.join(", ")}.`,
    ),
  ];
}

function renderWhitespace(r: Redacted<WhitespaceReport>, s: Styles): string {
  const out = [s.bold(`Whitespace of ${r.accountId} (${r.currency})`)];
  out.push(
    r.lines.length === 0
      ? empty(s, "No service line yet: deals name none and no contract has towers.")
      : table(
          ["service line", "state", "at stake", "bought", "pipeline", "weighted", "why"],
          r.lines.map((l) => [
            l.inCatalog || r.catalogSize === 0 ? l.line : `${l.line} *`,
            WHITESPACE_STATE_WORDS[l.state],
            money(l.atStake),
            money(l.bought),
            money(l.pipeline),
            money(l.weighted),
            l.reason,
          ]),
          s,
        ),
    ...catalogNote(r, s),
    "",
    fields(
      {
        bought: money(r.totals.bought),
        "in pipeline": `${money(r.totals.pipeline)} (weighted ${money(r.totals.weighted)})`,
        "not offered (estimate)": money(r.totals.notOffered),
        ...(r.unplaced.open + r.unplaced.won > 0
          ? { "deals with no service line": `${r.unplaced.open} open, ${r.unplaced.won} won` }
          : {}),
      },
      s,
    ),
  );
  return out.join("\n");
}
