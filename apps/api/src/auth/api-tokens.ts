// Personal API tokens: `acct_` and 32 random bytes, shown once, stored as their SHA-256.
import { randomUUID } from "node:crypto";
import { RoleSchema, type WorkspaceSettings } from "@accountable/domain";
import { workspaceSettingsOf } from "@accountable/service";
import {
  type ApiTokenRow,
  deleteApiToken,
  findApiTokenHolder,
  findTokenAccess,
  insertApiToken,
  listApiTokens,
  type StoreDatabase,
  type TokenAccess,
  touchApiToken,
} from "@accountable/store";
import type { Principal } from "../env.ts";
import type { AccessCache } from "./access-cache.ts";
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

/** A token's access inside one workspace, as kept by the access cache: the role and settings read once. */
type Access = Omit<TokenAccess, "role" | "settings" | "lastUsedAt"> & {
  readonly resolved: Extract<NonNullable<Principal["membership"]>["resolved"], object> | undefined;
  /** When this process last recorded a use (the row's last_used_at when read); updated in place. */
  lastUsedAt: Date | null;
};

function accessOf(row: TokenAccess): Access {
  const role = RoleSchema.safeParse(row.role);
  const settings: WorkspaceSettings | null = row.settings === null ? null : workspaceSettingsOf(row.settings);
  const { role: _role, settings: _settings, ...rest } = row;
  return {
    ...rest,
    // An active member of an existing workspace, with a role the domain knows: anything else is resolved the
    // long way (and refused there if it must be).
    resolved:
      row.memberId !== null && role.success && settings !== null ? { role: role.data, settings } : undefined,
  };
}

export function createApiTokens(db: StoreDatabase, clock: () => Date, cache?: AccessCache<Access>) {
  const lookup = async (hash: string, workspaceId: string) => {
    const row = await findTokenAccess(db, hash, workspaceId);
    return row && accessOf(row);
  };
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
    async delete(userId: string, id: string): Promise<boolean> {
      const deleted = await deleteApiToken(db, userId, id);
      cache?.forget();
      return deleted;
    },

    /** The user a bearer token stands for; null when it is malformed, unknown or expired. */
    async principal(token: string, workspaceId?: string): Promise<Principal | null> {
      if (!looksLikeSecret(API_TOKEN_PREFIX, token)) return null;
      const hash = digest(token);
      const now = clock();
      const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
      if (workspaceId === undefined) {
        const holder = await findApiTokenHolder(db, hash);
        if (!holder || (holder.expiresAt !== null && holder.expiresAt <= now)) return null;
        if (holder.lastUsedAt === null || holder.lastUsedAt < staleBefore)
          await touchApiToken(db, holder.tokenId, now, staleBefore);
        return { userId: holder.userId, email: holder.email, name: holder.name, via: "token" };
      }
      const access = cache
        ? await cache.get(`${hash}\u0000${workspaceId}`, () => lookup(hash, workspaceId))
        : await lookup(hash, workspaceId);
      // The expiry is judged on every request, kept or not.
      if (!access || (access.expiresAt !== null && access.expiresAt <= now)) return null;
      if (access.lastUsedAt === null || access.lastUsedAt < staleBefore) {
        // A kept entry remembers the use this process recorded, so the next minute's requests write nothing.
        access.lastUsedAt = now;
        await touchApiToken(db, access.tokenId, now, staleBefore);
      }
      return {
        userId: access.userId,
        email: access.email,
        name: access.name,
        via: "token",
        membership: {
          workspaceId,
          memberId: access.memberId,
          ...(access.resolved ? { resolved: access.resolved } : {}),
        },
      };
    },
  };
}

export type ApiTokens = ReturnType<typeof createApiTokens>;
