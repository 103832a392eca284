// The generic commands every aggregate gets: show, do, commands — driven by the service's registry and the
// domain's command schemas, so a new command in the domain is usable here without touching the CLI.
import { type Currency, type Pipeline, type Timestamp, TimestampSchema } from "@accountable/domain";
import { type AggregateType, parseCommand, REGISTRY } from "@accountable/service";
import { AGGREGATE_ALIASES, AGGREGATE_NAMES } from "../aggregates.ts";
import type { CliReader } from "../cli-service.ts";
import type { Ctx } from "../context.ts";
import { type CliRefusal, invalid, Refused } from "../failure.ts";
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
import { fields, table } from "../output.ts";
import { idsIn, kindOfField, namedField, type RecordNames, recordNames } from "../record-names.ts";
import { isIdLike, isNamedKind, type NamedKind, resolveRecord } from "../records.ts";
import { withSession } from "../runtime.ts";
import { minuteUtc, showAll, showRecord, statusLine } from "./format.ts";
import { runCommand } from "./run-command.ts";

/** The records `show`, `history` and `do` also find by name, title or number (records.ts). */
const isNamed = (aggregate: AggregateType): aggregate is NamedKind => isNamedKind(aggregate);

/**
 * `--as-of` (and `--at`, which `flag` names): a timestamp, or a date meaning the end of that day (UTC). A refusal
 * names the flag that was typed.
 */
export function parseAsOf(text: string, flag: "--as-of" | "--at" = "--as-of"): Timestamp {
  const candidate = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T23:59:59.999Z` : text;
  const parsed = TimestampSchema.safeParse(candidate);
  if (!parsed.success)
    throw invalid(
      `${flag} expects a date (2026-06-30) or a UTC timestamp (2026-06-30T12:00:00Z); got "${text}".`,
      flag === "--at" ? "at" : "asOf",
    );
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
    // A member, an account, a contact, a deal, a contract, a brief, a task, an escalation or an invoice by its
    // name, title or number too (`account show "Zoë Café"`, `contract show "Acme MSA 2027"`): records.ts. What no
    // id may hold ("Atlas Market") is resolved first, never sent as an id: a server refuses such a path as malformed.
    if (isNamed(aggregate) && !isIdLike(id.trim())) id = await resolveRecord(session, aggregate, id, "");
    let found = await read.record(aggregate, id, asOf);
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
  aggregate: AggregateType | undefined,
  id: string,
  flags: { readonly asOf?: string },
): Promise<void> {
  const asOf = flags.asOf === undefined ? undefined : parseAsOf(flags.asOf);
  await withSession(ctx.globals, async (session) => {
    const read = await session.read();
    let kind: AggregateType;
    if (aggregate === undefined) [kind, id] = await recordOfAnyKind(session, read, id);
    else kind = aggregate;
    // A name ("Trial pilot deal") is resolved before anything is read by it, never sent as an id (as `show`).
    if (isNamed(kind) && !isIdLike(id.trim())) id = await resolveRecord(session, kind, id, "");
    let found = await read.history(kind, id, asOf);
    if (!found.ok && found.error._tag === "NotFound" && isNamed(kind)) {
      id = await resolveRecord(session, kind, id, "");
      found = await read.history(kind, id, asOf);
    }
    if (!found.ok) throw new Refused(found.error);
    const events = found.value;
    const s = ctx.out.style;
    // Who acted, and the members, clients, deals, contracts, contacts and stages the events name, by their names
    // in the table ("Amir Andersen", "Proposal", not "demo-ae-agency-1", "proposal"); `--json` keeps the ids.
    const names = ctx.globals.json ? undefined : await historyNames(session, read, events);
    const who = (actorId: string) => names?.name("member", actorId) ?? actorId;
    // The event's own moment is its row's "at (UTC)": not again, in ISO, among the details.
    const details = (payload: unknown, at: string) =>
      Object.entries(showAll(payload))
        .filter(([k, v]) => k !== "type" && v !== "—" && !(k === "at" && v === at))
        .map(([k, v]) => {
          const kind = kindOfField(k);
          const raw = (payload as Record<string, unknown>)[k];
          if (!kind || !names) return `${k}: ${v}`;
          const value = Array.isArray(raw)
            ? raw.map((id) => names.name(kind, id)).join(", ")
            : names.name(kind, raw);
          return `${namedField(k)}: ${value}`;
        })
        .join("; ");
    ctx.out.result({ aggregate: kind, id, items: events }, () =>
      table(
        ["version", "at (UTC)", "event", "by", "reason", "details"],
        events.map((e) => [
          String(e.version),
          minuteUtc(e.at),
          e.type,
          who(e.actorId),
          e.reason ?? "—",
          details(e.payload, e.at),
        ]),
        s,
      ),
    );
  });
}

/** `accountable <kind> history` as people type the kinds (the deal's is `opp`). */
const callOf = (aggregate: AggregateType) => AGGREGATE_ALIASES[aggregate] ?? aggregate;

/** Whether the acting member may read a record of this kind and id (a refusal over --api is a no). */
async function readable(read: CliReader, aggregate: AggregateType, id: string): Promise<boolean> {
  try {
    const found = await read.record(aggregate, id);
    if (!found.ok || found.value.state === null || found.value.state === undefined) return false;
    // Over --api a workspace is read at the token's own address, whatever id is asked: the record must carry it.
    const own = (found.value.state as { readonly id?: unknown }).id;
    return own === undefined || own === id;
  } catch (e) {
    if (e instanceof Refused) return false;
    throw e;
  }
}

/**
 * The kind and id of the record `accountable history <id>` names, whatever its kind: the record of that id (a
 * workspace gives an id to one record; were two kinds to answer, the command of each is named), else the account,
 * deal, contact or member of that name (records.ts); one nothing has is not found, saying how to look for it.
 */
async function recordOfAnyKind(
  session: Parameters<typeof resolveRecord>[0],
  read: CliReader,
  typed: string,
): Promise<[AggregateType, string]> {
  const id = typed.trim();
  const kinds = /^[A-Za-z0-9_.:-]{1,128}$/.test(id)
    ? (
        await Promise.all(AGGREGATE_NAMES.map(async (a) => ((await readable(read, a, id)) ? a : undefined)))
      ).filter((a): a is AggregateType => a !== undefined)
    : [];
  if (kinds.length === 1) return [kinds[0]!, id];
  const quoted = /^[A-Za-z0-9_.:-]+$/.test(id) ? id : `"${id}"`;
  if (kinds.length > 1)
    throw invalid(
      `${kinds.length} records have the id ${id}: say which — ${kinds.map((k) => `accountable ${callOf(k)} history ${quoted}`).join(", ")}.`,
      "id",
    );
  // By name, as `<kind> history` reads one: the kinds a name names (one of them, else not found).
  const byName: [AggregateType, string][] = [];
  for (const kind of ["account", "opportunity", "contact", "member"] as const) {
    const found = await resolveRecord(session, kind, id, "").catch((e: unknown) => {
      if (e instanceof Refused && e.refusal._tag === "NotFound") return undefined;
      throw e;
    });
    if (found !== undefined) byName.push([kind, found]);
  }
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1)
    throw invalid(
      `"${id}" names ${byName.length} records: say which — ${byName.map(([k, i]) => `accountable ${callOf(k)} history ${i}`).join(", ")}.`,
      "id",
    );
  throw new Refused({
    _tag: "NotFound",
    entity: "record",
    id,
    message: `No record you may read has the id ${quoted} (nor an account, a deal, a contact or a member that name): history takes a record's id, as in \`accountable opp history <id>\`; \`accountable search ${quoted}\` finds records by name.`,
  } as CliRefusal);
}

/** The names of what these events name (see record-names.ts), read once for the whole table. */
async function historyNames(
  session: { settings(): Promise<{ readonly pipelines: readonly Pipeline[] }> },
  read: CliReader,
  events: readonly { readonly payload: unknown }[],
): Promise<RecordNames> {
  const wanted: Record<"account" | "opportunity" | "contract" | "contact", string[]> = {
    account: [],
    opportunity: [],
    contract: [],
    contact: [],
  };
  let stages = false;
  for (const e of events)
    for (const [k, v] of Object.entries((e.payload ?? {}) as Record<string, unknown>)) {
      const kind = kindOfField(k);
      if (kind === "stage" || kind === "pipeline") stages = true;
      else if (kind && kind !== "member") wanted[kind].push(...idsIn([{ v }], "v"));
    }
  const pipelines = stages ? (await session.settings()).pipelines : [];
  return recordNames(read, wanted, { pipelines });
}

export interface DoFlags {
  readonly data?: string;
  readonly reason?: string;
  readonly expectVersion?: number;
  readonly dryRun?: boolean;
}

/** Whether the command creates its record (its machine's table moves it from "none"). */
function creates(aggregate: AggregateType, command: CommandShape): boolean {
  return (
    (REGISTRY[aggregate].machine.table as Record<string, { from: readonly string[] }>)[
      command.type
    ]?.from.includes("none") === true
  );
}

/**
 * A creation command names its own id (`accountId` for CreateAccount): the positional id fills it when the
 * flags do not.
 */
function ownIdField(aggregate: AggregateType, command: CommandShape): string | undefined {
  if (!creates(aggregate, command)) return undefined;
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
    // The record a command acts on by its name, title or number too (`contract do "Acme MSA" Sign`), when no
    // record has that id; a command that creates takes the id as the new record's.
    if (isNamed(aggregate) && !creates(aggregate, command)) {
      // What no id may hold is never sent as one (a server refuses such a path as malformed).
      const { version } = isIdLike(id)
        ? await session.service.load(session.workspaceId, aggregate, id)
        : { version: 0 };
      if (version === 0) id = await resolveRecord(session, aggregate, id, "");
    }
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
