// Specs of the money side: invoices, cost entries and quotas.
import {
  COMMAND_ACTIONS,
  ContractSchema,
  type CostEntryCommand,
  CostEntryCommandSchema,
  type CostEntryEvent,
  CostEntryEventSchema,
  type CostEntryState,
  costEntryMachine,
  type DecisionContext,
  type InvoiceCommand,
  InvoiceCommandSchema,
  type InvoiceContext,
  type InvoiceEvent,
  InvoiceEventSchema,
  type InvoiceState,
  invoiceMachine,
  type QuotaCommand,
  QuotaCommandSchema,
  type QuotaEvent,
  QuotaEventSchema,
  type QuotaState,
  quotaMachine,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { underAccount } from "../lookups.ts";
import { findData, upsertRow } from "../scope.ts";
import type { AggregateSpec } from "./spec.ts";

export const invoiceSpec: AggregateSpec<InvoiceState, InvoiceCommand, InvoiceEvent, InvoiceContext> = {
  type: "invoice",
  machine: invoiceMachine,
  commandSchema: InvoiceCommandSchema,
  eventSchema: InvoiceEventSchema,
  resourceKind: "invoice",
  actions: COMMAND_ACTIONS.invoice,
  createdId: (c) => (c.type === "DraftInvoice" ? c.invoiceId : undefined),
  async context(scope, base, state, command) {
    // A line may bill only a milestone of the invoice's contract: give the domain that contract's milestones.
    const contractId =
      state.status !== "none"
        ? state.contractId
        : command.type === "DraftInvoice"
          ? command.contractId
          : null;
    if (contractId === null) return { ...base, contractMilestones: null };
    const data = await findData(scope, schema.contracts, contractId);
    const contract = data === undefined ? undefined : ContractSchema.parse(data);
    return { ...base, contractMilestones: contract?.milestones.map((m) => m.id) ?? [] };
  },
  async resource(scope, state, command) {
    const accountId =
      state.status === "none"
        ? command.type === "DraftInvoice"
          ? command.accountId
          : null
        : state.accountId;
    return underAccount(scope, "invoice", accountId);
  },
  async project(scope, s, version, at) {
    await upsertRow(scope, schema.invoices, {
      id: s.id,
      version,
      data: s,
      updatedAt: at,
      accountId: s.accountId,
      contractId: s.contractId,
      status: s.status,
      dueDate: s.dueDate,
      currency: s.currency,
    });
  },
};

export const costSpec: AggregateSpec<CostEntryState, CostEntryCommand, CostEntryEvent, DecisionContext> = {
  type: "cost",
  machine: costEntryMachine,
  commandSchema: CostEntryCommandSchema,
  eventSchema: CostEntryEventSchema,
  resourceKind: "cost",
  actions: COMMAND_ACTIONS.cost,
  createdId: (c) => (c.type === "RecordCost" ? c.costEntryId : undefined),
  context: async (_scope, base) => base,
  async resource(scope, state, command) {
    const accountId =
      state.status === "none" ? (command.type === "RecordCost" ? command.accountId : null) : state.accountId;
    return underAccount(scope, "cost", accountId);
  },
  async project(scope, s, version, at) {
    await upsertRow(scope, schema.costs, {
      id: s.id,
      version,
      data: s,
      updatedAt: at,
      accountId: s.accountId,
      contractId: s.contractId,
      towerId: s.towerId,
      date: s.date,
      status: s.status,
    });
  },
};

export const quotaSpec: AggregateSpec<QuotaState, QuotaCommand, QuotaEvent, DecisionContext> = {
  type: "quota",
  machine: quotaMachine,
  commandSchema: QuotaCommandSchema,
  eventSchema: QuotaEventSchema,
  resourceKind: "quota",
  actions: COMMAND_ACTIONS.quota,
  createdId: (c) => (c.type === "SetQuota" ? c.quotaId : undefined),
  context: async (_scope, base) => base,
  resource: async (_scope, state, command) => ({
    kind: "quota",
    ownerId:
      state.status === "none" ? (command.type === "SetQuota" ? command.memberId : null) : state.memberId,
  }),
  async project(scope, s, version, at) {
    await upsertRow(scope, schema.quotas, {
      id: s.id,
      version,
      data: s,
      updatedAt: at,
      memberId: s.memberId,
      period: s.period,
      status: s.status,
    });
  },
};
