// Keyboard dragging across columns: after Space picks a card up, ← and → jump to the previous or next column
// (dnd-kit's default moves 25 px a press, which would take a dozen presses per column); Space drops, Esc cancels.
import type { KeyboardCoordinateGetter } from "@dnd-kit/core";

export const columnCoordinates: KeyboardCoordinateGetter = (event, { context }) => {
  const { collisionRect, droppableRects } = context;
  if (!collisionRect) return undefined;
  const direction = event.code === "ArrowRight" ? 1 : event.code === "ArrowLeft" ? -1 : 0;
  if (direction === 0) return undefined;
  event.preventDefault();
  const centre = collisionRect.left + collisionRect.width / 2;
  const columns = [...droppableRects.values()].sort((a, b) => a.left - b.left);
  const target =
    direction > 0
      ? columns.find((r) => r.left > centre)
      : columns.reverse().find((r) => r.left + r.width < centre);
  if (!target) return undefined;
  return { x: target.left + (target.width - collisionRect.width) / 2, y: collisionRect.top };
};
