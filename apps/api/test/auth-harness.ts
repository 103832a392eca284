// The whole API with the real accounts and sign-in (better-auth, tokens, invitations) over a fresh database, for
// the auth*.test.ts files: requests go through app.request(), cookies are carried by hand.
import { Writable } from "node:stream";
import { createService, type Service } from "@accountable/service";
import type { DatabaseHandle } from "@accountable/store";
import pino from "pino";
import { createApp } from "../src/app.ts";
import { type Auth, type AuthOptions, createAuth } from "../src/auth/index.ts";
import type { TestTarget } from "./databases.ts";

/** A response whose JSON is read loosely: the tests assert its shape. */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type TestResponse = Omit<Response, "json"> & { json(): Promise<any> };

export const PUBLIC_URL = "http://localhost:8787";
export const SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
export const PASSWORD = "correct horse battery";

export interface Caller {
  readonly cookie?: string;
  readonly token?: string;
  readonly headers?: Record<string, string>;
}

export interface AuthHarness {
  readonly handle: DatabaseHandle;
  readonly service: Service;
  readonly auth: Auth;
  /** Moves the clock tokens and invitations are judged by. */
  advance(days: number): void;
  /** An API over the same database with other auth options: a second process, another public URL. */
  another(options: Partial<AuthOptions>): { auth: Auth; request: Requester };
  request: Requester;
  /** Signs a new user up and returns the session cookie (`name=value`). */
  signUp(email: string, name?: string): Promise<{ cookie: string; userId: string }>;
  close(): Promise<void>;
}

export type Requester = (
  method: string,
  path: string,
  caller?: Caller,
  body?: unknown,
) => Promise<TestResponse>;

/** The `name=value` part of the session cookie a response sets. */
export function sessionCookie(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => c.includes("session_token="));
  if (!cookie)
    throw new Error(`No session cookie in ${res.status} ${res.headers.getSetCookie().join(" | ")}`);
  return cookie.split(";")[0]!;
}

export async function openAuthHarness(target: TestTarget): Promise<AuthHarness> {
  const handle = await target.open();
  const service = createService({ db: handle.db });
  let now = Date.parse("2026-03-02T09:00:00.000Z");
  const clock = () => new Date(now);
  const silent = pino({ level: "silent" }, new Writable({ write: (_c, _e, cb) => cb() }));

  const build = (options: Partial<AuthOptions>) => {
    const auth = createAuth({
      db: handle.db,
      service,
      publicUrl: PUBLIC_URL,
      secret: SECRET,
      clock,
      // The suite signs many users up from one address; the limit itself is tested with its own.
      loginRateLimit: { window: 60, max: 10_000 },
      // As the server runs: what a token may do in a workspace kept until the database says it changed.
      watchAccess: handle.watchAccess,
      ...options,
    });
    const app = createApp({ service, db: handle.db, auth, logger: silent });
    const request: Requester = async (method, path, caller = {}, body) =>
      app.request(path, {
        method,
        headers: {
          ...(caller.cookie ? { Cookie: caller.cookie } : {}),
          ...(caller.token ? { Authorization: `Bearer ${caller.token}` } : {}),
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          ...caller.headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    built.push(auth);
    return { auth, request };
  };

  const built: Auth[] = [];
  const main = build({});
  return {
    handle,
    service,
    auth: main.auth,
    request: main.request,
    advance(days) {
      now += days * 86_400_000;
    },
    another: build,
    async signUp(email, name = email.split("@")[0]!) {
      const res = await main.request(
        "POST",
        "/api/auth/sign-up/email",
        {},
        { email, name, password: PASSWORD },
      );
      if (res.status !== 200) throw new Error(`sign-up of ${email}: ${res.status} ${await res.text()}`);
      const body = await res.json();
      return { cookie: sessionCookie(res), userId: body.user.id };
    },
    async close() {
      for (const auth of built) await auth.close();
      await handle.close();
    },
  };
}
