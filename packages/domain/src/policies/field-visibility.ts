import { z } from "zod";
import type { Actor } from "../entities/member.ts";
import { type Money, MoneySchema } from "../kernel/money.ts";
import { MONEY_KINDS, PERMISSION_MATRIX, type ResourceKind, ROLE_SCOPES } from "./permissions.matrix.ts";

// Field-level visibility: which values of a record a reader may see, decided by the permission matrix.
//
// Which fields are money is read from the schemas themselves, not from a list: every use of `MoneySchema` (also
// refined, nullable, optional, in arrays, unions and events) inside a schema is a money field, so a money field
// added tomorrow is masked by default. Two figures are money without being `Money` — a margin and a quota
// attainment in basis points reveal the amounts they are ratios of — and are named in GUARDED_FIGURES.
//
// Which action guards a money field is the matrix's: `finance.read` for the kinds that carry the agency's money
// (MONEY_KINDS), `quota.read` for a quota's target. A brief's budgets are the client's figures, which the planner
// works from: they come with `brief.read` to the roles that work on briefs or see money somewhere, and are masked
// from a role that does neither (the viewer, who "sees no money"; see `maySeeClientFigures`). The workspace's approval limits are its rules of authority, not
// figures of any deal, contract or account: members whose role may see money somewhere see them (see
// `moneyRuleOf`); the others see them masked.

/** The actions that guard money fields. */
export const MONEY_GUARDS = ["finance.read", "quota.read"] as const;
/** An action that guards money fields. */
export type MoneyGuard = (typeof MONEY_GUARDS)[number];

/**
 * A value the reader may not see, in place of the value: distinct from `null` (no value) and from zero. `reason`
 * says why in words; `requires` names the action that would show it.
 */
export const MaskedSchema = z
  .strictObject({
    masked: z.literal(true),
    reason: z.string(),
    requires: z.enum(MONEY_GUARDS),
  })
  .strict()
  .meta({
    id: "Masked",
    description:
      "A value your role may not see (not null, not zero): `reason` says why, `requires` the permission that would show it.",
  });
/** A value the reader may not see, with why and the action that would show it. */
export type Masked = z.infer<typeof MaskedSchema>;

/** A masked value. */
export function masked(requires: MoneyGuard, reason: string): Masked {
  return { masked: true, reason, requires };
}

/** Whether a value is the masked shape. */
export function isMasked(value: unknown): value is Masked {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { masked?: unknown }).masked === true &&
    typeof (value as { reason?: unknown }).reason === "string"
  );
}

/** Money, or the masked shape where the reader may not see it. */
export type MaybeMoney = Money | Masked;

/** Figures that are money without being `Money`: each reveals the amounts it is a ratio of. */
export const GUARDED_FIGURES = {
  /** Margin ÷ revenue. */
  marginBasisPoints: "finance.read",
  /** Closed won ÷ the quota's target. */
  attainmentBasisPoints: "quota.read",
  /** Amount won ÷ amount closed (the sales metrics' win rate by value). */
  valueWinRateBasisPoints: "finance.read",
  /** Billed to date ÷ a budget (the client report's burn): with the budget shown, it would reveal the billing. */
  burnBasisPoints: "finance.read",
} as const satisfies Record<string, MoneyGuard>;
type GuardedFigure = keyof typeof GUARDED_FIGURES;

/**
 * How the money fields of a record of a kind are decided:
 * - `record`: per record, by `can(actor, guard, the record)` — quotas by `quota.read`, the other kinds that carry
 *   the agency's money (MONEY_KINDS) by `finance.read`;
 * - `client`: shown with the record — a brief's budgets are the client's figures, read with `brief.read` — to a
 *   role that works on briefs or sees money somewhere (`maySeeClientFigures`), masked from the others;
 * - `role`: any other kind holds no record money (the workspace's approval limits are its rules of authority):
 *   shown to a role whose `finance.read` is not `never`, so a money field added to such a kind is masked from
 *   the roles that see no money until someone decides otherwise here.
 */
export type MoneyRule =
  | { readonly by: "record"; readonly guard: MoneyGuard }
  | { readonly by: "role"; readonly guard: "finance.read" }
  | { readonly by: "client" };

/** How the money fields of a kind's records are decided (see MoneyRule). */
export function moneyRuleOf(kind: ResourceKind): MoneyRule {
  if (kind === "quota") return { by: "record", guard: "quota.read" };
  if ((MONEY_KINDS as readonly ResourceKind[]).includes(kind)) return { by: "record", guard: "finance.read" };
  if (kind === "brief") return { by: "client" };
  return { by: "role", guard: "finance.read" };
}

/**
 * Whether the actor's role may see money of this guard on some record (its rule is not `never`): what decides the
 * workspace-wide figures that belong to no record, such as the approval limits.
 */
export function mayEverSee(actor: Pick<Actor, "role">, guard: MoneyGuard): boolean {
  return actor.role === "admin" || PERMISSION_MATRIX[actor.role][guard] !== "never";
}

/**
 * Whether the actor's role reads the client's figures a record carries (a brief's budgets, the `client` rule):
 * decided by the matrix, not by a role's name — a role that writes or moves briefs somewhere works from them (the
 * planner, who sees none of the agency's money), and a role that may see money somewhere sees them; a role that
 * does neither (the viewer: it reads without changing anything and sees no money) sees them masked.
 */
export function maySeeClientFigures(actor: Pick<Actor, "role">): boolean {
  if (actor.role === "admin" || mayEverSee(actor, "finance.read")) return true;
  const rules = PERMISSION_MATRIX[actor.role];
  return rules["brief.write"] !== "never" || rules["brief.transition"] !== "never";
}

/** The reason a role that may never see a guard's money gives, for a masked value. */
export function maskedForRole(actor: Pick<Actor, "role">, guard: MoneyGuard): Masked {
  // The role's scope in words ("A viewer reads without changing anything, and sees no money."), not the
  // permission's name: the person reads why, not which key of the matrix.
  const scope = ROLE_SCOPES[actor.role];
  return masked(guard, `${scope.charAt(0).toUpperCase()}${scope.slice(1)}.`);
}

/** A record's type with each money field as `Money | Masked` (and each guarded figure as `… | Masked`). */
export type Redacted<T> = T extends string | number | boolean | bigint | symbol | null | undefined
  ? T
  : T extends Money
    ? Exclude<keyof T, keyof Money> extends never
      ? MaybeMoney
      : { [K in keyof T]: Redacted<T[K]> }
    : T extends readonly (infer U)[]
      ? T extends unknown[]
        ? Redacted<U>[]
        : readonly Redacted<U>[]
      : { [K in keyof T]: K extends GuardedFigure ? T[K] | Masked : Redacted<T[K]> };

/**
 * What to put in place of a money field guarded by `guard`: a Masked to hide it, `null` to show it. The caller
 * decides per record, with `can()` on the same resource description its commands use.
 */
export type MaskFor = (guard: MoneyGuard) => Masked | null;

const GUARDS = z.registry<{ readonly guard: MoneyGuard }>();

/**
 * The same schema, marked so that the money inside it is guarded by `guard` rather than by the kind's own guard
 * (a quota's target inside a report of deals). Returns a copy; the schema passed in is unchanged.
 */
export function guardedBy<S extends z.ZodType>(guard: MoneyGuard, schema: S): S {
  const copy = schema.clone();
  GUARDS.add(copy, { guard });
  return copy;
}

interface ZodDef {
  readonly type: string;
  readonly [key: string]: unknown;
}
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: ZodDef } })._zod.def;
const parentOf = (s: z.ZodType) => (s as unknown as { _zod: { parent?: z.ZodType } })._zod.parent;

/** Whether the schema is `MoneySchema` or derived from it (refined, described, cloned). */
export function isMoneySchema(schema: z.ZodType): boolean {
  for (let s: z.ZodType | undefined = schema; s; s = parentOf(s)) if (s === MoneySchema) return true;
  return false;
}

const isMoneyShaped = (v: unknown): v is Money =>
  typeof v === "object" &&
  v !== null &&
  !Array.isArray(v) &&
  Object.keys(v).length === 2 &&
  typeof (v as Money).amount === "number" &&
  typeof (v as Money).currency === "string" &&
  /^[A-Z]{3}$/.test((v as Money).currency);

/** Where the schema says nothing (`unknown`), money is recognised by its shape: `{ amount, currency }`. */
function redactUntyped(value: unknown, guard: MoneyGuard, maskFor: MaskFor): unknown {
  if (isMoneyShaped(value)) return maskFor(guard) ?? value;
  if (Array.isArray(value)) return value.map((v) => redactUntyped(v, guard, maskFor));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] =
        k in GUARDED_FIGURES && typeof v === "number"
          ? (maskFor(GUARDED_FIGURES[k as GuardedFigure]) ?? v)
          : redactUntyped(v, guard, maskFor);
    return out;
  }
  return value;
}

function optionFor(options: readonly z.ZodType[], def: ZodDef, value: unknown): z.ZodType | undefined {
  const key = def.discriminator as string | undefined;
  if (key !== undefined && typeof value === "object" && value !== null) {
    const tag = (value as Record<string, unknown>)[key];
    const found = options.find((o) => {
      const values = (o as unknown as { _zod: { propValues?: Record<string, Set<unknown>> } })._zod
        .propValues?.[key];
      return values?.has(tag) ?? false;
    });
    if (found) return found;
  }
  return options.find((o) => o.safeParse(value).success);
}

function walk(schema: z.ZodType, value: unknown, guard: MoneyGuard, maskFor: MaskFor): unknown {
  const marked = GUARDS.get(schema);
  const g = marked?.guard ?? guard;
  if (isMoneySchema(schema)) return value === null || value === undefined ? value : (maskFor(g) ?? value);
  const def = defOf(schema);
  switch (def.type) {
    case "object": {
      if (typeof value !== "object" || value === null) return value;
      const shape = def.shape as Record<string, z.ZodType>;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const field = shape[k];
        if (k in GUARDED_FIGURES && (typeof v === "number" || v === null))
          out[k] = v === null ? v : (maskFor(GUARDED_FIGURES[k as GuardedFigure]) ?? v);
        else if (field) out[k] = walk(field, v, g, maskFor);
        else
          out[k] = def.catchall
            ? walk(def.catchall as z.ZodType, v, g, maskFor)
            : redactUntyped(v, g, maskFor);
      }
      return out;
    }
    case "array":
      return Array.isArray(value) ? value.map((v) => walk(def.element as z.ZodType, v, g, maskFor)) : value;
    case "tuple":
      return Array.isArray(value)
        ? value.map((v, i) => {
            const item = (def.items as z.ZodType[])[i] ?? (def.rest as z.ZodType | undefined);
            return item ? walk(item, v, g, maskFor) : redactUntyped(v, g, maskFor);
          })
        : value;
    case "record": {
      if (typeof value !== "object" || value === null) return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(def.valueType as z.ZodType, v, g, maskFor);
      return out;
    }
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      return value === null || value === undefined
        ? value
        : walk(def.innerType as z.ZodType, value, g, maskFor);
    case "lazy":
      return walk((def.getter as () => z.ZodType)(), value, g, maskFor);
    case "pipe":
      return walk(def.out as z.ZodType, value, g, maskFor);
    case "union": {
      const option = optionFor(def.options as z.ZodType[], def, value);
      return option ? walk(option, value, g, maskFor) : redactUntyped(value, g, maskFor);
    }
    case "intersection":
      return walk(def.right as z.ZodType, walk(def.left as z.ZodType, value, g, maskFor), g, maskFor);
    case "string":
    case "number":
    case "int":
    case "boolean":
    case "bigint":
    case "enum":
    case "literal":
    case "date":
    case "null":
    case "undefined":
    case "template_literal":
      return value;
    default:
      // unknown, any, transform, custom: the schema does not say, so the shape does.
      return redactUntyped(value, g, maskFor);
  }
}

/**
 * The value with each money field the reader may not see replaced by a Masked. Money fields are found from the
 * schema (`MoneySchema` wherever it is used, GUARDED_FIGURES by name, and money-shaped values where the schema
 * is `unknown`); each is guarded by `guard` (the kind's, see `moneyGuardOf`) unless a `guardedBy` part of the
 * schema says otherwise, and `maskFor` says, per guard, whether this reader sees it. Pure: returns a copy.
 */
export function redact<T>(
  schema: z.ZodType<T, unknown>,
  value: T,
  guard: MoneyGuard,
  maskFor: MaskFor,
): Redacted<T> {
  return walk(schema, value, guard, maskFor) as Redacted<T>;
}

/** Every money field shown: the identity, typed as the redacted shape. */
export function unredacted<T>(value: T): Redacted<T> {
  return value as Redacted<T>;
}

// Per renaming, so a copy is named by the rename it was asked with (one WeakMap of copies per rename function).
const redactedCache = new WeakMap<(id: string) => string, WeakMap<z.ZodType, z.ZodType>>();
const sameId = (id: string) => id;

/**
 * The schema of what `redact` returns: each money field as `Money | Masked`, each guarded figure as `… | Masked`.
 * Parts with no money are returned as they are (so named parts keep their identity); a part with money is copied
 * with its metadata, its `id` passed through `rename` (the API names a copy like its original where the
 * original is used only in responses). For documents and response validation; the runtime walk is `redact`.
 */
export function redactedSchema<S extends z.ZodType>(
  schema: S,
  rename: (id: string) => string = sameId,
): z.ZodType<Redacted<z.output<S>>> {
  return transform(schema, rename) as z.ZodType<Redacted<z.output<S>>>;
}

const orMasked = (s: z.ZodType) => z.union([s, MaskedSchema]);

function transform(schema: z.ZodType, rename: (id: string) => string): z.ZodType {
  let copies = redactedCache.get(rename);
  if (!copies) {
    copies = new WeakMap();
    redactedCache.set(rename, copies);
  }
  const cached = copies.get(schema);
  if (cached) return cached;
  const out = transformOnce(schema, rename);
  copies.set(schema, out);
  return out;
}

function transformOnce(schema: z.ZodType, rename: (id: string) => string): z.ZodType {
  if (isMoneySchema(schema)) return orMasked(schema);
  const def = defOf(schema);
  const t = (s: z.ZodType) => transform(s, rename);
  let copy: z.ZodType | null = null;
  const cloneWith = (changes: Record<string, unknown>) =>
    (schema as unknown as { clone(def: unknown): z.ZodType }).clone({ ...def, ...changes });
  switch (def.type) {
    case "object": {
      const shape = def.shape as Record<string, z.ZodType>;
      let changed = false;
      const next: Record<string, z.ZodType> = {};
      for (const [k, field] of Object.entries(shape)) {
        next[k] = k in GUARDED_FIGURES ? orMasked(field) : t(field);
        if (next[k] !== field) changed = true;
      }
      if (changed) copy = cloneWith({ shape: next });
      break;
    }
    case "array": {
      const element = t(def.element as z.ZodType);
      if (element !== def.element) copy = cloneWith({ element });
      break;
    }
    case "record": {
      const valueType = t(def.valueType as z.ZodType);
      if (valueType !== def.valueType) copy = cloneWith({ valueType });
      break;
    }
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch": {
      const innerType = t(def.innerType as z.ZodType);
      if (innerType !== def.innerType) copy = cloneWith({ innerType });
      break;
    }
    case "pipe": {
      const out = t(def.out as z.ZodType);
      if (out !== def.out) copy = cloneWith({ out });
      break;
    }
    case "lazy": {
      const inner = (def.getter as () => z.ZodType)();
      const next = t(inner);
      if (next !== inner) copy = cloneWith({ getter: () => next });
      break;
    }
    case "union": {
      const options = (def.options as z.ZodType[]).map(t);
      if (options.some((o, i) => o !== (def.options as z.ZodType[])[i])) copy = cloneWith({ options });
      break;
    }
    case "intersection": {
      const left = t(def.left as z.ZodType);
      const right = t(def.right as z.ZodType);
      if (left !== def.left || right !== def.right) copy = cloneWith({ left, right });
      break;
    }
    default:
      break;
  }
  if (copy === null) return schema;
  const meta = z.globalRegistry.get(schema);
  if (meta) {
    const { id, ...rest } = meta as { id?: string };
    return copy.meta(id === undefined ? rest : { ...rest, id: rename(id) });
  }
  return copy;
}
