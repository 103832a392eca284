// Operations on a whole workspace that are not one record's command:
//   POST /api/workspaces/{workspaceId}/sweep    the time-driven rules due now (or at `at`), as the service's sweep
//   POST /api/workspaces/{workspaceId}/imports  up to 10,000 import rows, as the service's importRows
// The CLI's `--api` mode calls both; so can any script.
import {
  type Action,
  can,
  IMPORT_ROW_KINDS,
  type ImportRowKind,
  sweepMomentRefusal,
  type Timestamp,
  TimestampSchema,
} from "@accountable/domain";
import {
  describeIssues,
  ImportOptionsSchema,
  ImportSummarySchema,
  type Service,
  SparedDealSchema,
  StaleDealSchema,
} from "@accountable/service";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import { viewerFor } from "../acting.ts";
import type { ApiEnv } from "../env.ts";
import { problemFromRefusal, problemOf, sendProblem } from "../problem.ts";
import { problems, REFUSAL_STATUSES, WorkspaceParam } from "./shared.ts";

/** The most rows one request may carry; a larger file is sent in several requests with the same `source`. */
export const MAX_IMPORT_ROWS = 10_000;

const Refusal = z
  .object({ _tag: z.string(), message: z.string() })
  .catchall(z.unknown())
  .meta({ id: "Refusal", description: "A refusal of the service: its tag, a sentence, and its facts." });

const FollowUpOutcome = z
  .object({ ok: z.boolean(), policy: z.string().optional() })
  .catchall(z.unknown())
  .meta({ description: "A follow-up the domain called for (a renewal deal, an onboarding task…)." });

const SweepCommand = z.object({ type: z.string() }).catchall(z.unknown());

const SweepRuleOutcomeSchema = z
  .object({
    candidates: z
      .int()
      .meta({ description: "Rows the pre-selection returned; the domain decides which are due." }),
    applied: z.array(
      z.object({
        aggregate: z.string(),
        id: z.string(),
        command: SweepCommand,
        because: z.string(),
        version: z.int(),
        followUps: z.array(FollowUpOutcome),
      }),
    ),
    refused: z.array(
      z.object({
        aggregate: z.string(),
        id: z.string(),
        command: SweepCommand,
        because: z.string(),
        refusal: Refusal,
      }),
    ),
  })
  .meta({ id: "SweepRuleOutcome" });

export const SweepSummarySchema = z
  .object({
    workspaceId: z.string(),
    now: z.string().meta({ format: "date-time" }),
    today: z
      .string()
      .meta({ format: "date", description: "The day (UTC) date-driven rules were judged on." }),
    retainers: SweepRuleOutcomeSchema,
    contracts: SweepRuleOutcomeSchema,
    invoices: SweepRuleOutcomeSchema,
    escalations: SweepRuleOutcomeSchema,
    rotting: z.object({
      candidates: z.int(),
      stale: z.array(StaleDealSchema),
      spared: z.array(SparedDealSchema),
    }),
  })
  .meta({ id: "SweepSummary" });

const SweepBodySchema = z
  .strictObject({
    at: (TimestampSchema as unknown as z.ZodString).optional().meta({
      description:
        "Sweep as of this moment (UTC, ISO 8601) instead of now; at most 366 days ahead (SWEEP_HORIZON_DAYS).",
      example: "2026-12-01T00:00:00.000Z",
    }),
  })
  .meta({ id: "SweepRequest" });

const ImportKindSchema = z.enum(IMPORT_ROW_KINDS);

// The request is the service's import options (one schema: an option added there is taken here) and the rows;
// the answer is the service's summary, as the local import gives it.
const ImportBodySchema = ImportOptionsSchema.extend({
  kind: ImportKindSchema.optional().meta({
    description: "The kind of every row that does not say its own (`kind` field); omit when each row says.",
  }),
  rows: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_IMPORT_ROWS).meta({
    description: "The rows: the import's field names, values as text (see the import's columns).",
  }),
  source: ImportOptionsSchema.shape.source.optional().meta({
    description:
      'Where the rows come from ("salesforce"); importing the same source again skips what it imported. Default "api".',
  }),
  batchSize: z.int().min(1).max(MAX_IMPORT_ROWS).optional().meta({
    description: "Rows per transaction (default 5,000): a batch is written whole or not at all.",
  }),
}).meta({ id: "ImportRequest" });

/** What creating each kind of row takes. */
const CREATE_ACTION: Readonly<Record<ImportRowKind, Action>> = {
  account: "account.create",
  contact: "contact.write",
  opportunity: "opportunity.create",
  member: "member.invite",
};

export function registerOperationRoutes(app: OpenAPIHono<ApiEnv>, service: Service): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/workspaces/{workspaceId}/sweep",
      tags: ["operations"],
      summary:
        "Apply the time-driven rules due now: contracts, notice windows, renewals, overdue invoices, SLAs",
      description:
        "Runs each due command as the workspace's own policy (the system actor) and lists the stale deals. Running it twice at the same moment changes nothing the second time. Admins only (`settings.write`).",
      operationId: "sweep",
      request: {
        params: WorkspaceParam,
        body: { required: false, content: { "application/json": { schema: SweepBodySchema } } },
      },
      responses: {
        200: {
          description: "What the sweep did",
          content: { "application/json": { schema: SweepSummarySchema } },
        },
        ...problems(400, 401, 403, 404, 415, 422, ...REFUSAL_STATUSES),
      },
    }),
    (async (c: Context<ApiEnv>) => {
      const { viewer, refused } = await viewerFor(c, service);
      if (refused) return refused;
      const permission = can(viewer.actor, "settings.write", { kind: "settings" });
      if (!permission.allowed) return sendProblem(c, problemFromRefusal(permission.refusal));
      const raw = await c.req.text();
      let body: unknown = {};
      if (raw.trim() !== "") {
        try {
          body = JSON.parse(raw);
        } catch {
          return sendProblem(c, problemOf("MalformedRequest", "The body is not JSON."));
        }
      }
      const parsed = SweepBodySchema.safeParse(body ?? {});
      if (!parsed.success) {
        const errors = describeIssues(parsed.error);
        return sendProblem(
          c,
          problemOf(
            "InvalidCommand",
            `The body is not valid: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}.`,
            { errors },
          ),
        );
      }
      const at = parsed.data.at as Timestamp | undefined;
      const tooFar = at && sweepMomentRefusal(at, new Date().toISOString() as Timestamp);
      if (tooFar) return sendProblem(c, problemFromRefusal(tooFar));
      const summary = await service.sweep(c.get("acting").workspaceId, at);
      return c.json(summary as unknown as Record<string, unknown>);
    }) as never,
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/workspaces/{workspaceId}/imports",
      tags: ["operations"],
      summary:
        "Import accounts, contacts and deals: every row ends imported, rejected (with reasons) or skipped",
      description: `Each row goes through the same domain rules as a command, as the caller; accounts named by a contact or deal row are matched by name or created. At most ${MAX_IMPORT_ROWS.toLocaleString("en")} rows (and the body limit) per request: send a larger file in parts with the same \`source\` and each part's \`firstRow\`. Sending the same rows again skips them.`,
      operationId: "importRows",
      request: {
        params: WorkspaceParam,
        body: { required: true, content: { "application/json": { schema: ImportBodySchema } } },
      },
      responses: {
        200: { description: "The summary", content: { "application/json": { schema: ImportSummarySchema } } },
        ...problems(400, 401, 403, 404, 413, 415, 422, ...REFUSAL_STATUSES),
      },
    }),
    async (c) => {
      const { viewer, refused } = await viewerFor(c, service);
      if (refused) return refused;
      const body = c.req.valid("json");
      const rows = body.kind
        ? body.rows.map((r) => ("kind" in r ? r : { kind: body.kind, ...r }))
        : body.rows;
      // A role that may never create a kind of row is refused up front, not row by row; whether it may create
      // each one (its own accounts, its team's) is then judged per row by the service.
      const kinds = new Set(
        rows
          .map((r) => r.kind)
          .filter((k): k is ImportRowKind => (IMPORT_ROW_KINDS as readonly unknown[]).includes(k)),
      );
      // Creating owners creates members: whoever may not add members is refused that up front too.
      if (body.createOwners) kinds.add("member");
      const me = viewer.actor.memberId;
      for (const kind of kinds) {
        const permission = can(viewer.actor, CREATE_ACTION[kind], {
          kind,
          ownerId: me as never,
          accountOwnerId: me as never,
        });
        if (!permission.allowed) return sendProblem(c, problemFromRefusal(permission.refusal));
      }
      const acting = c.get("acting");
      const { kind: _kind, rows: _rows, source, ...options } = body;
      const result = await service.importRows(acting.workspaceId, acting.memberId, rows, {
        ...options,
        source: source ?? "api",
      });
      if (!result.ok) return sendProblem(c, problemFromRefusal(result.error));
      return c.json(result.value, 200);
    },
  );
}
