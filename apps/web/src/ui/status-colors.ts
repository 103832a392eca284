// One colour per account status, so AT RISK never looks like ACTIVE (the account page and the accounts list).
import type { Schemas } from "@accountable/client";

export const ACCOUNT_STATUS_COLORS: Record<Schemas["AccountStatus"], string> = {
  prospect: "gray",
  onboarding: "blue",
  active: "green",
  at_risk: "orange",
  churned: "red",
  dormant: "grape",
  archived: "dark",
};

/**
 * Any record's status coloured by what it means, whichever record it is: won, done and paid green; open work
 * blue; waiting yellow; trouble (overdue, expiring, at risk) orange; lost, written off, terminated red; what
 * is over without loss (closed, cancelled, void, expired) grey.
 */
const BY_MEANING: Readonly<Record<string, string>> = {
  won: "green",
  done: "green",
  paid: "green",
  resolved: "green",
  accepted: "green",
  signed: "teal",
  renewed: "indigo",
  open: "blue",
  planned: "blue",
  in_progress: "blue",
  in_negotiation: "blue",
  issued: "blue",
  set: "blue",
  recorded: "blue",
  acknowledged: "cyan",
  draft: "gray",
  pending: "yellow",
  pending_approval: "yellow",
  overdue: "orange",
  expiring: "orange",
  lost: "red",
  written_off: "red",
  terminated: "red",
  cancelled: "gray",
  closed: "gray",
  void: "gray",
  voided: "gray",
  expired: "gray",
  revoked: "gray",
  retired: "gray",
  deactivated: "gray",
  inactive: "gray",
  withdrawn: "gray",
};

export function statusColor(status: string): string {
  return (ACCOUNT_STATUS_COLORS as Readonly<Record<string, string>>)[status] ?? BY_MEANING[status] ?? "gray";
}
