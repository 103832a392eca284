// The spec of target lists: the accounts an account executive hunts, held by the list's owner.
import {
  type DecisionContext,
  type TargetListCommand,
  TargetListCommandSchema,
  type TargetListEvent,
  TargetListEventSchema,
  type TargetListState,
  targetPath,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { upsertRow } from "../scope.ts";
import type { AggregateSpec } from "./spec.ts";

export const targetSpec: AggregateSpec<TargetListState, TargetListCommand, TargetListEvent, DecisionContext> =
  {
    ...targetPath,
    commandSchema: TargetListCommandSchema,
    eventSchema: TargetListEventSchema,
    resourceKind: "target",
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
