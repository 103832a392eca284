// RFC 9457 problem details: every error the API answers, from one table typed by every refusal the service can
// return plus the few only HTTP knows. A refusal the service learns to return fails to compile here until it has
// a status and a title.
import { kebabCase } from "@accountable/domain";
import type { InputIssue, InvalidCommand, ServiceRefusal, ServiceRefusalTag } from "@accountable/service";
import type { Context, TypedResponse } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { JSONParsed } from "hono/utils/types";
import { z } from "zod";

/** What only the HTTP adapter can refuse. */
export type HttpProblemTag =
  | "Unauthenticated"
  | "CrossOriginRequest"
  | "RouteNotFound"
  | "MethodNotAllowed"
  | "PayloadTooLarge"
  | "HeadersTooLarge"
  | "RequestTimeout"
  | "UnsupportedMediaType"
  | "MalformedRequest"
  | "RateLimited"
  | "IdempotencyKeyReused"
  | "IdempotencyKeyInFlight"
  | "BadIfMatch"
  | "Internal";

/** What only accounts and sign-in can refuse (apps/api/src/auth). */
export type AuthProblemTag =
  | "InvalidCredentials"
  | "EmailTaken"
  | "WeakPassword"
  | "SignInRefused"
  | "SessionRequired"
  | "TokenNotFound"
  | "InvitationNotFound";

export type ProblemTag = ServiceRefusalTag | InvalidCommand["_tag"] | HttpProblemTag | AuthProblemTag;

interface ProblemKind {
  readonly status: 400 | 401 | 403 | 404 | 405 | 408 | 409 | 410 | 413 | 415 | 422 | 429 | 431 | 500;
  readonly title: string;
}

export const PROBLEMS = {
  // input
  InvalidCommand: { status: 422, title: "The request body is not valid" },
  InvalidInput: { status: 422, title: "A field is not valid" },
  UnknownStage: { status: 422, title: "No such stage in this pipeline" },
  BadIfMatch: { status: 400, title: 'If-Match must be a version such as "3"' },
  UnsupportedMediaType: { status: 415, title: "Send JSON" },
  MalformedRequest: { status: 400, title: "The request could not be read" },
  PayloadTooLarge: { status: 413, title: "The request body is too large" },
  HeadersTooLarge: { status: 431, title: "The URL or the headers are too long" },
  RequestTimeout: { status: 408, title: "The request did not arrive in time" },
  // who
  Unauthenticated: { status: 401, title: "Sign in, or send an API token" },
  CrossOriginRequest: { status: 403, title: "A write with the session cookie came from another site" },
  NotAMember: { status: 403, title: "Not a member of this workspace" },
  NotPermitted: { status: 403, title: "Your role does not allow this" },
  NotAnApprover: { status: 403, title: "Not an approver of this contract" },
  StageRestrictedToRoles: { status: 403, title: "This stage is reserved to other roles" },
  // what
  NotFound: { status: 404, title: "Not found" },
  RouteNotFound: { status: 404, title: "No such route" },
  MethodNotAllowed: { status: 405, title: "Method not allowed" },
  // conflicts
  StaleVersion: { status: 409, title: "Someone changed this record since you read it" },
  AlreadyExists: { status: 409, title: "It exists already" },
  AlreadyApproved: { status: 409, title: "Approved already" },
  PipelineInUse: { status: 409, title: "A pipeline that holds deals cannot be removed" },
  IdempotencyKeyReused: { status: 422, title: "This Idempotency-Key was used for a different request" },
  IdempotencyKeyInFlight: { status: 409, title: "A request with this Idempotency-Key is still running" },
  // business rules
  TransitionNotAllowed: { status: 422, title: "That move is not allowed from here" },
  ExitCriteriaNotMet: { status: 422, title: "The stage's exit criteria are not met" },
  DetailsRequired: { status: 422, title: "The stage needs details the deal does not have" },
  ReasonRequired: { status: 422, title: "A reason is required" },
  StageSkipNotAllowed: { status: 422, title: "Stages cannot be skipped in this pipeline" },
  BackwardMoveNotAllowed: { status: 422, title: "Moving back is not allowed in this pipeline" },
  ApprovalsPending: { status: 422, title: "Approvals are still pending" },
  NotYetDue: { status: 422, title: "Not due yet" },
  CurrencyMismatch: { status: 422, title: "The currencies do not match" },
  // limits and faults
  RateLimited: { status: 429, title: "Too many requests" },
  Internal: { status: 500, title: "Something went wrong on our side" },
  // accounts and sign-in
  InvalidCredentials: { status: 401, title: "Wrong e-mail or password" },
  EmailTaken: { status: 409, title: "An account with this e-mail exists already" },
  WeakPassword: { status: 422, title: "The password does not meet the rules" },
  SignInRefused: { status: 400, title: "Sign-in refused" },
  SessionRequired: { status: 403, title: "Sign in with a password for this" },
  TokenNotFound: { status: 404, title: "No such API token" },
  InvitationNotFound: { status: 404, title: "No such invitation" },
  // invitations (the domain's invitation machine; each names the guard that refused)
  InvitationExpired: { status: 410, title: "This invitation has expired" },
  InvitationUsed: { status: 410, title: "This invitation was used already" },
  InvitationRevoked: { status: 410, title: "This invitation was withdrawn" },
  InvitationForAnotherEmail: { status: 403, title: "This invitation is for another e-mail address" },
  AlreadyMember: { status: 409, title: "Already a member of this workspace" },
} as const satisfies Readonly<Record<ProblemTag, ProblemKind>>;

/** The status a problem of this tag answers with, e.g. 409 for "StaleVersion". */
export type ProblemStatus<T extends ProblemTag = ProblemTag> = (typeof PROBLEMS)[T]["status"];

/** The statuses a refusal of the service (or an invalid body) can answer with: a route that hands one on declares them. */
export type RefusalStatus = ProblemStatus<ServiceRefusalTag | InvalidCommand["_tag"]>;

/** "ExitCriteriaNotMet" → "exit-criteria-not-met": the last part of a problem's stable `type`. */
export const problemSlug = (tag: ProblemTag) => kebabCase(tag);

/** The stable `type` of a problem: a path under this API where it is described. */
export const problemType = (tag: ProblemTag) => `/problems/${problemSlug(tag)}`;

/** The body of every error response (`application/problem+json`). */
export const ProblemSchema = z
  .object({
    type: z.string().meta({ description: "Stable per refusal, e.g. /problems/exit-criteria-not-met." }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().meta({ description: "What went wrong, as a sentence." }),
    instance: z.string().optional(),
    code: z.string().meta({ description: "The refusal's tag, e.g. ExitCriteriaNotMet." }),
    requestId: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .meta({ description: "Each field at fault, for validation errors." }),
  })
  .catchall(z.unknown())
  .meta({ id: "Problem" });
export type Problem = z.infer<typeof ProblemSchema>;

/** Builds a problem from its tag, the sentence and any facts the client can act on (missing criteria, version…). */
export function problemOf<T extends ProblemTag>(
  tag: T,
  detail: string,
  extra: Record<string, unknown> = {},
): Problem & { status: ProblemStatus<T> } {
  const kind: { status: ProblemStatus<T>; title: string } = PROBLEMS[tag];
  return { ...extra, type: problemType(tag), title: kind.title, status: kind.status, detail, code: tag };
}

/** A refusal of the service (or an invalid body) as a problem, its own fields kept for clients to act on. */
export function problemFromRefusal(
  refusal: ServiceRefusal | InvalidCommand,
): Problem & { status: RefusalStatus } {
  const { _tag, message, ...facts } = refusal as ServiceRefusal & { issues?: readonly InputIssue[] };
  const { issues, ...rest } = facts as { issues?: readonly InputIssue[] } & Record<string, unknown>;
  const errors =
    issues ??
    (_tag === "InvalidInput" ? [{ path: (refusal as { field: string }).field, message }] : undefined);
  return problemOf(_tag, message, { ...rest, ...(errors ? { errors } : {}) });
}

/**
 * Answers a problem, with the request id and the path as `instance`. The response is typed by the problem's status,
 * so a route's handler compiles only if the route declares every status it can answer (`problems(…)`).
 */
export function sendProblem<S extends ContentfulStatusCode>(
  c: Context,
  problem: Problem & { status: S },
  headers: Record<string, string> = {},
): ProblemResponse<S> {
  const requestId = c.get("requestId") as string | undefined;
  const body: Problem = { ...problem, instance: c.req.path, ...(requestId ? { requestId } : {}) };
  // c.json types the response by S as a whole; ProblemResponse is the same response, one member per status.
  const res = c.json(body, problem.status, { "Content-Type": "application/problem+json", ...headers });
  return res as Response as ProblemResponse<S>;
}

/** A problem+json response, one member per status (so a route declaring each of them accepts it). */
export type ProblemResponse<S extends ContentfulStatusCode> = S extends unknown
  ? Response & TypedResponse<JSONParsed<Problem>, S, "json">
  : never;

/** The problem response a service refusal (or an invalid body) answers with. */
export type RefusalResponse = ProblemResponse<RefusalStatus>;
