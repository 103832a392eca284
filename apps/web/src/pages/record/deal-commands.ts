// What a deal's page knows about its commands beyond the transition table: whether a brief can give the deal its
// amount (SeedAmountFromBrief), asked of the domain's own predicate over the briefs linked to the deal, so the
// command is offered only when one can — and its form opens on that brief when there is exactly one. Clearing the
// next step or the probability override is offered only when one stands (the domain's clearRefusal).
import {
  clearRefusal,
  isMasked,
  type OpenOpportunity,
  type SeedingBrief,
  seedFromBriefRefusal,
} from "@accountable/domain";
import type { Prefill } from "../../commands/form-values.ts";

type DealFacts = Pick<OpenOpportunity, "id" | "accountId" | "amount" | "budget" | "proposal">;

/** The briefs whose approved budget the deal can take now (a masked budget or amount cannot be judged: none). */
export function briefsThatSeed(
  deal: Readonly<Record<string, unknown>>,
  briefs: readonly unknown[],
): SeedingBrief[] {
  const d = deal as unknown as DealFacts & { readonly status?: string };
  if (d.status !== undefined && d.status !== "open") return [];
  if ([d.amount, d.budget, d.proposal?.amount].some(isMasked)) return [];
  return (briefs as SeedingBrief[]).filter(
    (b) => !isMasked(b.approvedBudget) && seedFromBriefRefusal(d, b) === undefined,
  );
}

/** The deal commands that cannot apply now, and the values a command's form opens with. */
export function dealCommandFacts(
  deal: Readonly<Record<string, unknown>>,
  briefs: readonly unknown[] | undefined,
): { readonly inapplicable: readonly string[]; readonly prefill: Readonly<Record<string, Prefill>> } {
  const seeding = briefsThatSeed(deal, briefs ?? []);
  const standing = deal as unknown as Pick<OpenOpportunity, "nextStep" | "probabilityOverride">;
  const clears = (["ClearNextStep", "ClearProbabilityOverride"] as const).filter(
    (type) =>
      clearRefusal(
        { nextStep: standing.nextStep ?? null, probabilityOverride: standing.probabilityOverride ?? null },
        type,
      ) !== undefined,
  );
  return {
    inapplicable: [...(seeding.length === 0 ? ["SeedAmountFromBrief"] : []), ...clears],
    prefill: seeding.length === 1 ? { SeedAmountFromBrief: { briefId: seeding[0]!.id } } : {},
  };
}
