// The workbench's account, contract, forecast, sales-metrics, P&L, client-report and settings pages in a real Chromium against the
// real API (demo workspace): a contract taken from draft to signed with the page's own buttons — the account
// becomes onboarding —, the forecast as of a day last month, a client report printed, an API token created.
// Each page is saved as a screenshot in apps/web/screenshots/ when asked for (WEB_SCREENSHOTS=1).
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGIN, launchChromium, type RunningApp, screenshot, skipReason, startApp } from "./harness.ts";

if (skipReason) console.warn(`web end-to-end tests (pages) skipped: ${skipReason}`);

const pad = (n: number) => String(n).padStart(2, "0");

describe.skipIf(skipReason !== undefined)(
  "account, contract, forecast, client report and settings pages",
  () => {
    let app: RunningApp;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const ws = "/api/workspaces/demo";

    beforeAll(async () => {
      [app, browser] = await Promise.all([startApp({ demoDeals: 30 }), launchChromium()]);
      context = await browser.newContext({ baseURL: app.url, viewport: { width: 1360, height: 960 } });
      page = await context.newPage();
      await page.goto("/sign-in");
      await page.getByLabel("E-mail").fill(DEMO_LOGIN.email);
      await page.getByLabel("Password").fill(DEMO_LOGIN.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/w\/demo\/today$/);
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

    const text = (testId: string) => () => page.getByTestId(testId).textContent();

    it("signs a contract with the page's buttons, and the account becomes onboarding", async () => {
      await post(`${ws}/accounts`, { accountId: "e2e-acme", name: "Acme E2E", ownerId: "demo-admin" });
      await post(`${ws}/contracts`, {
        contractId: "e2e-msa",
        accountId: "e2e-acme",
        ownerId: "demo-admin",
        title: "Acme master services agreement",
        value: { amount: 1_000_000, currency: "EUR" },
        startDate: "2027-01-01",
        term: { unit: "months", count: 12 },
        noticePeriod: { unit: "months", count: 3 },
        autoRenewal: true,
      });
      const commands: string[] = [];
      page.on("request", (r) => {
        if (r.method() === "POST" && r.url().includes("/contracts/e2e-msa/"))
          commands.push(`${r.url().split("/").pop()} ${r.headers()["if-match"] ?? "no If-Match"}`);
      });

      await page.goto("/w/demo/contracts/e2e-msa");
      await expect.poll(text("contract-status")).toBe("Draft");
      const actions = page.getByTestId("contract-actions");
      // Signing is not offered from a draft: the domain's table allows it only once approvals are asked for.
      expect(await actions.getByRole("button", { name: "Sign" }).count()).toBe(0);

      await actions.getByRole("button", { name: "Start negotiating" }).click();
      await expect.poll(text("contract-status")).toBe("In negotiation");
      await actions.getByRole("button", { name: "Submit for approval" }).click();
      await expect.poll(text("contract-status")).toBe("Pending approval");
      await expect.poll(text("contract-approvals")).toContain("Supervisor must still approve");
      // Blocked before any request, with the domain's reason.
      await expect.poll(() => actions.textContent()).toMatch(/Sign:.*supervisor/i);
      await screenshot(page, "contract-pending-approval");

      await actions.getByRole("button", { name: "Approve" }).click();
      await expect.poll(text("contract-approvals")).toContain("Every required approval is in");
      await actions.getByRole("button", { name: "Sign" }).click();
      // Signing hands the contract over in the same transaction (team, kickoff tasks, checklist): a longer wait.
      await expect.poll(text("contract-status"), { timeout: 15_000 }).toBe("Signed");
      await page.getByTestId("contract-history").getByText("Contract signed").waitFor();
      // Signing handed it over to delivery (a follow-up, no request of the page's): the life cycle says so.
      await page.getByTestId("contract-history").getByText("Delivery handed over").waitFor();
      await expect
        .poll(() => page.getByTestId("handover-summary").textContent())
        .toMatch(/kickoff tasks? and \d+ onboarding checklist items? created\.$/);
      await screenshot(page, "contract");
      expect(commands).toEqual([
        'start-negotiation "1"',
        'submit-for-approval "2"',
        'approve "3"',
        'sign "4"',
      ]);

      await page.getByRole("link", { name: "Acme E2E" }).click();
      await page.waitForURL(/\/accounts\/e2e-acme$/);
      await expect.poll(text("account-status")).toBe("Onboarding");
      await page.getByTestId("account-contracts").getByText("Acme master services agreement").waitFor();
      await screenshot(page, "account-onboarding");
    });

    it("shows an active demo account's 360", async () => {
      const accounts = (await (await page.request.get(`${ws}/accounts?status=active&limit=1`)).json()) as {
        items: { id: string; name: string }[];
      };
      const account = accounts.items[0]!;
      await page.goto(`/w/demo/accounts/${account.id}`);
      await page.getByRole("heading", { name: account.name, level: 1 }).waitFor();
      for (const id of ["account-health", "account-pnl", "account-stakeholders", "account-timeline"])
        await page.getByTestId(id).waitFor();
      await page.waitForLoadState("networkidle");
      expect(await page.getByRole("alert").count()).toBe(0);
      // The whole page: the 360 is longer than a screen.
      await screenshot(page, "account", { fullPage: true });
    });

    it("lists invoices overdue first across pages, named by account with their amounts; quotas newest first", async () => {
      type Invoice = { id: string; accountId: string; status: string };
      const all = async (query: string): Promise<Invoice[]> => {
        const out: Invoice[] = [];
        let cursor: string | null = null;
        do {
          const page_ = (await (
            await page.request.get(`${ws}/invoices?${query}&limit=500${cursor ? `&cursor=${cursor}` : ""}`)
          ).json()) as { items: Invoice[]; nextCursor: string | null };
          out.push(...page_.items);
          cursor = page_.nextCursor;
        } while (cursor);
        return out;
      };
      const overdue = await all("status=overdue&sort=dueDate&order=asc");
      const everything = await all("sort=dueDate&order=asc");
      const expected = [...overdue, ...everything.filter((i) => i.status !== "overdue")].slice(0, 100);
      expect(expected.length).toBeGreaterThan(0);

      await page.goto("/w/demo/lists/invoices");
      const table = page.getByTestId("list-table");
      await table.waitFor();
      await page.waitForLoadState("networkidle");
      const rows = table.locator("[data-row-id]");
      const shown = await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute("data-row-id")));
      expect(shown.slice(0, expected.length)).toEqual(expected.map((i) => i.id));
      // The first row names its account (not its id) and shows its amount, computed from its lines.
      const first = expected[0]!;
      const account = (await (await page.request.get(`${ws}/accounts/${first.accountId}`)).json()) as {
        state: { name: string };
      };
      const cells = rows.first().locator("td");
      expect(await cells.nth(1).textContent()).toBe(account.state.name);
      expect(await cells.nth(4).textContent()).toMatch(/\d/);

      // The quotas page says "Descending" by period and shows the latest period first, as the API sorts it.
      await page.goto("/w/demo/lists/quotas");
      await table.waitFor();
      await page.waitForLoadState("networkidle");
      const quotas = (await (
        await page.request.get(`${ws}/quotas?sort=period&order=desc&limit=100`)
      ).json()) as {
        items: { id: string }[];
      };
      const shownQuotas = await table
        .locator("[data-row-id]")
        .evaluateAll((rs) => rs.map((r) => r.getAttribute("data-row-id")));
      expect(shownQuotas).toEqual(quotas.items.map((q) => q.id));
    });

    it("Export CSV downloads the server's export of the list with the page's filters", async () => {
      await page.goto("/w/demo/lists/tasks?status=open&sort=dueDate&order=desc");
      await page.getByTestId("list-table").waitFor();
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Export CSV" }).click(),
      ]);
      expect(download.suggestedFilename()).toBe("tasks.csv");
      expect(download.url()).toContain(`${ws}/tasks.csv?`);
      const path = await download.path();
      const body = (await import("node:fs")).readFileSync(path, "utf8");
      // What the API streams for the same filters, every open task (the page shows the first hundred).
      const same = await page.request.get(`${ws}/tasks.csv?status=open&sort=dueDate&order=desc`);
      expect(same.headers()["content-type"]).toBe("text/csv; charset=utf-8");
      expect(body).toBe(await same.text());
      const open = (await (await page.request.get(`${ws}/tasks?status=open&limit=500`)).json()) as {
        items: unknown[];
      };
      const lines = body.split("\n").slice(0, -1);
      // The readable CSV: the assignee named beside the id, days, no JSON.
      expect(lines[0]).toMatch(/^id,title,status,account,accountId,assignee,assigneeId,dueDate,/);
      for (const line of lines) expect(line).not.toMatch(/[{}]|T\d{2}:\d{2}:/);
      expect(lines.length - 1).toBe(open.items.length);
    });

    it("saves a list's filters as a named view on the server, opens it again, and deletes it", async () => {
      await page.goto("/w/demo/lists/tasks?status=open&sort=dueDate&order=desc");
      await page.getByTestId("list-table").waitFor();
      await page.getByRole("button", { name: "Save view…" }).click();
      await page.getByLabel("Name of the view").fill("Open, latest first");
      await page.getByRole("button", { name: "Save", exact: true }).click();
      const views = page.getByRole("group", { name: "Saved views" });
      await views.getByRole("button", { name: "Open, latest first", exact: true }).waitFor();
      // Kept on the server, for this member.
      const saved = (await (await page.request.get(`${ws}/saved-views?list=tasks`)).json()) as {
        items: { name: string; params: Record<string, string> }[];
      };
      expect(saved.items).toContainEqual(
        expect.objectContaining({
          name: "Open, latest first",
          params: { status: "open", sort: "dueDate", order: "desc" },
        }),
      );
      // From the whole list, the view brings its filters back into the address.
      await page.goto("/w/demo/lists/tasks");
      await views.getByRole("button", { name: "Open, latest first", exact: true }).click();
      await page.waitForURL(
        (u) => u.searchParams.get("status") === "open" && u.searchParams.get("order") === "desc",
      );
      await views.getByRole("button", { name: "Delete the view Open, latest first" }).click();
      await views
        .getByRole("button", { name: "Open, latest first", exact: true })
        .waitFor({ state: "detached" });
      const after = (await (await page.request.get(`${ws}/saved-views?list=tasks`)).json()) as {
        items: { name: string }[];
      };
      expect(after.items.map((v) => v.name)).not.toContain("Open, latest first");
    });

    it("opens the forecast as of a day last month", async () => {
      const forecastCalls: string[] = [];
      page.on("request", (r) => {
        if (r.url().includes("/reports/forecast")) forecastCalls.push(r.url());
      });
      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: /Forecast/ })
        .click();
      await page.waitForURL(/\/forecast/);
      await page.locator('[data-testid="forecast"][data-as-of=""]').waitFor();
      // The cards add categories up (the table shows each on its own): each is named by what it adds, in the
      // domain's words the CLI uses too, so no card is called "Best case" alone.
      expect(await page.getByTestId("rollup-Commit + won").textContent()).toContain(
        "cumulative: commit and closed won",
      );
      expect(await page.getByTestId("rollup-Best case + most likely + commit + won").textContent()).toContain(
        "cumulative: best case, most likely, commit and closed won",
      );
      expect(await page.getByTestId("rollup-Best case").count()).toBe(0);
      await page.getByTestId("quota-attainment").waitFor();
      await screenshot(page, "forecast");

      const now = new Date();
      const last = new Date(now.getFullYear(), now.getMonth() - 1, 15);
      const day = `${last.getFullYear()}-${pad(last.getMonth() + 1)}-15`;
      await page.getByLabel("As of").click();
      await page.getByRole("button", { name: "Previous month" }).click();
      await page
        .locator("[data-dates-dropdown] table button:not([data-outside])")
        .filter({ hasText: /^15$/ })
        .click();
      await page.waitForURL(new RegExp(`asOf=${day}`));
      await page.locator(`[data-testid="forecast"][data-as-of="${day}T23:59:59.999Z"]`).waitFor();
      await page.getByTestId("as-of-note").waitFor();
      expect(
        forecastCalls.some((u) => u.includes(`asOf=${encodeURIComponent(`${day}T23:59:59.999Z`)}`)),
      ).toBe(true);
      await screenshot(page, "forecast-as-of");
    });

    it("shows sales metrics with their trend: the page's figures are the API's, regrouped by owner from the page", async () => {
      const calls: string[] = [];
      page.on("request", (r) => {
        if (r.url().includes("/reports/sales-metrics")) calls.push(r.url());
      });
      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: /Metrics/ })
        .click();
      await page.waitForURL(/\/metrics/);
      await page.getByTestId("metrics").waitFor();

      // Years, the last 4: the demo's closed deals fall in them.
      await page.getByRole("textbox", { name: "Periods" }).click();
      await page.getByRole("option", { name: "Years" }).click();
      await page.waitForURL(/per=year/);
      await page.getByRole("textbox", { name: "Group by" }).click();
      await page.getByRole("option", { name: "Owner" }).click();
      await page.waitForURL(/by=owner/);
      await page.getByTestId("metrics-groups").waitFor();
      expect(calls.some((u) => u.includes("per=year") && u.includes("groupBy=owner"))).toBe(true);

      const asOf = await page.getByTestId("metrics").getAttribute("data-as-of");
      const res = await page.request.get(
        `${ws}/reports/sales-metrics?per=year&last=4&groupBy=owner&asOf=${encodeURIComponent(asOf ?? "")}`,
      );
      expect(res.status()).toBe(200);
      type Figures = {
        won: number;
        lost: number;
        winRateBasisPoints: number | null;
        averageCycleDays: number | null;
        stages: {
          pipelineId: string;
          stageId: string;
          conversionBasisPoints: number | null;
          meanDays: number | null;
        }[];
      };
      const body = (await res.json()) as {
        metrics: {
          all: { whole: Figures; trend: { period: { label: string }; figures: Figures }[] };
          groups: { key: string | null; whole: Figures }[];
        };
      };
      const { whole, trend } = body.metrics.all;
      expect(whole.won + whole.lost).toBeGreaterThan(0);
      const whole_ = page.getByTestId("metrics-whole");
      await expect
        .poll(() => whole_.textContent())
        .toContain(`${((whole.winRateBasisPoints ?? 0) / 100).toFixed(1)} %`);
      expect(await whole_.textContent()).toContain(`${whole.won} won, ${whole.lost} lost`);

      // One row per period of the trend and one for the whole span; the won counts add up to the whole.
      const periodRows = page.getByRole("table", { name: "Sales metrics per period" }).locator("tbody tr");
      await expect.poll(() => periodRows.count()).toBe(trend.length + 1);
      expect(trend.reduce((n, t) => n + t.figures.won, 0)).toBe(whole.won);
      for (const [i, t] of trend.entries()) {
        const cells = await periodRows.nth(i).locator("td").allTextContents();
        expect(cells[0]).toBe(t.period.label);
        expect(cells[1]).toBe(String(t.figures.won));
        expect(cells[2]).toBe(String(t.figures.lost));
      }
      const groupRows = page.getByRole("table", { name: "Sales metrics by owner" }).locator("tbody tr");
      await expect.poll(() => groupRows.count()).toBe(body.metrics.groups.length);
      // A line per owner who closed a deal in the span (the busiest 8 at most).
      const closers = body.metrics.groups.filter((g) => g.whole.won + g.whole.lost > 0).length;
      const byOwner = page.getByLabel("Win rate by count per period, by owner");
      await expect.poll(() => byOwner.locator(".recharts-line").count()).toBe(Math.min(closers, 8));

      // The charts draw the trend (an SVG line per series), the stages table lists the stages deals went through.
      const winChart = page.getByLabel("Win rate by count and by value, per period");
      await winChart.locator(".recharts-line").first().waitFor();
      await page.getByRole("table", { name: "Stage conversion and time in stage" }).waitFor();
      // And per period: a column per period of the trend, each cell the API's figure for that stage and period.
      const perPeriod = page.getByRole("table", { name: "Stage conversion per period" });
      expect(await perPeriod.locator("thead th").allTextContents()).toEqual([
        "Stage",
        ...trend.map((t) => t.period.label),
      ]);
      const stageOf = (f: Figures) =>
        f.stages.find((x) => x.pipelineId === "new_business" && x.stageId === "prospecting");
      const prospecting = perPeriod.getByRole("row", { name: /^New business: Prospecting/ });
      expect(await prospecting.locator("td").allTextContents()).toEqual([
        "New business: Prospecting",
        ...trend.map((t) => {
          const bp = stageOf(t.figures)?.conversionBasisPoints ?? null;
          return bp === null ? "—" : `${(bp / 100).toFixed(1)} %`;
        }),
      ]);
      const timePerPeriod = page.getByRole("table", { name: "Time in stage per period" });
      await expect
        .poll(() => timePerPeriod.locator("tbody tr").count())
        .toBe(await perPeriod.locator("tbody tr").count());
      await screenshot(page, "metrics");

      // As of a past day, from the address: the server rebuilds the deals as they stood at that day's end.
      const now = new Date();
      const past = new Date(now.getFullYear(), now.getMonth() - 1, 15);
      const day = `${past.getFullYear()}-${pad(past.getMonth() + 1)}-15`;
      await page.goto(`/w/demo/metrics?per=year&by=owner&asOf=${day}`);
      await page.locator(`[data-testid="metrics"][data-as-of="${day}T23:59:59.999Z"]`).waitFor();
      await page.getByTestId("metrics-as-of-note").waitFor();
      expect(calls.some((u) => u.includes(`asOf=${encodeURIComponent(`${day}T23:59:59.999Z`)}`))).toBe(true);

      // The address reads as typed: "last=12", not the router's JSON-quoted "last=%2212%22".
      await page.getByRole("textbox", { name: "How many" }).click();
      await page.getByRole("option", { name: "Last 12" }).click();
      await page.waitForURL(/[?&]last=12(&|$)/);
      expect(page.url()).not.toContain("%22");
      // An owner kept in the address filters the figures (it used to be dropped on the way in).
      const owner = body.metrics.groups.find((g) => g.key !== null)?.key ?? "";
      await page.goto(`/w/demo/metrics?per=year&owner=${owner}`);
      await page.getByTestId("metrics-whole").waitFor();
      await expect.poll(() => calls.some((u) => u.includes(`ownerId=${owner}`))).toBe(true);
    });

    it("shows the P&L per account for a period: the figures are the API's, an account opens onto its contracts and towers", async () => {
      const calls: string[] = [];
      page.on("request", (r) => {
        if (r.url().includes("/reports/pnl")) calls.push(r.url());
      });
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^P&L/ }).click();
      await page.waitForURL(/\/pnl/);
      // Today's quarter by default; a year from the picker, kept in the address.
      await page.getByTestId("pnl").waitFor();
      await page.locator(".mantine-SegmentedControl-root").getByText("Year", { exact: true }).click();
      const year = String(new Date().getFullYear());
      await page.waitForURL(new RegExp(`[?&]period=${year}(&|$)`));
      await page.locator(`[data-testid="pnl"][data-period="${year}"]`).waitFor();
      expect(calls.some((u) => u.includes(`period=${year}`))).toBe(true);

      type Money = { amount: number } | { masked: true };
      type Pnl = { revenue: Money; cost: Money; margin: Money };
      type Line = { planned: Pnl; actual: Pnl };
      const res = await page.request.get(`${ws}/reports/pnl?period=${year}`);
      expect(res.status()).toBe(200);
      const body = (await res.json()) as {
        accounts: (Line & {
          accountId: string;
          accountName: string;
          contracts: (Line & { title: string; plannedShare: { days: number; ofDays: number } | null })[];
        })[];
      };
      const zero = (m: Money) => "amount" in m && m.amount === 0;
      const moving = (l: Line) =>
        ![l.planned.revenue, l.planned.cost, l.actual.revenue, l.actual.cost].every(zero);
      const shown = body.accounts.filter(moving);
      expect(shown.length).toBeGreaterThan(0);
      // One row per account with figures; each row's amounts are the API's (digits compared, whatever the locale).
      const rows = page.getByRole("table", { name: "P&L per account" }).locator("tbody tr");
      await expect.poll(() => rows.count()).toBe(shown.length);
      const digits = (m: Money) => ("amount" in m ? String(Math.abs(m.amount)) : "masked");
      for (const [i, a] of shown.slice(0, 5).entries()) {
        expect(await rows.nth(i).locator("th").textContent()).toBe(a.accountName);
        const cells = (await rows.nth(i).locator("td").allTextContents()).map((c) =>
          c.includes("masked") ? "masked" : c.replace(/[^0-9]/g, "").replace(/^0+(?=\d)/, ""),
        );
        expect(cells.slice(0, 6)).toEqual(
          [
            a.planned.revenue,
            a.actual.revenue,
            a.planned.cost,
            a.actual.cost,
            a.planned.margin,
            a.actual.margin,
          ].map(digits),
        );
      }
      // No account's name is broken a word per line: each name's link lies on one line.
      const lines = await rows.locator("th a").evaluateAll((as) => as.map((a) => a.getClientRects().length));
      expect(lines.filter((n) => n !== 1)).toEqual([]);

      // Drill down: the account with the most contracts opens beneath, its planned figures prorated to the year.
      const busiest = [...shown].sort((x, y) => y.contracts.length - x.contracts.length)[0]!;
      await rows.getByRole("link", { name: `${busiest.accountName}: its contracts and towers` }).click();
      await page.waitForURL(new RegExp(`account=${busiest.accountId}`));
      const contracts = page.getByTestId("pnl-contracts");
      await contracts
        .getByRole("heading", { name: `${busiest.accountName}: contracts and towers` })
        .waitFor();
      const withFigures = busiest.contracts.filter(moving);
      await expect.poll(() => contracts.getByTestId("pnl-contract").count()).toBe(withFigures.length);
      for (const c of withFigures) {
        const row = contracts.getByTestId("pnl-contract").filter({ hasText: c.title });
        await row.waitFor();
        if (c.plannedShare)
          expect(await row.textContent()).toContain(
            `${c.plannedShare.days} of ${c.plannedShare.ofDays} days`,
          );
      }
      await screenshot(page, "pnl");
    });

    it("prints a client report: the report only, without the navigation", async () => {
      const accounts = (await (await page.request.get(`${ws}/accounts?status=active&limit=1`)).json()) as {
        items: { id: string; name: string }[];
      };
      const account = accounts.items[0]!;
      const now = new Date();
      const period = `${now.getFullYear()}-Q${Math.floor(now.getMonth() / 3) + 1}`;
      await page.goto(`/w/demo/accounts/${account.id}/report?period=${period}`);
      const report = page.getByTestId("client-report");
      await report.getByRole("heading", { name: `${account.name}: client report, ${period}` }).waitFor();
      for (const heading of [
        "Summary",
        "Activities and meetings",
        "Deliverables",
        "Contracts",
        "Budget and burn",
        "Invoices",
        "Next steps",
      ])
        await report.getByRole("heading", { name: heading, level: 2 }).waitFor();
      await screenshot(page, "client-report");

      await page.emulateMedia({ media: "print" });
      expect(await page.getByRole("navigation", { name: "Main" }).isVisible()).toBe(false);
      expect(await page.getByRole("button", { name: "Print" }).isVisible()).toBe(false);
      expect(await report.isVisible()).toBe(true);
      await screenshot(page, "client-report-print");
      const pdf = await page.pdf({ format: "A4", printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      expect(pdf.length).toBeGreaterThan(10_000);
      await page.emulateMedia({ media: "screen" });
    });

    it("shows the inbox: a task given to me is unread and counted in the header until I read it", async () => {
      await post(`${ws}/tasks`, {
        taskId: "e2e-inbox-task",
        accountId: null,
        title: "Send Acme the signed agreement",
        assigneeId: "demo-admin",
        dueDate: "2020-02-03",
        agreedWithClient: true,
      });
      await post(`${ws}/tasks`, {
        taskId: "e2e-inbox-task-2",
        accountId: null,
        title: "Book the kickoff room",
        assigneeId: "demo-admin",
        dueDate: "2031-02-03",
        agreedWithClient: false,
      });
      await page.reload();
      await expect.poll(() => page.getByTestId("inbox-unread").textContent()).toMatch(/^\d+$/);
      const before = Number(await page.getByTestId("inbox-unread").textContent());
      await page.getByTestId("inbox-link").click();
      await page.waitForURL(/\/w\/demo\/inbox$/);
      const row = page.getByTestId("inbox-task-e2e-inbox-task");
      await expect.poll(() => row.getAttribute("data-read")).toBe("false");
      expect(await row.textContent()).toContain("Client deadline: Send Acme the signed agreement");
      await screenshot(page, "inbox");
      await row.getByRole("button", { name: /^Mark read: / }).click();
      await expect.poll(() => row.getAttribute("data-read")).toBe("true");
      await expect
        .poll(async () =>
          (await page.getByTestId("inbox-unread").count()) === 0
            ? 0
            : Number(await page.getByTestId("inbox-unread").textContent()),
        )
        .toBe(before - 1);
      await page.getByRole("button", { name: "Mark all read" }).click();
      await expect.poll(() => page.getByTestId("inbox-unread").count()).toBe(0);
      expect(await page.getByRole("button", { name: "Mark all read" }).isDisabled()).toBe(true);
      await page.locator("label", { hasText: /^Unread/ }).click();
      await expect.poll(text("inbox-empty")).toBe("Nothing unread.");
    });

    it("finds records by a misspelt name in the palette (Ctrl-K) and on the search page, whose address follows the text", async () => {
      await post(`${ws}/accounts`, {
        accountId: "e2e-zephyr",
        name: "Zephyrine Logistics Corporation",
        ownerId: "demo-admin",
      });
      await post(`${ws}/contacts`, {
        contactId: "e2e-quill",
        accountId: "e2e-zephyr",
        name: "Jonathan Quill",
        email: "j.quill@zephyrine.test",
        roles: [],
      });
      await page.goto("/w/demo/today");
      await page.getByRole("heading", { name: "Today", level: 1 }).waitFor();
      await page.keyboard.press("Control+K");
      const find = page.getByRole("textbox", { name: "Find" });
      await find.waitFor();
      await find.fill("zephirine logistics");
      await page.getByRole("button", { name: /^Zephyrine Logistics Corporation/ }).click();
      await page.waitForURL(/\/accounts\/e2e-zephyr$/);

      await page.getByRole("heading", { name: "Zephyrine Logistics Corporation", level: 1 }).waitFor();

      await page.goto("/w/demo/search?q=jonathan%20quil");
      const hit = page.getByTestId("hit-contact-e2e-quill");
      await hit.waitFor();
      expect(await hit.textContent()).toContain("j.quill@zephyrine.test");
      await screenshot(page, "search");

      await page.getByRole("textbox", { name: "Search" }).fill("zephyrine");
      await page.waitForURL((u) => u.searchParams.get("q") === "zephyrine");
      await page.getByTestId("hit-account-e2e-zephyr").waitFor();
      await page.getByRole("textbox", { name: "Search" }).fill("z");
      await page.getByText("Type at least two characters.").waitFor();
    });

    it("creates an API token in Settings and shows it once", async () => {
      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: /Settings/ })
        .click();
      await page.getByTestId("pipeline-new_business").waitFor();
      await screenshot(page, "settings");
      await page.getByRole("tab", { name: "API tokens" }).click();
      const form = page.getByRole("form", { name: "New API token" });
      await form.getByLabel("Name").fill("e2e script");
      await form.getByRole("button", { name: "Create token" }).click();
      await expect.poll(() => page.getByTestId("new-token").textContent()).toMatch(/^acct_/);
      await page.getByRole("cell", { name: "e2e script", exact: true }).waitFor();
      await screenshot(page, "settings-tokens");
      await page.getByRole("tab", { name: "Approvals and notice" }).click();
      await page.getByTestId("approval-limits").waitFor();
      // An edit goes through update-settings, checked by the domain's schema first.
      await page.getByRole("button", { name: "Edit approval limits and notice windows" }).click();
      const rules = page.getByRole("form", { name: "Approval limits and notice windows" });
      await rules.getByLabel("Notice window opens (days before the notice deadline)").fill("90");
      await rules.getByRole("button", { name: "Save" }).click();
      await expect.poll(text("notice-windows")).toContain("90 days before its notice deadline");
      await screenshot(page, "settings-rules");
      // The handover's rules: edited through the same update-settings.
      await page.getByRole("tab", { name: "Handover and invoicing" }).click();
      await page.getByTestId("kickoff-tasks").waitFor();
      await page.getByRole("button", { name: "Edit handover and invoicing" }).click();
      const handover = page.getByRole("form", { name: "Handover and invoicing" });
      await handover.getByLabel("Hand a contract over to delivery when it is signed").uncheck();
      await handover.getByRole("textbox", { name: "Checklist item 1" }).fill("Send the welcome pack");
      await handover.getByRole("button", { name: "Save" }).click();
      await expect.poll(text("handover-rules")).toContain("Contracts are handed over by hand");
      await expect.poll(text("onboarding-checklist")).toContain("Send the welcome pack");
      await screenshot(page, "settings-handover");
      await page.getByRole("tab", { name: "Members" }).click();
      await page.getByTestId("members").waitFor();
      await screenshot(page, "settings-members");
    });

    it("creates the member's calendar feed in Settings: the URL once, then rotate and stop", async () => {
      await page.getByRole("tab", { name: "Calendar feed" }).click();
      await expect.poll(text("calendar-feed-status")).toContain("You have no calendar feed.");
      await page.getByRole("button", { name: "Create my feed" }).click();
      await expect
        .poll(() => page.getByTestId("calendar-feed-url").textContent())
        .toMatch(/\/calendar\/cal_/);
      const url = (await page.getByTestId("calendar-feed-url").textContent())!;
      const ics = await fetch(new URL(new URL(url).pathname, app.url));
      expect(ics.status).toBe(200);
      expect(await ics.text()).toContain("BEGIN:VALARM");
      await expect.poll(text("calendar-feed-status")).toContain("Your feed's URL was created");
      await screenshot(page, "settings-calendar");
      await page.getByRole("button", { name: "Rotate the URL" }).click();
      await expect.poll(() => page.getByTestId("calendar-feed-url").textContent()).not.toBe(url);
      expect((await fetch(new URL(new URL(url).pathname, app.url))).status).toBe(404);
      await page.getByRole("button", { name: "Stop the feed" }).click();
      await expect.poll(text("calendar-feed-status")).toContain("You have no calendar feed.");
    });
  },
);
