// What a form asks for, read from a command's zod schema: each field's kind (text, number, a day, money with
// its currency, one of an enum, a member/account/contact/deal picker, a list, a nested group), whether it may
// be left out, and its default. The domain's schemas are the only source: a field the domain adds to a command
// appears in its form without an edit here.
import {
  AccountIdSchema,
  BriefIdSchema,
  CalendarDateSchema,
  ContactIdSchema,
  ContractIdSchema,
  CurrencySchema,
  ImportedFromSchema,
  MemberIdSchema,
  OpportunityIdSchema,
  PipelineIdSchema,
  ServiceLineNameSchema,
  StageIdSchema,
  TimestampSchema,
  TowerSchema,
} from "@accountable/domain";
import type { z } from "zod";

/** Records a picker can choose from. */
export type RefKind = "member" | "account" | "contact" | "deal" | "contract" | "brief" | "stage" | "pipeline";

export type FieldKind =
  | {
      readonly kind: "text";
      readonly multiline: boolean;
      readonly email: boolean;
      /** Offer the workspace's catalog of service lines while typing (a deal's line, a tower's name); any text goes. */
      readonly suggest?: "serviceLines";
    }
  | { readonly kind: "number"; readonly integer: boolean; readonly min?: number; readonly max?: number }
  | { readonly kind: "boolean" }
  | { readonly kind: "enum"; readonly options: readonly string[] }
  | { readonly kind: "date" }
  | { readonly kind: "datetime" }
  | { readonly kind: "money" }
  | { readonly kind: "currency" }
  | { readonly kind: "ref"; readonly ref: RefKind }
  /** The id of a part of the record itself (a contract's tower or milestone): picked from `state[collection]`. */
  | { readonly kind: "part"; readonly collection: string }
  | { readonly kind: "list"; readonly item: Field }
  | { readonly kind: "group"; readonly fields: readonly Field[] }
  /** The id of a new part (a tower added to a contract): the web makes one up and never asks. */
  | { readonly kind: "newId" }
  /** Anything else (a record of settings, a union): edited as JSON, still parsed by the schema. */
  | { readonly kind: "json" };

/** What an empty picker says it is for: the records it searches, or the choice it offers. */
export function pickerPlaceholder(type: Extract<FieldKind, { kind: "ref" | "part" }>): string {
  if (type.kind === "part") return "Choose one";
  switch (type.ref) {
    case "member":
      return "Search people by name";
    case "account":
      return "Search clients by name";
    case "contact":
      return "Search the client's contacts";
    case "deal":
      return "Search deals by name";
    case "contract":
      return "Search contracts by title";
    case "brief":
      return "Search briefs by title";
    case "stage":
      return "Choose a stage";
    case "pipeline":
      return "Choose a deal type";
  }
}

export interface Field {
  readonly name: string;
  /** Where it sits in the command: "amount", "minutes.decisions". Also the path of the API's `errors`. */
  readonly path: string;
  readonly label: string;
  readonly description: string | undefined;
  /** May be left out (optional, or has a default). */
  readonly optional: boolean;
  readonly nullable: boolean;
  readonly defaultValue: unknown;
  readonly type: FieldKind;
}

const REFS = new Map<unknown, RefKind>([
  [MemberIdSchema, "member"],
  [AccountIdSchema, "account"],
  [ContactIdSchema, "contact"],
  [OpportunityIdSchema, "deal"],
  [ContractIdSchema, "contract"],
  [BriefIdSchema, "brief"],
  [StageIdSchema, "stage"],
  [PipelineIdSchema, "pipeline"],
]);

interface Def {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly defaultValue?: unknown;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly entries?: Record<string, string | number>;
  readonly values?: readonly unknown[];
  readonly in?: z.ZodType;
  readonly checks?: readonly { readonly _zod: { readonly def: Record<string, unknown> } }[];
  readonly format?: string;
}
const defOf = (s: z.ZodType): Def => s.def as unknown as Def;

interface Unwrapped {
  readonly schema: z.ZodType;
  readonly optional: boolean;
  readonly nullable: boolean;
  readonly defaultValue: unknown;
  readonly description: string | undefined;
}

/** Peels optional / nullable / default off a schema, remembering each. */
function unwrap(schema: z.ZodType): Unwrapped {
  let s = schema;
  let optional = false;
  let nullable = false;
  let defaultValue: unknown;
  let description = s.description;
  for (;;) {
    const def = defOf(s);
    if (def.type === "optional" && def.innerType) optional = true;
    else if (def.type === "nullable" && def.innerType) nullable = true;
    else if (def.type === "default" && def.innerType) {
      optional = true;
      const d = def.defaultValue;
      defaultValue = typeof d === "function" ? (d as () => unknown)() : d;
    } else break;
    s = def.innerType;
    description ??= s.description;
  }
  return { schema: s, optional, nullable, defaultValue, description };
}

/** "dueDate" → "Due date"; "contactIds" → "Contacts"; "opportunityId" → "Deal". */
export function labelOf(name: string): string {
  const words = name
    .replace(/Ids$/, "s")
    .replace(/Id$/, "")
    .replace(/^opportunit(y|ies)/, (_m, end: string) => (end === "y" ? "deal" : "deals"))
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase();
  // An abbreviation stays in capitals ("SLA due at", not "Sla due at").
  const said = words.replace(/\bsla\b/g, "SLA");
  return said.charAt(0).toUpperCase() + said.slice(1);
}

function checkValue(def: Def, check: string, key: string): number | undefined {
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === check && typeof d[key] === "number") return d[key] as number;
  }
  return undefined;
}

function kindOf(name: string, schema: z.ZodType, path: string): FieldKind {
  const ref = REFS.get(schema);
  if (ref) return { kind: "ref", ref };
  if (schema === CalendarDateSchema) return { kind: "date" };
  if (schema === TimestampSchema) return { kind: "datetime" };
  if (schema === CurrencySchema) return { kind: "currency" };
  if (schema === ServiceLineNameSchema || schema === TowerSchema.shape.name)
    return { kind: "text", multiline: false, email: false, suggest: "serviceLines" };
  const def = defOf(schema);
  switch (def.type) {
    case "string": {
      const max = checkValue(def, "max_length", "maximum");
      const format = (schema as { format?: string | null }).format;
      if (name === "id" && isIdLike(def)) return { kind: "newId" };
      // Another id (a tower, a milestone) names a part of the record: "towerId" → state.towers.
      if (/Id$/.test(name) && /^[a-z]/.test(name) && isIdLike(def))
        return { kind: "part", collection: `${name.slice(0, -2)}s` };
      return { kind: "text", multiline: max === undefined || max > 300, email: format === "email" };
    }
    case "number": {
      const format = (schema as { format?: string | null }).format;
      const min = checkValue(def, "greater_than", "value");
      const max = checkValue(def, "less_than", "value");
      return {
        kind: "number",
        integer: format === "safeint" || format === "int32",
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
      };
    }
    case "boolean":
      return { kind: "boolean" };
    case "enum":
      return { kind: "enum", options: Object.values(def.entries ?? {}).map(String) };
    case "object": {
      const shape = def.shape ?? {};
      const currency = shape.currency;
      const amount = shape.amount;
      if (
        Object.keys(shape).length === 2 &&
        currency === CurrencySchema &&
        amount &&
        defOf(amount).type === "number"
      )
        return { kind: "money" };
      return { kind: "group", fields: fieldsOfShape(shape, path) };
    }
    case "array": {
      const element = def.element;
      if (!element) return { kind: "json" };
      return { kind: "list", item: fieldOf(name.replace(/s$/, ""), element, `${path}.*`) };
    }
    default:
      return { kind: "json" };
  }
}

/** A string schema with the domain's id pattern (letters, digits and _ . : -). */
function isIdLike(def: Def): boolean {
  return (def.checks ?? []).some((c) => {
    const pattern = c._zod.def.pattern;
    return pattern instanceof RegExp && pattern.source === "^[A-Za-z0-9_.:-]+$";
  });
}

function fieldOf(name: string, schema: z.ZodType, path: string): Field {
  const u = unwrap(schema);
  return {
    name,
    path,
    label: labelOf(name),
    description: u.description,
    optional: u.optional,
    nullable: u.nullable,
    defaultValue: u.defaultValue,
    type: kindOf(name, u.schema, path),
  };
}

/**
 * Whether a field is filled by an import, never by a person: the domain's ImportedFromSchema (where a record came
 * from and its id there) — a create form that asked for it read "Imported from" beside a new contact's name.
 */
const isImportOnly = (s: z.ZodType) => unwrap(s).schema === ImportedFromSchema;

function fieldsOfShape(shape: Record<string, z.ZodType>, prefix: string): Field[] {
  return Object.entries(shape)
    .filter(([name, s]) => !(prefix === "" && name === "type" && defOf(s).type === "literal"))
    .filter(([, s]) => !isImportOnly(s))
    .map(([name, s]) => fieldOf(name, s, prefix ? `${prefix}.${name}` : name));
}

/** The fields of a command's object schema, its `type` left out. */
export function describeFields(schema: z.ZodObject): Field[] {
  return fieldsOfShape(schema.shape as Record<string, z.ZodType>, "");
}

/** Every field of a tree, groups and list items included (for tests and for matching errors to fields). */
export function flattenFields(fields: readonly Field[]): Field[] {
  return fields.flatMap((f) =>
    f.type.kind === "group"
      ? [f, ...flattenFields(f.type.fields)]
      : f.type.kind === "list"
        ? [f, ...flattenFields([f.type.item])]
        : [f],
  );
}
