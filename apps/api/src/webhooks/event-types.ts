// The event types a subscription may ask for, read from the service's event schemas (each a union of objects
// with a literal `type`), so the list cannot drift from what the domain records.
import { REGISTRY } from "@accountable/service";

interface Introspectable {
  readonly options?: readonly Introspectable[];
  readonly shape?: { readonly type?: { readonly _zod?: { readonly def?: { readonly values?: unknown[] } } } };
}

function eventTypesOf(schema: Introspectable): string[] {
  const options = schema.options ?? [schema];
  return options.flatMap((o) =>
    (o.shape?.type?._zod?.def?.values ?? []).filter((v): v is string => typeof v === "string"),
  );
}

/** Every domain event type, sorted. */
export const EVENT_TYPES: readonly string[] = [
  ...new Set(Object.values(REGISTRY).flatMap((spec) => eventTypesOf(spec.eventSchema as Introspectable))),
].sort();
