import type { Approval } from "../entities/contract.ts";
import type { Role } from "../entities/member.ts";
import type { ApprovalAuthority } from "../entities/settings.ts";
import { type CurrencyMismatch, currencyMismatch, type Money, toDecimalString } from "../kernel/money.ts";
import { type InvalidInput, refuse } from "../kernel/refusal.ts";
import { err, ok, type Result } from "../kernel/result.ts";
import { humanize } from "../kernel/text.ts";

// Approval routing: who must approve a contract, given its value and discount and the workspace's ladder of
// approval authorities (one agency's rule: a supervisor signs up to 25,000, a director up to 250,000, above
// that the managing director). Currencies are never converted: a limit in another currency is a settings
// problem to surface, not a rate to guess.

/** What routing looks at: the value after discount and the discount granted, in whole percent. */
export interface ApprovalSubject {
  readonly value: Money;
  readonly discountPercent: number;
}

/** One rung of the ladder as routing weighed it, with the reason in words. */
export interface RungConsidered {
  readonly role: Role;
  readonly limit: Money | null;
  readonly maxDiscountPercent: number | null;
  readonly coversValue: boolean;
  readonly coversDiscount: boolean;
  readonly reason: string;
}

/** Who must approve and why. */
export interface ApprovalRoute {
  /** Roles whose approval is required; empty when the workspace sets no approval authority at all. */
  readonly requiredApprovals: readonly Role[];
  /** Every rung, lowest first, and whether it covers the subject. */
  readonly considered: readonly RungConsidered[];
  readonly explanation: string;
}

/** An amount as a sentence shows it: `{ 2500000, EUR }` → "25,000.00 EUR". */
export function formatMoney(m: Money): string {
  const [whole = "", fraction] = toDecimalString(m).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${grouped}${fraction === undefined ? "" : `.${fraction}`} ${m.currency}`;
}

const nullsLast = (a: number | null, b: number | null): number =>
  a === null ? (b === null ? 0 : 1) : b === null ? -1 : a - b;

/** The ladder from the lowest authority up: by limit ascending (unlimited last), then by discount cap. */
export function approvalLadder(authority: readonly ApprovalAuthority[]): ApprovalAuthority[] {
  // Array.prototype.sort is stable, so rungs that tie keep the order the settings list them in.
  return [...authority].sort(
    (a, b) =>
      nullsLast(a.limit?.amount ?? null, b.limit?.amount ?? null) ||
      nullsLast(a.maxDiscountPercent, b.maxDiscountPercent),
  );
}

const describeRung = (r: ApprovalAuthority): string => {
  const upTo = r.limit === null ? "any amount" : `up to ${formatMoney(r.limit)}`;
  const discount = r.maxDiscountPercent === null ? "any discount" : `up to ${r.maxDiscountPercent}% discount`;
  return `${article(humanize(r.role))} may approve ${upTo} at ${discount}`;
};

const article = (noun: string) => (/^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`);

function coversValue(rung: ApprovalAuthority, value: Money): boolean {
  return rung.limit === null || (rung.limit.currency === value.currency && value.amount <= rung.limit.amount);
}

function coversDiscount(rung: ApprovalAuthority, discountPercent: number): boolean {
  return rung.maxDiscountPercent === null || discountPercent <= rung.maxDiscountPercent;
}

function consider(rung: ApprovalAuthority, s: ApprovalSubject): RungConsidered {
  const value = coversValue(rung, s.value);
  const discount = coversDiscount(rung, s.discountPercent);
  const asked = `${formatMoney(s.value)} at ${s.discountPercent}%`;
  const why =
    value && discount
      ? `covers ${asked}`
      : [
          value ? null : `${formatMoney(s.value)} is above the limit`,
          discount ? null : `a ${s.discountPercent}% discount is above the cap`,
        ]
          .filter((x) => x !== null)
          .join(" and ");
  return {
    role: rung.role,
    limit: rung.limit,
    maxDiscountPercent: rung.maxDiscountPercent,
    coversValue: value,
    coversDiscount: discount,
    reason: `${capitalize(describeRung(rung))}: ${why}.`,
  };
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Who must approve a contract: the lowest rung whose limit covers the value and whose discount cap covers the
 * discount; when no rung covers both, the most senior unlimited rung. Refuses when the ladder names a limit
 * in another currency, or has no unlimited rung to escalate to.
 */
export function routeApproval(
  subject: ApprovalSubject,
  authority: readonly ApprovalAuthority[],
): Result<ApprovalRoute, InvalidInput | CurrencyMismatch> {
  if (authority.length === 0) {
    return ok({
      requiredApprovals: [],
      considered: [],
      explanation: "The workspace sets no approval authority, so no approval is needed.",
    });
  }
  const foreign = authority.find((r) => r.limit !== null && r.limit.currency !== subject.value.currency);
  if (foreign?.limit) return err(currencyMismatch(foreign.limit.currency, subject.value.currency));

  const ladder = approvalLadder(authority);
  const considered = ladder.map((r) => consider(r, subject));
  const asked = `${formatMoney(subject.value)} at a ${subject.discountPercent}% discount`;
  const lowest = considered.find((r) => r.coversValue && r.coversDiscount);
  if (lowest) {
    return ok({
      requiredApprovals: [lowest.role],
      considered,
      explanation: `${capitalize(article(humanize(lowest.role)))} must approve ${asked}: the lowest authority that covers it.`,
    });
  }
  const top = ladder.filter((r) => r.limit === null).at(-1);
  if (!top) {
    return err(
      refuse.invalidInput(
        "approvalAuthority",
        `No one may approve ${asked}: no authority covers it and the workspace names no one without a limit.`,
      ),
    );
  }
  return ok({
    requiredApprovals: [top.role],
    considered,
    explanation: `No authority covers ${asked}, so it goes to the most senior: ${article(humanize(top.role))}.`,
  });
}

/**
 * Whether a role may approve the subject: its own authority covers the value and the discount (a director may
 * approve what needs a supervisor), or it is the most senior rung the subject was escalated to.
 */
export function canApprove(
  role: Role,
  subject: ApprovalSubject,
  authority: readonly ApprovalAuthority[],
): boolean {
  const own = authority.filter((r) => r.role === role);
  if (own.some((r) => coversValue(r, subject.value) && coversDiscount(r, subject.discountPercent)))
    return true;
  const route = routeApproval(subject, authority);
  return route.ok && route.value.requiredApprovals.includes(role);
}

/** Where a role stands on the ladder (higher is more senior); -1 when it holds no authority. */
function rankOf(role: Role, ladder: readonly ApprovalAuthority[]): number {
  return ladder.findLastIndex((r) => r.role === role);
}

/**
 * The required roles still waiting for an approval. A requirement is met by an approval from that role, or
 * from a more senior role whose own authority covers the subject.
 */
export function pendingApprovals(
  contract: ApprovalSubject & {
    readonly requiredApprovals: readonly Role[];
    readonly approvals: readonly Approval[];
  },
  authority: readonly ApprovalAuthority[],
): Role[] {
  const ladder = approvalLadder(authority);
  return contract.requiredApprovals.filter(
    (required) =>
      !contract.approvals.some(
        (a) =>
          a.role === required ||
          (rankOf(a.role, ladder) > rankOf(required, ladder) && canApprove(a.role, contract, authority)),
      ),
  );
}
