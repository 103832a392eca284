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
