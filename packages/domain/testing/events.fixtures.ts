// Helpers for the tests of the machines' event schemas. Not exported from the package.
import type { z } from "zod";

/** The event as the store hands it back: through JSON, as the database keeps it. */
export const throughJson = (event: unknown): unknown => JSON.parse(JSON.stringify(event));

/** The `type` tags an event schema declares, sorted. */
export function eventTypesOf(schema: {
  readonly options: readonly { readonly shape: { readonly type: { readonly value: string } } }[];
}): string[] {
  return schema.options.map((o) => o.shape.type.value).sort();
}

/** What a schema says about a payload it refuses: where, and in words; empty if it accepts it. */
export function issuesOf(schema: z.ZodType, payload: unknown): { path: PropertyKey[]; message: string }[] {
  const r = schema.safeParse(payload);
  return r.success ? [] : r.error.issues.map(({ path, message }) => ({ path, message }));
}

/** The payload without one field, as an old or damaged row might hold it. */
export function without<T extends object, K extends keyof T>(payload: T, field: K): Omit<T, K> {
  const { [field]: _dropped, ...rest } = payload;
  return rest;
}

/** The first event of the given type; fails the test if there is none. */
export function eventOfType<E extends { readonly type: string }, T extends E["type"]>(
  events: readonly E[],
  type: T,
): Extract<E, { type: T }> {
  const found = events.find((e): e is Extract<E, { type: T }> => e.type === type);
  if (!found) throw new Error(`expected a ${type} event among ${events.map((e) => e.type).join(", ")}`);
  return found;
}
