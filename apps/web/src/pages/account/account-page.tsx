// Account 360: one client on one screen — its lifecycle state and health (with each factor's sentence), the
// people and who reports to whom, deals, contracts with their towers and account managers, the timeline of
// activities and meetings, escalations, briefs, invoices and the P&L (one request: the service's account360), and
// the account plan with the account's whitespace (account-plan.tsx).
import { date, isMasked, periodOf, type WorkspaceSettings } from "@accountable/domain";
import { Badge, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { useAccount, useAccountOverview } from "../../api/account-360.ts";
import { useMembership } from "../../api/session.ts";
import { dayFromToday } from "../../api/today.ts";
import { useMemberNames, useWorkspace } from "../../api/workspace.ts";
import { CommandPanel } from "../../commands/command-panel.tsx";
import { accountQuickActions, QuickActions } from "../../commands/quick-actions.tsx";
import { formatCloseDate, formatDate, humanize, NOT_YET } from "../../ui/format.ts";
import { AnchorLink, RecordLink } from "../../ui/links.tsx";
import { invoiceTotalAsRead, MoneyText, type MoneyValue, moneyLabel } from "../../ui/money-text.tsx";
import { QueryState } from "../../ui/query-state.tsx";
import { SectionCard } from "../../ui/section-card.tsx";
import { ACCOUNT_STATUS_COLORS } from "../../ui/status-colors.ts";
import { AccountPlanSection } from "./account-plan.tsx";
import { HealthCard, PnlCard, StakeholderMap, TimelineCard } from "./account-sections.tsx";
import { RecordTable } from "./record-table.tsx";

const route = getRouteApi("/w/$workspaceId/accounts/$accountId");

/** The client's size and region in words: "1,200 employees · €250M a year · EMEA", or that they are not known. */
export function accountFacts(a: {
  readonly employees: number | null;
  readonly annualRevenue: MoneyValue;
  readonly region: string | null;
}): string {
  const parts = [
    a.employees === null ? "employees not known" : `${a.employees.toLocaleString("en")} employees`,
    a.annualRevenue === null
      ? "annual revenue not known"
      : isMasked(a.annualRevenue)
        ? "annual revenue masked"
        : `${moneyLabel(a.annualRevenue, { compact: true })} a year`,
    a.region ?? "no region",
  ];
  return parts.join(" · ");
}

/**
 * Since when the account is a client: its earliest contract's start ("Client since 1 Mar 2025"), "—" when it has
 * none. Not the day the account was entered: an account imported in 2026 with contracts since 2025 read "Active
 * since Jul 2026".
 */
export function clientSince(contracts: readonly { readonly startDate: string }[]): string {
  const first = contracts.map((c) => c.startDate).sort()[0];
  return `Client since ${first ? formatDate(first) : "—"}`;
}

export function AccountPage() {
  const { workspaceId, accountId } = route.useParams();
  const overview = useAccountOverview(workspaceId, accountId);
  const record = useAccount(workspaceId, accountId).data;
  const membership = useMembership(workspaceId);
  const name = useMemberNames(workspaceId);
  const settings = useWorkspace(workspaceId).data?.state.settings as WorkspaceSettings | undefined;
  const quarter = periodOf("quarter", date(dayFromToday(0)), settings?.fiscalYear).label;

  return (
    <QueryState query={overview} label="the account">
      {(o) => {
        const { account, contacts, contracts } = o;
        const contactName = (id: string) => contacts.find((c) => c.id === id)?.name ?? id;
        return (
          <Stack gap="lg">
            <Group justify="space-between" align="end">
              <Stack gap={4}>
                <Group gap="sm" align="center">
                  <Title order={1}>{account.name}</Title>
                  <Badge
                    size="lg"
                    color={ACCOUNT_STATUS_COLORS[account.status] ?? "gray"}
                    data-testid="account-status"
                  >
                    {humanize(account.status)}
                  </Badge>
                </Group>
                <Text c="dimmed">
                  Owner {name(account.ownerId)}
                  {account.industry ? ` · ${account.industry}` : ""}
                  {account.statusReason ? ` · ${account.statusReason}` : ""}
                  {` · ${clientSince(contracts)}`}
                  {/* An active or prospect account has been so since it was entered (or imported): that day says
                      nothing; a status it was moved to (at risk, dormant…) says when. */}
                  {account.status !== "active" && account.status !== "prospect"
                    ? ` · ${humanize(account.status)} since ${formatDate(account.statusChangedAt)}`
                    : ""}
                </Text>
                <Text c="dimmed" size="sm" data-testid="account-facts">
                  {accountFacts(account)}
                </Text>
                {account.source !== undefined && (
                  <Text c="dimmed" size="sm" data-testid="account-source">
                    Imported from {account.source}
                    {account.sourceId !== undefined ? `, where its id is ${account.sourceId}` : ""}
                  </Text>
                )}
              </Stack>
              <AnchorLink
                to="/w/$workspaceId/accounts/$accountId/report"
                params={{ workspaceId, accountId }}
                search={{ period: quarter }}
              >
                Client report, {quarter}
              </AnchorLink>
            </Group>
            {membership && (
              <QuickActions
                workspaceId={workspaceId}
                accountId={accountId}
                actions={accountQuickActions(accountId, membership.memberId)}
              />
            )}
            {record && (
              <CommandPanel
                workspaceId={workspaceId}
                aggregate="account"
                record={{ id: accountId, version: record.version, state: { ...record.account } }}
              />
            )}
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
              <HealthCard health={o.health} bands={settings?.healthBands} />
              <PnlCard pnl={o.pnl} />
              <StakeholderMap contacts={contacts} map={o.stakeholderMap} />
              <TimelineCard activities={o.timeline} name={name} contactName={contactName} />
            </SimpleGrid>
            <AccountPlanSection
              workspaceId={workspaceId}
              accountId={accountId}
              contacts={contacts.length}
              name={name}
            />
            <SectionCard title="Opportunities" count={o.opportunities.length}>
              <RecordTable
                label="Opportunities"
                rows={o.opportunities}
                empty="No deal with this account."
                columns={[
                  [
                    "Deal",
                    (d) => (
                      <RecordLink workspaceId={workspaceId} collection="opportunities" id={d.id}>
                        {d.name}
                      </RecordLink>
                    ),
                  ],
                  ["Type", (d) => humanize(d.type)],
                  ["Stage", (d) => (d.status === "open" ? humanize(d.stageId) : humanize(d.status))],
                  ["Amount", (d) => <MoneyText value={d.amount} empty={NOT_YET.amount} />, "right"],
                  ["Close", (d) => formatCloseDate(d.closeDate)],
                  ["Owner", (d) => name(d.ownerId)],
                ]}
              />
            </SectionCard>
            <SectionCard title="Contracts" count={contracts.length} testId="account-contracts">
              <RecordTable
                label="Contracts"
                rows={contracts}
                empty="No contract yet."
                columns={[
                  [
                    "Contract",
                    (c) => (
                      <AnchorLink
                        to="/w/$workspaceId/contracts/$contractId"
                        params={{ workspaceId, contractId: c.id }}
                      >
                        {c.title}
                      </AnchorLink>
                    ),
                  ],
                  ["Status", (c) => humanize(c.status)],
                  ["Value", (c) => <MoneyText value={c.value} />, "right"],
                  ["Term", (c) => `${formatDate(c.startDate)} – ${formatDate(c.endDate)}`],
                  [
                    "Towers and account managers",
                    (c) =>
                      c.towers.length === 0
                        ? "—"
                        : c.towers.map((t) => `${t.name} (${name(t.accountManagerId)})`).join(", "),
                  ],
                ]}
              />
            </SectionCard>
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
              <SectionCard title="Escalations" count={o.escalations.length}>
                <RecordTable
                  label="Escalations"
                  rows={o.escalations}
                  empty="No escalation."
                  columns={[
                    [
                      "Escalation",
                      (e) => (
                        <RecordLink workspaceId={workspaceId} collection="escalations" id={e.id}>
                          {e.title}
                        </RecordLink>
                      ),
                    ],
                    ["Severity", (e) => humanize(e.severity)],
                    ["Status", (e) => humanize(e.status)],
                    ["Opened", (e) => formatDate(e.openedAt)],
                    ["Owner", (e) => name(e.ownerId)],
                  ]}
                />
              </SectionCard>
              <SectionCard title="Briefs" count={o.briefs.length}>
                <RecordTable
                  label="Briefs"
                  rows={o.briefs}
                  empty="No brief."
                  columns={[
                    [
                      "Brief",
                      (b) => (
                        <RecordLink workspaceId={workspaceId} collection="briefs" id={b.id}>
                          {b.title}
                        </RecordLink>
                      ),
                    ],
                    ["Status", (b) => humanize(b.status)],
                    ["Deadline", (b) => (b.deadline ? formatDate(b.deadline) : "—")],
                    ["Budget", (b) => <MoneyText value={b.approvedBudget ?? b.clientBudget} />, "right"],
                  ]}
                />
              </SectionCard>
              <SectionCard title="Invoices" count={o.invoices.length}>
                <RecordTable
                  label="Invoices"
                  rows={o.invoices}
                  empty="No invoice."
                  columns={[
                    [
                      "Invoice",
                      (i) => (
                        <RecordLink workspaceId={workspaceId} collection="invoices" id={i.id}>
                          {i.number ?? "Draft"}
                        </RecordLink>
                      ),
                    ],
                    ["Status", (i) => humanize(i.status)],
                    ["Due", (i) => formatDate(i.dueDate)],
                    ["Amount", (i) => <MoneyText value={invoiceTotalAsRead(i)} />, "right"],
                  ]}
                />
              </SectionCard>
              <SectionCard title="Tasks" count={o.tasks.length}>
                <RecordTable
                  label="Tasks"
                  rows={o.tasks}
                  empty="No task."
                  columns={[
                    [
                      "Task",
                      (t) => (
                        <RecordLink workspaceId={workspaceId} collection="tasks" id={t.id}>
                          {t.title}
                        </RecordLink>
                      ),
                    ],
                    ["Status", (t) => humanize(t.status)],
                    ["Due", (t) => formatDate(t.dueDate)],
                    ["Assignee", (t) => name(t.assigneeId)],
                  ]}
                />
              </SectionCard>
            </SimpleGrid>
            <Text size="xs" c="dimmed">
              As of {formatDate(o.now)}.
            </Text>
          </Stack>
        );
      }}
    </QueryState>
  );
}
