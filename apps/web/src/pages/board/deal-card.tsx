// One deal on the board: draggable by pointer and keyboard (a focusable button: Space picks it up).

import { isMasked } from "@accountable/domain";
import { useDraggable } from "@dnd-kit/core";
import { Link } from "@tanstack/react-router";
import { memo } from "react";
import type { BoardDeal } from "../../api/opportunities.ts";
import { daysUntil, formatDate, humanize, NOT_YET } from "../../ui/format.ts";
import { MoneyText, moneyLabel } from "../../ui/money-text.tsx";
import css from "./deal-card.module.css";

export interface DealCardProps {
  readonly deal: BoardDeal;
  readonly ownerName: string;
  /** The deal's account (undefined while the names are read). */
  readonly accountName?: string | undefined;
  /** The workspace, for the link to the deal's page (none without it: a card drawn outside the app). */
  readonly workspaceId?: string | undefined;
}

/**
 * The title as the card shows it under its account's name: without the account's name in front ("Dune Fashion –
 * brand campaign" reads "brand campaign" beside "Dune Fashion"), so the two lines go to what tells deals apart.
 */
export function titleBesideAccount(name: string, accountName: string | undefined): string {
  if (!accountName || !name.toLocaleLowerCase().startsWith(accountName.toLocaleLowerCase())) return name;
  const after = name.slice(accountName.length);
  // Only a whole name: "Dune Fashionista" is not "Dune Fashion" + "ista".
  if (!/^[\s\-–—:|·,]/.test(after)) return name;
  const rest = after.replace(/^\s*[-–—:|·,]?\s*/, "");
  return rest.length > 0 ? rest : name;
}

export function DealCardBody({ deal, ownerName, accountName }: DealCardProps) {
  const late = deal.closeDate !== null && daysUntil(deal.closeDate) < 0;
  return (
    <>
      {/* The account first, beside "Open deal"; then the title across the whole card, up to three lines, so
          two deals of one account do not read the same ("social media…" and "social media…" did). */}
      <span className={`${css.small} ${css.account}`}>{accountName ?? "\u00a0"}</span>
      <span className={css.name} title={deal.name}>
        {titleBesideAccount(deal.name, accountName)}
      </span>
      <span className={css.row}>
        {/* Rounded as the column's totals are ("€1.4M"); the exact figure on hover and on the deal's page. */}
        <span title={isMasked(deal.amount) || deal.amount === null ? undefined : moneyLabel(deal.amount)}>
          <MoneyText value={deal.amount} insideControl empty={NOT_YET.amount} compact />
        </span>
        <span>
          {deal.type !== "new_business" && (
            <span className={`${css.tag} ${css.type}`}>{humanize(deal.type)}</span>
          )}{" "}
          <span className={css.tag}>{deal.probability} %</span>
        </span>
      </span>
      <span className={css.row}>
        <span className={late ? `${css.small} ${css.date} ${css.late}` : `${css.small} ${css.date}`}>
          {deal.closeDate === null ? NOT_YET.closeDate : `closes ${formatDate(deal.closeDate)}`}
        </span>
        <span className={css.small}>{ownerName}</span>
      </span>
      <NextStepLine step={deal.nextStep ?? null} />
    </>
  );
}

/** The deal's next step, when one is said: its text (up to two lines) and its date, late in red. */
function NextStepLine({ step }: { readonly step: BoardDeal["nextStep"] }) {
  if (step === null) return null;
  const late = step.dueOn !== null && daysUntil(step.dueOn) < 0;
  return (
    <span className={`${css.small} ${css.next}`} title={step.text} data-testid="next-step">
      Next: {step.text}
      {step.dueOn !== null && (
        <span className={late ? css.late : undefined}> · {formatDate(step.dueOn)}</span>
      )}
    </span>
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

export const DealCard = memo(function DealCard({ deal, ownerName, accountName, workspaceId }: DealCardProps) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: deal.id, data: { deal } });
  return (
    <>
      <button
        type="button"
        ref={setNodeRef}
        className={isDragging ? `${css.card} ${css.dragging}` : css.card}
        data-deal-id={deal.id}
        {...attributes}
        {...listeners}
      >
        <DealCardBody deal={deal} ownerName={ownerName} accountName={accountName} />
      </button>
      {/* The card itself is the drag handle (a button); its page opens from this link beside it. */}
      {workspaceId !== undefined && (
        <Link
          to="/w/$workspaceId/records/$collection/$id"
          params={{ workspaceId, collection: "opportunities", id: deal.id }}
          className={css.open}
          aria-label={`Open deal ${deal.name}`}
          data-testid={`open-deal-${deal.id}`}
        >
          Open deal
        </Link>
      )}
    </>
  );
});
