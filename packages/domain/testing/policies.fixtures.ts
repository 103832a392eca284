// Builders for the calculation tests (src/policies). Not exported from the package.
import type { Activity } from "../src/entities/activity.ts";
import type { Contact } from "../src/entities/contact.ts";
import type { Contract, Tower } from "../src/entities/contract.ts";
import type { CostEntry } from "../src/entities/cost-entry.ts";
import type { Escalation } from "../src/entities/escalation.ts";
import type { Invoice, InvoiceLine } from "../src/entities/invoice.ts";
import type { LostOpportunity, OpenOpportunity, WonOpportunity } from "../src/entities/opportunity.ts";
import type { Quota } from "../src/entities/quota.ts";
import { type CalendarDate, date, type Timestamp, timestamp } from "../src/kernel/calendar-date.ts";
import { asId } from "../src/kernel/ids.ts";
import { type Currency, currency, type ExchangeRate, type Money, money } from "../src/kernel/money.ts";

export const EUR: Currency = currency("EUR");
export const USD: Currency = currency("USD");
export const JPY: Currency = currency("JPY");
export const GBP: Currency = currency("GBP");

export const eur = (cents: number): Money => money(cents, EUR);
export const usd = (cents: number): Money => money(cents, USD);
export const jpy = (yen: number): Money => money(yen, JPY);

/** 1 USD = 0.92 EUR; 1 JPY = 0.0061 EUR. No GBP rate: GBP amounts must be refused. */
export const RATES: readonly ExchangeRate[] = [
  { from: USD, to: EUR, rate: "0.92" },
  { from: JPY, to: EUR, rate: "0.0061" },
];

export const IN_EUR = { currency: EUR, rates: RATES } as const;

export const at = (s: string): Timestamp => timestamp(s);
export const day = (s: string): CalendarDate => date(s);

export function openDeal(id: string, overrides: Partial<OpenOpportunity> = {}): OpenOpportunity {
  return {
    id: asId.opportunity(id),
    accountId: asId.account("acc-1"),
    ownerId: asId.member("m-alice"),
    name: `Deal ${id}`,
    type: "new_business",
    pipelineId: asId.pipeline("new_business"),
    stageId: asId.stage("proposal"),
    amount: eur(100_000),
    closeDate: date("2026-12-15"),
    probability: 50,
    probabilityOverride: null,
    forecastCategory: "best_case",
    needs: [],
    budget: null,
    proposal: null,
    stakeholderIds: [],
    contractId: null,
    createdAt: timestamp("2026-09-01T09:00:00.000Z"),
    stageEnteredAt: timestamp("2026-11-01T09:00:00.000Z"),
    lastActivityAt: null,
    leadSource: null,
    serviceLine: null,
    nextStep: null,
    status: "open",
    ...overrides,
  };
}

export function wonDeal(
  id: string,
  closedAt: string,
  overrides: Partial<WonOpportunity> = {},
): WonOpportunity {
  const { status: _status, ...open } = openDeal(id, {
    stageId: asId.stage("closed_won"),
    probability: 100,
    forecastCategory: "closed",
  });
  return { ...open, status: "won", closedAt: timestamp(closedAt), ...overrides };
}

export function lostDeal(
  id: string,
  closedAt: string,
  overrides: Partial<LostOpportunity> = {},
): LostOpportunity {
  const { status: _status, ...open } = openDeal(id, {
    stageId: asId.stage("closed_lost"),
    probability: 0,
    forecastCategory: "omitted",
  });
  return { ...open, status: "lost", closedAt: timestamp(closedAt), lossReason: "price", ...overrides };
}

export function activity(id: string, overrides: Partial<Activity> = {}): Activity {
  return {
    id: asId.activity(id),
    accountId: asId.account("acc-1"),
    opportunityId: null,
    contractId: null,
    kind: "call",
    subject: `Activity ${id}`,
    body: null,
    authorId: asId.member("m-alice"),
    contactIds: [],
    at: timestamp("2026-11-20T10:00:00.000Z"),
    // Keeps the status in step with an overridden `done` (the schema ties them).
    status: overrides.done === false ? "planned" : "done",
    done: true,
    direction: null,
    minutes: null,
    visibility: "internal",
    ...overrides,
  };
}

export function escalation(id: string, overrides: Partial<Escalation> = {}): Escalation {
  return {
    id: asId.escalation(id),
    accountId: asId.account("acc-1"),
    contractId: null,
    title: `Escalation ${id}`,
    description: "",
    severity: "medium",
    status: "open",
    ownerId: asId.member("m-alice"),
    escalatedTo: [],
    openedAt: timestamp("2026-11-20T10:00:00.000Z"),
    slaDueAt: timestamp("2026-11-30T10:00:00.000Z"),
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
    resolution: null,
    reopenCount: 0,
    ...overrides,
  };
}

export function line(
  quantity: string,
  unitPrice: Money,
  towerId: string | null = null,
  description = "Service",
): InvoiceLine {
  return {
    description,
    quantity,
    unitPrice,
    towerId: towerId === null ? null : asId.tower(towerId),
    milestoneId: null,
    period: null,
  };
}

export function invoice(id: string, overrides: Partial<Invoice> = {}): Invoice {
  return {
    id: asId.invoice(id),
    accountId: asId.account("acc-1"),
    contractId: null,
    number: null,
    currency: EUR,
    lines: [line("1", eur(10_000))],
    status: "issued",
    issuedOn: date("2026-10-01"),
    dueDate: date("2026-10-31"),
    paidAt: null,
    reason: null,
    ...overrides,
  };
}

export function costEntry(id: string, amount: Money, overrides: Partial<CostEntry> = {}): CostEntry {
  return {
    id: asId.cost(id),
    status: "recorded",
    accountId: asId.account("acc-1"),
    contractId: null,
    towerId: null,
    date: date("2026-10-15"),
    category: "labour",
    description: `Cost ${id}`,
    amount,
    hours: null,
    recordedBy: asId.member("m-alice"),
    ...overrides,
  };
}

export function tower(id: string, value: Money, cost: Money, overrides: Partial<Tower> = {}): Tower {
  return {
    id: asId.tower(id),
    name: `Tower ${id}`,
    accountManagerId: asId.member("m-bob"),
    value,
    cost,
    renewalDate: null,
    ...overrides,
  };
}

export function contract(id: string, overrides: Partial<Contract> = {}): Contract {
  return {
    id: asId.contract(id),
    accountId: asId.account("acc-1"),
    opportunityId: null,
    ownerId: asId.member("m-alice"),
    title: `Contract ${id}`,
    status: "active",
    value: eur(12_000_000),
    plannedCost: null,
    discountPercent: 0,
    startDate: date("2026-01-01"),
    term: { unit: "months", count: 24 },
    endDate: date("2027-12-31"),
    noticePeriod: { unit: "months", count: 3 },
    autoRenewal: false,
    renewalTerm: null,
    requiredApprovals: [],
    approvals: [],
    milestones: [],
    towers: [],
    projectManagerIds: [],
    billingSchedule: null,
    createdAt: timestamp("2025-12-01T09:00:00.000Z"),
    signedAt: timestamp("2025-12-15T09:00:00.000Z"),
    handedOverAt: null,
    endedAt: null,
    endReason: null,
    nonRenewalNoticeAt: null,
    nonRenewalNoticeReason: null,
    renewalOpportunityId: null,
    previousRenewalOpportunityId: null,
    previousContractId: null,
    renewedById: null,
    ...overrides,
  };
}

export function contact(id: string, overrides: Partial<Contact> = {}): Contact {
  return {
    id: asId.contact(id),
    accountId: asId.account("acc-1"),
    name: `Contact ${id}`,
    email: null,
    phone: null,
    title: null,
    roles: [],
    reportsToId: null,
    sentiment: null,
    // Keeps the status in step with an overridden `active` (the schema ties them).
    status: overrides.active === false ? "inactive" : "active",
    active: true,
    lastEngagedAt: timestamp("2026-11-20T10:00:00.000Z"),
    ...overrides,
  };
}

export function quota(id: string, memberId: string, period: string, amount: Money): Quota {
  return { id: asId.quota(id), status: "set", memberId: asId.member(memberId), period, amount };
}
