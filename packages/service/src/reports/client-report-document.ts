// The client report as a document: headings, paragraphs, lists and tables of plain text, built once from the
// `ClientReport` data and rendered by the Markdown and HTML renderers beside this file (and later by the web
// app), so every format says the same thing. Pure: no clock, no I/O; the text is not escaped here — each
// renderer escapes for its own format.
import {
  type CalendarDate,
  dateOf,
  formatMoney,
  type InvoiceLine,
  invoiceTotal,
  isMasked,
  type Masked,
  type MaybeMoney,
  type Redacted,
  type Timestamp,
} from "@accountable/domain";
import type { ClientReport } from "../queries/client-report.ts";

export interface ReportTable {
  readonly kind: "table";
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Columns holding amounts, right-aligned where the format can. */
  readonly numeric?: readonly number[];
}

export type ReportBlock =
  | { readonly kind: "paragraph"; readonly text: string }
  | { readonly kind: "list"; readonly items: readonly string[] }
  | { readonly kind: "subheading"; readonly text: string }
  | { readonly kind: "facts"; readonly facts: readonly (readonly [string, string])[] }
  | ReportTable;

export interface ReportSection {
  readonly heading: string;
  readonly blocks: readonly ReportBlock[];
}

export interface ReportDocument {
  readonly title: string;
  /** One line under the title: the period and when the report was prepared. */
  readonly subtitle: string;
  readonly sections: readonly ReportSection[];
}

const day = (t: Timestamp | CalendarDate | null): string =>
  t === null ? "—" : t.length > 10 ? dateOf(t as Timestamp) : (t as string);
// A figure the reader may not see reads "masked" (never a figure, nor "—", which would read as "none").
const amount = (m: MaybeMoney | null): string => (m === null ? "—" : isMasked(m) ? "masked" : formatMoney(m));
const percent = (basisPoints: number | Masked | null): string =>
  basisPoints === null ? "—" : isMasked(basisPoints) ? "masked" : `${(basisPoints / 100).toFixed(1)} %`;
const isShown = (line: Redacted<InvoiceLine>): line is InvoiceLine => !isMasked(line.unitPrice);
const plural = (n: number, noun: string, nouns = `${noun}s`) => `${n} ${n === 1 ? noun : nouns}`;
const words = (s: string) => s.replace(/_/g, " ");

const none = (text: string): ReportBlock => ({ kind: "paragraph", text });

/**
 * The client report's document (see the module comment). The data holds only what the client may read (no
 * internal note, no task not agreed with them, no cost of the agency), so there is no internal version to ask for.
 */
export function clientReportDocument(report: Redacted<ClientReport>): ReportDocument {
  const { account, period, deliverables, budget, invoices, escalations, nextSteps } = report;
  const tasks = nextSteps.tasks;

  const summary: ReportBlock = {
    kind: "list",
    items: [
      `${plural(report.activities.length, "activity", "activities")} with you, ${plural(report.meetings.length, "meeting")} among them.`,
      `${plural(deliverables.milestonesDone.length, "milestone")} met and ${plural(deliverables.briefsDelivered.length, "brief")} delivered; ${plural(deliverables.milestonesDue.length + deliverables.briefsDue.length, "deliverable")} due in the period still open.`,
      `Budget ${amount(budget.budget)}; billed ${amount(budget.billedInPeriod)} in the period and ${amount(budget.billedToDate)} to date (${percent(budget.burnBasisPoints)} of budget).`,
      `Invoiced ${amount(invoices.issuedTotal)}, paid ${amount(invoices.paidTotal)}; overdue ${amount(invoices.overdueTotal)}.`,
      escalations.open.length === 0
        ? "No open escalation."
        : `${plural(escalations.open.length, "open escalation")}.`,
    ],
  };

  const activities: ReportBlock[] =
    report.activities.length === 0
      ? [none("No activity recorded in the period.")]
      : [
          {
            kind: "table",
            header: ["Date", "Kind", "Subject"],
            rows: report.activities.map((a) => [day(a.at), words(a.kind), a.subject]),
          },
        ];
  for (const m of report.meetings) {
    if (!m.minutes) continue;
    activities.push({ kind: "subheading", text: `Minutes: ${m.subject} (${day(m.at)})` });
    if (m.minutes.summary.trim()) activities.push({ kind: "paragraph", text: m.minutes.summary.trim() });
    if (m.minutes.decisions.length > 0)
      activities.push(
        { kind: "paragraph", text: "Decisions:" },
        { kind: "list", items: m.minutes.decisions },
      );
  }

  const milestoneRows = (ms: Redacted<ClientReport>["deliverables"]["milestonesDone"]) =>
    ms.map((m) => [m.contractTitle, m.milestone.title, day(m.milestone.dueDate), day(m.milestone.doneOn)]);
  const deliverableBlocks: ReportBlock[] = [];
  const addTable = (title: string, header: string[], rows: string[][], numeric?: number[]) => {
    if (rows.length === 0) return;
    deliverableBlocks.push({ kind: "subheading", text: title });
    deliverableBlocks.push({ kind: "table", header, rows, ...(numeric ? { numeric } : {}) });
  };
  addTable(
    "Milestones met",
    ["Contract", "Milestone", "Due", "Done"],
    milestoneRows(deliverables.milestonesDone),
  );
  addTable(
    "Milestones due, not yet met",
    ["Contract", "Milestone", "Due", "Done"],
    milestoneRows(deliverables.milestonesDue),
  );
  addTable(
    "Briefs delivered",
    ["Brief", "Deadline", "Delivered"],
    deliverables.briefsDelivered.map((b) => [b.title, day(b.deadline), day(b.deliveredAt)]),
  );
  addTable(
    "Briefs due, not yet delivered",
    ["Brief", "Deadline", "Status"],
    deliverables.briefsDue.map((b) => [b.title, day(b.deadline), words(b.status)]),
  );
  if (deliverableBlocks.length === 0)
    deliverableBlocks.push(none("No deliverable met or due in the period."));

  const contracts: ReportBlock[] =
    report.contracts.length === 0
      ? [none("No contract in force in the period.")]
      : [
          {
            kind: "table",
            header: ["Contract", "Status", "Start", "End", "Value", "Notice deadline", "Renewal"],
            numeric: [4],
            rows: report.contracts.map(({ contract, renewal }) => [
              contract.title,
              words(contract.status),
              day(contract.startDate),
              day(contract.endDate),
              amount(contract.value),
              renewal ? renewal.noticeDeadline.on : "—",
              renewal === null
                ? "—"
                : renewal.tacitRenewal
                  ? `renews on ${renewal.tacitRenewal.renewsOn.on} unless notice is given`
                  : `ends on ${renewal.endDate.on}`,
            ]),
          },
        ];

  const budgetBlocks: ReportBlock[] = [
    {
      kind: "facts",
      facts: [
        ["Budget", amount(budget.budget)],
        ["Billed in the period", amount(budget.billedInPeriod)],
        ["Billed to date", amount(budget.billedToDate)],
        ["Burn", percent(budget.burnBasisPoints)],
      ],
    },
  ];
  if (budget.contracts.length > 0)
    budgetBlocks.push({
      kind: "table",
      header: ["Contract", "Value", "Billed in the period", "Billed to date"],
      numeric: [1, 2, 3],
      rows: budget.contracts.map((c) => [
        c.title,
        amount(c.value.converted),
        amount(c.billedInPeriod),
        amount(c.billedToDate),
      ]),
    });
  if (budget.briefs.length > 0)
    budgetBlocks.push({
      kind: "table",
      header: ["Brief", "Status", "Approved budget"],
      numeric: [2],
      rows: budget.briefs.map((b) => [b.brief.title, words(b.brief.status), amount(b.approved.amount)]),
    });

  const invoiceRows = (xs: Redacted<ClientReport>["invoices"]["issued"]) =>
    xs.map((i) => {
      const lines = i.lines.filter(isShown);
      return [
        i.number ?? i.id,
        day(i.issuedOn),
        day(i.dueDate),
        words(i.status),
        lines.length < i.lines.length ? "masked" : amount(invoiceTotal({ currency: i.currency, lines })),
      ];
    });
  const invoiceHeader = ["Invoice", "Issued", "Due", "Status", "Amount"];
  const invoiceBlocks: ReportBlock[] = [
    {
      kind: "facts",
      facts: [
        ["Issued in the period", amount(invoices.issuedTotal)],
        ["Paid in the period", amount(invoices.paidTotal)],
        ["Overdue", amount(invoices.overdueTotal)],
      ],
    },
  ];
  for (const [title, xs] of [
    ["Issued", invoices.issued],
    ["Paid", invoices.paid],
    ["Overdue", invoices.overdue],
  ] as const) {
    if (xs.length === 0) continue;
    invoiceBlocks.push(
      { kind: "subheading", text: title },
      { kind: "table", header: invoiceHeader, rows: invoiceRows(xs), numeric: [4] },
    );
  }

  const escalationRows = (xs: Redacted<ClientReport>["escalations"]["open"]) =>
    xs.map((e) => [e.title, e.severity, words(e.status), day(e.openedAt), day(e.resolvedAt)]);
  const escalationBlocks: ReportBlock[] = [];
  for (const [title, xs] of [
    ["Opened in the period", escalations.opened],
    ["Resolved in the period", escalations.resolved],
    ["Still open", escalations.open],
  ] as const) {
    if (xs.length === 0) continue;
    escalationBlocks.push(
      { kind: "subheading", text: title },
      {
        kind: "table",
        header: ["Escalation", "Severity", "Status", "Opened", "Resolved"],
        rows: escalationRows(xs),
      },
    );
  }

  const next: ReportBlock[] = [];
  if (nextSteps.actionItems.length > 0)
    next.push(
      { kind: "subheading", text: "Action items from our meetings" },
      { kind: "list", items: nextSteps.actionItems.map((a) => `${a.item} (${a.subject}, ${day(a.at)})`) },
    );
  if (tasks.length > 0)
    next.push(
      { kind: "subheading", text: "Agreed tasks" },
      {
        kind: "table",
        header: ["Due", "Task", "Status"],
        rows: tasks.map((t) => [day(t.dueDate), t.title, words(t.status)]),
      },
    );
  if (nextSteps.plannedActivities.length > 0)
    next.push(
      { kind: "subheading", text: "Coming up" },
      {
        kind: "table",
        header: ["Date", "Kind", "Subject"],
        rows: nextSteps.plannedActivities.map((a) => [day(a.at), words(a.kind), a.subject]),
      },
    );
  if (next.length === 0) next.push(none("Nothing scheduled yet."));

  const sections: ReportSection[] = [
    { heading: "Summary", blocks: [summary] },
    { heading: "Activities and meetings", blocks: activities },
    { heading: "Deliverables", blocks: deliverableBlocks },
    { heading: "Contracts", blocks: contracts },
    { heading: "Budget and burn", blocks: budgetBlocks },
    { heading: "Invoices", blocks: invoiceBlocks },
    ...(escalationBlocks.length > 0 ? [{ heading: "Escalations", blocks: escalationBlocks }] : []),
    { heading: "Next steps", blocks: next },
  ];
  return {
    title: `${account.name}: client report, ${period.label}`,
    subtitle: `${period.start} to ${period.end} · prepared on ${day(report.now)} · amounts in ${report.currency}`,
    sections,
  };
}
