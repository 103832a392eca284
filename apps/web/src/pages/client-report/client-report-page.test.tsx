// @vitest-environment happy-dom
import type { Schemas } from "@accountable/client";
import { MantineProvider } from "@mantine/core";
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Report } from "./client-report-page.tsx";

const eur = (amount: number) => ({ amount, currency: "EUR" });
const task = (id: string, title: string, agreedWithClient: boolean) => ({
  id,
  title,
  agreedWithClient,
  status: "open",
  dueDate: "2026-10-20",
});

// The shape GET …/accounts/{id}/client-report answers (trimmed to what the sections read).
const report = {
  account: { id: "acme", name: "Acme GmbH" },
  period: { kind: "quarter", label: "2026-Q4", start: "2026-10-01", end: "2026-12-31" },
  now: "2026-11-27T10:00:00.000Z",
  currency: "EUR",
  activities: [{ id: "a1", kind: "call", subject: "Kick-off call", at: "2026-10-02T09:00:00.000Z" }],
  meetings: [],
  deliverables: { milestonesDone: [], milestonesDue: [], briefsDelivered: [], briefsDue: [] },
  contracts: [],
  budget: {
    briefs: [],
    contracts: [],
    budget: eur(10_000_00),
    billedInPeriod: eur(1_000_00),
    billedToDate: eur(2_500_00),
    burnBasisPoints: 2500,
  },
  invoices: {
    issued: [],
    paid: [],
    overdue: [],
    issuedTotal: eur(0),
    paidTotal: eur(0),
    overdueTotal: eur(0),
  },
  escalations: { opened: [], resolved: [], open: [] },
  nextSteps: {
    tasks: [task("t1", "Send the revised plan", true)],
    plannedActivities: [],
    actionItems: [],
  },
};

const renderReport = (r: object = report) =>
  render(
    <MantineProvider>
      <Report report={r as unknown as Schemas["ClientReportView"]} />
    </MantineProvider>,
  );

afterEach(cleanup);

describe("the client report", () => {
  it("has the CLI's sections, in order, and leaves out escalations when there are none", () => {
    renderReport();
    const headings = screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent);
    expect(headings).toEqual([
      "Summary",
      "Activities and meetings",
      "Deliverables",
      "Contracts",
      "Budget and burn",
      "Invoices",
      "Next steps",
    ]);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Acme GmbH: client report, 2026-Q4");
    expect(screen.getByText(/25\.0 % of budget/)).toBeTruthy();
  });

  it('says a masked share of the budget in words, not "masked of budget"', () => {
    renderReport({ ...report, budget: { ...report.budget, burnBasisPoints: { masked: true } } });
    expect(screen.getByText(/share of budget masked/)).toBeTruthy();
    expect(screen.queryByText(/masked of budget/)).toBeNull();
  });

  it("burns against what was billed and has no internal switch", () => {
    renderReport();
    expect(screen.getByText("Billed to date")).toBeTruthy();
    expect(screen.queryByText(/spent|cost/i)).toBeNull();
    expect(screen.queryByRole("switch")).toBeNull();
    expect(
      within(screen.getByRole("table", { name: "Agreed tasks" })).queryByText("Send the revised plan"),
    ).toBeTruthy();
  });

  it("shows an amount the reader may not see as masked, with the reason", () => {
    const reason = "Viewers see no money (finance read is not granted)";
    const hidden = { masked: true, reason, requires: "finance.read" };
    renderReport({ ...report, budget: { ...report.budget, budget: hidden, billedToDate: hidden } });
    const cells = document.querySelectorAll("[data-masked]");
    expect(cells.length).toBeGreaterThanOrEqual(2);
    for (const cell of cells) expect(cell.getAttribute("title")).toBe(reason);
  });
});
