import {
  type ContractCommand,
  ContractCommandSchema,
  type ContractContext,
  type ContractEvent,
  ContractEventSchema,
  type ContractState,
  contractPath,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { and, eq } from "drizzle-orm";
import { upsertRow } from "../scope.ts";
import type { AggregateSpec } from "./spec.ts";

export const contractSpec: AggregateSpec<ContractState, ContractCommand, ContractEvent, ContractContext> = {
  ...contractPath,
  commandSchema: ContractCommandSchema,
  eventSchema: ContractEventSchema,
  resourceKind: "contract",
  async project(scope, s, version, at) {
    await upsertRow(scope, schema.contracts, {
      id: s.id,
      version,
      data: s,
      updatedAt: at,
      accountId: s.accountId,
      opportunityId: s.opportunityId,
      ownerId: s.ownerId,
      title: s.title,
      status: s.status,
      valueMinor: s.value.amount,
      currency: s.value.currency,
      startDate: s.startDate,
      endDate: s.endDate,
    });
    // Towers belong to the contract's stream: replace the contract's rows wholesale.
    const t = schema.towers;
    await scope.db.delete(t).where(and(eq(t.workspaceId, scope.workspaceId), eq(t.contractId, s.id)));
    if (s.towers.length > 0) {
      await scope.db.insert(t).values(
        s.towers.map((tower) => ({
          workspaceId: scope.workspaceId,
          id: tower.id,
          version,
          data: tower,
          updatedAt: at,
          contractId: s.id,
          accountId: s.accountId,
          accountManagerId: tower.accountManagerId,
          name: tower.name,
        })),
      );
    }
  },
};
