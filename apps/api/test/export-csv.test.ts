// GET …/{list}.csv on both drivers: the CSV `accountable export` writes (the service's csvExport), streamed as a
// download — readable by default (names beside ids, days, money and its currency, no JSON), the import's columns
// with ?format=import; the list route's filters; money masked for a role that may not see it; records the member
// may not read left out; nothing matching is the header line alone; a bad filter is refused before any line is
// sent.
import { csvLine, exportColumns } from "@accountable/service";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statusGroups } from "../src/routes/reads.ts";
import { TARGETS } from "./databases.ts";
import { type Harness, openHarness } from "./harness.ts";
import { M, run, seedAgency, WS } from "./seed.ts";

const deal = (id: string, accountId: string, ownerId: string, name: string, amount: number) => ({
  type: "CreateOpportunity",
  opportunityId: id,
  accountId,
  ownerId,
  name,
  opportunityType: "new_business",
  amount: { amount, currency: "EUR" },
  closeDate: "2027-03-31",
});

/** The answer's lines, the header first (the body ends with a line break, which leaves no empty line). */
const linesOf = (body: string) => body.split("\n").slice(0, -1);

describe.each(TARGETS)("list exports as CSV on $name", (target) => {
  let h: Harness;
  const base = `/api/workspaces/${WS}`;
  const header = (list: Parameters<typeof exportColumns>[0], format?: "import") =>
    csvLine(exportColumns(list, format));

  beforeAll(async () => {
    if (target.skip) return;
    h = await openHarness(target);
    await seedAgency(h.service);
    h.grant("admin", WS, M.admin);
    h.grant("ae", WS, M.ae);
    h.grant("viewer", WS, M.viewer);
    await run(
      h.service,
      WS,
      "account",
      "globex",
      { type: "CreateAccount", accountId: "globex", name: "Globex", ownerId: M.otherAe },
      M.admin,
    );
    await run(
      h.service,
      WS,
      "account",
      "initech",
      { type: "CreateAccount", accountId: "initech", name: "Initech", ownerId: M.admin },
      M.admin,
    );
    await run(h.service, WS, "opportunity", "d1", deal("d1", "acme", M.ae, "Acme rebrand", 1_200_000), M.ae);
    await run(h.service, WS, "opportunity", "d2", deal("d2", "acme", M.ae, "=Acme, web", 300_050), M.ae);
    await run(
      h.service,
      WS,
      "opportunity",
      "d3",
      deal("d3", "globex", M.otherAe, "Globex retainer", 5_000_000),
      M.admin,
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  it.skipIf(target.skip)(
    "streams the deals as a readable CSV download: names beside ids, days, money and its currency",
    async () => {
      const res = await h.call("admin", "GET", `${base}/opportunities.csv?sort=name`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="opportunities.csv"');
      const [head, ...rows] = linesOf(await res.text());
      expect(head).toBe(header("opportunities"));
      expect(head).toMatch(/^id,name,account,accountId,owner,ownerId,/);
      expect(rows).toHaveLength(3);
      const columns = exportColumns("opportunities");
      const cell = (row: string, column: string) => row.split(",")[columns.indexOf(column)];
      const acme = rows.find((r) => r.startsWith("d1,"))!;
      expect(cell(acme, "account")).toBe("Acme");
      expect(cell(acme, "accountId")).toBe("acme");
      expect(cell(acme, "owner")).toBe(M.ae);
      expect(cell(acme, "stage")).toBe("Prospecting");
      expect(cell(acme, "stageId")).toBe("prospecting");
      expect(cell(acme, "pipeline")).not.toBe("");
      expect(cell(acme, "amount")).toBe("12000.00");
      expect(cell(acme, "amountCurrency")).toBe("EUR");
      // Moments are days, and no cell is JSON.
      expect(cell(acme, "createdAt")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const row of rows) expect(row).not.toMatch(/[{}]|T\d{2}:\d{2}/);
      // A name a spreadsheet would run as a formula, holding a comma: neutralised and quoted.
      expect(rows.find((r) => r.startsWith("d2,"))).toContain(`"'=Acme, web"`);
    },
  );

  it.skipIf(target.skip)("names an account's owner by name beside the id", async () => {
    const res = await h.call("admin", "GET", `${base}/accounts.csv?sort=name`);
    const [head, ...rows] = linesOf(await res.text());
    const columns = head!.split(",");
    const initech = rows.find((r) => r.startsWith("initech,"))!.split(",");
    expect(initech[columns.indexOf("owner")]).toBe("Ada Admin");
    expect(initech[columns.indexOf("ownerId")]).toBe(M.admin);
  });

  it.skipIf(target.skip)(
    "?format=import is the file the import reads back: ids, the import's columns",
    async () => {
      const res = await h.call("admin", "GET", `${base}/opportunities.csv?sort=name&format=import`);
      expect(res.status).toBe(200);
      const [head, ...rows] = linesOf(await res.text());
      expect(head).toBe(header("opportunities", "import"));
      const columns = exportColumns("opportunities", "import");
      const cell = (row: string, column: string) => row.split(",")[columns.indexOf(column)];
      const acme = rows.find((r) => r.startsWith("d1,"))!;
      expect(cell(acme, "accountName")).toBe("Acme");
      expect(cell(acme, "owner")).toBe(M.ae);
      expect(cell(acme, "stage")).toBe("prospecting");
      expect(cell(acme, "amount")).toBe("12000.00");
      expect(cell(acme, "currency")).toBe("EUR");
      expect(cell(acme, "createdAt")).toMatch(/T\d{2}:\d{2}/);
      expect((await h.call("admin", "GET", `${base}/opportunities.csv?format=xlsx`)).status).toBe(400);
    },
  );

  it.skipIf(target.skip)("applies the list route's filters and sort", async () => {
    const res = await h.call(
      "admin",
      "GET",
      `${base}/opportunities.csv?accountId=acme&sort=amount&order=desc`,
    );
    expect(res.status).toBe(200);
    const rows = linesOf(await res.text()).slice(1);
    expect(rows.map((r) => r.split(",")[0])).toEqual(["d1", "d2"]);
  });

  it.skipIf(target.skip)(
    "streams the statuses asked `first` before the others, each in the sort asked, under one header",
    async () => {
      // Every deal here is open: with `first=lost`, the open ones come in the second group, in the same order.
      const plain = linesOf(
        await (await h.call("admin", "GET", `${base}/opportunities.csv?sort=name`)).text(),
      );
      const res = await h.call("admin", "GET", `${base}/opportunities.csv?sort=name&first=lost`);
      expect(res.status).toBe(200);
      const lines = linesOf(await res.text());
      expect(lines).toEqual(plain);
      expect(lines.filter((l) => l === header("opportunities"))).toHaveLength(1);
      const openFirst = linesOf(
        await (await h.call("admin", "GET", `${base}/opportunities.csv?sort=name&first=open,won`)).text(),
      );
      expect(openFirst).toEqual(plain);
      expect((await h.call("admin", "GET", `${base}/opportunities.csv?first=sleeping`)).status).toBe(400);
      // The groups: what `first` names (of `status`, or of all), then the rest.
      expect(
        statusGroups(
          { sort: "dueDate" },
          ["open", "in_progress"],
          ["open", "in_progress", "done", "cancelled"],
        ),
      ).toEqual([
        { sort: "dueDate", status: ["open", "in_progress"] },
        { sort: "dueDate", status: ["done", "cancelled"] },
      ]);
      expect(statusGroups({ status: ["done", "open"] }, ["open"], ["open", "done"])).toEqual([
        { status: ["open"] },
        { status: ["done"] },
      ]);
      expect(statusGroups({ status: ["done"] }, ["open"], ["open", "done"])).toEqual([{ status: ["done"] }]);
      expect(statusGroups({ sort: "name" }, undefined, ["open"])).toEqual([{ sort: "name" }]);
    },
  );

  it.skipIf(target.skip)("masks money for a viewer, as the list route does", async () => {
    const res = await h.call("viewer", "GET", `${base}/opportunities.csv?accountId=acme`);
    expect(res.status).toBe(200);
    const columns = exportColumns("opportunities");
    const rows = linesOf(await res.text()).slice(1);
    expect(rows).toHaveLength(2);
    const acme = rows.find((r) => r.startsWith("d1,"))!;
    expect(acme.split(",")[columns.indexOf("amount")]).toBe("masked");
    expect(acme.split(",")[columns.indexOf("amountCurrency")]).toBe("");
    for (const row of rows) expect(row).not.toMatch(/12000|3000\.50|EUR/);
    const imported = linesOf(
      await (await h.call("viewer", "GET", `${base}/opportunities.csv?accountId=acme&format=import`)).text(),
    ).slice(1);
    for (const row of imported) expect(row).not.toMatch(/12000|3000\.50|EUR/);
    expect(imported.join("\n")).toContain(",masked,");
  });

  it.skipIf(target.skip)("leaves out the records the member may not read", async () => {
    const page = (await (await h.call("ae", "GET", `${base}/opportunities?limit=500`)).json()) as {
      items: { id: string }[];
    };
    const res = await h.call("ae", "GET", `${base}/opportunities.csv`);
    const ids = linesOf(await res.text())
      .slice(1)
      .map((r) => r.split(",")[0]);
    expect(ids.sort()).toEqual(page.items.map((i) => i.id).sort());
  });

  it.skipIf(target.skip)("writes the header line alone when nothing matches", async () => {
    for (const [list, query] of [
      ["opportunities", "?accountId=nobody"],
      ["tasks", ""],
      ["invoices", ""],
    ] as const) {
      const res = await h.call("admin", "GET", `${base}/${list}.csv${query}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(`${header(list)}\n`);
      const imported = await h.call(
        "admin",
        "GET",
        `${base}/${list}.csv${query}${query ? "&" : "?"}format=import`,
      );
      expect(await imported.text()).toBe(`${header(list, "import")}\n`);
    }
    // A list's columns come from its entity: names beside ids, an invoice's total, no nested record as JSON.
    expect(exportColumns("invoices")).toEqual(
      expect.arrayContaining(["id", "account", "accountId", "total", "status"]),
    );
    expect(exportColumns("tasks")).toEqual(expect.arrayContaining(["assignee", "assigneeId", "dueDate"]));
    expect(exportColumns("contracts")).not.toContain("billingSchedule");
    expect(exportColumns("contracts", "import")).toContain("billingSchedule");
  });

  it.skipIf(target.skip)("refuses a filter the list does not read, and a page size, in words", async () => {
    for (const query of ["?colour=red", "?limit=10", "?status=sleeping"]) {
      const res = await h.call("admin", "GET", `${base}/opportunities.csv${query}`);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    }
  });
});
