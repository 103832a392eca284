// P&L: planned and actual revenue, cost and margin per account over a quarter, month or year (or whole terms),
// with one account's contracts and their towers beneath. Every figure is the API's: planned ones are each
// contract's share of the period by days, prorated by the domain; actual ones the invoices issued and costs dated
// in it. Money the member may not see shows as masked with the reason. The period and the account opened live in
// the address, so a view can be shared.
import type { Schemas } from "@accountable/client";
import { date, type WorkspaceSettings } from "@accountable/domain";
import { Alert, Badge, Box, Group, SegmentedControl, Select, Stack, Table, Text, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { type PnlReportAsRead, usePnl } from "../../api/pnl.ts";
import { dayFromToday } from "../../api/today.ts";
import { useWorkspace } from "../../api/workspace.ts";
import { formatDate, humanize } from "../../ui/format.ts";
import { AnchorLink } from "../../ui/links.tsx";
import { MaskedNotice, MoneyText, type MoneyValue } from "../../ui/money-text.tsx";
import { QueryState } from "../../ui/query-state.tsx";
import { SectionCard } from "../../ui/section-card.tsx";
import {
  chosenPeriod,
  isPnlKind,
  marginPercent,
  PNL_KINDS,
  periodChoices,
  periodOfKind,
  periodWords,
  shareWords,
  towersShown,
  WHOLE_TERM,
  withFigures,
  withheldWords,
} from "./pnl-data.ts";

const route = getRouteApi("/w/$workspaceId/pnl");

type Pnl = Schemas["PnlView"];
type AccountLine = Schemas["AccountPnlLineView"];

export function PnlPage() {
  const { workspaceId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const settings = useWorkspace(workspaceId).data?.state.settings as WorkspaceSettings | undefined;
  const today = date(dayFromToday(0));
  const chosen = settings ? chosenPeriod(search.period, today, settings.fiscalYear) : undefined;
  const pnl = usePnl(workspaceId, chosen?.label ?? null);

  const setSearch = (next: { period?: string | undefined; account?: string | undefined }) =>
    void navigate({
      search: (prev) => {
        const merged = { ...prev, ...next };
        return {
          ...(merged.period ? { period: merged.period } : {}),
          ...(merged.account ? { account: merged.account } : {}),
        };
      },
      replace: true,
    });

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="end" wrap="wrap">
        <Title order={1}>P&L</Title>
        {settings && chosen && (
          <Group align="end" wrap="wrap">
            <Stack gap={4}>
              <Text size="sm" fw={500} id="pnl-kind-label">
                Period
              </Text>
              <SegmentedControl
                aria-labelledby="pnl-kind-label"
                data={PNL_KINDS.map((k) => ({ value: k.value, label: k.label }))}
                value={chosen.kind}
                onChange={(v) =>
                  isPnlKind(v) && setSearch({ period: periodOfKind(v, today, settings.fiscalYear) })
                }
              />
            </Stack>
            {chosen.kind !== WHOLE_TERM && chosen.label !== null && (
              <Select
                label={humanize(chosen.kind)}
                data={periodChoices(chosen.kind, today, settings.fiscalYear, chosen.label).map((l) => ({
                  value: l,
                  label: periodWords(l),
                }))}
                value={chosen.label}
                onChange={(v) => v && setSearch({ period: v })}
                allowDeselect={false}
                w={140}
                data-testid="pnl-period"
              />
            )}
          </Group>
        )}
      </Group>
      {chosen && (
        <QueryState query={pnl} label="the P&L">
          {(report) => (
            <PnlTables
              workspaceId={workspaceId}
              report={report}
              period={search.period}
              account={search.account}
              stale={pnl.isPlaceholderData}
            />
          )}
        </QueryState>
      )}
    </Stack>
  );
}

const FIGURES = ["Revenue", "Cost", "Margin", "Margin %"] as const;

/** The column headers: a name column, then planned and actual under each figure. */
function Head(props: { readonly first: string }) {
  return (
    <Table.Thead>
      <Table.Tr>
        <Table.Th rowSpan={2} scope="col">
          {props.first}
        </Table.Th>
        {FIGURES.map((f) => (
          <Table.Th key={f} colSpan={2} scope="colgroup" ta="center">
            {f}
          </Table.Th>
        ))}
      </Table.Tr>
      <Table.Tr>
        {FIGURES.flatMap((f) => [
          <Table.Th key={`${f}-p`} scope="col" ta="right" aria-label={`${f} planned`}>
            Planned
          </Table.Th>,
          <Table.Th key={`${f}-a`} scope="col" ta="right" aria-label={`${f} actual`}>
            Actual
          </Table.Th>,
        ])}
      </Table.Tr>
    </Table.Thead>
  );
}

const cell = { whiteSpace: "nowrap" } as const;

function Margin(props: { readonly value: Pnl["marginBasisPoints"] }) {
  const text = marginPercent(props.value);
  return text ?? <MoneyText value={props.value as MoneyValue} />;
}

/** Planned and actual side by side for each figure; planned absent (money outside contracts) shows "—". */
function Figures(props: { readonly planned: Pnl | null; readonly actual: Pnl }) {
  const { planned, actual } = props;
  const pair = (p: ReactNode, a: ReactNode) => (
    <>
      <Table.Td ta="right" style={cell}>
        {planned ? p : "—"}
      </Table.Td>
      <Table.Td ta="right" style={cell}>
        {a}
      </Table.Td>
    </>
  );
  return (
    <>
      {pair(<MoneyText value={planned?.revenue} />, <MoneyText value={actual.revenue} />)}
      {pair(<MoneyText value={planned?.cost} />, <MoneyText value={actual.cost} />)}
      {pair(<MoneyText value={planned?.margin} />, <MoneyText value={actual.margin} />)}
      {pair(
        planned && <Margin value={planned.marginBasisPoints} />,
        <Margin value={actual.marginBasisPoints} />,
      )}
    </>
  );
}

/** A wide table scrolls on a narrow screen; the scrolling region is reachable by keyboard. */
function Scrolls(props: { readonly label: string; readonly children: ReactNode }) {
  return (
    <Box style={{ overflowX: "auto" }} tabIndex={0} role="region" aria-label={props.label}>
      {props.children}
    </Box>
  );
}

const moneyOf = (p: Pnl | null | undefined): MoneyValue[] => (p ? [p.revenue, p.cost, p.margin] : []);

function PnlTables(props: {
  readonly workspaceId: string;
  readonly report: PnlReportAsRead;
  readonly period: string | undefined;
  readonly account: string | undefined;
  readonly stale: boolean;
}) {
  const { report } = props;
  const { shown, empty } = withFigures(report.accounts);
  const opened = report.accounts.find((a) => a.accountId === props.account);
  const during = report.period ? periodWords(report.period.label) : "whole terms";
  // A member who may see no account's figures (a viewer) got a grid of nothing but "masked": the reason is said
  // once (the masked notice) and the accounts are named, without the grid.
  const noneShown = report.accounts.length > 0 && report.withheld >= report.accounts.length;
  return (
    <Stack
      gap="lg"
      style={{ opacity: props.stale ? 0.6 : 1 }}
      data-testid="pnl"
      data-period={report.period?.label ?? WHOLE_TERM}
    >
      <Text size="sm" c="dimmed">
        {report.period
          ? `${formatDate(report.period.start)} to ${formatDate(report.period.end)}, in ${report.currency}. Planned: each contract's share of the period by days; actual: invoices issued and costs dated in it.`
          : `Whole terms, in ${report.currency}: each contract's planned value and cost, and every invoice and cost on record.`}
      </Text>
      <MaskedNotice
        values={[
          ...report.accounts.flatMap((a) => [...moneyOf(a.planned), ...moneyOf(a.actual)]),
          ...moneyOf(report.total?.planned),
        ]}
      />
      {report.withheld > 0 && !noneShown && (
        <Alert color="gray" variant="light" data-testid="pnl-withheld">
          {withheldWords(report.withheld, report.accounts.length)}
        </Alert>
      )}
      <SectionCard title="Per account" count={shown.length} testId="pnl-accounts">
        {shown.length === 0 ? (
          <Text c="dimmed">No account has revenue or cost in {during}.</Text>
        ) : noneShown ? (
          <Stack gap="xs" data-testid="pnl-all-masked">
            <Text size="sm">
              Every figure of this P&L is masked for you (why: above), so none is drawn. The accounts with
              revenue or cost in {during}:
            </Text>
            <Group gap="md">
              {shown.map((a) => (
                <AnchorLink
                  key={a.accountId}
                  to="/w/$workspaceId/accounts/$accountId"
                  params={{ workspaceId: props.workspaceId, accountId: a.accountId }}
                >
                  {a.accountName}
                </AnchorLink>
              ))}
            </Group>
          </Stack>
        ) : (
          <Scrolls label="P&L per account, scrolls sideways">
            {/* Figures a size down and account names that wrap: at 1366 px the last column sat at the card's edge. */}
            <Table aria-label="P&L per account" highlightOnHover fz="sm">
              <Head first="Account" />
              <Table.Tbody>
                {shown.map((a) => (
                  <Table.Tr key={a.accountId} data-selected={a.accountId === props.account || undefined}>
                    <Table.Th scope="row" style={{ minWidth: 150 }}>
                      <AnchorLink
                        to="/w/$workspaceId/pnl"
                        params={{ workspaceId: props.workspaceId }}
                        search={{ ...(props.period ? { period: props.period } : {}), account: a.accountId }}
                        aria-label={`${a.accountName}: its contracts and towers`}
                      >
                        {a.accountName}
                      </AnchorLink>
                    </Table.Th>
                    <Figures planned={a.planned} actual={a.actual} />
                  </Table.Tr>
                ))}
              </Table.Tbody>
              {/* The total adds up the lines shown: over nothing but withheld lines it would read as zero. */}
              {report.total && report.withheld < report.accounts.length && (
                <Table.Tfoot>
                  <Table.Tr>
                    <Table.Th scope="row">
                      {report.withheld > 0 ? "Total of the figures shown" : "Total"}
                    </Table.Th>
                    <Figures planned={report.total.planned} actual={report.total.actual} />
                  </Table.Tr>
                </Table.Tfoot>
              )}
            </Table>
          </Scrolls>
        )}
        {empty > 0 && (
          <Text size="sm" c="dimmed" mt="xs">
            {empty === 1 ? "1 account" : `${empty} accounts`} with neither revenue nor cost in {during} not
            listed.
          </Text>
        )}
      </SectionCard>
      {props.account && !opened && <Text c="dimmed">That account has no P&L in {during}.</Text>}
      {opened && !noneShown && (
        <AccountContracts workspaceId={props.workspaceId} account={opened} during={during} />
      )}
    </Stack>
  );
}

function AccountContracts(props: {
  readonly workspaceId: string;
  readonly account: AccountLine;
  readonly during: string;
}) {
  const { account } = props;
  const { shown, empty } = withFigures(account.contracts);
  const other = account.otherActuals;
  const otherShown = withFigures([{ planned: other.actual, actual: other.actual }]).shown.length > 0;
  return (
    <SectionCard title={`${account.accountName}: contracts and towers`} testId="pnl-contracts">
      {shown.length === 0 && !otherShown ? (
        <Text c="dimmed">
          No contract of {account.accountName} has revenue or cost in {props.during}.
        </Text>
      ) : (
        <Scrolls label={`${account.accountName}'s contracts, scrolls sideways`}>
          <Table aria-label={`P&L of ${account.accountName}'s contracts`}>
            <Head first="Contract, tower" />
            <Table.Tbody>
              {shown.flatMap((c) => [
                <Table.Tr key={c.contractId} data-testid="pnl-contract">
                  <Table.Th scope="row" style={{ minWidth: 220 }}>
                    <Stack gap={2}>
                      <AnchorLink
                        to="/w/$workspaceId/contracts/$contractId"
                        params={{ workspaceId: props.workspaceId, contractId: c.contractId }}
                      >
                        {c.title}
                      </AnchorLink>
                      <Group gap={6} wrap="nowrap">
                        <Badge size="xs" variant="light">
                          {humanize(c.status)}
                        </Badge>
                        {shareWords(c.plannedShare) && (
                          <Text size="xs" c="dimmed" style={cell}>
                            planned: {shareWords(c.plannedShare)}
                          </Text>
                        )}
                      </Group>
                    </Stack>
                  </Table.Th>
                  <Figures planned={c.planned} actual={c.actual} />
                </Table.Tr>,
                ...towersShown(c).map((t) => (
                  <Table.Tr key={`${c.contractId}/${t.towerId}`} data-testid="pnl-tower">
                    <Table.Th scope="row" fw={400} pl="xl">
                      <Text span size="sm">
                        Tower: {t.name}
                      </Text>
                    </Table.Th>
                    <Figures planned={t.planned} actual={t.actual} />
                  </Table.Tr>
                )),
              ])}
              {otherShown && (
                <Table.Tr>
                  <Table.Th scope="row" fw={400}>
                    Invoices and costs outside any contract
                  </Table.Th>
                  <Figures planned={null} actual={other.actual} />
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </Scrolls>
      )}
      {empty > 0 && (
        <Text size="sm" c="dimmed" mt="xs">
          {empty === 1 ? "1 contract" : `${empty} contracts`} with neither revenue nor cost in {props.during}{" "}
          not listed.
        </Text>
      )}
    </SectionCard>
  );
}
