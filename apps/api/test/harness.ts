// An API over a fresh database for one test file: the real service and store on PGlite (or PostgreSQL), with
// accounts and sign-in replaced by a table of bearer tokens, so route tests can act as any member without a
// sign-up round trip. The sign-in side is tested on its own (auth*.test.ts) with the real implementation.
import { Writable } from "node:stream";
import { createService, type Service } from "@accountable/service";
import type { DatabaseHandle } from "@accountable/store";
import { OpenAPIHono } from "@hono/zod-openapi";
import pino from "pino";
import { createApp } from "../src/app.ts";
import type { AuthPort } from "../src/auth/port.ts";
import type { ApiEnv, Principal } from "../src/env.ts";
import { secretBox, standardExtensions } from "../src/index.ts";
import type { TestTarget } from "./databases.ts";

/** A response whose JSON is read loosely: the tests assert its shape. */
export interface TestResponse extends Omit<Response, "json"> {
  // biome-ignore lint/suspicious/noExplicitAny: see above
  json(): Promise<any>;
}

export interface Harness {
  readonly service: Service;
  readonly handle: DatabaseHandle;
  readonly app: ReturnType<typeof createApp>;
  /** Lets `token` act as `memberId` in `workspaceId` (a user of its own). */
  grant(token: string, workspaceId: string, memberId: string): void;
  /** A request with the token as bearer and a JSON body. */
  call(
    token: string | null,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** The server's local credential (local-operator.ts); none by default. */
  readonly localCredential?: string;
  /** Extra routes to mount (webhooks, the calendar feed), built from the harness's service and database. */
  readonly extensions?: (deps: {
    readonly service: Service;
    readonly db: DatabaseHandle["db"];
  }) => NonNullable<Parameters<typeof createApp>[0]["extensions"]>;
}

export async function openHarness(target: TestTarget, options: HarnessOptions = {}): Promise<Harness> {
  const handle = await target.open();
  const service = createService({ db: handle.db });
  const users = new Map<string, Principal>();
  const memberships = new Map<string, string>();
  const auth: AuthPort = {
    routes: new OpenAPIHono<ApiEnv>(),
    async authenticate(request) {
      const token = request.headers.get("authorization")?.replace(/^Bearer /, "");
      return (token && users.get(token)) || null;
    },
    async memberIn(userId, workspaceId) {
      return memberships.get(`${userId}@${workspaceId}`) ?? null;
    },
  };
  const silent = pino({ level: "silent" }, new Writable({ write: (_c, _e, cb) => cb() }));
  const app = createApp({
    service,
    db: handle.db,
    auth,
    logger: silent,
    ...(options.localCredential === undefined ? {} : { localCredential: options.localCredential }),
    ...(options.extensions ? { extensions: options.extensions({ service, db: handle.db }) } : {}),
  });
  return {
    service,
    handle,
    app,
    grant(token, workspaceId, memberId) {
      const userId = `user-${token}`;
      users.set(token, { userId, email: `${token}@test`, name: token, via: "token" });
      memberships.set(`${userId}@${workspaceId}`, memberId);
    },
    async call(token, method, path, body, headers = {}) {
      return app.request(path, {
        method,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      });
    },
    close: () => handle.close(),
  };
}

/**
 * A harness with the API's standard extensions over a demo workspace seeded as `demo` says, its admin signed in
 * as the token "admin": what the tests that read every route as every role start from.
 */
export async function openDemoHarness(
  target: TestTarget,
  demo: Parameters<Service["seedDemo"]>[0],
): Promise<{ readonly h: Harness; readonly adminId: string }> {
  const h = await openHarness(target, {
    extensions: ({ service, db }) => standardExtensions({ service, db, secrets: secretBox("x".repeat(32)) }),
  });
  const seeded = await h.service.seedDemo(demo);
  if (!seeded.ok) throw new Error(seeded.error.message);
  h.grant("admin", demo.workspaceId, seeded.value.login.memberId);
  return { h, adminId: seeded.value.login.memberId };
}
