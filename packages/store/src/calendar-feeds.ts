// Calendar feeds: the hash of each member's feed secret, and the read-table rows a feed is made of (the API
// dates them with the domain's rules and renders iCalendar).
import { and, eq, gte, inArray, notInArray, or, sql } from "drizzle-orm";
import type { StoreDatabase } from "./database.ts";
import { accounts, activities, briefs, contracts, tasks } from "./schema/read-models/tables.ts";
import { calendarFeeds } from "./schema/webhooks.ts";
import { assertWorkspaceId } from "./workspace-scope.ts";

/** Sets (or replaces: rotates) the member's calendar feed secret, given as its hash. */
export async function setCalendarFeed(
  db: StoreDatabase,
  workspaceId: string,
  memberId: string,
  secretHash: string,
  createdAt: Date,
): Promise<void> {
  assertWorkspaceId(workspaceId);
  await db
    .insert(calendarFeeds)
    .values({ workspaceId, memberId, secretHash, createdAt })
    .onConflictDoUpdate({
      target: [calendarFeeds.workspaceId, calendarFeeds.memberId],
      set: { secretHash, createdAt },
    });
}

/** When the member's calendar feed was created (or last rotated), or undefined when they have none. */
export async function calendarFeedCreatedAt(
  db: StoreDatabase,
  workspaceId: string,
  memberId: string,
): Promise<Date | undefined> {
  assertWorkspaceId(workspaceId);
  const [row] = await db
    .select({ createdAt: calendarFeeds.createdAt })
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.workspaceId, workspaceId), eq(calendarFeeds.memberId, memberId)));
  return row?.createdAt;
}

/** Stops the member's calendar feed (its URL answers 404 from now on); false when there was none. */
export async function deleteCalendarFeed(
  db: StoreDatabase,
  workspaceId: string,
  memberId: string,
): Promise<boolean> {
  assertWorkspaceId(workspaceId);
  const gone = await db
    .delete(calendarFeeds)
    .where(and(eq(calendarFeeds.workspaceId, workspaceId), eq(calendarFeeds.memberId, memberId)))
    .returning({ memberId: calendarFeeds.memberId });
  return gone.length > 0;
}

/** Whose calendar feed a secret's hash opens, or undefined. */
export async function findCalendarFeed(
  db: StoreDatabase,
  secretHash: string,
): Promise<{ readonly workspaceId: string; readonly memberId: string } | undefined> {
  const [row] = await db
    .select({ workspaceId: calendarFeeds.workspaceId, memberId: calendarFeeds.memberId })
    .from(calendarFeeds)
    .where(eq(calendarFeeds.secretHash, secretHash));
  return row;
}

/** The rows (the domain entities as stored in `data`) a member's calendar feed is made of. */
export interface CalendarRows {
  /** Accounts the member owns or is on the team of. */
  readonly accounts: readonly { readonly id: string; readonly name: string }[];
  /** Open or in-progress tasks assigned to the member. */
  readonly tasks: readonly unknown[];
  /** Unfinished briefs with a deadline, on the member's accounts or planned by them. */
  readonly briefs: readonly unknown[];
  /** Planned activities on the member's accounts or written by them. */
  readonly activities: readonly unknown[];
  /** Contracts in `statuses` ending on or after `from`, on the member's accounts or owned by them. */
  readonly contracts: readonly unknown[];
}

export async function calendarRows(
  db: StoreDatabase,
  input: {
    readonly workspaceId: string;
    readonly memberId: string;
    readonly from: string;
    readonly openTaskStatuses: readonly string[];
    readonly finishedBriefStatuses: readonly string[];
    readonly contractStatuses: readonly string[];
  },
): Promise<CalendarRows> {
  const { workspaceId, memberId } = input;
  assertWorkspaceId(workspaceId);
  const mine = await db
    .select({ id: accounts.id, name: accounts.name })
    .from(accounts)
    .where(
      and(
        eq(accounts.workspaceId, workspaceId),
        or(
          eq(accounts.ownerId, memberId),
          sql`${accounts.data}->'team' @> ${JSON.stringify([{ memberId }])}::jsonb`,
        ),
      ),
    );
  const ids = mine.map((a) => a.id);
  const none = sql`false`;
  const taskRows = await db
    .select({ data: tasks.data })
    .from(tasks)
    .where(
      and(
        eq(tasks.workspaceId, workspaceId),
        eq(tasks.assigneeId, memberId),
        inArray(tasks.status, [...input.openTaskStatuses]),
      ),
    );
  const briefRows = await db
    .select({ data: briefs.data })
    .from(briefs)
    .where(
      and(
        eq(briefs.workspaceId, workspaceId),
        or(ids.length ? inArray(briefs.accountId, ids) : none, eq(briefs.plannerId, memberId)),
        notInArray(briefs.status, [...input.finishedBriefStatuses]),
        sql`${briefs.deadline} is not null`,
      ),
    );
  const activityRows = await db
    .select({ data: activities.data })
    .from(activities)
    .where(
      and(
        eq(activities.workspaceId, workspaceId),
        eq(activities.status, "planned"),
        or(
          ids.length ? inArray(activities.accountId, ids) : none,
          sql`${activities.data}->>'authorId' = ${memberId}`,
        ),
      ),
    );
  const contractRows = await db
    .select({ data: contracts.data })
    .from(contracts)
    .where(
      and(
        eq(contracts.workspaceId, workspaceId),
        or(ids.length ? inArray(contracts.accountId, ids) : none, eq(contracts.ownerId, memberId)),
        inArray(contracts.status, [...input.contractStatuses]),
        gte(contracts.endDate, input.from),
      ),
    );
  return {
    accounts: mine,
    tasks: taskRows.map((r) => r.data),
    briefs: briefRows.map((r) => r.data),
    activities: activityRows.map((r) => r.data),
    contracts: contractRows.map((r) => r.data),
  };
}
