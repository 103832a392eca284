// Today: what an AE looks at first — their open tasks and the client deadlines coming, deals gone stale,
// renewals and notice deadlines coming, escalations near or past their SLA, and account plan reviews due.
import { Badge, Group, SimpleGrid, Stack, Switch, Table, Text, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { useMembership } from "../../api/session.ts";
import {
  type Escalation,
  type Task,
  useClientDeadlines,
  useEscalationsNearSla,
  useMyTasks,
  usePlanReviewsDue,
  useRenewalsDue,
  useStaleDeals,
} from "../../api/today.ts";
import { useMemberNames } from "../../api/workspace.ts";
import {
  daysUntil,
  formatDate,
  formatToday,
  humanize,
  relativeDays,
  relativeHours,
} from "../../ui/format.ts";
import { AnchorLink, RecordLink } from "../../ui/links.tsx";
import { MoneyText } from "../../ui/money-text.tsx";
import { QueryState } from "../../ui/query-state.tsx";
import { SectionCard } from "../../ui/section-card.tsx";
import { onlyMineByDefault } from "./today-scope.ts";

const route = getRouteApi("/w/$workspaceId/today");

export function TodayPage() {
  const { workspaceId } = route.useParams();
  const membership = useMembership(workspaceId);
  const memberId = membership?.memberId;
  const [onlyMine, setOnlyMine] = useState(() => onlyMineByDefault(membership));
  const owner = onlyMine ? memberId : undefined;
  const name = useMemberNames(workspaceId);

  const tasks = useMyTasks(workspaceId, memberId);
  const deadlines = useClientDeadlines(workspaceId);
  const stale = useStaleDeals(workspaceId, owner);
  const renewals = useRenewalsDue(workspaceId, owner);
  const escalations = useEscalationsNearSla(workspaceId, owner);
  const reviews = usePlanReviewsDue(workspaceId, owner);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="end">
        <div>
          <Title order={1}>Today</Title>
          <Text c="dimmed">{formatToday()}</Text>
        </div>
        <Switch
          label="Only mine"
          checked={onlyMine}
          onChange={(e) => setOnlyMine(e.currentTarget.checked)}
          description="Stale deals, renewals, escalations and plan reviews"
        />
      </Group>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <SectionCard title="My tasks" count={tasks.data?.length} testId="today-tasks">
          <QueryState query={tasks} label="your tasks">
            {(items) => (
              <TaskTable workspaceId={workspaceId} tasks={items} empty="No open tasks. Enjoy the quiet." />
            )}
          </QueryState>
        </SectionCard>
        <SectionCard title="Client deadlines" count={deadlines.data?.length} testId="today-deadlines">
          <QueryState query={deadlines} label="client deadlines">
            {(items) => (
              <TaskTable
                workspaceId={workspaceId}
                tasks={items}
                empty="No deadline agreed with a client in the next two weeks."
                showAssignee
                name={name}
              />
            )}
          </QueryState>
        </SectionCard>
        <SectionCard title="Stale deals" count={stale.data?.stale.length} testId="today-stale">
          <QueryState query={stale} label="stale deals">
            {(report) =>
              report.stale.length === 0 ? (
                <Text c="dimmed">No deal has gone stale.</Text>
              ) : (
                <Table striped highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Deal</Table.Th>
                      <Table.Th>Stage</Table.Th>
                      <Table.Th>Idle</Table.Th>
                      <Table.Th>Owner</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {report.stale.slice(0, 50).map((s) => {
                      const deal = report.opportunities[s.opportunityId];
                      return (
                        <Table.Tr key={s.opportunityId}>
                          <Table.Td>
                            {deal ? (
                              <RecordLink workspaceId={workspaceId} collection="opportunities" id={deal.id}>
                                {deal.name}
                              </RecordLink>
                            ) : (
                              <Text size="sm">{s.opportunityId}</Text>
                            )}
                            {deal && (
                              <Text size="xs" c="dimmed">
                                <MoneyText value={deal.amount} />
                              </Text>
                            )}
                          </Table.Td>
                          <Table.Td>{s.stageLabel}</Table.Td>
                          <Table.Td>
                            <Text size="sm" c="orange">
                              {s.idleDays} days (limit {s.limit})
                            </Text>
                          </Table.Td>
                          <Table.Td>{deal ? name(deal.ownerId) : ""}</Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              )
            }
          </QueryState>
        </SectionCard>
        <SectionCard
          title="Renewals and notice deadlines"
          count={renewals.data?.contracts.length}
          testId="today-renewals"
        >
          <QueryState query={renewals} label="renewals">
            {(report) =>
              report.contracts.length === 0 ? (
                <Text c="dimmed">No renewal or notice deadline in the next 90 days.</Text>
              ) : (
                <Table striped highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Contract</Table.Th>
                      <Table.Th>Notice deadline</Table.Th>
                      <Table.Th>Ends</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {report.contracts.map((r) => {
                      const days = daysUntil(r.schedule.noticeDeadline.on);
                      return (
                        <Table.Tr key={r.contract.id}>
                          <Table.Td>
                            <AnchorLink
                              size="sm"
                              fw={500}
                              to="/w/$workspaceId/contracts/$contractId"
                              params={{ workspaceId, contractId: r.contract.id }}
                            >
                              {r.contract.title}
                            </AnchorLink>
                            <Text size="xs" c="dimmed">
                              <MoneyText value={r.contract.value} />
                              {r.schedule.tacitRenewal ? " · renews by itself" : ""}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm" c={days < 0 ? "red" : days <= 14 ? "orange" : "inherit"}>
                              {formatDate(r.schedule.noticeDeadline.on)} ({relativeDays(days)})
                            </Text>
                          </Table.Td>
                          <Table.Td>{formatDate(r.schedule.endDate.on)}</Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              )
            }
          </QueryState>
        </SectionCard>
        <SectionCard
          title="Escalations near or past SLA"
          count={escalations.data?.length}
          testId="today-escalations"
        >
          <QueryState query={escalations} label="escalations">
            {(items) => <EscalationTable workspaceId={workspaceId} escalations={items} name={name} />}
          </QueryState>
        </SectionCard>
        <SectionCard title="Account plan reviews" count={reviews.data?.length} testId="today-plan-reviews">
          <QueryState query={reviews} label="account plan reviews">
            {(plans) =>
              plans.length === 0 ? (
                <Text c="dimmed">No account plan review due this week.</Text>
              ) : (
                <Table striped highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Plan</Table.Th>
                      <Table.Th>Review</Table.Th>
                      <Table.Th>Owner</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {plans.map((p) => {
                      const days = p.nextReviewOn === null ? 0 : daysUntil(p.nextReviewOn);
                      return (
                        <Table.Tr key={p.id}>
                          <Table.Td>
                            <AnchorLink
                              to="/w/$workspaceId/accounts/$accountId"
                              params={{ workspaceId, accountId: p.accountId }}
                            >
                              {p.title}
                            </AnchorLink>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm" c={days < 0 ? "red" : days <= 2 ? "orange" : "inherit"}>
                              {p.status === "under_review"
                                ? "under way: complete it"
                                : p.nextReviewOn
                                  ? `${formatDate(p.nextReviewOn)} (${relativeDays(days)})`
                                  : "—"}
                            </Text>
                          </Table.Td>
                          <Table.Td>{name(p.ownerId)}</Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              )
            }
          </QueryState>
        </SectionCard>
      </SimpleGrid>
    </Stack>
  );
}

function TaskTable(props: {
  readonly workspaceId: string;
  readonly tasks: readonly Task[];
  readonly empty: string;
  readonly showAssignee?: boolean;
  readonly name?: (id: string) => string;
}) {
  if (props.tasks.length === 0) return <Text c="dimmed">{props.empty}</Text>;
  return (
    <Table striped highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Task</Table.Th>
          <Table.Th>Due</Table.Th>
          {props.showAssignee && <Table.Th>Assignee</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.tasks.map((t) => {
          const days = daysUntil(t.dueDate);
          return (
            <Table.Tr key={t.id}>
              <Table.Td>
                <Group gap="xs">
                  <RecordLink workspaceId={props.workspaceId} collection="tasks" id={t.id}>
                    {t.title}
                  </RecordLink>
                  {t.agreedWithClient && (
                    <Badge size="xs" color="grape" variant="light">
                      client deadline
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={days < 0 ? "red" : days <= 2 ? "orange" : "inherit"}>
                  {formatDate(t.dueDate)} ({relativeDays(days)})
                </Text>
              </Table.Td>
              {props.showAssignee && <Table.Td>{props.name?.(t.assigneeId) ?? t.assigneeId}</Table.Td>}
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

const SEVERITY_COLORS: Record<Escalation["severity"], string> = {
  low: "gray",
  medium: "yellow",
  high: "orange",
  critical: "red",
};

function EscalationTable(props: {
  readonly workspaceId: string;
  readonly escalations: readonly Escalation[];
  readonly name: (id: string) => string;
}) {
  if (props.escalations.length === 0) return <Text c="dimmed">No escalation is near its SLA.</Text>;
  const now = Date.now();
  return (
    <Table striped highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Escalation</Table.Th>
          <Table.Th>Severity</Table.Th>
          <Table.Th>SLA</Table.Th>
          <Table.Th>Owner</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.escalations.map((e) => {
          const breached = new Date(e.slaDueAt).getTime() < now;
          return (
            <Table.Tr key={e.id}>
              <Table.Td>
                <RecordLink workspaceId={props.workspaceId} collection="escalations" id={e.id}>
                  {e.title}
                </RecordLink>
                <Text size="xs" c="dimmed">
                  {humanize(e.status)}
                </Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <Badge color={SEVERITY_COLORS[e.severity]} variant="light" style={{ overflow: "visible" }}>
                  {e.severity}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={breached ? "red" : "orange"} fw={breached ? 700 : 400}>
                  {breached
                    ? `breached ${relativeHours(e.slaDueAt, now)}`
                    : `due ${relativeHours(e.slaDueAt, now)}`}
                </Text>
              </Table.Td>
              <Table.Td>{props.name(e.ownerId)}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
