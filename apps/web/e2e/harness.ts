// End-to-end set-up: the BUILT web app served by the real API (apps/api/dist/server.js) on a fresh embedded
// database, driven by Debian's Chromium through playwright-core. Without a Chromium binary or a build, the
// suites skip visibly.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";

const here = fileURLToPath(new URL(".", import.meta.url));
export const WEB_ROOT = resolve(here, "..");
const REPO_ROOT = resolve(WEB_ROOT, "../..");
const SERVER = join(REPO_ROOT, "apps/api/dist/server.js");
// The build served: apps/web/dist, or another copy (E2E_WEB_DIST) so a benchmark can serve its own beside a run.
export const WEB_DIST = process.env.E2E_WEB_DIST ?? join(WEB_ROOT, "dist");
export const SCREENSHOTS = join(WEB_ROOT, "screenshots");

/** Debian's chromium (`apt-get install -y chromium`), or CHROMIUM_PATH. */
export const chromiumPath: string | undefined = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].find(
  (p): p is string => typeof p === "string" && p !== "" && existsSync(p),
);

/** Why the end-to-end tests cannot run here, or undefined when they can. */
export const skipReason: string | undefined = !chromiumPath
  ? "no Chromium binary (apt-get install -y chromium)"
  : !existsSync(join(WEB_DIST, "index.html"))
    ? "the web app is not built (pnpm --filter @accountable/web build)"
    : !existsSync(SERVER)
      ? "the API is not built (pnpm --filter @accountable/api build)"
      : undefined;

/** Headless Chromium as root on this kind of machine (../shared/toolchain.md); Playwright adds a fresh profile. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export const DEMO_LOGIN = { email: "admin@demo.accountable.test", password: "accountable-demo" } as const;

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => ok(port));
    });
  });
}

export interface RunningApp {
  readonly url: string;
  readonly stop: () => Promise<void>;
  /** The server's output so far, for a failing test's message. */
  readonly log: () => string;
}

/** Starts the API with the web build on a fresh data folder and waits until /readyz answers. */
export async function startApp(options: { readonly demoDeals?: number; readonly timeoutMs?: number } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "accountable-e2e-"));
  const port = await freePort();
  let output = "";
  // The embedded database always: a DATABASE_URL from the test run must not point the server elsewhere.
  const { DATABASE_URL: _server, ...inherited } = process.env;
  const child: ChildProcess = spawn(process.execPath, [SERVER], {
    cwd: REPO_ROOT,
    env: {
      ...inherited,
      ACCOUNTABLE_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ACCOUNTABLE_DEMO: "1",
      DEMO_DEALS: String(options.demoDeals ?? 40),
      WEB_DIST,
      LOG_LEVEL: "warn",
      LOGIN_RATE_LIMIT_MAX: "1000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (b: Buffer) => {
    output += b.toString();
  });
  child.stderr?.on("data", (b: Buffer) => {
    output += b.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((ok) => child.once("exit", ok));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  // Several suites start a server each, on 2 cores shared with other runs: at a load of 30–40 a start took
  // over 110 s (2026-12-06).
  const deadline = Date.now() + (options.timeoutMs ?? 270_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return { url, stop, log: () => output } satisfies RunningApp;
    } catch {
      // not listening yet
    }
    await new Promise((ok) => setTimeout(ok, 250));
  }
  await stop();
  throw new Error(`the API did not become ready:\n${output}`);
}

/** Signs in on the sign-in page as a person of the demo (or anyone), and waits for Today. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/w\/demo\/today$/);
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath!, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A small JPEG of the page in apps/web/screenshots/<name>.jpg (the folder apps/web/README.md names), only on
 * request (`WEB_SCREENSHOTS=1`): the screenshots are tracked files, and a test run must not change them.
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { readonly fullPage?: boolean } = {},
): Promise<void> {
  // WEB_SCREENSHOTS_DIR: PNGs in a folder of one's own, to look at without touching the tracked JPEGs.
  const own = process.env.WEB_SCREENSHOTS_DIR;
  if (own) {
    mkdirSync(own, { recursive: true });
    await page.screenshot({ path: join(own, `${name}.png`), fullPage: options.fullPage ?? false });
  }
  if (process.env.WEB_SCREENSHOTS !== "1") return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({
    path: join(SCREENSHOTS, `${name}.jpg`),
    type: "jpeg",
    quality: 60,
    fullPage: options.fullPage ?? false,
  });
}

/** Drags an element onto another with the mouse, in steps (dnd-kit starts a drag after 5 px of movement). */
export async function dragTo(page: Page, source: string, target: string): Promise<void> {
  const from = await page.locator(source).boundingBox();
  const to = await page.locator(target).boundingBox();
  if (!from || !to) throw new Error(`cannot drag ${source} to ${target}: not on screen`);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + Math.min(to.height / 2, 160), { steps: 12 });
  await page.mouse.up();
}
