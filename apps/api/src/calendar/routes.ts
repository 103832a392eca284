// The calendar feed: a member creates (or rotates) a secret URL, sees whether they have one, or stops it; any
// calendar app then reads `GET /calendar/<secret>.ics` without a session — the secret is the credential (the
// service keeps only its hash, see its calendar/feeds.ts). This adapter builds the URL and the iCalendar document.
import type { Timestamp } from "@accountable/domain";
import type { OpenedCalendarFeed, Service } from "@accountable/service";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import ical, { ICalAlarmType, ICalCalendarMethod } from "ical-generator";
import { z } from "zod";
import type { ApiEnv } from "../env.ts";
import { problemFromRefusal, problemOf, sendProblem } from "../problem.ts";
import { problems, REFUSAL_STATUSES, WorkspaceParam } from "../routes/shared.ts";

export interface CalendarRouteDeps {
  readonly service: Service;
  /** The API's public origin (PUBLIC_URL), for the feed's URL; else the request's own origin. */
  readonly publicUrl?: string | undefined;
  readonly now?: () => Date;
}

const FeedSchema = z
  .object({
    url: z
      .string()
      .meta({ description: "The feed's secret URL: subscribe to it in a calendar app. Shown once." }),
    createdAt: z.string(),
  })
  .meta({ id: "CalendarFeed" });

const FeedStatusSchema = z
  .object({
    active: z.boolean().meta({ description: "Whether you have a feed (its URL was shown when created)." }),
    createdAt: z.string().nullable().meta({ description: "When the current URL was created or rotated." }),
  })
  .meta({ id: "CalendarFeedStatus" });

const path = "/api/workspaces/{workspaceId}/calendar-feed";
const DAY_SECONDS = 24 * 60 * 60;
const day = (d: string) => new Date(`${d}T00:00:00.000Z`);

/**
 * The feed as an iCalendar (RFC 5545) document: one event per dated item, each with the workspace's reminders
 * (VALARM, whole days before it starts), lines ending in CRLF — the last one too.
 */
export function renderCalendar(feed: OpenedCalendarFeed, name: string, stamp: Date): string {
  const cal = ical({
    name,
    prodId: { company: "Accountable", product: "calendar-feed", language: "EN" },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 30,
  });
  for (const item of feed.items) {
    const timed = item.at !== null;
    const start = timed ? new Date(item.at!) : day(item.date!);
    const event = cal.createEvent({
      id: `${item.uid}@accountable`,
      start,
      // A planned activity gets an hour; a date is a whole day (DTEND is the next day, exclusive).
      end: new Date(start.getTime() + (timed ? 60 * 60 * 1000 : DAY_SECONDS * 1000)),
      allDay: !timed,
      ...(timed ? {} : { timezone: "UTC" }),
      summary: item.summary,
      description: item.description,
      categories: [{ name: item.kind }],
      stamp,
    });
    for (const days of feed.reminders.reminderDaysBefore)
      event.createAlarm({
        type: ICalAlarmType.display,
        triggerBefore: days * DAY_SECONDS,
        description:
          days === 0 ? item.summary : `${item.summary} (in ${days === 1 ? "a day" : `${days} days`})`,
      });
  }
  const text = cal.toString();
  return text.endsWith("\r\n") ? text : `${text}\r\n`;
}

/** Mounts the calendar routes (pass it in `createApp`'s `extensions`). */
export function registerCalendarRoutes(app: OpenAPIHono<ApiEnv>, deps: CalendarRouteDeps): void {
  const { service } = deps;
  const now = deps.now ?? (() => new Date());
  const acting = (c: Context<ApiEnv>) => c.get("acting");

  app.openapi(
    createRoute({
      method: "post",
      path,
      tags: ["calendar"],
      operationId: "createCalendarFeed",
      summary: "Creates your calendar feed's secret URL, or replaces it (the old URL stops working)",
      request: { params: WorkspaceParam },
      responses: {
        201: { description: "The feed", content: { "application/json": { schema: FeedSchema } } },
        ...problems(401, 403, 404, ...REFUSAL_STATUSES),
      },
    }),
    async (c) => {
      const { workspaceId, memberId } = acting(c);
      const created = await service.calendarFeeds.create(workspaceId, memberId);
      if (!created.ok) return sendProblem(c, problemFromRefusal(created.error));
      const origin = (deps.publicUrl ?? new URL(c.req.url).origin).replace(/\/+$/, "");
      return c.json(
        { url: `${origin}/calendar/${created.value.secret}.ics`, createdAt: created.value.createdAt },
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path,
      tags: ["calendar"],
      operationId: "calendarFeedStatus",
      summary: "Whether you have a calendar feed, and since when (its URL is shown only when created)",
      request: { params: WorkspaceParam },
      responses: {
        200: { description: "The status", content: { "application/json": { schema: FeedStatusSchema } } },
        ...problems(401, 403, 404, ...REFUSAL_STATUSES),
      },
    }),
    async (c) => {
      const { workspaceId, memberId } = acting(c);
      const status = await service.calendarFeeds.status(workspaceId, memberId);
      if (!status.ok) return sendProblem(c, problemFromRefusal(status.error));
      return c.json(status.value, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path,
      tags: ["calendar"],
      operationId: "stopCalendarFeed",
      summary: "Stops your calendar feed: its URL answers 404 from now on",
      request: { params: WorkspaceParam },
      responses: {
        204: { description: "Stopped (or there was none)" },
        ...problems(401, 403, 404, ...REFUSAL_STATUSES),
      },
    }),
    async (c) => {
      const { workspaceId, memberId } = acting(c);
      const stopped = await service.calendarFeeds.stop(workspaceId, memberId);
      if (!stopped.ok) return sendProblem(c, problemFromRefusal(stopped.error));
      return c.body(null, 204);
    },
  );

  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/calendar/{file}",
    tags: ["calendar"],
    operationId: "calendarFeed",
    summary: "A member's calendar (iCalendar): tasks, client deadlines, meetings, notice deadlines, renewals",
    description:
      "Public: the secret in the path (`<secret>.ics`, from POST …/calendar-feed) is the credential. Each event carries the workspace's reminders (settings.calendar.reminderDaysBefore, a day before by default).",
    security: [],
    request: { params: z.object({ file: z.string().meta({ example: "cal_….ics" }) }) },
    responses: {
      200: { description: "The calendar", content: { "text/calendar": { schema: z.string() } } },
      ...problems(404),
    },
  });

  app.get("/calendar/:file", async (c) => {
    const file = c.req.param("file");
    const at = now();
    const feed = file.endsWith(".ics")
      ? await service.calendarFeeds.open(file.slice(0, -4), at.toISOString() as Timestamp)
      : undefined;
    if (!feed) return sendProblem(c, problemOf("NotFound", "There is no calendar feed at this address."));
    return c.body(renderCalendar(feed, `Accountable (${feed.workspaceId})`, at), 200, {
      "Content-Type": "text/calendar; charset=utf-8",
      "Cache-Control": "private, max-age=300",
      "Referrer-Policy": "no-referrer",
    });
  });
}
