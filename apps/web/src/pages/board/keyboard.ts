// Keyboard dragging across columns: after Space picks a card up, ← and → jump to the previous or next column
// (dnd-kit's default moves 25 px a press, which would take a dozen presses per column), ↑ and ↓ to the stage
// above or below in a stack (the closing stages share one column); Space drops, Esc cancels.
import type { KeyboardCoordinateGetter } from "@dnd-kit/core";

interface Rect {
  readonly top: number;
  readonly left: number;
  readonly width: number;
  readonly height: number;
}

/** Where the card goes over `target`: centred across it, and as far inside it from top to bottom as it fits. */
function over(target: Rect, card: Rect, top: number) {
  const lowest = target.top + Math.max(0, target.height - card.height);
  return {
    x: target.left + (target.width - card.width) / 2,
    y: Math.min(Math.max(top, target.top), lowest),
  };
}

export const columnCoordinates: KeyboardCoordinateGetter = (event, { context }) => {
  const { collisionRect, droppableRects } = context;
  if (!collisionRect) return undefined;
  const rects = [...droppableRects.values()];
  const centreX = collisionRect.left + collisionRect.width / 2;
  const centreY = collisionRect.top + collisionRect.height / 2;
  const vertical = event.code === "ArrowDown" ? 1 : event.code === "ArrowUp" ? -1 : 0;
  if (vertical !== 0) {
    event.preventDefault();
    const stack = rects
      .filter((r) => r.left <= centreX && centreX <= r.left + r.width)
      .sort((a, b) => a.top - b.top);
    const target =
      vertical > 0
        ? stack.find((r) => r.top > centreY)
        : stack.reverse().find((r) => r.top + r.height < centreY);
    return target ? over(target, collisionRect, target.top) : undefined;
  }
  const direction = event.code === "ArrowRight" ? 1 : event.code === "ArrowLeft" ? -1 : 0;
  if (direction === 0) return undefined;
  event.preventDefault();
  // Of a stack, the stage nearest the card's height is the one beside it.
  const columns = rects.sort((a, b) => a.left - b.left || a.top - b.top);
  const candidates =
    direction > 0
      ? columns.filter((r) => r.left > centreX)
      : columns.filter((r) => r.left + r.width < centreX).reverse();
  const first = candidates[0];
  if (!first) return undefined;
  const sameColumn = candidates.filter((r) => r.left === first.left);
  const target = sameColumn.find((r) => r.top <= centreY && centreY <= r.top + r.height) ?? sameColumn[0]!;
  return over(target, collisionRect, collisionRect.top);
};
