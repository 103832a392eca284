// Values as the readable (non-JSON) output shows them.
import { formatMoney, isMasked, type Money } from "@accountable/domain";
import type { Executed } from "@accountable/service";
import type { Output } from "../output.ts";

const isMoney = (v: unknown): v is Money =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as Money).amount === "number" &&
  typeof (v as Money).currency === "string" &&
  Object.keys(v).length === 2;

/**
 * One value on one line: money as "120,000.00 EUR", a value the reader may not see as "masked" (`--json` keeps
 * the typed shape with its reason), lists of words joined, the rest as compact JSON.
 */
export function show(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (isMasked(value)) return "masked";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (isMoney(value)) return formatMoney(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "—";
    if (value.every((v) => typeof v === "string" || isMoney(v) || isMasked(v)))
      return value.map(show).join(", ");
  }
  if (isFlat(value)) {
    const said = Object.entries(value).filter(([, v]) => v !== null && v !== undefined);
    return said.length === 0 ? "—" : said.map(([k, v]) => `${k}: ${show(v)}`).join("; ");
  }
  return JSON.stringify(value);
}

/** A record of words, figures, money or masked values (a deal's next step, a proposal): one line of "key: value". */
function isFlat(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(
    (v) =>
      v === null ||
      v === undefined ||
      ["string", "number", "boolean"].includes(typeof v) ||
      isMoney(v) ||
      isMasked(v),
  );
}

/** How a deal without an amount or a close date reads: not yet given (its stage allows it), never zero or "—". */
export const NOT_YET: Readonly<Record<"amount" | "closeDate", string>> = {
  amount: "no amount yet",
  closeDate: "no close date yet",
};

/** A deal's amount or close date as the readable output shows it: "no amount yet" for none. */
export function showDealDetail(field: "amount" | "closeDate", value: unknown): string {
  return value === null ? NOT_YET[field] : show(value);
}

/** A record's fields, each formatted (a deal's missing amount and close date in words). */
export function showAll(record: unknown, aggregate?: string): Record<string, string> {
  if (typeof record !== "object" || record === null) return { value: show(record) };
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [
      k,
      aggregate === "opportunity" && (k === "amount" || k === "closeDate") ? showDealDetail(k, v) : show(v),
    ]),
  );
}

/**
 * A record's fields for `show`, one per line as `showAll` gives them, except that a list of records (a plan's
 * objectives and risks, a contract's towers and milestones) is one line per item under its field, each item as
 * "key: value; …", instead of a line of JSON. (`history` keeps one line per event: it uses `showAll`.)
 */
export function showRecord(record: unknown, aggregate?: string): Record<string, string> {
  const all = showAll(record, aggregate);
  if (typeof record !== "object" || record === null) return all;
  for (const [k, v] of Object.entries(record))
    if (Array.isArray(v) && v.length > 0 && v.every(isFlat))
      all[k] = v.map((item) => `\n  · ${show(item)}`).join("");
  return all;
}

/** A moment as people read it in a table, "2027-01-31 09:05" (UTC, as the header says); `--json` keeps ISO. */
export function minuteUtc(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : d.toISOString().slice(0, 16).replace("T", " ");
}

/** "open · proposal" for a deal, the status alone for the rest. */
export function statusLine(state: unknown): string {
  const s = state as { status?: string; stageId?: string };
  return [s.status, s.stageId].filter(Boolean).join(" · ");
}

/** What a command did (or would do), in a few lines. */
export function describeExecuted(out: Output, e: Executed): string {
  const s = out.style;
  const events = e.events.map((ev) => ev.type).join(", ");
  const where = `${e.aggregate} ${s.bold(e.id)}`;
  const lines: string[] = [];
  if (e.dryRun)
    lines.push(
      e.events.length
        ? `${s.yellow("dry run")} ${where}: would record ${events} ${s.dim(`(now ${statusLine(e.state)}; nothing written)`)}`
        : `${s.yellow("dry run")} ${where}: nothing would change`,
    );
  else if (e.events.length === 0)
    lines.push(`${where}: nothing to change ${s.dim(`(version ${e.version})`)}`);
  else
    lines.push(
      `${s.green("✓")} ${where}: ${events} ${s.dim(`→ version ${e.version}, ${statusLine(e.state)}`)}`,
    );
  for (const f of e.followUps) {
    const what = `${f.target} ${f.id}: ${f.command.type}`;
    lines.push(
      f.ok
        ? `  ${s.dim("then")} ${what} ${s.dim(`(${f.because})`)}`
        : `  ${s.yellow("follow-up refused")} ${what}: ${f.refusal.message}`,
    );
  }
  return lines.join("\n");
}
