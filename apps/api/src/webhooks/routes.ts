// Webhook subscriptions of a workspace: create (the secret is shown once), list, delete, and each one's
// deliveries with their attempts. Managing them is the domain's `webhook.manage` (admins).
import { randomUUID } from "node:crypto";
import { text } from "@accountable/domain";
import type { Service } from "@accountable/service";
import {
  createWebhookSubscription,
  deleteWebhookSubscription,
  findWebhookSubscription,
  listWebhookDeliveries,
  listWebhookSubscriptions,
  type StoreDatabase,
  type WebhookSubscription,
} from "@accountable/store";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import { viewerFor } from "../acting.ts";
import type { ApiEnv } from "../env.ts";
import { problemFromRefusal, problemOf, type RefusalResponse, sendProblem } from "../problem.ts";
import { IdParam, problems, REFUSAL_STATUSES, WorkspaceParam } from "../routes/shared.ts";
import { EVENT_TYPES } from "./event-types.ts";
import type { SecretBox } from "./secret-box.ts";
import { newWebhookSecret } from "./signature.ts";
import { DEFAULT_TARGETS, vetTarget, type WebhookTargets } from "./targets.ts";

export interface WebhookRouteDeps {
  readonly service: Service;
  readonly db: StoreDatabase;
  /** Seals each new subscription's signing secret before it is stored. */
  readonly secrets: SecretBox;
  /** Where subscriptions may point (WEBHOOK_ALLOWED_HOSTS) and how names resolve; default: nothing inside. */
  readonly targets?: WebhookTargets;
  /** The wall clock (deletion times); tests pass a fixed one. */
  readonly now?: () => Date;
}

const EventTypeSchema = z.enum(["*", ...EVENT_TYPES] as [string, ...string[]]);

export const WebhookCreateSchema = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2_000)
      .meta({
        description:
          "Where deliveries are POSTed: a public http(s) address, never one inside the server's network (loopback, private, link-local, metadata services…) unless WEBHOOK_ALLOWED_HOSTS lists it, and with no user info.",
        example: "https://example.com/hooks/accountable",
      }),
    events: z
      .array(EventTypeSchema)
      .min(1)
      .max(200)
      .meta({
        description: 'Event types to deliver, or ["*"] for every event.',
        example: ["OpportunityStageMoved"],
      }),
    description: text().trim().max(500).optional(),
  })
  .meta({ id: "WebhookCreate" });

export const WebhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    description: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: "Webhook" });

const WebhookCreatedSchema = WebhookSchema.extend({
  secret: z.string().meta({
    description:
      'Signs every delivery (Accountable-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">). Shown only now.',
  }),
}).meta({ id: "WebhookCreated" });

const AttemptSchema = z
  .object({
    at: z.string(),
    status: z.number().int().nullable(),
    error: z.string().nullable(),
    ms: z.number(),
  })
  .meta({ id: "WebhookAttempt" });

export const DeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    streamId: z.string(),
    version: z.number().int(),
    status: z.enum(["pending", "delivered", "failed", "cancelled"]),
    attempts: z.number().int(),
    attemptLog: z.array(AttemptSchema),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: "WebhookDelivery" });

const DeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(/^\d+$/).optional().meta({ description: "`nextCursor` of the previous page." }),
  status: z.enum(["pending", "delivered", "failed", "cancelled"]).optional(),
});

const show = (s: WebhookSubscription) => ({
  id: s.id,
  url: s.url,
  events: [...s.eventTypes],
  description: s.description,
  createdBy: s.createdBy,
  createdAt: s.createdAt,
});

const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** `webhook.manage`, through the domain's `can()`: null when allowed, else the problem to answer. */
async function refusedToManage(c: Context<ApiEnv>, service: Service): Promise<RefusalResponse | null> {
  const { viewer, refused } = await viewerFor(c, service);
  if (refused) return refused;
  const permission = await service.viewerCan(viewer, "webhook.manage", { kind: "webhook" });
  return permission.allowed ? null : sendProblem(c, problemFromRefusal(permission.refusal));
}

const notFound = (c: Context<ApiEnv>, id: string) =>
  sendProblem(c, problemOf("NotFound", `There is no webhook ${id} in this workspace.`));

/** Mounts the webhook routes (pass it in `createApp`'s `extensions`). */
export function registerWebhookRoutes(app: OpenAPIHono<ApiEnv>, deps: WebhookRouteDeps): void {
  const { service, db } = deps;
  const now = deps.now ?? (() => new Date());
  const base = "/api/workspaces/{workspaceId}/webhooks";

  app.openapi(
    createRoute({
      method: "post",
      path: base,
      tags: ["webhooks"],
      operationId: "createWebhook",
      summary:
        "Subscribes a URL to the workspace's events; the signing secret is in the answer, and only there",
      request: {
        params: WorkspaceParam,
        body: { required: true, content: { "application/json": { schema: WebhookCreateSchema } } },
      },
      responses: {
        201: json(WebhookCreatedSchema, "The subscription, with its secret"),
        ...problems(400, 401, 403, 404, 415, 422, ...REFUSAL_STATUSES),
      },
    }),
    async (c) => {
      const denied = await refusedToManage(c, service);
      if (denied) return denied;
      const input = c.req.valid("json");
      const acting = c.get("acting");
      // Checked again before every delivery (the name may resolve elsewhere by then); a name that does not
      // resolve yet is accepted and its deliveries wait for it.
      const vetted = await vetTarget(input.url, deps.targets ?? DEFAULT_TARGETS);
      if (!vetted.ok && !vetted.unresolved)
        return sendProblem(
          c,
          problemOf("InvalidInput", `The webhook URL is refused: ${vetted.reason}.`, {
            field: "url",
            errors: [{ path: "url", message: vetted.reason }],
          }),
        );
      const secret = newWebhookSecret();
      const owner = { workspaceId: acting.workspaceId, id: randomUUID() };
      const created = await createWebhookSubscription(db, {
        ...owner,
        url: input.url,
        eventTypes: [...new Set(input.events)],
        description: input.description ?? null,
        secret: deps.secrets.seal(secret, owner),
        createdBy: acting.memberId,
      });
      c.header("Location", `/api/workspaces/${acting.workspaceId}/webhooks/${created.id}`);
      return c.json({ ...show(created), secret }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags: ["webhooks"],
      operationId: "listWebhooks",
      summary: "The workspace's webhook subscriptions (secrets are never shown again)",
      request: { params: WorkspaceParam },
      responses: {
        200: json(z.object({ items: z.array(WebhookSchema) }).meta({ id: "WebhookList" }), "Subscriptions"),
        ...problems(401, 403, 404, ...REFUSAL_STATUSES),
      },
    }),
    async (c) => {
      const denied = await refusedToManage(c, service);
      if (denied) return denied;
      const items = await listWebhookSubscriptions(db, c.get("acting").workspaceId);
      return c.json({ items: items.map(show) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/{id}`,
      tags: ["webhooks"],
      operationId: "deleteWebhook",
      summary: "Stops a subscription; its pending deliveries are cancelled, its history stays readable",
      request: { params: WorkspaceParam.extend({ id: IdParam }) },
      responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404, ...REFUSAL_STATUSES) },
    }),
    async (c) => {
      const denied = await refusedToManage(c, service);
      if (denied) return denied;
      const id = c.req.param("id");
      const deleted = await deleteWebhookSubscription(db, c.get("acting").workspaceId, id, now());
      return deleted ? c.body(null, 204) : notFound(c, id);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{id}/deliveries`,
      tags: ["webhooks"],
      operationId: "listWebhookDeliveries",
      summary: "A subscription's deliveries, newest event first, each with its attempts",
      request: { params: WorkspaceParam.extend({ id: IdParam }), query: DeliveriesQuery },
      responses: {
        200: json(
          z
            .object({ items: z.array(DeliverySchema), nextCursor: z.string().nullable() })
            .meta({ id: "WebhookDeliveryList" }),
          "Deliveries",
        ),
        ...problems(400, 401, 403, 404, ...REFUSAL_STATUSES),
      },
    }),
    async (c) => {
      const denied = await refusedToManage(c, service);
      if (denied) return denied;
      const query = c.req.valid("query");
      const workspaceId = c.get("acting").workspaceId;
      const id = c.req.param("id");
      if (!(await findWebhookSubscription(db, workspaceId, id))) return notFound(c, id);
      const rows = await listWebhookDeliveries(db, workspaceId, id, {
        limit: query.limit + 1,
        ...(query.cursor ? { beforeSeq: Number(query.cursor) } : {}),
        ...(query.status ? { status: query.status } : {}),
      });
      const page = rows.slice(0, query.limit);
      return c.json(
        {
          items: page.map((d) => ({
            id: d.id,
            eventId: `evt_${d.eventSeq}`,
            eventType: d.eventType,
            streamId: d.streamId,
            version: d.eventVersion,
            status: d.status,
            attempts: d.attempts,
            attemptLog: [...d.attemptLog],
            nextAttemptAt: d.nextAttemptAt,
            createdAt: d.createdAt,
            finishedAt: d.finishedAt,
          })),
          nextCursor: rows.length > query.limit ? String(page.at(-1)!.eventSeq) : null,
        },
        200,
      );
    },
  );
}
