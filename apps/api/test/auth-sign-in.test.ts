import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthHarness, openAuthHarness, PASSWORD, sessionCookie } from "./auth-harness.ts";
import { TARGETS } from "./databases.ts";

describe.each(TARGETS)("sign-up and sign-in on $name", (target) => {
  let h: AuthHarness;
  beforeAll(async () => {
    if (!target.skip) h = await openAuthHarness(target);
  });
  afterAll(async () => {
    await h?.close();
  });

  describe.skipIf(target.skip)("sign-up", () => {
    it("creates the user, signs them in with an HttpOnly SameSite=Lax cookie, and shows no session token", async () => {
      const res = await h.request(
        "POST",
        "/api/auth/sign-up/email",
        {},
        {
          email: "Ann@Example.test",
          name: "Ann",
          password: PASSWORD,
        },
      );

      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.user).toMatchObject({ email: "ann@example.test", name: "Ann" });
      expect(body).not.toHaveProperty("token");
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith("accountable.session_token="))!;
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).not.toMatch(/; Secure/);
    });

    it("refuses an e-mail address that has an account already (409, problem+json)", async () => {
      await h.signUp("dup@example.test");
      const res = await h.request(
        "POST",
        "/api/auth/sign-up/email",
        {},
        {
          email: "dup@example.test",
          name: "Again",
          password: PASSWORD,
        },
      );

      expect(res.status).toBe(409);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toMatchObject({ type: "/problems/email-taken", code: "EmailTaken" });
    });

    it("names each field at fault in an invalid body (422)", async () => {
      const res = await h.request(
        "POST",
        "/api/auth/sign-up/email",
        {},
        { email: "nope", name: "", password: "short" },
      );

      expect(res.status).toBe(422);
      const problem = await res.json();
      expect(problem.type).toBe("/problems/invalid-command");
      expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual([
        "email",
        "name",
        "password",
      ]);
    });

    it("sets a Secure cookie when the public URL is https", async () => {
      const secure = h.another({ publicUrl: "https://accountable.example.test" });
      const res = await secure.request(
        "POST",
        "/api/auth/sign-up/email",
        {},
        {
          email: "secure@example.test",
          name: "Sec",
          password: PASSWORD,
        },
      );

      expect(res.status).toBe(200);
      const cookie = res.headers.getSetCookie().find((c) => c.includes("session_token="))!;
      expect(cookie).toMatch(/^__Secure-accountable\.session_token=/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
    });
  });

  describe.skipIf(target.skip)("sign-in", () => {
    it("signs in with the right password: the cookie opens /api/me and the session", async () => {
      await h.signUp("bea@example.test", "Bea");
      const res = await h.request(
        "POST",
        "/api/auth/sign-in/email",
        {},
        { email: "bea@example.test", password: PASSWORD },
      );

      expect(res.status).toBe(200);
      const setCookie = res.headers.getSetCookie().find((c) => c.includes("session_token="))!;
      expect(setCookie).toMatch(/; HttpOnly/);
      expect(setCookie).toMatch(/; SameSite=Lax/);
      expect(setCookie).toMatch(/; Path=\//);
      const cookie = sessionCookie(res);
      const me = await h.request("GET", "/api/me", { cookie });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({
        user: { email: "bea@example.test", name: "Bea" },
        via: "session",
      });
      const session = await h.request("GET", "/api/auth/get-session", { cookie });
      expect(await session.json()).toMatchObject({
        user: { email: "bea@example.test" },
        session: { expiresAt: expect.any(String) },
      });
    });

    it("answers a wrong password with 401 problem+json and sets no cookie", async () => {
      await h.signUp("cy@example.test");
      const res = await h.request(
        "POST",
        "/api/auth/sign-in/email",
        {},
        { email: "cy@example.test", password: "not the one" },
      );

      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toMatchObject({
        type: "/problems/invalid-credentials",
        status: 401,
        code: "InvalidCredentials",
        detail: "The e-mail address or the password is wrong.",
      });
      expect(res.headers.getSetCookie()).toEqual([]);
    });

    it("answers an unknown e-mail address exactly as a wrong password", async () => {
      const res = await h.request(
        "POST",
        "/api/auth/sign-in/email",
        {},
        { email: "ghost@example.test", password: PASSWORD },
      );
      expect(res.status).toBe(401);
      expect((await res.json()).type).toBe("/problems/invalid-credentials");
    });

    it("signs out: the session no longer opens anything", async () => {
      const { cookie } = await h.signUp("dan@example.test");
      const out = await h.request("POST", "/api/auth/sign-out", {
        cookie,
        headers: { Origin: "http://localhost:8787" },
      });
      expect(out.status).toBe(200);
      const me = await h.request("GET", "/api/me", { cookie });
      expect(me.status).toBe(200);
      expect(await me.json()).toEqual({ signedIn: false });
    });

    it.each([
      ["from another site", { Origin: "https://evil.example" }],
      ["with no Origin at all", {}],
    ])(
      "refuses a cookie-carrying sign-out posted %s (CSRF), leaving the session open",
      async (_, headers) => {
        const { cookie } = await h.signUp(`csrf-${Object.keys(headers).length}@example.test`);
        const out = await h.request("POST", "/api/auth/sign-out", { cookie, headers });
        expect(out.status).toBe(403);
        expect(out.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expect((await h.request("GET", "/api/me", { cookie })).status).toBe(200);
      },
    );

    it("answers signed out (200, not an error) without a session or with a forged cookie", async () => {
      const none = await h.request("GET", "/api/me");
      expect(none.status).toBe(200);
      expect(await none.json()).toEqual({ signedIn: false });
      const forged = await h.request("GET", "/api/me", { cookie: "accountable.session_token=abc.def" });
      expect(forged.status).toBe(200);
      expect(await forged.json()).toEqual({ signedIn: false });
    });

    it("still refuses a token that is not valid with 401 problem+json", async () => {
      const bad = await h.request("GET", "/api/me", { token: "acc_not-a-real-token" });
      expect(bad.status).toBe(401);
      expect(await bad.json()).toMatchObject({ type: "/problems/unauthenticated" });
    });

    it("still answers 401 on other routes without a session", async () => {
      expect((await h.request("GET", "/api/tokens")).status).toBe(401);
    });
  });

  describe.skipIf(target.skip)("sign-in rate limit", () => {
    it("answers the 4th sign-in in the window with 429 when the limit is 3, counted across two API processes", async () => {
      await h.signUp("eve@example.test");
      const limit = { loginRateLimit: { window: 60, max: 3 }, trustProxy: true };
      const one = h.another(limit);
      const two = h.another(limit);
      const from = (address: string) => ({ headers: { "X-Forwarded-For": address } });
      const attempt = (api: typeof one, address: string) =>
        api.request("POST", "/api/auth/sign-in/email", from(address), {
          email: "eve@example.test",
          password: "wrong password",
        });

      const statuses = [
        (await attempt(one, "203.0.113.7")).status,
        (await attempt(two, "203.0.113.7")).status,
        (await attempt(one, "203.0.113.7")).status,
      ];
      const over = await attempt(two, "203.0.113.7");

      expect(statuses).toEqual([401, 401, 401]);
      expect(over.status).toBe(429);
      expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await over.json()).toMatchObject({ type: "/problems/rate-limited", code: "RateLimited" });
      // Another address has its own count.
      expect((await attempt(one, "203.0.113.8")).status).toBe(401);
    });

    const limited = () => h.another({ loginRateLimit: { window: 60, max: 10 }, trustProxy: true });
    const signIn = (api: ReturnType<typeof limited>, address: string, email: string, password: string) =>
      api.request(
        "POST",
        "/api/auth/sign-in/email",
        { headers: { "X-Forwarded-For": address } },
        { email, password },
      );

    it("counts only failures: 11 successful sign-ins from one address within the window all succeed", async () => {
      await h.signUp("many@example.test");
      const api = limited();
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++)
        statuses.push((await signIn(api, "198.51.100.1", "many@example.test", PASSWORD)).status);
      expect(statuses).toEqual(Array(11).fill(200));
    });

    it("after 10 failures, the 11th attempt — right password or not — is 429 with Retry-After until the fixed window closes", async () => {
      await h.signUp("fixed@example.test");
      const api = limited();
      const address = "198.51.100.2";
      const failures: number[] = [];
      for (let i = 0; i < 10; i++)
        failures.push((await signIn(api, address, "fixed@example.test", "wrong password")).status);
      expect(failures).toEqual(Array(10).fill(401));

      const over = await signIn(api, address, "fixed@example.test", PASSWORD);
      expect(over.status).toBe(429);
      expect(over.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      const retryAfter = Number(over.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await over.json()).toMatchObject({ code: "RateLimited", retryAfter });

      // Half-way through, still refused: the window does not slide or restart with each refused attempt.
      h.advance(30 / 86_400);
      const still = await signIn(api, address, "fixed@example.test", PASSWORD);
      expect(still.status).toBe(429);
      expect(Number(still.headers.get("retry-after"))).toBeLessThanOrEqual(30);

      // Once the window that opened with the first failure closes, sign-in works again, and a new count starts.
      h.advance(31 / 86_400);
      expect((await signIn(api, address, "fixed@example.test", PASSWORD)).status).toBe(200);
      expect((await signIn(api, address, "fixed@example.test", "wrong password")).status).toBe(401);
      expect((await signIn(api, address, "fixed@example.test", PASSWORD)).status).toBe(200);
    });
  });

  describe.skipIf(target.skip)("OpenAPI", () => {
    it("describes sign-up, sign-in, tokens, workspaces and invitations in /openapi.json", async () => {
      const doc = await (await h.request("GET", "/openapi.json")).json();
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          "/api/auth/sign-up/email",
          "/api/auth/sign-in/email",
          "/api/auth/sign-out",
          "/api/auth/get-session",
          "/api/me",
          "/api/tokens",
          "/api/tokens/{id}",
          "/api/workspaces",
          "/api/workspaces/{workspaceId}/invitations",
          "/api/workspaces/{workspaceId}/invitations/{id}",
          "/api/invitations/{token}/accept",
        ]),
      );
    });
  });
});
