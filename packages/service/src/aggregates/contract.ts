import {
  COMMAND_ACTIONS,
  type ContractCommand,
  ContractCommandSchema,
  type ContractContext,
  type ContractEvent,
  ContractEventSchema,
  type ContractState,
  contractContext,
  contractFollowUps,
  contractMachine,
  type FollowUp,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { and, eq } from "drizzle-orm";
import { loadAccount, underAccount } from "../lookups.ts";
import { upsertRow } from "../scope.ts";
import type { AggregateSpec } from "./spec.ts";

export const contractSpec: AggregateSpec<ContractState, ContractCommand, ContractEvent, ContractContext> = {
  type: "contract",
  machine: contractMachine,
  commandSchema: ContractCommandSchema,
  eventSchema: ContractEventSchema,
  resourceKind: "contract",
  actions: COMMAND_ACTIONS.contract,
  createdId: (c) => (c.type === "CreateContract" ? c.contractId : undefined),
  async context(scope, base) {
    return contractContext(scope.settings, base);
  },
  async resource(scope, state, command) {
    if (state.status === "none") {
      const c = command.type === "CreateContract" ? command : undefined;
      return underAccount(scope, "contract", c?.accountId ?? null, { ownerId: c?.ownerId ?? null });
    }
    return underAccount(scope, "contract", state.accountId, { ownerId: state.ownerId });
  },
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
  async followUps(scope, events, state) {
    if (state.status === "none") return [];
    const account = await loadAccount(scope, state.accountId);
    if (!account) return [];
    const out: FollowUp[] = [];
    for (const e of events) out.push(...contractFollowUps(e, state, account, scope.settings));
    return out;
  },
};
