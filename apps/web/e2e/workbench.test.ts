// The workbench in a real Chromium against the real API: a new user's first steps (sign up, a workspace, an
// account), a deal moved across the board — with a drop the domain blocks, which says why and sends nothing —
// and the demo admin's Today. Every page visited is saved as a screenshot in apps/web/screenshots/ when asked for (WEB_SCREENSHOTS=1).
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_LOGIN,
  dragTo,
  launchChromium,
  type RunningApp,
  screenshot,
  skipReason,
  startApp,
} from "./harness.ts";

if (skipReason) console.warn(`web end-to-end tests skipped: ${skipReason}`);

describe.skipIf(skipReason !== undefined)("the workbench in Chromium", () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const email = `sam-${Date.now()}@example.com`;
  let workspaceId = "";

  beforeAll(async () => {
    // Enough history that the open pipeline holds deals of several types (the type filter is tried on it).
    [app, browser] = await Promise.all([startApp({ demoDeals: 120 }), launchChromium()]);
    context = await browser.newContext({ baseURL: app.url, viewport: { width: 1360, height: 860 } });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
  });

  /** POSTs as the signed-in user (the page's session cookie), answering the JSON body. */
  async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
    const res = await page.request.post(path, { data: body as object });
    expect(res.status(), `${path}: ${await res.text()}`).toBeLessThan(300);
    return (await res.json()) as Record<string, unknown>;
  }

  it("signs up, creates a workspace and adds an account", async () => {
    await page.goto("/sign-up");
    await page.getByLabel(/^Name/).fill("Sam Seller");
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill("correct-horse-1");
    await screenshot(page, "sign-up");
    await page.getByRole("button", { name: "Sign up" }).click();

    await page.waitForURL("**/workspaces/new");
    await page.getByLabel("Workspace name").fill("Northwind Agency");
    await screenshot(page, "new-workspace");
    await page.getByRole("button", { name: "Create workspace" }).click();

    await page.waitForURL(/\/w\/[^/]+\/today$/);
    workspaceId = new URL(page.url()).pathname.split("/")[2]!;
    await page.getByRole("heading", { name: "Today", level: 1 }).waitFor();

    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: /^Accounts/ })
      .click();
    await page.waitForURL(/\/accounts$/);
    const form = page.getByRole("form", { name: "New account" });
    await form.getByLabel("Name").fill("Acme GmbH");
    await form.getByLabel("Industry").fill("Manufacturing");
    await form.getByRole("button", { name: "Add account" }).click();
    await page.getByRole("cell", { name: "Acme GmbH" }).waitFor();
    await screenshot(page, "accounts");

    // The same name again: the domain refuses a namesake, the page asks; cancelled, nothing is added, and "Add
    // it anyway" adds the second one on purpose.
    await form.getByLabel("Name").fill("Acme GmbH");
    await form.getByRole("button", { name: "Add account" }).click();
    const taken = page.getByRole("alert").filter({ hasText: "This name is taken" });
    await taken.waitFor();
    await taken.getByRole("button", { name: "Cancel" }).click();
    expect(await page.getByRole("cell", { name: "Acme GmbH" }).count()).toBe(1);
    await form.getByRole("button", { name: "Add account" }).click();
    await taken.getByRole("button", { name: "Add it anyway" }).click();
    await expect.poll(() => page.getByRole("cell", { name: "Acme GmbH" }).count()).toBe(2);
  });

  it("moves a deal across the board; a blocked drop says why and sends nothing", async () => {
    expect(workspaceId).not.toBe("");
    const me = (await (await page.request.get("/api/me")).json()) as {
      workspaces: { id: string; memberId: string }[];
    };
    const memberId = me.workspaces.find((w) => w.id === workspaceId)!.memberId;
    const ws = `/api/workspaces/${workspaceId}`;
    const accounts = (await (await page.request.get(`${ws}/accounts`)).json()) as { items: { id: string }[] };
    const accountId = accounts.items[0]!.id;
    await post(`${ws}/opportunities`, {
      opportunityId: "acme-retainer",
      accountId,
      ownerId: memberId,
      name: "Acme retainer",
      opportunityType: "new_business",
      amount: { amount: 12_000_000, currency: "EUR" },
      closeDate: "2027-03-31",
    });

    const commands: string[] = [];
    // Reads of the one deal (the board sends the card's version as If-Match: no read before or after a move),
    // and the board's list requests (one per open stage, all sent before the first answers).
    const dealReads: string[] = [];
    const stageReads: { url: string; at: number; done?: number }[] = [];
    const track = (r: Request) => {
      if (r.method() === "POST" && /\/opportunities\/[^/]+\/[a-z-]+$/.test(r.url())) commands.push(r.url());
      if (r.method() === "GET" && /\/opportunities\/acme-retainer(\?|$)/.test(r.url()))
        dealReads.push(r.url());
      if (r.method() === "GET" && /\/opportunities\?.*stageId=/.test(r.url()))
        stageReads.push({ url: r.url(), at: Date.now() });
    };
    const answered = (r: Request) => {
      const read = stageReads.find((s) => s.url === r.url() && s.done === undefined);
      if (read) read.done = Date.now();
    };
    page.on("requestfinished", answered);
    page.on("request", track);

    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: /^Pipeline/ })
      .click();
    await page.locator('[data-testid="board"][data-ready="true"]').waitFor();
    const card = '[data-deal-id="acme-retainer"]';
    await page.locator(`[data-stage-id="prospecting"] ${card}`).waitFor();
    await expect.poll(() => page.getByTestId("totals-prospecting").textContent()).toContain("1 deal");
    // The card names its account.
    await expect.poll(() => page.locator(card).textContent()).toContain("Acme GmbH");
    // Each open stage's deals were asked for at once: every request went out before the first answer came.
    const openStages = ["prospecting", "discovery", "proposal", "negotiation"];
    expect(stageReads.map((r) => new URL(r.url).searchParams.get("stageId")).sort()).toEqual(
      [...openStages].sort(),
    );
    const firstAnswer = Math.min(...stageReads.map((r) => r.done ?? Number.POSITIVE_INFINITY));
    for (const r of stageReads) expect(r.at).toBeLessThanOrEqual(firstAnswer);

    // Prospecting → Discovery with the keyboard: Space picks the card up, → chooses the next stage, Space drops.
    // (dnd-kit measures the columns once a drag starts: wait for its announcements, as a screen reader would.)
    await page.locator(card).focus();
    await page.keyboard.press("Space");
    await page.getByText("Acme retainer is over Prospecting.").waitFor({ state: "attached" });
    await page.keyboard.press("ArrowRight");
    await page.getByText("Acme retainer is over Discovery.").waitFor({ state: "attached" });
    await page.keyboard.press("Space");
    await page.locator(`[data-stage-id="discovery"] ${card}`).waitFor();
    await expect.poll(() => commands.length).toBe(1);
    expect(commands[0]).toMatch(/\/move-stage$/);

    // Discovery → Proposal is blocked by the exit criteria: the board says which, and sends nothing.
    await dragTo(page, card, '[data-stage-id="proposal"]');
    const feedback = page.getByTestId("board-feedback");
    await feedback.waitFor();
    const said = (await feedback.textContent()) ?? "";
    expect(said).toContain("cannot move to Proposal yet");
    expect(said).toContain("document at least one client need");
    expect(said).toContain("record the client's budget");
    await page.locator(`[data-stage-id="discovery"] ${card}`).waitFor();
    await screenshot(page, "pipeline-blocked-drop");
    expect(commands).toHaveLength(1);

    // With a need and a budget on record, the same drop goes through.
    await post(`${ws}/opportunities/acme-retainer/record-need`, { need: "A brand platform" });
    await post(`${ws}/opportunities/acme-retainer/set-budget`, {
      budget: { amount: 15_000_000, currency: "EUR" },
    });
    await page.getByTestId("board-feedback").getByRole("button", { name: "Dismiss" }).click();
    await page.reload();
    await page.locator('[data-testid="board"][data-ready="true"]').waitFor();
    await dragTo(page, card, '[data-stage-id="proposal"]');
    await page.locator(`[data-stage-id="proposal"] ${card}`).waitFor();
    await expect.poll(() => commands.filter((u) => u.endsWith("/move-stage")).length).toBe(2);
    const record = (await (await page.request.get(`${ws}/opportunities/acme-retainer`)).json()) as {
      state: { stageId: string };
    };
    expect(record.state.stageId).toBe("proposal");
    await screenshot(page, "pipeline");
    expect(dealReads).toEqual([]);

    // Changed by someone else meanwhile: the board's card is a version behind, the close is refused with 409, and
    // the board says so in words (and shows the deal as it now is).
    await post(`${ws}/opportunities/acme-retainer/record-need`, { need: "A new website" });
    await dragTo(page, card, '[data-stage-id="closed_lost"]');
    const reason = page.getByRole("dialog", { name: "Move Acme retainer to Closed lost" });
    await reason.getByLabel("Reason").fill("Went with another agency");
    await reason.getByRole("button", { name: "Move" }).click();
    await feedback.waitFor();
    await expect.poll(() => feedback.textContent()).toContain("Acme retainer changed meanwhile");
    expect(await feedback.textContent()).toContain("Someone changed this deal after the board was loaded");
    await page.locator(`[data-stage-id="proposal"] ${card}`).waitFor();
    await screenshot(page, "pipeline-changed-meanwhile");
    expect(commands.filter((u) => u.endsWith("/close-as-lost"))).toHaveLength(1);
    const after = (await (await page.request.get(`${ws}/opportunities/acme-retainer`)).json()) as {
      state: { status: string };
    };
    expect(after.state.status).toBe("open");
    expect(dealReads).toEqual([]);
    page.off("request", track);
    page.off("requestfinished", answered);
    await page.getByTestId("board-feedback").getByRole("button", { name: "Dismiss" }).click();

    // Every stage, the closed ones too, is in sight at 1280 px: no column lies beyond the window's edge.
    await page.setViewportSize({ width: 1280, height: 800 });
    for (const stage of [...openStages, "closed_won", "closed_lost"]) {
      const box = await page.locator(`[data-stage-id="${stage}"]`).boundingBox();
      expect(box, stage).not.toBeNull();
      expect(box!.x + box!.width, stage).toBeLessThanOrEqual(1280);
    }
    await screenshot(page, "pipeline-1280");
    await page.setViewportSize({ width: 1360, height: 860 });

    // A card's "Open" link (beside the drag handle) opens the deal's page in the app.
    await page.getByTestId("open-deal-acme-retainer").click();
    await page.waitForURL(/\/records\/opportunities\/acme-retainer$/);
    await page
      .getByRole("heading", { name: /Acme retainer/ })
      .first()
      .waitFor();
    await page.goBack();
    await page.locator('[data-testid="board"][data-ready="true"]').waitFor();
  });

  it("lets an invited colleague sign up from the invitation's link and join the workspace", async () => {
    expect(workspaceId).not.toBe("");
    const invitee = `dana-${Date.now()}@example.com`;
    const invitation = await post(`/api/workspaces/${workspaceId}/invitations`, {
      email: invitee,
      role: "account_executive",
    });
    const token = String(invitation.token);

    const other = await browser.newContext({ baseURL: app.url, viewport: { width: 1360, height: 860 } });
    const p = await other.newPage();
    try {
      await p.goto(`/invitations/${encodeURIComponent(token)}`);
      await p.getByRole("heading", { name: "Join a workspace" }).waitFor();
      await screenshot(p, "invitation");
      await p.getByRole("link", { name: "Create an account" }).click();
      await p.waitForURL(/\/sign-up\?redirect=/);
      await p.getByLabel(/^Name/).fill("Dana Doer");
      await p.getByLabel("E-mail").fill(invitee);
      await p.getByLabel("Password").fill("correct-horse-2");
      await p.getByRole("button", { name: "Sign up" }).click();

      await p.waitForURL(/\/invitations\//);
      await p.getByRole("button", { name: "Accept invitation" }).click();
      await p.waitForURL(new RegExp(`/w/${workspaceId}/today$`));
      expect(await p.locator("input[aria-label=Workspace]").first().inputValue()).toBe("Northwind Agency");
    } finally {
      await other.close();
    }
  });

  it("signs the demo admin in and shows Today", async () => {
    const demo = await browser.newContext({ baseURL: app.url, viewport: { width: 1360, height: 900 } });
    const p = await demo.newPage();
    try {
      await p.goto("/");
      await p.waitForURL("**/sign-in");
      await p.getByLabel("E-mail").fill(DEMO_LOGIN.email);
      await p.getByLabel("Password").fill(DEMO_LOGIN.password);
      await screenshot(p, "sign-in");
      await p.getByRole("button", { name: "Sign in" }).click();
      await p.waitForURL(/\/w\/[^/]+\/today$/);
      for (const section of [
        "My tasks",
        "Client deadlines",
        "Stale deals",
        "Renewals and notice deadlines",
      ]) {
        await p.getByRole("heading", { name: section }).waitFor();
      }
      await p.getByRole("heading", { name: "Escalations near or past SLA" }).waitFor();
      await p.waitForLoadState("networkidle");
      expect(await p.getByRole("alert").count()).toBe(0);
      // The first login a new user tries has work of its own: tasks assigned to the admin, and an approval.
      const tasks = p.getByTestId("today-tasks");
      await tasks.getByRole("row").nth(1).waitFor();
      expect(await tasks.textContent()).not.toContain("No open tasks");
      await expect.poll(() => p.getByTestId("inbox-unread").count()).toBe(1);
      await screenshot(p, "today");

      await p
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: /^Pipeline/ })
        .click();
      await p.locator('[data-testid="board"][data-ready="true"]').waitFor();
      await screenshot(p, "pipeline-demo");

      // The filters live in the address: only upsell deals, and the column totals count only them.
      const allCards = await p.locator("[data-deal-id]").count();
      await p.goto(`${new URL(p.url()).pathname}?type=upsell`);
      await p.locator('[data-testid="board"][data-ready="true"]').waitFor();
      await expect.poll(() => p.locator("[data-deal-id]").count()).toBeLessThan(allCards);
      const labels = await p
        .locator("[data-deal-id]")
        .evaluateAll((cards) => cards.map((c) => c.textContent ?? ""));
      expect(labels.length).toBeGreaterThan(0);
      for (const label of labels) expect(label.toLowerCase()).toContain("upsell");
    } finally {
      await demo.close();
    }
  });
});
