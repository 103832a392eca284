// The local operator: a command on the machine the server runs on, working through it instead of opening the
// embedded data folder the server holds (which it may not: one process per folder, see the store's folder-lock.ts).
// The server writes a fresh random credential into the folder (mode 0600) when it listens; a request that presents
// it as `Authorization: Local <credential>` from a loopback address, naming a member in `X-Accountable-Member`,
// acts as that member — with that member's role, every rule applying as to anyone else. Reading the file needs
// the data folder's owner, who could open the database itself once the server stops: the credential gives nothing
// more than that, and nothing at all from another machine.
import { createHash, timingSafeEqual } from "node:crypto";
import type { Service } from "@accountable/service";
import { listWorkspaceIds, type StoreDatabase } from "@accountable/store";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ApiEnv, Principal } from "./env.ts";
import { problemOf, sendProblem } from "./problem.ts";

/** The scheme of the Authorization header that carries the local credential. */
export const LOCAL_SCHEME = "Local";
/** The header naming the member a local command acts as (the CLI's `--as`, or the workspace's admin). */
export const MEMBER_HEADER = "X-Accountable-Member";
/** The one route the local credential opens outside a workspace: which workspaces there are, and their admins. */
export const LOCAL_WORKSPACES_PATH = "/api/local/workspaces";

const SCHEME = /^Local\s+(\S+)\s*$/i;
const WORKSPACE_PATH = /^\/api\/workspaces\/([^/]+)(?:\/|$)/;
/** Headers a reverse proxy adds: a request through one came from elsewhere, whatever its socket says. */
const FORWARDED = ["forwarded", "x-forwarded-for", "x-real-ip", "x-forwarded-host"];

/** Whether the request presents a local credential at all (then it is judged here, never as a bearer token). */
export const presentsLocalCredential = (c: Context<ApiEnv>) =>
  SCHEME.test(c.req.header("authorization") ?? "");

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Compares in constant time (digests of equal length, whatever was sent). */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The peer's address as Node's socket has it (the node server's `incoming`); undefined without a socket. */
function peerAddress(c: Context<ApiEnv>): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return v4 === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

const refuse = (c: Context<ApiEnv>, detail: string) =>
  sendProblem(c, problemOf("Unauthenticated", detail), { "WWW-Authenticate": 'Local realm="accountable"' });

/**
 * Authenticates a request that presents the local credential, or answers why not (401). `credential` is this
 * run's (undefined: the server is not on an embedded folder and takes none).
 */
export function authenticateLocal(
  c: Context<ApiEnv>,
  credential: string | undefined,
): { principal: Principal; refused?: never } | { principal?: never; refused: Response } {
  const given = SCHEME.exec(c.req.header("authorization") ?? "")?.[1] ?? "";
  if (credential === undefined)
    return {
      refused: refuse(c, "This server takes no local credential: it is not on an embedded data folder."),
    };
  if (!isLoopback(peerAddress(c)) || FORWARDED.some((h) => c.req.header(h) !== undefined))
    return {
      refused: refuse(
        c,
        "The local credential is accepted only from this machine, directly (not through a proxy): from elsewhere, send a personal API token as `Authorization: Bearer acct_…`.",
      ),
    };
  if (!sameSecret(given, credential))
    return {
      refused: refuse(
        c,
        "That is not this server's local credential (a new one is written into the data folder at every start).",
      ),
    };
  const local: Principal = { userId: "", email: "", name: "local operator", via: "local" };
  if (c.req.path === LOCAL_WORKSPACES_PATH && c.req.method === "GET") return { principal: local };
  const workspaceId = WORKSPACE_PATH.exec(c.req.path)?.[1];
  if (workspaceId === undefined)
    return {
      refused: refuse(
        c,
        "The local credential works inside a workspace only (/api/workspaces/{workspaceId}/…); accounts, tokens and sign-in need a signed-in user.",
      ),
    };
  const memberId = c.req.header(MEMBER_HEADER)?.trim();
  if (!memberId)
    return {
      refused: refuse(
        c,
        `Say which member acts: the local credential needs the ${MEMBER_HEADER} header (a member id of the workspace).`,
      ),
    };
  return {
    principal: { ...local, membership: { workspaceId: decodeURIComponent(workspaceId), memberId } },
  };
}

/** `GET /api/local/workspaces`: what a local command needs to choose as the CLI does locally — the workspaces, and
 * each one's first active admin (who acts when nobody is named). Not part of the public API. */
export function registerLocalOperatorRoutes(app: OpenAPIHono<ApiEnv>, service: Service, db: StoreDatabase) {
  app.get(LOCAL_WORKSPACES_PATH, async (c) => {
    if (c.get("principal")?.via !== "local")
      return sendProblem(c, problemOf("RouteNotFound", `There is no route GET ${LOCAL_WORKSPACES_PATH}.`));
    const ids = await listWorkspaceIds(db);
    const workspaces = await Promise.all(
      ids.map(async (id) => {
        const admins = await service.queries.listMembers(id, { role: "admin" });
        const admin = admins.ok ? (admins.value.items.find((m) => m.active)?.id ?? null) : null;
        return { id, admin };
      }),
    );
    return c.json({ workspaces });
  });
}
