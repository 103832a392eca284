// An account executive's day through the generated command forms, in a real Chromium against the real API
// (demo workspace): a meeting logged with its minutes, a deal created from the account, moved through discovery
// and proposal by filling what its exit criteria ask for, a contact added as decision maker, a task assigned
// to an assistant, a brief linked to the deal and the contract it leads to (each page showing the chain), sales
// metrics read with everyone else's money masked; the assistant finding the task in their inbox, a director
// approving a contract from theirs, a viewer reading the deal with its money masked. Also: every command path the web builds
// is one the API's own document serves.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGGREGATE_TYPES_UI, commandVariants } from "../src/commands/aggregates.ts";
import { commandPath } from "../src/commands/send.ts";
import { DEMO_LOGIN, launchChromium, type RunningApp, signIn, skipReason, startApp } from "./harness.ts";

if (skipReason) console.warn(`web end-to-end tests (AE's day) skipped: ${skipReason}`);

interface Record_ {
  readonly version: number;
  readonly state: Record<string, unknown>;
}

// Generous limits: the shared machine runs several engineers' suites at once.
describe.skipIf(skipReason !== undefined)(
  "an account executive's day in the browser",
  { timeout: 180_000 },
  () => {
    let app: RunningApp;
    let browser: Browser;
    let admin: BrowserContext;
    let ae: BrowserContext;
    let page: Page;
    const ws = "/api/workspaces/demo";
    const aeEmail = `alex-${Date.now()}@example.com`;
    let aeMemberId = "";
    const accountId = "e2e-borealis";
    let dealId = "";

    beforeAll(async () => {
      [app, browser] = await Promise.all([startApp({ demoDeals: 30, timeoutMs: 240_000 }), launchChromium()]);
      admin = await browser.newContext({ baseURL: app.url });
      const a = await admin.newPage();
      await a.goto("/sign-in");
      await a.getByLabel("E-mail").fill(DEMO_LOGIN.email);
      await a.getByLabel("Password").fill(DEMO_LOGIN.password);
      await a.getByRole("button", { name: "Sign in" }).click();
      await a.waitForURL(/\/w\/demo\/today$/);
      const invitation = await a.request.post(`${ws}/invitations`, {
        data: { email: aeEmail, role: "account_executive" },
      });
      expect(invitation.status(), await invitation.text()).toBe(201);
      const token = String(((await invitation.json()) as { token: string }).token);

      // The AE joins through the invitation, then gets an account of their own.
      ae = await browser.newContext({ baseURL: app.url, viewport: { width: 1360, height: 960 } });
      page = await ae.newPage();
      await page.goto("/sign-up");
      await page.getByLabel(/^Name/).fill("Alex Seller");
      await page.getByLabel("E-mail").fill(aeEmail);
      await page.getByLabel("Password").fill("correct-horse-3");
      await page.getByRole("button", { name: "Sign up" }).click();
      await page.waitForURL("**/workspaces/new");
      const accepted = await page.request.post(`/api/invitations/${encodeURIComponent(token)}/accept`, {
        headers: { Origin: app.url },
      });
      expect(accepted.status(), await accepted.text()).toBeLessThan(300);
      aeMemberId = String(((await accepted.json()) as { memberId: string }).memberId);
      const created = await a.request.post(`${ws}/accounts`, {
        data: { accountId, name: "Borealis Foods", ownerId: aeMemberId },
      });
      expect(created.status(), await created.text()).toBe(201);
    }, 300_000);

    afterAll(async () => {
      await ae?.close();
      await admin?.close();
      await browser?.close();
      await app?.stop();
    });

    const get = async (path: string): Promise<Record_> => {
      const res = await page.request.get(`${ws}${path}`);
      expect(res.status(), await res.text()).toBe(200);
      return (await res.json()) as Record_;
    };

    /** Opens a quick action or command, fills the dialog by labels, and submits it. */
    const dialog = () => page.getByRole("dialog");

    async function pick(label: RegExp | string, option: RegExp | string) {
      const input = dialog().getByRole("textbox", { name: label });
      await input.click();
      await page.getByRole("option", { name: option }).first().click();
    }

    it("builds every command's path from the domain, and the API serves each of them", async () => {
      const doc = (await (await fetch(`${app.url}/openapi.json`)).json()) as {
        paths: Record<string, { post?: unknown }>;
      };
      const built = AGGREGATE_TYPES_UI.flatMap((a) => commandVariants(a)).flatMap((v) => {
        const path = commandPath(v);
        return path === null ? [] : [[`${v.aggregate}.${v.type}`, path] as const];
      });
      expect(built.length).toBeGreaterThan(100);
      const missing = built.filter(([, path]) => !doc.paths[path]?.post).map(([name]) => name);
      expect(missing).toEqual([]);
    });

    it("logs a meeting with its minutes from the account's page", async () => {
      await page.goto(`/w/demo/accounts/${accountId}`);
      await page.getByRole("heading", { name: "Borealis Foods", level: 1 }).waitFor();
      await page.getByRole("button", { name: "Log a meeting" }).click();
      const form = dialog().getByRole("form", { name: "Log activity" });
      // Where the minutes go, said before they are written.
      await form.getByText(/client report shows these minutes/).waitFor();
      await form.getByLabel(/^Subject/).fill("Quarterly business review");
      await form.getByLabel(/^Summary/).fill("Reviewed the quarter; the client wants a loyalty programme.");
      await form.getByLabel(/^Decisions/).fill("Scope a loyalty pilot\nMeet again in March");
      await form.getByRole("button", { name: "Log activity" }).click();
      await dialog().waitFor({ state: "detached" });
      const list = await page.request.get(`${ws}/activities?accountId=${accountId}`);
      const items = ((await list.json()) as { items: Record<string, unknown>[] }).items;
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        kind: "meeting",
        subject: "Quarterly business review",
        minutes: { decisions: ["Scope a loyalty pilot", "Meet again in March"] },
      });
    });

    it("creates a deal from the account and lands on its page", async () => {
      await page.getByRole("button", { name: "New deal" }).click();
      const form = dialog().getByRole("form", { name: "Create opportunity" });
      await form.getByLabel(/^Name/).fill("Borealis loyalty pilot");
      // The form opens with the checks it must pass in words, never the domain's refusal tags.
      const opening = (await form.locator("p").first().textContent()) ?? "";
      expect(opening).toMatch(/^Checked when you send it: .*an amount and a close date where the stage asks/);
      expect(opening).not.toMatch(/DetailsRequired|[a-z][A-Z]/);
      // The deal opens as new business, in the first stage its pipeline lets deals start in (the domain's
      // creationStages): a new user left both empty and was refused. The stage stays required.
      const stage = form.getByRole("textbox", { name: /^Stage/ });
      expect(await form.getByRole("textbox", { name: /^Deal type/ }).inputValue()).toBe("New business");
      expect(await form.locator("label", { hasText: /^Stage/ }).textContent()).toMatch(/\*/);
      await expect.poll(() => stage.inputValue()).toBe("Prospecting");
      // A new deal's stage is one its pipeline lets deals start in: no closed stage, none further on, no other
      // pipeline's.
      await stage.click();
      await page.getByRole("option").first().waitFor();
      const stages = await page.getByRole("option").allTextContents();
      expect(stages.join(" | ")).not.toMatch(/Closed|Proposal|Negotiation|Renewed|\(/);
      await form.getByLabel(/^Name/).click();
      await form.getByRole("textbox", { name: "Amount", exact: true }).fill("48000");
      await form.getByLabel(/^Close date/).fill("2027-06-30");
      await form.getByRole("button", { name: "Create opportunity" }).click();
      // A refusal would show in the dialog: say it rather than time out.
      const moved = page.waitForURL(/\/records\/opportunities\/[^/]+$/, { timeout: 60_000 }).then(() => null);
      const refused = dialog()
        .locator(".mantine-InputWrapper-error, [role=alert]")
        .first()
        .waitFor({ timeout: 60_000 })
        .then(
          async () => `the form refused: ${await dialog().textContent()}`,
          () => null,
        );
      expect(await Promise.race([moved, refused])).toBeNull();
      dealId = page.url().split("/").pop()!;
      await page.getByRole("heading", { name: "Borealis loyalty pilot", level: 1 }).waitFor();
      const deal = await get(`/opportunities/${dealId}`);
      expect(deal.state).toMatchObject({ ownerId: aeMemberId, amount: { amount: 4_800_000 } });
    });

    it("moves the deal through discovery and proposal with the forms its exit criteria ask for", async () => {
      const next = page.getByTestId("deal-next-stage");
      await next.getByRole("button", { name: "Move to Discovery" }).click();
      await dialog().getByRole("button", { name: "Move stage" }).click();
      await dialog().waitFor({ state: "detached" });
      await expect.poll(async () => (await get(`/opportunities/${dealId}`)).state.stageId).toBe("discovery");

      // Proposal asks for a documented need and a known budget: the page offers the form for each.
      await next.getByText("document at least one client need").waitFor();
      expect(await next.getByRole("button", { name: "Move to Proposal" }).isDisabled()).toBe(true);
      await next.getByRole("button", { name: "Record need" }).click();
      await dialog().getByLabel(/^Need/).fill("A loyalty programme for 40 stores");
      await dialog().getByRole("button", { name: "Record need" }).click();
      await dialog().waitFor({ state: "detached" });
      await next.getByRole("button", { name: "Set budget" }).click();
      // A refusal shows on its field: an amount that is not one.
      await dialog().getByRole("textbox", { name: "Budget", exact: true }).fill("about fifty");
      await dialog().getByRole("button", { name: "Set budget" }).click();
      await dialog().getByText("must be a number").waitFor();
      await dialog().getByRole("textbox", { name: "Budget", exact: true }).fill("50000");
      await dialog().getByRole("button", { name: "Set budget" }).click();
      await dialog().waitFor({ state: "detached" });
      await next.getByRole("button", { name: "Move to Proposal" }).click();
      await dialog().getByRole("button", { name: "Move stage" }).click();
      await dialog().waitFor({ state: "detached" });
      await expect.poll(async () => (await get(`/opportunities/${dealId}`)).state.stageId).toBe("proposal");
    });

    it("adds a contact as decision maker and assigns a task to an assistant", async () => {
      await page.goto(`/w/demo/accounts/${accountId}`);
      await page.getByRole("button", { name: "Add contact" }).click();
      const contact = dialog().getByRole("form", { name: "Add contact" });
      await contact.getByLabel(/^Name/).fill("Maja Lind");
      await contact.getByLabel(/^Email/).fill("maja.lind@borealis.example");
      await pick(/^Roles/, "Decision maker");
      await page.keyboard.press("Escape");
      await contact.getByRole("button", { name: "Add contact" }).click();
      await dialog().waitFor({ state: "detached" });
      const contacts = await page.request.get(`${ws}/contacts?accountId=${accountId}`);
      expect(((await contacts.json()) as { items: Record<string, unknown>[] }).items).toEqual([
        expect.objectContaining({ name: "Maja Lind", roles: ["decision_maker"] }),
      ]);

      await page.getByRole("button", { name: "New task" }).click();
      const task = dialog().getByRole("form", { name: "Create task" });
      await task.getByLabel(/^Title/).fill("Send the pilot's scope to Maja");
      await pick(/^Assignee/, /\(Assistant\)$/);
      await task.getByLabel(/^Due date/).fill("2027-01-15");
      await task.getByRole("button", { name: "Create task" }).click();
      await dialog().waitFor({ state: "detached" });
      const tasks = await page.request.get(`${ws}/tasks?accountId=${accountId}`);
      const items = ((await tasks.json()) as { items: { assigneeId: string; title: string }[] }).items;
      expect(items).toHaveLength(1);
      expect(items[0]!.assigneeId).toMatch(/^demo-assistant-/);
    });

    it("lists a record's commands, refusing with why those the member may not run", async () => {
      await page.goto(`/w/demo/records/opportunities/${dealId}`);
      const dealCommands = page.getByTestId("record-commands");
      // An executive may update and close their own deal…
      await dealCommands.locator('button[data-command="RecordNeed"]:not([disabled])').waitFor();
      await dealCommands.locator('button[data-command="CloseAsLost"]:not([disabled])').waitFor();
      // …but archiving an account is leadership's: the account's page shows it disabled, and why.
      await page.goto(`/w/demo/accounts/${accountId}`);
      const accountCommands = page.getByTestId("record-commands");
      const archive = accountCommands.locator('button[data-command="Archive"]');
      await archive.waitFor();
      expect(await archive.isDisabled()).toBe(true);
      // Said after the commands it blocks, once for all those refused for the same why.
      const why = accountCommands
        .locator("li")
        .filter({ has: page.locator('button[data-command="Archive"]') });
      expect(await why.textContent()).toMatch(/Archive.*\b(As an|An) account executive\b/);
    });

    it("opens the contract list filtered by renewal date from the address, as the API lists them", async () => {
      const filters = "status=active,expiring&endDateTo=2028-12-31&sort=endDate&order=asc";
      await page.goto(`/w/demo/lists/contracts?${filters}`);
      await page.getByRole("heading", { name: "Contracts", level: 1 }).waitFor();
      const table = page.getByTestId("list-table");
      await table.waitFor();
      const shown = await table
        .locator("[data-row-id]")
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-row-id")));
      const api = (await (await page.request.get(`${ws}/contracts?${filters}&limit=100`)).json()) as {
        items: { id: string; endDate: string; status: string }[];
      };
      expect(api.items.length).toBeGreaterThan(0);
      expect(shown).toEqual(api.items.map((c) => c.id));
      for (const c of api.items) {
        expect(["active", "expiring"]).toContain(c.status);
        expect(c.endDate <= "2028-12-31").toBe(true);
      }
      // A preset writes its filters into the address.
      await page.getByRole("group", { name: "Views" }).getByRole("button", { name: "Mine" }).click();
      await page.waitForURL((u) => u.searchParams.get("ownerId") === aeMemberId);
      await page.getByText("Nothing matches these filters.").waitFor();
    });

    it("links a brief to the deal and the contract it leads to, and each page shows the chain", async () => {
      // The client's brief, analysed and its budget approved, and the contract drafted from the deal (as the admin).
      const briefId = `e2e-brief-${Date.now()}`;
      const contractId = `e2e-contract-${Date.now()}`;
      const post = async (path: string, data: object) => {
        const res = await admin.request.post(`${ws}${path}`, { data });
        expect(res.status(), await res.text()).toBeLessThan(300);
      };
      await post("/briefs", {
        briefId,
        accountId,
        title: "Loyalty brief",
        clientBudget: { amount: 6_000_000, currency: "EUR" },
      });
      await post(`/briefs/${briefId}/start-analysis`, { plannerId: aeMemberId });
      await post(`/briefs/${briefId}/approve-budget`, {
        approvedBudget: { amount: 5_200_000, currency: "EUR" },
      });
      await post("/contracts", {
        contractId,
        accountId,
        opportunityId: dealId,
        ownerId: aeMemberId,
        title: "Borealis pilot contract",
        value: { amount: 5_200_000, currency: "EUR" },
        startDate: "2027-07-01",
        term: { unit: "months", count: 12 },
        noticePeriod: { unit: "months", count: 2 },
        autoRenewal: false,
      });

      // From the brief's page, through the generated forms: the deal it leads to, the contract it is delivered under.
      await page.goto(`/w/demo/records/briefs/${briefId}`);
      await page.getByRole("heading", { name: "Loyalty brief", level: 1 }).waitFor();
      const commands = page.getByTestId("record-commands");
      await commands.locator('button[data-command="LinkDeal"]:not([disabled])').click();
      await pick(/^Deal/, "Borealis loyalty pilot");
      await dialog().getByRole("button", { name: "Link deal" }).click();
      await dialog().waitFor({ state: "detached" });
      await commands.locator('button[data-command="LinkContract"]:not([disabled])').click();
      await pick(/^Contract/, "Borealis pilot contract");
      await dialog().getByRole("button", { name: "Link contract" }).click();
      await dialog().waitFor({ state: "detached" });
      const chain = page.getByTestId("chain-links");
      await chain.getByTestId("chain-deal").getByText("Borealis loyalty pilot").waitFor();
      await chain.getByTestId("chain-contract").getByText("Borealis pilot contract").waitFor();
      expect((await get(`/briefs/${briefId}`)).state).toMatchObject({ opportunityId: dealId, contractId });

      // The deal takes its amount from the brief's approved budget, and lists the brief and its contract.
      await page.goto(`/w/demo/records/opportunities/${dealId}`);
      await page.getByRole("heading", { name: "Borealis loyalty pilot", level: 1 }).waitFor();
      await page
        .getByTestId("record-commands")
        .locator('button[data-command="SeedAmountFromBrief"]:not([disabled])')
        .click();
      // Offered because the linked brief has an approved budget; the form opens on that brief.
      await expect
        .poll(() =>
          dialog()
            .getByRole("textbox", { name: /^Brief/ })
            .inputValue(),
        )
        .toBe("Loyalty brief");
      await dialog().getByRole("button", { name: "Seed amount from brief" }).click();
      await dialog().waitFor({ state: "detached" });
      await expect
        .poll(async () => (await get(`/opportunities/${dealId}`)).state.amount)
        .toEqual({ amount: 5_200_000, currency: "EUR" });
      const dealChain = page.getByTestId("chain-links");
      await dealChain.getByTestId("chain-briefs").getByRole("link", { name: "Loyalty brief" }).waitFor();
      await dealChain.getByTestId("chain-contract").getByText("Borealis pilot contract").waitFor();

      // The contract's page: the deal it was made from and the brief delivered under it.
      await page.goto(`/w/demo/contracts/${contractId}`);
      await page.getByRole("heading", { name: "Borealis pilot contract", level: 1 }).waitFor();
      const contractChain = page.getByTestId("chain-links");
      await contractChain.getByTestId("chain-briefs").getByRole("link", { name: "Loyalty brief" }).waitFor();
      await contractChain.getByTestId("chain-deal").getByText("Borealis loyalty pilot").waitFor();
      await page.getByTestId("contract-billing-schedule").getByText("No billing schedule").waitFor();
    });

    it("reads sales metrics with everyone's money masked, their own deals' shown (M opens the page)", async () => {
      await page.goto("/w/demo/today");
      await page.getByRole("heading", { name: "Today", level: 1 }).waitFor();
      await page.locator("#main").focus();
      await page.keyboard.press("m");
      await page.waitForURL(/\/metrics$/);
      await page.getByRole("heading", { name: "Sales metrics", level: 1 }).waitFor();
      await page.goto("/w/demo/metrics?per=year&by=owner");
      const whole = page.getByTestId("metrics-whole");
      await whole.waitFor();
      // Over everyone's deals an AE sees counts and the win rate by count, not the amounts they are made of.
      await expect.poll(() => whole.locator('[data-masked="true"]').count()).toBe(3);
      expect(await whole.textContent()).toMatch(/Win rate\d+(\.\d)? %/);
      const rows = page.getByRole("table", { name: "Sales metrics by owner" }).locator("tbody tr");
      const own = rows.filter({ hasText: "Alex Seller" });
      await own.waitFor();
      expect(await own.locator('[data-masked="true"]').count()).toBe(0);
      expect(await own.textContent()).toContain("€0.00");
      const others = rows.filter({ hasNotText: "Alex Seller" });
      expect(await others.count()).toBeGreaterThan(0);
      // Win rate by value, amount won, average deal and velocity: masked on every other owner's row.
      for (const row of await others.all()) expect(await row.locator('[data-masked="true"]').count()).toBe(4);

      // Their own deals only: every figure shows.
      await page.getByRole("textbox", { name: "Owner", exact: true }).click();
      await page.getByRole("option", { name: "Alex Seller" }).click();
      await page.waitForURL((u) => u.searchParams.get("owner") === aeMemberId);
      await expect.poll(() => whole.locator('[data-masked="true"]').count()).toBe(0);
      expect(await whole.textContent()).toMatch(/Open deals1at /);
    });

    it("finds the client through the palette (Ctrl-K) and lists the shortcuts with ?", async () => {
      await page.goto("/w/demo/today");
      await page.getByRole("heading", { name: "Today", level: 1 }).waitFor();
      await page.keyboard.press("Control+K");
      const find = page.getByRole("textbox", { name: "Find" });
      await find.waitFor();
      await find.fill("Borealis");
      await page.getByRole("button", { name: /^Borealis Foods/ }).click();
      await page.waitForURL(new RegExp(`/accounts/${accountId}$`));
      await page.getByRole("heading", { name: "Borealis Foods", level: 1 }).waitFor();

      await page.locator("#main").focus();
      await page.keyboard.press("Shift+?");
      await page.getByRole("table", { name: "Keyboard shortcuts" }).waitFor();
      await page.keyboard.press("Escape");
      await page.keyboard.press("c");
      await page.waitForURL(/\/lists\/contracts$/);
    });

    it("the assistant finds the task in their inbox; a director approves a contract from theirs; a viewer sees the deal's money masked", async () => {
      const signedIn = async (memberId: string) => {
        const context = await browser.newContext({
          baseURL: app.url,
          viewport: { width: 1360, height: 960 },
        });
        const p = await context.newPage();
        await signIn(p, `${memberId}@demo.accountable.test`, DEMO_LOGIN.password);
        return { context, p };
      };
      // The task the AE gave an assistant this morning waits in the assistant's inbox.
      const tasks = await page.request.get(`${ws}/tasks?accountId=${accountId}`);
      const task = ((await tasks.json()) as { items: { id: string; assigneeId: string }[] }).items[0]!;
      const assistant = await signedIn(task.assigneeId);
      try {
        await assistant.p.getByTestId("inbox-link").click();
        await assistant.p.waitForURL(/\/inbox$/);
        await assistant.p
          .getByTestId(`inbox-task-${task.id}`)
          .getByText("Send the pilot's scope to Maja")
          .waitFor();
      } finally {
        await assistant.context.close();
      }

      // A €100,000 contract of the AE's, submitted for approval: the workspace's ladder asks a director.
      const contractId = `e2e-approval-${Date.now()}`;
      const post = async (path: string, data: object = {}) => {
        const res = await admin.request.post(`${ws}${path}`, { data });
        expect(res.status(), await res.text()).toBeLessThan(300);
      };
      await post("/contracts", {
        contractId,
        accountId,
        ownerId: aeMemberId,
        title: "Borealis loyalty programme",
        value: { amount: 10_000_000, currency: "EUR" },
        startDate: "2027-09-01",
        term: { unit: "months", count: 12 },
        noticePeriod: { unit: "months", count: 2 },
        autoRenewal: false,
      });
      await post(`/contracts/${contractId}/start-negotiation`);
      await post(`/contracts/${contractId}/submit-for-approval`);
      const director = await signedIn("demo-director-agency");
      try {
        await director.p.getByTestId("inbox-link").click();
        const item = director.p.getByTestId(`inbox-approval-${contractId}`);
        await item.getByRole("link", { name: /Borealis loyalty programme/ }).click();
        await director.p.waitForURL(new RegExp(`/contracts/${contractId}$`));
        await director.p.getByTestId("contract-actions").getByRole("button", { name: "Approve" }).click();
        await expect
          .poll(() => director.p.getByTestId("contract-approvals").textContent())
          .toContain("Every required approval is in");
      } finally {
        await director.context.close();
      }

      // A viewer reads the AE's deal with its money masked, and why.
      const viewer = await signedIn("demo-viewer");
      try {
        await viewer.p.goto(`/w/demo/records/opportunities/${dealId}`);
        await viewer.p.locator('main [data-masked="true"]').first().waitFor();
        // The deal's amount and budget read "masked", and so do its brief's budgets: they are the client's
        // figures, read by the roles that work on briefs, but a viewer sees no money (maySeeClientFigures).
        const text = (await viewer.p.locator("main").textContent()) ?? "";
        expect(text).toMatch(/Amount\s?masked.*Budget\s?masked/s);
        expect(text).not.toMatch(/[€$£]\s?\d/);
      } finally {
        await viewer.context.close();
      }
    });

    it("a signed-out first visit asks who is signed in without an error in the console", async () => {
      const fresh = await browser.newContext({ baseURL: app.url });
      const p = await fresh.newPage();
      const failures: string[] = [];
      p.on("console", (m) => {
        if (m.type() === "error") failures.push(m.text());
      });
      p.on("response", (r) => {
        if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
      });
      try {
        await p.goto("/");
        await p.waitForURL("**/sign-in");
        await p.waitForLoadState("networkidle");
        expect(failures).toEqual([]);
      } finally {
        await fresh.close();
      }
    });
  },
);
