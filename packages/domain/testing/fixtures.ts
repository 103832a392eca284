// Test fixtures shared by the domain's tests: outside src/, so they are never published or bundled.
import type { Actor, Role } from "../src/entities/member.ts";
import { type CalendarDate, date, type Timestamp, timestamp } from "../src/kernel/calendar-date.ts";
import type { DecisionContext } from "../src/kernel/context.ts";
import { asId } from "../src/kernel/ids.ts";
import type { Refusal } from "../src/kernel/refusal.ts";
import type { Result } from "../src/kernel/result.ts";

export const T0: Timestamp = timestamp("2026-11-26T09:00:00.000Z");
export const TODAY: CalendarDate = date("2026-11-26");

export function actor(role: Role = "account_executive", id = `m-${role}`): Actor {
  return { memberId: asId.member(id), role };
}

export function ctx(overrides: Partial<DecisionContext> = {}): DecisionContext {
  return { now: T0, actor: actor(), ...overrides };
}

/** The events of an accepted decision; fails the test with the refusal's sentence otherwise. */
export function accepted<E>(d: Result<readonly E[], Refusal>): readonly E[] {
  if (!d.ok) throw new Error(`expected acceptance, got ${d.error._tag}: ${d.error.message}`);
  return d.value;
}

/** The refusal of a refused decision; fails the test otherwise. */
export function refused<E>(d: Result<readonly E[], Refusal>): Refusal {
  if (d.ok) throw new Error(`expected a refusal, got ${JSON.stringify(d.value)}`);
  return d.error;
}
