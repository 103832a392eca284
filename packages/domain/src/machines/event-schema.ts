import { z } from "zod";
import { TimestampSchema } from "../kernel/calendar-date.ts";

/**
 * The schema of one kind of event: its `type` tag, the moment it was decided (`at`), and its own fields.
 * The store parses every event it reads back with its machine's union of these, so each field `decide` sets
 * must be declared, with `.nullable()` rather than `.optional()` where JSON would drop an `undefined`.
 */
export function eventSchema<T extends string, S extends z.ZodRawShape = Record<never, never>>(
  type: T,
  shape: S = {} as S,
) {
  return z.strictObject({ type: z.literal(type), at: TimestampSchema }).extend(shape);
}
