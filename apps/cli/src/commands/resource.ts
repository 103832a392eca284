// The generic commands every aggregate gets: show, do, commands — driven by the service's registry and the
// domain's command schemas, so a new command in the domain is usable here without touching the CLI.
import { type Currency, type Timestamp, TimestampSchema } from "@accountable/domain";
import { type AggregateType, parseCommand, REGISTRY } from "@accountable/service";
import type { CliReader } from "../cli-service.ts";
import type { Ctx } from "../context.ts";
import { invalid, Refused } from "../failure.ts";
import {
  type CommandShape,
  checkFieldNames,
  commandInput,
  commandShapes,
  findCommand,
  kebab,
  needsCurrency,
  readData,
  readFieldFlags,
} from "../flags.ts";
import { membersOf } from "../members.ts";
import { fields, table } from "../output.ts";
import { type NamedKind, resolveRecord } from "../records.ts";
import { withSession } from "../runtime.ts";
import { showAll, showRecord, statusLine } from "./format.ts";
import { runCommand } from "./run-command.ts";

/** The records `show` and `history` also find by name. */
const isNamed = (aggregate: AggregateType): aggregate is NamedKind =>
  aggregate === "member" || aggregate === "account" || aggregate === "contact" || aggregate === "opportunity";

/** `--as-of`: a timestamp, or a date meaning the end of that day (UTC). */
export function parseAsOf(text: string): Timestamp {
  const candidate = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T23:59:59.999Z` : text;
  const parsed = TimestampSchema.safeParse(candidate);
  if (!parsed.success)
    throw invalid(`--as-of expects a date (2026-06-30) or a UTC timestamp (2026-06-30T12:00:00Z).`, "asOf");
  return parsed.data;
}

export async function show(
  ctx: Ctx,
  aggregate: AggregateType,
  id: string,
  flags: { readonly asOf?: string },
): Promise<void> {
  const asOf = flags.asOf === undefined ? undefined : parseAsOf(flags.asOf);
  await withSession(ctx.globals, async (session) => {
    // Missing, or not the member's to read: NotFound either way; money they may not see prints "masked".
    const read = await session.read();
    let found = await read.record(aggregate, id, asOf);
    // A member, an account, a contact or a deal by its name too (`account show "Zoë Café"`): records.ts.
    if (!found.ok && found.error._tag === "NotFound" && isNamed(aggregate)) {
      id = await resolveRecord(session, aggregate, id, "");
      found = await read.record(aggregate, id, asOf);
    }
    if (!found.ok) throw new Refused(found.error);
    const { state, version } = found.value;
    const chain = asOf === undefined ? await chainOf(read, aggregate, id) : undefined;
    const s = ctx.out.style;
    ctx.out.result({ aggregate, id, version, state, ...chain }, () =>
      [
        `${aggregate} ${s.bold(id)}  ${s.dim(`version ${version} · ${statusLine(state)}${asOf ? ` · as of ${asOf}` : ""}`)}`,
        fields(showRecord(state, aggregate), s),
        ...(chain === undefined
          ? []
          : [
              fields(
                Object.fromEntries(
                  Object.entries(chain).map(([k, items]) => [
                    k,
                    items.length === 0 ? "—" : items.map((i) => `${i.id} (${i.title})`).join(", "),
                  ]),
                ),
                s,
              ),
            ]),
      ].join("\n"),
    );
  });
}

/** A link of the chain brief → deal → contract, as `show` lists it. */
interface ChainItem {
  readonly id: string;
  readonly title: string;
}

/**
 * The records that link to this one in the agency chain, which its own state does not hold: a deal's briefs and
 * the contracts made from it, a contract's briefs (a brief's own links are its `opportunityId` and `contractId`).
 */
async function chainOf(
  read: CliReader,
  aggregate: AggregateType,
  id: string,
): Promise<Record<string, ChainItem[]> | undefined> {
  if (aggregate !== "opportunity" && aggregate !== "contract") return undefined;
  const by = aggregate === "opportunity" ? { opportunityId: id } : { contractId: id };
  const briefs = await read.list("briefs", { ...by, limit: 50 });
  const out: Record<string, ChainItem[]> = {
    briefs: briefs.ok ? briefs.value.items.map((b) => ({ id: b.id, title: b.title })) : [],
  };
  if (aggregate === "opportunity") {
    const contracts = await read.list("contracts", { opportunityId: id, limit: 50 });
    out.contracts = contracts.ok ? contracts.value.items.map((c) => ({ id: c.id, title: c.title })) : [];
  }
  return out;
}

/**
 * `<aggregate> history <id>`: the record's events, oldest first — what happened, when, by whom and why — each
 * payload masked like the record (`--json` keeps the events with the typed Masked shape).
 */
export async function history(
  ctx: Ctx,
  aggregate: AggregateType,
  id: string,
  flags: { readonly asOf?: string },
): Promise<void> {
  const asOf = flags.asOf === undefined ? undefined : parseAsOf(flags.asOf);
  await withSession(ctx.globals, async (session) => {
    const read = await session.read();
    let found = await read.history(aggregate, id, asOf);
    if (!found.ok && found.error._tag === "NotFound" && isNamed(aggregate)) {
      id = await resolveRecord(session, aggregate, id, "");
      found = await read.history(aggregate, id, asOf);
    }
    if (!found.ok) throw new Refused(found.error);
    const events = found.value;
    const s = ctx.out.style;
    const details = (payload: unknown) =>
      Object.entries(showAll(payload))
        .filter(([k, v]) => k !== "type" && v !== "—")
        .map(([k, v]) => `${k}: ${v}`)
        .join("; ");
    // Who acted, by name in the table ("Amir Andersen", not "demo-ae-agency-1"); `--json` keeps the ids.
    const people = ctx.globals.json ? [] : await membersOf(read);
    const who = (actorId: string) => people.find((m) => m.id === actorId)?.name ?? actorId;
    ctx.out.result({ aggregate, id, items: events }, () =>
      table(
        ["version", "at (UTC)", "event", "by", "reason", "details"],
        events.map((e) => [
          String(e.version),
          minuteUtc(e.at),
          e.type,
          who(e.actorId),
          e.reason ?? "—",
          details(e.payload),
        ]),
        s,
      ),
    );
  });
}

/** A moment as people read it in a table, "2027-01-31 09:05" (UTC, as the header says); `--json` keeps ISO. */
function minuteUtc(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : d.toISOString().slice(0, 16).replace("T", " ");
}

export interface DoFlags {
  readonly data?: string;
  readonly reason?: string;
  readonly expectVersion?: number;
  readonly dryRun?: boolean;
}

/**
 * A creation command names its own id (`accountId` for CreateAccount): the positional id fills it when the
 * flags do not.
 */
function ownIdField(aggregate: AggregateType, command: CommandShape): string | undefined {
  const creates = (REGISTRY[aggregate].machine.table as Record<string, { from: readonly string[] }>)[
    command.type
  ]?.from.includes("none");
  if (!creates) return undefined;
  const prefix = aggregate.toLowerCase();
  return command.fields.find((f) => f.name.endsWith("Id") && f.name.toLowerCase().startsWith(prefix))?.name;
}

export async function doCommand(
  ctx: Ctx,
  aggregate: AggregateType,
  id: string,
  typed: string,
  flags: DoFlags,
  rest: readonly string[],
): Promise<void> {
  // Everything that needs no database is checked before it opens (opening it is the slow part).
  const command = findCommand(aggregate, typed);
  const raw = readFieldFlags(rest);
  const data = readData(flags.data);
  checkFieldNames(command, raw);
  const prepare = (currency: Currency | undefined) => {
    const input = commandInput(command, raw, data, currency);
    const idField = ownIdField(aggregate, command);
    if (idField && input[idField] === undefined) input[idField] = id;
    if (flags.reason !== undefined && command.schema.properties?.reason && input.reason === undefined)
      input.reason = flags.reason;
    const parsed = parseCommand(aggregate, input);
    if (!parsed.ok) throw new Refused(parsed.error);
    return parsed.value;
  };
  const ready = needsCurrency(command, raw) ? undefined : prepare(undefined);
  await withSession(ctx.globals, async (session) => {
    const parsed = ready ?? prepare((await session.settings()).currency);
    await runCommand(
      ctx,
      session,
      { aggregate, id, command: parsed, expectedVersion: flags.expectVersion },
      { dryRun: flags.dryRun, reason: flags.reason },
    );
  });
}

export async function listCommands(ctx: Ctx, aggregate: AggregateType): Promise<void> {
  const shapes = commandShapes(aggregate);
  const value = shapes.map(({ type, fields }) => ({ type, fields }));
  const s = ctx.out.style;
  ctx.out.result(value, () =>
    table(
      ["command", "fields"],
      shapes.map((c) => [
        c.type,
        c.fields
          .map((f) => (f.required ? `--${kebab(f.name)} <${f.kind}>` : `[--${kebab(f.name)} <${f.kind}>]`))
          .join(" "),
      ]),
      s,
    ),
  );
}
