// Records named the way people name them at a terminal, one resolver for every flag and argument that names a
// member, an account, a contact, a deal, a contract, a brief, a task, an escalation or an invoice:
// `--account "Zoë Café"`, `--assignee bo@…`, `report client acme`, `contract show "Acme MSA 2027"`.
// Members go through members.ts (id, e-mail, full name, or one member's first or last name: what `--owner` and
// `--as` take). The other records: the record's id, else its exact name, title or number (accents, case and
// spacing aside, as the import compares names; a contact also by e-mail), read as the acting member may read —
// accounts, contacts, deals, contracts and briefs through the workspace's search, tasks, escalations and
// invoices through their lists — so it works alike locally and through `--api`. Several records of one name are
// refused listing them with their ids; a name none has is refused with the nearest found.
import { normalizeName } from "@accountable/domain";
import type { ListName, SearchHit } from "@accountable/service";
import leven from "leven";
import type { CliReader, Session } from "./cli-service.ts";
import { type CliRefusal, invalid, Refused } from "./failure.ts";
import { matchMember, membersOf } from "./members.ts";

/** The kinds of record a flag or an argument may name by name. */
export type NamedKind =
  | "member"
  | "account"
  | "contact"
  | "opportunity"
  | "contract"
  | "brief"
  | "task"
  | "escalation"
  | "invoice";

export const NAMED_KINDS: readonly NamedKind[] = [
  "member",
  "account",
  "contact",
  "opportunity",
  "contract",
  "brief",
  "task",
  "escalation",
  "invoice",
];

/** Whether records of this kind are found by name (`show`, `history`, `do` and the flags that name one). */
export const isNamedKind = (kind: string): kind is NamedKind =>
  (NAMED_KINDS as readonly string[]).includes(kind);

/** The named kinds that are records of their own (a member is found through members.ts). */
export type RecordKind = Exclude<NamedKind, "member">;

const WORD: Readonly<Record<RecordKind, string>> = {
  account: "account",
  contact: "contact",
  opportunity: "deal",
  contract: "contract",
  brief: "brief",
  task: "task",
  escalation: "escalation",
  invoice: "invoice",
};

/** What a record of each kind is named by, in words: "a contract's title". */
const NAMED_BY: Readonly<Record<RecordKind, string>> = {
  account: "name",
  contact: "name",
  opportunity: "name",
  contract: "title",
  brief: "title",
  task: "title",
  escalation: "title",
  invoice: "number",
};

/** The kinds the workspace's search does not hold, read through their lists: the list and the naming field. */
const LISTED: Partial<Record<RecordKind, readonly [ListName, string]>> = {
  task: ["tasks", "title"],
  escalation: ["escalations", "title"],
  invoice: ["invoices", "number"],
};

/** How many records of a listed kind are read at most to find one by name (pages of 200). */
const LISTED_AT_MOST = 10_000;

/** What an id may hold (the domain's id rule): anything else is only ever a name. */
const ID_LIKE = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Whether what was typed may be an id at all ("Trial CLI deal" may only be a name). */
export const isIdLike = (typed: string): boolean => ID_LIKE.test(typed);

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
async function exists(read: CliReader, kind: RecordKind, id: string): Promise<boolean> {
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

/** A record found by its name: its id, its name, and what tells two of one name apart. */
interface Candidate {
  readonly id: string;
  readonly title: string;
  readonly detail?: string | undefined;
  readonly exact: boolean;
}

const describedCandidate = (c: Candidate) => `${c.title}${c.detail ? ` ${c.detail}` : ""} [${c.id}]`;

/** The records of a kind the search holds whose name is (exact) or is near (the search's best) what was typed. */
async function searched(session: Resolving, kind: RecordKind, typed: string): Promise<Candidate[]> {
  if (typed.length < 2) return [];
  const hits = await session.service
    .search(session.workspaceId, session.actorId(), { text: typed, kinds: [kind], limit: 50 })
    .then((r) => (r.ok ? r.value.hits : []));
  return hits.map((h) => ({
    id: h.id,
    title: h.title,
    detail: detailOf(h),
    exact: same(h.title, typed) || (kind === "contact" && h.detail !== null && same(h.detail, typed)),
  }));
}

/** The records of a listed kind (tasks, escalations, invoices) named so, or near it (within a third in edits). */
async function listed(read: CliReader, kind: RecordKind, typed: string): Promise<Candidate[]> {
  const [list, field] = LISTED[kind]!;
  const want = key(typed);
  const found: (Candidate & { distance: number })[] = [];
  let cursor: string | undefined;
  let seen = 0;
  do {
    const page = await read.list(list, { limit: 200, ...(cursor ? { cursor } : {}) } as never);
    if (!page.ok) break;
    for (const item of page.value.items as readonly Record<string, unknown>[]) {
      const label = item[field];
      if (typeof label !== "string") continue;
      const distance = leven(want, key(label));
      if (distance <= Math.max(2, Math.floor(want.length / 3)))
        found.push({
          id: String(item.id),
          title: label,
          detail: typeof item.dueDate === "string" ? `(due ${item.dueDate})` : undefined,
          exact: distance === 0,
          distance,
        });
    }
    seen += page.value.items.length;
    cursor = page.value.nextCursor ?? undefined;
  } while (cursor && seen < LISTED_AT_MOST);
  return found.sort((a, b) => a.distance - b.distance);
}

const detailOf = (h: SearchHit) =>
  h.detail ? `<${h.detail}>` : h.accountName && h.kind !== "account" ? `(${h.accountName})` : undefined;

/**
 * Whom `value` names among the workspace's members, as a tagged result: found, or not one of them (a name or an
 * address nobody has, exit 3), or a refusal of the value itself (several, exit 2).
 */
async function memberOf(
  session: Resolving,
  value: string,
  flag: string,
): Promise<
  { readonly tag: "found"; readonly id: string } | { readonly tag: "none"; readonly refusal: Refused }
> {
  if (value.trim().toLowerCase() === "me") return { tag: "found", id: session.actorId() };
  const match = matchMember(value, await membersOf(await session.read()), flag);
  if (match.tag === "found") return { tag: "found", id: match.member.id };
  if (match.tag === "ambiguous") throw match.refusal;
  return { tag: "none", refusal: match.refusal };
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
    const member = await memberOf(session, value, flag);
    if (member.tag === "found") return member.id;
    // Nobody by that name or address, whether a flag or an argument names them: not found (exit 3), as for the
    // other kinds.
    throw member.refusal;
  }
  const typed = value.trim();
  const word = WORD[kind];
  const article = /^[aeiou]/.test(word) ? "an" : "a";
  // A flag says its name ('--account "Ember"'); an argument (`report client <account>`) only what was typed.
  const said = flag.startsWith("--") ? `${flag} "${typed}"` : `"${typed}"`;
  if (typed === "") throw invalid(`${flag} needs ${article} ${word}'s ${NAMED_BY[kind]} or id.`, flag);
  const read = await session.read();
  if (await exists(read, kind, typed)) return typed;
  const candidates = LISTED[kind] ? await listed(read, kind, typed) : await searched(session, kind, typed);
  const exact = candidates.filter((c) => c.exact);
  if (exact.length === 1) return exact[0]!.id;
  if (exact.length > 1)
    throw invalid(
      `${said}: ${exact.length} ${word}s are ${kind === "invoice" ? "numbered" : kind === "account" || kind === "contact" || kind === "opportunity" ? "named" : "titled"} so — ${exact.map(describedCandidate).join(", ")}; give the id of the one you mean.`,
      flag,
    );
  // The best few (the search forgives typos and finds names that begin so): "Ember" names two accounts. An id
  // typed ("opp-9999999": a digit, no space) is near only ids a couple of edits away: names the search found for
  // its word "opp" would be noise.
  const idLike = /\d/.test(typed) && !/\s/.test(typed);
  const near = candidates
    .filter((c) => !idLike || leven(c.id.toLowerCase(), typed.toLowerCase()) <= 2)
    .slice(0, 3)
    .map(describedCandidate);
  const searchable = !LISTED[kind];
  // Not found (exit 3), as the service says of an id it does not know, with the nearest name when there is one.
  throw new Refused({
    _tag: "NotFound",
    entity: kind,
    id: typed,
    message: `${said}: no ${word} you may read has that ${NAMED_BY[kind]} or id${near.length > 0 ? ` — did you mean ${near.length === 1 ? near[0] : `one of ${near.join(", ")}`}?` : ""} (${
      searchable
        ? `\`accountable search ${typed.includes(" ") ? `"${typed}"` : typed}\` finds ${word}s by ${NAMED_BY[kind]}`
        : `\`accountable ${kind} list\` lists them`
    }).`,
  } as CliRefusal);
}

/**
 * The id of the record a command acts on (`opp move`, `opp update`, `account update`, `contact update`, `do`), as
 * typed: a record's id when one has it, else its name, title or number (`resolveRecord`: none of that name is not
 * found, exit 3, with the nearest and the search to try). What no id may hold ("Trial CLI deal") is never sent
 * as one: a server refuses such a path as malformed.
 */
export async function recordIdOf(session: Resolving, kind: RecordKind, typed: string): Promise<string> {
  const id = typed.trim();
  if (ID_LIKE.test(id)) {
    const { version } = await session.service.load(session.workspaceId, kind, id);
    if (version > 0) return id;
  }
  return resolveRecord(session, kind, typed, "");
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
