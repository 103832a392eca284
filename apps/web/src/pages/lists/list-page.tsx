// One page for every list (contracts, tasks, invoices, escalations, briefs, quotas, members, deals): presets, filters
// and the sort live in the address (bookmark it, share it), rows link to their records, more rows load by the
// API's cursor, and "Export CSV" downloads every row the filters select from the API (GET …/{list}.csv, the CSV
// `accountable export` writes, streamed by the server).

import { isMasked, type MemberId, type Role, reportsOf, type Timestamp } from "@accountable/domain";
import {
  Badge,
  Button,
  Group,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { getRouteApi, Navigate, useNavigate } from "@tanstack/react-router";
import { api, unwrap } from "../../api/client.ts";
import { useMembership } from "../../api/session.ts";
import { dayFromToday } from "../../api/today.ts";
import { useMemberNames, useMembers } from "../../api/workspace.ts";
import { dateInWords, formatDate, formatMoment, humanize } from "../../ui/format.ts";
import { AnchorLink, RecordLink } from "../../ui/links.tsx";
import { MoneyText, type MoneyValue } from "../../ui/money-text.tsx";
import { NotFound } from "../../ui/not-found.tsx";
import { RecordRef, referencedAggregate } from "../../ui/record-ref.tsx";
import {
  exportHref,
  firstReadableList,
  isListName,
  LIST_NAMES,
  LIST_VIEWS,
  type ListView,
  listPhases,
  listRefusal,
  listsFor,
  viewParams,
} from "./list-views.ts";
import { SavedViews } from "./saved-views.tsx";

const route = getRouteApi("/w/$workspaceId/lists/$list");
const PAGE = 100;

type Row = Readonly<Record<string, unknown>> & { readonly id: string };
interface Page {
  readonly items: readonly Row[];
  readonly nextCursor: string | null;
}

type ListPath = "/api/workspaces/{workspaceId}/tasks";
type ListInit = {
  readonly params: {
    readonly path: { readonly workspaceId: string };
    readonly query: Record<string, string | number>;
  };
};
const listTasks = (init: ListInit) => api.GET("/api/workspaces/{workspaceId}/tasks", init);
// Every list route has the same shape (generated from one table in the API): the tasks' stands for all here.
const getList = api.GET as (path: ListPath, init: ListInit) => ReturnType<typeof listTasks>;

/** One page of a list with the address's filters (the API reads "a,b" as either). */
export async function fetchPage(
  workspaceId: string,
  view: ListView,
  params: Record<string, string>,
  cursor: string | undefined,
  limit = PAGE,
): Promise<Page> {
  const path = `/api/workspaces/{workspaceId}/${view.collection}` as ListPath;
  const page = await unwrap(
    getList(path, {
      params: { path: { workspaceId }, query: { ...params, limit, ...(cursor ? { cursor } : {}) } },
    }),
  );
  return { items: page.items.map((i) => ({ ...i })), nextCursor: page.nextCursor };
}

/** Where the next page comes from: which phase of `listPhases`, and the API's cursor within it. */
interface PhaseCursor {
  readonly phase: number;
  readonly cursor?: string;
}

/** One page of a view, phase after phase (an exhausted phase moves on to the next one in the same call). */
async function fetchPhasedPage(
  workspaceId: string,
  view: ListView,
  phases: readonly Record<string, string>[],
  at: PhaseCursor,
): Promise<{ items: Row[]; next: PhaseCursor | null }> {
  let { phase, cursor } = at;
  const items: Row[] = [];
  while (phase < phases.length) {
    const page = await fetchPage(workspaceId, view, phases[phase]!, cursor, PAGE - items.length);
    items.push(...page.items);
    if (page.nextCursor) return { items, next: { phase, cursor: page.nextCursor } };
    phase += 1;
    cursor = undefined;
    if (items.length >= PAGE) break;
  }
  return { items, next: phase < phases.length ? { phase } : null };
}

const indexRoute = getRouteApi("/w/$workspaceId/lists");

/** "Lists" in the navigation: the first list the member's role may read, once their role is known. */
export function ListsIndex() {
  const { workspaceId } = indexRoute.useParams();
  const membership = useMembership(workspaceId);
  if (!membership) return null;
  const list = firstReadableList({
    role: membership.role as Role,
    memberId: membership.memberId as MemberId,
  });
  return <Navigate to="/w/$workspaceId/lists/$list" params={{ workspaceId, list }} replace />;
}

export function ListPage() {
  const { workspaceId, list } = route.useParams();
  const search = route.useSearch();
  if (!isListName(list)) return <NotFound />;
  return <ListView_ key={list} workspaceId={workspaceId} list={list} search={search} />;
}

function ListView_(props: {
  readonly workspaceId: string;
  readonly list: keyof typeof LIST_VIEWS;
  readonly search: Readonly<Record<string, string>>;
}) {
  const { workspaceId, list } = props;
  const view: ListView = LIST_VIEWS[list];
  const params = viewParams(view, props.search);
  // The sort the page says it uses is the one asked of the API, also when the address names none.
  const asked = { sort: view.defaultSort.sort, order: view.defaultSort.order, ...params };
  const navigate = useNavigate();
  const membership = useMembership(workspaceId);
  const members = useMembers(workspaceId).data ?? [];
  const memberName = useMemberNames(workspaceId);

  const phases = listPhases(view, asked);
  const query = useInfiniteQuery({
    queryKey: [view.collection, workspaceId, "list-page", asked],
    queryFn: ({ pageParam }) => fetchPhasedPage(workspaceId, view, phases, pageParam),
    initialPageParam: { phase: 0 } as PhaseCursor,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const ordered = (query.data?.pages ?? []).flatMap((p) => p.items);
  const now = new Date().toISOString() as Timestamp;
  // A list the member's role sees nothing of says so (a viewer and invoices), not that the filters match nothing.
  const refused = membership
    ? listRefusal(view.collection, {
        role: membership.role as Role,
        memberId: membership.memberId as MemberId,
      })
    : null;

  const lists = membership
    ? listsFor({ role: membership.role as Role, memberId: membership.memberId as MemberId })
    : undefined;

  const setParams = (next: Record<string, string>) =>
    void navigate({
      to: "/w/$workspaceId/lists/$list",
      params: { workspaceId, list },
      search: Object.fromEntries(Object.entries(next).filter(([, v]) => v !== "")),
    });
  const setOne = (param: string, value: string) => setParams({ ...params, [param]: value });

  const memberId = membership?.memberId ?? "";
  const team = membership
    ? [
        ...reportsOf(
          members.map((m) => ({ id: m.id as MemberId, reportsTo: m.reportsTo as MemberId | null })),
          memberId as MemberId,
        ),
      ]
    : [];
  const memberChoices = members.map((m) => ({ value: m.id, label: m.name }));

  // The export is the server's, streamed: every row the address's filters and sort select, with the CLI's columns,
  // money masked as on the page — in the page's order (open tasks first, then the rest: see exportHref).
  const exportUrl = exportHref(workspaceId, view, asked);

  const cell = (row: Row, field: string, value?: (row: Row) => unknown) => {
    const v = value ? value(row) : row[field];
    if (v === null || v === undefined || v === "") return "—";
    if (isMasked(v) || (typeof v === "object" && v !== null && "amount" in v && "currency" in v))
      return <MoneyText value={v as MoneyValue} />;
    if (typeof v === "boolean") return v ? "Yes" : "No";
    if (typeof v !== "string") return String(v);
    if (/(owner|assignee|planner|member)Id$|^reportsTo$|^memberId$/.test(field)) return memberName(v);
    const referenced = referencedAggregate(field);
    if (referenced) return <RecordRef workspaceId={workspaceId} aggregate={referenced} id={v} />;
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(v);
    if (/^\d{4}-\d{2}-\d{2}T/.test(v)) return formatMoment(v);
    if (["status", "severity", "role", "stageId"].includes(field)) return humanize(v);
    return v;
  };
  const title = (row: Row, field: string) => {
    const text = cell(row, field);
    const label = text === "—" && view.collection === "invoices" ? "Draft" : text;
    if (view.collection === "contracts")
      return (
        <AnchorLink to="/w/$workspaceId/contracts/$contractId" params={{ workspaceId, contractId: row.id }}>
          {label}
        </AnchorLink>
      );
    return (
      <RecordLink workspaceId={workspaceId} collection={view.collection} id={row.id}>
        {label}
      </RecordLink>
    );
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="end">
        <Stack gap={2}>
          <Title order={1}>{view.title}</Title>
          <Text c="dimmed">{view.description}</Text>
        </Stack>
        {refused ? (
          // Nothing of the list may be shown to this role: no file of a lone header line, but why (said below).
          <Button variant="default" disabled aria-describedby="list-refused" data-testid="export-refused">
            Export CSV
          </Button>
        ) : (
          <Button component="a" variant="default" href={exportUrl} download={`${view.collection}.csv`}>
            Export CSV
          </Button>
        )}
      </Group>
      {/* Only the lists the member's role may open are offered; the others are said once, with why. */}
      <Group gap="xs" role="group" aria-label="Lists">
        {(lists?.open ?? LIST_NAMES).map((n) => (
          <AnchorLink
            key={n}
            to="/w/$workspaceId/lists/$list"
            params={{ workspaceId, list: n }}
            fw={n === list ? 700 : 400}
          >
            {LIST_VIEWS[n].title}
          </AnchorLink>
        ))}
      </Group>
      {lists?.closed && (
        <Text size="xs" c="dimmed" mt={-8} data-testid="lists-closed">
          {lists.closed}
        </Text>
      )}
      <Group gap="xs" role="group" aria-label="Views">
        <Button
          size="xs"
          variant={Object.keys(params).length === 0 ? "filled" : "light"}
          onClick={() => setParams({})}
        >
          All
        </Button>
        {view.presets.map((p) => {
          const values = p.values({ memberId, team, today: dayFromToday(0) });
          const active = Object.entries(values).every(([k, v]) => params[k] === v);
          return (
            <Button
              key={p.label}
              size="xs"
              variant={active ? "filled" : "light"}
              onClick={() => setParams({ ...values, ...(params.sort ? { sort: params.sort } : {}) })}
            >
              {humanize(p.label)}
            </Button>
          );
        })}
      </Group>
      <SavedViews workspaceId={workspaceId} list={list} params={params} open={setParams} />
      <Group gap="sm" align="end">
        {view.filters.map((f) => {
          const value = params[f.param] ?? "";
          switch (f.kind) {
            case "enum":
              return (
                <MultiSelect
                  key={f.param}
                  label={f.label}
                  w={260}
                  data={f.options.map((o) => ({ value: o, label: humanize(o) }))}
                  value={value ? value.split(",") : []}
                  onChange={(v) => setOne(f.param, v.join(","))}
                  // An empty filter takes every value: it says so rather than stand blank.
                  placeholder={value ? undefined : "Any"}
                  clearable
                />
              );
            case "member":
              return (
                <Select
                  key={f.param}
                  label={f.label}
                  w={220}
                  searchable
                  clearable
                  data={memberChoices}
                  value={value.includes(",") ? null : value || null}
                  placeholder={value.includes(",") ? `${value.split(",").length} people` : "Any"}
                  onChange={(v) => setOne(f.param, v ?? "")}
                />
              );
            case "date":
              return (
                <TextInput
                  key={f.param}
                  label={f.label}
                  // The browser draws the field in its own locale ("mm/dd/yyyy"): the date chosen is said as
                  // the page says dates.
                  description={dateInWords(value)}
                  type="date"
                  w={170}
                  value={value}
                  onChange={(e) => setOne(f.param, e.currentTarget.value)}
                />
              );
            default:
              return (
                <Select
                  key={f.param}
                  label={f.label}
                  w={160}
                  clearable
                  placeholder="Any"
                  data={[
                    { value: "true", label: "Yes" },
                    { value: "false", label: "No" },
                  ]}
                  value={value || null}
                  onChange={(v) => setOne(f.param, v ?? "")}
                />
              );
          }
        })}
        <Select
          label="Sort by"
          w={170}
          data={view.sorts.map((s) => ({
            value: s,
            // A sort on a shown column reads as its header ("SLA due", "Due"); the others in words.
            label:
              view.columns.find((c) => c.field === s)?.header ??
              humanize(s.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()),
          }))}
          value={params.sort ?? view.defaultSort.sort}
          allowDeselect={false}
          onChange={(v) => setOne("sort", v ?? "")}
        />
        <Select
          label="Order"
          w={130}
          data={[
            { value: "asc", label: "Ascending" },
            { value: "desc", label: "Descending" },
          ]}
          value={params.order ?? view.defaultSort.order}
          allowDeselect={false}
          onChange={(v) => setOne("order", v ?? "")}
        />
      </Group>
      {query.isError ? (
        <Text c="red" role="alert">
          {query.error.message}
        </Text>
      ) : query.isPending ? (
        <Text c="dimmed">Loading…</Text>
      ) : refused ? (
        <Text c="dimmed" data-testid="list-empty" id="list-refused">
          {refused} Nothing to show or export.
        </Text>
      ) : ordered.length === 0 ? (
        <Text c="dimmed" data-testid="list-empty">
          Nothing matches these filters.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover aria-label={view.title} data-testid="list-table">
            <Table.Thead>
              <Table.Tr>
                {view.columns.map((c) => (
                  <Table.Th key={c.field} ta={c.align}>
                    {c.header}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ordered.map((row) => (
                <Table.Tr key={row.id} data-row-id={row.id}>
                  {view.columns.map((c, i) => (
                    <Table.Td key={c.field} ta={c.align}>
                      {i === 0 ? (
                        title(row, c.field)
                      ) : c.field === "status" ? (
                        <Badge variant="light">{cell(row, c.field, c.value)}</Badge>
                      ) : c.overdue?.(row, now) ? (
                        <Group gap={6} wrap="nowrap">
                          {cell(row, c.field, c.value)}
                          <Badge color="red" variant="light">
                            {c.lateLabel ?? "Overdue"}
                          </Badge>
                        </Group>
                      ) : (
                        cell(row, c.field, c.value)
                      )}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {query.hasNextPage && ordered.length > 0 && (
        <Button variant="light" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          Show more
        </Button>
      )}
    </Stack>
  );
}
