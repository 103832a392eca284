import type {
  Action,
  DecisionContext,
  FollowUp,
  Machine,
  PermissionResource,
  ResourceKind,
  Timestamp,
} from "@accountable/domain";
import type { z } from "zod";
import type { Scope } from "../scope.ts";

/**
 * How the service runs one kind of aggregate: the domain's machine, the schema its stored events are parsed
 * with, which permission each command needs, how to build the decision context and the permission resource
 * from the read tables, how to project a state into its read table, and which follow-ups its events call for.
 */
export interface AggregateSpec<
  S extends { readonly status: string },
  C extends { readonly type: string },
  E extends { readonly type: string },
  X extends DecisionContext,
> {
  /** The stream type, and the name adapters use ("opportunity", "contract", …). */
  readonly type: string;
  readonly machine: Machine<S, C, E, X>;
  /** Parses a command from an adapter's input (API body, CLI flags, import row). */
  readonly commandSchema: z.ZodType<C>;
  /** Parses an event read back from the log. */
  readonly eventSchema: z.ZodType<E>;
  readonly resourceKind: ResourceKind;
  readonly actions: Readonly<Record<C["type"], Action>>;
  /** The id a creation command names, so the service knows which stream it starts. */
  createdId(command: C): string | undefined;
  context(scope: Scope, base: DecisionContext, state: S, command: C): Promise<X>;
  resource(scope: Scope, state: S, command: C): Promise<PermissionResource>;
  /** Writes the read-table row(s) of the state after the events. */
  project(
    scope: Scope,
    state: Exclude<S, { readonly status: "none" }>,
    version: number,
    at: Timestamp,
  ): Promise<void>;
  /** Runs before the events are appended (the workspace row must exist before its first event). */
  prepare?(scope: Scope, state: S, command: C): Promise<void>;
  followUps?(scope: Scope, events: readonly E[], state: S): Promise<FollowUp[]>;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds specs of every shape
export type AnySpec = AggregateSpec<any, any, any, any>;
