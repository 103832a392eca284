// @vitest-environment happy-dom
import { defaultNewBusinessPipeline } from "@accountable/domain";
import { DndContext } from "@dnd-kit/core";
import { MantineProvider } from "@mantine/core";
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { BoardDeal } from "../../api/opportunities.ts";
import { BoardColumn } from "./board-column.tsx";
import { DealCard, titleBesideAccount } from "./deal-card.tsx";

afterEach(cleanup);

const stage = defaultNewBusinessPipeline().stages[0]!;
const deals = Array.from(
  { length: 2_000 },
  (_, i) =>
    ({
      id: `deal-${i}`,
      version: 1,
      accountId: `acct-${i % 3}`,
      name: `Deal ${i}`,
      ownerId: "sam",
      type: "new_business",
      stageId: stage.id,
      status: "open",
      amount: { amount: 1_000_00, currency: "EUR" },
      probability: 10,
      probabilityOverride: null,
      closeDate: "2027-01-15",
    }) as unknown as BoardDeal,
);

describe("BoardColumn", () => {
  it("labels the column, shows its totals and renders only a window of its 2,000 cards", () => {
    render(
      <MantineProvider>
        <DndContext>
          <BoardColumn
            stage={stage}
            deals={deals}
            ownerName={() => "Sam"}
            accountName={(id) => `Client ${id}`}
            dropHint={undefined}
          />
        </DndContext>
      </MantineProvider>,
    );
    expect(screen.getByRole("region", { name: stage.label })).toBeTruthy();
    expect(screen.getByTestId(`totals-${stage.id}`).textContent).toContain("2000 deals");
    expect(screen.getByRole("list", { name: `Deals in ${stage.label}` })).toBeTruthy();
    expect(document.querySelectorAll("[data-deal-id]").length).toBeLessThan(50);
  });

  it("shows a card's account beside its title", () => {
    render(
      <MantineProvider>
        <DndContext>
          <DealCard deal={deals[7]!} ownerName="Sam" accountName="Zephyr Logistics" />
        </DndContext>
      </MantineProvider>,
    );
    const card = document.querySelector('[data-deal-id="deal-7"]')!;
    expect(card.textContent).toContain("Zephyr Logistics");
    // Its name is what it shows (no label that says otherwise), the full title in its tooltip.
    expect(card.getAttribute("aria-label")).toBeNull();
    expect(card.querySelector("[title]")?.getAttribute("title")).toBe("Deal 7");
  });

  it("shows the deal's next step with its date, and nothing when none is said (or the row predates it)", () => {
    const withStep = {
      ...deals[3]!,
      nextStep: { text: "Send the revised SOW", dueOn: "2099-01-15" },
    } as unknown as BoardDeal;
    const late = {
      ...deals[4]!,
      nextStep: { text: "Call the CFO", dueOn: "2020-01-15" },
    } as unknown as BoardDeal;
    render(
      <MantineProvider>
        <DndContext>
          <DealCard deal={withStep} ownerName="Sam" />
          <DealCard deal={late} ownerName="Sam" />
          <DealCard deal={deals[5]!} ownerName="Sam" />
        </DndContext>
      </MantineProvider>,
    );
    const step = (id: string) => document.querySelector(`[data-deal-id="${id}"] [data-testid="next-step"]`);
    expect(step("deal-3")?.textContent).toBe("Next: Send the revised SOW · 15 Jan 2099");
    expect(step("deal-4")?.querySelector("span")?.className).toMatch(/late/);
    expect(step("deal-5")).toBeNull();
  });

  it("shows a title without its account's name in front, which the card shows on its own line", () => {
    expect(titleBesideAccount("Dune Fashion – brand campaign 2027", "Dune Fashion")).toBe(
      "brand campaign 2027",
    );
    expect(titleBesideAccount("dune fashion: retainer", "Dune Fashion")).toBe("retainer");
    expect(titleBesideAccount("Dune Fashion", "Dune Fashion")).toBe("Dune Fashion");
    expect(titleBesideAccount("Brand campaign", "Dune Fashion")).toBe("Brand campaign");
    expect(titleBesideAccount("Brand campaign", undefined)).toBe("Brand campaign");
    expect(titleBesideAccount("Dune Fashionista retainer", "Dune Fashion")).toBe("Dune Fashionista retainer");
    expect(titleBesideAccount("Dune Fashion retainer", "Dune Fashion")).toBe("retainer");
  });
});
