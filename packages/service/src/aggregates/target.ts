// The spec of target lists: the accounts an account executive hunts, held by the list's owner.
import {
  COMMAND_ACTIONS,
  type DecisionContext,
  type TargetListCommand,
  TargetListCommandSchema,
  type TargetListEvent,
  TargetListEventSchema,
  type TargetListState,
  targetListMachine,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { upsertRow } from "../scope.ts";
import type { AggregateSpec } from "./spec.ts";

export const targetSpec: AggregateSpec<TargetListState, TargetListCommand, TargetListEvent, DecisionContext> =
  {
    type: "target",
    machine: targetListMachine,
    commandSchema: TargetListCommandSchema,
    eventSchema: TargetListEventSchema,
    resourceKind: "target",
    actions: COMMAND_ACTIONS.target,
    createdId: (c) => (c.type === "CreateTargetList" ? c.targetListId : undefined),
    context: async (_scope, base) => base,
    // A list is judged on its owner (a new one on its intended owner), as an account is.
    async resource(_scope, state, command) {
      const ownerId =
        state.status === "none"
          ? command.type === "CreateTargetList"
            ? command.ownerId
            : null
          : state.ownerId;
      return { kind: "target", ownerId };
    },
    async project(scope, s, version, at) {
      await upsertRow(scope, schema.targets, {
        id: s.id,
        version,
        data: s,
        updatedAt: at,
        name: s.name,
        status: s.status,
        ownerId: s.ownerId,
      });
    },
  };
