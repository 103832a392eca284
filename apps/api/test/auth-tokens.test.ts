import { schema } from "@accountable/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthHarness, openAuthHarness } from "./auth-harness.ts";
import { TARGETS } from "./databases.ts";

describe.each(TARGETS)("personal API tokens on $name", (target) => {
  let h: AuthHarness;
  beforeAll(async () => {
    if (!target.skip) h = await openAuthHarness(target);
  });
  afterAll(async () => {
    await h?.close();
  });

  describe.skipIf(target.skip)("create → use → delete", () => {
    it("shows the token once, signs its user in as Bearer, and stops working once deleted", async () => {
      const { cookie } = await h.signUp("tess@example.test", "Tess");

      const created = await h.request("POST", "/api/tokens", { cookie }, { name: "laptop CLI" });
      expect(created.status).toBe(201);
      const { id, token, prefix } = await created.json();
      expect(token).toMatch(/^acct_[A-Za-z0-9_-]{43}$/);
      expect(token.startsWith(prefix)).toBe(true);

      const me = await h.request("GET", "/api/me", { token });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ user: { email: "tess@example.test" }, via: "token" });

      const list = await (await h.request("GET", "/api/tokens", { token })).json();
      expect(list.items).toEqual([
        expect.objectContaining({
          id,
          name: "laptop CLI",
          prefix,
          expiresAt: null,
          lastUsedAt: expect.any(String),
        }),
      ]);
      expect(JSON.stringify(list)).not.toContain(token);

      expect((await h.request("DELETE", `/api/tokens/${id}`, { cookie })).status).toBe(204);
      const after = await h.request("GET", "/api/me", { token });
      expect(after.status).toBe(401);
      expect(await after.json()).toMatchObject({ type: "/problems/unauthenticated" });
      const again = await h.request("DELETE", `/api/tokens/${id}`, { cookie });
      expect(again.status).toBe(404);
      expect(await again.json()).toMatchObject({ type: "/problems/token-not-found" });
    });

    it("stores only the token's hash", async () => {
      const { cookie } = await h.signUp("hash@example.test");
      const { token } = await (await h.request("POST", "/api/tokens", { cookie }, { name: "ci" })).json();
      const rows = await h.handle.db.select().from(schema.apiTokens);
      expect(rows.length).toBeGreaterThan(0);
      expect(JSON.stringify(rows)).not.toContain(token);
      expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.tokenHash))).toBe(true);
    });

    it("refuses a token after it expires", async () => {
      const { cookie } = await h.signUp("exp@example.test");
      const { token } = await (
        await h.request("POST", "/api/tokens", { cookie }, { name: "short-lived", expiresInDays: 1 })
      ).json();
      expect((await h.request("GET", "/api/me", { token })).status).toBe(200);
      h.advance(2);
      expect((await h.request("GET", "/api/me", { token })).status).toBe(401);
    });

    it("refuses to mint a token with a token (only a signed-in session may)", async () => {
      const { cookie } = await h.signUp("mint@example.test");
      const { token } = await (await h.request("POST", "/api/tokens", { cookie }, { name: "first" })).json();
      const res = await h.request("POST", "/api/tokens", { token }, { name: "second" });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ type: "/problems/session-required" });
    });

    it("lets no one delete or list another user's tokens", async () => {
      const owner = await h.signUp("own@example.test");
      const other = await h.signUp("other@example.test");
      const { id } = await (
        await h.request("POST", "/api/tokens", { cookie: owner.cookie }, { name: "mine" })
      ).json();

      expect((await h.request("DELETE", `/api/tokens/${id}`, { cookie: other.cookie })).status).toBe(404);
      expect((await (await h.request("GET", "/api/tokens", { cookie: other.cookie })).json()).items).toEqual(
        [],
      );
      expect(
        (await (await h.request("GET", "/api/tokens", { cookie: owner.cookie })).json()).items,
      ).toHaveLength(1);
    });

    it.each([
      ["an unknown token", "acct_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
      ["a malformed token", "not-a-token"],
    ])("answers %s with 401, even beside a valid session cookie", async (_, token) => {
      const { cookie } = await h.signUp(`bad-${token.length}@example.test`);
      const res = await h.request("GET", "/api/me", { token, cookie });
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    });

    it("names the fields at fault in an invalid token request", async () => {
      const { cookie } = await h.signUp("invalid@example.test");
      const res = await h.request("POST", "/api/tokens", { cookie }, { name: "", expiresInDays: 0 });
      expect(res.status).toBe(422);
      expect((await res.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual([
        "expiresInDays",
        "name",
      ]);
    });
  });
});
