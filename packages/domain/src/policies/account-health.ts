import { type Activity, isClientEngagement } from "../entities/activity.ts";
import { type Contact, hasContactRole } from "../entities/contact.ts";
import { BINDING_CONTRACT_STATUSES, type Contract, type ContractStatus } from "../entities/contract.ts";
import { type Escalation, isEscalationLive } from "../entities/escalation.ts";
import { type Invoice, invoiceTotal, isInvoicePastDue } from "../entities/invoice.ts";
import type { Opportunity } from "../entities/opportunity.ts";
import type { WorkspaceSettings } from "../entities/settings.ts";
import { SEVERITIES, type Severity } from "../entities/severity.ts";
import {
  type CalendarDate,
  compareTimestamps,
  dateOf,
  daysBetween,
  elapsedDays,
  type Timestamp,
} from "../kernel/calendar-date.ts";
import type { AccountId, ActivityId, ContactId, ContractId, EscalationId, InvoiceId } from "../kernel/ids.ts";
import { type CurrencyMismatch, divideRounded, type Money } from "../kernel/money.ts";
import { ok, type Result } from "../kernel/result.ts";
import { spellDate } from "../kernel/spell-date.ts";
import { listInWords } from "../kernel/text.ts";
import { type ConvertedAmount, type InCurrency, toReportCurrency, total } from "./in-currency.ts";
import { noticeDeadline, noticeWindowOpensOn } from "./renewal-schedule.ts";

// Account health: 100 points, minus the points each warning sign costs, clamped to 0–100. Every factor is
// reported, even those that cost nothing, each with a sentence and the records behind it. The weights are a
// default a workspace may replace.
//
// Renewal risk, kept simple: a binding contract (signed, active, expiring) with no renewal opportunity and not
// yet renewed, that is `expiring`, or whose notice window has opened although the nightly sweep has not marked
// it yet (today ≥ notice deadline − settings.renewals.noticeWindowDays, the notice deadline being the end date
// minus the notice period). Contracts that renew tacitly count too: the client may still give notice.
//
// Lapsed business counts in the same factor: a contract whose renewal deal was lost, or that expired or was
// terminated in the last `lapsedContractDays` with no successor (no contract renews it or names it as the one
// it follows), costs `lapsedContract` points — the client is leaving, or has left, whatever else looks fine.
//
// Engagement is client engagement only (`isClientEngagement`): a call, e-mail or meeting that took place. A note
// is the team's own record; it counts nowhere as contact with the client.

/**
 * The contract statuses account health reads: binding ones (renewal risk), signed ones since ended (a lapse, or a
 * successor of one). A query may load only these; the others cannot change a score.
 */
export const HEALTH_CONTRACT_STATUSES = [
  ...BINDING_CONTRACT_STATUSES,
  "renewed",
  "expired",
  "terminated",
] as const satisfies readonly ContractStatus[];

/** The signals that make up account health. */
export const HEALTH_SIGNALS = [
  "engagement",
  "stakeholders",
  "sponsor",
  "escalations",
  "overdue_invoices",
  "renewal",
] as const;
export type HealthSignal = (typeof HEALTH_SIGNALS)[number];

export const HEALTH_BANDS = ["healthy", "at_risk", "critical"] as const;
export type HealthBand = (typeof HEALTH_BANDS)[number];

/** Whole points each warning sign costs; caps keep one kind of sign from outweighing all the others. */
export interface HealthWeights {
  /** No completed activity on record at all. */
  readonly noActivity: number;
  /** Last completed activity older than settings.engagementStaleDays. */
  readonly staleActivity: number;
  /** Last completed activity older than twice that. */
  readonly coldActivity: number;
  /** Per open escalation, by severity. */
  readonly escalation: Readonly<Record<Severity, number>>;
  /** An escalation past its SLA costs this many times its severity's points. */
  readonly slaBreachedMultiplier: number;
  readonly escalationsCap: number;
  readonly overdueInvoice: number;
  /** Instead of `overdueInvoice` for an invoice more than `longOverdueDays` late. */
  readonly longOverdueInvoice: number;
  readonly longOverdueDays: number;
  readonly overdueInvoicesCap: number;
  /** Per binding contract near its notice deadline with no renewal opportunity. */
  readonly renewalAtRisk: number;
  /** Per contract whose renewal was lost, or that ended recently with no successor. */
  readonly lapsedContract: number;
  /** How long an ended contract without a successor keeps costing points, in days after it ended. */
  readonly lapsedContractDays: number;
  readonly renewalCap: number;
  /** No active contact at the client. */
  readonly noActiveContact: number;
  /** At most this many points, in proportion to the active contacts not engaged recently. */
  readonly unengagedContacts: number;
  /** No active decision maker or champion: the strongest warning sign. */
  readonly sponsorGone: number;
}

/** The default weights (see {@link HealthWeights}). */
export const DEFAULT_HEALTH_WEIGHTS: HealthWeights = {
  noActivity: 25,
  staleActivity: 15,
  coldActivity: 25,
  escalation: { low: 2, medium: 5, high: 10, critical: 20 },
  slaBreachedMultiplier: 2,
  escalationsCap: 50,
  overdueInvoice: 5,
  longOverdueInvoice: 10,
  longOverdueDays: 30,
  overdueInvoicesCap: 30,
  renewalAtRisk: 15,
  lapsedContract: 20,
  lapsedContractDays: 365,
  renewalCap: 40,
  noActiveContact: 20,
  unengagedContacts: 10,
  sponsorGone: 25,
};

interface Factor<S extends HealthSignal> {
  readonly signal: S;
  readonly pointsLost: number;
  readonly sentence: string;
}

export interface EngagementFactor extends Factor<"engagement"> {
  readonly lastActivityId: ActivityId | null;
  readonly lastActivityAt: Timestamp | null;
  readonly daysSince: number | null;
  readonly limitDays: number;
}

export interface StakeholdersFactor extends Factor<"stakeholders"> {
  readonly activeContactIds: readonly ContactId[];
  readonly engagedContactIds: readonly ContactId[];
  readonly limitDays: number;
}

export interface SponsorFactor extends Factor<"sponsor"> {
  /** Active contacts who are a decision maker or a champion. */
  readonly sponsorIds: readonly ContactId[];
  /** Contacts who were, and have left. */
  readonly departedSponsorIds: readonly ContactId[];
}

export interface EscalationsFactor extends Factor<"escalations"> {
  readonly escalations: readonly {
    readonly escalationId: EscalationId;
    readonly severity: Severity;
    readonly slaBreached: boolean;
    readonly points: number;
  }[];
}

export interface OverdueInvoicesFactor extends Factor<"overdue_invoices"> {
  readonly invoices: readonly (ConvertedAmount & {
    readonly invoiceId: InvoiceId;
    readonly dueDate: CalendarDate;
    readonly daysPastDue: number;
    readonly points: number;
  })[];
  /** Their total in the report's currency. */
  readonly total: Money;
}

export interface RenewalFactor extends Factor<"renewal"> {
  readonly contracts: readonly {
    readonly contractId: ContractId;
    readonly title: string;
    readonly status: ContractStatus;
    readonly endDate: CalendarDate;
    readonly noticeDeadline: CalendarDate;
    readonly points: number;
  }[];
}

/** One reason behind the score: the points it cost, a sentence, and the records behind it. */
export type HealthFactor =
  | EngagementFactor
  | StakeholdersFactor
  | SponsorFactor
  | EscalationsFactor
  | OverdueInvoicesFactor
  | RenewalFactor;

/** An account's health: a 0–100 score, its band, and every factor behind it, in {@link HEALTH_SIGNALS} order. */
export interface AccountHealth {
  readonly accountId: AccountId;
  readonly score: number;
  readonly band: HealthBand;
  /** The sum of the factors' points, before clamping the score to 0. */
  readonly pointsLost: number;
  readonly factors: readonly HealthFactor[];
}

/** What the score is computed from; records of other accounts are ignored. */
export interface AccountHealthInput {
  readonly accountId: AccountId;
  readonly activities: readonly Activity[];
  readonly contacts: readonly Contact[];
  readonly escalations: readonly Escalation[];
  readonly invoices: readonly Invoice[];
  readonly contracts: readonly Contract[];
  /**
   * The account's deals, for the renewal deals its contracts link to (a lost one is a lapsing contract). Only
   * their id and status are read; absent: none known.
   */
  readonly opportunities?: readonly Pick<Opportunity, "id" | "accountId" | "status">[];
}

export interface AccountHealthOptions extends InCurrency {
  readonly now: Timestamp;
  readonly settings: Pick<WorkspaceSettings, "engagementStaleDays" | "healthBands" | "renewals">;
  readonly weights?: HealthWeights;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
const names = (cs: readonly Contact[]) => listInWords(cs.map((c) => c.name));

function engagement(
  activities: readonly Activity[],
  now: Timestamp,
  limitDays: number,
  w: HealthWeights,
): EngagementFactor {
  // Only contact with the client that happened counts: not a note, not a planned or a cancelled activity.
  const done = activities.filter((a) => isClientEngagement(a) && compareTimestamps(a.at, now) <= 0);
  const last = done.reduce<Activity | undefined>(
    (l, a) => (l === undefined || compareTimestamps(a.at, l.at) > 0 ? a : l),
    undefined,
  );
  const base = { signal: "engagement", limitDays } as const;
  if (!last) {
    return {
      ...base,
      pointsLost: w.noActivity,
      sentence: "No completed call, e-mail or meeting on record (notes do not count).",
      lastActivityId: null,
      lastActivityAt: null,
      daysSince: null,
    };
  }
  const daysSince = elapsedDays(last.at, now);
  const found = { ...base, lastActivityId: last.id, lastActivityAt: last.at, daysSince };
  const when = daysSince === 0 ? "today" : daysSince === 1 ? "yesterday" : `${plural(daysSince, "day")} ago`;
  const ago = `Last completed activity ${when}`;
  if (daysSince > 2 * limitDays) {
    return {
      ...found,
      pointsLost: w.coldActivity,
      sentence: `${ago}, more than twice the ${limitDays}-day engagement limit.`,
    };
  }
  if (daysSince > limitDays) {
    return {
      ...found,
      pointsLost: w.staleActivity,
      sentence: `${ago}, beyond the ${limitDays}-day engagement limit.`,
    };
  }
  return { ...found, pointsLost: 0, sentence: `${ago}.` };
}

function stakeholders(
  contacts: readonly Contact[],
  now: Timestamp,
  limitDays: number,
  w: HealthWeights,
): StakeholdersFactor {
  const active = contacts.filter((c) => c.active);
  const engaged = active.filter(
    (c) => c.lastEngagedAt !== null && elapsedDays(c.lastEngagedAt, now) <= limitDays,
  );
  const base = {
    signal: "stakeholders",
    activeContactIds: active.map((c) => c.id),
    engagedContactIds: engaged.map((c) => c.id),
    limitDays,
  } as const;
  if (active.length === 0) {
    return { ...base, pointsLost: w.noActiveContact, sentence: "No active contact at the client." };
  }
  const unengaged = active.length - engaged.length;
  return {
    ...base,
    pointsLost: Number(
      divideRounded(BigInt(w.unengagedContacts * unengaged), BigInt(active.length), "half_even"),
    ),
    sentence: `${engaged.length} of ${plural(active.length, "active contact")} engaged in the last ${limitDays} days.`,
  };
}

function sponsor(contacts: readonly Contact[], w: HealthWeights): SponsorFactor {
  const isSponsor = (c: Contact) => c.roles.includes("decision_maker") || c.roles.includes("champion");
  const sponsors = contacts.filter(
    (c) => hasContactRole(c, "decision_maker") || hasContactRole(c, "champion"),
  );
  const departed = contacts.filter((c) => !c.active && isSponsor(c));
  const base = {
    signal: "sponsor",
    sponsorIds: sponsors.map((c) => c.id),
    departedSponsorIds: departed.map((c) => c.id),
  } as const;
  // Shown after the signal's name ("Sponsor: …"), so the sentence does not say "sponsor" again.
  if (sponsors.length > 0) {
    const verb = sponsors.length === 1 ? "is" : "are";
    return { ...base, pointsLost: 0, sentence: `${names(sponsors)} ${verb} in place.` };
  }
  return {
    ...base,
    pointsLost: w.sponsorGone,
    sentence:
      departed.length > 0
        ? `The sponsor is gone: ${names(departed)} ${departed.length === 1 ? "has" : "have"} left and no active decision maker or champion remains.`
        : "No active decision maker or champion at the client.",
  };
}

function escalations(all: readonly Escalation[], now: Timestamp, w: HealthWeights): EscalationsFactor {
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  const open = all
    .filter(isEscalationLive)
    .map((e) => {
      const slaBreached = compareTimestamps(e.slaDueAt, now) < 0;
      const points = w.escalation[e.severity] * (slaBreached ? w.slaBreachedMultiplier : 1);
      return { escalationId: e.id, severity: e.severity, slaBreached, points };
    })
    .sort((a, b) => rank(b.severity) - rank(a.severity) || Number(b.slaBreached) - Number(a.slaBreached));
  const points = open.reduce((s, e) => s + e.points, 0);
  const list = open.map((e) => `${e.severity}${e.slaBreached ? " past its SLA" : ""}`);
  return {
    signal: "escalations",
    escalations: open,
    pointsLost: Math.min(points, w.escalationsCap),
    sentence:
      open.length === 0
        ? "No open escalation."
        : `${plural(open.length, "open escalation")}: ${list.join(", ")}.`,
  };
}

function overdueInvoices(
  invoices: readonly Invoice[],
  today: CalendarDate,
  target: InCurrency,
  w: HealthWeights,
): Result<OverdueInvoicesFactor, CurrencyMismatch> {
  const late: OverdueInvoicesFactor["invoices"][number][] = [];
  for (const i of invoices) {
    if (!isInvoicePastDue(i, today)) continue;
    const amount = invoiceTotal(i);
    const converted = toReportCurrency(amount, target);
    if (!converted.ok) return converted;
    const daysPastDue = daysBetween(i.dueDate, today);
    const points = daysPastDue > w.longOverdueDays ? w.longOverdueInvoice : w.overdueInvoice;
    late.push({
      invoiceId: i.id,
      dueDate: i.dueDate,
      daysPastDue,
      amount,
      converted: converted.value,
      points,
    });
  }
  late.sort((a, b) => b.daysPastDue - a.daysPastDue);
  const sum = total(
    target.currency,
    late.map((i) => i.converted),
  );
  const oldest = late[0]?.daysPastDue ?? 0;
  return ok({
    signal: "overdue_invoices",
    invoices: late,
    total: sum,
    pointsLost: Math.min(
      late.reduce((s, i) => s + i.points, 0),
      w.overdueInvoicesCap,
    ),
    sentence:
      late.length === 0
        ? "No invoice past due."
        : // No amount in the words: the sentence is read by every member who reads the account, and the total is
          // money (`total`, masked for a member who may not see it).
          `${plural(late.length, "invoice")} past due; the oldest ${plural(oldest, "day")} late.`,
  });
}

function renewal(
  contracts: readonly Contract[],
  opportunities: readonly Pick<Opportunity, "id" | "status">[],
  today: CalendarDate,
  settings: AccountHealthOptions["settings"],
  w: HealthWeights,
): RenewalFactor {
  const binding: readonly ContractStatus[] = BINDING_CONTRACT_STATUSES;
  const lostDeal = new Set(opportunities.filter((o) => o.status === "lost").map((o) => o.id));
  // A successor is a contract signed to follow it; a renewal still being negotiated is not one yet.
  const signed: readonly ContractStatus[] = HEALTH_CONTRACT_STATUSES;
  const followed = new Set(
    contracts.flatMap((c) =>
      signed.includes(c.status) && c.previousContractId ? [c.previousContractId] : [],
    ),
  );
  const hasSuccessor = (c: Contract) => c.renewedById !== null || followed.has(c.id);
  const entries: (RenewalFactor["contracts"][number] & { said: string })[] = [];
  for (const c of contracts) {
    // The same deadline and window the contract machine and the renewal schedule use.
    const deadline = noticeDeadline(c.endDate, c.noticePeriod);
    const entry = {
      contractId: c.id,
      title: c.title,
      status: c.status,
      endDate: c.endDate,
      noticeDeadline: deadline,
    };
    if (hasSuccessor(c)) continue;
    if (binding.includes(c.status)) {
      if (c.renewalOpportunityId !== null && lostDeal.has(c.renewalOpportunityId)) {
        entries.push({
          ...entry,
          points: w.lapsedContract,
          said: `the renewal of “${c.title}” was lost; it ends on ${spellDate(c.endDate, today)}`,
        });
        continue;
      }
      if (c.renewalOpportunityId !== null) continue;
      const windowOpen = today >= noticeWindowOpensOn(c, settings.renewals);
      if (c.status !== "expiring" && !windowOpen) continue;
      entries.push({
        ...entry,
        points: w.renewalAtRisk,
        said:
          deadline < today
            ? `“${c.title}” passed its notice deadline on ${spellDate(deadline, today)} with no renewal opportunity`
            : `“${c.title}” reaches its notice deadline on ${spellDate(deadline, today)} with no renewal opportunity`,
      });
      continue;
    }
    if (c.status === "expired" || c.status === "terminated") {
      // The day it ended; a contract kept without the moment (imported) ended with its term.
      const ended = c.endedAt === null ? c.endDate : dateOf(c.endedAt);
      if (daysBetween(ended, today) > w.lapsedContractDays) continue;
      entries.push({
        ...entry,
        points: w.lapsedContract,
        said: `“${c.title}” ${c.status === "expired" ? "expired" : "was terminated"} on ${spellDate(ended, today)} with no contract to follow it`,
      });
    }
  }
  entries.sort((a, b) =>
    a.noticeDeadline < b.noticeDeadline ? -1 : a.noticeDeadline > b.noticeDeadline ? 1 : 0,
  );
  const atRisk = entries.map(({ said: _, ...e }) => e);
  return {
    signal: "renewal",
    contracts: atRisk,
    pointsLost: Math.min(
      atRisk.reduce((s, c) => s + c.points, 0),
      w.renewalCap,
    ),
    sentence:
      entries.length === 0
        ? "No contract near its notice deadline without a renewal opportunity, and none lapsed."
        : `${capitalise(listInWords(entries.map((e) => e.said)))}.`,
  };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The band a score falls in under the workspace's thresholds. */
export function healthBand(score: number, bands: WorkspaceSettings["healthBands"]): HealthBand {
  if (score >= bands.healthy) return "healthy";
  if (score >= bands.atRisk) return "at_risk";
  return "critical";
}

/**
 * An account's health score (0–100), band and factors at `now`. Deterministic; refuses an overdue invoice whose
 * currency has no rate into the report's currency.
 */
export function accountHealth(
  input: AccountHealthInput,
  options: AccountHealthOptions,
): Result<AccountHealth, CurrencyMismatch> {
  const w = options.weights ?? DEFAULT_HEALTH_WEIGHTS;
  const { now, settings } = options;
  const today = dateOf(now);
  const mine = <T extends { readonly accountId: AccountId }>(xs: readonly T[]) =>
    xs.filter((x) => x.accountId === input.accountId);
  const contacts = mine(input.contacts);
  const invoices = overdueInvoices(mine(input.invoices), today, options, w);
  if (!invoices.ok) return invoices;
  const factors: HealthFactor[] = [
    engagement(mine(input.activities), now, settings.engagementStaleDays, w),
    stakeholders(contacts, now, settings.engagementStaleDays, w),
    sponsor(contacts, w),
    escalations(mine(input.escalations), now, w),
    invoices.value,
    renewal(mine(input.contracts), mine(input.opportunities ?? []), today, settings, w),
  ];
  const pointsLost = factors.reduce((s, f) => s + f.pointsLost, 0);
  const score = Math.min(100, Math.max(0, 100 - pointsLost));
  return ok({
    accountId: input.accountId,
    score,
    band: healthBand(score, settings.healthBands),
    pointsLost,
    factors,
  });
}
