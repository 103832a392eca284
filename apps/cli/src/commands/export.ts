// `accountable export <list>`: every row of a list — filtered like `<aggregate> list` — as CSV, a JSON array or
// JSON lines, paging through the service's keyset list until done and writing each page as it comes (with
// backpressure), so a million rows never sit in memory. The CSV is the service's csvExport (export-csv.ts says
// its columns), which the API's GET …/{list}.csv streams too: `csv` is the readable one a spreadsheet user
// expects (names beside ids, days, money as numbers with a currency column), `import` the round trip (deals,
// accounts and contacts as `accountable import` reads them back).

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { extname } from "node:path";
import { finished } from "node:stream/promises";
import {
  type AggregateType,
  csvExport,
  ExportRefused,
  exportPages,
  LIST_NAMES,
  type ListName,
} from "@accountable/service";
import { AGGREGATE_ALIASES, AGGREGATE_LISTS, AGGREGATE_NAMES } from "../aggregates.ts";
import type { Ctx } from "../context.ts";
import { invalid, Refused } from "../failure.ts";
import { toJson } from "../output.ts";
import { withSession } from "../runtime.ts";
import { type ListFlags, listOptions, resolvedListOptions } from "./list.ts";

export const EXPORT_FORMATS = ["csv", "import", "json", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFlags extends ListFlags {
  readonly format?: string;
  readonly out?: string;
}

/** What an export wrote (printed with `--json` when the rows went to a file). */
export interface ExportSummary {
  readonly list: ListName;
  readonly format: ExportFormat;
  readonly rows: number;
  readonly out: string | null;
}

/** The list a name means: a list name ("opportunities") or an aggregate's name or alias ("opp"). */
export function resolveList(name: string): { list: ListName; aggregate: AggregateType } {
  const lower = name.toLowerCase();
  for (const aggregate of AGGREGATE_NAMES) {
    const list = AGGREGATE_LISTS[aggregate];
    if (list === null) continue;
    if (lower === list || lower === aggregate || lower === AGGREGATE_ALIASES[aggregate])
      return { list, aggregate };
  }
  throw invalid(`There is no list "${name}"; the lists are ${LIST_NAMES.join(", ")}.`, "list");
}

function formatOf(flags: ExportFlags): ExportFormat {
  const given =
    flags.format?.toLowerCase() ?? (flags.out ? extname(flags.out).slice(1).toLowerCase() : "csv");
  const format = given === "ndjson" ? "jsonl" : given;
  if ((EXPORT_FORMATS as readonly string[]).includes(format)) return format as ExportFormat;
  if (flags.format === undefined) return "csv";
  throw invalid(
    `--format must be ${EXPORT_FORMATS.join(", ")} (csv for a spreadsheet, import to import the file again): "${flags.format}" is none of them.`,
    "format",
  );
}

// --- writing -----------------------------------------------------------------------------------------------

/** The reader of stdout went away (`accountable export opp | head`): stop quietly, as other tools do. */
class ReaderGone extends Error {}

/** A destination that honours backpressure: `write` waits while the stream's buffer is full. */
function sink(out: string | undefined) {
  const stream = out === undefined ? process.stdout : createWriteStream(out);
  let broken: Error | undefined;
  stream.on("error", (e: NodeJS.ErrnoException) => {
    broken = e.code === "EPIPE" && stream === process.stdout ? new ReaderGone() : e;
  });
  return {
    async write(chunk: string): Promise<void> {
      if (broken) throw broken;
      if (!stream.write(chunk)) {
        // `once` rejects with the stream's error; `broken` holds the same, classified.
        await once(stream, "drain").catch(() => {});
      }
      if (broken) throw broken;
    },
    async close(): Promise<void> {
      if (stream === process.stdout) return;
      stream.end();
      await finished(stream);
    },
  };
}

export async function exportList(
  ctx: Ctx,
  name: string,
  flags: ExportFlags,
  rest: readonly string[],
): Promise<void> {
  const { list, aggregate } = resolveList(name);
  const format = formatOf(flags);
  if (flags.limit !== undefined || flags.cursor !== undefined)
    throw invalid("export writes every row: --limit and --cursor belong to `list`.", "limit");
  // The flags' names are checked before the database opens; their values with it.
  listOptions(aggregate, list, flags, rest);

  const rows = await withSession(ctx.globals, async (session): Promise<number> => {
    const reader = await session.read();
    // Read before the file is made, so a refused filter leaves no empty file behind.
    const options = await resolvedListOptions(session, aggregate, list, flags, rest);
    const out = sink(flags.out);
    let count = 0;
    try {
      if (format === "csv" || format === "import") {
        const pipelines = list === "opportunities" ? (await session.settings()).pipelines : undefined;
        const how = {
          format: format === "csv" ? "readable" : "import",
          ...(pipelines ? { pipelines } : {}),
        } as const;
        for await (const chunk of csvExport(reader, list, options, how)) {
          await out.write(chunk.text);
          count += chunk.rows;
        }
        return count;
      }
      if (format === "json") await out.write("[");
      for await (const items of exportPages(reader, list, options)) {
        let chunk = "";
        for (const item of items) {
          if (format === "json") chunk += `${count === 0 ? "\n" : ",\n"}${toJson(item).replace(/^/gm, "  ")}`;
          else chunk += `${JSON.stringify(item)}\n`;
          count++;
        }
        if (chunk) await out.write(chunk);
      }
      if (format === "json") await out.write(count === 0 ? "]\n" : "\n]\n");
    } catch (e) {
      if (e instanceof ReaderGone) return count;
      if (e instanceof ExportRefused) throw new Refused(e.refusal);
      throw e;
    } finally {
      await out.close();
    }
    return count;
  });

  const summary: ExportSummary = { list, format, rows, out: flags.out ?? null };
  if (flags.out !== undefined) {
    if (ctx.globals.json) ctx.out.result(summary, () => "");
    else ctx.out.note(`Exported ${rows.toLocaleString("en")} ${list} to ${flags.out} (${format}).`);
  }
}
