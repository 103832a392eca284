// Adding to a target list the accounts its criteria match (the service's `targets.addMatching`):
//   GET  /api/workspaces/{workspaceId}/targets/{id}/add-matching   the accounts it would add (a dry run: nothing written)
//   POST /api/workspaces/{workspaceId}/targets/{id}/add-matching   adds them (AddTargets, source "criteria")
// and importing accounts named by name or id (the service's `targets.importAccounts`):
//   POST /api/workspaces/{workspaceId}/targets/{id}/import         rows of names/ids as JSON, or CSV text and its column
// All need the list to be the member's to read (else 404) and `target.write` on it (else 403), as its commands do;
// the commands themselves run through the one command path, which judges them again.
import {
  AddMatchingSchema,
  accountColumnIndex,
  type Service,
  TargetImportSchema,
} from "@accountable/service";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { type CsvError, parse } from "csv-parse/sync";
import { z } from "zod";
import type { ApiEnv } from "../env.ts";
import { problemFromRefusal, problemOf, sendProblem } from "../problem.ts";
import { MAX_IMPORT_ROWS } from "./operations.ts";
import { IdParam, problems, REFUSAL_STATUSES, WorkspaceParam } from "./shared.ts";

const TargetImportBodySchema = z
  .strictObject({
    rows: z.array(z.string().max(500)).max(MAX_IMPORT_ROWS).optional().meta({
      description:
        "The accounts, one per row: a name (accents, case and spacing aside) or an id. Give rows or csv.",
    }),
    csv: z.string().min(1).max(5_000_000).optional().meta({
      description:
        "CSV text with a header row (`,` `;` or tab separated); the accounts are in `column`, else the first column called Account, Account name, Account id, Company, Client, Organization or Name. Give rows or csv.",
    }),
    column: z.string().min(1).max(200).optional().meta({
      description: "With csv: the header of the column naming the accounts (case aside).",
    }),
    firstRow: z.int().min(1).optional().meta({
      description:
        "With rows: the number the first row is reported under (default 1; a CSV's rows start at 2).",
    }),
    dryRun: z.boolean().optional().meta({ description: "Say what would happen; write nothing." }),
  })
  .refine((b) => (b.rows === undefined) !== (b.csv === undefined), {
    message: "give the accounts either as rows or as csv, not both or neither",
  })
  .refine((b) => b.csv !== undefined || b.column === undefined, {
    message: "column goes with csv",
    path: ["column"],
  })
  .refine((b) => b.rows !== undefined || b.firstRow === undefined, {
    message: "firstRow goes with rows (a CSV's rows are numbered from its header, row 1)",
    path: ["firstRow"],
  })
  .meta({ id: "TargetImportRequest" });

/** The import's outcome, with the CSV's columns and the one read (null when rows were given). */
export const TargetImportAnswerSchema = TargetImportSchema.extend({
  columns: z
    .array(z.string())
    .nullable()
    .meta({ description: "The CSV's header, to choose another column from; null for rows." }),
  column: z
    .string()
    .nullable()
    .meta({ description: "The column the accounts were read from; null for rows." }),
}).meta({ id: "TargetImportResult" });

/** The delimiter of a CSV's first line: the one of , ; tab seen most often outside quotes (`,` if none). */
function delimiterOf(text: string): string {
  const first = text.split(/\r\n|\r|\n/, 1)[0] ?? "";
  let quoted = false;
  const counts: Record<string, number> = { ",": 0, ";": 0, "\t": 0 };
  for (const ch of first) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  const [best, n] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return n > 0 ? best : ",";
}

type CsvRows = { ok: true; header: string[]; at: number; rows: string[] } | { ok: false; detail: string };

function csvRows(text: string, column: string | undefined): CsvRows {
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: delimiterOf(text),
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (e) {
    return { ok: false, detail: `The CSV cannot be read: ${(e as CsvError).message}` };
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, detail: "The CSV is empty: it needs a header row and a row per account." };
  const at = accountColumnIndex(header, column);
  if (at < 0)
    return {
      ok: false,
      detail:
        column === undefined
          ? `The CSV has no column naming the accounts (Account, Company, Name…); its columns: ${header.join(", ")}. Say which with column.`
          : `The CSV has no column "${column}"; its columns: ${header.join(", ")}.`,
    };
  if (body.length > MAX_IMPORT_ROWS)
    return { ok: false, detail: `The CSV has ${body.length} rows; at most ${MAX_IMPORT_ROWS} per request.` };
  return { ok: true, header, at, rows: body.map((cells) => cells[at] ?? "") };
}

export function registerTargetRoutes(app: OpenAPIHono<ApiEnv>, service: Service): void {
  for (const method of ["get", "post"] as const) {
    const dryRun = method === "get";
    app.openapi(
      createRoute({
        method,
        path: "/api/workspaces/{workspaceId}/targets/{id}/add-matching",
        tags: ["targets"],
        summary: dryRun
          ? "The accounts a target list's criteria would add now (nothing is written)"
          : "Add to a target list every account its criteria match (AddTargets, source criteria)",
        description:
          "Matches prospects and former clients (dormant, churned) not on the list whose industry and region are among the list's (case aside) and whose size and revenue are within its ranges. Needs `target.write` on the list.",
        operationId: dryRun ? "previewTargetMatches" : "addTargetMatches",
        request: { params: WorkspaceParam.extend({ id: IdParam }) },
        responses: {
          200: {
            description: dryRun ? "The accounts that would be added" : "The accounts added",
            content: { "application/json": { schema: AddMatchingSchema } },
          },
          ...problems(400, 401, 403, 404, 409, 422, ...REFUSAL_STATUSES),
        },
      }),
      async (c) => {
        const { workspaceId, memberId } = c.get("acting");
        const done = await service.targets.addMatching(workspaceId, memberId, c.req.param("id"), { dryRun });
        if (!done.ok) return sendProblem(c, problemFromRefusal(done.error));
        return c.json(done.value, 200);
      },
    );
  }
}

export function registerTargetImportRoute(app: OpenAPIHono<ApiEnv>, service: Service): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/workspaces/{workspaceId}/targets/{id}/import",
      tags: ["targets"],
      summary:
        "Import accounts into a target list by name or id: every row added, skipped or rejected with why",
      description:
        "Matches each row to one account the caller may read, by id or by name (accents, case and spacing aside), and adds them (AddTargets, source import). A row is skipped when its account is on the list already, named earlier, or a client already (a target list hunts prospects and former clients, as its criteria do; counted in `clients`), rejected when no account or several have that name. Needs `target.write` on the list. With `dryRun`, nothing is written.",
      operationId: "importTargets",
      request: {
        params: WorkspaceParam.extend({ id: IdParam }),
        body: { required: true, content: { "application/json": { schema: TargetImportBodySchema } } },
      },
      responses: {
        200: {
          description: "Each row's outcome",
          content: { "application/json": { schema: TargetImportAnswerSchema } },
        },
        ...problems(400, 401, 403, 404, 409, 413, 415, 422, ...REFUSAL_STATUSES),
      },
    }),
    async (c) => {
      const { workspaceId, memberId } = c.get("acting");
      const body = c.req.valid("json");
      const csv = body.csv === undefined ? undefined : csvRows(body.csv, body.column);
      if (csv && !csv.ok) return sendProblem(c, problemOf("InvalidCommand", csv.detail));
      const done = await service.targets.importAccounts(
        workspaceId,
        memberId,
        c.req.param("id"),
        csv ? csv.rows : (body.rows ?? []),
        { dryRun: body.dryRun === true, firstRow: csv ? 2 : (body.firstRow ?? 1) },
      );
      if (!done.ok) return sendProblem(c, problemFromRefusal(done.error));
      return c.json(
        {
          ...done.value,
          columns: csv ? csv.header : null,
          column: csv ? csv.header[csv.at]! : null,
        },
        200,
      );
    },
  );
}
