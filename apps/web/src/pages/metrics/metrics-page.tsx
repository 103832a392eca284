// Sales metrics: win rate by count and by value, average deal size and won cycle, pipeline velocity, stage
// conversion and time in stage over the last N months, quarters or years — charts of the trend, a table per
// period, the groups side by side and the stages, over the span and per period — now, or as they stood at the
// end of an "as of" day (rebuilt by the server from the events). The choices live in the address, so a view can
// be shared. Definitions: the domain's README, "Sales metrics and their trends".
import "@mantine/charts/styles.css";
import { CALENDAR_LABELS } from "../../ui/chart-format.ts";
import "@mantine/dates/styles.css";
import {
  isMasked,
  type Masked,
  METRIC_DIMENSIONS,
  type MetricDimension,
  OPPORTUNITY_TYPES,
  PERIOD_KINDS,
  stageTrend,
} from "@accountable/domain";
import { BarChart, LineChart } from "@mantine/charts";
import { Alert, Group, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { getRouteApi } from "@tanstack/react-router";
import { type MetricsAsRead, useSalesMetrics } from "../../api/metrics.ts";
import { dayFromToday } from "../../api/today.ts";
import { type Pipeline, useMemberNames, useMembers, useWorkspace } from "../../api/workspace.ts";
import { formatDate, formatMajorCompact, humanize } from "../../ui/format.ts";
import { MoneyText } from "../../ui/money-text.tsx";
import { QueryState } from "../../ui/query-state.tsx";
import { SectionCard } from "../../ui/section-card.tsx";
import { endOfDay } from "../forecast/forecast-data.ts";
import {
  DEFAULT_PER,
  DIMENSION_LABELS,
  daysText,
  type FiguresAsRead,
  groupLabel,
  groupWinRateTrend,
  hasAny,
  isDimension,
  isOpportunityType,
  isPeriodKind,
  rateText,
  seriesRank,
  TREND_LENGTHS,
  trendLength,
  trendPoints,
} from "./metrics-data.ts";

const route = getRouteApi("/w/$workspaceId/metrics");

const NO_GROUP = "none";

/** A rate in basis points, or "masked" (with why) when the member may not see the money it is made of. */
function Rate(props: { readonly value: number | Masked | null }) {
  return isMasked(props.value) ? <MoneyText value={props.value} /> : rateText(props.value);
}

// Each chart's series, in the order its legend reads.
const WIN_RATE_SERIES = [
  { name: "winRate", label: "By count", color: "teal.6" },
  { name: "valueWinRate", label: "By value", color: "indigo.6" },
] as const;
const WON_LOST_SERIES = [
  { name: "won", label: "Won", color: "teal.6" },
  { name: "lost", label: "Lost", color: "red.5" },
] as const;
const SIZE_VELOCITY_SERIES = [
  { name: "averageDealSize", label: "Average deal size", color: "cyan.6" },
  { name: "velocityPerDay", label: "Velocity per day", color: "grape.6", yAxisId: "right" },
] as const;

export function MetricsPage() {
  const { workspaceId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const settings = useWorkspace(workspaceId).data?.state.settings;
  const pipelines = settings?.pipelines ?? [];
  const serviceLines = settings?.serviceLines ?? [];
  const name = useMemberNames(workspaceId);
  const per = isPeriodKind(search.per) ? search.per : DEFAULT_PER;
  const last = trendLength(search.last);
  const groupBy = isDimension(search.by) ? search.by : undefined;
  const type = isOpportunityType(search.type) ? search.type : undefined;
  const members = useMembers(workspaceId).data ?? [];
  const metrics = useSalesMetrics(workspaceId, {
    per,
    last,
    groupBy,
    ownerId: search.owner,
    type,
    source: search.source,
    serviceLine: search.line,
    asOf: search.asOf ? endOfDay(search.asOf) : undefined,
  });

  const setSearch = (
    next: Partial<
      Record<"per" | "last" | "by" | "owner" | "type" | "source" | "line" | "asOf", string | undefined>
    >,
  ) =>
    void navigate({
      search: (prev) =>
        Object.fromEntries(
          Object.entries({ ...prev, ...next }).filter(
            (e): e is [string, string] => typeof e[1] === "string" && e[1] !== "",
          ),
        ),
      replace: true,
    });

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="end" wrap="wrap">
        <Title order={1}>Sales metrics</Title>
        <Group align="end" wrap="wrap">
          <Select
            label="Periods"
            data={PERIOD_KINDS.map((k) => ({ value: k, label: `${humanize(k)}s` }))}
            value={per}
            onChange={(v) => v && setSearch({ per: v })}
            allowDeselect={false}
            w={130}
          />
          <Select
            label="How many"
            data={TREND_LENGTHS.map((n) => ({ value: String(n), label: `Last ${n}` }))}
            value={String(last)}
            onChange={(v) => v && setSearch({ last: v })}
            allowDeselect={false}
            w={120}
          />
          <Select
            label="Group by"
            data={[
              { value: NO_GROUP, label: "No grouping" },
              ...METRIC_DIMENSIONS.map((d) => ({ value: d, label: DIMENSION_LABELS[d] })),
            ]}
            value={groupBy ?? NO_GROUP}
            onChange={(v) => setSearch({ by: v === NO_GROUP || v === null ? undefined : v })}
            allowDeselect={false}
            w={160}
          />
          <Select
            label="Owner"
            placeholder="Everyone"
            data={members.map((m) => ({ value: m.id, label: m.name }))}
            value={search.owner ?? null}
            onChange={(v) => setSearch({ owner: v ?? undefined })}
            clearable
            searchable
            w={180}
          />
          <Select
            label="Deal type"
            placeholder="Any type"
            data={OPPORTUNITY_TYPES.map((t) => ({ value: t, label: humanize(t) }))}
            value={type ?? null}
            onChange={(v) => setSearch({ type: v ?? undefined })}
            clearable
            w={150}
          />
          <Select
            label="Service line"
            placeholder="Any line"
            data={[...new Set([...serviceLines, ...(search.line ? [search.line] : [])])]}
            value={search.line ?? null}
            onChange={(v) => setSearch({ line: v ?? undefined })}
            clearable
            searchable
            w={180}
          />
          <TextInput
            label="Lead source"
            placeholder="Any source"
            defaultValue={search.source ?? ""}
            onBlur={(e) => setSearch({ source: e.currentTarget.value.trim() || undefined })}
            onKeyDown={(e) => {
              if (e.key === "Enter") setSearch({ source: e.currentTarget.value.trim() || undefined });
            }}
            w={150}
          />
          <DatePickerInput
            label="As of"
            placeholder="Now"
            value={search.asOf ?? null}
            onChange={(v) => setSearch({ asOf: v ?? undefined })}
            maxDate={dayFromToday(0)}
            clearable
            valueFormat="D MMM YYYY"
            ariaLabels={CALENDAR_LABELS}
            getDayProps={(day) => ({ "aria-label": formatDate(day) })}
            w={180}
            data-testid="metrics-as-of"
          />
        </Group>
      </Group>
      {search.asOf && (
        <Alert color="indigo" variant="light" data-testid="metrics-as-of-note">
          The metrics as they stood at the end of {formatDate(search.asOf)}: deals, stages and amounts as they
          were then, each period read as of its own end.
        </Alert>
      )}
      <QueryState query={metrics} label="the sales metrics">
        {(report) => (
          <MetricsView report={report} pipelines={pipelines} name={name} stale={metrics.isPlaceholderData} />
        )}
      </QueryState>
    </Stack>
  );
}

function MetricsView(props: {
  readonly report: MetricsAsRead;
  readonly pipelines: readonly Pipeline[];
  readonly name: (id: string) => string;
  readonly stale: boolean;
}) {
  const { metrics } = props.report;
  const whole = metrics.all.whole;
  const points = trendPoints(metrics.all.trend);
  const stats = [
    ["Win rate", <Rate key="w" value={whole.winRateBasisPoints} />, `${whole.won} won, ${whole.lost} lost`],
    [
      "Win rate by value",
      <Rate key="v" value={whole.valueWinRateBasisPoints} />,
      "amount won ÷ amount closed",
    ],
    ["Average deal size", <MoneyText key="s" value={whole.averageDealSize} />, "of the deals won"],
    ["Average won cycle", daysText(whole.averageCycleDays), "created to won"],
    ["Pipeline velocity", <MoneyText key="p" value={whole.velocityPerDay} />, "expected per day"],
    ["Open deals", String(whole.openAtEnd), `at ${formatDate(metrics.span.end)}`],
  ] as const;
  return (
    <Stack
      gap="lg"
      style={{ opacity: props.stale ? 0.6 : 1 }}
      data-testid="metrics"
      data-as-of={metrics.asOf}
    >
      <Text size="sm" c="dimmed">
        {formatDate(metrics.span.start)} to {formatDate(metrics.span.end)}, in {metrics.currency}.
      </Text>
      <SimpleGrid cols={{ base: 2, md: 3, lg: 6 }} data-testid="metrics-whole">
        {stats.map(([label, value, hint]) => (
          <Paper key={label} withBorder p="md">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {label}
            </Text>
            <Text fw={700} size="xl">
              {value}
            </Text>
            <Text size="xs" c="dimmed">
              {hint}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <SectionCard title="Win rate per period">
          {hasAny(points, ["winRate", "valueWinRate"]) ? (
            <LineChart
              h={240}
              attributes={{ container: { height: 240 } }}
              data={points}
              dataKey="period"
              unit=" %"
              yAxisProps={{ domain: [0, 100] }}
              connectNulls={false}
              series={[...WIN_RATE_SERIES]}
              withLegend
              legendProps={{ verticalAlign: "bottom", itemSorter: seriesRank(WIN_RATE_SERIES) }}
              role="img"
              aria-label="Win rate by count and by value, per period"
            />
          ) : (
            <Text c="dimmed">No deal closed in these periods.</Text>
          )}
        </SectionCard>
        <SectionCard title="Won and lost per period">
          {hasAny(points, ["won", "lost"]) ? (
            <BarChart
              h={240}
              attributes={{ container: { height: 240 } }}
              data={points}
              dataKey="period"
              series={[...WON_LOST_SERIES]}
              withLegend
              legendProps={{ verticalAlign: "bottom", itemSorter: seriesRank(WON_LOST_SERIES) }}
              valueFormatter={(v) => formatMajorCompact(v, metrics.currency)}
              role="img"
              aria-label="Amount won and lost, per period"
            />
          ) : (
            <Text c="dimmed">
              No amount to chart (nothing closed, or the amounts are masked for your role).
            </Text>
          )}
        </SectionCard>
        <SectionCard title="Average won cycle per period">
          {hasAny(points, ["averageCycleDays"]) ? (
            <BarChart
              h={220}
              attributes={{ container: { height: 220 } }}
              data={points}
              dataKey="period"
              unit=" d"
              series={[{ name: "averageCycleDays", label: "Days, created to won", color: "blue.5" }]}
              role="img"
              aria-label="Average won cycle in days, per period"
            />
          ) : (
            <Text c="dimmed">No deal won in these periods.</Text>
          )}
        </SectionCard>
        <SectionCard title="Deal size and velocity per period">
          {hasAny(points, ["averageDealSize", "velocityPerDay"]) ? (
            <LineChart
              h={220}
              attributes={{ container: { height: 220 } }}
              data={points}
              dataKey="period"
              connectNulls={false}
              withRightYAxis
              series={[...SIZE_VELOCITY_SERIES]}
              withLegend
              legendProps={{ verticalAlign: "bottom", itemSorter: seriesRank(SIZE_VELOCITY_SERIES) }}
              valueFormatter={(v) => formatMajorCompact(v, metrics.currency)}
              role="img"
              aria-label="Average deal size and pipeline velocity, per period"
            />
          ) : (
            <Text c="dimmed">No amount to chart (nothing won, or the amounts are masked for your role).</Text>
          )}
        </SectionCard>
      </SimpleGrid>
      <SectionCard title="Per period" testId="metrics-trend">
        <FiguresTable
          label="Sales metrics per period"
          first="Period"
          rows={[
            ...metrics.all.trend.map((t) => ({
              key: t.period.label,
              label: t.period.label,
              figures: t.figures,
            })),
            { key: "whole", label: "Whole span", figures: whole, strong: true },
          ]}
        />
      </SectionCard>
      {metrics.groupBy && (
        <SectionCard
          title={`By ${DIMENSION_LABELS[metrics.groupBy].toLowerCase()}`}
          count={metrics.groups.length}
          testId="metrics-groups"
        >
          {metrics.groups.length === 0 ? (
            <Text c="dimmed">No deal to group.</Text>
          ) : (
            <Stack gap="md">
              <GroupChart
                dimension={metrics.groupBy}
                groups={metrics.groups}
                label={(key) => groupLabel(metrics.groupBy ?? "owner", key, props.name)}
              />
              <FiguresTable
                label={`Sales metrics by ${DIMENSION_LABELS[metrics.groupBy].toLowerCase()}`}
                first={DIMENSION_LABELS[metrics.groupBy]}
                rows={metrics.groups.map((g) => ({
                  key: g.key ?? "",
                  label: groupLabel(metrics.groupBy ?? "owner", g.key, props.name),
                  figures: g.whole,
                }))}
              />
            </Stack>
          )}
        </SectionCard>
      )}
      <SectionCard title="Stages: conversion and time in stage" testId="metrics-stages">
        <Stages group={metrics.all} pipelines={props.pipelines} />
      </SectionCard>
    </Stack>
  );
}

function GroupChart(props: {
  readonly dimension: MetricDimension;
  readonly groups: MetricsAsRead["metrics"]["groups"];
  readonly label: (key: string | null) => string;
}) {
  const { data, series } = groupWinRateTrend(props.groups, props.label);
  if (series.length === 0) return null;
  const by = DIMENSION_LABELS[props.dimension].toLowerCase();
  return (
    <LineChart
      h={240}
      attributes={{ container: { height: 240 } }}
      data={[...data]}
      dataKey="period"
      unit=" %"
      yAxisProps={{ domain: [0, 100] }}
      connectNulls={false}
      series={[...series]}
      withLegend
      legendProps={{ verticalAlign: "bottom", itemSorter: seriesRank(series) }}
      role="img"
      aria-label={`Win rate by count per period, by ${by}`}
    />
  );
}

function FiguresTable(props: {
  readonly label: string;
  readonly first: string;
  readonly rows: readonly {
    readonly key: string;
    readonly label: string;
    readonly figures: FiguresAsRead;
    readonly strong?: boolean;
  }[];
}) {
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table striped aria-label={props.label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{props.first}</Table.Th>
            <Table.Th ta="right">Won</Table.Th>
            <Table.Th ta="right">Lost</Table.Th>
            <Table.Th ta="right">Win rate</Table.Th>
            <Table.Th ta="right">By value</Table.Th>
            <Table.Th ta="right">Amount won</Table.Th>
            <Table.Th ta="right">Average deal</Table.Th>
            <Table.Th ta="right">Won cycle</Table.Th>
            <Table.Th ta="right">Open at end</Table.Th>
            <Table.Th ta="right">Velocity / day</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.rows.map(({ key, label, figures: f, strong }) => (
            <Table.Tr key={key} fw={strong ? 700 : undefined}>
              <Table.Td>{label}</Table.Td>
              <Table.Td ta="right">{f.won}</Table.Td>
              <Table.Td ta="right">{f.lost}</Table.Td>
              <Table.Td ta="right">
                <Rate value={f.winRateBasisPoints} />
              </Table.Td>
              <Table.Td ta="right">
                <Rate value={f.valueWinRateBasisPoints} />
              </Table.Td>
              <Table.Td ta="right">
                <MoneyText value={f.wonAmount} />
              </Table.Td>
              <Table.Td ta="right">
                <MoneyText value={f.averageDealSize} />
              </Table.Td>
              <Table.Td ta="right">{daysText(f.averageCycleDays)}</Table.Td>
              <Table.Td ta="right">{f.openAtEnd}</Table.Td>
              <Table.Td ta="right">
                <MoneyText value={f.velocityPerDay} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Stages(props: {
  readonly group: MetricsAsRead["metrics"]["all"];
  readonly pipelines: readonly Pipeline[];
}) {
  const many = props.pipelines.length > 1;
  const stageName = (pipelineId: string, stageId: string) => {
    const p = props.pipelines.find((x) => x.id === pipelineId);
    const label = p?.stages.find((s) => s.id === stageId)?.label ?? stageId;
    return many && p ? `${p.name}: ${label}` : label;
  };
  const rows = stageTrend(props.group);
  if (rows.length === 0) return <Text c="dimmed">No deal entered or left a stage in these periods.</Text>;
  const periods = props.group.trend.map((t) => t.period.label);
  return (
    <Stack gap="md">
      <Table.ScrollContainer minWidth={560}>
        <Table striped aria-label="Stage conversion and time in stage">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Stage</Table.Th>
              <Table.Th ta="right">Entered</Table.Th>
              <Table.Th ta="right">Moved further</Table.Th>
              <Table.Th ta="right">Conversion</Table.Th>
              <Table.Th ta="right">Visits ended</Table.Th>
              <Table.Th ta="right">Average time in stage</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(({ pipelineId, stageId, whole: s }) => (
              <Table.Tr key={`${pipelineId}/${stageId}`}>
                <Table.Td>{stageName(pipelineId, stageId)}</Table.Td>
                <Table.Td ta="right">{s.entered}</Table.Td>
                <Table.Td ta="right">{s.advanced}</Table.Td>
                <Table.Td ta="right">{rateText(s.conversionBasisPoints)}</Table.Td>
                <Table.Td ta="right">{s.completedVisits}</Table.Td>
                <Table.Td ta="right">{daysText(s.meanDays)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <StageTrendTable
        label="Stage conversion per period"
        hint="Of the visits that began in the period, the share that moved further along."
        periods={periods}
        rows={rows.map((row) => ({
          key: `${row.pipelineId}/${row.stageId}`,
          name: stageName(row.pipelineId, row.stageId),
          cells: row.periods.map((p) => rateText(p.figures.conversionBasisPoints)),
        }))}
      />
      <StageTrendTable
        label="Time in stage per period"
        hint="The average time of the visits that ended in the period."
        periods={periods}
        rows={rows.map((row) => ({
          key: `${row.pipelineId}/${row.stageId}`,
          name: stageName(row.pipelineId, row.stageId),
          cells: row.periods.map((p) => daysText(p.figures.meanDays)),
        }))}
      />
    </Stack>
  );
}

/** One figure of every stage, a column per period of the trend. */
function StageTrendTable(props: {
  readonly label: string;
  readonly hint: string;
  readonly periods: readonly string[];
  readonly rows: readonly {
    readonly key: string;
    readonly name: string;
    readonly cells: readonly string[];
  }[];
}) {
  return (
    <Stack gap={4}>
      <Title order={3} size="h5">
        {props.label}
      </Title>
      <Text size="xs" c="dimmed">
        {props.hint}
      </Text>
      <Table.ScrollContainer minWidth={560}>
        <Table striped aria-label={props.label}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Stage</Table.Th>
              {props.periods.map((p) => (
                <Table.Th key={p} ta="right">
                  {p}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.rows.map((row) => (
              <Table.Tr key={row.key}>
                <Table.Td>{row.name}</Table.Td>
                {row.cells.map((c, i) => (
                  <Table.Td key={props.periods[i]} ta="right">
                    {c}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
