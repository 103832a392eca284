// What reaches the server before the app does, tried on the real server process (Node's HTTP parser is part of
// it): an over-long URL, headers the parser cannot read, an empty body, a body nested 5,000 deep. Every answer is
// a 4xx problem+json, never a 5xx or an empty body.
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoAdminToken, type ServerProcess, startServerProcess } from "./server-process.ts";

/** Sends raw bytes and reads until the server closes the connection. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    let out = "";
    socket.on("data", (d) => {
      out += d.toString();
    });
    socket.on("close", () => resolve(out));
    socket.on("error", reject);
  });
}

function parseRaw(response: string) {
  const [head = "", body = ""] = response.split("\r\n\r\n");
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]),
  );
  return { status: Number(statusLine.split(" ")[1]), headers, body };
}

const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;

describe("the HTTP edge of a real server process", () => {
  let server: ServerProcess;
  let dir: string;
  let auth: Record<string, string>;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "accountable-edge-"));
    server = await startServerProcess({ ACCOUNTABLE_DATA_DIR: dir });
    port = Number(new URL(server.url).port);
    auth = await demoAdminToken(server);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it("answers an over-long URL with 431 problem+json", async () => {
    const res = await fetch(`${server.url}/api/workspaces/demo/accounts?q=${"a".repeat(20_000)}`, {
      headers: auth,
    });
    expect(res.status).toBe(431);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({
      status: 431,
      code: "HeadersTooLarge",
      type: "/problems/headers-too-large",
    });
  });

  it("answers over-long headers with 431 problem+json", async () => {
    const res = parseRaw(
      await raw(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"b".repeat(20_000)}\r\n\r\n`),
    );
    expect(res.status).toBe(431);
    expect(res.headers["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(res.body)).toMatchObject({ code: "HeadersTooLarge" });
  });

  it("answers a request the parser cannot read with 400 problem+json, not an empty body", async () => {
    for (const text of [
      "GARBAGE\r\n\r\n",
      "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
      "POST /api/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
    ]) {
      const res = parseRaw(await raw(port, text));
      expect(res.status, text).toBe(400);
      expect(res.headers["content-type"]).toBe("application/problem+json");
      expect(JSON.parse(res.body)).toMatchObject({ status: 400, code: "MalformedRequest" });
      expect(Number(res.headers["content-length"])).toBe(Buffer.byteLength(res.body));
    }
  });

  it("answers an empty body with problem+json, with or without a JSON content type", async () => {
    const url = `${server.url}/api/workspaces/demo/accounts`;
    for (const headers of [
      { ...auth, "Content-Type": "application/json" },
      { ...auth, "Content-Length": "0" },
      auth,
    ]) {
      const res = await fetch(url, { method: "POST", headers, body: "" });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(((await res.json()) as { detail: string }).detail).toEqual(expect.any(String));
    }
  });

  it("answers arrays nested 5,000 deep with 400 problem+json, wherever they are in the body", async () => {
    const bodies = [
      deep(5000),
      `{"name":"Deep","ownerId":"demo-admin","extra":${deep(5000)}}`,
      `{"reason":"x","anything":${deep(5000)}}`,
    ];
    const paths = [
      "/api/workspaces/demo/accounts",
      "/api/workspaces/demo/opportunities/opp-0000001/record-need",
      "/api/workspaces/demo/escalations/x/acknowledge?dryRun=true",
      "/api/workspaces/demo/imports",
      "/api/workspaces/demo/webhooks",
      "/api/tokens",
    ];
    for (const path of paths)
      for (const body of bodies) {
        const res = await fetch(`${server.url}${path}`, {
          method: "POST",
          headers: { ...auth, "Content-Type": "application/json" },
          body,
        });
        expect(res.status, `${path} ${body.slice(0, 40)}`).toBe(400);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        expect(((await res.json()) as { detail: string }).detail).toMatch(/more than 64 levels deep/);
      }
    // A body as deep as the limit still reaches the route (and is refused there for what it says).
    const limit = await fetch(`${server.url}/api/workspaces/demo/accounts`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: `{"name":"Deep","ownerId":"demo-admin","industry":${deep(63)}}`,
    });
    expect(limit.status).toBe(422);
  });
});
