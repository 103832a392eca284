// Pieces every route definition shares: the workspace path parameter, the problem responses, the headers a
// command reads, and the validation hook that turns a zod failure into a problem naming each field.
import { describeIssues } from "@accountable/service";
import type { Hook } from "@hono/zod-openapi";
import { z } from "zod";
import type { ApiEnv } from "../env.ts";
import { ProblemSchema, problemOf, sendProblem } from "../problem.ts";

export const WorkspaceParam = z.object({
  workspaceId: z
    .string()
    .min(1)
    .max(128)
    .meta({ param: { name: "workspaceId", in: "path" }, example: "demo" }),
});

export const IdParam = z.string().min(1).max(128);

const problemContent = { "application/problem+json": { schema: ProblemSchema } };

/** The problem responses a route can answer, by status. */
export function problems(
  ...statuses: readonly (400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 429)[]
) {
  const out: Record<number, { description: string; content: typeof problemContent }> = {};
  const describe: Record<number, string> = {
    400: "The request is malformed (a header, a query parameter).",
    401: "No valid session cookie or API token.",
    403: "Not a member of the workspace, or the role does not allow it.",
    404: "No such record in this workspace.",
    409: "A conflict: the record changed since the version sent (If-Match), or it exists already.",
    412: "Precondition failed.",
    413: "The body is too large.",
    415: "The body is not JSON.",
    422: "Refused: the body is not valid, or a business rule says no (the problem says which and why).",
    429: "Too many requests.",
  };
  for (const s of statuses) out[s] = { description: describe[s] ?? "Problem", content: problemContent };
  return out;
}

/**
 * Every route's validation failure becomes one problem: 422 for a body, 400 for a query or path parameter,
 * with each field at fault.
 */
export const validationHook: Hook<unknown, ApiEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const errors = describeIssues(result.error as z.ZodError);
  const target = (result as { target?: string }).target;
  const where = target === "json" ? "body" : target === "query" ? "query string" : (target ?? "request");
  const tag = target === "json" ? "InvalidCommand" : "InvalidInput";
  const problem = problemOf(
    tag,
    `The ${where} is not valid: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}.`,
    { errors },
  );
  return sendProblem(c, target === "json" ? problem : { ...problem, status: 400 });
};
