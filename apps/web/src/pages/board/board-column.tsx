// One stage of the board: a drop target with its totals and a virtualised list of cards, so a column of
// hundreds of deals renders only the few on screen.
import type { PipelineStage } from "@accountable/domain";
import { useDroppable } from "@dnd-kit/core";
import { Badge, Box, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useMemo, useRef } from "react";
import type { BoardDeal } from "../../api/opportunities.ts";
import { NOT_YET } from "../../ui/format.ts";
import { MoneyText } from "../../ui/money-text.tsx";
import { type ColumnTotals, columnTotals } from "./column-totals.ts";
import { DealCard } from "./deal-card.tsx";

/** A card: its title on up to two lines, its account, its amount and probability, its close date and owner. */
const CARD_HEIGHT = 116;
const GAP = 8;

export function BoardColumn(props: {
  readonly stage: PipelineStage;
  readonly deals: readonly BoardDeal[];
  /** The column's later deals are still being read: its first cards show, its count and totals wait. */
  readonly loading?: boolean;
  readonly ownerName: (memberId: string) => string;
  /** The account's name, once the names are read. */
  readonly accountName: (accountId: string) => string | undefined;
  /** The workspace, for each card's link to its deal's page. */
  readonly workspaceId?: string | undefined;
  /** While a card is dragged: whether dropping it here is allowed (undefined: not dragging / not known). */
  readonly dropHint: "allowed" | "blocked" | undefined;
  /** Opens the new-deal form in this stage (absent when the member may not create deals). */
  readonly onNewDeal?: (() => void) | undefined;
  /** Whether the member may move deals at all (a closing stage invites drops only then). */
  readonly takesDrops?: boolean;
  /** The signed-in member: a masked column still sums their deals ("your deals"). */
  readonly memberId?: string;
}) {
  const { stage, deals, ownerName, dropHint } = props;
  const { setNodeRef, isOver } = useDroppable({ id: stage.id, data: { stage } });
  // Summed once the column is whole: a sum of the cards read so far is no figure of the column's.
  const totals = useMemo(
    () => (props.loading ? undefined : columnTotals(deals, props.memberId)),
    [deals, props.memberId, props.loading],
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: deals.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_HEIGHT + GAP,
    overscan: 6,
    getItemKey: (i) => deals[i]!.id,
  });
  const closing = stage.kind !== "open";
  const headingId = `stage-${stage.id}`;

  const border =
    isOver && dropHint === "blocked"
      ? "2px solid var(--mantine-color-red-6)"
      : isOver
        ? "2px solid var(--mantine-color-indigo-6)"
        : dropHint === "blocked"
          ? "1px dashed var(--mantine-color-gray-5)"
          : "1px solid var(--mantine-color-gray-3)";

  return (
    <Paper
      ref={setNodeRef}
      component="section"
      aria-labelledby={headingId}
      data-stage-id={stage.id}
      bg={closing ? "gray.0" : "gray.1"}
      p="xs"
      radius="md"
      style={{
        // Open stages share the width (at 1280 px every stage is in sight); a closing stage fills its stack.
        ...(closing ? { width: "100%" } : { flex: "1 1 0", minWidth: 196, maxWidth: 320 }),
        display: "flex",
        flexDirection: "column",
        border,
        maxHeight: "100%",
      }}
    >
      <Stack gap={2} mb="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text component="h2" id={headingId} fw={700} size="sm" m={0}>
            {stage.label}
          </Text>
          {!closing && (
            <Badge variant="light" color="indigo">
              {`${stage.probability} %`}
            </Badge>
          )}
        </Group>
        {closing ? (
          <Text size="xs" c="dimmed">
            {props.takesDrops === false
              ? `Deals closed as ${stage.kind} leave the board.`
              : `Drop a deal here to close it as ${stage.kind}.`}
          </Text>
        ) : (
          <Box data-testid={`totals-${stage.id}`}>
            {props.loading || !totals ? (
              // A count or a sum of the cards read so far would read as the column's: say it is being read.
              <Text size="xs" c="dimmed" data-testid={`loading-${stage.id}`}>
                {`${deals.length} deals so far, reading the rest…`}
              </Text>
            ) : (
              <ColumnFigures totals={totals} stageId={stage.id} />
            )}
            {props.onNewDeal && (
              <Button
                size="compact-xs"
                variant="subtle"
                mt={4}
                onClick={props.onNewDeal}
                aria-label={`New deal in ${stage.label}`}
              >
                + New deal
              </Button>
            )}
          </Box>
        )}
      </Stack>
      {!closing && (
        <div ref={scrollRef} style={{ overflowY: "auto", flex: 1, minHeight: 120 }}>
          <ul
            aria-label={`Deals in ${stage.label}`}
            style={{
              height: virtualizer.getTotalSize(),
              position: "relative",
              listStyle: "none",
              margin: 0,
              padding: 0,
            }}
          >
            {virtualizer.getVirtualItems().map((item) => {
              const deal = deals[item.index]!;
              return (
                <li
                  key={item.key}
                  // Measured as drawn: a card whose amount, tags or owner wrap to another line is taller.
                  ref={virtualizer.measureElement}
                  data-index={item.index}
                  style={{
                    position: "absolute",
                    top: 0,
                    left: 0,
                    right: 0,
                    paddingBottom: GAP,
                    transform: `translateY(${item.start}px)`,
                  }}
                >
                  <DealCard
                    deal={deal}
                    ownerName={ownerName(deal.ownerId)}
                    accountName={props.accountName(deal.accountId)}
                    workspaceId={props.workspaceId}
                  />
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </Paper>
  );
}

/** A column's count and sums, once all its deals are read. */
function ColumnFigures({ totals, stageId }: { readonly totals: ColumnTotals; readonly stageId: string }) {
  return (
    <>
      <Text size="xs" c="dimmed">
        {totals.count} {totals.count === 1 ? "deal" : "deals"}
        {totals.unpriced > 0 && ` · ${totals.unpriced} with ${NOT_YET.amount}`}
      </Text>
      {totals.masked && (
        <Text size="xs">
          <MoneyText value={totals.masked} />
        </Text>
      )}
      {totals.visible?.lines.map((l) => (
        <Text size="xs" key={l.amount.currency} data-testid={`visible-totals-${stageId}`}>
          {totals.visible!.mine
            ? `Your ${totals.visible!.count === 1 ? "deal" : `${totals.visible!.count} deals`}: `
            : `${totals.visible!.count} you may see: `}
          <MoneyText value={l.amount} compact /> · weighted{" "}
          <b>
            <MoneyText value={l.weighted} compact />
          </b>
        </Text>
      ))}
      {totals.lines.map((l) => (
        <Text size="xs" key={l.amount.currency}>
          <MoneyText value={l.amount} compact /> · weighted{" "}
          <b>
            <MoneyText value={l.weighted} compact />
          </b>
        </Text>
      ))}
    </>
  );
}
