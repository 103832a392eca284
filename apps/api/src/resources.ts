// How the service's aggregates appear over HTTP: the collection each lives in and its creation command(s), from
// the domain's resource table, and the entity schema its state is described by (the service's ENTITY_SCHEMAS).
// Every command route, list and read is generated from this table and the domain's schemas, so a command the
// domain learns is served (and documented) without an edit here.
import { AGGREGATE_RESOURCES, AGGREGATE_TYPES, type Collection } from "@accountable/domain";
import { type AggregateType, ENTITY_SCHEMAS, type ListName, REGISTRY } from "@accountable/service";
import type { z } from "zod";

export interface Resource {
  readonly aggregate: AggregateType;
  /** The path segment under `/api/workspaces/{workspaceId}/` (the domain's resource table); null for the workspace. */
  readonly collection: ListName | null;
  /** A state that exists (not `none`) is one of these. */
  readonly entity: z.ZodType;
  /**
   * Commands that start the aggregate's stream, with the field that names the new id (the domain's resource
   * table). The first is what `POST /{collection}` runs when the body names no `type`. (resources.test.ts checks
   * this against the service.)
   */
  readonly creates: Readonly<Record<string, string>>;
}

// Every collection the domain names is a list the service serves.
type _CollectionsAreLists = Collection extends ListName ? true : never;
const _collectionsAreLists: _CollectionsAreLists = true;
void _collectionsAreLists;

export const RESOURCES = Object.fromEntries(
  AGGREGATE_TYPES.map((aggregate): [AggregateType, Resource] => [
    aggregate,
    {
      aggregate,
      collection: AGGREGATE_RESOURCES[aggregate].collection,
      entity: ENTITY_SCHEMAS[aggregate],
      creates: AGGREGATE_RESOURCES[aggregate].creates,
    },
  ]),
) as Readonly<Record<AggregateType, Resource>>;

/** One variant of an aggregate's command union: its `type` and its zod object schema. */
export interface CommandVariant {
  readonly type: string;
  readonly schema: z.ZodObject;
}

/** The variants of the aggregate's command schema (a discriminated union on `type`), in the domain's order. */
export function commandVariants(aggregate: AggregateType): CommandVariant[] {
  const union = REGISTRY[aggregate].commandSchema as unknown as { options: z.ZodObject[] };
  return union.options.map((schema) => {
    const literal = schema.shape.type as unknown as { value: string };
    return { type: literal.value, schema };
  });
}
