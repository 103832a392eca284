// Webhooks cannot reach inside: every URL form below is refused when a subscription is made (422 naming the url)
// and again when a delivery is attempted for a subscription already stored (one made before these rules, or a
// name that resolves inside only later) — the delivery fails at once, and nothing reaches the receiver that
// listens on this machine. Names resolve through a resolver of the test's own (the seam the server fills with
// the system's DNS), since no public name can be made to resolve to a private address offline.
import { createWebhookSubscription, dueDeliveries, listWebhookSecrets } from "@accountable/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attemptDelivery, type DeliveryOptions } from "../src/webhooks/deliver.ts";
import { runOutboxPass } from "../src/webhooks/outbox.ts";
import { registerWebhookRoutes } from "../src/webhooks/routes.ts";
import { sealPlaintextSecrets, secretBox } from "../src/webhooks/secret-box.ts";
import { verifySignature } from "../src/webhooks/signature.ts";
import {
  NOTHING_ALLOWED,
  parseAllowList,
  type Resolve,
  type WebhookTargets,
} from "../src/webhooks/targets.ts";
import { TARGETS } from "./databases.ts";
import { type Harness, openHarness } from "./harness.ts";
import { M, run, seedAgency, WS } from "./seed.ts";
import { openReceiver, type Receiver } from "./webhooks-receiver.ts";

const secrets = secretBox("ssrf-test-secret-0123456789-abcdefghijkl");

/** Test names: what each resolves to; any other name does not resolve (as offline). */
const ZONE: Record<string, string[]> = {
  "inside.example.com": ["10.0.0.7"],
  "loopback.example.com": ["127.0.0.1"],
  "mixed.example.com": ["93.184.216.34", "::1"],
  "mapped.example.com": ["::ffff:169.254.169.254"],
  "ula.example.com": ["fd12:3456:789a::1"],
  "rebind.example.com": ["127.0.0.1"],
};
let lookups: string[] = [];
const resolve: Resolve = async (hostname) => {
  lookups.push(hostname);
  const addresses = ZONE[hostname];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
  return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};

/** The SSRF forms: `{port}` is the receiver's, so the ones aimed at this machine would reach it if let through. */
const FORMS: readonly (readonly [url: string, because: RegExp])[] = [
  ["http://127.0.0.1:{port}/hook", /loopback/],
  ["http://localhost:{port}/hook", /this machine/],
  ["http://LOCALHOST.:{port}/hook", /this machine/],
  ["http://api.localhost:{port}/hook", /this machine/],
  ["http://2130706433:{port}/hook", /spelled in another form/],
  ["http://0x7f000001:{port}/hook", /spelled in another form/],
  ["http://0x7f.0.0.1:{port}/hook", /spelled in another form/],
  ["http://0177.0.0.1:{port}/hook", /spelled in another form/],
  ["http://127.1:{port}/hook", /spelled in another form/],
  ["http://127.000.000.001:{port}/hook", /spelled in another form/],
  ["http://%31%32%37.0.0.1:{port}/hook", /spelled in another form/],
  ["http://0:{port}/hook", /spelled in another form/],
  ["http://0.0.0.0:{port}/hook", /unspecified/],
  ["http://[::1]:{port}/hook", /loopback/],
  ["http://[::]:{port}/hook", /unspecified/],
  ["http://[::ffff:127.0.0.1]:{port}/hook", /IPv4 address 127\.0\.0\.1.*loopback/],
  ["http://[0:0:0:0:0:ffff:7f00:1]:{port}/hook", /loopback/],
  ["http://[::127.0.0.1]:{port}/hook", /global unicast/],
  ["http://[64:ff9b::7f00:1]/hook", /NAT64/],
  ["http://[2002:7f00:1::]/hook", /6to4/],
  ["http://10.0.0.1/hook", /private/],
  ["http://172.16.5.4/hook", /private/],
  ["http://192.168.1.1/hook", /private/],
  ["http://100.64.0.1/hook", /carrier-grade NAT/],
  ["http://169.254.169.254/latest/meta-data/", /metadata/],
  ["http://[::ffff:169.254.169.254]/latest/meta-data/", /metadata/],
  ["http://[fd00:ec2::254]/latest/meta-data/", /metadata/],
  ["http://100.100.100.200/latest/meta-data/", /metadata/],
  ["http://metadata.google.internal/computeMetadata/v1/", /metadata/],
  ["http://metadata/computeMetadata/v1/", /metadata/],
  ["http://169.254.1.1/hook", /link-local/],
  ["http://[fe80::1]/hook", /link-local/],
  ["http://[fc00::1]/hook", /unique-local/],
  ["http://224.0.0.1/hook", /multicast/],
  ["http://[ff02::1]/hook", /multicast/],
  ["http://255.255.255.255/hook", /broadcast/],
  ["http://192.0.2.10/hook", /reserved or documentation/],
  ["http://intranet/hook", /no domain/],
  ["http://printer.local/hook", /local network/],
  ["http://build.internal/hook", /local network/],
  ["http://user:secret@example.com/hook", /user info/],
  ["http://example.com@127.0.0.1:{port}/hook", /user info/],
  ["http://example.com\\@127.0.0.1:{port}/hook", /backslash/],
  ["http://inside.example.com/hook", /resolves to 10\.0\.0\.7, a private address/],
  ["http://loopback.example.com:{port}/hook", /resolves to 127\.0\.0\.1, a loopback/],
  ["http://mixed.example.com/hook", /resolves to ::1, a loopback/],
  ["http://mapped.example.com/hook", /metadata/],
  ["http://ula.example.com/hook", /unique-local/],
];

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

describe.each(TARGETS)("webhooks cannot reach inside, on $name", (target) => {
  let h: Harness;
  let receiver: Receiver;
  let forms: { url: string; because: RegExp }[];
  const strict: WebhookTargets = { allowed: NOTHING_ALLOWED, resolve };
  const options = (targets: WebhookTargets): DeliveryOptions => ({
    secrets,
    targets,
    now: () => new Date(),
    maxAttempts: 3,
    timeoutMs: 5_000,
    retryAt: (_attempts, now) => now,
  });
  const base = `/api/workspaces/${WS}/webhooks`;
  let dealNo = 0;

  /** A new event, one outbox pass, and every due delivery attempted once with `targets`. */
  async function deliverOneEvent(targets: WebhookTargets) {
    await run(h.service, WS, "opportunity", `ssrf-${++dealNo}`, deal(`ssrf-${dealNo}`), M.ae);
    await runOutboxPass(h.handle.db);
    const outcomes = [];
    for (const d of await dueDeliveries(h.handle.db, new Date(), 500))
      outcomes.push({
        id: d.id,
        ...(await attemptDelivery(h.handle.db, d.workspaceId, d.id, options(targets))),
      });
    return outcomes;
  }

  /** Stores a subscription as it is, past the route's check (as one made before the rules would be). */
  async function storeSubscription(url: string, secret = "whsec_stored") {
    const owner = { workspaceId: WS, id: crypto.randomUUID() };
    return createWebhookSubscription(h.handle.db, {
      ...owner,
      url,
      eventTypes: ["*"],
      secret: secrets.seal(secret, owner),
      createdBy: M.admin,
    });
  }

  async function deleteAll() {
    for (const s of (await (await h.call("admin", "GET", base)).json()).items)
      await h.call("admin", "DELETE", `${base}/${s.id}`);
  }

  beforeAll(async () => {
    if (target.skip) return;
    h = await openHarness(target, {
      extensions: (deps) => [(app) => registerWebhookRoutes(app, { ...deps, secrets, targets: strict })],
    });
    await seedAgency(h.service);
    h.grant("admin", WS, M.admin);
    receiver = await openReceiver();
    const port = new URL(receiver.url).port;
    forms = FORMS.map(([url, because]) => ({ url: url.replace("{port}", port), because }));
  });
  afterAll(async () => {
    await receiver?.close();
    await h?.close();
  });

  it.skipIf(target.skip)(
    `refuses each of ${FORMS.length} forms at subscription, naming the url and why`,
    async () => {
      expect(FORMS.length).toBeGreaterThanOrEqual(20);
      const refused: string[] = [];
      for (const { url, because } of forms) {
        const res = await h.call("admin", "POST", base, { url, events: ["*"] });
        const problem = await res.json();
        expect(res.status, `${url}: ${JSON.stringify(problem)}`).toBe(422);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        expect(problem.errors, url).toEqual([{ path: "url", message: expect.stringMatching(because) }]);
        refused.push(url);
      }
      expect(refused).toHaveLength(FORMS.length);
      expect((await (await h.call("admin", "GET", base)).json()).items).toEqual([]);
    },
  );

  it.skipIf(target.skip)(
    `refuses each of ${FORMS.length} forms at delivery: failed at once, nothing sent`,
    async () => {
      const byId = new Map<string, { url: string; because: RegExp }>();
      for (const form of forms) byId.set((await storeSubscription(form.url)).id, form);
      const outcomes = await deliverOneEvent(strict);
      expect(outcomes).toHaveLength(FORMS.length);
      for (const sub of byId.keys()) {
        const res = await h.call("admin", "GET", `${base}/${sub}/deliveries`);
        const [delivery] = (await res.json()).items;
        const { url, because } = byId.get(sub)!;
        expect(delivery, url).toMatchObject({ status: "failed", attempts: 1 });
        expect(delivery.attemptLog[0].status, url).toBeNull();
        expect(delivery.attemptLog[0].error, url).toMatch(/^refused: /);
        expect(delivery.attemptLog[0].error, url).toMatch(because);
      }
      expect(receiver.received).toEqual([]);
      await deleteAll();
    },
  );

  it.skipIf(target.skip)(
    "lets the allow-list (WEBHOOK_ALLOWED_HOSTS) through, and nothing else",
    async () => {
      const allowed: WebhookTargets = { allowed: parseAllowList("127.0.0.1"), resolve };
      const port = new URL(receiver.url).port;
      await storeSubscription(`http://127.0.0.1:${port}/allowed`);
      await storeSubscription(`http://[::ffff:169.254.169.254]:${port}/still-refused`);
      await storeSubscription(`http://2130706433:${port}/still-refused`);
      const outcomes = await deliverOneEvent(allowed);
      expect(outcomes.map((o) => o.kind).sort()).toEqual(["delivered", "failed", "failed"]);
      expect(receiver.received.map((r) => r.url)).toEqual(["/allowed"]);
      receiver.received.length = 0;
      await deleteAll();
    },
  );

  it.skipIf(target.skip)(
    "connects to the address it checked: the name is resolved once, never again",
    async () => {
      const allowed: WebhookTargets = { allowed: parseAllowList("127.0.0.1"), resolve };
      const port = new URL(receiver.url).port;
      await storeSubscription(`http://rebind.example.com:${port}/pinned`);
      lookups = [];
      // The system's DNS knows no rebind.example.com here: the request can only have gone to the vetted address.
      const [outcome] = await deliverOneEvent(allowed);
      expect(outcome).toMatchObject({ kind: "delivered" });
      expect(lookups).toEqual(["rebind.example.com"]);
      expect(receiver.received.map((r) => [r.url, r.headers.host])).toEqual([
        ["/pinned", `rebind.example.com:${port}`],
      ]);
      receiver.received.length = 0;
      await deleteAll();
    },
  );

  it.skipIf(target.skip)(
    "follows no redirect: a 3xx is a failed attempt that says where it pointed",
    async () => {
      const allowed: WebhookTargets = { allowed: parseAllowList("127.0.0.1"), resolve };
      const port = new URL(receiver.url).port;
      await storeSubscription(`http://127.0.0.1:${port}/moved`);
      receiver.answers = [302];
      receiver.location = `http://127.0.0.1:${port}/internal-admin`;
      const [outcome] = await deliverOneEvent(allowed);
      expect(outcome).toMatchObject({ kind: "retry" });
      expect(outcome && "reason" in outcome && outcome.reason).toMatch(
        /answered 302, a redirect to http:\/\/127\.0\.0\.1:\d+\/internal-admin; redirects are not followed/,
      );
      expect(receiver.received.map((r) => r.url)).toEqual(["/moved"]);
      receiver.location = undefined;
      receiver.received.length = 0;
      await deleteAll();
    },
  );

  it.skipIf(target.skip)("waits for a name that does not resolve (yet) instead of giving up", async () => {
    await storeSubscription("https://not-yet.example.com/hook");
    const [outcome] = await deliverOneEvent(strict);
    expect(outcome).toMatchObject({ kind: "retry" });
    expect(outcome && "reason" in outcome && outcome.reason).toMatch(/could not be resolved \(ENOTFOUND\)/);
    await deleteAll();
  });
});

describe.each(TARGETS)("webhook signing secrets at rest, on $name", (target) => {
  let h: Harness;
  let receiver: Receiver;
  const allowed: WebhookTargets = { allowed: parseAllowList("127.0.0.1"), resolve };
  const base = `/api/workspaces/${WS}/webhooks`;

  beforeAll(async () => {
    if (target.skip) return;
    h = await openHarness(target, {
      extensions: (deps) => [(app) => registerWebhookRoutes(app, { ...deps, secrets, targets: allowed })],
    });
    await seedAgency(h.service);
    h.grant("admin", WS, M.admin);
    receiver = await openReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await h?.close();
  });

  const deliverAll = async (box = secrets) => {
    await runOutboxPass(h.handle.db);
    const out = [];
    for (const d of await dueDeliveries(h.handle.db, new Date(), 500))
      out.push(
        await attemptDelivery(h.handle.db, d.workspaceId, d.id, {
          secrets: box,
          targets: allowed,
          now: () => new Date(),
          maxAttempts: 3,
          timeoutMs: 5_000,
          retryAt: (_a, now) => now,
        }),
      );
    return out;
  };

  it.skipIf(target.skip)(
    "keeps the column sealed: it is not the secret, yet deliveries are signed with it",
    async () => {
      const res = await h.call("admin", "POST", base, { url: receiver.url, events: ["*"] });
      expect(res.status).toBe(201);
      const { id, secret } = await res.json();
      const [stored] = (await listWebhookSecrets(h.handle.db)).filter((r) => r.id === id);
      expect(stored!.secret).not.toContain(secret);
      expect(stored!.secret).not.toContain(secret.replace(/^whsec_/, ""));
      expect(stored!.secret).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);

      await run(h.service, WS, "opportunity", "sealed-1", { ...baseDeal, opportunityId: "sealed-1" }, M.ae);
      expect((await deliverAll()).map((o) => o.kind)).toEqual(["delivered"]);
      const [got] = receiver.received;
      const signature = got!.headers["accountable-signature"] as string;
      expect(verifySignature(secret, signature, got!.body, Math.floor(Date.now() / 1000))).toBe(true);

      // Under another AUTH_SECRET the sealed secret does not open: the delivery fails, saying so.
      receiver.received.length = 0;
      await run(h.service, WS, "opportunity", "sealed-2", { ...baseDeal, opportunityId: "sealed-2" }, M.ae);
      const [other] = await deliverAll(secretBox("another-auth-secret-0123456789-abcdefgh"));
      expect(other).toMatchObject({ kind: "failed", reason: expect.stringMatching(/AUTH_SECRET/) });
      expect(receiver.received).toEqual([]);
      await h.call("admin", "DELETE", `${base}/${id}`);
    },
  );

  it.skipIf(target.skip)(
    "seals a secret kept from before sealing, and still signs with the same secret",
    async () => {
      const legacy = "whsec_legacyPlaintextSecret0123456789abcdefghij";
      const owner = { workspaceId: WS, id: crypto.randomUUID() };
      await createWebhookSubscription(h.handle.db, {
        ...owner,
        url: receiver.url,
        eventTypes: ["*"],
        secret: legacy,
        createdBy: M.admin,
      });
      expect(await sealPlaintextSecrets(h.handle.db, secrets)).toBe(1);
      expect(await sealPlaintextSecrets(h.handle.db, secrets)).toBe(0);
      const [stored] = (await listWebhookSecrets(h.handle.db)).filter((r) => r.id === owner.id);
      expect(stored!.secret).not.toContain(legacy.slice(6));
      expect(stored!.secret).toMatch(/^v1\./);

      receiver.received.length = 0;
      await run(h.service, WS, "opportunity", "sealed-3", { ...baseDeal, opportunityId: "sealed-3" }, M.ae);
      expect((await deliverAll()).map((o) => o.kind)).toEqual(["delivered"]);
      const [got] = receiver.received;
      const signature = got!.headers["accountable-signature"] as string;
      expect(verifySignature(legacy, signature, got!.body, Math.floor(Date.now() / 1000))).toBe(true);
    },
  );
});

const baseDeal = {
  type: "CreateOpportunity",
  accountId: "acme",
  ownerId: M.ae,
  name: "Sealed deal",
  opportunityType: "new_business",
  amount: { amount: 1_000_000, currency: "EUR" },
  closeDate: "2027-03-31",
};
