// The sign-in limit the README promises: failed attempts per client address in a fixed window. A successful
// sign-in costs nothing (people signing in and out all day are not attackers), and the window opens with the
// first failure and closes `window` seconds later whatever happens inside it, so a waiting client knows when.
import { failedSignIns, recordFailedSignIn, type StoreDatabase } from "@accountable/store";
import type { LoginRateLimit } from "./better-auth.ts";

export interface SignInLimit {
  /** Seconds until the address may try again, or null when it may try now. */
  blocked(address: string): Promise<number | null>;
  /** Counts a failed attempt (wrong e-mail or password) against the address. */
  failed(address: string): Promise<void>;
}

export function signInLimit(db: StoreDatabase, limit: LoginRateLimit, clock: () => Date): SignInLimit {
  const windowMs = limit.window * 1000;
  return {
    async blocked(address) {
      const now = clock().getTime();
      const { count, resetsAt } = await failedSignIns(db, address, now, windowMs);
      return count >= limit.max ? Math.max(1, Math.ceil((resetsAt - now) / 1000)) : null;
    },
    async failed(address) {
      await recordFailedSignIn(db, address, clock().getTime(), windowMs);
    },
  };
}
