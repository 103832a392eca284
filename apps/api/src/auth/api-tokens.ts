// Personal API tokens: `acct_` and 32 random bytes, shown once, stored as their SHA-256.
import { randomUUID } from "node:crypto";
import {
  type ApiTokenRow,
  deleteApiToken,
  findApiTokenHolder,
  findApiTokenHolderIn,
  insertApiToken,
  listApiTokens,
  type StoreDatabase,
  touchApiToken,
} from "@accountable/store";
import type { Principal } from "./port.ts";
import { digest, looksLikeSecret, newSecret } from "./secrets.ts";

export const API_TOKEN_PREFIX = "acct_";
/** How much of a token is kept in clear, so a person can tell their tokens apart. */
const SHOWN = API_TOKEN_PREFIX.length + 6;
/** `last_used_at` is written at most this often per token, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;
const DAY_MS = 86_400_000;

export interface ApiTokenInfo {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
}

const info = (row: ApiTokenRow): ApiTokenInfo => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdAt: row.createdAt.toISOString(),
  expiresAt: row.expiresAt?.toISOString() ?? null,
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});

export function createApiTokens(db: StoreDatabase, clock: () => Date) {
  return {
    /** Creates a token for the user; the only time its secret is seen. */
    async create(
      userId: string,
      name: string,
      expiresInDays?: number,
    ): Promise<ApiTokenInfo & { token: string }> {
      const token = newSecret(API_TOKEN_PREFIX);
      const now = clock();
      const row = await insertApiToken(db, {
        id: randomUUID(),
        userId,
        name,
        tokenHash: digest(token),
        prefix: token.slice(0, SHOWN),
        createdAt: now,
        expiresAt: expiresInDays === undefined ? null : new Date(now.getTime() + expiresInDays * DAY_MS),
      });
      return { ...info(row), token };
    },

    /** The user's tokens, newest first, without their secrets. */
    async list(userId: string): Promise<ApiTokenInfo[]> {
      return (await listApiTokens(db, userId)).map(info);
    },

    /** Deletes one of the user's tokens; false when the user has no token with this id. */
    delete: (userId: string, id: string) => deleteApiToken(db, userId, id),

    /** The user a bearer token stands for; null when it is malformed, unknown or expired. */
    async principal(token: string, workspaceId?: string): Promise<Principal | null> {
      if (!looksLikeSecret(API_TOKEN_PREFIX, token)) return null;
      const holder =
        workspaceId === undefined
          ? await findApiTokenHolder(db, digest(token))
          : await findApiTokenHolderIn(db, digest(token), workspaceId);
      const now = clock();
      if (!holder || (holder.expiresAt !== null && holder.expiresAt <= now)) return null;
      const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
      if (holder.lastUsedAt === null || holder.lastUsedAt < staleBefore)
        await touchApiToken(db, holder.tokenId, now, staleBefore);
      return {
        userId: holder.userId,
        email: holder.email,
        name: holder.name,
        via: "token",
        ...(workspaceId !== undefined && "memberId" in holder
          ? { membership: { workspaceId, memberId: holder.memberId as string | null } }
          : {}),
      };
    },
  };
}

export type ApiTokens = ReturnType<typeof createApiTokens>;
