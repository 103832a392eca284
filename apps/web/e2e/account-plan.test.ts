// An account plan with its whitespace, in a real Chromium against the real API (demo workspace): the account page's
// "Account plan" section shows the plan's objectives (an overdue one in red), its risks with their severity, the
// stakeholder map it works with and its next review; the whitespace matrix places each service line as bought, in
// pipeline or not offered with the revenue at stake; and the review is started and completed with the page's own
// command forms (the If-Match of each is the version the page read); the review then waits in the inbox and on
// Today once it is near.
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

if (skipReason) console.warn(`web end-to-end tests (account plan) skipped: ${skipReason}`);

const eur = (major: number) => ({ amount: major * 100, currency: "EUR" });
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(skipReason !== undefined)("an account plan with its whitespace", () => {
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
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
  });

  async function post(path: string, body: unknown): Promise<void> {
    const res = await page.request.post(path, { data: body as object });
    expect(res.status(), `${path}: ${await res.text()}`).toBeLessThan(300);
  }

  const deal = (id: string, input: Record<string, unknown>) =>
    post(`${ws}/opportunities`, {
      type: "ImportOpportunity",
      opportunityId: id,
      accountId: "e2e-plan",
      ownerId: "demo-admin",
      name: id,
      opportunityType: "new_business",
      closeDate: day(60),
      importedFrom: { source: "e2e" },
      ...input,
    });

  it("shows the plan, its risks and whitespace, and takes it through a review with the page's forms", async () => {
    await post(`${ws}/accounts`, { accountId: "e2e-plan", name: "Plan E2E", ownerId: "demo-admin" });
    await deal("e2e-won-media", {
      stageId: "closed_won",
      closedAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
      serviceLine: "Media",
      amount: eur(90_000),
    });
    await deal("e2e-open-quantum", { stageId: "proposal", serviceLine: "Quantum", amount: eur(40_000) });
    await post(`${ws}/plans`, {
      planId: "e2e-plan-fy",
      accountId: "e2e-plan",
      ownerId: "demo-admin",
      title: "Plan E2E – the year ahead",
      periodStart: day(-60),
      periodEnd: day(300),
      ambition: "Lead agency for media, and open the quantum line",
    });
    await post(`${ws}/plans/e2e-plan-fy/add-objective`, {
      objectiveId: "e2e-obj-1",
      title: "Sign the quantum pilot",
      ownerId: "demo-admin",
      dueDate: day(90),
    });
    await post(`${ws}/plans/e2e-plan-fy/add-risk`, {
      riskId: "e2e-risk-1",
      description: "The sponsor leaves",
      likelihood: "high",
      impact: "high",
      mitigation: "Meet the CFO",
      ownerId: "demo-admin",
    });
    await post(`${ws}/plans/e2e-plan-fy/activate`, { nextReviewOn: day(3) });

    await page.goto("/w/demo/accounts/e2e-plan");
    const plan = page.getByTestId("account-plan");
    await plan.getByText("Plan E2E – the year ahead").waitFor();
    await expect.poll(() => page.getByTestId("plan-status").textContent()).toBe("Active");
    await expect
      .poll(() => page.getByTestId("plan-objectives").textContent())
      .toContain("Sign the quantum pilot");
    await expect
      .poll(() => page.getByTestId("plan-risks").textContent())
      .toMatch(/The sponsor leaves.*critical/);
    await expect.poll(() => page.getByTestId("plan-stakeholders").textContent()).toContain("stakeholder map");

    const matrix = page.getByTestId("account-whitespace");
    await matrix.locator('tr[data-line="Media"][data-state="bought"]').waitFor();
    await expect.poll(() => matrix.locator('tr[data-line="Media"]').textContent()).toContain("90,000");
    await expect
      .poll(() => matrix.locator('tr[data-line="Quantum"][data-state="in_pipeline"]').textContent())
      .toContain("40,000");
    // The demo's lines this account was never offered are there too, each with its estimate or "no estimate".
    expect(await matrix.locator('tr[data-state="not_offered"]').count()).toBeGreaterThan(0);
    await screenshot(page, "account-plan");

    const sent: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && r.url().includes("/plans/e2e-plan-fy/"))
        sent.push(`${r.url().split("/").pop()} ${r.headers()["if-match"] ?? "no If-Match"}`);
    });
    const commands = page.getByTestId("record-commands").filter({ hasText: "Plan commands" });
    await commands.locator('[data-command="StartReview"]').click();
    await page.getByRole("dialog").getByRole("button", { name: "Start review" }).click();
    await expect.poll(() => page.getByTestId("plan-status").textContent()).toBe("Under review");

    await commands.locator('[data-command="CompleteReview"]').click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/Next review on/i).fill(day(90));
    await dialog.getByLabel(/Summary/i).fill("Quantum pilot on track; media renewed");
    await dialog.getByRole("button", { name: "Complete review" }).click();
    await expect.poll(() => page.getByTestId("plan-status").textContent()).toBe("Active");
    await expect
      .poll(() => page.getByTestId("plan-review").textContent())
      .toContain("Quantum pilot on track");
    expect(sent).toEqual(['start-review "4"', 'complete-review "5"']);
  });

  it("reminds the owner of the review in the inbox and on Today", async () => {
    await page.goto("/w/demo/today");
    await page.getByTestId("today-plan-reviews").waitFor();
    // Reviewed today, next in 90 days: not due this week.
    expect(await page.getByTestId("today-plan-reviews").getByText("Plan E2E – the year ahead").count()).toBe(
      0,
    );
    await post(`${ws}/plans/e2e-plan-fy/edit-plan`, { nextReviewOn: day(2) });
    await page.goto("/w/demo/inbox");
    await page.getByText("Review the account plan: Plan E2E – the year ahead").waitFor();
    await page.goto("/w/demo/today");
    await page.getByTestId("today-plan-reviews").getByText("Plan E2E – the year ahead").waitFor();
    await screenshot(page, "today-plan-reviews");
  });
});
