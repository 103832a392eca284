// Invitations: members whose role may invite (the domain's `can(actor, "member.invite")`) invite an e-mail
// address in a role; the invited person, signed in with that address, accepts with the token from the link.
import type { Actor } from "@accountable/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import type { ApiEnv, Principal } from "../env.ts";
import { ProblemSchema, problemOf, sendProblem } from "../problem.ts";
import { problems } from "../routes/shared.ts";
import type { Invitations } from "./invitations.ts";
import { unauthenticated } from "./problems.ts";
import {
  AcceptedInvitationSchema,
  CreatedInvitationSchema,
  InvitationListSchema,
  InvitationPreviewSchema,
  NewInvitationBodySchema,
  WorkspaceIdParamSchema,
} from "./schemas.ts";

export interface InvitationRoutesDeps {
  readonly invitations: Invitations;
  readonly publicUrl: string;
  readonly principalOf: (c: Context<ApiEnv>) => Promise<Principal | null>;
}

const signedIn = [{ session: [] }, { token: [] }];

export function registerInvitationRoutes(app: OpenAPIHono<ApiEnv>, deps: InvitationRoutesDeps): void {
  const { invitations, principalOf } = deps;
  const base = deps.publicUrl.replace(/\/+$/, "");

  /** The caller as a member who may invite here, or the response refusing them. */
  async function inviter(
    c: Context<ApiEnv>,
  ): Promise<{ actor: Actor; workspaceId: string } | { refused: Response }> {
    const me = await principalOf(c);
    if (!me) return { refused: unauthenticated(c) };
    const workspaceId = c.req.param("workspaceId")!;
    const allowed = await invitations.inviter(me.userId, workspaceId);
    if (allowed.ok) return { actor: allowed.value, workspaceId };
    // Not a member: answered as missing, like every workspace route, so other tenants' ids cannot be probed.
    if (allowed.problem.code === "NotAMember")
      return {
        refused: sendProblem(
          c,
          problemOf("NotFound", `There is no workspace ${workspaceId} that you are a member of.`),
        ),
      };
    return { refused: sendProblem(c, allowed.problem) };
  }

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/workspaces/{workspaceId}/invitations",
      tags: ["invitations"],
      summary: "Invite someone to the workspace in a role",
      description: "Allowed to the roles the domain lets invite members. The token is in the answer only.",
      operationId: "createInvitation",
      security: signedIn,
      request: {
        params: WorkspaceIdParamSchema,
        body: { required: true, content: { "application/json": { schema: NewInvitationBodySchema } } },
      },
      responses: {
        201: { description: "Invited", content: { "application/json": { schema: CreatedInvitationSchema } } },
        ...problems(400, 401, 403, 404, 409, 415, 422),
      },
    }),
    (async (c: Context<ApiEnv>) => {
      const who = await inviter(c);
      if ("refused" in who) return who.refused;
      const body = c.req.valid("json" as never) as z.infer<typeof NewInvitationBodySchema>;
      const created = await invitations.create(who.workspaceId, who.actor, body);
      if (!created.ok) return sendProblem(c, created.problem);
      // The web page of the invitation, where the invited person sees who invites them and accepts.
      const acceptUrl = `${base}/invitations/${encodeURIComponent(created.value.token)}`;
      return c.json({ ...created.value, acceptUrl }, 201);
    }) as never,
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/workspaces/{workspaceId}/invitations",
      tags: ["invitations"],
      summary: "The workspace's invitations (pending, accepted and expired; withdrawn ones are left out)",
      operationId: "listInvitations",
      security: signedIn,
      request: { params: WorkspaceIdParamSchema },
      responses: {
        200: {
          description: "Newest first",
          content: { "application/json": { schema: InvitationListSchema } },
        },
        ...problems(400, 401, 403, 404),
      },
    }),
    (async (c: Context<ApiEnv>) => {
      const who = await inviter(c);
      if ("refused" in who) return who.refused;
      return c.json({ items: await invitations.list(who.workspaceId) });
    }) as never,
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/workspaces/{workspaceId}/invitations/{id}",
      tags: ["invitations"],
      summary: "Withdraw a pending invitation",
      operationId: "deleteInvitation",
      security: signedIn,
      request: { params: WorkspaceIdParamSchema.extend({ id: z.string().min(1).max(128) }) },
      responses: {
        204: { description: "Withdrawn: its link admits no one." },
        ...problems(400, 401, 403, 404),
        410: {
          description: "It was accepted already.",
          content: { "application/problem+json": { schema: ProblemSchema } },
        },
      },
    }),
    (async (c: Context<ApiEnv>) => {
      const who = await inviter(c);
      if ("refused" in who) return who.refused;
      const revoked = await invitations.revoke(who.workspaceId, who.actor, c.req.param("id")!);
      if (!revoked.ok) return sendProblem(c, revoked.problem);
      return c.body(null, 204);
    }) as never,
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/invitations/{token}",
      tags: ["invitations"],
      summary: "Who invites the holder of this link, to which workspace, in which role",
      description:
        "For the page the invitation's link opens; the token is the secret, so no sign-in is needed. Its status says whether it can still be accepted.",
      operationId: "getInvitation",
      security: [],
      request: { params: z.object({ token: z.string().min(1).max(200) }) },
      responses: {
        200: {
          description: "The invitation",
          content: { "application/json": { schema: InvitationPreviewSchema } },
        },
        ...problems(400, 404),
      },
    }),
    (async (c: Context<ApiEnv>) => {
      const found = await invitations.preview(c.req.param("token")!);
      if (!found.ok) return sendProblem(c, found.problem);
      return c.json(found.value);
    }) as never,
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/invitations/{token}/accept",
      tags: ["invitations"],
      summary: "Accept an invitation as the signed-in user it was sent to",
      description:
        "Adds you to the workspace as a member in the invited role and links you to it. An expired, withdrawn or used invitation is refused (410).",
      operationId: "acceptInvitation",
      security: signedIn,
      request: { params: z.object({ token: z.string().min(1).max(200) }) },
      responses: {
        200: {
          description: "You are a member",
          content: { "application/json": { schema: AcceptedInvitationSchema } },
        },
        ...problems(400, 401, 403, 404, 409, 422),
        410: {
          description: "The invitation expired, was withdrawn or was used already.",
          content: { "application/problem+json": { schema: ProblemSchema } },
        },
      },
    }),
    (async (c: Context<ApiEnv>) => {
      const me = await principalOf(c);
      if (!me) return unauthenticated(c);
      const accepted = await invitations.accept(c.req.param("token")!, me);
      if (!accepted.ok) return sendProblem(c, accepted.problem);
      return c.json(accepted.value);
    }) as never,
  );
}
