// The local credential (local-operator.ts): a command on the server's machine acting as the member it names. It is
// taken from a loopback peer only (never through a proxy, never from another address), only with a member named,
// only inside a workspace, compared whole; and the member it names reads and acts exactly as that member does with
// a token of their own — generated over every role of the demo and every GET route of /openapi.json without ids.
import { ROLES, type Role, timestamp } from "@accountable/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLoopback, LOCAL_WORKSPACES_PATH, MEMBER_HEADER } from "../src/local-operator.ts";
import { TARGETS } from "./databases.ts";
import { type Harness, openHarness, type TestResponse } from "./harness.ts";
import { type OpenApiDocument, operationsOf } from "./openapi-kit.ts";

const WS = "demo-local";
const CREDENTIAL = "k".repeat(43);
const LOOPBACK = { incoming: { socket: { remoteAddress: "127.0.0.1" } } };

describe("isLoopback", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["::1", true],
    ["::ffff:127.0.0.1", true],
    ["192.0.2.2", false],
    ["::ffff:192.0.2.2", false],
    ["fd00::2", false],
    ["1270.0.0.1", false],
    [undefined, false],
  ])("%s → %s", (address, expected) => {
    expect(isLoopback(address)).toBe(expected);
  });
});

describe.each(TARGETS)("the local credential on $name", (target) => {
  let h: Harness;
  const members = new Map<Role, string>();

  /** A request with the local credential, from `peer`, acting as `member` (none: no header). */
  const local = (
    path: string,
    opts: { member?: string; peer?: string; headers?: Record<string, string>; credential?: string } = {},
    init: RequestInit = {},
  ): Promise<TestResponse> =>
    requestFrom(
      path,
      {
        ...init,
        headers: {
          Authorization: `Local ${opts.credential ?? CREDENTIAL}`,
          ...(opts.member === undefined ? {} : { [MEMBER_HEADER]: opts.member }),
          ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
          ...opts.headers,
        },
      },
      opts.peer ?? "127.0.0.1",
    );

  /** `app.request` as the node server would hand it over: with the socket's peer address. */
  const requestFrom = async (path: string, init: RequestInit, peer: string): Promise<TestResponse> =>
    h.app.request(path, init, { incoming: { socket: { remoteAddress: peer } } });

  beforeAll(async () => {
    if (target.skip) return;
    h = await openHarness(target, { localCredential: CREDENTIAL });
    await h.service.seedDemo({
      workspaceId: WS,
      seed: 3,
      now: timestamp("2026-11-02T12:00:00.000Z"),
      opportunities: 12,
    });
    const all = await h.service.queries.listMembers(WS, { limit: 200 });
    if (!all.ok) throw new Error(all.error.message);
    for (const role of ROLES) {
      const m = all.value.items.find((x) => x.role === role && x.active);
      if (m) members.set(role, m.id);
    }
    for (const [role, id] of members) h.grant(`as-${role}`, WS, id);
  });
  afterAll(async () => {
    await h?.close();
  });

  it.skipIf(target.skip)("the demo has an active member of every role", () => {
    expect([...members.keys()].sort()).toEqual([...ROLES].sort());
  });

  it.skipIf(target.skip)("from a loopback peer, naming a member, reads as that member", async () => {
    const admin = members.get("admin")!;
    const res = await local(`/api/workspaces/${WS}/accounts`, { member: admin });
    expect(res.status).toBe(200);
    expect((await res.json()).items.length).toBeGreaterThan(0);
  });

  it.skipIf(target.skip)("is refused from any other address, even with the right credential", async () => {
    const admin = members.get("admin")!;
    for (const peer of ["192.0.2.2", "::ffff:10.0.0.1", "fd00::2"]) {
      const res = await local(`/api/workspaces/${WS}/accounts`, { member: admin, peer });
      expect(res.status, peer).toBe(401);
      expect((await res.json()).detail).toContain("only from this machine");
    }
    // No socket at all (nothing says where it came from): refused too.
    const bare = await h.app.request(`/api/workspaces/${WS}/accounts`, {
      headers: { Authorization: `Local ${CREDENTIAL}`, [MEMBER_HEADER]: admin },
    });
    expect(bare.status).toBe(401);
  });

  it.skipIf(target.skip)("is refused through a proxy on this machine (a forwarding header)", async () => {
    const admin = members.get("admin")!;
    for (const header of ["X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Forwarded-Host"]) {
      const res = await local(`/api/workspaces/${WS}/accounts`, {
        member: admin,
        headers: { [header]: "for=203.0.113.9" },
      });
      expect(res.status, header).toBe(401);
    }
  });

  it.skipIf(target.skip)(
    "is refused without the member header, and with a member who is not one",
    async () => {
      const noMember = await local(`/api/workspaces/${WS}/accounts`);
      expect(noMember.status).toBe(401);
      expect((await noMember.json()).detail).toContain(MEMBER_HEADER);
      const stranger = await local(`/api/workspaces/${WS}/accounts`, { member: "nobody-here" });
      expect(stranger.status).toBe(403);
      expect((await stranger.json()).code).toBe("NotAMember");
    },
  );

  it.skipIf(target.skip)("a wrong credential, one character off or a prefix, is refused", async () => {
    const admin = members.get("admin")!;
    for (const credential of [`${CREDENTIAL.slice(0, -1)}x`, CREDENTIAL.slice(0, 20), `${CREDENTIAL}k`]) {
      const res = await local(`/api/workspaces/${WS}/accounts`, { member: admin, credential });
      expect(res.status).toBe(401);
      expect((await res.json()).detail).toContain("not this server's local credential");
    }
  });

  it.skipIf(target.skip)("is not a bearer token: sent as one, it is refused", async () => {
    const res = await h.app.request(
      `/api/workspaces/${WS}/accounts`,
      { headers: { Authorization: `Bearer ${CREDENTIAL}`, [MEMBER_HEADER]: members.get("admin")! } },
      LOOPBACK,
    );
    expect(res.status).toBe(401);
  });

  it.skipIf(target.skip)("opens nothing outside a workspace but the workspace list", async () => {
    for (const path of ["/api/me", "/api/tokens", "/api/workspaces"]) {
      const res = await local(path, { member: members.get("admin")! });
      expect(res.status, path).toBe(401);
    }
    const list = await local(LOCAL_WORKSPACES_PATH);
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ workspaces: [{ id: WS, admin: members.get("admin") }] });
    // The list is the local operator's alone.
    const byToken = await h.call("as-admin", "GET", LOCAL_WORKSPACES_PATH);
    expect(byToken.status).toBe(404);
  });

  it.skipIf(target.skip)("a server without a local credential takes none", async () => {
    const plain = await openHarness(target);
    try {
      const res = await plain.app.request(
        `/api/workspaces/${WS}/accounts`,
        { headers: { Authorization: `Local ${CREDENTIAL}`, [MEMBER_HEADER]: "m" } },
        LOOPBACK,
      );
      expect(res.status).toBe(401);
    } finally {
      await plain.close();
    }
  });

  it.skipIf(target.skip)(
    "every role, every GET route without ids: the local operator naming a member gets exactly that member's token answer",
    async () => {
      const doc = (await (await h.app.request("/openapi.json")).json()) as OpenApiDocument;
      const routes = operationsOf(doc).filter(
        (o) => o.method === "GET" && o.pathParams.every((p) => p.name === "workspaceId"),
      );
      expect(routes.length).toBeGreaterThan(10);
      // The request's own id, and the moment a report was computed at (any time since this test began), differ
      // between any two requests.
      const began = Date.now();
      const strip = (body: string) =>
        body
          .replace(/"requestId":"[^"]*"/g, "")
          .replace(/"(\d{4}-\d\d-\d\dT[\d:.]+Z)"/g, (all, at: string) =>
            Date.parse(at) >= began ? '"(now)"' : all,
          );
      let compared = 0;
      for (const [role, memberId] of members)
        for (const op of routes) {
          const path = op.path.replace("{workspaceId}", WS);
          const [byToken, byLocal] = [
            await h.call(`as-${role}`, "GET", path),
            await local(path, { member: memberId }),
          ];
          const label = `${role} GET ${path}`;
          expect(byLocal.status, label).toBe(byToken.status);
          expect(strip(await byLocal.text()), label).toBe(strip(await byToken.text()));
          compared++;
        }
      expect(compared).toBe(members.size * routes.length);
    },
    240_000,
  );

  it.skipIf(target.skip)(
    "every role, a command: refused or accepted as that member's token is (the member's role, not an admin's)",
    async () => {
      const command = { name: "Local Co", ownerId: members.get("account_executive")! };
      const body = JSON.stringify(command);
      const outcomes = new Set<string>();
      for (const [role, memberId] of members) {
        const path = `/api/workspaces/${WS}/accounts?dryRun=true`;
        const byToken = await h.call(`as-${role}`, "POST", path, command);
        const byLocal = await local(path, { member: memberId }, { method: "POST", body });
        const [t, l] = [await byToken.json(), await byLocal.json()];
        expect(`${byLocal.status} ${l.code}`, role).toBe(`${byToken.status} ${t.code}`);
        outcomes.add(`${byLocal.status} ${l.code}`);
      }
      // Some roles may create an account and some may not: the test saw both.
      expect(outcomes.size).toBeGreaterThan(1);
    },
  );
});
