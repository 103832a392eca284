// Calendar feeds: a member creates (or rotates) a secret URL, and any calendar app then reads their dated items
// through it without a session — the secret is the credential, so only its SHA-256 is kept. Adapters build the
// URL (the API's origin) and the iCalendar document; the secret, who it opens and what it holds are decided here.
import { createHash, randomBytes } from "node:crypto";
import type { CalendarDate, CalendarSettings, Timestamp } from "@accountable/domain";
import {
  calendarFeedCreatedAt,
  deleteCalendarFeed,
  findCalendarFeed,
  type StoreDatabase,
  setCalendarFeed,
} from "@accountable/store";
import { type QueryResult, queryOk, queryRefused } from "../queries/result.ts";
import { viewerOf } from "../visibility.ts";
import { type CalendarItem, calendarItems } from "./items.ts";

/** A feed's secret: `cal_` and 32 random bytes in base64url. */
const SECRET = /^cal_[A-Za-z0-9_-]{43}$/;
const hashOf = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** How far back a feed reaches for contract dates (older ones are history, not plans). */
const LOOKBACK_DAYS = 30;

export interface CalendarFeedStatus {
  /** Whether the member has a feed; its URL was shown once, when it was created. */
  readonly active: boolean;
  /** When the current URL was created (or last rotated); null without a feed. */
  readonly createdAt: Timestamp | null;
}

/** What a feed's URL opens: whose dates, and the reminders the workspace puts on them. */
export interface OpenedCalendarFeed {
  readonly workspaceId: string;
  readonly memberId: string;
  readonly items: readonly CalendarItem[];
  readonly reminders: CalendarSettings;
}

export function calendarFeeds(db: StoreDatabase, clock: () => Timestamp) {
  return {
    /** Creates the member's feed, or rotates it (the old URL stops working). The secret is shown once. */
    async create(
      workspaceId: string,
      memberId: string,
    ): Promise<QueryResult<{ readonly secret: string; readonly createdAt: Timestamp }>> {
      const viewer = await viewerOf(db, workspaceId, memberId);
      if (!viewer.ok) return queryRefused(viewer.error);
      const secret = `cal_${randomBytes(32).toString("base64url")}`;
      const createdAt = clock();
      await setCalendarFeed(db, workspaceId, memberId, hashOf(secret), new Date(createdAt));
      return queryOk({ secret, createdAt });
    },

    /** Whether the member has a feed, and since when. */
    async status(workspaceId: string, memberId: string): Promise<QueryResult<CalendarFeedStatus>> {
      const viewer = await viewerOf(db, workspaceId, memberId);
      if (!viewer.ok) return queryRefused(viewer.error);
      const at = await calendarFeedCreatedAt(db, workspaceId, memberId);
      return queryOk({ active: at !== undefined, createdAt: at ? (at.toISOString() as Timestamp) : null });
    },

    /** Stops the member's feed: its URL answers "no feed here" from now on. */
    async stop(workspaceId: string, memberId: string): Promise<QueryResult<{ readonly stopped: boolean }>> {
      const viewer = await viewerOf(db, workspaceId, memberId);
      if (!viewer.ok) return queryRefused(viewer.error);
      return queryOk({ stopped: await deleteCalendarFeed(db, workspaceId, memberId) });
    },

    /**
     * The feed a secret opens, or undefined: an unknown or malformed secret, or a member no longer active (a
     * deactivated member's feed stops with their membership).
     */
    async open(secret: string, now: Timestamp = clock()): Promise<OpenedCalendarFeed | undefined> {
      if (!SECRET.test(secret)) return undefined;
      const feed = await findCalendarFeed(db, hashOf(secret));
      if (!feed) return undefined;
      const viewer = await viewerOf(db, feed.workspaceId, feed.memberId);
      if (!viewer.ok) return undefined;
      const settings = viewer.value.scope.settings;
      const from = new Date(Date.parse(now) - LOOKBACK_DAYS * 24 * 60 * 60 * 1000)
        .toISOString()
        .slice(0, 10) as CalendarDate;
      const items = await calendarItems(db, { ...feed, settings, from });
      return { ...feed, items, reminders: settings.calendar };
    },
  };
}

export type CalendarFeeds = ReturnType<typeof calendarFeeds>;
