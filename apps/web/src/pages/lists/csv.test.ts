import { describe, expect, it } from "vitest";
import { csvCell, csvOf } from "./csv.ts";
import { LIST_VIEWS, viewParams } from "./list-views.ts";

describe("csvOf", () => {
  it("writes money as an amount and a currency column, lists joined, nested values as JSON", () => {
    const csv = csvOf([
      {
        id: "b1",
        title: "Spring campaign",
        clientBudget: { amount: 1_250_050, currency: "EUR" },
        tags: ["print", "social"],
        meta: { a: 1 },
        plannerId: null,
      },
    ]);
    expect(csv).toBe(
      'id,title,clientBudget,clientBudgetCurrency,tags,meta,plannerId\r\nb1,Spring campaign,12500.50,EUR,"print; social","{""a"":1}",\r\n',
    );
  });

  it("writes money the reader may not see as the word masked, with no amount and no currency", () => {
    const hidden = { masked: true, reason: "Viewer (see amounts is not granted)", requires: "finance.read" };
    expect(csvOf([{ id: "d1", amount: hidden }])).toBe("id,amount\r\nd1,masked\r\n");
  });

  it("keeps a spreadsheet from reading a cell as a formula", () => {
    expect(csvCell("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(csvCell("-5")).toBe("'-5");
    expect(csvCell("plain")).toBe("plain");
  });
});

describe("viewParams", () => {
  it("passes the view's filters and sort from the address, and nothing else", () => {
    expect(
      viewParams(LIST_VIEWS.tasks, { assigneeId: "m1", dueBefore: "2026-12-01", sort: "dueDate", evil: "x" }),
    ).toEqual({ assigneeId: "m1", dueBefore: "2026-12-01", sort: "dueDate" });
  });
});
