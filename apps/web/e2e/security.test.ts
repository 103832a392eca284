// The browser side of the API's edge, in a real Chromium: the Content-Security-Policy runs no inline script
// (the workbench and the API reference at /docs still work under it, with no violation reported), and a page of
// another origin cannot make the signed-in user's browser write with the session cookie.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGIN, launchChromium, type RunningApp, skipReason, startApp } from "./harness.ts";

if (skipReason) console.warn(`web end-to-end tests (security) skipped: ${skipReason}`);

describe.skipIf(skipReason !== undefined)("CSP and cross-origin writes in Chromium", () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let evil: Server;
  let evilUrl: string;
  const violations: string[] = [];

  const watch = (p: Page) => {
    p.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(`${p.url()}: ${m.text()}`);
    });
    p.on("pageerror", (e) => violations.push(`${p.url()}: ${e.message}`));
  };

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp({ demoDeals: 7 }), launchChromium()]);
    // Another origin on the same host (another port): the same site, so a SameSite=Lax cookie still goes along.
    evil = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><title>elsewhere</title>
        <script>
          window.attempt = (url) => fetch(url, { method: "POST", credentials: "include", mode: "no-cors" })
            .then(() => "sent", (e) => String(e));
        </script>`);
    });
    await new Promise<void>((done) => evil.listen(0, "127.0.0.1", done));
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
    context = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    watch(page);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await new Promise<void>((done) => (evil ? evil.close(() => done()) : done()));
    await app?.stop();
  });

  it("renders the API reference at /docs under the CSP, with no violation", async () => {
    const res = await page.goto("/docs");
    const scriptSrc = /script-src ([^;]*)/.exec(res?.headers()["content-security-policy"] ?? "")?.[1];
    expect(scriptSrc).toMatch(/^'self' 'nonce-[^']+'$/);
    // Scalar's bundle ran (started by the page's inline script) and rendered the document's operations.
    await page
      .getByText("Sign in with an e-mail address and a password")
      .first()
      .waitFor({ timeout: 90_000 });
    expect(violations).toEqual([]);
  }, 120_000);

  it("signs in and shows the workbench under the CSP, with no violation", async () => {
    await page.goto("/sign-in");
    await page.getByLabel("E-mail").fill(DEMO_LOGIN.email);
    await page.getByLabel("Password").fill(DEMO_LOGIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/w\/demo\/today$/);
    expect(violations).toEqual([]);
  });

  it("refuses a write the signed-in browser makes for a page of another origin, and takes its own", async () => {
    // The write: POST …/calendar-feed (no body, so a page elsewhere can send it without asking CORS) makes a new
    // secret calendar URL and retires the old one — a forged one would break the user's calendar subscription.
    const target = `${app.url}/api/workspaces/demo/calendar-feed`;
    const rotate = () =>
      page.evaluate(
        (url) =>
          fetch(url, { method: "POST", credentials: "include" }).then(async (r) => ({
            status: r.status,
            url: ((await r.json()) as { url: string }).url,
          })),
        target,
      );
    const feedAnswers = async (url: string) => (await fetch(url)).status;

    const first = await rotate();
    expect(first.status).toBe(201);
    expect(await feedAnswers(first.url)).toBe(200);

    const elsewhere = await context.newPage();
    // What went over the wire (the page itself is told nothing): Chromium's own record, through its DevTools
    // protocol — the request's headers as sent, with the cookie, and the status the server answered.
    const cdp = await context.newCDPSession(elsewhere);
    await cdp.send("Network.enable");
    const urls = new Map<string, string>();
    const wire = new Map<string, { cookie?: boolean; origin?: string; status?: number }>();
    const entry = (id: string) => wire.get(id) ?? wire.set(id, {}).get(id)!;
    cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, `${e.request.method} ${e.request.url}`));
    cdp.on("Network.requestWillBeSentExtraInfo", (e) => {
      const headers = new Map(Object.entries(e.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      Object.assign(entry(e.requestId), {
        cookie: (headers.get("cookie") ?? "").includes("session_token"),
        origin: headers.get("origin"),
      });
    });
    cdp.on("Network.responseReceivedExtraInfo", (e) => {
      entry(e.requestId).status = e.statusCode;
    });
    await elsewhere.goto(evilUrl);
    // The page learns nothing either way (an opaque answer, or a network error where the answer's
    // Cross-Origin-Resource-Policy withholds it); what matters is what the server did with it.
    await elsewhere.evaluate(
      (url) => (window as unknown as { attempt(u: string): Promise<string> }).attempt(url),
      target,
    );
    const forged = () =>
      [...wire].filter(([id]) => urls.get(id) === `POST ${target}`).map(([, seen]) => seen);
    await expect.poll(forged).toEqual([{ cookie: true, origin: evilUrl, status: 403 }]);
    expect(await feedAnswers(first.url)).toBe(200);

    // The same request from the workbench's own page is taken: the old URL retires.
    const second = await rotate();
    expect(second.status).toBe(201);
    expect(await feedAnswers(first.url)).toBe(404);
    expect(await feedAnswers(second.url)).toBe(200);
    await elsewhere.close();
  });
});
