// The signed-in user's own things: who they are and their workspaces (/api/me), their personal API tokens, and
// new workspaces they found (as the first admin).
import { randomBytes } from "node:crypto";
import { defaultWorkspaceSettings } from "@accountable/domain";
import type { Service } from "@accountable/service";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import type { ApiEnv, Principal } from "../env.ts";
import { problemFromRefusal, sendProblem } from "../problem.ts";
import { problems, REFUSAL_STATUSES } from "../routes/shared.ts";
import type { ApiTokens } from "./api-tokens.ts";
import type { DemoLogins } from "./demo-login.ts";
import { type Memberships, memberIdForUser } from "./memberships.ts";
import { refuseAuth, unauthenticated } from "./problems.ts";
import {
  ApiTokenListSchema,
  CreatedApiTokenSchema,
  MembershipSchema,
  MeSchema,
  NewApiTokenBodySchema,
  NewWorkspaceBodySchema,
  SignedOutSchema,
} from "./schemas.ts";

export interface AccountRoutesDeps {
  /** The demo's logins a signed-out page may offer; null without a demo (or once its password was changed). */
  readonly demoLogins?: () => DemoLogins | null;
  readonly service: Service;
  readonly tokens: ApiTokens;
  readonly memberships: Memberships;
  /** The caller, as the app's middleware set it or from the request itself. */
  readonly principalOf: (c: Context<ApiEnv>) => Promise<Principal | null>;
}

const signedIn = [{ session: [] }, { token: [] }];

/** A workspace id from its name: "Acme Agency" → "acme-agency-3f9a1c". */
export function workspaceIdFrom(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return `${base || "workspace"}-${randomBytes(3).toString("hex")}`;
}

export function registerAccountRoutes(app: OpenAPIHono<ApiEnv>, deps: AccountRoutesDeps): void {
  const { service, tokens, memberships, principalOf } = deps;

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/me",
      tags: ["account"],
      summary: "The signed-in user and the workspaces they are a member of",
      description:
        'Without a valid session (no cookie, or one that has ended) the answer is `{ "signedIn": false }` with 200: being signed out is not an error; when the server made the demo workspace, it adds the demo\'s logins (`demo`: one password, one person per role worth seeing) for the sign-in page to offer. A token that is not valid is (401).',
      operationId: "getMe",
      security: signedIn,
      responses: {
        200: {
          description: "The user, or that no one is signed in",
          content: { "application/json": { schema: z.union([MeSchema, SignedOutSchema]) } },
        },
        ...problems(401),
      },
    }),
    async (c) => {
      const me = await principalOf(c);
      if (!me && c.req.header("authorization")) return unauthenticated(c);
      if (!me) {
        const demo = deps.demoLogins?.();
        return c.json(
          demo
            ? { signedIn: false as const, demo: { password: demo.password, signIns: [...demo.signIns] } }
            : { signedIn: false as const },
          200,
        );
      }
      return c.json(
        {
          signedIn: true as const,
          user: { id: me.userId, email: me.email, name: me.name },
          via: me.via,
          workspaces: await memberships.workspacesOf(me.userId),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/workspaces",
      tags: ["account"],
      summary: "Create a workspace, with the signed-in user as its first admin",
      operationId: "createWorkspace",
      security: signedIn,
      request: {
        body: { required: true, content: { "application/json": { schema: NewWorkspaceBodySchema } } },
      },
      responses: {
        201: { description: "Created", content: { "application/json": { schema: MembershipSchema } } },
        ...problems(401, 415, ...REFUSAL_STATUSES),
      },
    }),
    async (c) => {
      const me = await principalOf(c);
      if (!me) return unauthenticated(c);
      const body = c.req.valid("json");
      const workspaceId = body.workspaceId ?? workspaceIdFrom(body.name);
      const memberId = memberIdForUser(me.userId);
      const created = await service.createWorkspace({
        workspaceId,
        name: body.name,
        settings: defaultWorkspaceSettings(body.currency ?? "EUR"),
        admin: { memberId, name: me.name, email: me.email, role: "admin", userId: me.userId },
      });
      if (!created.ok) return sendProblem(c, problemFromRefusal(created.error));
      c.header("Location", `/api/workspaces/${workspaceId}`);
      return c.json({ id: workspaceId, name: body.name, memberId, role: "admin" as const }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/tokens",
      tags: ["account"],
      summary: "Create a personal API token (shown once)",
      description: "Only from a signed-in browser session, so that a leaked token cannot mint others.",
      operationId: "createApiToken",
      security: [{ session: [] }],
      request: {
        body: { required: true, content: { "application/json": { schema: NewApiTokenBodySchema } } },
      },
      responses: {
        201: {
          description: "The token, with its secret: keep it, it is not shown again.",
          content: { "application/json": { schema: CreatedApiTokenSchema } },
        },
        ...problems(401, 403, 415, 422),
      },
    }),
    async (c) => {
      const me = await principalOf(c);
      if (!me) return unauthenticated(c);
      if (me.via !== "session")
        return refuseAuth(
          c,
          "SessionRequired",
          "API tokens are created from a signed-in session, not with another token.",
        );
      const body = c.req.valid("json");
      return c.json(await tokens.create(me.userId, body.name, body.expiresInDays), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/tokens",
      tags: ["account"],
      summary: "Your personal API tokens (never their secrets)",
      operationId: "listApiTokens",
      security: signedIn,
      responses: {
        200: { description: "Newest first", content: { "application/json": { schema: ApiTokenListSchema } } },
        ...problems(401),
      },
    }),
    async (c) => {
      const me = await principalOf(c);
      if (!me) return unauthenticated(c);
      return c.json({ items: await tokens.list(me.userId) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/tokens/{id}",
      tags: ["account"],
      summary: "Revoke one of your API tokens",
      operationId: "deleteApiToken",
      security: signedIn,
      request: { params: z.object({ id: z.string().min(1).max(128) }) },
      responses: {
        204: { description: "Revoked: it no longer signs anyone in." },
        ...problems(400, 401, 404),
      },
    }),
    async (c) => {
      const me = await principalOf(c);
      if (!me) return unauthenticated(c);
      const id = c.req.param("id")!;
      if (!(await tokens.delete(me.userId, id)))
        return refuseAuth(c, "TokenNotFound", `You have no API token with id ${id}.`);
      return c.body(null, 204);
    },
  );
}
