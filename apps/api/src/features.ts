// The routes beyond the generated ones that every deployment serves: webhook subscriptions and the calendar feed.
// One list, so the server and the OpenAPI document (packages/client's generator) always agree.
import type { Service } from "@accountable/service";
import type { StoreDatabase } from "@accountable/store";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { registerCalendarRoutes } from "./calendar/routes.ts";
import type { ApiEnv } from "./env.ts";
import { registerWebhookRoutes } from "./webhooks/routes.ts";
import type { SecretBox } from "./webhooks/secret-box.ts";
import type { WebhookTargets } from "./webhooks/targets.ts";

export function standardExtensions(deps: {
  readonly service: Service;
  readonly db: StoreDatabase;
  readonly publicUrl?: string | undefined;
  /** Seals webhook signing secrets (a key derived from AUTH_SECRET). */
  readonly secrets: SecretBox;
  /** Where webhooks may point (WEBHOOK_ALLOWED_HOSTS). */
  readonly targets?: WebhookTargets;
}): ((app: OpenAPIHono<ApiEnv>) => void)[] {
  return [(app) => registerWebhookRoutes(app, deps), (app) => registerCalendarRoutes(app, deps)];
}
