// The request and response bodies of the auth routes, declared once; /openapi.json is generated from them.
import {
  CurrencySchema,
  InvitationStatusSchema,
  RoleSchema,
  text,
  WorkspaceIdSchema,
} from "@accountable/domain";
import { z } from "zod";

const Timestamp = z.string().meta({ format: "date-time", example: "2026-03-01T09:00:00.000Z" });

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    emailVerified: z.boolean().optional(),
    createdAt: Timestamp.optional(),
  })
  .meta({ id: "User" });

export const SignUpBodySchema = z
  .strictObject({
    name: text().trim().min(1, "a name is required").max(200),
    email: z.email("that is not an e-mail address").max(254),
    password: z
      .string()
      .min(8, "a password has at least 8 characters")
      .max(128, "a password has at most 128 characters"),
  })
  .meta({ id: "SignUp" });

export const SignInBodySchema = z
  .strictObject({
    email: z.email("that is not an e-mail address").max(254),
    password: z.string().min(1, "the password is required").max(128),
    rememberMe: z
      .boolean()
      .optional()
      .meta({ description: "false: the session ends with the browser session." }),
  })
  .meta({ id: "SignIn" });

export const SignedInSchema = z.object({ user: UserSchema }).meta({ id: "SignedIn" });

export const SessionSchema = z
  .object({
    user: UserSchema,
    session: z.object({ expiresAt: Timestamp }),
  })
  .nullable()
  .meta({ id: "Session" });

export const ApiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z
      .string()
      .meta({ description: "The token's first characters, to tell tokens apart.", example: "acct_AbC123" }),
    createdAt: Timestamp,
    expiresAt: Timestamp.nullable(),
    lastUsedAt: Timestamp.nullable().meta({ description: "To the minute." }),
  })
  .meta({ id: "ApiToken" });

export const NewApiTokenBodySchema = z
  .strictObject({
    name: text().trim().min(1, "a token needs a name").max(100),
    expiresInDays: z
      .int()
      .min(1)
      .max(3650)
      .optional()
      .meta({ description: "Omit for a token that does not expire." }),
  })
  .meta({ id: "NewApiToken" });

export const CreatedApiTokenSchema = ApiTokenSchema.extend({
  token: z.string().meta({
    description: "The secret, shown this once: send it as `Authorization: Bearer <token>`.",
    example: "acct_3q2-…",
  }),
}).meta({ id: "CreatedApiToken" });

export const ApiTokenListSchema = z.object({ items: z.array(ApiTokenSchema) }).meta({ id: "ApiTokenList" });

export const MembershipSchema = z
  .object({
    id: z.string().meta({ description: "The workspace id." }),
    name: z.string(),
    memberId: z.string().meta({ description: "Who the user is in this workspace." }),
    role: RoleSchema,
  })
  .meta({ id: "Membership" });

export const MeSchema = z
  .object({
    signedIn: z.literal(true),
    user: UserSchema,
    via: z.enum(["session", "token", "local"]).meta({
      description:
        "How the caller signed in: a browser session, a personal API token, or the local credential the CLI uses beside a server on its own data folder.",
    }),
    workspaces: z.array(MembershipSchema),
  })
  .meta({ id: "Me" });

/** What GET /api/me answers a browser with no session: not an error, so a first visit logs nothing. */
export const SignedOutSchema = z
  .object({
    signedIn: z.literal(false),
    demo: z
      .object({
        password: z.string(),
        signIns: z.array(z.object({ email: z.string(), name: z.string(), role: RoleSchema })),
      })
      .optional()
      .meta({
        description: "The demo's logins, when this server made the demo workspace: one password for all.",
      }),
  })
  .meta({ id: "SignedOut" });

export const NewWorkspaceBodySchema = z
  .strictObject({
    name: text().trim().min(1, "a workspace needs a name").max(200),
    workspaceId: WorkspaceIdSchema.optional().meta({ description: "Chosen from the name when omitted." }),
    currency: CurrencySchema.optional().meta({
      description: "The workspace's currency (ISO 4217); EUR when omitted.",
    }),
  })
  .meta({ id: "NewWorkspace" });

export const NewInvitationBodySchema = z
  .strictObject({
    email: z.email("that is not an e-mail address").max(254),
    role: RoleSchema,
    expiresInDays: z.int().min(1).max(90).optional().meta({ description: "7 when omitted." }),
  })
  .meta({ id: "NewInvitation" });

export const InvitationSchema = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    email: z.string(),
    role: RoleSchema,
    invitedBy: z.string().meta({ description: "The member who invited." }),
    createdAt: Timestamp,
    expiresAt: Timestamp,
    status: InvitationStatusSchema,
    acceptedAt: Timestamp.nullable(),
  })
  .meta({ id: "Invitation" });

export const CreatedInvitationSchema = InvitationSchema.extend({
  token: z.string().meta({ description: "The secret in the accept link, shown this once." }),
  acceptUrl: z.string().meta({
    description:
      "The web page of the invitation (who invites, to which workspace); send it to the invited person, who accepts there.",
  }),
}).meta({ id: "CreatedInvitation" });

export const InvitationListSchema = z
  .object({ items: z.array(InvitationSchema) })
  .meta({ id: "InvitationList" });

export const InvitationPreviewSchema = InvitationSchema.extend({
  workspaceName: z.string(),
  invitedByName: z.string().meta({ description: "The name of the member who invited." }),
}).meta({ id: "InvitationPreview" });

export const AcceptedInvitationSchema = z
  .object({ workspaceId: z.string(), memberId: z.string(), role: RoleSchema })
  .meta({ id: "AcceptedInvitation" });

export const WorkspaceIdParamSchema = z.object({
  workspaceId: WorkspaceIdSchema,
});
