// WEBHOOK_ALLOWED_HOSTS as a developer uses it: the real server started with it delivers to a receiver on this
// machine (signed with the secret it showed once), while everything inside that the list does not name stays
// refused; the same server without it refuses the receiver.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifySignature } from "../src/webhooks/signature.ts";
import { demoAdminToken, type ServerProcess, startServerProcess } from "./server-process.ts";
import { openReceiver, type Receiver } from "./webhooks-receiver.ts";

describe("WEBHOOK_ALLOWED_HOSTS on a real server", () => {
  let dir: string;
  let server: ServerProcess;
  let receiver: Receiver;
  let auth: Record<string, string>;
  const hooks = "/api/workspaces/demo/webhooks";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "accountable-hooks-"));
    receiver = await openReceiver();
    server = await startServerProcess({ ACCOUNTABLE_DATA_DIR: dir, WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" });
    auth = await demoAdminToken(server);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  const subscribe = (url: string) =>
    fetch(`${server.url}${hooks}`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ url, events: ["AccountCreated"] }),
    });

  it("delivers to the receiver it names, signed with the secret shown once", async () => {
    const res = await subscribe(receiver.url);
    expect(res.status).toBe(201);
    const { secret } = (await res.json()) as { secret: string };
    const created = await fetch(`${server.url}/api/workspaces/demo/accounts`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ accountId: "hooked", name: "Hooked", ownerId: "demo-admin" }),
    });
    expect(created.status).toBe(201);
    const end = Date.now() + 60_000;
    while (receiver.received.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    const [got] = receiver.received;
    expect(JSON.parse(got!.body)).toMatchObject({ type: "AccountCreated", streamId: "hooked" });
    const signature = got!.headers["accountable-signature"] as string;
    expect(verifySignature(secret, signature, got!.body, Math.floor(Date.now() / 1000))).toBe(true);
  }, 90_000);

  it("still refuses what the list does not name", async () => {
    const port = new URL(receiver.url).port;
    for (const url of [
      `http://localhost:${port}/hook`,
      `http://[::1]:${port}/hook`,
      "http://10.0.0.1/hook",
      "http://169.254.169.254/latest/meta-data/",
    ]) {
      const res = await subscribe(url);
      expect(res.status, url).toBe(422);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
  });
});
