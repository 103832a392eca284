// Target lists in a real Chromium against the real API (demo workspace): the navigation's "Target lists" page
// lists the demo's lists; a list's page shows its criteria, its funnel (the chart and each step's count and
// conversion) and its members (linked to their accounts, the fit's reasons on hover); "Add matching accounts"
// says first how many would be added, then adds them, and the funnel counts them.
import type { Browser, BrowserContext, Page } from "playwright-core";
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

if (skipReason) console.warn(`web end-to-end tests (target list) skipped: ${skipReason}`);

interface Funnel {
  list: { name: string };
  steps: { step: string; count: number }[];
  members: { accountId: string; name: string | null; fit: { score: number } }[];
}

describe.skipIf(skipReason !== undefined)("a target list's funnel", () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const ws = "/api/workspaces/demo";

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp({ demoDeals: 30 }), launchChromium()]);
    context = await browser.newContext({ baseURL: app.url, viewport: { width: 1360, height: 960 } });
    page = await context.newPage();
    await signIn(page, DEMO_LOGIN.email, DEMO_LOGIN.password);
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
  });

  async function post(path: string, body: unknown): Promise<void> {
    const res = await page.request.post(path, { data: body as object });
    expect(res.status(), `${path}: ${await res.text()}`).toBeLessThan(300);
  }

  it("opens the demo's list from the navigation and shows its funnel and members", async () => {
    const funnel = (await (
      await page.request.get(`${ws}/targets/tl-agency-new-clients/funnel`)
    ).json()) as Funnel;
    const member = funnel.members.find((m) => m.name !== null)!;
    expect(member).toBeDefined();

    await page.getByRole("link", { name: "Target lists" }).first().click();
    await page.waitForURL(/\/w\/demo\/targets$/);
    const lists = page.getByRole("table", { name: "Target lists" });
    await lists.getByRole("link", { name: funnel.list.name }).click();
    await page.waitForURL(/\/w\/demo\/targets\/tl-agency-new-clients$/);
    await page.getByRole("heading", { level: 1, name: funnel.list.name }).waitFor();

    // The funnel: a chart, and each step's count as the service counts it.
    const chart = page.getByTestId("target-funnel");
    await chart.locator(".recharts-surface").first().waitFor();
    for (const step of funnel.steps)
      await expect
        .poll(() => chart.locator(`tr[data-step="${step.step}"] td`).nth(1).textContent())
        .toBe(String(step.count));
    await chart.getByText("From the step before").waitFor();

    // A member, linked to its account, with its fit; the reasons show on hover.
    const members = page.getByTestId("target-members");
    const row = members.getByRole("row").filter({ hasText: member.name! });
    await row.getByRole("link", { name: member.name! }).waitFor();
    const fit = row.getByTestId("fit-score");
    expect(await fit.textContent()).toBe(`${member.fit.score} / 100`);
    await fit.hover();
    await page
      .getByRole("tooltip")
      .getByText(/industry/i)
      .first()
      .waitFor();
    await screenshot(page, "target-list");

    await row.getByRole("link", { name: member.name! }).click();
    await page.waitForURL(new RegExp(`/w/demo/accounts/${member.accountId}$`));
  });

  it("adds the accounts a list's criteria match, saying how many first", async () => {
    await post(`${ws}/accounts`, {
      accountId: "e2e-widgets",
      name: "Widgets E2E",
      ownerId: "demo-admin",
      industry: "E2E Widgets",
    });
    await post(`${ws}/targets`, {
      targetListId: "e2e-widget-makers",
      name: "Widget makers",
      ownerId: "demo-admin",
      goal: "One widget maker",
      criteria: { industries: ["E2E Widgets"] },
    });
    await page.goto("/w/demo/targets/e2e-widget-makers");
    await page.getByRole("heading", { level: 1, name: "Widget makers" }).waitFor();
    await page.getByTestId("target-criteria").getByText("E2E Widgets").waitFor();
    await page.getByTestId("target-members").getByText("No account on the list yet").waitFor();

    const panel = page.getByTestId("target-add-matching");
    await panel.getByRole("button", { name: "Add matching accounts" }).click();
    await panel.getByText("1 account matches:").waitFor();
    await panel.getByText("Widgets E2E").waitFor();
    await panel.getByRole("button", { name: "Add 1 account" }).click();

    const members = page.getByTestId("target-members");
    await members.getByRole("link", { name: "Widgets E2E" }).waitFor();
    await expect
      .poll(() => page.getByTestId("target-funnel").locator('tr[data-step="target"] td').nth(1).textContent())
      .toBe("1");
    // The list's own commands, through the generic forms: a draft list can be activated.
    await page.getByTestId("record-commands").locator('[data-command="ActivateTargetList"]').waitFor();
  });

  it("imports accounts named in pasted lines and in a CSV file, a preview first, every row accounted for", async () => {
    await post(`${ws}/accounts`, { accountId: "e2e-gadgets", name: "Gadgets E2E", ownerId: "demo-admin" });
    await post(`${ws}/accounts`, { accountId: "e2e-gizmos", name: "Gizmos E2E", ownerId: "demo-admin" });
    await post(`${ws}/targets`, {
      targetListId: "e2e-imported",
      name: "Imported leads",
      ownerId: "demo-admin",
    });
    await page.goto("/w/demo/targets/e2e-imported");
    await page.getByRole("heading", { level: 1, name: "Imported leads" }).waitFor();

    const panel = page.getByTestId("target-import");
    await panel.getByLabel("Account names or ids, one a line").fill("gadgets  e2e\nNo Such Company\n");
    await panel.getByRole("button", { name: "Preview" }).click();
    const outcome = panel.getByTestId("target-import-outcome");
    await outcome.getByText("1 account would be added, 0 skipped, 1 rejected (of 2 rows).").waitFor();
    await outcome.getByRole("row", { name: /2 No Such Company Rejected/ }).waitFor();
    const members = page.getByTestId("target-members");
    expect(await members.getByRole("link", { name: "Gadgets E2E" }).count()).toBe(0);
    await outcome.getByRole("button", { name: "Import 1 account" }).click();
    await members.getByRole("link", { name: "Gadgets E2E" }).waitFor();
    await outcome.getByText("1 account added, 0 skipped, 1 rejected (of 2 rows).").waitFor();

    // A CSV file: the column naming the accounts found by its header, the preview at once, the rest as above.
    await panel.locator('input[type="file"]').setInputFiles({
      name: "leads.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("Region;Company\nEU;Gizmos E2E\nEU;Gadgets E2E\n"),
    });
    await outcome.getByText("1 account would be added, 1 skipped, 0 rejected (of 2 rows).").waitFor();
    await expect.poll(() => panel.getByLabel("Column naming the accounts").inputValue()).toBe("Company");
    await outcome.getByRole("button", { name: "Import 1 account" }).click();
    await members.getByRole("link", { name: "Gizmos E2E" }).waitFor();
  });

  it("creates a list from the Target lists page's own button and opens it", async () => {
    await page.goto("/w/demo/targets");
    await page.getByRole("heading", { level: 1, name: "Target lists" }).waitFor();
    await page.getByRole("button", { name: "Create target list" }).click();
    const dialog = page.getByRole("dialog");
    const form = dialog.getByRole("form", { name: "Create target list" });
    await form.getByLabel(/^Name/).fill("Trade fair leads");
    await form.getByRole("button", { name: "Create target list" }).click();
    await page.waitForURL(/\/w\/demo\/targets\/[^/]+$/);
    await page.getByRole("heading", { level: 1, name: "Trade fair leads" }).waitFor();
  });
});
