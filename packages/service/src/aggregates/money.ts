// Specs of the money side: invoices, cost entries and quotas.
import {
  type CostEntry,
  type CostEntryCommand,
  CostEntryCommandSchema,
  type CostEntryEvent,
  CostEntryEventSchema,
  type CostEntryState,
  costPath,
  type DecisionContext,
  type Invoice,
  type InvoiceCommand,
  InvoiceCommandSchema,
  type InvoiceContext,
  type InvoiceEvent,
  InvoiceEventSchema,
  type InvoiceState,
  invoicePath,
  type QuotaCommand,
  QuotaCommandSchema,
  type QuotaEvent,
  QuotaEventSchema,
  type QuotaState,
  quotaPath,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { upsertRow } from "../scope.ts";
import type { AggregateSpec } from "./spec.ts";

/** An invoice's row of the read table (less its workspace), as the projection writes it; the reports' SQL-equals-domain tests fill the table with it too. */
export function invoiceRow(s: Invoice, version: number, at: string) {
  return {
    id: s.id,
    version,
    data: s,
    updatedAt: at,
    accountId: s.accountId,
    contractId: s.contractId,
    status: s.status,
    dueDate: s.dueDate,
    currency: s.currency,
  };
}

export const invoiceSpec: AggregateSpec<InvoiceState, InvoiceCommand, InvoiceEvent, InvoiceContext> = {
  ...invoicePath,
  commandSchema: InvoiceCommandSchema,
  eventSchema: InvoiceEventSchema,
  resourceKind: "invoice",
  async project(scope, s, version, at) {
    await upsertRow(scope, schema.invoices, invoiceRow(s, version, at));
  },
};

/** A cost entry's row of the read table (less its workspace), as the projection writes it; the reports' SQL-equals-domain tests fill the table with it too. */
export function costRow(s: CostEntry, version: number, at: string) {
  return {
    id: s.id,
    version,
    data: s,
    updatedAt: at,
    accountId: s.accountId,
    contractId: s.contractId,
    towerId: s.towerId,
    date: s.date,
    status: s.status,
  };
}

export const costSpec: AggregateSpec<CostEntryState, CostEntryCommand, CostEntryEvent, DecisionContext> = {
  ...costPath,
  commandSchema: CostEntryCommandSchema,
  eventSchema: CostEntryEventSchema,
  resourceKind: "cost",
  async project(scope, s, version, at) {
    await upsertRow(scope, schema.costs, costRow(s, version, at));
  },
};

export const quotaSpec: AggregateSpec<QuotaState, QuotaCommand, QuotaEvent, DecisionContext> = {
  ...quotaPath,
  commandSchema: QuotaCommandSchema,
  eventSchema: QuotaEventSchema,
  resourceKind: "quota",
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
