import type { CommandPath, DecisionContext, ResourceKind, Timestamp } from "@accountable/domain";
import type { z } from "zod";
import type { Scope } from "../scope.ts";

/**
 * How the service runs one kind of aggregate: the domain's command path (machine, permissions, the resource,
 * context and follow-ups it builds from facts), the schema its stored events are parsed with, and how to
 * project a state into its read table.
 */
export interface AggregateSpec<
  S extends { readonly status: string },
  C extends { readonly type: string },
  E extends { readonly type: string },
  X extends DecisionContext,
> extends CommandPath<S, C, E, X> {
  /** Parses a command from an adapter's input (API body, CLI flags, import row). */
  readonly commandSchema: z.ZodType<C>;
  /** Parses an event read back from the log. */
  readonly eventSchema: z.ZodType<E>;
  readonly resourceKind: ResourceKind;
  /** Writes the read-table row(s) of the state after the events. */
  project(
    scope: Scope,
    state: Exclude<S, { readonly status: "none" }>,
    version: number,
    at: Timestamp,
  ): Promise<void>;
  /** Runs before the events are appended (the workspace row must exist before its first event). */
  prepare?(scope: Scope, state: S, command: C): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds specs of every shape
export type AnySpec = AggregateSpec<any, any, any, any>;
