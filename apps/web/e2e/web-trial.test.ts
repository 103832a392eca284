// The fresh-clone trial of 20:05 (notes/trial-2005.md), in a real Chromium against the real API at 1366×768:
// Ctrl-K then typing at once; a viewer's "Lists"; the tasks CSV in the page's order; the deals list and its CSV;
// the deal page's brief above the fold; the board's "Open deal" links and rounded card amounts; a viewer's
// forecast saying one thing about masked amounts, its chart's legend in category order and its axis in euros; the
// call form without the logging checks, outbound by default, offering no contact who has left.
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_LOGIN,
  launchChromium,
  type RunningApp,
  screenshot,
  signIn,
  skipReason,
  startApp,
} from "./harness.ts";

if (skipReason) console.warn(`web end-to-end tests (web trial) skipped: ${skipReason}`);

const WS = "/api/workspaces/demo";

interface Item {
  readonly id: string;
  readonly name?: string;
  readonly status?: string;
  readonly active?: boolean;
  readonly accountId?: string;
  readonly ownerId?: string;
}

async function items(page: Page, path: string): Promise<Item[]> {
  const res = await page.request.get(`${WS}/${path}`);
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { items: Item[] }).items;
}

/** A CSV file's rows (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else if (ch !== "\r") cell += ch;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe.skipIf(skipReason !== undefined)("the 20:05 trial's findings", { timeout: 240_000 }, () => {
  let app: RunningApp;
  let browser: Browser;
  let admin: Page;
  let viewer: Page;
  const dealId = `web-trial-${Date.now()}`;
  let left: Item; // a contact who has left their client (inactive)

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp({ demoDeals: 30, timeoutMs: 240_000 }), launchChromium()]);
    const open = async (email: string) => {
      const context = await browser.newContext({
        baseURL: app.url,
        viewport: { width: 1366, height: 768 },
        acceptDownloads: true,
      });
      const page = await context.newPage();
      await signIn(page, email, DEMO_LOGIN.password);
      return page;
    };
    [admin, viewer] = await Promise.all([open(DEMO_LOGIN.email), open("demo-viewer@demo.accountable.test")]);
    const contacts = await items(admin, "contacts?limit=500");
    left = contacts.find((c) => c.active === false)!;
    expect(left, "an inactive contact in the demo").toBeDefined();
    const res = await admin.request.post(`${WS}/opportunities`, {
      data: {
        opportunityId: dealId,
        accountId: left.accountId,
        ownerId: "demo-admin",
        name: "Trial brand refresh",
        opportunityType: "new_business",
        amount: { amount: 142_500_000, currency: "EUR" },
        closeDate: "2027-02-26",
      },
    });
    expect(res.status(), await res.text()).toBeLessThan(300);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("Ctrl-K then typing at once: every letter is the palette's, none a shortcut", async () => {
    // "julia michel" holds L (Tasks), I (Invoices), C (Contracts), M (Metrics), E (Escalations).
    await admin.goto("/w/demo/today");
    await admin.getByRole("heading", { name: "Today", level: 1 }).waitFor();
    await admin.keyboard.press("Control+K");
    await admin.keyboard.type("julia michel");
    const field = admin.getByRole("textbox", { name: "Find" });
    await expect.poll(() => field.inputValue()).toBe("julia michel");
    expect(new URL(admin.url()).pathname).toBe("/w/demo/today");
    await screenshot(admin, "web-trial-palette-typed");
    await admin.keyboard.press("Escape");
    await field.waitFor({ state: "detached" });
    // Right after a page load, before the page has settled: Ctrl-K is not lost, and the letters are still its.
    await admin.goto("/w/demo/accounts", { waitUntil: "domcontentloaded" });
    await admin.keyboard.press("Control+K");
    await admin.keyboard.type("lime");
    await expect.poll(() => field.inputValue(), { timeout: 20_000 }).toBe("lime");
    expect(new URL(admin.url()).pathname).toBe("/w/demo/accounts");
    // Ctrl-K again, then a shortcut key once it is closed: shortcuts work again.
    await admin.keyboard.press("Escape");
    await field.waitFor({ state: "detached" });
    await admin.getByRole("heading", { name: "Accounts", level: 1 }).click();
    await admin.keyboard.press("l");
    await admin.waitForURL(/\/lists\/tasks$/);
  });

  it("a viewer's 'Lists' opens a list a viewer may read, not invoices", async () => {
    await viewer.goto("/w/demo/today");
    await viewer
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: /^Lists/ })
      .click();
    await viewer.waitForURL(/\/lists\/escalations$/);
    await viewer.getByTestId("list-table").waitFor();
    expect(await viewer.getByText(/may not see/).count()).toBe(0);
    const current = viewer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Lists/ });
    expect(await current.getAttribute("data-active")).toBe("true");
    await screenshot(viewer, "web-trial-viewer-lists");
  });

  it("a viewer's I key says invoices are not theirs to read and stays; an admin's opens Invoices", async () => {
    await viewer.goto("/w/demo/accounts");
    const heading = viewer.getByRole("heading", { name: "Accounts", level: 1 });
    await heading.waitFor();
    await heading.click();
    await viewer.keyboard.press("i");
    const refusal = viewer.getByText(/may not see invoices/);
    await refusal.waitFor();
    expect(new URL(viewer.url()).pathname).toBe("/w/demo/accounts");
    // A list the role may read still opens from its key.
    await heading.click();
    await viewer.keyboard.press("e");
    await viewer.waitForURL(/\/lists\/escalations$/);
    await admin.goto("/w/demo/accounts");
    await admin.getByRole("heading", { name: "Accounts", level: 1 }).click();
    await admin.keyboard.press("i");
    await admin.waitForURL(/\/lists\/invoices$/);
  });

  it("at 768 px every control of the header is in the window (Sign out was cut off)", async () => {
    await admin.setViewportSize({ width: 768, height: 1024 });
    try {
      await admin.goto("/w/demo/today");
      await admin.getByRole("heading", { name: "Today", level: 1 }).waitFor();
      const header = admin.locator("header");
      await header.getByRole("button", { name: "Sign out" }).waitFor();
      const outside = await header.evaluate((h) =>
        [...h.querySelectorAll("button, a, input")]
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.right > window.innerWidth;
          })
          .map((el) => el.textContent?.trim() || el.getAttribute("aria-label")),
      );
      expect(outside).toEqual([]);
    } finally {
      await admin.setViewportSize({ width: 1366, height: 768 });
    }
  });

  it("at 768 px the navigation folds behind the burger, and Inbox, Tasks, Settings and the client report fit", async () => {
    await admin.setViewportSize({ width: 768, height: 1024 });
    try {
      const [account] = await items(admin, "accounts?status=active&limit=1");
      const nav = admin.getByRole("navigation", { name: "Main" });
      for (const path of [
        "/w/demo/inbox",
        "/w/demo/lists/tasks",
        "/w/demo/settings",
        `/w/demo/accounts/${account!.id}/report`,
      ]) {
        await admin.goto(path);
        await admin.locator("main h1").first().waitFor();
        await admin.waitForLoadState("networkidle");
        // The navigation's 220 px left the page 530 px: it is folded, and nothing runs past the window.
        const folded = () =>
          nav.evaluate(
            (n) => n.getBoundingClientRect().right <= 0 || getComputedStyle(n).visibility === "hidden",
          );
        expect(await folded(), path).toBe(true);
        const past = await admin.evaluate(() =>
          [...document.querySelectorAll("main table, main th, main td, main h1, main button")]
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
            .map((el) => `${el.tagName} ${el.textContent?.trim().slice(0, 30)}`),
        );
        expect(past, path).toEqual([]);
        expect(await admin.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(
          768,
        );
        await screenshot(admin, `web-trial-768-${path.split("/").at(-1)}`);
      }
      await admin.getByRole("button", { name: "Toggle navigation" }).click();
      await nav.getByRole("link", { name: /^Today/ }).click();
      await admin.waitForURL(/\/today$/);
    } finally {
      await admin.setViewportSize({ width: 1366, height: 768 });
    }
  });

  it("board cards show their whole title beside their account, so two deals never read the same", async () => {
    await admin.setViewportSize({ width: 1280, height: 900 });
    try {
      await admin.goto("/w/demo/pipeline");
      await admin.locator("[data-deal-id]").first().waitFor();
      const cards = await admin.locator("[data-deal-id]").evaluateAll((els) =>
        els.map((el) => {
          const [, title] = [...el.children] as HTMLElement[];
          return {
            cut: title!.scrollHeight > title!.clientHeight + 1,
            shown: title!.textContent,
            name: title!.title,
          };
        }),
      );
      expect(cards.length).toBeGreaterThan(3);
      expect(cards.filter((c) => c.cut)).toEqual([]);
      await screenshot(admin, "web-trial-board-1280");
    } finally {
      await admin.setViewportSize({ width: 1366, height: 768 });
    }
  });

  it("the palette finds the creation commands by 'new', as the buttons name them", async () => {
    await admin.goto("/w/demo/today");
    await admin.getByRole("heading", { name: "Today", level: 1 }).waitFor();
    await admin.keyboard.press("Control+K");
    await admin.keyboard.type("new");
    const field = admin.getByRole("textbox", { name: "Find" });
    await expect.poll(() => field.inputValue()).toBe("new");
    const commands = admin.locator(".mantine-Spotlight-action");
    await expect
      .poll(() => commands.allTextContents())
      .toEqual(
        expect.arrayContaining([
          expect.stringContaining("Create opportunity"),
          expect.stringContaining("Add contact"),
        ]),
      );
    await field.fill("new deal");
    await expect
      .poll(async () => (await commands.allTextContents()).some((t) => t.includes("Add contact")))
      .toBe(false);
    expect((await commands.allTextContents()).some((t) => t.includes("Create opportunity"))).toBe(true);
    await admin.keyboard.press("Escape");
    await field.waitFor({ state: "detached" });
  });

  it("a viewer's palette offers no command a viewer may never run", async () => {
    await viewer.goto("/w/demo/today");
    await viewer.getByRole("heading", { name: "Today", level: 1 }).waitFor();
    await viewer.keyboard.press("Control+K");
    await viewer.keyboard.type("new");
    const field = viewer.getByRole("textbox", { name: "Find" });
    await expect.poll(() => field.inputValue()).toBe("new");
    await viewer.getByText("Nothing found").or(viewer.locator(".mantine-Spotlight-action").first()).waitFor();
    expect(
      (await viewer.locator(".mantine-Spotlight-action").allTextContents()).filter((t) =>
        /^(Create|Add) /.test(t),
      ),
    ).toEqual([]);
    await viewer.keyboard.press("Escape");
    await field.waitFor({ state: "detached" });
  });

  it("a viewer is offered only the lists a viewer may open, and told once why not the others", async () => {
    await viewer.goto("/w/demo/lists/escalations");
    await viewer.getByTestId("list-table").waitFor();
    const lists = viewer.getByRole("group", { name: "Lists" });
    await lists.getByRole("link", { name: "Escalations" }).waitFor();
    expect(await lists.getByRole("link", { name: "Invoices" }).count()).toBe(0);
    expect(await viewer.getByTestId("lists-closed").textContent()).toMatch(
      /Invoices.* not open to you: a viewer/,
    );
  });

  it("a viewer's P&L says once why its figures are masked, with no grid of masks", async () => {
    await viewer.goto("/w/demo/pnl?period=whole");
    await viewer.getByTestId("pnl-all-masked").waitFor();
    expect(await viewer.getByRole("table", { name: "P&L per account" }).count()).toBe(0);
    expect(await viewer.getByTestId("masked-notice").textContent()).toMatch(/masked for you: .*viewer/);
    expect(await viewer.getByTestId("pnl-all-masked").getByRole("link").count()).toBeGreaterThan(0);
    await screenshot(viewer, "web-trial-viewer-pnl");
  });

  it("the tasks CSV is in the page's order: open work first, by due date", async () => {
    await admin.goto("/w/demo/lists/tasks");
    const table = admin.getByTestId("list-table");
    await table.waitFor();
    const [download] = await Promise.all([
      admin.waitForEvent("download"),
      admin.getByRole("link", { name: "Export CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("tasks.csv");
    const [header, ...rows] = parseCsv(readFileSync(await download.path(), "utf8"));
    const status = header!.indexOf("status");
    const due = header!.indexOf("dueDate");
    expect(status).toBeGreaterThanOrEqual(0);
    const statuses = rows.map((r) => r[status]!);
    const firstClosed = statuses.findIndex((s) => s === "done" || s === "cancelled");
    expect(firstClosed).toBeGreaterThan(0);
    // No open task after the first done one; the open ones by due date, as the page shows them.
    expect(statuses.slice(firstClosed).filter((s) => s === "open" || s === "in_progress")).toEqual([]);
    const openDue = rows
      .slice(0, firstClosed)
      .map((r) => r[due]!)
      .filter((d) => /^\d{4}-/.test(d));
    expect(openDue).toEqual([...openDue].sort());
    // The API's own answer, every task once.
    const all = await items(admin, "tasks?limit=500");
    expect(rows.length).toBe(all.length);
  });

  it("a Deals list, with the CSV `accountable export opportunities` writes", async () => {
    await admin.goto("/w/demo/lists/opportunities");
    await admin.getByRole("heading", { name: "Deals", level: 1 }).waitFor();
    await admin.getByTestId("list-table").getByRole("link", { name: "Trial brand refresh" }).waitFor();
    const [download] = await Promise.all([
      admin.waitForEvent("download"),
      admin.getByRole("link", { name: "Export CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("opportunities.csv");
    const body = parseCsv(readFileSync(await download.path(), "utf8"));
    const same = parseCsv(await (await admin.request.get(`${WS}/opportunities.csv`)).text());
    expect(body[0]).toEqual(same[0]);
    const key = (rows: string[][]) =>
      rows
        .slice(1)
        .map((r) => r.join("\u0001"))
        .sort();
    expect(key(body)).toEqual(key(same));
    // Open deals first.
    const status = body[0]!.indexOf("status");
    const statuses = body.slice(1).map((r) => r[status]);
    expect(status).toBeGreaterThanOrEqual(0);
    const firstClosed = statuses.findIndex((s) => s !== "open");
    expect(firstClosed).toBeGreaterThan(0);
    expect(statuses.slice(firstClosed)).not.toContain("open");
    await screenshot(admin, "web-trial-deals-list");
  });

  it("the deal page says what the deal is above the fold", async () => {
    await admin.goto(`/w/demo/records/opportunities/${dealId}`);
    const brief = admin.getByTestId("deal-summary");
    await brief.waitFor();
    const box = await brief.boundingBox();
    expect(box!.y + box!.height).toBeLessThan(768);
    const text = (await brief.textContent()) ?? "";
    expect(text).toMatch(/Stage\s*\S/);
    expect(text).toContain("€1,425,000.00");
    expect(text).toContain("26 Feb 2027");
    expect(text).toMatch(/Owner\s*\S/);
    await expect.poll(() => brief.getByRole("link").count()).toBeGreaterThan(0); // the account
    await screenshot(admin, "web-trial-deal-brief");
  });

  it("board cards: 'Open deal' links, amounts rounded as the columns' totals", async () => {
    await admin.goto("/w/demo/pipeline");
    const link = admin.getByTestId(`open-deal-${dealId}`);
    await link.waitFor();
    expect((await link.textContent())?.trim()).toBe("Open deal");
    expect(await link.getAttribute("aria-label")).toBe("Open deal Trial brand refresh");
    const card = admin.locator(`[data-deal-id="${dealId}"]`).or(link.locator(".."));
    const text = (await card.first().textContent()) ?? "";
    expect(text).toMatch(/€1\.4M/);
    expect(text).not.toContain("1,425,000.00");
    await screenshot(admin, "web-trial-board");
  });

  it("a viewer's forecast says once why its amounts are masked", async () => {
    await viewer.goto("/w/demo/forecast");
    const notice = viewer.getByTestId("masked-notice");
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/masked for you: [a-z]/);
    await viewer.getByTestId("quota-attainment").waitFor();
    await viewer.waitForLoadState("networkidle");
    expect(await viewer.getByTestId("masked-legend").count()).toBe(0);
    await screenshot(viewer, "web-trial-viewer-forecast");
  });

  it("the forecast's legend in category order, its axis in euros", async () => {
    await admin.goto("/w/demo/forecast");
    const chart = admin
      .getByRole("figure", { name: "Forecast by owner and category" })
      .or(admin.locator('[aria-label="Forecast by owner and category"]'));
    await chart.first().waitFor();
    const legend = await chart.first().locator('[class*="legendItemName"]').allTextContents();
    // The table's columns are the domain's categories in order (Lost aside, which the chart does not draw).
    const headers = await admin
      .getByRole("table", { name: "Forecast by owner" })
      .locator("thead th")
      .allTextContents();
    expect(legend).toEqual(headers.slice(1, -1));
    const ticks = await chart.first().locator(".recharts-cartesian-axis-tick-value").allTextContents();
    expect(ticks.some((t) => t.includes("€"))).toBe(true);
    await screenshot(admin, "web-trial-forecast");
  });

  it("a call's form: no logging checks in words, outbound by default, no contact who has left", async () => {
    await admin.goto(`/w/demo/records/opportunities/${dealId}`);
    await admin.getByRole("button", { name: "Log a call" }).click();
    const dialog = admin.getByRole("dialog", { name: "Log a call" });
    await dialog.waitFor();
    expect(await dialog.textContent()).not.toContain("Checked when you send it");
    expect(await dialog.getByLabel(/^Direction/).inputValue()).toBe("Outbound");
    await dialog.getByLabel(/^With/).click();
    const options = await admin.getByRole("option").allTextContents();
    expect(options.length).toBeGreaterThan(0);
    expect(options.join(" | ")).not.toContain(left.name!);
    await screenshot(admin, "web-trial-log-call");
    await admin.keyboard.press("Escape");
  });

  it("a meeting's form asks no direction, and says its moment as every page says dates", async () => {
    await admin.goto(`/w/demo/records/opportunities/${dealId}`);
    await admin.getByRole("button", { name: "Log a meeting" }).click();
    const dialog = admin.getByRole("dialog", { name: "Log a meeting" });
    await dialog.waitFor();
    expect(await dialog.getByLabel(/^Direction/).count()).toBe(0);
    await dialog
      .getByLabel(/^Summary/)
      .first()
      .waitFor();
    // The browser draws the field in its own locale: the moment is also said in the app's words under it.
    expect(await dialog.textContent()).toMatch(/\b\w{3}, \d{1,2} \w{3} \d{4}, \d{2}:\d{2} \(your time\)/);
    await screenshot(admin, "web-trial-log-meeting");
    await admin.keyboard.press("Escape");
  });
});
