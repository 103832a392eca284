// @vitest-environment happy-dom
import { masked } from "@accountable/domain";
import { MantineProvider } from "@mantine/core";
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { invoiceTotalAsRead, MaskedNotice, MoneyText, moneyLabel } from "./money-text.tsx";

afterEach(cleanup);

const hidden = masked("finance.read", "Viewers see no money (finance read is not granted)");
const show = (node: React.ReactNode) =>
  render(
    <MantineProvider>
      <output data-testid="money">{node}</output>
    </MantineProvider>,
  );
const shown = () => screen.getByTestId("money").textContent;

describe("MoneyText", () => {
  it("shows an amount as money", () => {
    show(<MoneyText value={{ amount: 120_000_00, currency: "EUR" }} />);
    expect(shown()).toMatch(/120,000\.00/);
    expect(shown()).not.toContain("masked");
  });

  it("shows no value as the empty mark, never as masked or zero", () => {
    show(<MoneyText value={null} />);
    expect(shown()).toBe("—");
  });

  it("shows a masked value as 'masked', never as a figure, with the reason for sight and for screen readers", () => {
    show(<MoneyText value={hidden} />);
    const cell = screen.getByText(/masked/);
    expect(cell.textContent).toContain("masked");
    expect(cell.textContent).not.toMatch(/\d/);
    expect(cell.getAttribute("title")).toBe(hidden.reason);
    // The reason is read out with the word, and the lock glyph is not read at all.
    expect(cell.textContent).toContain(hidden.reason);
    // A drawn padlock (no colour-emoji font needed), hidden from screen readers.
    expect(cell.querySelector('svg[aria-hidden="true"]')).not.toBeNull();
    expect(cell.textContent).not.toContain("🔒");
  });

  it("can be reached with the keyboard, which shows the reason in a tooltip", async () => {
    show(<MoneyText value={hidden} />);
    const cell = document.querySelector<HTMLElement>("[data-masked]")!;
    expect(cell.tabIndex).toBe(0);
    cell.focus();
    expect(await screen.findByRole("tooltip")).toHaveProperty("textContent", hidden.reason);
  });

  it("labels money, masked and no value as plain text", () => {
    expect(moneyLabel(hidden)).toBe("masked");
    expect(moneyLabel(hidden, { withReason: true })).toBe(`masked (${hidden.reason})`);
    expect(moneyLabel(undefined, { empty: "" })).toBe("");
    expect(moneyLabel({ amount: 5_00, currency: "EUR" })).toMatch(/5\.00/);
  });
});

describe("invoiceTotalAsRead", () => {
  it("adds up an invoice whose prices show, and is masked when its prices are", () => {
    const line = (unitPrice: unknown) => ({ quantity: "2", unitPrice }) as never;
    expect(
      invoiceTotalAsRead({
        currency: "EUR",
        lines: [line({ amount: 150, currency: "EUR" }), line({ amount: 50, currency: "EUR" })],
      }),
    ).toEqual({ amount: 400, currency: "EUR" });
    expect(invoiceTotalAsRead({ currency: "EUR", lines: [line(hidden)] })).toEqual(hidden);
  });
});

describe("MaskedNotice", () => {
  const euros = { amount: 5_00, currency: "EUR" };
  it("says once why the page's amounts are masked: all of them, or some", () => {
    show(<MaskedNotice values={[hidden, null, hidden]} />);
    expect(shown()).toBe(`Amounts here are masked for you: ${hidden.reason}`);
    cleanup();
    show(<MaskedNotice values={[euros, hidden]} />);
    expect(shown()).toBe(`Some amounts here are masked for you: ${hidden.reason}`);
  });

  it("says nothing when every amount is visible", () => {
    show(<MaskedNotice values={[euros, null]} />);
    expect(screen.queryByTestId("masked-notice")).toBeNull();
  });
});
