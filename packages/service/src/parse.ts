import type { z } from "zod";
import { type AggregateType, REGISTRY } from "./aggregates/registry.ts";
import type { AnySpec } from "./aggregates/spec.ts";

/** One problem with an input, at a path a person can find ("amount.currency"). */
export interface InputIssue {
  readonly path: string;
  readonly message: string;
}

/** Input that does not parse: every problem, each with where it is. */
export interface InvalidCommand {
  readonly _tag: "InvalidCommand";
  readonly issues: readonly InputIssue[];
  readonly message: string;
}

/** zod's issues as sentences with paths; the one place adapters' validation errors are worded. */
export function describeIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(input)", message: i.message }));
}

/**
 * Parses an adapter's input (a JSON body, CLI flags, an import row) into a command of the aggregate with the
 * domain's own schema: validation happens once, at the edge, with the rules the domain declared.
 */
export function parseCommand(
  aggregate: AggregateType,
  input: unknown,
): { ok: true; value: { readonly type: string } } | { ok: false; error: InvalidCommand } {
  const spec: AnySpec = REGISTRY[aggregate];
  const parsed = spec.commandSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data as { readonly type: string } };
  const issues = describeIssues(parsed.error);
  return {
    ok: false,
    error: {
      _tag: "InvalidCommand",
      issues,
      message: `That ${aggregate} command is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}.`,
    },
  };
}
