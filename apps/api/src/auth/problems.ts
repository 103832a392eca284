// Answering the refusals only accounts and sign-in know. Their statuses and titles are rows of the one problem
// table (../problem.ts, `AuthProblemTag`); the detail is a sentence for the person reading it.
import type { Context } from "hono";
import { type AuthProblemTag, type Problem, type ProblemStatus, problemOf, sendProblem } from "../problem.ts";

/** An auth refusal as a problem (`type` `/problems/<slug>`, `code` the tag), with facts the client can act on. */
export function authProblem<T extends AuthProblemTag>(
  tag: T,
  detail: string,
  extra: Record<string, unknown> = {},
): Problem & { status: ProblemStatus<T> } {
  return problemOf(tag, detail, extra);
}

/** Answers an auth refusal as problem+json. */
export function refuseAuth<T extends AuthProblemTag>(
  c: Context,
  tag: T,
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
      "Sign in (POST /api/auth/sign-in/email, a session cookie) or send a personal API token as `Authorization: Bearer acct_…`.",
    ),
    { "WWW-Authenticate": 'Bearer realm="accountable"' },
  );
}
