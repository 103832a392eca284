// Writes authenticated by the session cookie come only from the site's own pages (Origin, or Sec-Fetch-Site
// without it); writes with an API token come from anywhere; reads are unaffected; the CSP runs no inline script
// but the API reference's own, by its nonce.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthHarness, openAuthHarness, PUBLIC_URL } from "./auth-harness.ts";
import { TARGETS } from "./databases.ts";

// app.request() builds URLs on http://localhost: that is each request's own origin here.
const OWN_ORIGIN = "http://localhost";

describe.each(TARGETS)("cross-origin writes on $name", (target) => {
  let h: AuthHarness;
  let cookie: string;
  let token: string;
  let workspaceId: string;
  let memberId: string;

  beforeAll(async () => {
    if (target.skip) return;
    h = await openAuthHarness(target);
    ({ cookie } = await h.signUp("origin-owner@test.example"));
    const ws = await h.request(
      "POST",
      "/api/workspaces",
      { cookie, headers: { Origin: PUBLIC_URL } },
      { name: "Origins" },
    );
    expect(ws.status).toBe(201);
    ({ id: workspaceId, memberId } = await ws.json());
    const minted = await h.request(
      "POST",
      "/api/tokens",
      { cookie, headers: { Origin: PUBLIC_URL } },
      { name: "t" },
    );
    expect(minted.status).toBe(201);
    token = (await minted.json()).token;
  });
  afterAll(async () => {
    await h?.close();
  });

  let n = 0;
  const account = () => ({ accountId: `acc-${n++}`, name: `Account ${n}`, ownerId: memberId });
  const accounts = () => `/api/workspaces/${workspaceId}/accounts`;

  const refusedWith = [
    ["another site's Origin", { Origin: "https://evil.example" }],
    ["another port of the same host", { Origin: "http://localhost:9999" }],
    ["Origin: null (a sandboxed page)", { Origin: "null" }],
    ["Sec-Fetch-Site: cross-site, no Origin", { "Sec-Fetch-Site": "cross-site" }],
    ["Sec-Fetch-Site: same-site, no Origin (a sibling subdomain)", { "Sec-Fetch-Site": "same-site" }],
    ["the public URL's host over another scheme", { Origin: PUBLIC_URL.replace("http:", "https:") }],
  ] as const;

  it.skipIf(target.skip).each(refusedWith)(
    "refuses a cookie POST from %s with a 403 problem",
    async (_, headers) => {
      const res = await h.request("POST", accounts(), { cookie, headers }, account());
      expect(res.status).toBe(403);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const problem = await res.json();
      expect(problem).toMatchObject({ code: "CrossOriginRequest", type: "/problems/cross-origin-request" });
      expect(problem.detail).toMatch(/API token/);
    },
  );

  it.skipIf(target.skip)("writes nothing when it refuses", async () => {
    const res = await h.request(
      "POST",
      accounts(),
      { cookie, headers: { Origin: "https://evil.example" } },
      { accountId: "never", name: "Never", ownerId: memberId },
    );
    expect(res.status).toBe(403);
    expect((await h.request("GET", `${accounts()}/never`, { cookie })).status).toBe(404);
  });

  it.skipIf(target.skip)("refuses DELETE and other unsafe methods the same way", async () => {
    const other = await h.request(
      "POST",
      "/api/tokens",
      { cookie, headers: { Origin: PUBLIC_URL } },
      { name: "x" },
    );
    const { id } = await other.json();
    const cross = await h.request("DELETE", `/api/tokens/${id}`, {
      cookie,
      headers: { Origin: "https://evil.example" },
    });
    expect(cross.status).toBe(403);
    const own = await h.request("DELETE", `/api/tokens/${id}`, { cookie, headers: { Origin: PUBLIC_URL } });
    expect(own.status).toBe(204);
  });

  it.skipIf(target.skip).each([
    ["the public URL (PUBLIC_URL, trusted by sign-in)", { Origin: PUBLIC_URL }],
    ["the request's own origin", { Origin: OWN_ORIGIN }],
    ["Sec-Fetch-Site: same-origin without Origin", { "Sec-Fetch-Site": "same-origin" }],
    ["neither header (curl with a cookie jar: not a browser)", {}],
  ] as const)("accepts a cookie POST from %s", async (_, headers) => {
    const res = await h.request("POST", accounts(), { cookie, headers }, account());
    expect(res.status).toBe(201);
  });

  it.skipIf(target.skip)("accepts token writes from any origin", async () => {
    for (const Origin of ["https://evil.example", "null", OWN_ORIGIN]) {
      const res = await h.request(
        "POST",
        accounts(),
        { token, headers: { Origin, "Sec-Fetch-Site": "cross-site" } },
        account(),
      );
      expect(res.status, Origin).toBe(201);
    }
  });

  it.skipIf(target.skip)("leaves reads with the cookie alone, from any origin", async () => {
    const res = await h.request("GET", accounts(), { cookie, headers: { Origin: "https://evil.example" } });
    expect(res.status).toBe(200);
  });

  it.skipIf(target.skip)("leaves better-auth's own routes to its own Origin check", async () => {
    const { cookie: other } = await h.signUp("origin-second@test.example");
    const cross = await h.request("POST", "/api/auth/sign-out", {
      cookie: other,
      headers: { Origin: "https://evil.example" },
    });
    expect(cross.status).toBe(403);
    const own = await h.request("POST", "/api/auth/sign-out", {
      cookie: other,
      headers: { Origin: PUBLIC_URL },
    });
    expect(own.status).toBe(200);
  });
});

describe.each(TARGETS.slice(0, 1))("the Content-Security-Policy", (target) => {
  let h: AuthHarness;
  beforeAll(async () => {
    h = await openAuthHarness(target);
  });
  afterAll(async () => {
    await h?.close();
  });

  const directives = (header: string | null) =>
    new Map(
      (header ?? "").split(";").map((d) => {
        const [name = "", ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );

  it("allows no inline script: script-src is 'self' and this response's nonce", async () => {
    const a = directives((await h.request("GET", "/healthz")).headers.get("content-security-policy"));
    const b = directives((await h.request("GET", "/healthz")).headers.get("content-security-policy"));
    expect(a.get("script-src")).not.toContain("'unsafe-inline'");
    expect(a.get("script-src")?.[0]).toBe("'self'");
    expect(a.get("script-src")?.[1]).toMatch(/^'nonce-[A-Za-z0-9+/=_-]{16,}'$/);
    expect(a.get("script-src")?.[1]).not.toBe(b.get("script-src")?.[1]);
    expect(a.get("object-src")).toEqual(["'none'"]);
    expect(a.get("frame-ancestors")).toEqual(["'none'"]);
  });

  it("gives the API reference's inline script the nonce of its own response, and no other script", async () => {
    const res = await h.request("GET", "/docs");
    expect(res.status).toBe(200);
    const nonce = directives(res.headers.get("content-security-policy"))
      .get("script-src")?.[1]
      ?.replace(/^'nonce-(.*)'$/, "$1");
    const html = await res.text();
    const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)([^>]*)>/g)].map((m) => m[1]);
    expect(inline.length).toBeGreaterThan(0);
    for (const attributes of inline) expect(attributes).toContain(`nonce="${nonce}"`);
    expect(html).toContain('<script src="/docs/scalar.js"></script>');
  });
});
