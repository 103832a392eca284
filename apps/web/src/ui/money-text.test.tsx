// @vitest-environment happy-dom
import { masked } from "@accountable/domain";
import { MantineProvider } from "@mantine/core";
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { forEachMasked, maskedInBrief } from "./masked-reasons.tsx";
import {
  invoiceTotalAsRead,
  MaskedLegend,
  MaskedNotice,
  MaskedReasonsProvider,
  MoneyText,
  moneyLabel,
} from "./money-text.tsx";

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

  it("shows a masked value as 'masked', never as a figure, its reason in the title only", () => {
    show(<MoneyText value={hidden} />);
    const cell = screen.getByText(/masked/);
    expect(cell.textContent).toBe("masked");
    expect(cell.getAttribute("title")).toBe(hidden.reason);
    // No focus stop, no button: nothing happens on it, and the page's legend says why once.
    expect(cell.getAttribute("role")).toBeNull();
    expect(cell.getAttribute("tabindex")).toBeNull();
    // A drawn padlock (no colour-emoji font needed), hidden from screen readers.
    expect(cell.querySelector('svg[aria-hidden="true"]')).not.toBeNull();
    expect(cell.textContent).not.toContain("🔒");
  });

  it("leaves the word out of a control's name when inside one (a deal card says the deal)", () => {
    show(
      <button type="button">
        Deal 7 <MoneyText value={hidden} insideControl />
      </button>,
    );
    expect(document.querySelector("[data-masked]")?.getAttribute("aria-hidden")).toBe("true");
  });

  it("labels money, masked and no value as plain text", () => {
    expect(moneyLabel(hidden)).toBe("masked");
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
    // After the colon, the reason reads on in lower case ("…for you: viewers see…", not "…for you: Viewers…").
    expect(shown()).toBe(
      "Amounts here are masked for you: viewers see no money (finance read is not granted)",
    );
    cleanup();
    show(<MaskedNotice values={[euros, hidden]} />);
    expect(shown()).toBe(
      "Some amounts here are masked for you: viewers see no money (finance read is not granted)",
    );
  });

  it("says nothing when every amount is visible", () => {
    show(<MaskedNotice values={[euros, null]} />);
    expect(screen.queryByTestId("masked-notice")).toBeNull();
  });
});

describe("maskedInBrief", () => {
  it("says what may not be seen once, with the shortest of its whys", () => {
    const what = "As an account executive you may not see amounts, margins and P&L";
    expect(
      maskedInBrief([
        `${what}: the account belongs to another member and you are not on its team.`,
        `${what}: you neither own the account nor are on its team.`,
        `${what}: the opportunity belongs to another member and you neither own its account nor are on its team.`,
        "An account executive sees only their own quota.",
      ]),
    ).toEqual([
      `${what}: you neither own the account nor are on its team.`,
      "An account executive sees only their own quota.",
    ]);
  });
});

describe("maskedInBrief, a record hidden whole", () => {
  it("says once why a colleague's quota is hidden, not again as amounts hidden for the same why", () => {
    const why = "the quota belongs to another member.";
    expect(
      maskedInBrief([
        `As an account executive you may not see quotas: ${why}`,
        `As an account executive you may not see amounts, margins and P&L: ${why}`,
      ]),
    ).toEqual([`As an account executive you may not see quotas: ${why}`]);
  });
});

describe("forEachMasked: the legend speaks for every masked amount of the page", () => {
  const what = "As an account executive you may not see amounts, margins and P&L";
  it("says 'each masked deal' where the domain's why names one opportunity", () => {
    expect(
      forEachMasked(
        `${what}: the opportunity belongs to another member and you neither own its account nor are on its team.`,
      ),
    ).toBe(
      `${what}: each masked deal belongs to another member and you neither own its account nor are on its team.`,
    );
    expect(forEachMasked(`${what}: this brief is tied to no account you own or whose team you are on.`)).toBe(
      `${what}: each masked brief is tied to no account you own or whose team you are on.`,
    );
  });
  it("leaves a why that names no one record, and a sentence with no why, as they are", () => {
    const why = `${what}: you neither own the account nor are on its team.`;
    expect(forEachMasked(why)).toBe(why);
    expect(forEachMasked("An account executive sees only their own quota.")).toBe(
      "An account executive sees only their own quota.",
    );
  });
});

describe("MaskedLegend", () => {
  const other = masked("quota.read", "An account executive sees only their own quota.");
  it("says each reason of the page's masked amounts once, however many there are", async () => {
    show(
      <MaskedReasonsProvider>
        <MaskedLegend />
        {Array.from({ length: 60 }, (_, i) => (
          <MoneyText key={i} value={i % 2 ? hidden : other} />
        ))}
      </MaskedReasonsProvider>,
    );
    const legend = await screen.findByTestId("masked-legend");
    expect(legend.textContent?.split(hidden.reason)).toHaveLength(2);
    expect(legend.textContent?.split(other.reason)).toHaveLength(2);
    expect(screen.getAllByText("masked")).toHaveLength(60);
  });

  it("says nothing when no amount is masked, or when the page says why itself", () => {
    show(
      <MaskedReasonsProvider>
        <MaskedLegend />
        <MoneyText value={{ amount: 5_00, currency: "EUR" }} />
      </MaskedReasonsProvider>,
    );
    expect(screen.queryByTestId("masked-legend")).toBeNull();
    cleanup();
    show(
      <MaskedReasonsProvider>
        <MaskedLegend />
        <MaskedNotice values={[hidden]} />
        <MoneyText value={hidden} />
      </MaskedReasonsProvider>,
    );
    expect(screen.getByTestId("masked-notice")).toBeTruthy();
    expect(screen.queryByTestId("masked-legend")).toBeNull();
  });

  it("says nothing again that the page's notice says (a viewer's forecast and its quotas): one message", async () => {
    const money = masked("finance.read", "A viewer reads without changing anything, and sees no money.");
    const quotas = masked(
      "quota.read",
      "As a viewer you may not see quotas: a viewer reads without changing anything, and sees no money.",
    );
    show(
      <MaskedReasonsProvider>
        <MaskedLegend />
        <MaskedNotice values={[money]} />
        <MoneyText value={quotas} />
        <MoneyText value={hidden} />
      </MaskedReasonsProvider>,
    );
    expect(screen.getByTestId("masked-notice").textContent).toBe(
      "Amounts here are masked for you: a viewer reads without changing anything, and sees no money.",
    );
    // Another reason still shows at the top; the quotas' one, the notice's why, does not.
    const legend = await screen.findByTestId("masked-legend");
    expect(legend.textContent).toContain(hidden.reason);
    expect(legend.textContent).not.toContain("quotas");
  });
});
