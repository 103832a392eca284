import { type MemberId, money, type OpportunityState, type QuotaId } from "@accountable/domain";
import type { DemoWorld } from "./accounts.ts";
import { forkRandom } from "./random.ts";
import type { DemoStream } from "./simulator.ts";
import { UNITS } from "./team.ts";
import { DAY, dayOf, HOUR, Timeline } from "./timeline.ts";

/** The quarter ("2026-Q3") a day falls in: the demo's fiscal year is the calendar year. */
function quarterOf(ms: number): { label: string; startMs: number } {
  const d = dayOf(ms);
  const year = Number(d.slice(0, 4));
  const q = Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1;
  return {
    label: `${year}-Q${q}`,
    startMs: Date.parse(`${year}-${String(3 * q - 2).padStart(2, "0")}-01T00:00:00.000Z`),
  };
}

/** What each member won in each quarter, in the workspace's currency's minor units: "member|2026-Q3" → amount. */
export type WonByQuarter = Map<string, number>;

/** Adds the won deals among `streams` (as the story left them) to `won`, by owner and the quarter they closed. */
export function countWon(won: WonByQuarter, streams: readonly DemoStream[], currency: string): void {
  for (const s of streams) {
    if (s.type !== "opportunity" || s.state.status !== "won") continue;
    const deal = s.state as Extract<OpportunityState, { status: "won" }>;
    if (!deal.amount || deal.amount.currency !== currency) continue;
    const key = `${deal.ownerId}|${quarterOf(Date.parse(deal.closedAt)).label}`;
    won.set(key, (won.get(key) ?? 0) + deal.amount.amount);
  }
}

/** A target as a director writes one: whole tens of thousands, at least 50,000. */
const roundTarget = (minor: number) => Math.max(5_000_000, Math.round(minor / 1_000_000) * 1_000_000);

/**
 * Quarterly quotas for every executive over the past year and the current quarter, set by their unit's
 * director a week before the quarter starts; a few are revised with a reason. Targets are drawn around what
 * each executive went on to win (past quarters land between 80 % and 125 %; the current quarter, two thirds
 * through, well short of its target), so attainment reads like a sales team's, not 0 % beside 1,000 %.
 * Supervisors own no deals here, so they carry no quota of their own.
 */
export function runQuotaStory(world: DemoWorld, won: WonByQuarter): void {
  const tl = new Timeline(world.nowMs);
  const rng = forkRandom(world.seed, "quotas");
  const quarters: { label: string; startMs: number }[] = [];
  for (let ms = world.nowMs - 365 * DAY; ms <= world.nowMs; ms += 28 * DAY) {
    const q = quarterOf(ms);
    if (!quarters.some((x) => x.label === q.label)) quarters.push(q);
  }
  const current = quarterOf(world.nowMs);
  if (!quarters.some((x) => x.label === current.label)) quarters.push(current);

  for (const unit of UNITS) {
    const u = world.team.units[unit];
    const sellers: { id: MemberId }[] = u.executives.map((id) => ({ id }));
    for (const q of quarters) {
      for (const s of sellers) {
        const id = `q-${s.id}-${q.label}` as QuotaId;
        const typical = unit === "agency" ? rng.int(15, 40) * 1_000_000 : rng.int(10, 30) * 5_000_000;
        const wonThen = won.get(`${s.id}|${q.label}`) ?? 0;
        // A past quarter ends at `share` % of its target; the current one stands at 100 ÷ share of it so far.
        const share = q.label === current.label ? rng.int(130, 180) : rng.int(80, 125);
        const target =
          wonThen === 0
            ? typical
            : roundTarget(q.label === current.label ? (wonThen * share) / 100 : (wonThen * 100) / share);
        const base = target / 100;
        const setAt = q.startMs - 7 * DAY + 9 * HOUR;
        tl.at(setAt, (t) => {
          world.issue.quota(
            id,
            {
              type: "SetQuota",
              quotaId: id,
              memberId: s.id,
              period: q.label,
              amount: money(base * 100, "EUR"),
            },
            u.director,
            t,
          );
          if (rng.chance(0.1)) {
            tl.at(t + rng.int(20, 60) * DAY, (at) =>
              world.issue.quota(
                id,
                {
                  type: "ChangeQuota",
                  amount: money(Math.floor((base * 9) / 10) * 100, "EUR"),
                  reason: "Territory rebalanced",
                },
                u.director,
                at,
              ),
            );
          }
        });
      }
    }
  }
  tl.run();
}
