// A record read straight from its read-table row (jsonb) comes back with its fields in jsonb's order (shortest
// key first), not the entity's: an export's columns and a record page's fields would read "id, term, title…".
// The entity schema declares the order people read; these put a row's fields back in it, cheaply (no parse).

/** The fields an entity schema declares, in its order (an object's shape; a union: each option's, in turn). */
export function fieldOrder(schema: unknown): readonly string[] {
  const s = schema as {
    shape?: Record<string, unknown>;
    options?: readonly unknown[];
    _zod?: { def?: { in?: unknown; innerType?: unknown } };
  };
  if (s?.shape && typeof s.shape === "object") return Object.keys(s.shape);
  if (Array.isArray(s?.options)) return [...new Set(s.options.flatMap((o) => fieldOrder(o)))];
  const inner = s?._zod?.def?.in ?? s?._zod?.def?.innerType;
  return inner ? fieldOrder(inner) : [];
}

/**
 * The record with its fields in `order` (fields the order does not name follow, as they came), then `version`
 * when given (a list's row carries it): one new object a row, as a page of fifty is on every list's hot path.
 */
export function inFieldOrder<T>(data: T, order: readonly string[], version?: number): T {
  if (order.length === 0 || typeof data !== "object" || data === null)
    return version === undefined ? data : ({ ...data, version } as T);
  const source = data as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let named = 0;
  for (const k of order)
    if (Object.hasOwn(source, k)) {
      out[k] = source[k];
      named++;
    }
  // Every field named by the order (the usual case): nothing else to copy.
  if (named !== Object.keys(source).length)
    for (const k of Object.keys(source)) if (!Object.hasOwn(out, k)) out[k] = source[k];
  if (version !== undefined) out.version = version;
  return out as T;
}
