// One deal on the board: draggable by pointer and keyboard (a focusable button: Space picks it up).
import type { Opportunity } from "@accountable/domain";
import { useDraggable } from "@dnd-kit/core";
import { Badge, Group, Paper, Text } from "@mantine/core";
import { memo } from "react";
import { daysUntil, formatDate, formatMoney, humanize } from "../../ui/format.ts";

export interface DealCardProps {
  readonly deal: Opportunity;
  readonly ownerName: string;
}

export function DealCardBody({ deal, ownerName }: DealCardProps) {
  const overdue = daysUntil(deal.closeDate) < 0;
  return (
    <>
      <Text size="sm" fw={600} lineClamp={1}>
        {deal.name}
      </Text>
      <Group justify="space-between" gap={4} wrap="nowrap">
        <Text size="sm">{formatMoney(deal.amount)}</Text>
        <Group gap={4} wrap="nowrap">
          {deal.type !== "new_business" && (
            <Badge size="xs" variant="dot">
              {humanize(deal.type)}
            </Badge>
          )}
          <Badge size="xs" variant="light" color="gray">
            {deal.probability}%
          </Badge>
        </Group>
      </Group>
      <Group justify="space-between" gap={4} wrap="nowrap">
        <Text size="xs" c={overdue ? "red.8" : "dimmed"} lineClamp={1}>
          closes {formatDate(deal.closeDate)}
        </Text>
        <Text size="xs" c="dimmed" lineClamp={1}>
          {ownerName}
        </Text>
      </Group>
    </>
  );
}

export const DealCard = memo(function DealCard({ deal, ownerName }: DealCardProps) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: deal.id, data: { deal } });
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      p="xs"
      radius="sm"
      shadow="xs"
      data-deal-id={deal.id}
      aria-label={`${deal.name}, ${formatMoney(deal.amount)}, closes ${formatDate(deal.closeDate)}, owner ${ownerName}`}
      h="100%"
      style={{ cursor: "grab", opacity: isDragging ? 0.4 : 1, touchAction: "manipulation" }}
      {...attributes}
      {...listeners}
    >
      <DealCardBody deal={deal} ownerName={ownerName} />
    </Paper>
  );
});
