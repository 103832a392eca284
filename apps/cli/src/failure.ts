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
