// The client report: what the AE sends a client for a period — the same sections as the CLI's
// `accountable report client` (summary, activities and meetings, deliverables, contracts, budget and burn,
// invoices, escalations, next steps), from GET …/accounts/{id}/client-report. Printable: the print stylesheet
// beside this file hides everything but the report.
import "./print.css";
import type { Schemas } from "@accountable/client";
import { date, type WorkspaceSettings } from "@accountable/domain";
import { Button, Group, List, Select, Stack, Table, Text, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { useClientReport } from "../../api/client-report.ts";
import { dayFromToday } from "../../api/today.ts";
import { useWorkspace } from "../../api/workspace.ts";
import { formatDate, humanize } from "../../ui/format.ts";
import { AnchorLink } from "../../ui/links.tsx";
import { invoiceTotalAsRead, MoneyText, type MoneyValue } from "../../ui/money-text.tsx";
import { QueryState } from "../../ui/query-state.tsx";
import { quarterChoices } from "../forecast/forecast-data.ts";

const route = getRouteApi("/w/$workspaceId/accounts/$accountId/report");

type ClientReport = Schemas["ClientReportView"];

const day = (d: string | null | undefined): string => (d ? formatDate(d) : "—");
const amount = (m: MoneyValue): ReactNode => <MoneyText value={m} />;
// A ratio the reader may not see (the burn of a budget, which would reveal the billing) reads "masked".
const percent = (basisPoints: number | { readonly masked: true } | null): string =>
  basisPoints === null
    ? "—"
    : typeof basisPoints === "object"
      ? "masked"
      : `${(basisPoints / 100).toFixed(1)} %`;
// The share of the budget billed, in words: "25.0 % of budget", or "share of budget masked" when the reader may not
// see it (it read "masked of budget").
const burnWords = (basisPoints: number | { readonly masked: true } | null): string =>
  basisPoints !== null && typeof basisPoints === "object"
    ? "share of budget masked"
    : `${percent(basisPoints)} of budget`;
const plural = (n: number, noun: string, nouns = `${noun}s`) => `${n} ${n === 1 ? noun : nouns}`;

export function ClientReportPage() {
  const { workspaceId, accountId } = route.useParams();
  const { period } = route.useSearch();
  const navigate = route.useNavigate();
  const settings = useWorkspace(workspaceId).data?.state.settings as WorkspaceSettings | undefined;
  const choices = settings ? quarterChoices(date(dayFromToday(0)), settings.fiscalYear, 6, 1) : [];
  const chosen = period ?? choices[6] ?? "";
  const report = useClientReport(workspaceId, accountId, chosen);

  return (
    <Stack gap="md" className="client-report">
      <Group justify="space-between" data-print="hide">
        <AnchorLink to="/w/$workspaceId/accounts/$accountId" params={{ workspaceId, accountId }}>
          ← Back to the account
        </AnchorLink>
        <Group align="end">
          <Select
            label="Period"
            data={[...new Set([chosen, ...choices])].filter(Boolean).sort()}
            value={chosen || null}
            onChange={(v) => v && void navigate({ search: { period: v }, replace: true })}
            allowDeselect={false}
            w={140}
          />
          <Button onClick={() => window.print()}>Print</Button>
        </Group>
      </Group>
      {chosen && (
        <QueryState query={report} label="the client report">
          {(r) => <Report report={r} />}
        </QueryState>
      )}
    </Stack>
  );
}

/**
 * The report itself: what prints. The service sends only what the client may read (no internal note, no task
 * not agreed with the client, no cost of the agency), so there is no internal version to switch to.
 */
export function Report(props: { readonly report: ClientReport }) {
  const { account, period, activities, meetings, deliverables, contracts, budget, invoices, escalations } =
    props.report;
  const next = props.report.nextSteps;
  const { milestonesDone, milestonesDue, briefsDelivered, briefsDue } = deliverables;
  const tasks = next.tasks;
  const actionItems = next.actionItems;
  const planned = next.plannedActivities;
  const openEscalations = escalations.open;

  const escalationGroups = (
    [
      ["Opened in the period", escalations.opened],
      ["Resolved in the period", escalations.resolved],
      ["Still open", openEscalations],
    ] as const
  ).filter(([, xs]) => xs.length > 0);

  return (
    <Stack gap="lg" component="article" aria-label="Client report" data-testid="client-report">
      <Stack gap={2}>
        <Title order={1}>
          {account.name}: client report, {period.label}
        </Title>
        <Text c="dimmed" fs="italic">
          {day(period.start)} to {day(period.end)} · prepared on {day(props.report.now)} · amounts in{" "}
          {props.report.currency}
        </Text>
      </Stack>

      <Part heading="Summary">
        <List>
          <List.Item>
            {plural(activities.length, "activity", "activities")} with you,{" "}
            {plural(meetings.length, "meeting")} among them.
          </List.Item>
          <List.Item>
            {plural(milestonesDone.length, "milestone")} met and {plural(briefsDelivered.length, "brief")}{" "}
            delivered; {plural(milestonesDue.length + briefsDue.length, "deliverable")} due in the period
            still open.
          </List.Item>
          <List.Item>
            Budget {amount(budget.budget)}; billed {amount(budget.billedInPeriod)} in the period and{" "}
            {amount(budget.billedToDate)} to date ({burnWords(budget.burnBasisPoints)}).
          </List.Item>
          <List.Item>
            Invoiced {amount(invoices.issuedTotal)}, paid {amount(invoices.paidTotal)}; overdue{" "}
            {amount(invoices.overdueTotal)}.
          </List.Item>
          <List.Item>
            {openEscalations.length === 0
              ? "No open escalation."
              : `${plural(openEscalations.length, "open escalation")}.`}
          </List.Item>
        </List>
      </Part>

      <Part heading="Activities and meetings">
        {activities.length === 0 ? (
          <Text>No activity recorded in the period.</Text>
        ) : (
          <Rows
            label="Activities"
            header={["Date", "Kind", "Subject"]}
            rows={activities.map((a) => [day(a.at), humanize(a.kind), a.subject])}
          />
        )}
        {meetings
          .filter((m) => m.minutes)
          .map((m) => (
            <Stack key={m.id} gap={4}>
              <Title order={3} size="h5">
                Minutes: {m.subject} ({day(m.at)})
              </Title>
              {m.minutes?.summary.trim() && <Text size="sm">{m.minutes.summary.trim()}</Text>}
              {(m.minutes?.decisions.length ?? 0) > 0 && (
                <>
                  <Text size="sm">Decisions:</Text>
                  <List size="sm">
                    {m.minutes?.decisions.map((d) => (
                      <List.Item key={d}>{d}</List.Item>
                    ))}
                  </List>
                </>
              )}
            </Stack>
          ))}
      </Part>

      <Part heading="Deliverables">
        {milestonesDone.length + milestonesDue.length + briefsDelivered.length + briefsDue.length === 0 && (
          <Text>No deliverable met or due in the period.</Text>
        )}
        <Sub title="Milestones met" show={milestonesDone.length > 0}>
          <Rows
            label="Milestones met"
            header={["Contract", "Milestone", "Due", "Done"]}
            rows={milestonesDone.map((m) => [
              m.contractTitle,
              m.milestone.title,
              day(m.milestone.dueDate),
              day(m.milestone.doneOn),
            ])}
          />
        </Sub>
        <Sub title="Milestones due, not yet met" show={milestonesDue.length > 0}>
          <Rows
            label="Milestones due"
            header={["Contract", "Milestone", "Due", "Done"]}
            rows={milestonesDue.map((m) => [
              m.contractTitle,
              m.milestone.title,
              day(m.milestone.dueDate),
              day(m.milestone.doneOn),
            ])}
          />
        </Sub>
        <Sub title="Briefs delivered" show={briefsDelivered.length > 0}>
          <Rows
            label="Briefs delivered"
            header={["Brief", "Deadline", "Delivered"]}
            rows={briefsDelivered.map((b) => [b.title, day(b.deadline), day(b.deliveredAt)])}
          />
        </Sub>
        <Sub title="Briefs due, not yet delivered" show={briefsDue.length > 0}>
          <Rows
            label="Briefs due"
            header={["Brief", "Deadline", "Status"]}
            rows={briefsDue.map((b) => [b.title, day(b.deadline), humanize(b.status)])}
          />
        </Sub>
      </Part>

      <Part heading="Contracts">
        {contracts.length === 0 ? (
          <Text>No contract in force in the period.</Text>
        ) : (
          <Rows
            label="Contracts"
            header={["Contract", "Status", "Start", "End", "Value", "Notice deadline", "Renewal"]}
            numeric={[4]}
            rows={contracts.map(({ contract, renewal }) => [
              contract.title,
              humanize(contract.status),
              day(contract.startDate),
              day(contract.endDate),
              amount(contract.value),
              renewal ? day(renewal.noticeDeadline.on) : "—",
              renewal === null
                ? "—"
                : renewal.tacitRenewal
                  ? `renews on ${day(renewal.tacitRenewal.renewsOn.on)} unless notice is given`
                  : `ends on ${day(renewal.endDate.on)}`,
            ])}
          />
        )}
      </Part>

      <Part heading="Budget and burn">
        <Facts
          facts={[
            ["Budget", amount(budget.budget)],
            ["Billed in the period", amount(budget.billedInPeriod)],
            ["Billed to date", amount(budget.billedToDate)],
            ["Burn", percent(budget.burnBasisPoints)],
          ]}
        />
        {budget.contracts.length > 0 && (
          <Rows
            label="Contracts' budget"
            header={["Contract", "Value", "Billed in the period", "Billed to date"]}
            numeric={[1, 2, 3]}
            rows={budget.contracts.map((c) => [
              c.title,
              amount(c.value.converted),
              amount(c.billedInPeriod),
              amount(c.billedToDate),
            ])}
          />
        )}
        {budget.briefs.length > 0 && (
          <Rows
            label="Briefs' budget"
            header={["Brief", "Status", "Approved budget"]}
            numeric={[2]}
            rows={budget.briefs.map((b) => [
              b.brief.title,
              humanize(b.brief.status),
              amount(b.approved.amount),
            ])}
          />
        )}
      </Part>

      <Part heading="Invoices">
        <Facts
          facts={[
            ["Issued in the period", amount(invoices.issuedTotal)],
            ["Paid in the period", amount(invoices.paidTotal)],
            ["Overdue", amount(invoices.overdueTotal)],
          ]}
        />
        {(["issued", "paid", "overdue"] as const).map((key) => {
          const xs = invoices[key];
          return (
            <Sub key={key} title={humanize(key)} show={xs.length > 0}>
              <Rows
                label={`Invoices ${key}`}
                header={["Invoice", "Issued", "Due", "Status", "Amount"]}
                numeric={[4]}
                rows={xs.map((i) => [
                  i.number ?? i.id,
                  day(i.issuedOn),
                  day(i.dueDate),
                  humanize(i.status),
                  amount(invoiceTotalAsRead(i)),
                ])}
              />
            </Sub>
          );
        })}
      </Part>

      {escalationGroups.length > 0 && (
        <Part heading="Escalations">
          {escalationGroups.map(([title, xs]) => (
            <Sub key={title} title={title} show>
              <Rows
                label={title}
                header={["Escalation", "Severity", "Status", "Opened", "Resolved"]}
                rows={xs.map((e) => [
                  e.title,
                  e.severity,
                  humanize(e.status),
                  day(e.openedAt),
                  day(e.resolvedAt),
                ])}
              />
            </Sub>
          ))}
        </Part>
      )}

      <Part heading="Next steps">
        {actionItems.length + tasks.length + planned.length === 0 && <Text>Nothing scheduled yet.</Text>}
        <Sub title="Action items from our meetings" show={actionItems.length > 0}>
          <List size="sm">
            {actionItems.map((a) => (
              <List.Item key={`${a.at}-${a.item}`}>
                {a.item} ({a.subject}, {day(a.at)})
              </List.Item>
            ))}
          </List>
        </Sub>
        <Sub title="Agreed tasks" show={tasks.length > 0}>
          <Rows
            label="Agreed tasks"
            header={["Due", "Task", "Status"]}
            rows={tasks.map((t) => [day(t.dueDate), t.title, humanize(t.status)])}
          />
        </Sub>
        <Sub title="Coming up" show={planned.length > 0}>
          <Rows
            label="Coming up"
            header={["Date", "Kind", "Subject"]}
            rows={planned.map((a) => [day(a.at), humanize(a.kind), a.subject])}
          />
        </Sub>
      </Part>
    </Stack>
  );
}

function Part(props: { readonly heading: string; readonly children: ReactNode }) {
  const id = `report-${props.heading.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <Stack gap="xs" component="section" aria-labelledby={id}>
      <Title order={2} size="h3" id={id}>
        {props.heading}
      </Title>
      {props.children}
    </Stack>
  );
}

function Sub(props: { readonly title: string; readonly show: boolean; readonly children: ReactNode }) {
  if (!props.show) return null;
  return (
    <Stack gap={4}>
      <Title order={3} size="h5">
        {props.title}
      </Title>
      {props.children}
    </Stack>
  );
}

function Facts(props: { readonly facts: readonly (readonly [string, ReactNode])[] }) {
  return (
    <Table w="auto" withRowBorders={false} verticalSpacing={2}>
      <Table.Tbody>
        {props.facts.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Th scope="row" pl={0}>
              {k}
            </Table.Th>
            <Table.Td ta="right">{v}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Rows(props: {
  readonly label: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly ReactNode[])[];
  readonly numeric?: readonly number[];
}) {
  const numeric = new Set(props.numeric ?? []);
  return (
    <Table striped withTableBorder aria-label={props.label}>
      <Table.Thead>
        <Table.Tr>
          {props.header.map((h, i) => (
            <Table.Th key={h} ta={numeric.has(i) ? "right" : undefined}>
              {h}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.rows.map((row, r) => (
          // Rows are the report's lines, in order; they have no identity of their own.
          <Table.Tr key={r}>
            {row.map((cell, i) => (
              <Table.Td key={props.header[i]} ta={numeric.has(i) ? "right" : undefined}>
                {cell}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
