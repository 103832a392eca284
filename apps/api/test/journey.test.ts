// The "done when", as a test: a new user signs up, creates a token, founds a workspace, and drives a deal
// from prospecting to closed_won over HTTP with real sign-in (better-auth) on a real database — the same requests
// the README shows with curl. Every refusal on the way reads as a sentence with a stable type.
import { Writable } from "node:stream";
import { createService } from "@accountable/service";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { createAuth } from "../src/auth/index.ts";
import { TARGETS } from "./databases.ts";

describe.each(TARGETS)("a new user's first deal, over HTTP on $name", (target) => {
  let app: ReturnType<typeof createApp>;
  let close: () => Promise<void>;
  let token = "";
  let ws = "";
  beforeAll(async () => {
    if (target.skip) return;
    const handle = await target.open();
    close = () => handle.close();
    const service = createService({ db: handle.db });
    const auth = createAuth({
      db: handle.db,
      service,
      publicUrl: "http://localhost:3000",
      secret: "s".repeat(40),
    });
    const logger = pino({ level: "silent" }, new Writable({ write: (_c, _e, cb) => cb() }));
    app = createApp({ service, db: handle.db, auth, logger });
  });
  afterAll(async () => close?.());

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request(path, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
  const must = async (method: string, path: string, body?: unknown) => {
    const r = await call(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  it.skipIf(target.skip)("signs up, creates a token and founds a workspace", async () => {
    const signUp = await app.request("/api/auth/sign-up/email", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "sam@northwind.test", password: "correct-horse-1", name: "Sam Park" }),
    });
    expect(signUp.status).toBe(200);
    const cookie = signUp.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    const created = await app.request("/api/tokens", {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie.split(";")[0]! },
      body: JSON.stringify({ name: "curl" }),
    });
    expect(created.status).toBe(201);
    token = ((await created.json()) as { token: string }).token;
    const workspace = await must("POST", "/api/workspaces", { name: "Northwind", workspaceId: "northwind" });
    ws = `/api/workspaces/${workspace.id}`;
    const me = await must("GET", "/api/me");
    expect(me.workspaces[0]).toMatchObject({ id: "northwind", role: "admin" });
  });

  it.skipIf(target.skip)(
    "drives a deal from prospecting to closed_won, refusals explaining themselves",
    async () => {
      const me = (await must("GET", "/api/me")).workspaces[0].memberId as string;
      await must("POST", `${ws}/accounts`, { accountId: "acme", name: "Acme GmbH", ownerId: me });
      await must("POST", `${ws}/contacts`, {
        contactId: "dana",
        accountId: "acme",
        name: "Dana Decider",
        title: "CMO",
        roles: ["decision_maker"],
      });
      const eur = (major: number) => ({ amount: major * 100, currency: "EUR" });
      const deal = await must("POST", `${ws}/opportunities`, {
        opportunityId: "acme-2027",
        accountId: "acme",
        ownerId: me,
        name: "Acme retainer 2027",
        opportunityType: "new_business",
        amount: eur(120_000),
        closeDate: "2027-03-31",
      });
      expect(deal.state.stageId).toBe("prospecting");
      const opp = `${ws}/opportunities/acme-2027`;
      await must("POST", `${opp}/move-stage`, { stageId: "discovery" });

      const early = await call("POST", `${opp}/move-stage`, { stageId: "proposal" });
      expect(early.status).toBe(422);
      expect(early.headers.get("content-type")).toContain("application/problem+json");
      expect(early.body).toMatchObject({
        type: "/problems/exit-criteria-not-met",
        code: "ExitCriteriaNotMet",
      });
      expect(early.body.detail).toMatch(/\./);

      await must("POST", `${opp}/record-need`, { need: "A brand platform for the 2027 launch" });
      await must("POST", `${opp}/set-budget`, { budget: eur(150_000) });
      await must("POST", `${opp}/move-stage`, { stageId: "proposal", reason: "need and budget confirmed" });
      await must("POST", `${opp}/add-stakeholder`, { contactId: "dana" });
      await must("POST", `${opp}/set-proposal`, { amount: eur(120_000), summary: "Retainer, 12 months" });
      await must("POST", `${opp}/move-stage`, { stageId: "negotiation" });

      const unsigned = await call("POST", `${opp}/close-as-won`, {});
      expect(unsigned.status).toBe(422);
      expect(unsigned.body.detail.length).toBeGreaterThan(10);

      await must("POST", `${ws}/contracts`, {
        contractId: "acme-msa",
        accountId: "acme",
        opportunityId: "acme-2027",
        ownerId: me,
        title: "Acme retainer 2027",
        value: eur(120_000),
        startDate: "2027-04-01",
        term: { unit: "months", count: 12 },
        noticePeriod: { unit: "months", count: 3 },
        autoRenewal: false,
      });
      const k = `${ws}/contracts/acme-msa`;
      await must("POST", `${k}/start-negotiation`, {});
      await must("POST", `${k}/submit-for-approval`, {});
      const state = (await must("GET", k)).state;
      if (state.status !== "approved") await must("POST", `${k}/approve`, {});
      await must("POST", `${k}/sign`, {});
      await must("POST", `${opp}/link-contract`, { contractId: "acme-msa" });
      const won = await must("POST", `${opp}/close-as-won`, {});
      expect(won.state).toMatchObject({ status: "won", stageId: "closed_won" });

      const history = await must("GET", `${opp}/history`);
      expect(history.items.map((e: { type: string }) => e.type)).toContain("OpportunityWon");
      const account = await must("GET", `${ws}/accounts/acme`);
      expect(account.state.status).not.toBe("prospect");
    },
  );
});
