// The demo's target lists: each business unit's first executive hunts the unit's prospects, chosen by the unit's
// industries, from a list started four months ago — so the list's funnel shows the meetings, deals and wins that
// followed.
import {
  type AccountId,
  type AccountStatus,
  money,
  TargetCriteriaSchema,
  type TargetListCommand,
  type TargetListId,
} from "@accountable/domain";
import type { DemoWorld } from "./accounts.ts";
import { AGENCY_INDUSTRIES, IT_INDUSTRIES } from "./catalog.ts";
import { UNITS } from "./team.ts";
import { DAY, HOUR } from "./timeline.ts";

/** What the story needs to know of an account the demo made. */
export interface DemoAccountFact {
  readonly id: AccountId;
  readonly createdAt: string;
  readonly status: AccountStatus;
  readonly index: number;
}

/** Statuses of accounts that were still to win (or were won since) when the list started. */
const HUNTED: readonly AccountStatus[] = ["prospect", "onboarding", "archived"];

export function runTargetListStory(world: DemoWorld, accounts: readonly DemoAccountFact[]): void {
  const startMs = world.nowMs - 120 * DAY;
  const start = startMs - (startMs % DAY) + 9 * HOUR;
  for (const unit of UNITS) {
    const owner = world.team.units[unit].executives[0]!;
    const id = `tl-${unit}-new-clients` as TargetListId;
    const industries = (unit === "agency" ? AGENCY_INDUSTRIES : IT_INDUSTRIES).map((s) => s.industry);
    const criteria = TargetCriteriaSchema.parse({
      industries,
      employees: { min: unit === "agency" ? 500 : 2_000, max: null },
      annualRevenue: {
        min: money((unit === "agency" ? 100 : 500) * 1_000_000_00, world.settings.currency),
        max: null,
      },
      tags: [unit === "agency" ? "brand-led" : "outsourcing-ready"],
    });
    const create: TargetListCommand = {
      type: "CreateTargetList",
      targetListId: id,
      name: unit === "agency" ? "New brands to win" : "New IT outsourcing clients",
      ownerId: owner,
      goal:
        unit === "agency" ? "Three new brand clients this year" : "Two new outsourcing contracts this year",
      criteria,
    };
    world.issue.target(id, create, owner, start);
    const hunted = accounts
      .filter((a) => (a.index % 2 === 0) === (unit === "agency"))
      .filter((a) => HUNTED.includes(a.status) && Date.parse(a.createdAt) <= start)
      .map((a) => a.id);
    if (hunted.length > 0)
      world.issue.target(
        id,
        { type: "AddTargets", accountIds: hunted.slice(0, 500), source: "criteria" },
        owner,
        start + HOUR,
      );
    world.issue.target(id, { type: "ActivateTargetList" }, owner, start + 2 * HOUR);
  }
}
