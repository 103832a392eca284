// Pieces every route definition shares: the workspace path parameter, the problem responses, the headers a
// command reads, and the validation hook that turns a zod failure into a problem naming each field.

import { hash } from "node:crypto";
import { type Redacted, redactedSchema, WorkspaceIdSchema } from "@accountable/domain";
import { describeIssues } from "@accountable/service";
import type { Hook } from "@hono/zod-openapi";
import type { Context, TypedResponse } from "hono";
import type { StatusCode } from "hono/utils/http-status";
import type { JSONParsed } from "hono/utils/types";
import { z } from "zod";
import type { ApiEnv } from "../env.ts";
import { ProblemSchema, problemOf, type RefusalStatus, sendProblem } from "../problem.ts";

// Path ids are the domain's ids (letters, digits and _ . : -): anything else is refused at the edge, before a
// NUL or a stray byte reaches a query (PostgreSQL refuses a NUL in text, which answered 500).
const PathId = WorkspaceIdSchema as unknown as z.ZodString;

export const WorkspaceParam = z.object({
  workspaceId: PathId.meta({ param: { name: "workspaceId", in: "path" }, example: "demo" }),
});

export const IdParam = PathId;

const asView = (id: string) => `${id}View`;

/**
 * The schema of what a member reads: each money field `Money | Masked` (the domain's Masked, a named component),
 * each part holding money named `<Name>View` — the domain's `<Name>` stays the shape a command takes, so the
 * document never gives one name to two shapes.
 */
export function viewSchema<S extends z.ZodType>(schema: S): z.ZodType<Redacted<z.output<S>>> {
  return redactedSchema(schema, asView);
}

/** Whether a workspace id in a path could name a workspace at all. */
export const isWorkspaceId = (value: string) => PathId.safeParse(value).success;

const problemContent = { "application/problem+json": { schema: ProblemSchema } };

type ProblemStatusCode = 400 | 401 | 403 | 404 | 409 | 410 | 412 | 413 | 415 | 422 | 429;

const PROBLEM_DESCRIPTIONS: Readonly<Record<ProblemStatusCode, string>> = {
  400: "The request is malformed (a header, a query parameter).",
  401: "No valid session cookie or API token.",
  403: "Not a member of the workspace, or the role does not allow it.",
  404: "No such record in this workspace.",
  409: "A conflict: the record changed since the version sent (If-Match), or it exists already.",
  410: "Gone: the invitation expired, was used or was withdrawn.",
  412: "Precondition failed.",
  413: "The body is too large.",
  415: "The body is not JSON.",
  422: "Refused: the body is not valid, or a business rule says no (the problem says which and why).",
  429: "Too many requests.",
};

/**
 * The statuses a refusal of the service can answer with (`RefusalStatus`): a route that hands one on declares them,
 * e.g. `problems(400, 401, ...REFUSAL_STATUSES)`.
 */
export const REFUSAL_STATUSES = [403, 404, 409, 410, 422] as const satisfies readonly RefusalStatus[];

/**
 * The problem responses a route can answer, keyed by their literal statuses: the route's handler is typed by them, so
 * answering a status the route does not declare does not compile (`sendProblem` is typed by the problem's status).
 */
export function problems<const S extends ProblemStatusCode>(
  ...statuses: readonly S[]
): { [K in S]: { description: string; content: typeof problemContent } } {
  const out: Partial<Record<ProblemStatusCode, { description: string; content: typeof problemContent }>> = {};
  for (const s of statuses) out[s] = { description: PROBLEM_DESCRIPTIONS[s], content: problemContent };
  return out as { [K in S]: { description: string; content: typeof problemContent } };
}

/**
 * Every route's validation failure becomes one problem: 422 for a body, 400 for a query or path parameter,
 * with each field at fault.
 */
export const validationHook: Hook<unknown, ApiEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const target = (result as { target?: string }).target;
  const errors =
    target === "query"
      ? describeIssues(withQueryValues(result.error as z.ZodError, c), true)
      : describeIssues(result.error as z.ZodError);
  const where = target === "json" ? "body" : target === "query" ? "query string" : (target ?? "request");
  const tag = target === "json" ? "InvalidCommand" : "InvalidInput";
  const problem = problemOf(
    tag,
    `The ${where} is not valid: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}.`,
    { errors },
  );
  return sendProblem(c, target === "json" ? problem : { ...problem, status: 400 });
};

/**
 * A query string's issues with the value each one is about, as it was sent ("status=open,opn": the second), so the
 * refusal can say 'status: "opn" must be one of …' rather than "status.1: …".
 */
function withQueryValues(error: z.ZodError, c: Context): z.ZodError {
  return new z.ZodError(
    error.issues.map((issue) => {
      const [key, index] = issue.path;
      if (typeof key !== "string" || (issue as { input?: unknown }).input !== undefined) return issue;
      const sent = (c.req.queries(key) ?? []).flatMap((v) => v.split(",").map((part) => part.trim()));
      const value = typeof index === "number" ? sent[index] : sent.length === 1 ? sent[0] : undefined;
      return value === undefined ? issue : ({ ...issue, input: value } as z.core.$ZodIssue);
    }),
  );
}

/**
 * Answers a read as JSON with a weak ETag, a digest of the body, and 304 when the client's If-None-Match still
 * matches: a client polling a page or a report moves no data while nothing changed. (Hashing the string we
 * serialise anyway costs a fraction of what a middleware re-reading the response did: measured 0.4 ms a request;
 * crypto's one-shot `hash` skips the Hash object's setup.)
 */
export function jsonWithEtag<T>(c: Context, value: T): JsonResponse<T, 200> | NotModified {
  // The body is `value` serialised (c.json would serialise it a second time): typed as c.json types it.
  return jsonTextWithEtag(c, JSON.stringify(value)) as JsonResponse<T, 200> | NotModified;
}

/** {@link jsonWithEtag} for a body that is JSON text already (a list's page, see the service's `listJson`). */
export function jsonTextWithEtag(c: Context, body: string): Response {
  const tag = `W/"${hash("sha1", body, "base64url")}"`;
  const given = c.req.header("if-none-match");
  if (given?.split(",").some((t) => t.trim() === tag || t.trim() === tag.slice(2)))
    return c.body(null, 304, { ETag: tag });
  return c.body(body, 200, { "Content-Type": "application/json", ETag: tag });
}

/** A JSON response typed by its body and status, as `c.json` types it and OpenAPIHono checks it against a route. */
export type JsonResponse<T, S extends StatusCode> = Response & TypedResponse<JSONParsed<T>, S, "json">;

/** A 304 answer to If-None-Match (no body), as a route that declares `notModified` types it. */
// biome-ignore lint/complexity/noBannedTypes: OpenAPIHono types a response declared without content as TypedResponse<{}>
export type NotModified = Response & TypedResponse<{}, 304, string>;

/** The 304 a read with an ETag answers when If-None-Match still matches. */
export const notModified = {
  304: { description: "Not modified: the ETag sent in If-None-Match still matches." },
};

/** The query string as the options schemas read it: a repeated key becomes an array, a single one a string. */
export function queryObject(c: Context): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(c.req.queries())) out[k] = v.length === 1 ? v[0]! : v;
  return out;
}
