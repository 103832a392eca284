// Sign-in works at the address the server listens on: the real server, with the defaults (HOST 127.0.0.1, no
// PUBLIC_URL, so it prints http://localhost:PORT), takes a sign-in — and a cookie-authenticated write — from a
// page at http://127.0.0.1:PORT or http://[::1]:PORT as well as from localhost, and still refuses another site.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMIN, DEMO_PASSWORD, type ServerProcess, startServerProcess } from "./server-process.ts";

let server: ServerProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "accountable-sign-in-address-"));
  server = await startServerProcess({ ACCOUNTABLE_DATA_DIR: dataDir });
}, 150_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const port = () => new URL(server.url).port;

async function signInFrom(origin: string): Promise<Response> {
  return fetch(`${server.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: origin },
    body: JSON.stringify({ email: DEMO_ADMIN, password: DEMO_PASSWORD }),
  });
}

describe("sign-in at every address of the listening port", () => {
  it.each(["localhost", "127.0.0.1", "[::1]"])(
    "signs in from a page at http://%s:PORT, and a write with that session from there is accepted",
    async (host) => {
      const origin = `http://${host}:${port()}`;
      const res = await signInFrom(origin);
      expect(res.status, await res.clone().text()).toBe(200);
      const cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const minted = await fetch(`${server.url}/api/tokens`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Cookie: cookie, Origin: origin },
        body: JSON.stringify({ name: `from ${host}` }),
      });
      expect(minted.status).toBe(201);
    },
  );

  it("still refuses a sign-in posted from another site, and from another port of this machine", async () => {
    expect((await signInFrom("https://evil.example")).status).toBe(403);
    const otherPort = Number(port()) === 65_535 ? 65_534 : Number(port()) + 1;
    expect((await signInFrom(`http://127.0.0.1:${otherPort}`)).status).toBe(403);
  });
});
