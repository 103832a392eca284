// The account page's "Account plan" section: the plan in force (or the latest), its ambition and period, its
// objectives (owner, due date, status) and risks (severity from likelihood × impact, mitigation, owner), the
// stakeholder map it works with, the next review, the plan's commands through the generic command forms, and the
// account's whitespace: each service line bought, in pipeline or not offered, with the revenue at stake.
import type { Schemas } from "@accountable/client";
import { date, isObjectiveOverdue, riskSeverity } from "@accountable/domain";
import { Alert, Badge, Button, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useAccountPlans, useWhitespace } from "../../api/plans.ts";
import { dayFromToday } from "../../api/today.ts";
import { commandVariant } from "../../commands/aggregates.ts";
import { CommandDialog, CommandPanel, type OpenCommand } from "../../commands/command-panel.tsx";
import { formatDate, humanize } from "../../ui/format.ts";
import { MoneyText } from "../../ui/money-text.tsx";
import { QueryState } from "../../ui/query-state.tsx";
import { SectionCard } from "../../ui/section-card.tsx";
import { RecordTable } from "./record-table.tsx";

type Plan = Schemas["PlanItem"];

const PLAN_STATUS_COLORS: Record<Plan["status"], string> = {
  draft: "gray",
  active: "green",
  under_review: "orange",
  archived: "dark",
};
const OBJECTIVE_COLORS: Record<Plan["objectives"][number]["status"], string> = {
  open: "blue",
  in_progress: "cyan",
  done: "green",
  dropped: "gray",
};
const SEVERITY_COLORS = { low: "gray", medium: "yellow", high: "orange", critical: "red" } as const;
const STATE_WORDS = { bought: "Bought", in_pipeline: "In pipeline", not_offered: "Not offered" } as const;
const STATE_COLORS = { bought: "green", in_pipeline: "blue", not_offered: "gray" } as const;

/** An objective still open after its due date: the domain's rule, on the API's plain strings. */
const isOverdue = (o: Plan["objectives"][number], today: string) =>
  isObjectiveOverdue({ status: o.status, dueDate: date(o.dueDate) }, date(today));

/** The plan to show: the one in force (active or under review), else the latest draft, else the latest. */
function currentPlan(plans: readonly Plan[]): Plan | undefined {
  return (
    plans.find((p) => p.status === "active" || p.status === "under_review") ??
    plans.find((p) => p.status === "draft") ??
    plans[0]
  );
}

export function AccountPlanSection(props: {
  readonly workspaceId: string;
  readonly accountId: string;
  readonly contacts: number;
  readonly name: (memberId: string) => string;
}) {
  const { workspaceId, accountId, name } = props;
  const plans = useAccountPlans(workspaceId, accountId);
  const [open, setOpen] = useState<OpenCommand | null>(null);
  const draft = commandVariant("plan", "DraftPlan");
  return (
    <Stack gap="lg" data-testid="account-plan">
      <Group justify="space-between" align="end">
        <Title order={2}>Account plan</Title>
      </Group>
      <QueryState query={plans} label="the account plans">
        {(list) => {
          const plan = currentPlan(list);
          if (!plan)
            return (
              <SectionCard title="Plan" testId="account-plan-none">
                <Stack gap="xs">
                  <Text c="dimmed">No plan for this account yet.</Text>
                  {draft && (
                    <Group>
                      <Button
                        variant="light"
                        size="xs"
                        data-command="DraftPlan"
                        onClick={() =>
                          setOpen({ variant: draft, prefill: { accountId }, fixed: ["accountId"] })
                        }
                      >
                        Draft a plan
                      </Button>
                    </Group>
                  )}
                </Stack>
              </SectionCard>
            );
          return <PlanCards plan={plan} others={list.length - 1} {...props} />;
        }}
      </QueryState>
      <WhitespaceCard workspaceId={workspaceId} accountId={accountId} />
      <CommandDialog workspaceId={workspaceId} open={open} record={null} onClose={() => setOpen(null)} />
    </Stack>
  );
}

function PlanCards(props: {
  readonly workspaceId: string;
  readonly plan: Plan;
  readonly others: number;
  readonly contacts: number;
  readonly name: (memberId: string) => string;
}) {
  const { plan, name, workspaceId } = props;
  const today = dayFromToday(0);
  const reviewLate = plan.nextReviewOn !== null && plan.nextReviewOn < today && plan.status !== "archived";
  const { version, ...state } = plan;
  return (
    <Stack gap="lg">
      <SectionCard title={plan.title} testId="account-plan-summary">
        <Stack gap={6}>
          <Group gap="sm">
            <Badge color={PLAN_STATUS_COLORS[plan.status]} data-testid="plan-status">
              {humanize(plan.status)}
            </Badge>
            <Text size="sm" c="dimmed">
              {formatDate(plan.periodStart)} – {formatDate(plan.periodEnd)} · owner {name(plan.ownerId)}
            </Text>
          </Group>
          {plan.ambition && <Text>{plan.ambition}</Text>}
          <Text size="sm" data-testid="plan-review" {...(reviewLate ? { c: "red" } : {})}>
            {plan.nextReviewOn === null
              ? "No review planned yet."
              : `Next review ${formatDate(plan.nextReviewOn)}${reviewLate ? " (overdue)" : ""}`}
            {plan.lastReviewedOn
              ? ` · last reviewed ${formatDate(plan.lastReviewedOn)}: ${plan.lastReviewSummary ?? ""}`
              : ""}
          </Text>
          <Text size="sm" c="dimmed" data-testid="plan-stakeholders">
            Stakeholders: the plan works with the account's stakeholder map above ({props.contacts} contact
            {props.contacts === 1 ? "" : "s"}, who decides and who reports to whom).
          </Text>
          {props.others > 0 && (
            <Text size="xs" c="dimmed">
              {props.others} other plan{props.others === 1 ? "" : "s"} of this account (drafts or archived)
              are in the plans list.
            </Text>
          )}
        </Stack>
      </SectionCard>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <SectionCard title="Objectives" count={plan.objectives.length} testId="plan-objectives">
          <RecordTable
            label="Objectives"
            rows={plan.objectives}
            empty="No objective yet: add what the plan is to achieve."
            columns={[
              ["Objective", (o) => o.title],
              ["Owner", (o) => name(o.ownerId)],
              [
                "Due",
                (o) => (
                  <Text size="sm" {...(isOverdue(o, today) ? { c: "red" } : {})}>
                    {formatDate(o.dueDate)}
                  </Text>
                ),
              ],
              [
                "Status",
                (o) => (
                  <Badge size="sm" variant="light" color={OBJECTIVE_COLORS[o.status]}>
                    {humanize(o.status)}
                  </Badge>
                ),
              ],
            ]}
          />
        </SectionCard>
        <SectionCard title="Risks" count={plan.risks.length} testId="plan-risks">
          <RecordTable
            label="Risks"
            rows={plan.risks}
            empty="No risk recorded."
            columns={[
              ["Risk", (r) => r.description],
              [
                "Severity",
                (r) => {
                  const s = riskSeverity(r);
                  return (
                    <Badge
                      size="sm"
                      color={SEVERITY_COLORS[s]}
                      title={`${r.likelihood} likelihood × ${r.impact} impact`}
                    >
                      {s}
                    </Badge>
                  );
                },
              ],
              ["Mitigation", (r) => r.mitigation || "—"],
              ["Owner", (r) => name(r.ownerId)],
              ["State", (r) => (r.resolution ? `Resolved: ${r.resolution}` : "Open")],
            ]}
          />
        </SectionCard>
      </SimpleGrid>
      <CommandPanel
        workspaceId={workspaceId}
        aggregate="plan"
        title="Plan commands"
        record={{ id: plan.id, version, state: { ...state } }}
      />
    </Stack>
  );
}

function WhitespaceCard(props: { readonly workspaceId: string; readonly accountId: string }) {
  const whitespace = useWhitespace(props.workspaceId, props.accountId);
  return (
    <SectionCard title="Whitespace" testId="account-whitespace">
      <QueryState query={whitespace} label="the whitespace">
        {(w) =>
          w.lines.length === 0 ? (
            <Text c="dimmed">
              No service line yet: the workspace declares no catalog of service lines (Settings → Service
              lines), no deal names one and no contract has towers.
            </Text>
          ) : (
            <Stack gap="sm">
              <Table.ScrollContainer minWidth={560}>
                <Table striped aria-label="Whitespace">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Service line</Table.Th>
                      <Table.Th>State</Table.Th>
                      <Table.Th ta="right">Revenue at stake</Table.Th>
                      <Table.Th ta="right">Weighted</Table.Th>
                      <Table.Th>Why</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {w.lines.map((l) => (
                      <Table.Tr key={l.line} data-line={l.line} data-state={l.state}>
                        <Table.Td>
                          {l.line}
                          {!l.inCatalog && w.catalogSize > 0 && (
                            <Text span size="xs" c="dimmed" data-testid="not-in-catalog">
                              {" "}
                              (not in the catalog)
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Badge size="sm" variant="light" color={STATE_COLORS[l.state]}>
                            {STATE_WORDS[l.state]}
                          </Badge>
                        </Table.Td>
                        <Table.Td ta="right">
                          {l.state === "not_offered" && l.estimate === null ? (
                            "no estimate"
                          ) : (
                            <MoneyText value={l.atStake} />
                          )}
                        </Table.Td>
                        <Table.Td ta="right">
                          {l.state === "in_pipeline" ? <MoneyText value={l.weighted} /> : "—"}
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{l.reason}</Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Group gap="lg" data-testid="whitespace-totals">
                <Text size="sm">
                  Bought <MoneyText value={w.totals.bought} />
                </Text>
                <Text size="sm">
                  In pipeline <MoneyText value={w.totals.pipeline} /> (weighted{" "}
                  <MoneyText value={w.totals.weighted} />)
                </Text>
                <Text size="sm">
                  Not offered, estimated <MoneyText value={w.totals.notOffered} />
                </Text>
              </Group>
              {w.catalogSize === 0 ? (
                <Alert color="gray" variant="light" data-testid="catalog-note">
                  The workspace declares no catalog of service lines, so these are only the lines seen on
                  deals and contracts' towers: declare them in Settings → Service lines so a line never sold
                  shows as not offered.
                </Alert>
              ) : (
                w.notInCatalog.length > 0 && (
                  <Alert color="gray" variant="light" data-testid="catalog-note">
                    {w.notInCatalog.join(", ")} {w.notInCatalog.length === 1 ? "is" : "are"} named on deals or
                    towers but not in the workspace's catalog of service lines (Settings → Service lines).
                  </Alert>
                )
              )}
              {w.unplaced.open + w.unplaced.won > 0 && (
                <Alert color="gray" variant="light">
                  {w.unplaced.open} open and {w.unplaced.won} won deal(s) of this account name no service
                  line, so the matrix cannot place them.
                </Alert>
              )}
            </Stack>
          )
        }
      </QueryState>
    </SectionCard>
  );
}
