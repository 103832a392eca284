import {
  type Actor,
  ESCALATION_STATUSES,
  INVOICE_STATUSES,
  LIVE_ESCALATION_STATUSES,
  type MemberId,
  type Timestamp,
} from "@accountable/domain";
import { describe, expect, it } from "vitest";
import {
  exportHref,
  firstReadableList,
  LIST_NAMES,
  LIST_VIEWS,
  listPhases,
  listRefusal,
  listsFor,
} from "./list-views.ts";

describe("listPhases: the statuses a view puts first hold across every page", () => {
  it("asks for overdue invoices first, then every other status, when the address names no status", () => {
    const phases = listPhases(LIST_VIEWS.invoices, { sort: "dueDate", order: "asc" });
    expect(phases).toEqual([
      { sort: "dueDate", order: "asc", status: "overdue" },
      { sort: "dueDate", order: "asc", status: INVOICE_STATUSES.filter((s) => s !== "overdue").join(",") },
    ]);
    // Together the two phases ask for every status exactly once.
    const asked = phases.flatMap((p) => p.status!.split(","));
    expect([...asked].sort()).toEqual([...INVOICE_STATUSES].sort());
  });

  it("puts live escalations first and keeps the other filters in both phases", () => {
    const phases = listPhases(LIST_VIEWS.escalations, { severity: "high" });
    expect(phases[0]).toEqual({ severity: "high", status: LIVE_ESCALATION_STATUSES.join(",") });
    expect(phases[1]!.severity).toBe("high");
    expect(new Set(phases[1]!.status!.split(","))).toEqual(
      new Set(
        ESCALATION_STATUSES.filter((s) => !(LIVE_ESCALATION_STATUSES as readonly string[]).includes(s)),
      ),
    );
  });

  it("asks once, as the address says, when the address names a status or the view puts nothing first", () => {
    expect(listPhases(LIST_VIEWS.invoices, { status: "paid" })).toEqual([{ status: "paid" }]);
    expect(listPhases(LIST_VIEWS.briefs, { sort: "updatedAt" })).toEqual([{ sort: "updatedAt" }]);
  });

  it("puts open and started tasks first, then the done and cancelled ones", () => {
    expect(listPhases(LIST_VIEWS.tasks, { sort: "dueDate" })).toEqual([
      { sort: "dueDate", status: "open,in_progress" },
      { sort: "dueDate", status: "done,cancelled" },
    ]);
  });
});

describe("the invoices list shows each invoice's amount from its lines", () => {
  const amount = LIST_VIEWS.invoices.columns.find((c) => c.header === "Amount")!;
  it("adds the lines in the domain's arithmetic", () => {
    const row = {
      currency: "EUR",
      lines: [
        { description: "a", quantity: "2", unitPrice: { amount: 1050, currency: "EUR" } },
        { description: "b", quantity: "0.5", unitPrice: { amount: 333, currency: "EUR" } },
      ],
    };
    // 2 × 10.50 + 0.5 × 3.33 = 21.00 + 1.665 → 1.66 (half-even) = 22.66
    expect(amount.value!(row)).toEqual({ amount: 2266, currency: "EUR" });
  });
  it("is masked, not a figure, when the reader may not see the prices", () => {
    const masked = { masked: true, reason: "finance", requires: "finance.read" };
    const row = { currency: "EUR", lines: [{ description: "a", quantity: "1", unitPrice: masked }] };
    expect(amount.value!(row)).toEqual(masked);
  });
});

describe("listRefusal: an empty list the role, not the filters, leaves empty", () => {
  const viewer: Actor = { role: "viewer", memberId: "v" as MemberId };
  const ae: Actor = { role: "account_executive", memberId: "a" as MemberId };
  it("says in the domain's words that a viewer is not shown invoices or quotas", () => {
    expect(listRefusal("invoices", viewer)).toMatch(/^As a viewer you may not see invoices: /);
    expect(listRefusal("quotas", viewer)).toMatch(/^As a viewer you may not see quotas: /);
  });
  it("says nothing where the member may see some records", () => {
    expect(listRefusal("escalations", viewer)).toBeNull();
    expect(listRefusal("invoices", ae)).toBeNull();
    expect(listRefusal("members", viewer)).toBeNull();
  });
});

describe("the escalations list marks one past its SLA", () => {
  const sla = LIST_VIEWS.escalations.columns.find((c) => c.field === "slaDueAt")!;
  const now = "2026-12-07T17:00:00.000Z" as Timestamp;
  it("is overdue when live and its deadline has passed, not once resolved or before the deadline", () => {
    expect(sla.overdue?.({ status: "open", slaDueAt: "2026-12-07T16:55:00.000Z" }, now)).toBe(true);
    expect(sla.overdue?.({ status: "resolved", slaDueAt: "2026-12-07T16:55:00.000Z" }, now)).toBe(false);
    expect(sla.overdue?.({ status: "open", slaDueAt: "2026-12-07T18:00:00.000Z" }, now)).toBe(false);
  });
});

describe("the tasks and deals lists mark what is late", () => {
  const now = "2026-12-07T12:00:00.000Z" as Timestamp;
  it("marks an open task past its due day Overdue, not a done one nor one due today", () => {
    const due = LIST_VIEWS.tasks.columns.find((c) => c.field === "dueDate")!;
    expect(due.overdue?.({ status: "open", dueDate: "2026-12-01" }, now)).toBe(true);
    expect(due.overdue?.({ status: "done", dueDate: "2026-12-01" }, now)).toBe(false);
    expect(due.overdue?.({ status: "open", dueDate: "2026-12-07" }, now)).toBe(false);
    expect("lateLabel" in due).toBe(false);
  });
  it("marks an open deal whose close date has gone by 'Past close date', not a won one", () => {
    const closes = LIST_VIEWS.opportunities.columns.find((c) => c.field === "closeDate")!;
    expect(closes.overdue?.({ status: "open", closeDate: "2026-11-30" }, now)).toBe(true);
    expect(closes.overdue?.({ status: "won", closeDate: "2026-11-30" }, now)).toBe(false);
    expect(closes.overdue?.({ status: "open", closeDate: null }, now)).toBe(false);
    expect("lateLabel" in closes && closes.lateLabel).toBe("Past close date");
  });
});

describe("'Lists' opens the first list the role may read", () => {
  it("opens escalations for a viewer, who may not read invoices, and invoices for the others", () => {
    expect(firstReadableList({ role: "viewer", memberId: "v" as MemberId })).toBe("escalations");
    expect(firstReadableList({ role: "account_executive", memberId: "a" as MemberId })).toBe("invoices");
    expect(firstReadableList({ role: "admin", memberId: "x" as MemberId })).toBe("invoices");
  });
});

describe("the lists offered to a member are the ones their role may open", () => {
  it("offers a viewer no invoices or quotas, and says why once", () => {
    const { open, closed } = listsFor({ role: "viewer", memberId: "v" as MemberId });
    expect(open).not.toContain("invoices");
    expect(open).not.toContain("quotas");
    expect(open).toContain("escalations");
    expect(open).toContain("tasks");
    expect(closed).toMatch(/^(.+, )?Invoices(, .+)? and (.+, )?Quotas(, .+)? are not open to you: a viewer /);
    expect(closed?.match(/not open to you/g)).toHaveLength(1);
  });
  it("offers an admin every list and says nothing", () => {
    expect(listsFor({ role: "admin", memberId: "x" as MemberId })).toEqual({
      open: LIST_NAMES,
      closed: null,
    });
  });
});

describe("Export CSV is in the page's order", () => {
  const asked = { sort: "dueDate", order: "asc" };
  it("asks the server for the open tasks first, then the rest, with the page's sort and filters: one file", () => {
    const href = new URL(exportHref("demo", LIST_VIEWS.tasks, { ...asked, assigneeId: "m1" }), "http://x");
    expect(href.pathname).toBe("/api/workspaces/demo/tasks.csv");
    expect(href.searchParams.get("first")).toBe(LIST_VIEWS.tasks.first.status.join(","));
    expect(href.searchParams.get("status")).toBeNull();
    expect(href.searchParams.get("sort")).toBe("dueDate");
    expect(href.searchParams.get("assigneeId")).toBe("m1");
    // The other lists that put some rows first do the same; a status in the address is the order of the page.
    for (const list of ["contracts", "invoices", "escalations", "opportunities"] as const)
      expect(exportHref("demo", LIST_VIEWS[list], asked)).toContain("first=");
    expect(exportHref("demo", LIST_VIEWS.tasks, { ...asked, status: "done" })).not.toContain("first=");
    expect(exportHref("demo", LIST_VIEWS.briefs, asked)).not.toContain("first=");
  });
  it("exports the deals list as `accountable export opportunities` does, open deals first", () => {
    expect(exportHref("demo", LIST_VIEWS.opportunities, { sort: "closeDate", order: "asc" })).toBe(
      "/api/workspaces/demo/opportunities.csv?sort=closeDate&order=asc&first=open",
    );
  });
});
