// The calendar feed: a member creates (or rotates) a secret URL, and any calendar app then reads
// `GET /calendar/<secret>.ics` without a session — the secret is the credential, so only its SHA-256 is kept.
import { createHash, randomBytes } from "node:crypto";
import type { CalendarDate } from "@accountable/domain";
import type { Service } from "@accountable/service";
import { findCalendarFeed, type StoreDatabase, setCalendarFeed } from "@accountable/store";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import { viewerFor } from "../acting.ts";
import type { ApiEnv } from "../env.ts";
import { problemOf, sendProblem } from "../problem.ts";
import { problems, WorkspaceParam } from "../routes/shared.ts";
import { calendarItems, renderCalendar } from "./feed.ts";

export interface CalendarRouteDeps {
  readonly service: Service;
  readonly db: StoreDatabase;
  /** The API's public origin (PUBLIC_URL), for the feed's URL; else the request's own origin. */
  readonly publicUrl?: string | undefined;
  readonly now?: () => Date;
}

const SECRET = /^cal_[A-Za-z0-9_-]{43}$/;
const hashOf = (secret: string) => createHash("sha256").update(secret).digest("hex");

const FeedSchema = z
  .object({
    url: z
      .string()
      .meta({ description: "The feed's secret URL: subscribe to it in a calendar app. Shown once." }),
    createdAt: z.string(),
  })
  .meta({ id: "CalendarFeed" });

/** Mounts the calendar routes (pass it in `createApp`'s `extensions`). */
export function registerCalendarRoutes(app: OpenAPIHono<ApiEnv>, deps: CalendarRouteDeps): void {
  const { service, db } = deps;
  const now = deps.now ?? (() => new Date());

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/workspaces/{workspaceId}/calendar-feed",
      tags: ["calendar"],
      operationId: "createCalendarFeed",
      summary: "Creates your calendar feed's secret URL, or replaces it (the old URL stops working)",
      request: { params: WorkspaceParam },
      responses: {
        201: { description: "The feed", content: { "application/json": { schema: FeedSchema } } },
        ...problems(401, 403, 404),
      },
    }),
    (async (c: Context<ApiEnv>) => {
      const { refused } = await viewerFor(c, service);
      if (refused) return refused;
      const { workspaceId, memberId } = c.get("acting");
      const secret = `cal_${randomBytes(32).toString("base64url")}`;
      await setCalendarFeed(db, workspaceId, memberId, hashOf(secret));
      const origin = (deps.publicUrl ?? new URL(c.req.url).origin).replace(/\/+$/, "");
      return c.json({ url: `${origin}/calendar/${secret}.ics`, createdAt: now().toISOString() }, 201);
    }) as never,
  );

  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/calendar/{file}",
    tags: ["calendar"],
    operationId: "calendarFeed",
    summary: "A member's calendar (iCalendar): tasks, client deadlines, meetings, notice deadlines, renewals",
    description:
      "Public: the secret in the path (`<secret>.ics`, from POST …/calendar-feed) is the credential.",
    security: [],
    request: { params: z.object({ file: z.string().meta({ example: "cal_….ics" }) }) },
    responses: {
      200: { description: "The calendar", content: { "text/calendar": { schema: z.string() } } },
      ...problems(404),
    },
  });

  app.get("/calendar/:file", async (c) => {
    const file = c.req.param("file");
    const secret = file.endsWith(".ics") ? file.slice(0, -4) : "";
    const gone = () => sendProblem(c, problemOf("NotFound", "There is no calendar feed at this address."));
    if (!SECRET.test(secret)) return gone();
    const feed = await findCalendarFeed(db, hashOf(secret));
    if (!feed) return gone();
    const viewer = await service.viewer(feed.workspaceId, feed.memberId);
    // A deactivated member's feed stops with their membership.
    if (!viewer.ok) return gone();
    const at = now();
    const from = new Date(at.getTime() - 30 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10) as CalendarDate;
    const items = await calendarItems(db, {
      workspaceId: feed.workspaceId,
      memberId: feed.memberId,
      settings: viewer.value.scope.settings,
      from,
    });
    const body = renderCalendar(items, `Accountable (${feed.workspaceId})`, at);
    return c.body(body, 200, {
      "Content-Type": "text/calendar; charset=utf-8",
      "Cache-Control": "private, max-age=300",
      "Referrer-Policy": "no-referrer",
    });
  });
}
