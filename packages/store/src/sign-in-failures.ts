// Failed sign-ins per client address in a fixed window, kept in the database so every API process on one
// PostgreSQL counts together. The rows live in better-auth's rate-limit table under keys of their own: `count`
// is the failures in the window, `last_request` the moment (ms) the window opened with the first failure.
import { eq, sql } from "drizzle-orm";
import type { StoreDatabase } from "./database.ts";
import { authRateLimits } from "./schema/auth.ts";

const keyOf = (address: string) => `failed-sign-in:${address}`;

/** The failures counted against an address in the window open at `nowMs`, and when that window closes. */
export interface SignInFailures {
  readonly count: number;
  /** When the window closes (ms); the count starts again from zero after it. */
  readonly resetsAt: number;
}

/** The address's failures in the window open now (count 0 when none, or when the last window has closed). */
export async function failedSignIns(
  db: StoreDatabase,
  address: string,
  nowMs: number,
  windowMs: number,
): Promise<SignInFailures> {
  const [row] = await db
    .select({ count: authRateLimits.count, openedAt: authRateLimits.lastRequest })
    .from(authRateLimits)
    .where(eq(authRateLimits.key, keyOf(address)));
  if (!row || row.openedAt + windowMs <= nowMs) return { count: 0, resetsAt: nowMs + windowMs };
  return { count: row.count, resetsAt: row.openedAt + windowMs };
}

/**
 * Counts one failed sign-in against the address, in one statement: the window's count goes up by one, or a new
 * window opens now with a count of one when the last has closed.
 */
export async function recordFailedSignIn(
  db: StoreDatabase,
  address: string,
  nowMs: number,
  windowMs: number,
): Promise<SignInFailures> {
  const key = keyOf(address);
  const open = sql`${authRateLimits.lastRequest} + ${windowMs} > ${nowMs}`;
  const [row] = await db
    .insert(authRateLimits)
    .values({ id: key, key, count: 1, lastRequest: nowMs })
    .onConflictDoUpdate({
      target: authRateLimits.key,
      set: {
        count: sql`case when ${open} then ${authRateLimits.count} + 1 else 1 end`,
        lastRequest: sql`case when ${open} then ${authRateLimits.lastRequest} else ${nowMs} end`,
      },
    })
    .returning({ count: authRateLimits.count, openedAt: authRateLimits.lastRequest });
  return { count: row!.count, resetsAt: row!.openedAt + windowMs };
}
