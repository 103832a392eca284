// Every command of every aggregate, as a POST generated from the domain's command schemas:
//   POST /api/workspaces/{workspaceId}/{collection}                 a creation command (CreateOpportunity, …)
//   POST /api/workspaces/{workspaceId}/{collection}/{id}/{command}  any other, e.g. …/opportunities/{id}/move-stage
//   POST /api/workspaces/{workspaceId}/{command}                    the workspace's own (rename, update-settings)
// The body is the command without its `type`; `If-Match: "<version>"` refuses the command (409) if the record
// has moved on; `?dryRun=true` decides and answers the events without writing anything.
import { randomUUID } from "node:crypto";
import {
  type Actor,
  commandPath,
  type MaskFor,
  type MoneyGuard,
  masked,
  maskedForRole,
  mayEverSee,
  maySeeClientFigures,
  moneyRuleOf,
  redact,
} from "@accountable/domain";
import {
  type AggregateType,
  type Executed,
  parseCommand,
  REGISTRY,
  type Service,
} from "@accountable/service";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import { viewerFor } from "../acting.ts";
import type { ApiEnv, KeptAnswer } from "../env.ts";
import { problemFromRefusal, problemOf, sendProblem } from "../problem.ts";
import { type CommandVariant, commandVariants, RESOURCES } from "../resources.ts";
import { IdParam, problems, viewSchema, WorkspaceParam } from "./shared.ts";

const DryRunQuery = z.object({
  dryRun: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .meta({ description: "Decide and answer the events (or the refusal) without writing anything." }),
});

const CommandHeaders = z.object({
  "if-match": z.string().optional().meta({
    description: 'The version the command was decided on, e.g. "3" (the ETag of the record). Optional.',
  }),
  "idempotency-key": z
    .string()
    .max(255)
    .optional()
    .meta({ description: "Retrying with the same key answers the first response instead of running twice." }),
});

/** What a command answers: the events it recorded, the state after them, and what its follow-ups did. */
function commandResultSchema(aggregate: AggregateType) {
  const r = RESOURCES[aggregate];
  return z
    .object({
      aggregate: z.literal(aggregate),
      id: z.string(),
      version: z
        .number()
        .int()
        .meta({ description: "The record's version after the events; send it as If-Match." }),
      dryRun: z.boolean(),
      // Described as a member reads records (see viewSchema), one name per shape in the document.
      events: z.array(viewSchema(REGISTRY[aggregate].eventSchema as unknown as z.ZodType)),
      state: viewSchema(r.entity),
      followUps: z.array(
        z
          .object({ ok: z.boolean(), policy: z.string().optional() })
          .catchall(z.unknown())
          .meta({ description: "A follow-up the domain called for (a renewal deal, an onboarding task…)." }),
      ),
    })
    .meta({ id: `${aggregate[0]!.toUpperCase()}${aggregate.slice(1)}CommandResult` });
}

/**
 * A command's answer as its actor may read it. A role whose rule never shows a kind's money (`finance.read` or
 * `quota.read` is `never`: assistants, planners, project managers, viewers) gets it masked, as on every read — a
 * project manager marking a milestone done reads no contract value, nor the invoice it drafts. A role whose rule
 * reaches some records was just permitted this command on this very record, and in the matrix its money rule
 * reaches as far as its writing rules (own or team), so it gets the answer whole. A brief's budgets are the
 * client's figures, shown with the brief to a role that works on briefs or sees money somewhere, masked from the
 * others (the viewer).
 */
export function answerAsReadBy(
  actor: Pick<Actor, "role"> | undefined,
  aggregate: AggregateType,
  executed: Executed,
): Executed {
  const rule = moneyRuleOf(REGISTRY[aggregate].resourceKind);
  // A brief's budgets (the client's figures) are shown whole or masked whole, by the role (see maySeeClientFigures).
  const client = rule.by === "client";
  const guard: MoneyGuard = client ? "finance.read" : rule.guard;
  if (
    actor &&
    (client
      ? maySeeClientFigures(actor)
      : mayEverSee(actor, "finance.read") && mayEverSee(actor, "quota.read"))
  )
    return executed;
  const hide: MaskFor = (g) =>
    actor === undefined
      ? masked(g, "Your membership could not be read.")
      : !client && mayEverSee(actor, g)
        ? null
        : maskedForRole(actor, g);
  const eventSchema = REGISTRY[aggregate].eventSchema as unknown as z.ZodType<{ readonly type: string }>;
  return {
    ...executed,
    events: executed.events.map((e) => redact(eventSchema, e, guard, hide)),
    state: redact(RESOURCES[aggregate].entity, executed.state, guard, hide),
    // Follow-ups carry what they made (a renewal deal, a milestone's invoice): money recognised by its shape.
    followUps: redact(z.unknown(), executed.followUps, guard, hide) as Executed["followUps"],
  };
}

/** `"3"`, `W/"3"` or `3` → 3; `*` or nothing → undefined; anything else → null (a 400). */
export function versionFromIfMatch(header: string | undefined): number | undefined | null {
  if (header === undefined || header.trim() === "*") return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  return m ? Number(m[1]) : null;
}

interface RouteSpec {
  readonly aggregate: AggregateType;
  readonly path: string;
  readonly variants: readonly CommandVariant[];
  /** For a creation: the field naming the new id (filled with a UUID when the body leaves it out). */
  readonly createdIdField: string | null;
}

function bodySchema(spec: RouteSpec) {
  const bodies = spec.variants.map((v, i) => {
    const shape = v.schema.shape as Record<string, z.ZodType>;
    let body = v.schema.omit({ type: true } as never) as z.ZodObject;
    if (spec.createdIdField && shape[spec.createdIdField])
      body = body.extend({ [spec.createdIdField]: (shape[spec.createdIdField] as z.ZodType).optional() });
    // Several commands on one route (an activity is logged or planned; a deal is opened or imported): the first
    // is the default, the others are picked by `type`.
    return body.extend({ type: i === 0 ? z.literal(v.type).optional() : z.literal(v.type) });
  });
  return bodies.length === 1 ? bodies[0]! : z.union(bodies as unknown as [z.ZodObject, z.ZodObject]);
}

function summaryOf(spec: RouteSpec): string {
  const names = spec.variants.map((v) => v.type).join(" or ");
  return spec.createdIdField ? `${names} (creates)` : names;
}

/** Registers every command route of every aggregate on the app. */
export function registerCommandRoutes(app: OpenAPIHono<ApiEnv>, service: Service): void {
  for (const aggregate of Object.keys(RESOURCES) as AggregateType[]) {
    const resource = RESOURCES[aggregate];
    const creates = resource.creates as Readonly<Record<string, string>>;
    const variants = commandVariants(aggregate);
    const order = Object.keys(creates);
    const creation = variants
      .filter((v) => v.type in creates)
      .sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
    const others = variants.filter((v) => !(v.type in creates));
    const base = "/api/workspaces/{workspaceId}";
    const specs: RouteSpec[] = [];
    // Creating a workspace has a route of its own (sign-up); every other path is the domain's commandPath.
    const creationPath = creation.length > 0 ? commandPath(aggregate, creation[0]!.type) : null;
    if (creationPath !== null)
      specs.push({
        aggregate,
        path: `${base}/${creationPath}`,
        variants: creation,
        createdIdField: creates[creation[0]!.type]!,
      });
    for (const v of others)
      specs.push({
        aggregate,
        path: `${base}/${commandPath(aggregate, v.type)}`,
        variants: [v],
        createdIdField: null,
      });
    for (const spec of specs) register(app, service, spec);
  }
}

function register(app: OpenAPIHono<ApiEnv>, service: Service, spec: RouteSpec): void {
  const { aggregate, createdIdField } = spec;
  const hasId = spec.path.includes("{id}");
  const result = commandResultSchema(aggregate);
  const route = createRoute({
    method: "post",
    path: spec.path,
    tags: [RESOURCES[aggregate].collection ?? "workspace"],
    summary: summaryOf(spec),
    operationId: `${aggregate}${spec.variants.length > 1 ? "Create" : spec.variants[0]!.type}`,
    request: {
      params: hasId ? WorkspaceParam.extend({ id: IdParam }) : WorkspaceParam,
      query: DryRunQuery,
      headers: CommandHeaders,
      body: {
        content: { "application/json": { schema: bodySchema(spec) } },
        required: Object.keys(spec.variants[0]!.schema.shape).length > 1 || createdIdField !== null,
      },
    },
    responses: {
      ...(createdIdField
        ? { 201: { description: "Created", content: { "application/json": { schema: result } } } }
        : {}),
      200: {
        description: createdIdField
          ? "Dry run: what would be created"
          : "Done (or, on a dry run, what would be done)",
        content: { "application/json": { schema: result } },
      },
      ...problems(400, 401, 403, 404, 409, 413, 415, 422, 429),
    },
  });

  app.openapi(route, (async (c: Context<ApiEnv>) => {
    const acting = c.get("acting");
    const params = c.req.param() as { id?: string };
    const body = ((await c.req.json().catch(() => ({}))) ?? {}) as Record<string, unknown>;
    const expectedVersion = versionFromIfMatch(c.req.header("if-match"));
    if (expectedVersion === null)
      return sendProblem(
        c,
        problemOf(
          "BadIfMatch",
          `If-Match must name a version, such as "3"; got ${c.req.header("if-match")}.`,
        ),
      );

    const type = (body.type as string | undefined) ?? spec.variants[0]!.type;
    const command: Record<string, unknown> = { ...body, type };
    let id: string;
    if (createdIdField) {
      id = (command[createdIdField] as string | undefined) ?? randomUUID();
      command[createdIdField] = id;
    } else id = hasId ? params.id! : acting.workspaceId;

    const parsed = parseCommand(aggregate, command);
    if (!parsed.ok) return sendProblem(c, problemFromRefusal(parsed.error));
    const dryRun = c.req.query("dryRun") === "true" || c.req.query("dryRun") === "1";
    // The actor's role, for the money its answer may show (execute refuses a member who is gone on its own).
    const actor = (await viewerFor(c, service)).viewer?.actor;
    const reason = typeof body.reason === "string" ? body.reason : null;
    const created = createdIdField !== null && !dryRun;
    const answerOf = (executed: Executed): KeptAnswer => ({
      status: created ? 201 : 200,
      headers: {
        "content-type": "application/json",
        etag: `"${executed.version}"`,
        ...(created ? { location: `${c.req.path}/${encodeURIComponent(id)}` } : {}),
      },
      body: JSON.stringify(answerAsReadBy(actor, aggregate, executed)),
    });
    // With an Idempotency-Key, the answer is kept in the command's own transaction: written with its events or
    // not at all, so a retry after a crash never runs it twice.
    const keyed = dryRun ? undefined : c.get("idempotency");
    const outcome = await service.execute(
      acting.workspaceId,
      { aggregate, id, command: parsed.value, expectedVersion },
      acting.memberId,
      {
        dryRun,
        reason,
        ...(keyed ? { beforeCommit: (tx, executed) => keyed.keepWithin(tx, answerOf(executed)) } : {}),
      },
    );
    if (!outcome.ok) {
      const refusal = outcome.error;
      const headers: Record<string, string> =
        refusal._tag === "StaleVersion" ? { ETag: `"${refusal.currentVersion}"` } : {};
      return sendProblem(c, problemFromRefusal(refusal), headers);
    }
    const answer = answerOf(outcome.value);
    return c.body(answer.body, answer.status as 200 | 201, answer.headers);
  }) as never);
}
