import { type MemberId, money, type QuotaId } from "@accountable/domain";
import type { DemoWorld } from "./accounts.ts";
import { forkRandom } from "./random.ts";
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

/**
 * Quarterly quotas for every executive and supervisor over the past year and the current quarter, set by their
 * unit's director a week before the quarter starts; a few are revised with a reason.
 */
export function runQuotaStory(world: DemoWorld): void {
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
    const sellers: { id: MemberId; factor: number }[] = [
      ...u.executives.map((id) => ({ id, factor: 1 })),
      ...u.supervisors.map((id) => ({ id, factor: 4 })),
    ];
    for (const q of quarters) {
      for (const s of sellers) {
        const id = `q-${s.id}-${q.label}` as QuotaId;
        const base = (unit === "agency" ? rng.int(15, 40) * 10_000 : rng.int(10, 30) * 50_000) * s.factor;
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
