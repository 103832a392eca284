// The refusals only accounts and sign-in know, in one table typed by their tags (beside the app's own table in
// ../problem.ts, whose helpers and problem shape they share): each has a stable `type` (`/problems/<slug>`),
// a status and a title; the detail is a sentence for the person reading it.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type Problem, problemOf, sendProblem } from "../problem.ts";

export const AUTH_PROBLEM_TAGS = [
  "InvalidCredentials",
  "EmailTaken",
  "WeakPassword",
  "SignInRefused",
  "SessionRequired",
  "TokenNotFound",
  "InvitationNotFound",
  "InvitationExpired",
  "InvitationUsed",
  "InvitationRevoked",
  "InvitationForAnotherEmail",
  "AlreadyMember",
] as const;
export type AuthProblemTag = (typeof AUTH_PROBLEM_TAGS)[number];

interface ProblemKind {
  readonly status: ContentfulStatusCode;
  readonly title: string;
}

export const AUTH_PROBLEMS: Readonly<Record<AuthProblemTag, ProblemKind>> = {
  InvalidCredentials: { status: 401, title: "Wrong e-mail or password" },
  EmailTaken: { status: 409, title: "An account with this e-mail exists already" },
  WeakPassword: { status: 422, title: "The password does not meet the rules" },
  SignInRefused: { status: 400, title: "Sign-in refused" },
  SessionRequired: { status: 403, title: "Sign in with a password for this" },
  TokenNotFound: { status: 404, title: "No such API token" },
  InvitationNotFound: { status: 404, title: "No such invitation" },
  InvitationExpired: { status: 410, title: "This invitation has expired" },
  InvitationUsed: { status: 410, title: "This invitation was used already" },
  InvitationRevoked: { status: 410, title: "This invitation was withdrawn" },
  InvitationForAnotherEmail: { status: 403, title: "This invitation is for another e-mail address" },
  AlreadyMember: { status: 409, title: "Already a member of this workspace" },
};

const slug = (tag: string) => tag.replace(/[A-Z]/g, (c, i: number) => (i ? "-" : "") + c.toLowerCase());

/** An auth refusal as a problem (`type` `/problems/<slug>`, `code` the tag), with facts the client can act on. */
export function authProblem(
  tag: AuthProblemTag,
  detail: string,
  extra: Record<string, unknown> = {},
): Problem & { status: ContentfulStatusCode } {
  const kind = AUTH_PROBLEMS[tag];
  return {
    ...extra,
    type: `/problems/${slug(tag)}`,
    title: kind.title,
    status: kind.status,
    detail,
    code: tag,
  };
}

/** Answers an auth refusal as problem+json. */
export function refuseAuth(
  c: Context,
  tag: AuthProblemTag,
  detail: string,
  extra: Record<string, unknown> = {},
) {
  return sendProblem(c, authProblem(tag, detail, extra));
}

/** Answers "sign in first" (401), as the app's authentication middleware does. */
export function unauthenticated(c: Context) {
  return sendProblem(
    c,
    problemOf(
      "Unauthenticated",
      "Sign in (session cookie) or send a personal API token as `Authorization: Bearer acct_…`.",
    ),
    { "WWW-Authenticate": 'Bearer realm="accountable"' },
  );
}
