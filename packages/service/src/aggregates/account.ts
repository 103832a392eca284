import {
  type Account,
  type AccountCommand,
  AccountCommandSchema,
  type AccountContext,
  type AccountEvent,
  AccountEventSchema,
  type AccountState,
  accountPath,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { upsertRow } from "../scope.ts";
import type { AggregateSpec } from "./spec.ts";

/** An account's row of the read table (less its workspace), as the projection writes it; the reports' SQL-equals-domain tests fill the table with it too. */
export function accountRow(s: Account, version: number, at: string) {
  return {
    id: s.id,
    version,
    data: s,
    updatedAt: at,
    name: s.name,
    status: s.status,
    ownerId: s.ownerId,
    parentId: s.parentId,
  };
}

export const accountSpec: AggregateSpec<AccountState, AccountCommand, AccountEvent, AccountContext> = {
  ...accountPath,
  commandSchema: AccountCommandSchema,
  eventSchema: AccountEventSchema,
  resourceKind: "account",
  async project(scope, s, version, at) {
    await upsertRow(scope, schema.accounts, accountRow(s, version, at));
  },
};
