// Records named the way people name them at a terminal, one resolver for every flag and argument that names a
// member, an account, a contact or a deal: `--account "Zoë Café"`, `--assignee bo@…`, `report client acme`.
// Members go through members.ts (id, e-mail, full name, or one member's first or last name: what `--owner` and
// `--as` take). Accounts, contacts and deals: the record's id, else its exact name (accents, case and spacing
// aside, as the import compares names; a contact also by e-mail), found through the workspace's search as the
// acting member may read (so it works alike locally and through `--api`). Several records of one name are refused
// listing them with their ids; a name none has is refused with the nearest the search found.
import { normalizeName } from "@accountable/domain";
import type { SearchHit } from "@accountable/service";
import type { CliReader, Session } from "./cli-service.ts";
import { type CliRefusal, invalid, Refused } from "./failure.ts";
import { memberFlag } from "./members.ts";

/** The kinds of record a flag may name by name. */
export type NamedKind = "member" | "account" | "contact" | "opportunity";

const WORD: Readonly<Record<Exclude<NamedKind, "member">, string>> = {
  account: "account",
  contact: "contact",
  opportunity: "deal",
};

/** What an id may hold (the domain's id rule): anything else is only ever a name. */
const ID_LIKE = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Letters no Unicode decomposition takes an accent off ("Øster" is "Oster" to someone typing it). */
const FOLDED: Readonly<Record<string, string>> = {
  ø: "o",
  æ: "ae",
  œ: "oe",
  ß: "ss",
  ł: "l",
  đ: "d",
  þ: "th",
};

/** A name as compared: as the import compares people's names (accents, case and spacing aside), letters folded. */
const key = (name: string) => normalizeName(name).replace(/[øæœßłđþ]/g, (c) => FOLDED[c] ?? c);

const same = (a: string, b: string) => key(a) === key(b);

const described = (h: SearchHit) =>
  `${h.title}${h.detail ? ` <${h.detail}>` : h.accountName && h.kind !== "account" ? ` (${h.accountName})` : ""} [${h.id}]`;

export type Resolving = Pick<Session, "service" | "workspaceId" | "actorId" | "read">;

/** Options of a read (a report's, a list's) that name records: field → the kind, what was typed, the flag. */
export type NamedOptions = Readonly<
  Record<string, readonly [NamedKind, string | readonly string[] | undefined, string]>
>;

/** The ids of what each named option names (comma-separated when it names several); absent ones left out. */
export async function resolveNamed(session: Resolving, named: NamedOptions): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [field, [kind, value, flag]] of Object.entries(named)) {
    const joined = typeof value === "string" ? value : value?.join(",");
    if (joined === undefined || joined.trim() === "") continue;
    ids[field] = (await resolveRecords(session, kind, joined, flag)).join(",");
  }
  return ids;
}

/** Whether the acting member may read a record of this id (its id, as given, names it). */
async function exists(read: CliReader, kind: Exclude<NamedKind, "member">, id: string): Promise<boolean> {
  if (!ID_LIKE.test(id)) return false;
  try {
    const found = await read.record(kind, id);
    return found.ok && found.value.state !== null && found.value.state !== undefined;
  } catch (e) {
    // Over --api an id the server does not know is a refusal, not an answer: it is then no id.
    if (e instanceof Refused) return false;
    throw e;
  }
}

/**
 * The id of the record `value` names, or a refusal in words: none by that name (exit 3, with the nearest), or
 * several (exit 2, listed with their ids, to pick one by).
 */
export async function resolveRecord(
  session: Resolving,
  kind: NamedKind,
  value: string,
  flag: string,
): Promise<string> {
  if (kind === "member") {
    if (flag.startsWith("--")) return memberFlag(session, value, flag);
    // An argument names the record a command is about (`member show p2`): one that is not there is not found
    // (exit 3), as for the other kinds, where a flag's unknown member is a wrong value (exit 2).
    try {
      return await memberFlag(session, value, flag);
    } catch (e) {
      if (e instanceof Error && e.message.includes("no member of this workspace"))
        throw new Refused({
          _tag: "NotFound",
          entity: "member",
          id: value.trim(),
          message: e.message.trim(),
        } as CliRefusal);
      throw e;
    }
  }
  const typed = value.trim();
  const word = WORD[kind];
  // A flag says its name ('--account "Ember"'); an argument (`report client <account>`) only what was typed.
  const said = flag.startsWith("--") ? `${flag} "${typed}"` : `"${typed}"`;
  if (typed === "")
    throw invalid(`${flag} needs ${kind === "account" ? "an" : "a"} ${word}'s name or id.`, flag);
  const read = await session.read();
  if (await exists(read, kind, typed)) return typed;
  const hits =
    typed.length < 2
      ? []
      : await session.service
          .search(session.workspaceId, session.actorId(), { text: typed, kinds: [kind], limit: 50 })
          .then((r) => (r.ok ? r.value.hits : []));
  const exact = hits.filter(
    (h) => same(h.title, typed) || (kind === "contact" && h.detail && same(h.detail, typed)),
  );
  if (exact.length === 1) return exact[0]!.id;
  if (exact.length > 1)
    throw invalid(
      `${said}: ${exact.length} ${word}s are named so — ${exact.map(described).join(", ")}; give the id of the one you mean.`,
      flag,
    );
  // The search's best few (it forgives typos and finds names that begin so): "Ember" names two accounts.
  const near = hits.slice(0, 3).map(described);
  // Not found (exit 3), as the service says of an id it does not know, with the nearest name when there is one.
  throw new Refused({
    _tag: "NotFound",
    entity: kind,
    id: typed,
    message: `${said}: no ${word} you may read has that name or id${near.length > 0 ? ` — did you mean ${near.length === 1 ? near[0] : `one of ${near.join(", ")}`}?` : ""} (\`accountable search ${typed.includes(" ") ? `"${typed}"` : typed}\` finds ${word}s by name).`,
  } as CliRefusal);
}

/**
 * Each of the comma-separated records a filter names ("acme,Globex Corp"), by id; a name that itself holds a
 * comma ("Acme, Inc.") is one record when one record has it.
 */
export async function resolveRecords(
  session: Resolving,
  kind: NamedKind,
  value: string,
  flag: string,
): Promise<string[]> {
  if (kind !== "member" && value.includes(",")) {
    const whole = await resolveRecord(session, kind, value, flag).catch((e: unknown) => {
      if (e instanceof Refused && e.refusal._tag === "NotFound") return undefined;
      throw e;
    });
    if (whole !== undefined) return [whole];
  }
  const ids: string[] = [];
  for (const v of value.split(",").map((x) => x.trim()))
    if (v !== "") ids.push(await resolveRecord(session, kind, v, flag));
  return ids;
}
