import type { Contract } from "../entities/contract.ts";
import type { RenewalSettings } from "../entities/settings.ts";
import { addDays, type CalendarDate } from "../kernel/calendar-date.ts";
import type { ContractId, OpportunityId } from "../kernel/ids.ts";
import { spellFullDate } from "../kernel/spell-date.ts";

// A renewal deal's life is tied to its contract's: it opens when the notice window opens, it is due by the
// notice deadline, and it closes when the contract's fate is known — won when the contract renews (tacitly or
// by a signed renewal), lost when it expires or is terminated. The contract decides; the deal follows.

/** What settling a renewal deal needs to know about its contract. */
export type SettlingContract = Pick<
  Contract,
  | "id"
  | "title"
  | "status"
  | "endDate"
  | "endReason"
  | "renewalOpportunityId"
  | "previousRenewalOpportunityId"
  | "renewedById"
>;

const SETTLING_FIELDS = [
  "title",
  "endDate",
  "endReason",
  "renewalOpportunityId",
  "previousRenewalOpportunityId",
  "renewedById",
] as const satisfies readonly (keyof SettlingContract)[];

/** Whether a contract's facts include all that settling its renewal deal reads. */
export function isSettlingContract(
  k: Pick<SettlingContract, "id" | "status"> & Partial<SettlingContract>,
): k is SettlingContract {
  return SETTLING_FIELDS.every((f) => k[f] !== undefined);
}

/** How a contract settled its renewal deal, and why, in words kept with the deal's closing. */
export type RenewalSettlement =
  | {
      readonly outcome: "won";
      /** The contract the renewal produced: the signed renewal, or the contract itself for a tacit renewal. */
      readonly contractId: ContractId;
      readonly because: string;
    }
  | { readonly outcome: "lost"; readonly because: string };

/**
 * Whether `contract` has settled the renewal deal `dealId`, and how: won once renewed by another contract (the
 * deal being the one linked) or tacitly (the deal being the spent term's), lost once expired or terminated with
 * the deal still linked. Null while the renewal is undecided, or when the deal is not this contract's renewal.
 */
export function renewalSettlement(
  contract: SettlingContract,
  dealId: OpportunityId,
): RenewalSettlement | null {
  const named = `"${contract.title}" (${contract.id})`;
  if (contract.previousRenewalOpportunityId === dealId) {
    return { outcome: "won", contractId: contract.id, because: `${named} renewed tacitly` };
  }
  if (contract.renewalOpportunityId !== dealId) return null;
  switch (contract.status) {
    case "renewed":
      return contract.renewedById === null
        ? null
        : {
            outcome: "won",
            contractId: contract.renewedById,
            because: `${named} was renewed by contract ${contract.renewedById}`,
          };
    case "expired":
      return {
        outcome: "lost",
        because: `${named} expired at the end of its term on ${spellFullDate(contract.endDate)}`,
      };
    case "terminated":
      return {
        outcome: "lost",
        because: `${named} was terminated${contract.endReason ? `: ${contract.endReason}` : ""}`,
      };
    default:
      return null;
  }
}

/**
 * The close date of a renewal deal opened on `openedOn`: the notice deadline, the last day the client can still
 * leave — unless it has passed already (a contract signed or swept late), when the deal is given the workspace's
 * renewal lead from the day it opens. Never a day in the past.
 */
export function renewalCloseDate(
  noticeDeadline: CalendarDate,
  openedOn: CalendarDate,
  renewals: Pick<RenewalSettings, "renewalLeadDays">,
): CalendarDate {
  return noticeDeadline >= openedOn ? noticeDeadline : addDays(openedOn, renewals.renewalLeadDays);
}
