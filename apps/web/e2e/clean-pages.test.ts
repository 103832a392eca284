// Every page of the app, visited signed out, as the demo's admin and as a viewer, in a real Chromium against the
// real API (one server, one browser for the file): no page logs a console error or an uncaught exception, no
// request fails or answers an error status, and axe-core finds no serious or critical accessibility violation.
// Each visit's problems are collected and the test fails once per role with all of them, page by page.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults } from "axe-core";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIST_NAMES } from "../src/pages/lists/list-views.ts";
import { DEMO_LOGIN, launchChromium, type RunningApp, signIn, skipReason, startApp } from "./harness.ts";

if (skipReason) console.warn(`web end-to-end tests (clean pages) skipped: ${skipReason}`);

const WS = "/api/workspaces/demo";
/** axe-core's browser build (axe.min.js), evaluated in each page: its own documented way to run in any browser. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
/** CLEAN_PAGES_SHOTS=<folder>: a PNG of every visit there, to look at (not the tracked screenshots). */
const shots = process.env.CLEAN_PAGES_SHOTS;

/** The first record's id of a list, read as the admin. */
async function firstId(page: Page, list: string, query = ""): Promise<string> {
  const res = await page.request.get(`${WS}/${list}?limit=1${query}`);
  expect(res.status(), await res.text()).toBe(200);
  const id = ((await res.json()) as { items: { id: string }[] }).items[0]?.id;
  expect(id, `a record in ${list}`).toBeDefined();
  return id!;
}

/** What one visit found wrong: console errors, failed requests, serious and critical axe violations. */
async function visit(page: Page, path: string, name: string): Promise<string[]> {
  const problems: string[] = [];
  const onConsole = (m: { type(): string; text(): string }) => {
    // A warning too (Recharts' "width(-1) and height(-1) of chart" was one on every chart's first draw).
    if (m.type() === "error" || m.type() === "warning")
      problems.push(`console ${m.type()}: ${m.text().slice(0, 300)}`);
  };
  const onPageError = (e: Error) => problems.push(`uncaught: ${e.message.slice(0, 300)}`);
  const onFailed = (r: { url(): string; failure(): { errorText: string } | null }) => {
    // A request the page itself stopped (a query cancelled by navigation) is no failure of the app.
    if (r.failure()?.errorText !== "net::ERR_ABORTED") problems.push(`request failed: ${r.url()}`);
  };
  const onResponse = (r: { url(): string; status(): number; request(): { method(): string } }) => {
    if (r.status() >= 400) problems.push(`${r.status()} from ${r.request().method()} ${r.url()}`);
  };
  page.on("console", onConsole);
  page.on("pageerror", onPageError);
  page.on("requestfailed", onFailed);
  page.on("response", onResponse);
  try {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    // The page has drawn its heading (every page has one), and its loaders are gone.
    await page
      .locator("h1")
      .first()
      .waitFor({ timeout: 15_000 })
      .catch(() => problems.push("no level-1 heading after 15 s"));
    await page
      .locator(".mantine-Loader-root")
      .first()
      .waitFor({ state: "detached", timeout: 15_000 })
      .catch(() => problems.push("still loading after 15 s"));
    // Evaluated, not added as a <script>: the app's Content-Security-Policy rightly refuses inline scripts.
    await page.evaluate(AXE_SOURCE);
    const axe = await page.evaluate(() =>
      (globalThis as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run(),
    );
    for (const v of axe.violations)
      if (v.impact === "serious" || v.impact === "critical")
        problems.push(
          `axe ${v.impact} ${v.id}: ${v.help} — ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(" "))
            .join(" | ")}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : ""}`,
        );
    if (shots) await page.screenshot({ path: `${shots}/${name}.png` });
  } finally {
    page.off("console", onConsole);
    page.off("pageerror", onPageError);
    page.off("requestfailed", onFailed);
    page.off("response", onResponse);
  }
  return problems.map((p) => `${path}: ${p}`);
}

describe.skipIf(skipReason !== undefined)(
  "every page: a clean console, no failed request, no serious accessibility violation",
  { timeout: 240_000 },
  () => {
    let app: RunningApp;
    let browser: Browser;
    let admin: BrowserContext;
    let adminPage: Page;
    let pages: readonly { path: string; name: string }[] = [];
    const viewer = { email: `vera-${Date.now()}@example.com`, password: "correct-horse-9" };

    beforeAll(async () => {
      [app, browser] = await Promise.all([startApp({ demoDeals: 30, timeoutMs: 240_000 }), launchChromium()]);
      admin = await browser.newContext({ baseURL: app.url, viewport: { width: 1360, height: 900 } });
      adminPage = await admin.newPage();
      await signIn(adminPage, DEMO_LOGIN.email, DEMO_LOGIN.password);
      const [account, contract, deal, task] = await Promise.all([
        firstId(adminPage, "accounts"),
        firstId(adminPage, "contracts"),
        firstId(adminPage, "opportunities"),
        firstId(adminPage, "tasks"),
      ]);
      const w = "/w/demo";
      pages = [
        { path: `${w}/today`, name: "today" },
        { path: `${w}/inbox`, name: "inbox" },
        { path: `${w}/pipeline`, name: "pipeline" },
        { path: `${w}/accounts`, name: "accounts" },
        { path: `${w}/accounts/${account}`, name: "account" },
        { path: `${w}/accounts/${account}/report`, name: "client-report" },
        { path: `${w}/targets`, name: "target-lists" },
        { path: `${w}/targets/tl-agency-new-clients`, name: "target-list" },
        { path: `${w}/contracts/${contract}`, name: "contract" },
        { path: `${w}/records/opportunities/${deal}`, name: "deal" },
        { path: `${w}/records/tasks/${task}`, name: "task" },
        { path: `${w}/forecast`, name: "forecast" },
        { path: `${w}/metrics`, name: "metrics" },
        { path: `${w}/pnl`, name: "pnl" },
        { path: `${w}/pnl?period=whole&account=${account}`, name: "pnl-account" },
        ...LIST_NAMES.map((l) => ({ path: `${w}/lists/${l}`, name: `list-${l}` })),
        { path: `${w}/search?q=dune`, name: "search" },
        { path: `${w}/settings`, name: "settings" },
      ];

      // A viewer, invited by the admin, who signs up and joins.
      const invitation = await adminPage.request.post(`${WS}/invitations`, {
        data: { email: viewer.email, role: "viewer" },
      });
      expect(invitation.status(), await invitation.text()).toBe(201);
      const token = String(((await invitation.json()) as { token: string }).token);
      const v = await browser.newContext({ baseURL: app.url });
      try {
        const signUp = await v.request.post("/api/auth/sign-up/email", {
          data: { email: viewer.email, password: viewer.password, name: "Vera Viewer" },
          headers: { Origin: app.url },
        });
        expect(signUp.status(), await signUp.text()).toBeLessThan(300);
        const accepted = await v.request.post(`/api/invitations/${encodeURIComponent(token)}/accept`, {
          headers: { Origin: app.url },
        });
        expect(accepted.status(), await accepted.text()).toBeLessThan(300);
      } finally {
        await v.close();
      }
    }, 300_000);

    afterAll(async () => {
      await admin?.close();
      await browser?.close();
      await app?.stop();
    });

    it("signed out: the sign-in and sign-up pages, and the first visit to /", async () => {
      const context = await browser.newContext({ baseURL: app.url, viewport: { width: 1360, height: 900 } });
      const page = await context.newPage();
      try {
        const problems = [
          ...(await visit(page, "/", "signed-out-home")),
          ...(await visit(page, "/sign-in", "sign-in")),
          ...(await visit(page, "/sign-up", "sign-up")),
        ];
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it("signed out: the sign-in page offers the demo's people by role; the viewer's button signs in as the viewer", async () => {
      const context = await browser.newContext({ baseURL: app.url, viewport: { width: 1360, height: 900 } });
      const page = await context.newPage();
      try {
        await page.goto("/sign-in");
        const offered = page.getByRole("region", { name: "Or look around the demo as" }).getByRole("button");
        await expect
          .poll(() => offered.allTextContents())
          .toEqual(["Admin", "Director", "Supervisor", "Account executive", "Assistant", "Viewer"]);
        await offered.getByText("Viewer", { exact: true }).click();
        await page.waitForURL(/\/w\/demo\//);
        const me = (await (await page.request.get("/api/me")).json()) as { workspaces: { role: string }[] };
        expect(me.workspaces.map((w) => w.role)).toEqual(["viewer"]);
        // The board as a viewer: amounts masked (a drawn lock, not an emoji a browser may lack), no "New deal",
        // no invitation to drop deals on the closing stages.
        await page.goto("/w/demo/pipeline");
        await page.getByTestId("board").waitFor();
        await page.locator('[data-masked="true"] svg').first().waitFor();
        // Why, said once at the top of the page — not in the name of every card and amount ("masked (…)").
        await expect.poll(() => page.getByTestId("masked-legend").count()).toBe(1);
        expect(await page.getByRole("button", { name: /masked/ }).count()).toBe(0);
        expect(await page.getByRole("button", { name: /^New deal in / }).count()).toBe(0);
        await page.getByTestId("closing-stages").getByText("Deals closed as won leave the board.").waitFor();
        // A page of masked figures says why once, at its top.
        await page.goto("/w/demo/forecast");
        await expect
          .poll(() => page.getByTestId("masked-notice").textContent())
          .toMatch(/^Amounts here are masked for you: \S/);
      } finally {
        await context.close();
      }
    });

    it("as the demo's admin: every page", async () => {
      const problems: string[] = [];
      for (const p of pages) problems.push(...(await visit(adminPage, p.path, `clean-admin-${p.name}`)));
      expect(problems).toEqual([]);
    });

    it("as a viewer: every page", async () => {
      const context = await browser.newContext({ baseURL: app.url, viewport: { width: 1360, height: 900 } });
      const page = await context.newPage();
      try {
        await signIn(page, viewer.email, viewer.password);
        const problems: string[] = [];
        for (const p of pages) problems.push(...(await visit(page, p.path, `clean-viewer-${p.name}`)));
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it("signing out: the sign-in page it lands on logs nothing, and no signed-in read is asked again", async () => {
      const context = await browser.newContext({ baseURL: app.url, viewport: { width: 1360, height: 900 } });
      const page = await context.newPage();
      const problems: string[] = [];
      try {
        await signIn(page, viewer.email, viewer.password);
        await page.goto("/w/demo/inbox");
        await page.getByRole("heading", { name: "Inbox", level: 1 }).waitFor();
        await page.waitForLoadState("networkidle");
        page.on("console", (m) => {
          if (m.type() === "error" || m.type() === "warning")
            problems.push(`console ${m.type()}: ${m.text()}`);
        });
        page.on("response", (r) => {
          if (r.status() >= 400) problems.push(`${r.status()} from ${r.request().method()} ${r.url()}`);
        });
        await page.getByRole("button", { name: "Sign out" }).click();
        await page.waitForURL((url) => url.pathname === "/sign-in");
        await page.getByRole("heading", { level: 1 }).first().waitFor();
        await page.waitForLoadState("networkidle");
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it("the palette: keys typed right after Ctrl-K are its query, Enter opens the best match", async () => {
      const page = adminPage;
      await page.goto("/w/demo/today");
      await page.getByRole("heading", { name: "Today", level: 1 }).waitFor();
      // Typed at once, while the palette's code loads: "dune" holds N (Inbox) and E (Escalations), which must not
      // run as shortcuts, and every letter must reach the palette's field.
      await page.keyboard.press("Control+K");
      await page.keyboard.type("dune");
      const field = page.getByRole("textbox", { name: "Find" });
      await expect.poll(() => field.inputValue()).toBe("dune");
      expect(new URL(page.url()).pathname).toBe("/w/demo/today");
      const actions = page.locator(".mantine-Spotlight-action");
      await expect.poll(() => actions.first().textContent(), { timeout: 15_000 }).toContain("Dune");
      await page.keyboard.press("Enter");
      await page.waitForURL((url) => !url.pathname.endsWith("/today"));
      expect(new URL(page.url()).pathname).not.toContain("/search");
      await page.getByRole("heading", { level: 1, name: /Dune/ }).waitFor();
    });

    it("the palette: a query that finds nothing says so, with no empty heading", async () => {
      const page = adminPage;
      await page.goto("/w/demo/today");
      await page.getByRole("heading", { name: "Today", level: 1 }).waitFor();
      const field = page.getByRole("textbox", { name: "Find" });
      // A query that finds nothing: "Nothing found", and no "Found" heading over an empty group.
      await page.keyboard.press("Control+K");
      await field.waitFor();
      await field.fill("qqxzv");
      await page.getByText("Nothing found").waitFor();
      const labels = await page
        .locator(".mantine-Spotlight-actionsGroup")
        .evaluateAll((groups) => groups.map((g) => getComputedStyle(g, "::before").content));
      expect(labels.filter((l) => l.includes("Found"))).toEqual([]);
      await page.keyboard.press("Escape");
    });
  },
);
