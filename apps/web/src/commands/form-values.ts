// A form's values as people type them (a draft: strings for numbers, money in major units, a local date-time)
// and the command input they stand for. The domain's schema parses the result; its issues, or the API's
// `errors`, come back here as sentences keyed by field path.
import { type Currency, fromDecimalString, toDecimalString } from "@accountable/domain";
import type { z } from "zod";
import { humanize } from "../ui/format.ts";
import { type Field, flattenFields } from "./fields.ts";

export type Draft =
  | string
  | boolean
  | { readonly amount: string; readonly currency: string }
  | readonly Draft[]
  | { readonly [name: string]: Draft };

export type DraftObject = { readonly [name: string]: Draft };

/** What a form is opened with: known values by field name (an account id, a kind, the time now). */
export type Prefill = Readonly<Record<string, unknown>>;

export interface DraftOptions {
  /** The currency money fields start in (the workspace's). */
  readonly currency: string;
  /** Makes a fresh id (for the new record's id and new parts). */
  readonly newId: () => string;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** An instant as `<input type="datetime-local">` shows it, in the browser's time zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function isMoney(v: unknown): v is { amount: number; currency: string } {
  return typeof v === "object" && v !== null && typeof (v as { amount?: unknown }).amount === "number";
}

/** The draft of one field: from a known value, else from the schema's default, else empty. */
export function draftOf(field: Field, value: unknown, options: DraftOptions): Draft {
  const v = value === undefined ? field.defaultValue : value;
  const t = field.type;
  switch (t.kind) {
    case "boolean":
      return v === true;
    case "number":
      return typeof v === "number" ? String(v) : "";
    case "money":
      return isMoney(v)
        ? {
            amount: toDecimalString({ amount: v.amount, currency: v.currency as Currency }),
            currency: v.currency,
          }
        : { amount: "", currency: options.currency };
    case "currency":
      return typeof v === "string" ? v : options.currency;
    case "datetime":
      return typeof v === "string" ? toLocalInput(v) : "";
    case "newId":
      return options.newId();
    case "list":
      return Array.isArray(v) ? v.map((item) => draftOf(t.item, item, options)) : [];
    case "group": {
      const obj = typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {};
      return Object.fromEntries(t.fields.map((f) => [f.name, draftOf(f, obj[f.name], options)]));
    }
    case "json":
      return v === undefined || v === null ? "" : JSON.stringify(v, null, 2);
    default:
      return typeof v === "string" || typeof v === "number" ? String(v) : "";
  }
}

export function draftOfFields(
  fields: readonly Field[],
  prefill: Prefill,
  options: DraftOptions,
): DraftObject {
  return Object.fromEntries(fields.map((f) => [f.name, draftOf(f, prefill[f.name], options)]));
}

/** A list item added in the form. */
export const newItem = (field: Field, options: DraftOptions): Draft => draftOf(field, undefined, options);

function asMoneyDraft(draft: Draft | undefined): { amount: string; currency: string } | undefined {
  if (typeof draft !== "object" || draft === null || Array.isArray(draft)) return undefined;
  const { amount, currency } = draft as Record<string, Draft>;
  return typeof amount === "string" && typeof currency === "string" ? { amount, currency } : undefined;
}

const EMPTY = Symbol("empty");
type Value = unknown | typeof EMPTY;

function inputValue(field: Field, draft: Draft | undefined): Value {
  const t = field.type;
  switch (t.kind) {
    case "boolean":
      return draft === true;
    case "number": {
      const s = typeof draft === "string" ? draft.trim() : "";
      return s === "" ? EMPTY : Number(s.replace(",", "."));
    }
    case "money": {
      const m = asMoneyDraft(draft);
      const amount = m ? m.amount.trim().replace(/[\s,]/g, "") : "";
      if (!m || amount === "") return EMPTY;
      const parsed = /^[A-Z]{3}$/.test(m.currency)
        ? fromDecimalString(amount, m.currency as Currency)
        : undefined;
      // An amount that does not read as one is sent on as text: the schema says "must be a number".
      return { amount: parsed ? parsed.amount : amount, currency: m.currency };
    }
    case "datetime": {
      const s = typeof draft === "string" ? draft.trim() : "";
      if (s === "") return EMPTY;
      const d = new Date(s);
      return Number.isNaN(d.getTime()) ? s : d.toISOString();
    }
    case "list": {
      const items = Array.isArray(draft) ? draft : [];
      const values = items.map((d) => inputValue(t.item, d)).filter((v) => v !== EMPTY);
      return values.length === 0 ? EMPTY : values;
    }
    case "group": {
      const obj = (
        typeof draft === "object" && draft !== null && !Array.isArray(draft) ? draft : {}
      ) as DraftObject;
      const out = inputOfFields(t.fields, obj);
      const filled = t.fields.some((f) => {
        const v = inputValue(f, obj[f.name]);
        return v !== EMPTY && f.type.kind !== "newId" && !(f.type.kind === "boolean" && v === false);
      });
      return filled ? out : EMPTY;
    }
    case "json": {
      const s = typeof draft === "string" ? draft.trim() : "";
      if (s === "") return EMPTY;
      try {
        return JSON.parse(s);
      } catch {
        return s;
      }
    }
    default: {
      const s = typeof draft === "string" ? draft.trim() : "";
      return s === "" ? EMPTY : s;
    }
  }
}

/** The command input a draft stands for: an empty field left out (or null where the schema takes null). */
export function inputOfFields(fields: readonly Field[], draft: DraftObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = inputValue(f, draft[f.name]);
    if (v !== EMPTY) out[f.name] = v;
    else if (f.nullable && !f.optional) out[f.name] = null;
  }
  return out;
}

/** One problem with a field, as a sentence, keyed by the field's path ("amount", "minutes.summary"). */
export type FieldErrors = Readonly<Record<string, string>>;

/** "lines.2.unitPrice.amount" → "lines.*.unitPrice.amount": how a field path names list items. */
export const fieldPathOf = (path: string): string => path.replace(/\.\d+(?=\.|$)/g, ".*");

/** ["new_business", "renewal", "upsell"] → "New business, Renewal or Upsell". */
function choicesInWords(values: readonly unknown[]): string {
  const words = values.map((v) => humanize(String(v)));
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

/**
 * Words for zod's defaults; the domain's own messages ("a task needs a title") are kept as they are. A choice
 * left out or not among the options says what to choose, in words ("Choose a deal type: New business, Renewal or
 * Upsell"), for every form — it read "must be one of new_business, renewal, upsell".
 */
function issueText(issue: z.core.$ZodIssue, label: string | undefined): string {
  const choose = (values: readonly unknown[]) =>
    label
      ? `Choose ${/^[aeiou]/i.test(label) ? "an" : "a"} ${label.toLowerCase()}: ${choicesInWords(values)}`
      : `Choose one of ${choicesInWords(values)}`;
  if (issue.code === "invalid_value") return choose(issue.values);
  if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) return "is required";
  if (issue.code === "invalid_type" && /received NaN|expected number/.test(issue.message))
    return "must be a number";
  if (issue.code === "too_small" && issue.origin === "string") return "must not be empty";
  return issue.message;
}

/**
 * A failed parse as field errors; issues on the whole input go under "". `labelOf` names the field at a path (its
 * label on the form), for sentences that say what to choose.
 */
export function errorsOfIssues(
  issues: readonly z.core.$ZodIssue[],
  labelOf: (path: string) => string | undefined = () => undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = i.path.map(String).join(".");
    out[key] ??= issueText(i, labelOf(key));
  }
  return out;
}

/** The API's `errors` (each `{ path, message }`), keyed the same way. */
export function errorsOfProblem(
  errors: readonly { path: string; message: string }[] | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors ?? []) out[e.path === "(input)" ? "" : e.path] ??= e.message;
  return out;
}

/**
 * The errors a field shows: its own, and (for fields drawn as one input: money, a list of words, JSON) those
 * of its parts. Errors no field shows are the form's.
 */
export function errorsFor(field: Field, errors: FieldErrors): string[] {
  const t = field.type;
  const whole =
    t.kind === "money" || t.kind === "json" || (t.kind === "list" && t.item.type.kind !== "group");
  return Object.entries(errors)
    .filter(([path]) => {
      const p = fieldPathOf(path);
      return p === field.path || (whole && p.startsWith(`${field.path}.`));
    })
    .map(([, message]) => message);
}

/** Errors no field of the form claims (shown above the buttons). */
export function unclaimedErrors(fields: readonly Field[], errors: FieldErrors): string[] {
  const flat = flattenFields(fields);
  return Object.entries(errors)
    .filter(([path]) => !flat.some((f) => errorsFor(f, { [path]: "x" }).length > 0))
    .map(([path, message]) => (path ? `${path}: ${message}` : message));
}
