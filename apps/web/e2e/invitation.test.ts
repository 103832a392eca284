// An invitation's link in a real Chromium against the real API: the page says who invites you to which workspace,
// a colleague an import added (an e-mail, no user) signs up from it and accepts, and becomes that member — not a
// second one; the used link then says it was used and offers nothing to click.
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type RunningApp, screenshot, skipReason, startApp } from "./harness.ts";

if (skipReason) console.warn(`web end-to-end tests skipped: ${skipReason}`);

describe.skipIf(skipReason !== undefined)("an invitation's page in Chromium", () => {
  let app: RunningApp;
  let browser: Browser;
  let founder: BrowserContext;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp({ demoDeals: 10 }), launchChromium()]);
    founder = await browser.newContext({ baseURL: app.url });
  });

  afterAll(async () => {
    await founder?.close();
    await browser?.close();
    await app?.stop();
  });

  it("shows who invites whom to which workspace; the imported member signs up, accepts and is that member", async () => {
    const stamp = Date.now();
    const api = founder.request;
    const signUp = await api.post("/api/auth/sign-up/email", {
      data: { name: "Olga Owner", email: `olga-${stamp}@example.com`, password: "correct-horse-9" },
    });
    expect(signUp.status(), await signUp.text()).toBe(200);
    const ws = await api.post("/api/workspaces", { data: { name: "Harbor Studio" } });
    expect(ws.status(), await ws.text()).toBe(201);
    const { id: workspaceId } = (await ws.json()) as { id: string };
    // A colleague as an import or a script adds one: a member with an e-mail, whom no user signs in as.
    const invitee = `pia-${stamp}@example.com`;
    const added = await api.post(`/api/workspaces/${workspaceId}/members`, {
      data: {
        type: "AddMember",
        memberId: "m-pia",
        name: "Pia Planner",
        email: invitee,
        role: "account_executive",
      },
    });
    expect(added.status(), await added.text()).toBe(201);
    const sent = await api.post(`/api/workspaces/${workspaceId}/invitations`, {
      data: { email: invitee, role: "account_executive" },
    });
    expect(sent.status(), await sent.text()).toBe(201);
    const { acceptUrl, token } = (await sent.json()) as { acceptUrl: string; token: string };
    // The link opens the web page, not the API's POST route.
    expect(acceptUrl).toBe(`${app.url}/invitations/${encodeURIComponent(token)}`);

    const guest = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 860 } });
    const p = await guest.newPage();
    try {
      await p.goto(new URL(acceptUrl).pathname);
      const summary = p.getByTestId("invitation-summary");
      await summary.waitFor();
      expect(await summary.textContent()).toBe(
        "Olga Owner invites you to join Harbor Studio as account executive.",
      );
      await p.getByText(`Sent to ${invitee}; open until`).waitFor();
      await screenshot(p, "invitation");

      await p.getByRole("link", { name: "Create an account" }).click();
      await p.waitForURL(/\/sign-up\?redirect=/);
      await p.getByLabel(/^Name/).fill("Pia P.");
      await p.getByLabel("E-mail").fill(invitee);
      await p.getByLabel("Password").fill("correct-horse-8");
      await p.getByRole("button", { name: "Sign up" }).click();

      await p.waitForURL(/\/invitations\//);
      await p.getByText(`You are signed in as ${invitee}.`).waitFor();
      await p.getByRole("button", { name: "Accept invitation" }).click();
      await p.waitForURL(new RegExp(`/w/${workspaceId}/today$`));

      const me = (await (await p.request.get("/api/me")).json()) as {
        workspaces: { id: string; memberId: string; role: string }[];
      };
      expect(me.workspaces).toEqual([
        expect.objectContaining({ id: workspaceId, memberId: "m-pia", role: "account_executive" }),
      ]);

      // The used link says so, and offers nothing to accept.
      await p.goto(new URL(acceptUrl).pathname);
      await p
        .getByText(/^This invitation was already accepted on .+; an invitation admits one person once\.$/)
        .waitFor();
      expect(await p.getByRole("button", { name: "Accept invitation" }).count()).toBe(0);
    } finally {
      await guest.close();
    }
  });

  it("says a link that names no invitation is not valid", async () => {
    const p = await founder.newPage();
    await p.goto(`/invitations/acinv_${"C".repeat(43)}`);
    await p
      .getByRole("alert")
      .getByText("This invitation link is not valid; check it, or ask for a new one.")
      .waitFor();
  });
});
