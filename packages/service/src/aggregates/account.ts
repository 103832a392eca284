import {
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

export const accountSpec: AggregateSpec<AccountState, AccountCommand, AccountEvent, AccountContext> = {
  ...accountPath,
  commandSchema: AccountCommandSchema,
  eventSchema: AccountEventSchema,
  resourceKind: "account",
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
