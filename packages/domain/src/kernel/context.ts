import type { Actor } from "../entities/member.ts";
import type { Timestamp } from "./calendar-date.ts";

/** What every decision is given instead of reading a clock or a session: the moment and who acts. */
export interface DecisionContext {
  readonly now: Timestamp;
  readonly actor: Actor;
}
