import {
  type Contract,
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

/** A contract's row of the read table (less its workspace), as the projection writes it; the reports' SQL-equals-domain tests fill the table with it too. */
export function contractRow(s: Contract, version: number, at: string) {
  return {
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
  };
}

export const contractSpec: AggregateSpec<ContractState, ContractCommand, ContractEvent, ContractContext> = {
  ...contractPath,
  commandSchema: ContractCommandSchema,
  eventSchema: ContractEventSchema,
  resourceKind: "contract",
  async project(scope, s, version, at) {
    await upsertRow(scope, schema.contracts, contractRow(s, version, at));
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
