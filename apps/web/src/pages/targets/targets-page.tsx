// Target lists: the workspace's lists (name, owner, status, members, goal), and a list's page — its criteria, its
// funnel (target → first meeting → opportunity → won, with the conversion from each step to the next), its
// members with their step and fit (the reasons on hover), "Add matching accounts" (the preview's count first), and
// the list's commands through the generic command forms. Every figure is the service's (GET …/targets/{id}/funnel);
// who may add is the domain's `can`, as the API judges it.
import "@mantine/charts/styles.css";
import { can, type MemberId } from "@accountable/domain";
import { BarChart } from "@mantine/charts";
import {
  Alert,
  Badge,
  Box,
  Button,
  FileButton,
  Group,
  List,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { errorText } from "../../api/client.ts";
import { useRecord } from "../../api/records.ts";
import { useMembership } from "../../api/session.ts";
import {
  type TargetFunnel,
  type TargetImportResult,
  type TargetItem,
  useAddMatching,
  useMatchingPreview,
  useTargetFunnel,
  useTargetImport,
  useTargetLists,
} from "../../api/targets.ts";
import { useMemberNames } from "../../api/workspace.ts";
import { CommandPanel, useAsker } from "../../commands/command-panel.tsx";
import { QuickActions } from "../../commands/quick-actions.tsx";
import { formatDate, humanize } from "../../ui/format.ts";
import { AnchorLink } from "../../ui/links.tsx";
import { MoneyText } from "../../ui/money-text.tsx";
import { QueryState } from "../../ui/query-state.tsx";
import { SectionCard } from "../../ui/section-card.tsx";
import { type ImportSource, importRequest, outcomeWords } from "./import-accounts.ts";

const listsRoute = getRouteApi("/w/$workspaceId/targets");
const listRoute = getRouteApi("/w/$workspaceId/targets/$listId");

const STATUS_COLORS: Record<TargetItem["status"], string> = {
  draft: "gray",
  active: "green",
  closed: "dark",
};
const STEP_WORDS = {
  target: "Target",
  met: "First meeting",
  opportunity: "Opportunity",
  won: "Won",
} as const;
const STEP_COLORS = { target: "gray", met: "blue", opportunity: "orange", won: "green" } as const;

const percent = (bp: number | null) => (bp === null ? "—" : `${(bp / 100).toFixed(1)} %`);
const currentMembers = (l: TargetItem) => l.members.filter((m) => m.removedAt === null).length;

export function TargetsPage() {
  const { workspaceId } = listsRoute.useParams();
  const lists = useTargetLists(workspaceId);
  const name = useMemberNames(workspaceId);
  const membership = useMembership(workspaceId);
  const navigate = useNavigate();
  return (
    <Stack gap="lg">
      <Title order={1}>Target lists</Title>
      <Text c="dimmed">
        Accounts to win as new clients, chosen by industry, size, region and revenue; each list's funnel shows
        how far they got.
      </Text>
      {membership && (
        <QuickActions
          workspaceId={workspaceId}
          accountId={null}
          label="Target list actions"
          actions={[
            {
              label: "Create target list",
              aggregate: "target",
              type: "CreateTargetList",
              prefill: { ownerId: membership.memberId },
              openCreated: true,
            },
          ]}
          openRecord={(r) =>
            void navigate({ to: "/w/$workspaceId/targets/$listId", params: { workspaceId, listId: r.id } })
          }
        />
      )}
      <QueryState query={lists} label="target lists">
        {(items) =>
          items.length === 0 ? (
            <Text c="dimmed">No target list yet.</Text>
          ) : (
            <Table striped highlightOnHover aria-label="Target lists">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>List</Table.Th>
                  <Table.Th>Owner</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">Members</Table.Th>
                  <Table.Th>Goal</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td>
                      <AnchorLink to="/w/$workspaceId/targets/$listId" params={{ workspaceId, listId: l.id }}>
                        {l.name}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{name(l.ownerId)}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={STATUS_COLORS[l.status]}>
                        {humanize(l.status)}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">{currentMembers(l)}</Table.Td>
                    <Table.Td>{l.goal}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Stack>
  );
}

export function TargetListPage() {
  const { workspaceId, listId } = listRoute.useParams();
  const record = useRecord(workspaceId, "targets", listId);
  const funnel = useTargetFunnel(workspaceId, listId);
  const name = useMemberNames(workspaceId);
  return (
    <QueryState query={record} label="the target list">
      {(r) => {
        const list = r.state as unknown as TargetItem;
        return (
          <Stack gap="lg">
            <Group justify="space-between" align="end">
              <Stack gap={4}>
                <Text size="sm">
                  <AnchorLink to="/w/$workspaceId/targets" params={{ workspaceId }}>
                    Target lists
                  </AnchorLink>
                </Text>
                <Title order={1}>{list.name}</Title>
                <Group gap="xs">
                  <Badge variant="light" color={STATUS_COLORS[list.status]}>
                    {humanize(list.status)}
                  </Badge>
                  <Text size="sm">Owner: {name(list.ownerId)}</Text>
                  {list.goal && <Text size="sm">Goal: {list.goal}</Text>}
                </Group>
              </Stack>
            </Group>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Criteria criteria={list.criteria} />
              <AddMatching workspaceId={workspaceId} listId={listId} ownerId={list.ownerId} />
            </SimpleGrid>
            <ImportAccounts workspaceId={workspaceId} listId={listId} ownerId={list.ownerId} />
            <QueryState query={funnel} label="the list's funnel">
              {(f) => (
                <Stack gap="lg">
                  <FunnelCard funnel={f} />
                  <Members workspaceId={workspaceId} funnel={f} />
                </Stack>
              )}
            </QueryState>
            <CommandPanel
              workspaceId={workspaceId}
              aggregate="target"
              record={{ id: r.id, version: r.version, state: r.state as typeof r.state & { status: string } }}
            />
          </Stack>
        );
      }}
    </QueryState>
  );
}

function Criteria(props: { readonly criteria: TargetItem["criteria"] }) {
  const c = props.criteria;
  const range = (min: number | null | undefined, max: number | null | undefined) =>
    min == null && max == null
      ? "any"
      : min != null && max != null
        ? `${min.toLocaleString("en")}–${max.toLocaleString("en")}`
        : min != null
          ? `${min.toLocaleString("en")} or more`
          : `up to ${max!.toLocaleString("en")}`;
  const revenue = c.annualRevenue;
  return (
    <SectionCard title="Criteria" testId="target-criteria">
      <Table variant="vertical" aria-label="The list's criteria">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={160}>Industries</Table.Th>
            <Table.Td>{c.industries.length ? c.industries.join(", ") : "any"}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Employees</Table.Th>
            <Table.Td>{c.employees ? range(c.employees.min, c.employees.max) : "any"}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Annual revenue</Table.Th>
            <Table.Td>
              {revenue && (revenue.min || revenue.max) ? (
                <Group gap={4}>
                  {!revenue.min && (
                    <Text span inherit>
                      up to
                    </Text>
                  )}
                  {revenue.min && <MoneyText value={revenue.min} />}
                  {revenue.min && revenue.max && (
                    <Text span inherit>
                      to
                    </Text>
                  )}
                  {revenue.max && <MoneyText value={revenue.max} />}
                  {!revenue.max && (
                    <Text span inherit>
                      or more
                    </Text>
                  )}
                </Group>
              ) : (
                "any"
              )}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Regions</Table.Th>
            <Table.Td>{c.regions.length ? c.regions.join(", ") : "any"}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Tags</Table.Th>
            <Table.Td>{c.tags.length ? c.tags.join(", ") : "none"}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </SectionCard>
  );
}

function FunnelCard(props: { readonly funnel: TargetFunnel }) {
  const { steps } = props.funnel;
  const data = steps.map((s) => ({ step: STEP_WORDS[s.step], accounts: s.count }));
  return (
    <SectionCard title="Funnel" testId="target-funnel">
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {/* The chart's own root is a div, where aria-label is not allowed: the label is its frame's, as a figure. */}
        <Box role="img" aria-label="Accounts at each step of the funnel">
          <BarChart
            h={220}
            attributes={{ container: { height: 220 } }}
            data={data}
            dataKey="step"
            orientation="vertical"
            yAxisProps={{ width: 110 }}
            xAxisProps={{ allowDecimals: false }}
            series={[{ name: "accounts", label: "Accounts", color: "blue.6" }]}
          />
        </Box>
        <Table aria-label="The funnel's steps">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Step</Table.Th>
              <Table.Th ta="right">Accounts</Table.Th>
              <Table.Th ta="right">From the step before</Table.Th>
              <Table.Th ta="right">Average days</Table.Th>
              <Table.Th ta="right">Median days</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {steps.map((s) => (
              <Table.Tr key={s.step} data-step={s.step}>
                <Table.Td>{STEP_WORDS[s.step]}</Table.Td>
                <Table.Td ta="right">{s.count}</Table.Td>
                <Table.Td ta="right">{percent(s.conversionBasisPoints)}</Table.Td>
                <Table.Td ta="right">{s.averageDaysFromPrevious ?? "—"}</Table.Td>
                <Table.Td ta="right">{s.medianDaysFromPrevious ?? "—"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </SimpleGrid>
    </SectionCard>
  );
}

function Members(props: { readonly workspaceId: string; readonly funnel: TargetFunnel }) {
  const { workspaceId } = props;
  const members = [...props.funnel.members].sort(
    (a, b) => b.fit.score - a.fit.score || (a.name ?? "~").localeCompare(b.name ?? "~"),
  );
  return (
    <SectionCard title="Members" count={members.length} testId="target-members">
      {members.length === 0 ? (
        <Text c="dimmed">No account on the list yet: add them by hand or by the list's criteria.</Text>
      ) : (
        <Table striped aria-label="The list's members">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Account</Table.Th>
              <Table.Th>Step</Table.Th>
              <Table.Th>Fit</Table.Th>
              <Table.Th>Added</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.map((m) => (
              <Table.Tr key={m.accountId}>
                <Table.Td>
                  {m.name === null ? (
                    <Text span c="dimmed">
                      An account you may not read
                    </Text>
                  ) : (
                    <AnchorLink
                      to="/w/$workspaceId/accounts/$accountId"
                      params={{ workspaceId, accountId: m.accountId }}
                    >
                      {m.name}
                    </AnchorLink>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={STEP_COLORS[m.step]}>
                    {STEP_WORDS[m.step]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Tooltip
                    multiline
                    w={340}
                    withArrow
                    label={
                      <Stack gap={2}>
                        {m.fit.reasons.map((x) => (
                          <Text key={x.criterion} size="xs">
                            {x.matched ? "✓" : "✗"} {x.text}
                          </Text>
                        ))}
                      </Stack>
                    }
                  >
                    <Badge
                      component="button"
                      type="button"
                      variant={m.fit.fits ? "filled" : "light"}
                      color={m.fit.score >= 80 ? "green" : m.fit.score >= 50 ? "yellow" : "red"}
                      style={{ cursor: "help" }}
                      data-testid="fit-score"
                    >
                      {m.fit.score} / 100
                    </Badge>
                  </Tooltip>
                </Table.Td>
                <Table.Td>
                  {formatDate(m.addedAt.slice(0, 10))} ({humanize(m.source)})
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </SectionCard>
  );
}

/** Whether the signed-in member may add to the list (the domain's `can`); null while the member is read. */
function useMayWrite(workspaceId: string, ownerId: string) {
  const asker = useAsker(workspaceId, null);
  return asker
    ? can(
        asker.actor,
        "target.write",
        { kind: "target", ownerId: ownerId as MemberId },
        { reportsOf: asker.reportsOf },
      )
    : null;
}

/**
 * "Import accounts": names pasted one a line, or a CSV file (its column chosen from the header), matched by the
 * service by name or id; a preview first (what would be added, skipped, rejected and why), then the import.
 */
function ImportAccounts(props: {
  readonly workspaceId: string;
  readonly listId: string;
  readonly ownerId: string;
}) {
  const allowed = useMayWrite(props.workspaceId, props.ownerId);
  const send = useTargetImport(props.workspaceId, props.listId);
  const [source, setSource] = useState<ImportSource>({ kind: "lines", text: "" });
  const [fileName, setFileName] = useState<string | null>(null);
  const [result, setResult] = useState<TargetImportResult | null>(null);
  const run = (dryRun: boolean, from: ImportSource = source) => {
    const body = importRequest(from, dryRun);
    if (!body) return;
    send.mutate(body, {
      onSuccess: (done) => {
        setResult(done);
        if (!done.dryRun) notifications.show({ color: "green", message: `Import: ${outcomeWords(done)}` });
      },
      onError: (e) => {
        setResult(null);
        notifications.show({ color: "red", message: errorText(e) });
      },
    });
  };
  const change = (next: ImportSource) => {
    setSource(next);
    setResult(null);
  };
  const preview = result?.dryRun ? result : null;
  // Skipped and rejected rows, in the file's order.
  const notAdded = result
    ? [
        ...result.skips.map((o) => ({ ...o, what: "Skipped" })),
        ...result.rejections.map((o) => ({ ...o, what: "Rejected" })),
      ].sort((a, b) => a.row - b.row)
    : [];
  return (
    <SectionCard title="Import accounts" testId="target-import">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Accounts by name (accents, case and spacing aside) or id: paste them one a line, or pick a CSV file
          and the column that names them. Clients already are left off: a list hunts new customers. You see
          what would happen before anything is added.
        </Text>
        {allowed && !allowed.allowed ? (
          <Text size="sm">{allowed.refusal.message}</Text>
        ) : (
          <>
            {source.kind === "lines" ? (
              <Textarea
                label="Account names or ids, one a line"
                autosize
                minRows={3}
                maxRows={10}
                value={source.text}
                onChange={(e) => change({ kind: "lines", text: e.currentTarget.value })}
              />
            ) : (
              <Group gap="sm" align="end">
                <Text size="sm">File: {fileName}</Text>
                {result?.columns && (
                  <Select
                    label="Column naming the accounts"
                    data={result.columns}
                    value={source.column ?? result.column}
                    allowDeselect={false}
                    onChange={(column) => {
                      const next: ImportSource = { kind: "csv", text: source.text, column };
                      change(next);
                      run(true, next);
                    }}
                  />
                )}
                <Button
                  variant="subtle"
                  onClick={() => {
                    setFileName(null);
                    change({ kind: "lines", text: "" });
                  }}
                >
                  Type names instead
                </Button>
              </Group>
            )}
            <Group>
              <FileButton
                accept=".csv,text/csv,text/plain"
                onChange={async (file) => {
                  if (!file) return;
                  setFileName(file.name);
                  const next: ImportSource = { kind: "csv", text: await file.text(), column: null };
                  change(next);
                  run(true, next);
                }}
              >
                {(p) => (
                  <Button variant="default" {...p} disabled={!allowed}>
                    Choose a CSV file…
                  </Button>
                )}
              </FileButton>
              <Button
                variant="light"
                onClick={() => run(true)}
                loading={send.isPending && !preview}
                disabled={!allowed || importRequest(source, true) === null}
              >
                Preview
              </Button>
            </Group>
            {result && (
              <Stack gap="xs" data-testid="target-import-outcome">
                <Text fw={500}>{outcomeWords(result)}</Text>
                {result.adds.length > 0 && (
                  <Text size="sm">
                    {result.dryRun ? "To add" : "Added"}:{" "}
                    {result.adds
                      .slice(0, 10)
                      .map((a) => a.name)
                      .join(", ")}
                    {result.adds.length > 10 ? ` and ${result.adds.length - 10} more` : ""}
                  </Text>
                )}
                {notAdded.length > 0 && (
                  <Table withTableBorder striped fz="sm">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Row</Table.Th>
                        <Table.Th>Named</Table.Th>
                        <Table.Th>Outcome</Table.Th>
                        <Table.Th>Why</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {notAdded.map((o) => (
                        <Table.Tr key={`${o.what}-${o.row}`}>
                          <Table.Td>{o.row}</Table.Td>
                          <Table.Td>{o.account}</Table.Td>
                          <Table.Td>{o.what}</Table.Td>
                          <Table.Td>{o.reason}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
                {preview && preview.added > 0 && (
                  <Group>
                    <Button loading={send.isPending} onClick={() => run(false)}>
                      Import {preview.added} account{preview.added === 1 ? "" : "s"}
                    </Button>
                  </Group>
                )}
              </Stack>
            )}
          </>
        )}
      </Stack>
    </SectionCard>
  );
}

/** "Add matching accounts": asks the preview first (how many, which), then adds on confirmation. */
function AddMatching(props: {
  readonly workspaceId: string;
  readonly listId: string;
  readonly ownerId: string;
}) {
  const { workspaceId, listId } = props;
  const [asked, setAsked] = useState(false);
  const preview = useMatchingPreview(workspaceId, listId, asked);
  const add = useAddMatching(workspaceId, listId);
  const allowed = useMayWrite(workspaceId, props.ownerId);
  return (
    <SectionCard title="Add matching accounts" testId="target-add-matching">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Prospects and former clients that meet every criterion and are not on the list yet.
        </Text>
        {allowed && !allowed.allowed ? (
          <Text size="sm">{allowed.refusal.message}</Text>
        ) : !asked ? (
          <Group>
            <Button variant="light" onClick={() => setAsked(true)} disabled={!allowed}>
              Add matching accounts
            </Button>
          </Group>
        ) : (
          <QueryState query={preview} label="the matching accounts">
            {(p) =>
              p.matched.length === 0 ? (
                <Alert color="gray">No account matches the criteria that is not on the list already.</Alert>
              ) : (
                <Stack gap="xs">
                  <Text fw={500}>
                    {p.matched.length} account{p.matched.length === 1 ? "" : "s"} match
                    {p.matched.length === 1 ? "es" : ""}:
                  </Text>
                  <List size="sm">
                    {p.matched.slice(0, 10).map((m) => (
                      <List.Item key={m.accountId}>{m.name}</List.Item>
                    ))}
                    {p.matched.length > 10 && <List.Item>and {p.matched.length - 10} more</List.Item>}
                  </List>
                  <Group>
                    <Button
                      loading={add.isPending}
                      onClick={() =>
                        add.mutate(undefined, {
                          onSuccess: (done) => {
                            notifications.show({
                              color: "green",
                              message: `Added ${done.added} account${done.added === 1 ? "" : "s"} to the list.`,
                            });
                            setAsked(false);
                          },
                          onError: (e) => notifications.show({ color: "red", message: errorText(e) }),
                        })
                      }
                    >
                      Add {p.matched.length} account{p.matched.length === 1 ? "" : "s"}
                    </Button>
                    <Button variant="subtle" onClick={() => setAsked(false)}>
                      Cancel
                    </Button>
                  </Group>
                </Stack>
              )
            }
          </QueryState>
        )}
      </Stack>
    </SectionCard>
  );
}
