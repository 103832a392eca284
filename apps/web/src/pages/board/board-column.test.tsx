// @vitest-environment happy-dom
import { defaultNewBusinessPipeline, type Opportunity } from "@accountable/domain";
import { DndContext } from "@dnd-kit/core";
import { MantineProvider } from "@mantine/core";
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { BoardColumn } from "./board-column.tsx";

afterEach(cleanup);

const stage = defaultNewBusinessPipeline().stages[0]!;
const deals = Array.from(
  { length: 2_000 },
  (_, i) =>
    ({
      id: `deal-${i}`,
      name: `Deal ${i}`,
      ownerId: "sam",
      type: "new_business",
      stageId: stage.id,
      status: "open",
      amount: { amount: 1_000_00, currency: "EUR" },
      probability: 10,
      probabilityOverride: null,
      closeDate: "2027-01-15",
    }) as unknown as Opportunity,
);

describe("BoardColumn", () => {
  it("labels the column, shows its totals and renders only a window of its 2,000 cards", () => {
    render(
      <MantineProvider>
        <DndContext>
          <BoardColumn stage={stage} deals={deals} ownerName={() => "Sam"} dropHint={undefined} />
        </DndContext>
      </MantineProvider>,
    );
    expect(screen.getByRole("region", { name: stage.label })).toBeTruthy();
    expect(screen.getByTestId(`totals-${stage.id}`).textContent).toContain("2000 deals");
    expect(screen.getByRole("list", { name: `Deals in ${stage.label}` })).toBeTruthy();
    expect(document.querySelectorAll("[data-deal-id]").length).toBeLessThan(50);
  });
});
