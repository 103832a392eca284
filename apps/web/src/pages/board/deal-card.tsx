// One deal on the board: draggable by pointer and keyboard (a focusable button: Space picks it up).

import { useDraggable } from "@dnd-kit/core";
import { Link } from "@tanstack/react-router";
import { memo } from "react";
import { daysUntil, formatDate, humanize } from "../../ui/format.ts";
import { MoneyText, moneyLabel } from "../../ui/money-text.tsx";
import type { BoardDeal } from "./column-totals.ts";
import css from "./deal-card.module.css";

export interface DealCardProps {
  readonly deal: BoardDeal;
  readonly ownerName: string;
  /** The workspace, for the link to the deal's page (none without it: a card drawn outside the app). */
  readonly workspaceId?: string | undefined;
}

export function DealCardBody({ deal, ownerName }: DealCardProps) {
  const late = daysUntil(deal.closeDate) < 0;
  return (
    <>
      <span className={css.name} title={deal.name}>
        {deal.name}
      </span>
      <span className={css.row}>
        <span>
          <MoneyText value={deal.amount} insideControl />
        </span>
        <span>
          {deal.type !== "new_business" && (
            <span className={`${css.tag} ${css.type}`}>{humanize(deal.type)}</span>
          )}{" "}
          <span className={css.tag}>{deal.probability}%</span>
        </span>
      </span>
      <span className={css.row}>
        <span className={late ? `${css.small} ${css.late}` : css.small}>
          closes {formatDate(deal.closeDate)}
        </span>
        <span className={css.small}>{ownerName}</span>
      </span>
    </>
  );
}

/** How the dragged card looks under the pointer. */
export function DealCardOverlay(props: DealCardProps) {
  return (
    <div className={`${css.card} ${css.overlay}`}>
      <DealCardBody {...props} />
    </div>
  );
}

export const DealCard = memo(function DealCard({ deal, ownerName, workspaceId }: DealCardProps) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: deal.id, data: { deal } });
  return (
    <>
      <button
        type="button"
        ref={setNodeRef}
        className={isDragging ? `${css.card} ${css.dragging}` : css.card}
        data-deal-id={deal.id}
        aria-label={`${deal.name}, ${moneyLabel(deal.amount, { withReason: true })}, closes ${formatDate(deal.closeDate)}, owner ${ownerName}`}
        {...attributes}
        {...listeners}
      >
        <DealCardBody deal={deal} ownerName={ownerName} />
      </button>
      {/* The card itself is the drag handle (a button); its page opens from this link beside it. */}
      {workspaceId !== undefined && (
        <Link
          to="/w/$workspaceId/records/$collection/$id"
          params={{ workspaceId, collection: "opportunities", id: deal.id }}
          className={css.open}
          aria-label={`Open ${deal.name}`}
          data-testid={`open-deal-${deal.id}`}
        >
          Open
        </Link>
      )}
    </>
  );
});
