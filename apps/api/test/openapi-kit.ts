// Requests generated from the live OpenAPI document: the operations it lists, fast-check arbitraries for values
// its JSON Schemas accept, and the odd values a client might send instead. Shared by the fuzz, tenant-isolation
// and role-matrix tests, so all three walk the routes the app actually documents rather than a list kept by hand.
import fc from "fast-check";

/** A JSON Schema as the OpenAPI document has it (only the keywords the generator reads are typed). */
export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
}

export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, RawOperation>>>>;
  readonly components: { readonly schemas: Readonly<Record<string, JsonSchema>> };
}

interface RawParameter {
  readonly name: string;
  readonly in: "path" | "query" | "header";
  readonly required?: boolean;
  readonly schema: JsonSchema;
}

interface RawOperation {
  readonly operationId: string;
  readonly parameters?: readonly RawParameter[];
  readonly requestBody?: {
    readonly required?: boolean;
    readonly content: Readonly<Record<string, { readonly schema: JsonSchema }>>;
  };
}

export interface Parameter {
  readonly name: string;
  readonly required: boolean;
  readonly schema: JsonSchema;
}

/** One documented operation, its references resolved lazily through `resolve`. */
export interface Operation {
  readonly method: "GET" | "POST";
  /** The templated path, e.g. `/api/workspaces/{workspaceId}/opportunities/{id}/move-stage`. */
  readonly path: string;
  readonly operationId: string;
  readonly pathParams: readonly Parameter[];
  readonly query: readonly Parameter[];
  readonly headers: readonly Parameter[];
  readonly body: { readonly required: boolean; readonly schema: JsonSchema } | null;
  /** `opportunities` for `/api/workspaces/{workspaceId}/opportunities/…`; null for the workspace's own routes. */
  readonly collection: string | null;
}

/** Every operation of the document, in its order. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  // A collection is a path segment with a list operation (GET /api/workspaces/{workspaceId}/{collection}).
  const collections = new Set(
    Object.keys(doc.paths)
      .map((p) => /^\/api\/workspaces\/\{workspaceId\}\/([a-z-]+)$/.exec(p)?.[1])
      .filter(
        (c): c is string =>
          c !== undefined &&
          doc.paths[`/api/workspaces/{workspaceId}/${c}`]?.get?.operationId.startsWith("list") === true,
      ),
  );
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(methods)) {
      if (method !== "get" && method !== "post") continue;
      const params = op.parameters ?? [];
      const pick = (where: RawParameter["in"]) =>
        params
          .filter((p) => p.in === where)
          .map((p) => ({ name: p.name, required: p.required === true, schema: p.schema }));
      const json = op.requestBody?.content["application/json"];
      const m = /^\/api\/workspaces\/\{workspaceId\}\/([a-z-]+)/.exec(path);
      const collection = m && collections.has(m[1]!) ? m[1]! : null;
      out.push({
        method: method.toUpperCase() as "GET" | "POST",
        path,
        operationId: op.operationId,
        pathParams: pick("path"),
        query: pick("query"),
        headers: pick("header"),
        body: json ? { required: op.requestBody?.required === true, schema: json.schema } : null,
        collection,
      });
    }
  return out;
}

/** Fills a templated path; each value is percent-encoded as a client would. */
export function fillPath(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ""));
}

const DATE = "^(\\d{4})-(\\d{2})-(\\d{2})$";
const CURRENCY = "^[A-Z]{3}$";

const dayMs = 86_400_000;
const dates = fc
  .integer({ min: Date.UTC(2020, 0, 1) / dayMs, max: Date.UTC(2030, 11, 31) / dayMs })
  .map((d) => new Date(d * dayMs).toISOString().slice(0, 10));
const instants = fc
  .integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2030, 11, 31) / 1000 })
  .map((s) => new Date(s * 1000).toISOString());

/** Plain text the way people type it, within the length limits (kept short: validity, not size, is the point). */
function text(min: number, max: number): fc.Arbitrary<string> {
  const hi = Math.max(min, Math.min(max, 24));
  return fc
    .string({ minLength: Math.max(min, 1), maxLength: hi, unit: "grapheme-ascii" })
    .filter((s) => s.trim().length > 0);
}

export class SchemaArbitraries {
  private readonly cache = new Map<JsonSchema, fc.Arbitrary<unknown>>();
  constructor(
    private readonly doc: OpenApiDocument,
    /** Values to use for fields of these names (ids that must exist, for instance), instead of generated ones. */
    private readonly fieldValues: Readonly<Record<string, fc.Arbitrary<unknown>>> = {},
  ) {}

  resolve(schema: JsonSchema): JsonSchema {
    let s = schema;
    for (let i = 0; s.$ref && i < 20; i++) s = this.doc.components.schemas[s.$ref.split("/").pop()!]!;
    return s;
  }

  /** Values the schema accepts (as far as JSON Schema can say: refinements of the zod schema may still refuse). */
  valid(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    const cached = this.cache.get(s);
    if (cached) return cached;
    const arb = this.build(s, depth);
    this.cache.set(s, arb);
    return arb;
  }

  private build(s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    if (s.const !== undefined) return fc.constant(s.const);
    if (s.enum) return fc.constantFrom(...s.enum);
    const union = s.anyOf ?? s.oneOf;
    if (union) return fc.oneof(...union.map((u) => this.valid(u, depth + 1)));
    if (s.allOf) return this.valid(s.allOf[0]!, depth + 1);
    if (Array.isArray(s.type))
      return fc.oneof(...(s.type as string[]).map((t) => this.build({ ...s, type: t }, depth)));
    switch (s.type) {
      case "string":
        if (s.pattern === DATE) return dates;
        if (s.pattern === CURRENCY) return fc.constantFrom("EUR", "EUR", "USD", "GBP");
        if (s.format === "date-time") return instants;
        if (s.format === "email") return fc.constantFrom("ann@example.com", "bo.b@client.test");
        if (s.pattern) {
          const re = new RegExp(s.pattern);
          return fc
            .stringMatching(re)
            .filter((v) => v.length >= (s.minLength ?? 0) && v.length <= Math.min(s.maxLength ?? 64, 64));
        }
        return text(s.minLength ?? 0, s.maxLength ?? 200);
      case "integer": {
        const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
        const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 10_000_000);
        return fc.integer({ min: Math.ceil(min), max: Math.floor(Math.max(min, max)) });
      }
      case "number": {
        const min = s.minimum ?? s.exclusiveMinimum ?? 0;
        const max = s.maximum ?? s.exclusiveMaximum ?? 1_000_000;
        return fc.integer({ min: Math.ceil(min), max: Math.floor(Math.max(min, max)) });
      }
      case "boolean":
        return fc.boolean();
      case "null":
        return fc.constant(null);
      case "array": {
        const items = s.items ? this.valid(s.items, depth + 1) : fc.string();
        const min = s.minItems ?? 0;
        return fc.array(items, {
          minLength: min,
          maxLength: Math.max(min, Math.min(s.maxItems ?? 3, depth > 2 ? min : 3)),
        });
      }
      case "object":
      case undefined: {
        const props = s.properties ?? {};
        const required = new Set(s.required ?? []);
        const shape: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, v] of Object.entries(props))
          shape[k] = this.fieldValues[k] ?? this.valid(v, depth + 1);
        // Deep optional fields are left out: a body of required fields is valid and keeps requests small.
        const optional = depth > 1 ? [] : Object.keys(props).filter((k) => !required.has(k));
        const keys = [...required].filter((k) => k in shape);
        const base = fc.record(Object.fromEntries(keys.map((k) => [k, shape[k]!])));
        if (optional.length === 0) return base;
        return fc
          .tuple(
            base,
            fc
              .subarray(optional, { maxLength: Math.min(3, optional.length) })
              .chain((ks) => fc.record(Object.fromEntries(ks.map((k) => [k, shape[k]!])))),
          )
          .map(([a, b]) => ({ ...a, ...b }));
      }
      default:
        return fc.constant(null);
    }
  }
}

/** Strings a careless or hostile client sends: huge, control characters, NUL, emoji, right-to-left, injections. */
export const oddStrings: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\u202Eevil\u202C",
    "שלום עולם",
    "مرحبا",
    "🦄💥👩‍👩‍👧‍👦",
    "\uD800",
    "\uFEFF",
    "'; drop table events; --",
    "../../etc/passwd",
    "%00",
    "%",
    "{}",
    "null",
    "-1",
    "1e309",
    "NaN",
    "<script>alert(1)</script>",
    "\r\nX-Injected: 1",
    "x".repeat(300),
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.integer({ min: 1000, max: 70_000 }).map((n) => "ü".repeat(n)),
);

/** Any JSON value, of any type, a few levels deep: what goes where a field's value should be. */
export const oddValues: fc.Arbitrary<unknown> = fc.oneof(
  oddStrings,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308, [], {}, [null], { $ne: 1 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Dates at the ends of the years the domain takes (1900–2999), just outside them, and days that do not exist. */
const BOUNDARY_DATES = [
  "1900-01-01",
  "2999-12-31",
  "1899-12-31",
  "3000-01-01",
  "0000-01-01",
  "9999-12-31",
  "2026-02-29",
  "2028-02-29",
  "2026-04-31",
];
const BOUNDARY_INSTANTS = [
  "1900-01-01T00:00:00.000Z",
  "2999-12-31T23:59:59.999Z",
  "1899-12-31T23:59:59Z",
  "0000-01-01T00:00:00Z",
  "9999-12-31T23:59:59Z",
  "+275760-09-13T00:00:00.000Z",
  "2026-11-02T12:00:00+14:00",
  "2026-11-02T24:00:00Z",
  "2026-11-02",
];

/**
 * Values at and just past the bounds a (resolved) schema states: the shortest and longest strings it takes and
 * one character more, the lowest and highest numbers and one beyond, fractions where integers go, arrays one item
 * too short and too long, an enum's values and near misses. Never empty.
 */
export function boundaryValues(s: JsonSchema): unknown[] {
  const out: unknown[] = [];
  const types =
    s.enum || s.const !== undefined ? [] : Array.isArray(s.type) ? (s.type as string[]) : [s.type];
  if (s.enum) out.push(...s.enum, "", ` ${String(s.enum[0])}`, String(s.enum[0]).toUpperCase());
  if (s.const !== undefined) out.push(s.const, `${String(s.const)}x`);
  for (const u of s.anyOf ?? s.oneOf ?? []) if (!u.$ref) out.push(...boundaryValues(u));
  for (const t of types)
    switch (t) {
      case "string": {
        if (s.pattern === DATE) out.push(...BOUNDARY_DATES);
        else if (s.format === "date-time") out.push(...BOUNDARY_INSTANTS);
        const min = s.minLength ?? 0;
        const max = Math.min(s.maxLength ?? 100_000, 100_000);
        out.push(
          "",
          "x".repeat(min),
          "ü".repeat(max),
          "x".repeat(max + 1),
          "\u0000".repeat(Math.min(max, 3)),
        );
        if (min > 0) out.push("x".repeat(min - 1));
        break;
      }
      case "integer":
      case "number": {
        const min = s.minimum ?? s.exclusiveMinimum;
        const max = s.maximum ?? s.exclusiveMaximum;
        if (min !== undefined) out.push(min, min - 1, min - 0.5);
        if (max !== undefined) out.push(max, max + 1, max + 0.5);
        out.push(0, -1, 0.5, 2 ** 53, -(2 ** 53), 1e21, "1", null);
        break;
      }
      case "array": {
        const item = s.items?.enum?.[0] ?? "x";
        const min = s.minItems ?? 0;
        out.push([], Array(Math.min((s.maxItems ?? 1000) + 1, 10_001)).fill(item));
        if (min > 0) out.push(Array(min - 1).fill(item));
        break;
      }
      case "boolean":
        out.push("true", 1, 0, null);
        break;
      case "object":
        out.push({}, [], null);
        break;
      default:
        break;
    }
  return out.length ? out : [null, "", 0, [], {}];
}
