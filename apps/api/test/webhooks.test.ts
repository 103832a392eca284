import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attemptDelivery, type DeliveryOptions } from "../src/webhooks/deliver.ts";
import { runOutboxPass } from "../src/webhooks/outbox.ts";
import { registerWebhookRoutes } from "../src/webhooks/routes.ts";
import { secretBox } from "../src/webhooks/secret-box.ts";
import { verifySignature } from "../src/webhooks/signature.ts";
import { parseAllowList, systemResolve, type WebhookTargets } from "../src/webhooks/targets.ts";
import { TARGETS } from "./databases.ts";
import { type Harness, openHarness } from "./harness.ts";
import { M, run, seedAgency, WS } from "./seed.ts";
import { openReceiver, type Receiver } from "./webhooks-receiver.ts";

const base = `/api/workspaces/${WS}/webhooks`;
const secrets = secretBox("webhooks-test-secret-0123456789-abcdef");
// The receiver listens on this machine: the allow-list (WEBHOOK_ALLOWED_HOSTS) is what lets a webhook reach it.
const targets: WebhookTargets = { allowed: parseAllowList("127.0.0.1"), resolve: systemResolve };

const deal = (id: string) => ({
  type: "CreateOpportunity",
  opportunityId: id,
  accountId: "acme",
  ownerId: M.ae,
  name: `Deal ${id}`,
  opportunityType: "new_business",
  amount: { amount: 1_000_000, currency: "EUR" },
  closeDate: "2027-03-31",
});

describe.each(TARGETS)("webhooks on $name", (target) => {
  let h: Harness;
  let receiver: Receiver;
  const options = (): DeliveryOptions => ({
    secrets,
    targets,
    now: () => new Date(),
    maxAttempts: 3,
    timeoutMs: 5_000,
    // Due at once: the test drives the attempts itself.
    retryAt: (_attempts, now) => now,
  });
  /** One outbox pass, then every pending delivery attempted once; returns the outcomes. */
  async function pump() {
    await runOutboxPass(h.handle.db);
    const { dueDeliveries } = await import("@accountable/store");
    const outcomes = [];
    for (const d of await dueDeliveries(h.handle.db, new Date(), 500))
      outcomes.push(await attemptDelivery(h.handle.db, d.workspaceId, d.id, options()));
    return outcomes;
  }

  beforeAll(async () => {
    if (target.skip) return;
    h = await openHarness(target, {
      extensions: (deps) => [(app) => registerWebhookRoutes(app, { ...deps, secrets, targets })],
    });
    await seedAgency(h.service);
    h.grant("admin", WS, M.admin);
    h.grant("ae", WS, M.ae);
    receiver = await openReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await h?.close();
  });

  let subscription: { id: string; secret: string };

  it.skipIf(target.skip)("an admin subscribes and sees the secret once", async () => {
    const res = await h.call("admin", "POST", base, { url: receiver.url, events: ["OpportunityCreated"] });
    expect(res.status).toBe(201);
    subscription = await res.json();
    expect(subscription.secret).toMatch(/^whsec_/);
    const list = await (await h.call("admin", "GET", base)).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      id: subscription.id,
      url: receiver.url,
      events: ["OpportunityCreated"],
    });
    expect(JSON.stringify(list)).not.toContain(subscription.secret);
  });

  it.skipIf(target.skip)("refuses an account executive with a problem naming the rule", async () => {
    const res = await h.call("ae", "POST", base, { url: receiver.url, events: ["*"] });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect((await res.json()).code).toBe("NotPermitted");
    expect((await h.call("ae", "GET", base)).status).toBe(403);
  });

  it.skipIf(target.skip)(
    "names each invalid field: a URL that is not http(s), an unknown event type",
    async () => {
      const res = await h.call("admin", "POST", base, { url: "ftp://x", events: ["NoSuchEvent"] });
      expect(res.status).toBe(422);
      const paths = (await res.json()).errors.map((e: { path: string }) => e.path);
      expect(paths).toEqual(expect.arrayContaining(["url", "events.0"]));
    },
  );

  it.skipIf(target.skip)("is documented in /openapi.json", async () => {
    const doc = (await (await h.app.request("/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/workspaces/{workspaceId}/webhooks",
        "/api/workspaces/{workspaceId}/webhooks/{id}",
        "/api/workspaces/{workspaceId}/webhooks/{id}/deliveries",
      ]),
    );
  });

  it.skipIf(target.skip)("delivers a signed event, retrying after a 500", async () => {
    receiver.answers = [500];
    await run(h.service, WS, "opportunity", "d1", deal("d1"), M.ae);
    expect((await pump()).map((o) => o.kind)).toEqual(["retry"]);
    expect((await pump()).map((o) => o.kind)).toEqual(["delivered"]);
    expect(await pump()).toEqual([]);
    expect(receiver.received.map((r) => r.status)).toEqual([500, 200]);
    const last = receiver.received[1]!;
    const signature = last.headers["accountable-signature"] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(subscription.secret, signature, last.body, Math.floor(Date.now() / 1000))).toBe(
      true,
    );
    expect(verifySignature("whsec_wrong", signature, last.body, Math.floor(Date.now() / 1000))).toBe(false);
    expect(last.headers["accountable-delivery-id"]).toBe(
      receiver.received[0]!.headers["accountable-delivery-id"],
    );
    const body = JSON.parse(last.body);
    expect(body).toMatchObject({
      type: "OpportunityCreated",
      workspaceId: WS,
      streamId: "d1",
      version: 1,
      actorId: M.ae,
    });
    expect(body.id).toMatch(/^evt_\d+$/);
    expect(body.payload.opportunityId ?? body.payload.opportunity?.id).toBe("d1");

    const res = await h.call("admin", "GET", `${base}/${subscription.id}/deliveries`);
    expect(res.status).toBe(200);
    const [delivery] = (await res.json()).items;
    expect(delivery).toMatchObject({ status: "delivered", attempts: 2, eventType: "OpportunityCreated" });
    expect(delivery.attemptLog.map((a: { status: number }) => a.status)).toEqual([500, 200]);
  });

  it.skipIf(target.skip)("gives up after the last attempt, and says so", async () => {
    receiver.answers = [503, 503, 503];
    await run(h.service, WS, "opportunity", "d2", deal("d2"), M.ae);
    const kinds = [...(await pump()), ...(await pump()), ...(await pump()), ...(await pump())].map(
      (o) => o.kind,
    );
    expect(kinds).toEqual(["retry", "retry", "failed"]);
    const res = await h.call("admin", "GET", `${base}/${subscription.id}/deliveries?status=failed`);
    const items = (await res.json()).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ streamId: "d2", status: "failed", attempts: 3 });
  });

  it.skipIf(target.skip)("loses and repeats nothing with two writers at once", async () => {
    const before = receiver.received.length;
    const writer = (prefix: string) => async () => {
      for (let i = 0; i < 8; i++)
        await run(h.service, WS, "opportunity", `${prefix}${i}`, deal(`${prefix}${i}`), M.ae);
    };
    // Outbox passes run while both writers write.
    let writing = true;
    const passes = (async () => {
      while (writing) {
        await pump();
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await Promise.all([writer("a")(), writer("b")()]);
    writing = false;
    await passes;
    await pump();
    const streams = receiver.received.slice(before).map((r) => JSON.parse(r.body).streamId as string);
    expect(streams.sort()).toEqual([...Array(8).keys()].flatMap((i) => [`a${i}`, `b${i}`]).sort());
  });

  it.skipIf(target.skip)("stops delivering once deleted", async () => {
    const res = await h.call("admin", "DELETE", `${base}/${subscription.id}`);
    expect(res.status).toBe(204);
    expect((await h.call("admin", "DELETE", `${base}/${subscription.id}`)).status).toBe(404);
    const before = receiver.received.length;
    await run(h.service, WS, "opportunity", "d3", deal("d3"), M.ae);
    await pump();
    expect(receiver.received.length).toBe(before);
    expect((await (await h.call("admin", "GET", base)).json()).items).toEqual([]);
  });
});
