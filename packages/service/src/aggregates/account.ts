import {
  type AccountCommand,
  AccountCommandSchema,
  type AccountContext,
  type AccountEvent,
  AccountEventSchema,
  type AccountState,
  accountMachine,
  BINDING_CONTRACT_STATUSES,
  COMMAND_ACTIONS,
  resourceUnder,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { accountContracts, accountNamed } from "../lookups.ts";
import { upsertRow } from "../scope.ts";
import type { AggregateSpec } from "./spec.ts";

const binding: readonly string[] = BINDING_CONTRACT_STATUSES;

export const accountSpec: AggregateSpec<AccountState, AccountCommand, AccountEvent, AccountContext> = {
  type: "account",
  machine: accountMachine,
  commandSchema: AccountCommandSchema,
  eventSchema: AccountEventSchema,
  resourceKind: "account",
  actions: COMMAND_ACTIONS.account,
  createdId: (c) => (c.type === "CreateAccount" ? c.accountId : undefined),
  async context(scope, base, state, command) {
    const contracts = state.status === "none" ? [] : await accountContracts(scope, state.id);
    const sameName =
      command.type === "CreateAccount" ? ((await accountNamed(scope, command.name)) ?? null) : null;
    return {
      ...base,
      hasBindingContract: contracts.some((c) => binding.includes(c.status)),
      sameName: sameName as AccountContext["sameName"],
    };
  },
  async resource(_scope, state, command) {
    if (state.status === "none") {
      const ownerId = command.type === "CreateAccount" ? command.ownerId : null;
      return { kind: "account", ownerId };
    }
    return { ...resourceUnder("account", state), ownerId: state.ownerId };
  },
  async project(scope, s, version, at) {
    await upsertRow(scope, schema.accounts, {
      id: s.id,
      version,
      data: s,
      updatedAt: at,
      name: s.name,
      status: s.status,
      ownerId: s.ownerId,
      parentId: s.parentId,
    });
  },
};
