/** The outcome of a decision: the value, or the reason it was refused. Refusals are values; bugs throw. */
export type Result<T, E> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/** Wraps an accepted value. */
export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });

/** Wraps a refusal. */
export const err = <E>(error: E): { readonly ok: false; readonly error: E } => ({ ok: false, error });

/** Thrown when an invariant the code relies on is broken: a bug, never a user's mistake. */
export class InvariantViolation extends Error {
  override readonly name = "InvariantViolation";
}

/** Throws an {@link InvariantViolation} unless the condition holds. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantViolation(message);
}

/** For the `default` of an exhaustive switch: fails to compile when a case is missing, throws if reached. */
export function assertNever(value: never, what = "value"): never {
  throw new InvariantViolation(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
