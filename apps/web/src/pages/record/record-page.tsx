// Any record on one page: what it holds (read from its entity's fields), the commands its state accepts, and its
// history. Deals, tasks, escalations, briefs, invoices, contacts, quotas… all open here; a deal also says
// what its next stage asks for (deal-next-stage.tsx).
import {
  type AggregateType,
  type Escalation,
  invoiceTotal,
  isMasked,
  isSlaBreached,
  type Timestamp,
} from "@accountable/domain";
import { Badge, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { Fragment, type ReactNode } from "react";
import { aggregateOfCollection, useRecord, useRecordHistory } from "../../api/records.ts";
import { useMemberNames, useWorkspace } from "../../api/workspace.ts";
import { AGGREGATE_UI, type Collection } from "../../commands/aggregates.ts";
import { CommandPanel, useAsker } from "../../commands/command-panel.tsx";
import { dealQuickActions, QuickActions, readOnlyWhy } from "../../commands/quick-actions.tsx";
import { offeredCommands, permissionFor } from "../../commands/record-commands.ts";
import { ChainLinks, useBriefs } from "../../ui/chain-links.tsx";
import { formatDate, formatDateTime, formatMoment, humanize, NOT_YET } from "../../ui/format.ts";
import { MoneyText } from "../../ui/money-text.tsx";
import { NotFound } from "../../ui/not-found.tsx";
import { QueryState } from "../../ui/query-state.tsx";
import { RecordRef, referencedAggregate, referencedListAggregate } from "../../ui/record-ref.tsx";
import { SectionCard } from "../../ui/section-card.tsx";
import { statusColor } from "../../ui/status-colors.ts";
import { dealCommandFacts } from "./deal-commands.ts";
import { DealNextStage } from "./deal-next-stage.tsx";
import { DealTimeline } from "./deal-timeline.tsx";

const route = getRouteApi("/w/$workspaceId/records/$collection/$id");

export function RecordPage() {
  const { workspaceId, collection, id } = route.useParams();
  const aggregate = aggregateOfCollection(collection);
  if (!aggregate) return <NotFound />;
  return (
    <RecordView
      workspaceId={workspaceId}
      aggregate={aggregate}
      collection={collection as Collection}
      id={id}
    />
  );
}

const isMoney = (v: unknown): v is { amount: number; currency: string } =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as { amount?: unknown }).amount === "number" &&
  typeof (v as { currency?: unknown }).currency === "string" &&
  Object.keys(v).length === 2;

/** Fields that hold one word of a fixed list (a status, a type, a category): shown as words, "Not renewed". */
const WORD_FIELDS = /^(status|kind|type|severity|sentiment|forecastCategory|category|role|priority|channel)$/;

/**
 * A value of the record in words: money, days, moments, members' names, links to accounts, percentages, the
 * words of a fixed list, and what `words` says of a field (a deal's pipeline and stage by their labels).
 */
export function ValueText(props: {
  readonly name: string;
  readonly value: unknown;
  readonly workspaceId: string;
  readonly memberName: (id: string) => string;
  readonly words?: ((name: string, value: unknown) => ReactNode | undefined) | undefined;
}): ReactNode {
  const { name, value, workspaceId, memberName } = props;
  const said = props.words?.(name, value);
  if (said !== undefined) return said;
  if (value === null || value === undefined || value === "")
    return (
      <Text span c="dimmed">
        —
      </Text>
    );
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (isMoney(value) || isMasked(value)) return <MoneyText value={value} />;
  if (typeof value === "string") {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return formatMoment(value);
    const referenced = referencedAggregate(name);
    if (referenced) return <RecordRef workspaceId={workspaceId} aggregate={referenced} id={value} />;
    if (/(owner|assignee|author|planner|member|approver|supervisor)Id$|^reportsTo$|^memberId$/.test(name))
      return memberName(value);
    if (WORD_FIELDS.test(name)) return humanize(value);
    return value;
  }
  if (typeof value === "number") return /(probability|Percent)$/.test(name) ? `${value} %` : String(value);
  if (Array.isArray(value)) {
    if (value.length === 0)
      return (
        <Text span c="dimmed">
          none
        </Text>
      );
    if (value.every((v) => typeof v === "string")) {
      const referenced = referencedListAggregate(name);
      if (referenced)
        return value.map((id, i) => (
          <Fragment key={id}>
            {i > 0 && ", "}
            <RecordRef workspaceId={workspaceId} aggregate={referenced} id={id} />
          </Fragment>
        ));
      if (/(owner|assignee|member|attendee|supervisor)Ids$|^escalatedTo$/.test(name))
        return value.map((v) => memberName(v)).join(", ");
      return value.map((v) => humanize(v)).join(", ");
    }
    if (value.every((v) => isPlainObject(v))) return <ObjectTable {...props} rows={value} />;
    return value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ");
  }
  if (isPlainObject(value))
    return (
      <Stack gap={2}>
        {Object.entries(value).map(([k, v]) => (
          <Text key={k} size="sm">
            <Text span c="dimmed">
              {fieldLabel(k)}:
            </Text>{" "}
            <ValueText
              name={k}
              value={v}
              workspaceId={workspaceId}
              memberName={memberName}
              words={props.words}
            />
          </Text>
        ))}
      </Stack>
    );
  return String(value);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Fields whose name says it badly: the id a record had in the system it was imported from (it ends in Id but holds
 * no reference), and an escalation's SLA deadline (it read "Sla due at").
 */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  sourceId: "Id in source",
  source: "Imported from",
  slaDueAt: "SLA due",
};

/** `plannedCost` → "Planned cost", `accountId` → "Account", `sourceId` → "Id in source", `slaDueAt` → "SLA due". */
export const fieldLabel = (k: string): string =>
  FIELD_LABELS[k] ??
  humanize(
    k
      .replace(/Ids$/, "s")
      .replace(/Id$/, "")
      .replace(/([a-z])([A-Z])/g, "$1 $2")
      .toLowerCase(),
  );

// Headers and figures (an amount, a quantity) stay whole; ids and words may wrap anywhere ("Qua ntity" and
// "€22,6 19.04" read as two things).
const whole = { whiteSpace: "nowrap", overflowWrap: "normal" } as const;
// A line's tower and milestone read as their names ("Network" split as "Netw ork"): wrapped between words only.
const NAMED = new Set(["towerId", "milestoneId"]);
const byWords = { overflowWrap: "normal" } as const;
const isFigure = (v: unknown): boolean =>
  typeof v === "number" || isMasked(v) || (typeof v === "object" && v !== null && "amount" in v);

/** A list of objects (invoice lines, action items, towers…) as a small table, one column per field. */
function ObjectTable(props: {
  readonly name: string;
  readonly rows: readonly Record<string, unknown>[];
  readonly workspaceId: string;
  readonly memberName: (id: string) => string;
  readonly words?: ((name: string, value: unknown) => ReactNode | undefined) | undefined;
}) {
  // A column no row fills (an invoice line's period, tower and milestone, all "—") is left out: at 1366 px the
  // invoice's Lines table was cut at its sixth column. What stays wraps inside the details card.
  const filled = (v: unknown) =>
    v !== null && v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0);
  const columns = [...new Set(props.rows.flatMap((r) => Object.keys(r)))].filter((c) =>
    props.rows.some((r) => filled(r[c])),
  );
  return (
    <Table
      aria-label={fieldLabel(props.name)}
      withTableBorder
      fz="sm"
      horizontalSpacing="xs"
      style={{ tableLayout: "auto", overflowWrap: "anywhere" }}
    >
      <Table.Thead>
        <Table.Tr>
          {columns.map((c) => (
            <Table.Th key={c} style={whole}>
              {fieldLabel(c)}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.rows.map((r, i) => (
          <Table.Tr key={i}>
            {columns.map((c) => (
              <Table.Td key={c} style={isFigure(r[c]) ? whole : NAMED.has(c) ? byWords : undefined}>
                <ValueText
                  name={c}
                  value={r[c]}
                  workspaceId={props.workspaceId}
                  memberName={props.memberName}
                  words={props.words}
                />
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Figures a person expects beside the record's own fields: an invoice's total (masked when its lines are). */
function derivedFields(aggregate: AggregateType, state: Record<string, unknown>): [string, unknown][] {
  if (aggregate !== "invoice") return [];
  const lines = (state.lines ?? []) as readonly { readonly unitPrice: unknown }[];
  const masked = lines.map((l) => l.unitPrice).find((p) => isMasked(p));
  if (masked) return [["total", masked]];
  return [["total", invoiceTotal(state as unknown as Parameters<typeof invoiceTotal>[0])]];
}

function RecordView(props: {
  readonly workspaceId: string;
  readonly aggregate: AggregateType;
  readonly collection: Collection;
  readonly id: string;
}) {
  const { workspaceId, aggregate, collection, id } = props;
  const record = useRecord(workspaceId, collection, id);
  const history = useRecordHistory(workspaceId, collection, id);
  const memberName = useMemberNames(workspaceId);
  const pipelines = useWorkspace(workspaceId).data?.state.settings.pipelines;
  // The briefs a deal comes from (the chain card reads the same query): whether one can seed its amount.
  const briefs = useBriefs(workspaceId, aggregate === "opportunity" ? { opportunityId: id } : null);
  const ui = AGGREGATE_UI[aggregate];
  const holderAccountId = record.data
    ? (AGGREGATE_UI[aggregate].holders as (s: unknown) => { accountId: string | null })(record.data.state)
        .accountId
    : null;
  const asker = useAsker(workspaceId, holderAccountId);
  // An invoice's lines name their contract's towers and milestones by id: the contract says their names.
  const invoiceContractId =
    aggregate === "invoice" && typeof record.data?.state.contractId === "string"
      ? record.data.state.contractId
      : null;
  const invoiceContract = useRecord(
    workspaceId,
    "contracts",
    invoiceContractId ?? "",
    invoiceContractId !== null,
  ).data?.state as
    | {
        readonly towers?: readonly { readonly id: string; readonly name: string }[];
        readonly milestones?: readonly { readonly id: string; readonly title: string }[];
      }
    | undefined;
  return (
    <QueryState query={record} label={`the ${ui.noun}`}>
      {(r) => {
        const state = r.state as Record<string, unknown> & { status: string };
        // A deal's pipeline and stage by their labels ("New business", "Negotiation"), not their ids.
        const words = (name: string, value: unknown): string | undefined => {
          if (typeof value !== "string" || !pipelines) return undefined;
          if (name === "pipelineId") return pipelines.find((p) => p.id === value)?.name;
          if (name === "stageId" || name === "fromStageId" || name === "toStageId") {
            const pipeline = pipelines.find((p) => p.id === state.pipelineId);
            const stages = pipeline ? pipeline.stages : pipelines.flatMap((p) => p.stages);
            return stages.find((st) => st.id === value)?.label;
          }
          return undefined;
        };
        const title = (ui.title as (s: unknown) => string)(state);
        const quick =
          aggregate === "opportunity" && typeof state.accountId === "string"
            ? dealQuickActions(state.accountId, r.id)
            : [];
        // A member who may change nothing here (a viewer) is told why once, not by every card that offers a change.
        const readOnly = asker
          ? readOnlyWhy(ui.noun, [
              ...offeredCommands(aggregate, state, asker),
              ...quick.map((a) => permissionFor(a.aggregate, a.type, null, asker)),
            ])
          : undefined;
        // An escalation past its SLA says so, as its list does (the domain's isSlaBreached); its owner, once
        // escalated, is the supervisor it was escalated to: named once, not as "Owner" and again as "Escalated to".
        const escalation =
          aggregate === "escalation"
            ? (state as unknown as Pick<Escalation, "status" | "slaDueAt" | "ownerId" | "escalatedTo">)
            : null;
        const breached =
          escalation !== null && isSlaBreached(escalation, new Date().toISOString() as Timestamp);
        const escalatedToOwner = escalation?.escalatedTo.includes(escalation.ownerId) === true;
        const escalatedToOthers =
          escalation === null ? [] : escalation.escalatedTo.filter((m) => m !== escalation.ownerId);
        const wordsOf = (name: string, value: unknown): ReactNode | undefined => {
          if (escalation !== null) {
            if (name === "ownerId" && escalatedToOwner)
              return `${memberName(escalation.ownerId)}, to whom it was escalated`;
            if (name === "escalatedTo" && escalatedToOwner)
              return escalatedToOthers.map((m) => memberName(m)).join(", ");
            if (name === "slaDueAt" && breached && typeof value === "string")
              return (
                <Group gap={6} component="span" wrap="nowrap">
                  {formatMoment(value)}
                  <Badge color="red" variant="light" data-testid="sla-overdue">
                    Overdue
                  </Badge>
                </Group>
              );
          }
          if (aggregate === "invoice" && typeof value === "string") {
            if (name === "towerId")
              return invoiceContract?.towers?.find((t) => t.id === value)?.name ?? "a tower of its contract";
            if (name === "milestoneId")
              return (
                invoiceContract?.milestones?.find((m) => m.id === value)?.title ??
                "a milestone of its contract"
              );
          }
          return words(name, value);
        };
        // An empty list of references (a deal's stakeholders, none yet) is left out: "Stakeholders: none" says
        // nothing the page's commands do not.
        const shown = [
          ...Object.entries(state).filter(
            ([k, v]) =>
              k !== "id" &&
              k !== "status" &&
              !(Array.isArray(v) && v.length === 0 && referencedListAggregate(k) !== undefined) &&
              // Escalated only to its owner: the owner's row says so.
              !(k === "escalatedTo" && escalatedToOwner && escalatedToOthers.length === 0),
          ),
          ...derivedFields(aggregate, state),
        ];
        return (
          <Stack gap="lg">
            <Stack gap={4}>
              <Text size="sm" c="dimmed" tt="capitalize">
                {ui.noun}
              </Text>
              <Group gap="sm">
                <Title order={1}>{title}</Title>
                <Badge
                  size="lg"
                  variant="light"
                  color={statusColor(state.status)}
                  data-testid="record-status"
                >
                  {humanize(state.status)}
                </Badge>
                {breached && (
                  <Badge size="lg" variant="filled" color="red" data-testid="record-overdue">
                    Past its SLA
                  </Badge>
                )}
              </Group>
              {aggregate === "opportunity" && (
                // What the deal is, above the fold (it was only under Details, below the commands and timeline).
                <Group gap="lg" role="group" aria-label="The deal in brief" data-testid="deal-summary">
                  {(
                    [
                      ["stageId", "Stage"],
                      ["amount", "Amount"],
                      ["closeDate", "Closes"],
                      ["ownerId", "Owner"],
                      ["accountId", "Account"],
                    ] as const
                  ).map(([k, label]) => (
                    <Text size="sm" key={k} data-testid={`deal-summary-${k}`}>
                      <Text span c="dimmed">
                        {label}{" "}
                      </Text>
                      <Text span fw={600}>
                        {(k === "amount" || k === "closeDate") &&
                        (state[k] === null || state[k] === undefined) ? (
                          NOT_YET[k]
                        ) : (
                          <ValueText
                            name={k}
                            value={state[k]}
                            workspaceId={workspaceId}
                            memberName={memberName}
                            words={wordsOf}
                          />
                        )}
                      </Text>
                    </Text>
                  ))}
                </Group>
              )}
              {readOnly && (
                <Text size="sm" c="dimmed" data-testid="record-read-only">
                  {readOnly}
                </Text>
              )}
            </Stack>
            {aggregate === "opportunity" && typeof state.accountId === "string" && (
              <QuickActions
                workspaceId={workspaceId}
                accountId={state.accountId}
                actions={quick}
                label="Log on this deal"
                quiet={readOnly !== undefined}
              />
            )}
            {aggregate === "opportunity" && (
              <DealNextStage
                workspaceId={workspaceId}
                record={{ ...r, state }}
                quiet={readOnly !== undefined}
              />
            )}
            <CommandPanel
              workspaceId={workspaceId}
              aggregate={aggregate}
              record={{ id: r.id, version: r.version, state }}
              {...(aggregate === "opportunity" ? dealCommandFacts(state, briefs.data) : {})}
              quiet={readOnly !== undefined}
            />
            {aggregate === "opportunity" && (
              <ChainLinks
                workspaceId={workspaceId}
                contractId={(state.contractId as string | null | undefined) ?? null}
                briefsBy={{ opportunityId: r.id }}
              />
            )}
            {aggregate === "brief" && (
              <ChainLinks
                workspaceId={workspaceId}
                opportunityId={(state.opportunityId as string | null | undefined) ?? null}
                contractId={(state.contractId as string | null | undefined) ?? null}
                briefsBy={null}
              />
            )}
            {aggregate === "opportunity" && typeof state.accountId === "string" && (
              <DealTimeline
                workspaceId={workspaceId}
                dealId={r.id}
                accountId={state.accountId}
                memberName={memberName}
              />
            )}
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
              <SectionCard title="Details">
                <Table aria-label="Details" variant="vertical" withTableBorder={false}>
                  <Table.Tbody>
                    {shown.map(([k, v]) => (
                      <Table.Tr key={k}>
                        <Table.Th w={180} style={{ whiteSpace: "nowrap" }}>
                          {fieldLabel(k)}
                        </Table.Th>
                        <Table.Td>
                          <ValueText
                            name={k}
                            value={v}
                            workspaceId={workspaceId}
                            memberName={memberName}
                            words={wordsOf}
                          />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </SectionCard>
              <SectionCard title="History" count={history.data?.length}>
                <QueryState query={history} label="the history">
                  {(items) => (
                    <Stack gap={6}>
                      {[...items].reverse().map((e) => (
                        <Text key={e.version} size="sm">
                          <Text span fw={500}>
                            {humanize(e.type.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase())}
                          </Text>{" "}
                          <Text span c="dimmed">
                            {formatDateTime(e.at)} by {memberName(e.actorId)}
                            {e.reason ? ` — ${e.reason}` : ""}
                          </Text>
                        </Text>
                      ))}
                    </Stack>
                  )}
                </QueryState>
              </SectionCard>
            </SimpleGrid>
          </Stack>
        );
      }}
    </QueryState>
  );
}
