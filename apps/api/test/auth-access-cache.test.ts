// What a token may do in a workspace is kept per process (src/auth/access-cache.ts). These tests hold the cache to
// the rule that it never keeps access the database has taken away: a revoked token, a deactivated member, a role
// changed, a workspace's settings changed (a report reads the settings kept with the token) — whether the change
// came through this process or from elsewhere (another process, straight SQL).
import { MemberCommandSchema, WorkspaceCommandSchema, type WorkspaceSettings } from "@accountable/domain";
import { deleteApiToken } from "@accountable/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthHarness, openAuthHarness } from "./auth-harness.ts";
import { TARGETS } from "./databases.ts";

/** Polls `check` until it is true or `ms` have passed; answers the time it took, in ms. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > ms) throw new Error(`still not so after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - start;
}

describe.each(TARGETS)("the access cache on $name", (target) => {
  let h: AuthHarness;
  beforeAll(async () => {
    if (!target.skip) h = await openAuthHarness(target);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A founder of a workspace with a token, and a second member (an account executive) with a token of theirs. */
  async function workspaceWithTokens(prefix: string) {
    const founder = await h.signUp(`${prefix}-admin@example.test`);
    const created = await (
      await h.request("POST", "/api/workspaces", { cookie: founder.cookie }, { name: `${prefix} agency` })
    ).json();
    const ws = created.id as string;
    const invitation = await (
      await h.request(
        "POST",
        `/api/workspaces/${ws}/invitations`,
        { cookie: founder.cookie },
        { email: `${prefix}-ae@example.test`, role: "account_executive" },
      )
    ).json();
    const ae = await h.signUp(`${prefix}-ae@example.test`);
    const accepted = await h.request("POST", `/api/invitations/${invitation.token}/accept`, {
      cookie: ae.cookie,
    });
    if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${await accepted.text()}`);
    const mint = async (cookie: string) => {
      const res = await h.request("POST", "/api/tokens", { cookie }, { name: "cache test" });
      return (await res.json()) as { id: string; token: string };
    };
    return {
      ws,
      admin: { ...founder, memberId: created.memberId as string, ...(await mint(founder.cookie)) },
      ae: { ...ae, memberId: `user-${ae.userId}`, ...(await mint(ae.cookie)) },
    };
  }

  const list = (ws: string, token: string) =>
    h.request("GET", `/api/workspaces/${ws}/members?limit=5`, { token });

  /** The forecast of 2026-Q3 as the token reads it: its currency and the period's first day, from the settings. */
  const forecastOf = async (ws: string, token: string) => {
    const res = await h.request("GET", `/api/workspaces/${ws}/reports/forecast?period=2026-Q3`, { token });
    expect(res.status).toBe(200);
    const body = await res.json();
    return {
      currency: body.forecast.currency as string,
      start: body.forecast.periods[0].period.start as string,
    };
  };

  /** The workspace's settings with another currency and a fiscal year that starts in April. */
  async function changedSettings(ws: string, token: string): Promise<WorkspaceSettings> {
    const current = (await (await h.request("GET", `/api/workspaces/${ws}`, { token })).json()).state
      .settings as WorkspaceSettings;
    return {
      ...current,
      currency: (current.currency === "USD" ? "EUR" : "USD") as WorkspaceSettings["currency"],
      fiscalYear: { firstMonth: 4, namedAfter: "start" },
    };
  }

  describe.skipIf(target.skip)("changes made through this process", () => {
    it("refuses a token on the very next request after it is revoked", async () => {
      const { ws, ae } = await workspaceWithTokens("rev");
      // Twice: the second answer comes from what the first kept.
      expect((await list(ws, ae.token)).status).toBe(200);
      expect((await list(ws, ae.token)).status).toBe(200);

      const deleted = await h.request("DELETE", `/api/tokens/${ae.id}`, { cookie: ae.cookie });
      expect(deleted.status).toBe(204);

      expect((await list(ws, ae.token)).status).toBe(401);
    });

    it("answers a deactivated member as not a member on the very next request", async () => {
      const { ws, admin, ae } = await workspaceWithTokens("deact");
      expect((await list(ws, ae.token)).status).toBe(200);
      expect((await list(ws, ae.token)).status).toBe(200);

      const res = await h.request(
        "POST",
        `/api/workspaces/${ws}/members/${ae.memberId}/deactivate`,
        { token: admin.token },
        {},
      );
      expect(res.status).toBe(200);

      const after = await list(ws, ae.token);
      expect(after.status).toBe(404);
      expect((await after.json()).code).toBe("NotFound");
    });

    it("acts with the new role on the very next request after a role change", async () => {
      const { ws, admin, ae } = await workspaceWithTokens("role");
      // An account executive may not change settings; an admin may. Read first, so the role is kept.
      expect((await list(ws, ae.token)).status).toBe(200);
      const rename = () =>
        h.request(
          "POST",
          `/api/workspaces/${ws}/rename-workspace`,
          { token: ae.token },
          { name: "Renamed by the AE" },
        );
      expect((await rename()).status).toBe(403);

      const promoted = await h.request(
        "POST",
        `/api/workspaces/${ws}/members/${ae.memberId}/change-role`,
        { token: admin.token },
        { role: "admin" },
      );
      expect(promoted.status).toBe(200);

      expect((await rename()).status).toBe(200);
    });

    it("reports with the new settings on the very next request after they change", async () => {
      const { ws, admin } = await workspaceWithTokens("settings");
      // Twice: the second request's settings come from what the first kept.
      const before = await forecastOf(ws, admin.token);
      expect(await forecastOf(ws, admin.token)).toEqual(before);
      expect(before.start).toBe("2026-07-01");
      const settings = await changedSettings(ws, admin.token);

      const updated = await h.request(
        "POST",
        `/api/workspaces/${ws}/update-settings`,
        { token: admin.token },
        { settings },
      );
      expect(updated.status).toBe(200);

      // 2026-Q3 of a fiscal year that starts in April and is named after its start: October to December 2026.
      expect(await forecastOf(ws, admin.token)).toEqual({ currency: settings.currency, start: "2026-10-01" });
    });
  });

  describe.skipIf(target.skip)("changes made elsewhere (another process, straight SQL)", () => {
    it("refuses a token deleted behind the process's back promptly", async () => {
      const { ws, ae } = await workspaceWithTokens("sqlrev");
      expect((await list(ws, ae.token)).status).toBe(200);
      expect((await list(ws, ae.token)).status).toBe(200);

      // Straight through the store: this app is not told, only the database's access feed says so.
      expect(await deleteApiToken(h.handle.db, ae.userId, ae.id)).toBe(true);

      const took = await within(2_000, async () => (await list(ws, ae.token)).status === 401);
      expect(took).toBeLessThan(2_000);
    });

    it("answers a member whose role changed elsewhere with the new role promptly", async () => {
      const { ws, admin, ae } = await workspaceWithTokens("svcrole");
      expect((await list(ws, ae.token)).status).toBe(200);
      // Through the service, not this app: what another process (or the CLI on a shared database) does.
      const changed = await h.service.execute(
        ws,
        {
          aggregate: "member",
          id: ae.memberId,
          command: MemberCommandSchema.parse({ type: "Deactivate" }),
        },
        admin.memberId,
      );
      expect(changed.ok).toBe(true);

      await within(2_000, async () => (await list(ws, ae.token)).status === 404);
    });

    it("reports with settings changed elsewhere promptly", async () => {
      const { ws, admin } = await workspaceWithTokens("svcsettings");
      const before = await forecastOf(ws, admin.token);
      expect(await forecastOf(ws, admin.token)).toEqual(before);
      const settings = await changedSettings(ws, admin.token);
      // Through the service, not this app: only the database's access feed tells this process.
      const changed = await h.service.execute(
        ws,
        {
          aggregate: "workspace",
          id: ws,
          command: WorkspaceCommandSchema.parse({ type: "UpdateSettings", settings }),
        },
        admin.memberId,
      );
      expect(changed.ok).toBe(true);

      const after = { currency: settings.currency, start: "2026-10-01" };
      await within(
        2_000,
        async () => JSON.stringify(await forecastOf(ws, admin.token)) === JSON.stringify(after),
      );
    });
  });
});
