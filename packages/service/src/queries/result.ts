import { type InvalidInput, refuse } from "@accountable/domain";
import type { z } from "zod";
import { describeIssues } from "../parse.ts";
import type { ServiceRefusal } from "../refusals.ts";

/** What a query answers: its data, or a refusal adapters map like any other (bad input, unknown record, no rate). */
export type QueryResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ServiceRefusal };

export const queryOk = <T>(value: T): QueryResult<T> => ({ ok: true, value });
export const queryRefused = <T = never>(error: ServiceRefusal): QueryResult<T> => ({ ok: false, error });

/**
 * Parses a query's options with its schema; a failure becomes an InvalidInput refusal naming the first field
 * at fault and every problem, in the words `describeIssues` uses for commands.
 */
export function parseOptions<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.output<S> } | { ok: false; error: InvalidInput } {
  const parsed = schema.safeParse(input ?? {}, { reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = describeIssues(parsed.error, true);
  return {
    ok: false,
    error: refuse.invalidInput(
      issues[0]?.path ?? "(input)",
      `Those options are not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}.`,
    ),
  };
}
