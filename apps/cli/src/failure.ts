import type { CliRefusalTag } from "./exit-codes.ts";

/** A refusal as the CLI reports it: the service's, or input that does not parse. */
export interface CliRefusal {
  readonly _tag: CliRefusalTag;
  readonly message: string;
}

/**
 * Carries a refusal from wherever a command meets it to the one place that prints it and picks the exit code
 * (`report` in program.ts) — the same shape the service uses inside `execute`.
 */
export class Refused extends Error {
  constructor(readonly refusal: CliRefusal) {
    super(refusal.message);
  }
}

/** Input the CLI itself cannot use (a flag, a file, a missing setting): `InvalidCommand`, exit code 2. */
export function invalid(message: string, path = "(input)"): Refused {
  return new Refused({ _tag: "InvalidCommand", issues: [{ path, message }], message } as CliRefusal);
}

/** The record a command names is not in the workspace: `NotFound`, exit code 3 (the service's own wording). */
export function notFound(entity: string, id: string): Refused {
  return new Refused({
    _tag: "NotFound",
    entity,
    id,
    message: `There is no ${entity.replace(/_/g, " ")} with id ${id} in this workspace.`,
  } as CliRefusal);
}

/**
 * A refused option named by the flag that sets it ("--by", "--as-of") rather than by the service's option name
 * ("groupBy", "asOf"): the service names options as the API's query parameters do, a person at a terminal typed
 * flags. `flagOf` names the flags that are not the option's name in kebab case.
 */
export function asFlags<E extends CliRefusal>(error: E, flagOf: Readonly<Record<string, string>> = {}): E {
  if (error._tag !== "InvalidInput") return error;
  const flag = (name: string) => flagOf[name] ?? `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  const field = (error as { field?: string }).field;
  return {
    ...error,
    ...(field === undefined || field === "(input)" ? {} : { field: flag(field) }),
    message: error.message
      // Through a server (--api, or the one running on the data folder) the API words it for a query string.
      .replace(/^The query string is not valid: /, "Those options are not valid: ")
      .replace(/(^|: |; )([a-z][A-Za-z]*): /g, (_, lead, name) => `${lead}${flag(name)}: `),
  };
}
