// Who a bearer token is inside a workspace (its user, their member, role, and the workspace's settings), kept per
// process so that a read does not ask the database again on every request. It is trusted only while the database
// says what changes: the store's access feed (triggers on tokens, users, membership links, members and workspaces,
// LISTEN/NOTIFY on PostgreSQL, so every process sharing the database hears it) empties it on every change; when the
// feed is lost, nothing is kept until it is back. A lookup that began before a change is not kept after it.
import type { AccessChange } from "@accountable/store";

export interface AccessCacheOptions {
  /** The store's access feed (`DatabaseHandle.watchAccess`). */
  readonly watch: (listener: (change: AccessChange) => void) => Promise<() => Promise<void>>;
  /** The longest an entry is kept even when nothing is heard (a backstop, not the rule); default 60 s. */
  readonly ttlMs?: number;
  /** Entries kept at most (emptied when full); default 10,000. */
  readonly maxEntries?: number;
}

export interface AccessCache<V> {
  /** The value kept for the key, or the lookup's answer (kept when nothing changed while it ran). */
  get(key: string, lookup: () => Promise<V | undefined>): Promise<V | undefined>;
  /** Forgets everything: this process changed who may do what (the feed says so too, a moment later). */
  forget(): void;
  stop(): Promise<void>;
}

export function createAccessCache<V>(options: AccessCacheOptions): AccessCache<V> {
  const ttlMs = options.ttlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, { value: V; at: number }>();
  let live = false;
  // Bumped on every change: a lookup that started under an older generation may have read what changed.
  let generation = 0;
  const forget = () => {
    generation++;
    entries.clear();
  };
  let stopped = false;
  let stopping: Promise<() => Promise<void>> | undefined;
  const start = () => {
    stopping ??= options
      .watch((change) => {
        forget();
        live = change !== "lost" && !stopped;
      })
      .catch(() => async () => {});
    return stopping;
  };

  return {
    async get(key, lookup) {
      if (!stopped) void start();
      const now = performance.now();
      if (live) {
        const hit = entries.get(key);
        if (hit && now - hit.at < ttlMs) return hit.value;
      }
      const began = generation;
      const value = await lookup();
      if (live && value !== undefined && began === generation) {
        if (entries.size >= maxEntries) entries.clear();
        entries.set(key, { value, at: now });
      }
      return value;
    },
    forget,
    async stop() {
      stopped = true;
      live = false;
      forget();
      if (stopping) await (await stopping)();
    },
  };
}
