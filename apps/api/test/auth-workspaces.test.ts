import { MemberCommandSchema } from "@accountable/domain";
import { DEMO_LOGIN } from "@accountable/service";
import { readStream } from "@accountable/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthHarness, openAuthHarness, PASSWORD, PUBLIC_URL, sessionCookie } from "./auth-harness.ts";
import { TARGETS } from "./databases.ts";

describe.each(TARGETS)("workspaces, members and invitations on $name", (target) => {
  let h: AuthHarness;
  beforeAll(async () => {
    if (!target.skip) h = await openAuthHarness(target);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A user who founded a workspace of their own. */
  async function founder(email: string, workspaceName = `${email}'s agency`) {
    const user = await h.signUp(email);
    const res = await h.request("POST", "/api/workspaces", { cookie: user.cookie }, { name: workspaceName });
    if (res.status !== 201) throw new Error(`${res.status} ${await res.text()}`);
    const workspace = await res.json();
    return { ...user, workspaceId: workspace.id as string, memberId: workspace.memberId as string };
  }

  async function invite(
    by: { cookie: string; workspaceId: string },
    email: string,
    role = "account_executive",
  ) {
    return h.request(
      "POST",
      `/api/workspaces/${by.workspaceId}/invitations`,
      { cookie: by.cookie },
      { email, role },
    );
  }

  describe.skipIf(target.skip)("POST /api/workspaces", () => {
    it("creates the workspace with the user as its first admin, and lists it in /api/me", async () => {
      const { cookie, userId } = await h.signUp("fay@example.test", "Fay");

      const res = await h.request(
        "POST",
        "/api/workspaces",
        { cookie },
        { name: "Fay & Partners", currency: "USD" },
      );

      expect(res.status).toBe(201);
      const created = await res.json();
      expect(created).toMatchObject({ name: "Fay & Partners", memberId: `user-${userId}`, role: "admin" });
      expect(created.id).toMatch(/^fay-partners-[0-9a-f]{6}$/);
      expect(res.headers.get("location")).toBe(`/api/workspaces/${created.id}`);
      const me = await (await h.request("GET", "/api/me", { cookie })).json();
      expect(me.workspaces).toEqual([
        { id: created.id, name: "Fay & Partners", memberId: `user-${userId}`, role: "admin" },
      ]);
      expect(await h.auth.memberIn(userId, created.id)).toBe(`user-${userId}`);
      // The member exists in the domain, so the workspace's own routes serve the founder.
      const read = await h.request("GET", `/api/workspaces/${created.id}`, { cookie });
      expect(read.status).toBe(200);
      expect((await read.json()).state.settings.currency).toBe("USD");
    });

    it("takes a chosen workspace id, and refuses it when it is taken", async () => {
      const { cookie } = await h.signUp("gil@example.test");
      const first = await h.request(
        "POST",
        "/api/workspaces",
        { cookie },
        { name: "Gil", workspaceId: "gil-co" },
      );
      const second = await h.request(
        "POST",
        "/api/workspaces",
        { cookie },
        { name: "Gil again", workspaceId: "gil-co" },
      );

      expect(first.status).toBe(201);
      expect((await first.json()).id).toBe("gil-co");
      expect(second.status).toBeGreaterThanOrEqual(409);
      expect(second.status).toBeLessThan(500);
      expect(second.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    });

    it("names the fields at fault", async () => {
      const { cookie } = await h.signUp("bad-ws@example.test");
      const res = await h.request(
        "POST",
        "/api/workspaces",
        { cookie },
        { name: "", workspaceId: "no spaces", currency: "euro" },
      );
      expect(res.status).toBe(422);
      expect((await res.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual([
        "currency",
        "name",
        "workspaceId",
      ]);
    });
  });

  describe.skipIf(target.skip)("tenant isolation", () => {
    it("gives a member of workspace A no member id in workspace B, and B's routes answer 404", async () => {
      const a = await founder("ann-a@example.test");
      const b = await founder("bob-b@example.test");

      expect(await h.auth.memberIn(a.userId, b.workspaceId)).toBeNull();
      expect(await h.auth.memberIn(a.userId, a.workspaceId)).toBe(a.memberId);
      const probe = await h.request("GET", `/api/workspaces/${b.workspaceId}/invitations`, {
        cookie: a.cookie,
      });
      expect(probe.status).toBe(404);
      expect(await probe.json()).toMatchObject({ type: "/problems/not-found" });
      const me = await (await h.request("GET", "/api/me", { cookie: a.cookie })).json();
      expect(me.workspaces.map((w: { id: string }) => w.id)).toEqual([a.workspaceId]);
    });
  });

  describe.skipIf(target.skip)("invitations", () => {
    it("invites, and the invited user accepts: they become a member in the role, and the invitation is used", async () => {
      const admin = await founder("hal@example.test");
      const created = await invite(admin, "Ivy@Example.test");
      expect(created.status).toBe(201);
      const invitation = await created.json();
      expect(invitation).toMatchObject({
        email: "ivy@example.test",
        role: "account_executive",
        status: "pending",
      });
      expect(invitation.token).toMatch(/^acinv_/);
      expect(invitation.acceptUrl).toBe(`${PUBLIC_URL}/invitations/${invitation.token}`);

      const ivy = await h.signUp("ivy@example.test", "Ivy");
      const accepted = await h.request("POST", `/api/invitations/${invitation.token}/accept`, {
        cookie: ivy.cookie,
      });

      expect(accepted.status).toBe(200);
      expect(await accepted.json()).toEqual({
        workspaceId: admin.workspaceId,
        memberId: `user-${ivy.userId}`,
        role: "account_executive",
      });
      expect(await h.auth.memberIn(ivy.userId, admin.workspaceId)).toBe(`user-${ivy.userId}`);
      const me = await (await h.request("GET", "/api/me", { cookie: ivy.cookie })).json();
      expect(me.workspaces).toEqual([
        expect.objectContaining({ id: admin.workspaceId, role: "account_executive" }),
      ]);
      const list = await (
        await h.request("GET", `/api/workspaces/${admin.workspaceId}/invitations`, { cookie: admin.cookie })
      ).json();
      expect(list.items).toEqual([expect.objectContaining({ id: invitation.id, status: "accepted" })]);
      expect(JSON.stringify(list)).not.toContain(invitation.token);
    });

    it("refuses a used invitation with a sentence that says so (410)", async () => {
      const admin = await founder("jo@example.test");
      const { token } = await (await invite(admin, "kim@example.test")).json();
      const kim = await h.signUp("kim@example.test");
      expect(
        (await h.request("POST", `/api/invitations/${token}/accept`, { cookie: kim.cookie })).status,
      ).toBe(200);

      const again = await h.request("POST", `/api/invitations/${token}/accept`, { cookie: kim.cookie });

      expect(again.status).toBe(410);
      expect(await again.json()).toMatchObject({
        type: "/problems/invitation-used",
        detail: expect.stringMatching(/^This invitation was already accepted on \d{4}-\d{2}-\d{2}/),
      });
    });

    it("refuses an expired invitation (410) and adds no one", async () => {
      const admin = await founder("lou@example.test");
      const { token } = await (await invite(admin, "max@example.test")).json();
      const max = await h.signUp("max@example.test");
      h.advance(8);

      const res = await h.request("POST", `/api/invitations/${token}/accept`, { cookie: max.cookie });

      expect(res.status).toBe(410);
      expect(await res.json()).toMatchObject({
        type: "/problems/invitation-expired",
        detail: expect.stringMatching(/^This invitation expired on \d{4}-\d{2}-\d{2}; ask a member/),
      });
      expect(await h.auth.memberIn(max.userId, admin.workspaceId)).toBeNull();
    });

    it("refuses a withdrawn invitation, and leaves it out of the list", async () => {
      const admin = await founder("ned@example.test");
      const { id, token } = await (await invite(admin, "ola@example.test")).json();
      expect(
        (
          await h.request("DELETE", `/api/workspaces/${admin.workspaceId}/invitations/${id}`, {
            cookie: admin.cookie,
          })
        ).status,
      ).toBe(204);
      const ola = await h.signUp("ola@example.test");

      const res = await h.request("POST", `/api/invitations/${token}/accept`, { cookie: ola.cookie });

      expect(res.status).toBe(410);
      expect((await res.json()).type).toBe("/problems/invitation-revoked");
      const list = await (
        await h.request("GET", `/api/workspaces/${admin.workspaceId}/invitations`, { cookie: admin.cookie })
      ).json();
      expect(list.items).toEqual([]);
    });

    it("refuses an invitation accepted by someone signed in with another address (403)", async () => {
      const admin = await founder("pia@example.test");
      const { token } = await (await invite(admin, "quinn@example.test")).json();
      const mallory = await h.signUp("mallory@example.test");

      const res = await h.request("POST", `/api/invitations/${token}/accept`, { cookie: mallory.cookie });

      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({
        type: "/problems/invitation-for-another-email",
        detail: "This invitation was sent to quinn@example.test; sign in with that address to accept it.",
      });
    });

    it("answers a token that was never issued with 404, and an accept without sign-in with 401", async () => {
      const { cookie } = await h.signUp("rae@example.test");
      const unknown = await h.request("POST", `/api/invitations/acinv_${"A".repeat(43)}/accept`, { cookie });
      expect(unknown.status).toBe(404);
      expect((await unknown.json()).type).toBe("/problems/invitation-not-found");
      expect((await h.request("POST", `/api/invitations/acinv_${"A".repeat(43)}/accept`)).status).toBe(401);
    });

    it("lets only roles the domain allows invite: an account executive is refused with the domain's reason", async () => {
      const admin = await founder("sam@example.test");
      const { token } = await (await invite(admin, "tom@example.test", "account_executive")).json();
      const tom = await h.signUp("tom@example.test");
      await h.request("POST", `/api/invitations/${token}/accept`, { cookie: tom.cookie });

      const res = await invite({ cookie: tom.cookie, workspaceId: admin.workspaceId }, "uma@example.test");

      expect(res.status).toBe(403);
      const problem = await res.json();
      expect(problem).toMatchObject({ type: "/problems/not-permitted", code: "NotPermitted" });
      expect(problem.detail).toEqual(expect.any(String));
      const list = await h.request("GET", `/api/workspaces/${admin.workspaceId}/invitations`, {
        cookie: tom.cookie,
      });
      expect(list.status).toBe(403);
    });

    it("lets a director invite, and runs AddMember as the inviting member", async () => {
      const admin = await founder("val@example.test");
      const { token } = await (await invite(admin, "wes@example.test", "director")).json();
      const wes = await h.signUp("wes@example.test");
      await h.request("POST", `/api/invitations/${token}/accept`, { cookie: wes.cookie });

      const byDirector = await invite(
        { cookie: wes.cookie, workspaceId: admin.workspaceId },
        "xan@example.test",
        "viewer",
      );
      expect(byDirector.status).toBe(201);
      const xan = await h.signUp("xan@example.test");
      const { token: xanToken } = await byDirector.json();
      expect(
        (await h.request("POST", `/api/invitations/${xanToken}/accept`, { cookie: xan.cookie })).status,
      ).toBe(200);

      const [added] = await readStream(h.handle.db, admin.workspaceId, `user-${xan.userId}`);
      expect(added).toMatchObject({
        type: "MemberAdded",
        actorId: `user-${wes.userId}`,
        payload: { role: "viewer" },
      });
    });

    it("refuses to invite an address that is a member already (409)", async () => {
      const admin = await founder("yul@example.test");
      const res = await invite(admin, "yul@example.test");
      expect(res.status).toBe(409);
      expect((await res.json()).type).toBe("/problems/already-member");
    });

    describe("as the domain's invitation machine", () => {
      it("shows the link's holder who invites them to which workspace, without sign-in; an unknown token is 404", async () => {
        const admin = await founder("ann@example.test", "Ann's Agency");
        const { token } = await (await invite(admin, "bo@example.test", "viewer")).json();

        const res = await h.request("GET", `/api/invitations/${token}`);

        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({
          workspaceId: admin.workspaceId,
          workspaceName: "Ann's Agency",
          invitedBy: admin.memberId,
          invitedByName: "ann",
          email: "bo@example.test",
          role: "viewer",
          status: "pending",
        });
        const unknown = await h.request("GET", `/api/invitations/acinv_${"B".repeat(43)}`);
        expect(unknown.status).toBe(404);
        expect((await unknown.json()).type).toBe("/problems/invitation-not-found");
      });

      it("names the guard that refused in the problem", async () => {
        const admin = await founder("cy@example.test");
        const { token } = await (await invite(admin, "di@example.test")).json();
        const eve = await h.signUp("eve@example.test");

        const res = await h.request("POST", `/api/invitations/${token}/accept`, { cookie: eve.cookie });

        expect(res.status).toBe(403);
        expect(await res.json()).toMatchObject({
          code: "InvitationForAnotherEmail",
          guard: "isForThisAddress",
        });
      });

      it("accepts in one transaction: when the inviter may no longer add members, nothing is written and the invitation stays pending", async () => {
        const admin = await founder("flo@example.test");
        const { token: dirToken } = await (await invite(admin, "gus@example.test", "director")).json();
        const gus = await h.signUp("gus@example.test");
        expect(
          (await h.request("POST", `/api/invitations/${dirToken}/accept`, { cookie: gus.cookie })).status,
        ).toBe(200);
        const byGus = await (
          await invite({ cookie: gus.cookie, workspaceId: admin.workspaceId }, "hu@example.test")
        ).json();
        const demoted = await h.service.execute(
          admin.workspaceId,
          {
            aggregate: "member",
            id: `user-${gus.userId}`,
            command: MemberCommandSchema.parse({ type: "ChangeRole", role: "viewer" }),
          },
          admin.memberId,
        );
        expect(demoted.ok).toBe(true);
        const hu = await h.signUp("hu@example.test");

        const res = await h.request("POST", `/api/invitations/${byGus.token}/accept`, { cookie: hu.cookie });

        expect(res.status).toBe(403);
        expect((await res.json()).detail).toMatch(/^The member who invited you can no longer add members/);
        expect(await h.auth.memberIn(hu.userId, admin.workspaceId)).toBeNull();
        expect(await readStream(h.handle.db, admin.workspaceId, byGus.id)).toHaveLength(1);
        const list = await (
          await h.request("GET", `/api/workspaces/${admin.workspaceId}/invitations`, { cookie: admin.cookie })
        ).json();
        expect(list.items).toContainEqual(expect.objectContaining({ id: byGus.id, status: "pending" }));
      });

      it("lets one of two simultaneous accepts of a token win; the other is told it was used", async () => {
        const admin = await founder("ida@example.test");
        const { token } = await (await invite(admin, "jon@example.test")).json();
        const jon = await h.signUp("jon@example.test");

        const answers = await Promise.all(
          [1, 2].map(() => h.request("POST", `/api/invitations/${token}/accept`, { cookie: jon.cookie })),
        );

        expect(answers.map((a) => a.status).sort()).toEqual([200, 410]);
        expect(await readStream(h.handle.db, admin.workspaceId, `user-${jon.userId}`)).toHaveLength(1);
      });

      it("keeps the invitation's history: sent by the inviter, accepted as the inviter, with why", async () => {
        const admin = await founder("kai@example.test");
        const created = await (await invite(admin, "lu@example.test")).json();
        const lu = await h.signUp("lu@example.test");
        await h.request("POST", `/api/invitations/${created.token}/accept`, { cookie: lu.cookie });

        const history = await readStream(h.handle.db, admin.workspaceId, created.id);

        expect(history.map((e) => [e.type, e.actorId])).toEqual([
          ["InvitationSent", admin.memberId],
          ["InvitationAccepted", admin.memberId],
        ]);
        expect(history[1]!.reason).toBe("accepted the invitation sent to lu@example.test");
        expect(JSON.stringify(history)).not.toContain(created.token);
      });
    });

    describe("a member added without a user (as an import or a script adds one)", () => {
      async function unlinkedMember(admin: { workspaceId: string; memberId: string }, email: string) {
        const memberId = `m-imported-${email.split("@")[0]}`;
        const added = await h.service.execute(
          admin.workspaceId,
          {
            aggregate: "member",
            id: memberId,
            command: MemberCommandSchema.parse({
              type: "AddMember",
              memberId,
              name: "Imported Ivo",
              email,
              role: "account_executive",
            }),
          },
          admin.memberId,
        );
        if (!added.ok) throw new Error(added.error.message);
        return memberId;
      }

      it("can be invited, and signing up then accepting makes the user that member, not a second one", async () => {
        const admin = await founder("abe@example.test");
        const memberId = await unlinkedMember(admin, "Ivo@Example.test");

        const created = await invite(admin, "ivo@example.test", "account_executive");
        expect(created.status, await created.clone().text()).toBe(201);
        const { token } = await created.json();
        const ivo = await h.signUp("ivo@example.test", "Ivo");
        const accepted = await h.request("POST", `/api/invitations/${token}/accept`, { cookie: ivo.cookie });

        expect(accepted.status).toBe(200);
        expect(await accepted.json()).toEqual({
          workspaceId: admin.workspaceId,
          memberId,
          role: "account_executive",
        });
        expect(await h.auth.memberIn(ivo.userId, admin.workspaceId)).toBe(memberId);
        const me = await (await h.request("GET", "/api/me", { cookie: ivo.cookie })).json();
        expect(me.workspaces).toEqual([
          expect.objectContaining({ id: admin.workspaceId, memberId, role: "account_executive" }),
        ]);
        // No second member was added for the user.
        expect(await readStream(h.handle.db, admin.workspaceId, `user-${ivo.userId}`)).toEqual([]);
        // And the member is now someone who signs in: a second invitation to that address is refused.
        expect((await invite(admin, "ivo@example.test")).status).toBe(409);
      });

      it("is invited in the role they have: another role is refused (409), naming theirs", async () => {
        const admin = await founder("bea@example.test");
        await unlinkedMember(admin, "cai@example.test");

        const res = await invite(admin, "cai@example.test", "director");

        expect(res.status).toBe(409);
        expect(await res.json()).toMatchObject({
          type: "/problems/already-member",
          detail: expect.stringContaining("invite them as account executive"),
        });
      });
    });

    it("names the fields at fault in an invitation", async () => {
      const admin = await founder("zed@example.test");
      const res = await h.request(
        "POST",
        `/api/workspaces/${admin.workspaceId}/invitations`,
        { cookie: admin.cookie },
        { email: "nope", role: "emperor" },
      );
      expect(res.status).toBe(422);
      expect((await res.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual([
        "email",
        "role",
      ]);
    });
  });

  describe.skipIf(target.skip)("ensureDemoLogin", () => {
    it("does nothing without the demo workspace, then gives its admin a login that signs in", async () => {
      expect(await h.auth.ensureDemoLogin()).toBeNull();
      await h.service.seedDemo({
        workspaceId: "demo",
        seed: 1,
        now: "2026-03-01T09:00:00.000Z" as never,
        opportunities: 7,
      });

      const login = await h.auth.ensureDemoLogin();

      expect(login).toMatchObject({ email: DEMO_LOGIN.email, password: "accountable-demo" });
      const res = await h.request(
        "POST",
        "/api/auth/sign-in/email",
        {},
        { email: login!.email, password: login!.password },
      );
      expect(res.status).toBe(200);
      const me = await (await h.request("GET", "/api/me", { cookie: sessionCookie(res) })).json();
      expect(me.workspaces).toEqual([
        expect.objectContaining({ id: "demo", memberId: DEMO_LOGIN.memberId, role: "admin" }),
      ]);
      // Run again (a restart): the same login, still working, and no second user.
      expect(await h.auth.ensureDemoLogin()).toEqual(login);
      expect(await h.auth.memberIn(me.user.id, "demo")).toBe(DEMO_LOGIN.memberId);
    });

    it("gives one person per role worth seeing a login too, each signing in as their member with its role", async () => {
      const login = (await h.auth.ensureDemoLogin())!;
      expect(login.signIns.map((p) => p.role)).toEqual([
        "admin",
        "director",
        "supervisor",
        "account_executive",
        "assistant",
        "viewer",
      ]);
      expect(login.signIns[0]!.email).toBe(DEMO_LOGIN.email);
      for (const person of login.signIns.slice(1)) {
        const res = await h.request(
          "POST",
          "/api/auth/sign-in/email",
          {},
          { email: person.email, password: login.password },
        );
        expect(res.status, person.email).toBe(200);
        const me = await (await h.request("GET", "/api/me", { cookie: sessionCookie(res) })).json();
        expect(me.workspaces).toEqual([expect.objectContaining({ id: "demo", role: person.role })]);
        expect(me.user.name).toBe(person.name);
      }
      // A signed-out visitor is offered them (the sign-in page's buttons), with the one password.
      const signedOut = await (await h.request("GET", "/api/me")).json();
      expect(signedOut).toEqual({
        signedIn: false,
        demo: { password: login.password, signIns: login.signIns },
      });
    });

    it("uses DEMO_PASSWORD when given, and reports no login once the password was changed", async () => {
      const custom = h.another({ demoPassword: "another-demo-pass" });
      // The demo user exists (previous test) with the default password: the custom one does not open it.
      expect(await custom.auth.ensureDemoLogin()).toBeNull();
      expect(PASSWORD).not.toBe("another-demo-pass");
    });
  });
});
