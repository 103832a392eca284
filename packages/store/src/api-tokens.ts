// Personal API tokens, kept by the SHA-256 of their secret (the API makes and hashes them).
import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { StoreDatabase } from "./database.ts";
import { apiTokens } from "./schema/api-tokens.ts";
import { authUsers } from "./schema/auth.ts";
import { members } from "./schema/read-models/tables.ts";
import { workspaceUsers } from "./schema/workspace-users.ts";
import { workspaces } from "./schema/workspaces.ts";

export type ApiTokenRow = typeof apiTokens.$inferSelect;

/** A token's row with the user it signs in. */
export interface ApiTokenHolder {
  readonly tokenId: string;
  readonly expiresAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly userId: string;
  readonly email: string;
  readonly name: string;
}

export async function insertApiToken(
  db: StoreDatabase,
  row: typeof apiTokens.$inferInsert,
): Promise<ApiTokenRow> {
  const [inserted] = await db.insert(apiTokens).values(row).returning();
  return inserted!;
}

/** The user's tokens, newest first. */
export function listApiTokens(db: StoreDatabase, userId: string): Promise<ApiTokenRow[]> {
  return db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt), apiTokens.id);
}

/** Deletes one of the user's tokens; false when the user has none with this id. */
export async function deleteApiToken(db: StoreDatabase, userId: string, id: string): Promise<boolean> {
  const deleted = await db
    .delete(apiTokens)
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId)))
    .returning({ id: apiTokens.id });
  return deleted.length > 0;
}

/** The token with this hash and its user, or undefined. */
export async function findApiTokenHolder(
  db: StoreDatabase,
  tokenHash: string,
): Promise<ApiTokenHolder | undefined> {
  const [row] = await db
    .select(holderColumns)
    .from(apiTokens)
    .innerJoin(authUsers, eq(authUsers.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, tokenHash));
  return row;
}

const holderColumns = {
  tokenId: apiTokens.id,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  userId: authUsers.id,
  email: authUsers.email,
  name: authUsers.name,
};

/** A token's holder with everything a request inside a workspace needs to know about them (see findTokenAccess). */
export interface TokenAccess extends ApiTokenHolder {
  /** The active member the holder is in the workspace; null when they are not one. */
  readonly memberId: string | null;
  /** That member's role (as stored; the caller reads it with the domain's schema). */
  readonly role: string | null;
  /** The workspace's settings as stored; null when there is no such workspace. */
  readonly settings: Record<string, unknown> | null;
}

function tokenAccessStatement(db: StoreDatabase) {
  const workspaceId = sql.placeholder("workspaceId");
  return db
    .select({ ...holderColumns, memberId: members.id, role: members.role, settings: workspaces.settings })
    .from(apiTokens)
    .innerJoin(authUsers, eq(authUsers.id, apiTokens.userId))
    .leftJoin(
      workspaceUsers,
      and(eq(workspaceUsers.userId, apiTokens.userId), eq(workspaceUsers.workspaceId, workspaceId)),
    )
    .leftJoin(
      members,
      and(
        eq(members.workspaceId, workspaceUsers.workspaceId),
        eq(members.id, workspaceUsers.memberId),
        eq(members.active, true),
      ),
    )
    .leftJoin(workspaces, eq(workspaces.id, workspaceId))
    .where(eq(apiTokens.tokenHash, sql.placeholder("tokenHash")))
    .prepare("accountable_token_access");
}

const tokenAccessStatements = new WeakMap<StoreDatabase, ReturnType<typeof tokenAccessStatement>>();

/**
 * The token's holder, the active member they are in `workspaceId` with their role, and the workspace's settings:
 * in one statement (prepared once per database), what a request inside a workspace needs before anything else.
 */
export async function findTokenAccess(
  db: StoreDatabase,
  tokenHash: string,
  workspaceId: string,
): Promise<TokenAccess | undefined> {
  let statement = tokenAccessStatements.get(db);
  if (!statement) {
    statement = tokenAccessStatement(db);
    tokenAccessStatements.set(db, statement);
  }
  const [row] = await statement.execute({ tokenHash, workspaceId });
  return row;
}

/** Records a use of the token at `now`, unless one was recorded since `staleBefore` (a write a minute, not a request). */
export async function touchApiToken(
  db: StoreDatabase,
  id: string,
  now: Date,
  staleBefore: Date,
): Promise<void> {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(
      and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, staleBefore))),
    );
}
