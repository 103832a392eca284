// The one API client of the app: same origin, the session cookie signs every request. Every query and mutation
// goes through `unwrap`, so a refusal arrives as an ApiError carrying the server's problem (its `detail` is the
// sentence to show).
import { createClient, type Problem } from "@accountable/client";

export const api = createClient({ baseUrl: "" });

/** An answer other than 2xx, with the problem+json body when there was one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;
  constructor(status: number, problem: Problem | undefined) {
    super(problem?.detail ?? `The server answered ${status}.`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }
}

interface Answer<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/** The answer's data, or an ApiError. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, asProblem(error));
  return data as T;
}

function asProblem(error: unknown): Problem | undefined {
  return typeof error === "object" && error !== null && "detail" in error ? (error as Problem) : undefined;
}

/** The sentence to show for any error a query or mutation may throw. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}
