// The typed client against a real server (the API on an in-memory database, listening on a port): the calls a
// script or the web app makes, typed by the generated schema — a wrong path or body would not compile.
import type { AddressInfo } from "node:net";
import { createApp, createAuth } from "@accountable/api";
import { createService } from "@accountable/service";
import { type DatabaseHandle, openDatabase } from "@accountable/store";
import { type ServerType, serve } from "@hono/node-server";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccountableClient, createClient } from "../src/index.ts";

describe("@accountable/client against a running API", () => {
  let handle: DatabaseHandle;
  let server: ServerType;
  let baseUrl = "";
  let client: AccountableClient;

  beforeAll(async () => {
    handle = await openDatabase({ kind: "embedded-memory" });
    const service = createService({ db: handle.db });
    const auth = createAuth({
      db: handle.db,
      service,
      publicUrl: "http://localhost",
      secret: "k".repeat(40),
    });
    const app = createApp({ service, db: handle.db, auth, logger: pino({ level: "silent" }) });
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const signUp = await fetch(`${baseUrl}/api/auth/sign-up/email`, {
      method: "POST",
      // As a browser on the API's own origin would send it: sign-up refuses a foreign or missing Origin in tests.
      headers: { "Content-Type": "application/json", Origin: "http://localhost" },
      body: JSON.stringify({ email: "ci@client.test", password: "a-long-password", name: "CI" }),
    });
    if (!signUp.ok) throw new Error(`sign-up answered ${signUp.status}: ${await signUp.text()}`);
    const cookie = signUp.headers.get("set-cookie")!.split(";")[0]!;
    const withCookie = createClient({ baseUrl, headers: { Cookie: cookie } });
    const { data: created, error } = await withCookie.POST("/api/tokens", { body: { name: "client test" } });
    expect(error).toBeUndefined();
    client = createClient({ baseUrl, token: created!.token });
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await handle.close();
  });

  it("creates a workspace, an account and a deal, and lists it with typed filters", async () => {
    const ws = await client.POST("/api/workspaces", {
      body: { name: "Client Co", workspaceId: "client-co" },
    });
    expect(ws.response.status).toBe(201);
    const me = await client.GET("/api/me");
    if (!me.data || !("workspaces" in me.data)) throw new Error("/api/me answered signed out");
    const memberId = me.data.workspaces[0]!.memberId;
    const params = { path: { workspaceId: "client-co" } };
    const account = await client.POST("/api/workspaces/{workspaceId}/accounts", {
      params,
      body: { name: "Acme", ownerId: memberId },
    });
    expect(account.data?.state.name).toBe("Acme");
    const deal = await client.POST("/api/workspaces/{workspaceId}/opportunities", {
      params,
      body: {
        accountId: account.data!.id,
        ownerId: memberId,
        name: "Acme pilot",
        opportunityType: "new_business",
        amount: { amount: 500_000, currency: "EUR" },
        closeDate: "2027-01-31",
      },
    });
    expect(deal.response.status).toBe(201);
    const page = await client.GET("/api/workspaces/{workspaceId}/opportunities", {
      params: { ...params, query: { stageId: ["prospecting"], sort: "closeDate", limit: 10 } },
    });
    expect(page.data?.items.map((o) => o.name)).toEqual(["Acme pilot"]);
  });

  it("answers refusals as typed problems", async () => {
    const refused = await client.POST("/api/workspaces/{workspaceId}/opportunities/{id}/move-stage", {
      params: { path: { workspaceId: "client-co", id: "no-such-deal" } },
      body: { stageId: "proposal" },
    });
    expect(refused.data).toBeUndefined();
    expect(refused.error).toMatchObject({
      status: expect.any(Number),
      type: expect.stringMatching(/^\/problems\//),
    });
  });
});
