// `accountable <aggregate> do <id> <Command> --field value …`: from loose flags to the input of the domain's
// command schema. The schema itself decides what is valid (parseCommand); this file only turns the strings a
// shell hands over into the JSON types the schema's fields expect, reading those types from the schema.
import {
  type CalendarDate,
  CalendarDateSchema,
  type Currency,
  CurrencySchema,
  fromDecimalString,
  kebabCase,
  type Money,
  notACurrencyMessage,
} from "@accountable/domain";
import { type AggregateType, REGISTRY } from "@accountable/service";
import { z } from "zod";
import { invalid } from "./failure.ts";

/** A field flag as given: `--stage-id proposal` → stageId: ["proposal"]; a bare `--flag` → [true]. */
export type RawFields = ReadonlyMap<string, readonly (string | true)[]>;

const camel = (flag: string) => flag.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
/** A field's flag name: "stageId" → "stage-id" (the domain's one spelling). */
export const kebab = kebabCase;

/** Reads `--key value`, `--key=value` and bare `--key` (true); a repeated flag collects every value. */
export function readFieldFlags(args: readonly string[]): RawFields {
  const fields = new Map<string, (string | true)[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("--") || arg === "--")
      throw invalid(`Unexpected argument "${arg}": give fields as --name value.`, arg);
    const eq = arg.indexOf("=");
    const key = camel(arg.slice(2, eq === -1 ? undefined : eq));
    let value: string | true;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      const next = args[i + 1];
      if (next === undefined || next.startsWith("--")) value = true;
      else {
        value = next;
        i++;
      }
    }
    fields.set(key, [...(fields.get(key) ?? []), value]);
  }
  return fields;
}

// --- the command schemas, as JSON Schema ------------------------------------------------------------------

type JsonSchema = {
  readonly type?: string | readonly string[];
  readonly format?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, JsonSchema>>;
  readonly default?: unknown;
  readonly description?: string;
};

/** One command an aggregate accepts, with its fields as the schema describes its input. */
export interface CommandShape {
  readonly type: string;
  readonly fields: readonly FieldShape[];
  /** The schema of the command's input, for coercion. */
  readonly schema: JsonSchema;
}

export interface FieldShape {
  readonly name: string;
  readonly required: boolean;
  /** "string", "integer", "money", "date", "string[]", "new_business | renewal | upsell"… */
  readonly kind: string;
}

function deref(s: JsonSchema, defs: Readonly<Record<string, JsonSchema>>): JsonSchema {
  if (s.$ref) {
    const name = s.$ref.replace(/^#\/\$defs\//, "");
    return { ...(defs[name] ?? {}), ...(s.description ? { description: s.description } : {}) };
  }
  return s;
}

const isMoney = (s: JsonSchema) =>
  s.type === "object" && s.properties?.amount !== undefined && s.properties?.currency !== undefined;

function describeKind(s: JsonSchema, defs: Readonly<Record<string, JsonSchema>>): string {
  const d = deref(s, defs);
  const alternatives = d.anyOf ?? d.oneOf;
  if (alternatives) {
    const kinds = alternatives.map((a) => describeKind(a, defs));
    return [...new Set(kinds)].join(" | ");
  }
  if (d.enum) return d.enum.map(String).join(" | ");
  if (d.const !== undefined) return JSON.stringify(d.const);
  if (isMoney(d)) return "money";
  if (d.type === "string" && d.format === "date") return "YYYY-MM-DD";
  if (d.type === "string" && d.format === "date-time") return "timestamp";
  if (d.type === "array") return `${d.items ? describeKind(d.items, defs) : "value"}[]`;
  return typeof d.type === "string" ? d.type : "value";
}

/** Every command the aggregate's schema accepts, with its fields (from the domain's schema, not a copy). */
export function commandShapes(aggregate: AggregateType): CommandShape[] {
  const schema = REGISTRY[aggregate].commandSchema as unknown as z.ZodType;
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const defs = json.$defs ?? {};
  const branches = (json.anyOf ?? json.oneOf ?? [json]).map((b) => deref(b, defs));
  return branches.flatMap((branch) => {
    const type = branch.properties?.type?.const;
    if (typeof type !== "string") return [];
    const required = new Set(branch.required ?? []);
    const fields = Object.entries(branch.properties ?? {})
      .filter(([name]) => name !== "type")
      .map(([name, s]) => ({
        name,
        required: required.has(name) && deref(s, defs).default === undefined,
        kind: describeKind(s, defs),
      }));
    return [{ type, fields, schema: { ...branch, $defs: defs } }];
  });
}

const squash = (s: string) => s.toLowerCase().replace(/[-_\s]/g, "");

/** Finds the command a user typed: `MoveStage`, `move-stage` and `movestage` are the same command. */
export function findCommand(aggregate: AggregateType, typed: string): CommandShape {
  const shapes = commandShapes(aggregate);
  const found = shapes.find((c) => squash(c.type) === squash(typed));
  if (!found)
    throw invalid(
      `${aggregate} has no command "${typed}". It accepts: ${shapes.map((c) => c.type).join(", ")}.`,
      "command",
    );
  return found;
}

// --- coercion ---------------------------------------------------------------------------------------------

const NUMBER = /^-?\d+(\.\d+)?$/;
const MONEY_TEXT = /^(?:([A-Za-z]{3})\s*)?([-+]?[\d,]*\d(?:\.\d+)?)(?:\s*([A-Za-z]{3}))?$/;

/**
 * Reads an amount as people type it: "120000", "120,000.50 EUR", "EUR 99.90", in major units, exactly (no
 * floating point); the currency defaults to the workspace's.
 */
export function parseMoney(text: string, fallback: Currency | undefined, field = "amount"): Money {
  const m = MONEY_TEXT.exec(text.trim());
  const code = (m?.[1] ?? m?.[3])?.toUpperCase();
  const currency = code ?? fallback;
  if (!m || (m[1] && m[3]) || currency === undefined)
    throw invalid(`"${text}" is not an amount: write 120000, 120000.50 or "120000.50 EUR".`, field);
  const parsedCurrency = CurrencySchema.safeParse(currency);
  if (!parsedCurrency.success) throw invalid(`${notACurrencyMessage(currency)}.`, field);
  // A comma that does not group thousands is a decimal comma ("12,5"): said as such, with the amount as written here.
  if (m[2]!.includes(",") && !/^[-+]?\d{1,3}(,\d{3})*(\.\d+)?$/.test(m[2]!))
    throw invalid(
      `"${text}" has a decimal comma: write amounts with a decimal point${m[2]!.split(",").length === 2 ? `, ${m[2]!.replace(",", ".")} ${parsedCurrency.data}` : ""} (a comma only groups thousands, as in 120,000.50).`,
      field,
    );
  const amount = fromDecimalString(m[2]!, parsedCurrency.data);
  if (!amount)
    throw invalid(
      `"${text}" has more decimals than ${parsedCurrency.data} has minor units, or is too large.`,
      field,
    );
  return amount;
}

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalid(`--${kebab(field)} expects JSON here; "${text}" is not valid JSON.`, field);
  }
}

interface CoerceContext {
  readonly defs: Readonly<Record<string, JsonSchema>>;
  readonly currency: Currency | undefined;
  readonly field: string;
}

/** One string as the JSON type the field's schema expects; what cannot be converted is left for zod to word. */
function coerceOne(value: string | true, schema: JsonSchema, c: CoerceContext): unknown {
  const s = deref(schema, c.defs);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) {
    if (value === "null" && alternatives.some((a) => deref(a, c.defs).type === "null")) return null;
    const first = alternatives.find((a) => deref(a, c.defs).type !== "null");
    return first ? coerceOne(value, first, c) : value;
  }
  if (value === true) return s.type === "boolean" ? true : value;
  if (s.type === "null" && value === "null") return null;
  switch (s.type) {
    case "integer":
    case "number":
      return NUMBER.test(value) ? Number(value) : value;
    case "boolean":
      return value === "true" ? true : value === "false" ? false : value;
    case "object":
      if (isMoney(s) && !value.trim().startsWith("{")) return parseMoney(value, c.currency, c.field);
      return parseJson(value, c.field);
    case "array":
      return value.trim().startsWith("[") ? parseJson(value, c.field) : [coerceOne(value, s.items ?? {}, c)];
    case "string":
      return value;
    default:
      return value;
  }
}

/** A field's values (a repeated flag gives several) as the field's schema expects them. */
function coerceField(values: readonly (string | true)[], schema: JsonSchema, c: CoerceContext): unknown {
  const s = deref(schema, c.defs);
  if (s.type === "array") {
    return values.flatMap((v) => {
      const one = coerceOne(v, s, c);
      return Array.isArray(one) ? one : [one];
    });
  }
  if (values.length > 1) throw invalid(`--${kebab(c.field)} is given more than once.`, c.field);
  return coerceOne(values[0]!, schema, c);
}

/** Whether a money field is given without a currency (so the workspace's currency must be read). */
export function needsCurrency(command: CommandShape, fields: RawFields): boolean {
  return command.fields.some(
    (f) =>
      f.kind.split(" | ").includes("money") &&
      (fields.get(f.name) ?? []).some((v) => typeof v === "string" && !/[A-Za-z]{3}|^\s*[{n]/.test(v)),
  );
}

/** Refuses flags the command does not have, naming the fields it does have. */
export function checkFieldNames(command: CommandShape, fields: RawFields): void {
  const properties = command.schema.properties ?? {};
  for (const field of fields.keys()) {
    if (properties[field] && field !== "type") continue;
    const known = command.fields.map((f) => `--${kebab(f.name)}`).join(", ") || "none";
    throw invalid(`${command.type} has no field --${kebab(field)}. Its fields: ${known}.`, field);
  }
}

/** The command's input: `--data` JSON first, flags over it, each flag's value converted to its field's type. */
export function commandInput(
  command: CommandShape,
  fields: RawFields,
  data: Readonly<Record<string, unknown>>,
  currency: Currency | undefined,
): Record<string, unknown> {
  const properties = command.schema.properties ?? {};
  const defs = command.schema.$defs ?? {};
  checkFieldNames(command, fields);
  const input: Record<string, unknown> = { ...data };
  for (const [field, values] of fields)
    input[field] = coerceField(values, properties[field]!, { defs, currency, field });
  return { ...input, type: command.type };
}

/** `--data` as an object. */
export function readData(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  const value = parseJson(text, "data");
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw invalid('--data expects a JSON object, e.g. \'{"name":"Acme"}\'.', "data");
  return value as Record<string, unknown>;
}

/**
 * A flag that takes a calendar day (`--due`, `--from`): the domain's date, or a refusal (exit 2) that says the
 * form a date takes and what was typed — "--due takes a date written YYYY-MM-DD, such as 2026-12-31: \"31/12\"
 * is not one", or, for a well-formed day that is none, the domain's reason ("that day does not exist…").
 */
export function calendarDateFlag(text: string, flag: string): CalendarDate {
  const parsed = CalendarDateSchema.safeParse(text);
  if (parsed.success) return parsed.data;
  const form = "a date written YYYY-MM-DD, such as 2026-12-31";
  const reason = parsed.error.issues[0]?.message;
  throw invalid(
    /^\d{4}-\d{2}-\d{2}$/.test(text) && reason
      ? `--${flag} "${text}": ${reason} (it takes ${form}).`
      : `--${flag} takes ${form}: "${text}" is not one.`,
    flag,
  );
}
