import { DATE_RANGE, isInDateRange, type Timestamp } from "@accountable/domain";
import {
  type AggregateType,
  CSV_FORMATS,
  type CsvFormat,
  csvExport,
  ExportRefused,
  exportColumns,
  LIST_OPTIONS_SCHEMAS,
  type ListName,
  type Service,
} from "@accountable/service";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { stream } from "hono/streaming";
import { z } from "zod";
import { readerFor } from "../acting.ts";
import type { ApiEnv } from "../env.ts";
import { problemFromRefusal, sendProblem } from "../problem.ts";
import { RESOURCES } from "../resources.ts";
import {
  IdParam,
  jsonTextWithEtag,
  jsonWithEtag,
  type NotModified,
  notModified,
  problems,
  REFUSAL_STATUSES,
  viewSchema,
  WorkspaceParam,
} from "./shared.ts";

const pascal = (s: string) => s[0]!.toUpperCase() + s.slice(1);

const AsOfQuery = z.object({
  asOf: z
    .string()
    .datetime({ offset: true })
    .refine(isInDateRange, `must fall in the years ${DATE_RANGE.firstYear} to ${DATE_RANGE.lastYear}`)
    .optional()
    .meta({ description: "Show the record as it stood at this moment (ISO 8601)." }),
});

const StoredEventSchema = z
  .object({
    version: z.number().int(),
    type: z.string(),
    at: z.string(),
    actorId: z.string(),
    reason: z.string().nullable(),
    payload: z.unknown().meta({
      description:
        "The event as recorded; money your role may not see is the Masked shape in place of `{ amount, currency }`.",
    }),
    recordedAt: z.string(),
  })
  .meta({ id: "HistoryEvent" });

export function registerReadRoutes(app: OpenAPIHono<ApiEnv>, service: Service): void {
  for (const aggregate of Object.keys(RESOURCES) as AggregateType[]) {
    const resource = RESOURCES[aggregate];
    const name = resource.collection;
    const tag = name ?? "workspace";
    const recordPath = name ? `/api/workspaces/{workspaceId}/${name}/{id}` : "/api/workspaces/{workspaceId}";
    const Record = z
      .object({
        aggregate: z.literal(aggregate),
        id: z.string(),
        version: z.number().int(),
        // Money the member may not see is masked (the service's reader): each money field is `Money | Masked`.
        state: viewSchema(resource.entity),
      })
      .meta({ id: `${pascal(aggregate)}Record` });

    if (name) {
      registerList(app, service, aggregate, name);
      registerExport(app, service, name);
    }

    app.openapi(
      createRoute({
        method: "get",
        path: recordPath,
        tags: [tag],
        summary: `One ${aggregate}, with its version (also its ETag)`,
        operationId: `get${pascal(aggregate)}`,
        request: { params: name ? WorkspaceParam.extend({ id: IdParam }) : WorkspaceParam, query: AsOfQuery },
        responses: {
          200: { description: "The record", content: { "application/json": { schema: Record } } },
          304: { description: "Not modified since the ETag sent in If-None-Match" },
          ...problems(400, 401, 403, 404, ...REFUSAL_STATUSES),
        },
      }),
      async (c) => {
        const { reader, refused } = await readerFor(c, service);
        if (refused) return refused;
        const id = name ? c.req.param("id")! : c.get("acting").workspaceId;
        const asOf = c.req.query("asOf") as Timestamp | undefined;
        const found = await reader.record(aggregate, id, asOf);
        if (!found.ok) return sendProblem(c, problemFromRefusal(found.error));
        const { state, version } = found.value;
        const etag = `"${version}"`;
        c.header("ETag", etag);
        c.header("Cache-Control", "private, no-cache");
        if (!asOf && c.req.header("if-none-match") === etag)
          return c.body(null, 304) as Response as NotModified;
        return c.json({ aggregate, id, version, state }, 200);
      },
    );

    app.openapi(
      createRoute({
        method: "get",
        path: `${recordPath}/history`,
        tags: [tag],
        summary: `The ${aggregate}'s events, oldest first: what happened, when, by whom and why`,
        operationId: `get${pascal(aggregate)}History`,
        request: { params: name ? WorkspaceParam.extend({ id: IdParam }) : WorkspaceParam, query: AsOfQuery },
        responses: {
          200: {
            description: "The events",
            content: { "application/json": { schema: z.object({ items: z.array(StoredEventSchema) }) } },
          },
          ...notModified,
          ...problems(400, 401, 403, 404, ...REFUSAL_STATUSES),
        },
      }),
      async (c) => {
        const { reader, refused } = await readerFor(c, service);
        if (refused) return refused;
        const id = name ? c.req.param("id")! : c.get("acting").workspaceId;
        const found = await reader.history(aggregate, id, c.req.query("asOf") as Timestamp | undefined);
        if (!found.ok) return sendProblem(c, problemFromRefusal(found.error));
        return jsonWithEtag(c, { items: found.value });
      },
    );
  }
}

const VersionField = {
  version: z
    .number()
    .int()
    .meta({ description: "The record's version (also its ETag): send it as If-Match with a command on it." }),
};

/**
 * What a list's item is: the record as the member reads it (see viewSchema) and its version, declared once here
 * for every list. (A union of record shapes — a deal open, won or lost — gains the field in each.)
 */
export function itemSchema(aggregate: AggregateType): z.ZodType {
  const view = viewSchema(RESOURCES[aggregate].entity) as unknown as z.ZodType;
  const withVersion = (s: z.ZodType): z.ZodType => {
    if (s instanceof z.ZodObject) return s.extend(VersionField);
    if (s instanceof z.ZodDiscriminatedUnion)
      return z.discriminatedUnion(
        s.def.discriminator,
        s.options.map((o) => withVersion(o as z.ZodType)) as unknown as [z.ZodObject, ...z.ZodObject[]],
      );
    throw new Error(`${aggregate}: a list item must be an object or a union of objects`);
  };
  return withVersion(view).meta({ id: `${pascal(aggregate)}Item` });
}

function registerList(app: OpenAPIHono<ApiEnv>, service: Service, aggregate: AggregateType, name: ListName) {
  const PageSchema = z
    .object({
      items: z.array(itemSchema(aggregate)),
      nextCursor: z
        .string()
        .nullable()
        .meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
    })
    .meta({ id: `${pascal(name)}Page` });
  app.openapi(
    createRoute({
      method: "get",
      path: `/api/workspaces/{workspaceId}/${name}`,
      tags: [name],
      summary: `A page of ${name}: filters, one sort column, keyset cursor`,
      description:
        "Several values of a filter are given as a repeated parameter or comma-separated. A page holds only the records your role lets you read, so it may hold fewer than `limit`; follow `nextCursor` until it is null.",
      operationId: `list${pascal(name)}`,
      request: {
        params: WorkspaceParam,
        query: LIST_OPTIONS_SCHEMAS[name] as unknown as z.ZodObject,
      },
      responses: {
        200: { description: "One page", content: { "application/json": { schema: PageSchema } } },
        ...notModified,
        ...problems(400, 401, 403, ...REFUSAL_STATUSES),
      },
    }),
    (async (c: Context<ApiEnv>) => {
      const { reader, refused } = await readerFor(c, service);
      if (refused) return refused;
      // The query string was validated by this route with the list's own options schema: its output is passed
      // on as parsed, not parsed a second time by the service.
      // The page comes as JSON text: a member who reads every row gets the rows as PostgreSQL wrote them.
      const page = await reader.listJson(name, c.req.valid("query" as never), { parsed: true });
      if (!page.ok) return sendProblem(c, { ...problemFromRefusal(page.error), status: 400 });
      return jsonTextWithEtag(c, page.value);
    }) as never,
  );
}

/** The statuses a list's `status` filter takes (its enum), or undefined for a list without one. */
function statusesOf(options: z.ZodObject): readonly string[] | undefined {
  let s: unknown = options.shape.status;
  for (;;) {
    if (s instanceof z.ZodEnum) return s.options.map(String);
    if (s instanceof z.ZodOptional) s = s.unwrap();
    else if (s instanceof z.ZodPipe) s = s.out;
    else if (s instanceof z.ZodArray) s = s.element;
    else return undefined;
  }
}

/**
 * The filters of each group of an export asked with `first`: the statuses named first (among those the `status`
 * filter asks, or all), then the others; one group, the filters as they are, without `first`.
 */
export function statusGroups(
  filters: Readonly<Record<string, unknown>>,
  first: readonly string[] | undefined,
  statuses: readonly string[],
): Record<string, unknown>[] {
  if (first === undefined) return [{ ...filters }];
  const asked = Array.isArray(filters.status) ? (filters.status as string[]) : statuses;
  const firstOnes = asked.filter((st) => first.includes(st));
  const rest = asked.filter((st) => !first.includes(st));
  return [firstOnes, rest].filter((g) => g.length > 0).map((status) => ({ ...filters, status }));
}

/** Several exports as one file: the first one's chunks, then each other's without its header line. */
async function* inTurn(
  exports: readonly AsyncGenerator<{ text: string }>[],
): AsyncGenerator<{ text: string }> {
  for (const [i, chunks] of exports.entries()) {
    let header = true;
    for await (const chunk of chunks) {
      // csvExport yields its header line alone, first.
      if (header && i > 0) {
        header = false;
        continue;
      }
      header = false;
      yield chunk;
    }
  }
}

/**
 * `GET …/{list}.csv`: every row of the list the member may read, filtered and sorted as the list route is, as
 * the CSV `accountable export <list>` writes (the service's csvExport: the same columns, cells and masking),
 * streamed a page at a time as the pages are read. Nothing matching is the header line alone. Readable by
 * default (names beside ids, days, money and its currency); `?format=import` is the file `accountable import`
 * reads back (`accountable export --format import`).
 */
function registerExport(app: OpenAPIHono<ApiEnv>, service: Service, name: ListName) {
  const listOptions = LIST_OPTIONS_SCHEMAS[name] as unknown as z.ZodObject;
  const statuses = statusesOf(listOptions);
  const options = listOptions.omit({ limit: true, cursor: true }).extend({
    format: z.enum(CSV_FORMATS).optional().meta({
      description:
        "readable (the default): names beside ids, days, money as numbers with a currency column, no JSON; import: the columns `accountable import` reads back (ids, JSON cells, ISO moments)",
    }),
    // The order a list page shows (open tasks first, then the rest, each by the sort), streamed by the server:
    // the web joined one file per status group in the browser.
    ...(statuses
      ? {
          first: (listOptions.shape.status as z.ZodType).meta({
            description:
              "Statuses whose rows come first, then the other statuses (of `status`, or all), each group in the sort asked: the order the web's list page shows",
          }),
        }
      : {}),
  });
  app.openapi(
    createRoute({
      method: "get",
      path: `/api/workspaces/{workspaceId}/${name}.csv`,
      tags: [name],
      summary: `Every one of the ${name} the filters select, as CSV (what \`accountable export ${name}\` writes)`,
      description: `The list route's filters and sort, without \`limit\` and \`cursor\`: every row is written, a page at a time. Columns: ${exportColumns(name).join(", ")} (with \`format=import\`: ${exportColumns(name, "import").join(", ")}). Money your role may not see reads \`masked\`. Nothing matching is the header line alone.`,
      operationId: `export${pascal(name)}`,
      request: { params: WorkspaceParam, query: options },
      responses: {
        200: {
          description: "The rows as CSV (a download)",
          content: { "text/csv": { schema: z.string() } },
        },
        ...problems(400, 401, 403, ...REFUSAL_STATUSES),
      },
    }),
    (async (c: Context<ApiEnv>) => {
      const { reader, refused } = await readerFor(c, service);
      if (refused) return refused;
      const {
        format,
        first: firstStatuses,
        ...filters
      } = c.req.valid("query" as never) as {
        format?: CsvFormat;
        first?: readonly string[];
      } & Record<string, unknown>;
      const how = {
        format: format ?? "readable",
        pipelines: reader.viewer.scope.settings.pipelines,
      } as const;
      const chunks = inTurn(
        statusGroups(filters, firstStatuses, statuses ?? []).map((group) =>
          csvExport(reader, name, group, how),
        ),
      );
      // The first chunk (the header) comes after the first page was read: a refused filter is still a problem.
      let first: IteratorResult<{ text: string }>;
      try {
        first = await chunks.next();
      } catch (e) {
        if (e instanceof ExportRefused)
          return sendProblem(c, { ...problemFromRefusal(e.refusal), status: 400 });
        throw e;
      }
      c.header("Content-Type", "text/csv; charset=utf-8");
      c.header("Content-Disposition", `attachment; filename="${name}.csv"`);
      c.header("Cache-Control", "private, no-store");
      return stream(c, async (out) => {
        if (!first.done) await out.write(first.value.text);
        for await (const chunk of chunks) {
          if (out.aborted) break;
          await out.write(chunk.text);
        }
      });
    }) as never,
  );
}
