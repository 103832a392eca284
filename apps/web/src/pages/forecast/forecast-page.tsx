// Forecast: a period's deals by forecast category and owner, with the cumulative rollups, a chart per owner,
// and quota attainment — now, or as the forecast stood at the end of an "as of" day (rebuilt by the server
// from the events). The period and the day live in the address, so a view can be shared.
import "@mantine/charts/styles.css";
import { CALENDAR_LABELS, compact } from "../../ui/chart-format.ts";
import "@mantine/dates/styles.css";
import {
  date,
  FORECAST_ROLLUP_LABELS,
  FORECAST_ROLLUP_SUMS,
  isMasked,
  type PeriodForecastSummary,
  type QuotaAttainmentSummary,
  type Redacted,
  type WorkspaceSettings,
} from "@accountable/domain";
import { BarChart } from "@mantine/charts";
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { DEALS_SHOWN, useForecast, useQuotaAttainment } from "../../api/forecast.ts";
import { dayFromToday } from "../../api/today.ts";
import { useMemberNames, useWorkspace } from "../../api/workspace.ts";
import { formatDate, formatMajorCompact, humanize } from "../../ui/format.ts";
import { RecordLink } from "../../ui/links.tsx";
import { MaskedNotice, MoneyText } from "../../ui/money-text.tsx";
import { QueryState } from "../../ui/query-state.tsx";
import { SectionCard } from "../../ui/section-card.tsx";
import {
  attainmentBars,
  attainmentText,
  CATEGORY_COLORS,
  CHARTED_CATEGORIES,
  categoryRank,
  dealsPageWords,
  endOfDay,
  hasFigures,
  ownerBars,
  quarterChoices,
} from "./forecast-data.ts";

const route = getRouteApi("/w/$workspaceId/forecast");

export function ForecastPage() {
  const { workspaceId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const settings = useWorkspace(workspaceId).data?.state.settings as WorkspaceSettings | undefined;
  const today = dayFromToday(0);
  const choices = settings ? quarterChoices(date(today), settings.fiscalYear) : [];
  const period = search.period ?? choices[4];
  const name = useMemberNames(workspaceId);

  // The pages of deals seen so far, as the cursors each starts after ("" for the first): back is one pop away. A
  // new period or day starts again at the first page.
  const [pages, setPages] = useState<{ readonly of: string; readonly after: readonly string[] }>({
    of: "",
    after: [],
  });
  const viewKey = `${period ?? ""}|${search.asOf ?? ""}`;
  const after = pages.of === viewKey ? pages.after : [];
  const forecast = useForecast(
    workspaceId,
    period ?? "",
    search.asOf ? endOfDay(search.asOf) : undefined,
    after.at(-1),
  );
  const quota = useQuotaAttainment(workspaceId, period ?? "");

  const setSearch = (next: { period?: string | undefined; asOf?: string | undefined }) =>
    void navigate({
      search: (prev) => {
        const merged = { ...prev, ...next };
        return {
          ...(merged.period ? { period: merged.period } : {}),
          ...(merged.asOf ? { asOf: merged.asOf } : {}),
        };
      },
      replace: true,
    });

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="end" wrap="wrap">
        <Title order={1}>Forecast</Title>
        <Group align="end">
          <Select
            label="Period"
            data={[...new Set([...(period ? [period] : []), ...choices])].sort()}
            value={period ?? null}
            onChange={(v) => v && setSearch({ period: v })}
            allowDeselect={false}
            w={140}
          />
          <DatePickerInput
            label="As of"
            placeholder="Now"
            value={search.asOf ?? null}
            onChange={(v) => setSearch({ asOf: v ?? undefined })}
            maxDate={today}
            clearable
            valueFormat="D MMM YYYY"
            ariaLabels={CALENDAR_LABELS}
            getDayProps={(day) => ({ "aria-label": formatDate(day) })}
            w={180}
            data-testid="as-of"
          />
        </Group>
      </Group>
      {search.asOf && (
        <Alert color="indigo" variant="light" data-testid="as-of-note">
          The forecast as it stood at the end of {formatDate(search.asOf)}: deals, stages and amounts as they
          were then.
        </Alert>
      )}
      {period && (
        <QueryState query={forecast} label="the forecast">
          {(report) => {
            const p = report.forecast.periods[0];
            if (!p) return <Text c="dimmed">No forecast for {period}.</Text>;
            return (
              <ForecastView
                workspaceId={workspaceId}
                period={p}
                currency={report.forecast.currency}
                asOf={report.asOf}
                name={name}
                stale={forecast.isPlaceholderData}
                pageIndex={after.length}
                onPage={(cursor) =>
                  setPages({
                    of: viewKey,
                    after: cursor === null ? after.slice(0, -1) : [...after, cursor],
                  })
                }
              />
            );
          }}
        </QueryState>
      )}
      {period && (
        <SectionCard title="Quota attainment" testId="quota-attainment">
          <QueryState query={quota} label="quota attainment">
            {(attainments) => <Attainment attainments={attainments} name={name} />}
          </QueryState>
        </SectionCard>
      )}
    </Stack>
  );
}

function ForecastView(props: {
  readonly workspaceId: string;
  readonly period: Redacted<PeriodForecastSummary>;
  readonly asOf: string | null;
  readonly name: (id: string) => string;
  readonly stale: boolean;
  /** The forecast's currency (its chart's axis). */
  readonly currency: string;
  /** Which page of the period's deals is shown (0: the first). */
  readonly pageIndex: number;
  /** Shows the page after a cursor, or the page before (null). */
  readonly onPage: (cursor: string | null) => void;
}) {
  const { period, name } = props;
  const { rollups, weightedRollups } = period.total;
  const bars = ownerBars(period, name);
  // The domain's rollups are cumulative (a Salesforce-style forecast): each card is named by what it adds up (the
  // domain's FORECAST_ROLLUP_LABELS, as the CLI and the API say it), so "Best case" alone is only ever the
  // category, the table's column.
  const stats = (["closed", "commit", "bestCase", "openPipeline"] as const).map(
    (k) => [FORECAST_ROLLUP_LABELS[k], FORECAST_ROLLUP_SUMS[k], rollups[k], weightedRollups[k]] as const,
  );
  return (
    <Stack
      gap="lg"
      style={{ opacity: props.stale ? 0.6 : 1 }}
      data-testid="forecast"
      data-as-of={props.asOf ?? ""}
    >
      <MaskedNotice values={stats.flatMap(([, , amount, weighted]) => [amount, weighted])} />
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {stats.map(([label, adds, amount, weighted]) => (
          <Paper key={label} withBorder p="md" data-testid={`rollup-${label}`}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {label}
            </Text>
            <Text size="xs" c="dimmed">
              {adds}
            </Text>
            <Text fw={700} size="xl">
              <MoneyText value={amount} />
            </Text>
            <Text size="xs" c="dimmed">
              weighted <MoneyText value={weighted} />
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <SectionCard title={`By owner, ${period.period.label}`}>
        {period.owners.length === 0 ? (
          <Text c="dimmed">No deal dated in this period.</Text>
        ) : (
          <Stack gap="md">
            {hasFigures(bars) && (
              <BarChart
                h={260}
                attributes={{ container: { height: 260 } }}
                data={bars}
                dataKey="owner"
                type="stacked"
                withLegend
                legendProps={{ verticalAlign: "bottom", itemSorter: categoryRank }}
                series={CHARTED_CATEGORIES.map((c) => ({
                  name: c,
                  label: humanize(c),
                  color: CATEGORY_COLORS[c],
                }))}
                // The axis and the tooltip carry the forecast's currency ("€12M", not "12M").
                valueFormatter={(v) => formatMajorCompact(v, props.currency)}
                aria-label="Forecast by owner and category"
              />
            )}
            <Table.ScrollContainer minWidth={640}>
              <Table striped aria-label="Forecast by owner">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Owner</Table.Th>
                    {CHARTED_CATEGORIES.map((c) => (
                      <Table.Th key={c} ta="right">
                        {humanize(c)}
                      </Table.Th>
                    ))}
                    <Table.Th ta="right">Lost</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {[...period.owners, { ...period.total, ownerId: "" }].map((o) => (
                    <Table.Tr key={o.ownerId || "total"} fw={o.ownerId ? undefined : 700}>
                      <Table.Td>{o.ownerId ? name(o.ownerId) : "Total"}</Table.Td>
                      {CHARTED_CATEGORIES.map((c) => (
                        <Table.Td key={c} ta="right">
                          <MoneyText value={o.categories[c].amount} />
                          <Text size="xs" c="dimmed">
                            {o.categories[c].count} deal
                            {o.categories[c].count === 1 ? "" : "s"}
                          </Text>
                        </Table.Td>
                      ))}
                      <Table.Td ta="right">
                        <MoneyText value={o.lost.amount} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        )}
      </SectionCard>
      <SectionCard title="Deals in the period" count={period.total.deals}>
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover aria-label="Deals in the forecast">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Deal</Table.Th>
                <Table.Th>Category</Table.Th>
                <Table.Th>Date</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
                <Table.Th ta="right">Weighted</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(period.lines?.items ?? []).map((l) => (
                <Table.Tr key={l.opportunityId}>
                  <Table.Td>
                    <RecordLink
                      workspaceId={props.workspaceId}
                      collection="opportunities"
                      id={l.opportunityId}
                    >
                      {l.name}
                    </RecordLink>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={l.bucket === "lost" ? "red" : "gray"}>
                      {humanize(l.bucket)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDate(l.date)}</Table.Td>
                  <Table.Td>{name(l.ownerId)}</Table.Td>
                  <Table.Td ta="right">
                    <MoneyText value={l.converted} />
                  </Table.Td>
                  <Table.Td ta="right">
                    <MoneyText value={l.weighted} /> ({l.probability} %)
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {period.lines && (period.lines.nextCursor || props.pageIndex > 0) && (
          <Group justify="space-between" mt="xs" data-testid="forecast-deals-pager">
            <Text size="sm" c="dimmed">
              {dealsPageWords(props.pageIndex, period.lines.items.length, DEALS_SHOWN, period.total.deals)}
            </Text>
            <Group gap="xs">
              <Button
                variant="default"
                size="xs"
                disabled={props.pageIndex === 0 || props.stale}
                onClick={() => props.onPage(null)}
              >
                Previous {DEALS_SHOWN}
              </Button>
              <Button
                variant="default"
                size="xs"
                disabled={!period.lines.nextCursor || props.stale}
                onClick={() => period.lines?.nextCursor && props.onPage(period.lines.nextCursor)}
              >
                Next {DEALS_SHOWN}
              </Button>
            </Group>
          </Group>
        )}
      </SectionCard>
    </Stack>
  );
}

function Attainment(props: {
  readonly attainments: readonly Redacted<QuotaAttainmentSummary>[];
  readonly name: (id: string) => string;
}) {
  const { attainments, name } = props;
  if (attainments.length === 0) return <Text c="dimmed">No quota is set for this period.</Text>;
  const bars = attainmentBars(attainments, name);
  // The report's currency, as its figures carry it (none when every figure is masked: no chart is drawn then).
  const visible = attainments.flatMap((a) => [a.target.converted, a.closedWon]).find((m) => !isMasked(m));
  const currency = visible && !isMasked(visible) ? visible.currency : undefined;
  return (
    <Stack gap="md">
      {hasFigures(bars.map(({ member: _, ...figures }) => figures)) && (
        <BarChart
          h={220}
          attributes={{ container: { height: 220 } }}
          data={bars}
          dataKey="member"
          series={[
            { name: "target", label: "Quota", color: "gray.5" },
            { name: "won", label: "Closed won", color: "teal.6" },
          ]}
          withLegend
          legendProps={{ verticalAlign: "bottom" }}
          valueFormatter={(v) => (currency ? formatMajorCompact(v, currency) : compact.format(v))}
          aria-label="Quota against closed won, by member"
        />
      )}
      <Table striped aria-label="Quota attainment">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Member</Table.Th>
            <Table.Th ta="right">Quota</Table.Th>
            <Table.Th ta="right">Closed won</Table.Th>
            <Table.Th ta="right">Attainment</Table.Th>
            <Table.Th ta="right">Gap</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {attainments.map((a) => (
            <Table.Tr key={a.quotaId}>
              <Table.Td>{name(a.memberId)}</Table.Td>
              <Table.Td ta="right">
                <MoneyText value={a.target.converted} />
              </Table.Td>
              <Table.Td ta="right">
                <MoneyText value={a.closedWon} />
              </Table.Td>
              <Table.Td ta="right">
                <Text
                  span
                  size="sm"
                  fw={600}
                  c={
                    !isMasked(a.attainmentBasisPoints) && (a.attainmentBasisPoints ?? 0) >= 10_000
                      ? "teal.8"
                      : "inherit"
                  }
                >
                  {isMasked(a.attainmentBasisPoints) ? (
                    <MoneyText value={a.attainmentBasisPoints} />
                  ) : (
                    attainmentText(a.attainmentBasisPoints)
                  )}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <MoneyText value={isMasked(a.gap) || a.gap.amount > 0 ? a.gap : null} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
