// The account page's cards: health and its factors, the P&L, the stakeholder map and the timeline.
import type { Schemas } from "@accountable/client";
import { isMasked, type Masked } from "@accountable/domain";
import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  RingProgress,
  Spoiler,
  Stack,
  Table,
  Text,
  Timeline,
} from "@mantine/core";
import { useState } from "react";
import { formatDateTime, humanize } from "../../ui/format.ts";
import { MoneyText } from "../../ui/money-text.tsx";
import { SectionCard } from "../../ui/section-card.tsx";

type Overview = Schemas["Account360View"];
type Contact = Schemas["Contact"];

const BAND_COLORS: Record<Schemas["AccountHealthView"]["band"], string> = {
  healthy: "green",
  at_risk: "orange",
  critical: "red",
};

/** What a band means, from the workspace's thresholds: an 87 reads "at risk" beside its ring only with this said. */
export function bandWords(
  band: Schemas["AccountHealthView"]["band"],
  bands: { readonly healthy: number; readonly atRisk: number },
): string {
  return band === "healthy"
    ? `healthy is ${bands.healthy} and above`
    : band === "at_risk"
      ? `at risk is ${bands.atRisk} to ${bands.healthy - 1}; healthy from ${bands.healthy}`
      : `critical is below ${bands.atRisk}; at risk from ${bands.atRisk}`;
}

export function HealthCard(props: {
  readonly health: Overview["health"] | undefined;
  /** The workspace's health bands (settings), to say where the score stands. */
  readonly bands?: { readonly healthy: number; readonly atRisk: number } | undefined;
}) {
  const { health, bands } = props;
  return (
    <SectionCard title="Health" testId="account-health">
      {!health ? (
        <Text c="dimmed">No health figure.</Text>
      ) : !health.ok ? (
        <Alert color="orange">{health.error.message}</Alert>
      ) : (
        <Group align="flex-start" wrap="nowrap" gap="lg">
          <RingProgress
            size={110}
            thickness={10}
            roundCaps
            sections={[{ value: health.value.score, color: BAND_COLORS[health.value.band] ?? "gray" }]}
            label={
              <Text ta="center" fw={700} size="xl" aria-label={`Health score ${health.value.score} of 100`}>
                {health.value.score}
              </Text>
            }
          />
          <Stack gap={6} style={{ flex: 1 }}>
            <Group gap="xs" wrap="wrap">
              <Badge color={BAND_COLORS[health.value.band] ?? "gray"} variant="light">
                {humanize(health.value.band)}
              </Badge>
              <Text size="sm" c="dimmed" data-testid="health-band">
                {health.value.score} of 100
                {bands ? ` (${bandWords(health.value.band, bands)})` : ""}
              </Text>
            </Group>
            <List size="sm" spacing={4} aria-label="Health factors">
              {health.value.factors.map((f) => (
                <List.Item key={f.signal}>
                  <Text span size="sm" fw={500}>
                    {humanize(f.signal)}
                  </Text>
                  <Text span size="sm" c={f.pointsLost > 0 ? "orange" : "dimmed"}>
                    {f.pointsLost > 0 ? ` (−${f.pointsLost} points): ` : ": "}
                  </Text>
                  <Text span size="sm">
                    {f.sentence}
                  </Text>
                </List.Item>
              ))}
            </List>
          </Stack>
        </Group>
      )}
    </SectionCard>
  );
}

const percent = (basisPoints: number | null | Masked) =>
  isMasked(basisPoints) ? (
    <MoneyText value={basisPoints} />
  ) : basisPoints === null ? (
    "—"
  ) : (
    `${(basisPoints / 100).toFixed(1)} %`
  );

export function PnlCard(props: { readonly pnl: Overview["pnl"] | undefined }) {
  const { pnl } = props;
  const row = (label: string, p: Schemas["PnlView"], key = label) => (
    <Table.Tr key={key}>
      {/* The name keeps room for its words; the figures never wrap (a contract's name read a word a line). */}
      <Table.Th scope="row" style={{ minWidth: 120 }}>
        {label}
      </Table.Th>
      {/* Compact money ("€1.2M") and the margin's percentage under its amount: four narrow columns fit a half-page
          card at 1366 px, where five full-precision ones pushed "Margin %" out of sight. */}
      <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
        <MoneyText value={p.revenue} compact />
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
        <MoneyText value={p.cost} compact />
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
        <MoneyText value={p.margin} compact />
        {/* A masked margin says nothing more below it: one "masked" in the cell is enough. */}
        {!isMasked(p.margin) && (
          <Text size="xs" c="dimmed" data-testid="pnl-margin-percent">
            {percent(p.marginBasisPoints)}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
  return (
    <SectionCard title="P&L" testId="account-pnl">
      {!pnl ? (
        <Text c="dimmed">No P&L.</Text>
      ) : !pnl.ok ? (
        <Alert color="orange">{pnl.error.message}</Alert>
      ) : (
        // A card is narrower than the page: the table scrolls sideways inside it rather than spill over its edge,
        // and the region takes the keyboard's focus so it can be scrolled without a mouse.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe).
        <section aria-label="Profit and loss table" tabIndex={0} style={{ overflowX: "auto" }}>
          <Table aria-label="Profit and loss">
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                <Table.Th ta="right">Revenue</Table.Th>
                <Table.Th ta="right">Cost</Table.Th>
                <Table.Th ta="right">Margin</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {row("Planned", pnl.value.planned)}
              {row("Actual", pnl.value.actual)}
              {contractRows(pnl.value).map((c) => row(`· ${c.title}`, c.actual, c.contractId))}
            </Table.Tbody>
          </Table>
        </section>
      )}
    </SectionCard>
  );
}

const nothing = (v: unknown) => !isMasked(v) && (v as { amount?: number } | null)?.amount === 0;

/**
 * The contracts worth a row under the account's actuals: those with revenue or cost (an all-zero row says nothing),
 * and none when the one left would repeat the "Actual" row figure for figure.
 */
export function contractRows<C extends { readonly actual: Schemas["PnlView"] }>(pnl: {
  readonly actual: Schemas["PnlView"];
  readonly contracts: readonly C[];
}): C[] {
  const moving = pnl.contracts.filter((c) => !(nothing(c.actual.revenue) && nothing(c.actual.cost)));
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return moving.length === 1 && same(moving[0]!.actual, pnl.actual) ? [] : moving;
}

export function StakeholderMap(props: {
  readonly contacts: readonly Contact[];
  readonly map:
    | { readonly roots: readonly string[]; readonly reports: Readonly<Record<string, readonly string[]>> }
    | undefined;
}) {
  const byId = new Map(props.contacts.map((c) => [c.id as string, c]));
  const roots = props.map?.roots ?? props.contacts.map((c) => c.id);
  const reports = props.map?.reports ?? {};
  const branch = (ids: readonly string[], depth: number) => (
    <Stack
      gap={6}
      component="ul"
      m={0}
      p={0}
      pl={depth > 0 ? "md" : 0}
      ml={depth > 0 ? 6 : 0}
      style={{
        listStyle: "none",
        borderLeft: depth > 0 ? "2px solid var(--mantine-color-gray-3)" : undefined,
      }}
    >
      {ids.map((id) => {
        const c = byId.get(id);
        if (!c) return null;
        const under = reports[id] ?? [];
        return (
          <li key={id}>
            <Group gap={6} wrap="wrap">
              <Text size="sm" fw={500} td={c.active ? undefined : "line-through"}>
                {c.name}
              </Text>
              {c.title && (
                <Text size="xs" c="dimmed">
                  {c.title}
                </Text>
              )}
              {c.roles.map((r) => (
                <Badge key={r} size="xs" variant="light">
                  {humanize(r)}
                </Badge>
              ))}
              {c.sentiment && (
                <Badge size="xs" variant="outline" color={SENTIMENT_COLORS[c.sentiment]}>
                  {humanize(c.sentiment)}
                </Badge>
              )}
            </Group>
            {under.length > 0 && <div style={{ marginTop: 6 }}>{branch(under, depth + 1)}</div>}
          </li>
        );
      })}
    </Stack>
  );
  return (
    <SectionCard title="Stakeholder map" count={props.contacts.length} testId="account-stakeholders">
      {props.contacts.length === 0 ? <Text c="dimmed">No contact yet.</Text> : branch(roots, 0)}
    </SectionCard>
  );
}

const SENTIMENT_COLORS: Record<NonNullable<Contact["sentiment"]>, string> = {
  supporter: "green",
  neutral: "gray",
  detractor: "red",
};

const SHOWN = 12;

/** Whether an activity holds anything beyond its subject: notes (its body) or a meeting's minutes. */
export function hasWords(a: Pick<Schemas["Activity"], "body" | "minutes">): boolean {
  const m = a.minutes;
  return Boolean(a.body?.trim() || m?.summary?.trim() || m?.decisions.length || m?.actionItems.length);
}

/**
 * What was written on an activity — its notes (the body), and a meeting's summary, decisions and action items —
 * two lines at first, the rest a click away ("Show more"): the timeline showed only the subject.
 */
export function ActivityWords(props: { readonly activity: Pick<Schemas["Activity"], "body" | "minutes"> }) {
  const { body, minutes } = props.activity;
  if (!hasWords(props.activity)) return null;
  return (
    <Spoiler maxHeight={44} showLabel="Show more" hideLabel="Show less" data-testid="activity-words">
      <Stack gap={2}>
        {body?.trim() && (
          <Text size="sm" style={{ whiteSpace: "pre-line" }}>
            {body}
          </Text>
        )}
        {minutes?.summary?.trim() && (
          <Text size="sm" style={{ whiteSpace: "pre-line" }}>
            {minutes.summary}
          </Text>
        )}
        {minutes && minutes.decisions.length > 0 && (
          <>
            <Text size="xs" fw={600}>
              Decisions
            </Text>
            <List size="sm" spacing={0}>
              {minutes.decisions.map((d, i) => (
                <List.Item key={i}>{d}</List.Item>
              ))}
            </List>
          </>
        )}
        {minutes && minutes.actionItems.length > 0 && (
          <>
            <Text size="xs" fw={600}>
              Action items
            </Text>
            <List size="sm" spacing={0}>
              {minutes.actionItems.map((d, i) => (
                <List.Item key={i}>{d}</List.Item>
              ))}
            </List>
          </>
        )}
      </Stack>
    </Spoiler>
  );
}

export function TimelineCard(props: {
  readonly activities: readonly Schemas["Activity"][];
  readonly name: (memberId: string) => string;
  readonly contactName: (contactId: string) => string;
  /** The card's test id: the account's timeline, or a deal's. */
  readonly testId?: string;
}) {
  const [all, setAll] = useState(false);
  const shown = all ? props.activities : props.activities.slice(0, SHOWN);
  return (
    <SectionCard title="Timeline" count={props.activities.length} testId={props.testId ?? "account-timeline"}>
      {props.activities.length === 0 ? (
        <Text c="dimmed">No activity or meeting yet.</Text>
      ) : (
        <Stack gap="xs">
          <Timeline bulletSize={12} lineWidth={2} active={-1}>
            {shown.map((a) => (
              <Timeline.Item
                key={a.id}
                title={
                  <Group gap={6}>
                    <Badge size="xs" variant="light" color={a.kind === "meeting" ? "grape" : "blue"}>
                      {humanize(a.kind)}
                    </Badge>
                    <Text size="sm" fw={500}>
                      {a.subject}
                    </Text>
                  </Group>
                }
              >
                <Text size="xs" c="dimmed">
                  {formatDateTime(a.at)} · {humanize(a.status)} · {props.name(a.authorId)}
                  {a.contactIds.length > 0 ? ` · with ${a.contactIds.map(props.contactName).join(", ")}` : ""}
                </Text>
                <ActivityWords activity={a} />
              </Timeline.Item>
            ))}
          </Timeline>
          {props.activities.length > SHOWN && (
            <Button variant="subtle" size="xs" onClick={() => setAll(!all)}>
              {all ? "Show the latest only" : `Show all ${props.activities.length}`}
            </Button>
          )}
        </Stack>
      )}
    </SectionCard>
  );
}
