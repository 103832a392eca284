import type { AggregateCommands } from "@accountable/domain";
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

/**
 * zod's issues as sentences with paths; the one place adapters' validation errors are worded. `asOptions` words
 * them for flags and query parameters, which are not nested documents: "status.0" is the person's "--status opn",
 * so the place in a list is left out and the value they gave is named ('status: "opn" must be one of …'; the
 * parse must have been run with `reportInput`).
 */
export function describeIssues(error: z.ZodError, asOptions = false): InputIssue[] {
  return error.issues
    .flatMap(meantBranch)
    .flatMap(perUnknownKey)
    .map((i) => (asOptions ? optionInWords(i) : { path: pathOf(i.path), message: inWords(i) }));
}

const pathOf = (path: readonly PropertyKey[]): string => path.map(String).join(".") || "(input)";

function optionInWords(issue: z.core.$ZodIssue): InputIssue {
  const given = (issue as { input?: unknown }).input;
  const shown = typeof given === "string" || typeof given === "number" ? `${JSON.stringify(given)} ` : "";
  return {
    path: pathOf(issue.path.filter((segment) => typeof segment !== "number")),
    message: `${shown}${inWords(issue)}`,
  };
}

/** An unknown field is named where it is ("stauts: is not a field this takes"), one issue each. */
function perUnknownKey(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== "unrecognized_keys") return [issue];
  return issue.keys.map((key) => ({ ...issue, keys: [key], path: [...issue.path, key] }));
}

/**
 * An input that may be one of several commands (a deal opened or imported) fails as one "invalid union" issue;
 * the person needs the fields of the command they meant: the branch whose `type` matched (the default one when
 * the input names none).
 */
function meantBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== "invalid_union" || issue.path.length > 0) return [issue];
  const branches = (issue as { errors?: z.core.$ZodIssue[][] }).errors ?? [];
  return branches.find((b) => !b.some((i) => i.path.length === 1 && i.path[0] === "type")) ?? [issue];
}

// zod's own wording ("Too small: expected string to have >=1 characters") is for developers; the domain's
// messages (a refine's "a rate is a positive decimal such as 0.92") are kept as they are.
const ZOD_DEFAULT =
  /^(Invalid input|Too small|Too big|Invalid string|Invalid ISO|Unrecognized key|Invalid option|Invalid element|Invalid key)/;

function inWords(issue: z.core.$ZodIssue): string {
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  const i = issue as z.core.$ZodIssue & Record<string, unknown>;
  switch (issue.code) {
    case "invalid_type": {
      // zod leaves the input out of its issues; its message names what it received.
      const received = /received (\w+)/.exec(issue.message)?.[1];
      if (received === "undefined") return "is required";
      if (received === "NaN") return "must be a number";
      return `must be ${article(String(i.expected))}`;
    }
    case "too_small":
      if (i.origin === "string")
        return i.minimum === 1 ? "must not be empty" : `must be at least ${i.minimum} characters`;
      if (i.origin === "array" || i.origin === "set")
        return i.minimum === 1 ? "must list at least one" : `must list at least ${i.minimum}`;
      return `must be ${i.inclusive ? "at least" : "more than"} ${i.minimum}`;
    case "too_big":
      if (i.origin === "string") return `must be at most ${i.maximum} characters`;
      if (i.origin === "array" || i.origin === "set") return `must list at most ${i.maximum}`;
      return `must be ${i.inclusive ? "at most" : "less than"} ${i.maximum}`;
    case "invalid_format":
      if (i.format === "datetime") return "must be a moment in UTC, such as 2026-06-30T12:00:00Z";
      if (i.format === "date") return "must be a day, such as 2026-06-30";
      if (i.format === "email") return "must be an e-mail address";
      if (i.format === "url") return "must be a URL, such as https://example.com/hook";
      return `is not in the expected format (${String(i.format)})`;
    case "invalid_value":
      return `must be one of ${(i.values as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "unrecognized_keys":
      return "is not a field this takes";
    default:
      return issue.message;
  }
}

const article = (noun: string) => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);

/**
 * Parses an adapter's input (a JSON body, CLI flags, an import row) into a command of the aggregate with the
 * domain's own schema: validation happens once, at the edge, with the rules the domain declared.
 */
export function parseCommand<A extends AggregateType>(
  aggregate: A,
  input: unknown,
): { ok: true; value: AggregateCommands[A] } | { ok: false; error: InvalidCommand } {
  const spec: AnySpec = REGISTRY[aggregate];
  const parsed = spec.commandSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
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
