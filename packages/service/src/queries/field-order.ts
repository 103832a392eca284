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

/** The record with its fields in `order` (fields the order does not name follow, as they came). */
export function inFieldOrder<T>(data: T, order: readonly string[]): T {
  if (order.length === 0 || typeof data !== "object" || data === null) return data;
  const source = data as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of order) if (k in source) out[k] = source[k];
  for (const k of Object.keys(source)) if (!(k in out)) out[k] = source[k];
  return out as T;
}
