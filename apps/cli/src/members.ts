// Members named the way people name them at a terminal: `--owner "Amir Andersen"`, `--owner amir@…`, or the
// member's id. The domain's import rule (`findMember`: id, else e-mail, else full name, else the one member's
// first or last name — "amir" — case and accents aside) reads it, so a flag reads an owner exactly as an import's
// owner column does. Several matches or none are refused in
// words, naming who was meant or who is near.
import {
  can,
  findMember,
  type MemberId,
  memberDirectory,
  normalizeName,
  type Role,
} from "@accountable/domain";
import leven from "leven";
import type { CliReader } from "./cli-service.ts";
import { type CliRefusal, invalid, Refused } from "./failure.ts";

/**
 * A member a flag or an argument names who is not there: not found (exit 3), as a name no account has, with the
 * words that say who is nearest. (Several members of that name are a wrong value instead: exit 2.)
 */
function nobody(typed: string, message: string): Refused {
  return new Refused({ _tag: "NotFound", entity: "member", id: typed.trim(), message } as CliRefusal);
}

export interface MemberEntry {
  readonly id: MemberId;
  readonly name: string;
  readonly email: string;
  readonly active: boolean;
  readonly role: string;
}

/** Every member of the workspace (a team is a few pages at most), as the acting member reads them. */
export async function membersOf(read: Pick<CliReader, "list">): Promise<MemberEntry[]> {
  const members: MemberEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await read.list("members", { limit: 200, ...(cursor ? { cursor } : {}) });
    if (!page.ok) break;
    for (const m of page.value.items as readonly Partial<MemberEntry>[])
      members.push({
        // The list's own ids: members' ids, as the server holds them.
        id: String(m.id) as MemberId,
        name: String(m.name ?? m.id),
        email: String(m.email ?? ""),
        active: m.active !== false,
        role: String(m.role ?? ""),
      });
    cursor = page.value.nextCursor ?? undefined;
  } while (cursor);
  return members;
}

const who = (m: MemberEntry) => `${m.name} <${m.email}>`;

/**
 * Whom `value` names among the members, as a tagged result: the member (an id, an e-mail address, a full name, or
 * one member's first or last name); several (`ambiguous`: a value to say better, with their addresses to pick one
 * by); or nobody (`none`: nobody by that name or address, and who is nearest). Each refusal is worded for `flag`.
 */
export type MemberMatch =
  | { readonly tag: "found"; readonly member: MemberEntry }
  | { readonly tag: "ambiguous" | "none"; readonly refusal: Refused };

export function matchMember(value: string, members: readonly MemberEntry[], flag: string): MemberMatch {
  const typed = value.trim();
  const match = findMember(typed, memberDirectory(members));
  const byId = new Map(members.map((m) => [m.id, m]));
  if (match.tag === "found") return { tag: "found", member: byId.get(match.member.id)! };
  if (match.tag === "ambiguous" && match.partly)
    return {
      tag: "ambiguous",
      refusal: invalid(
        `${flag} "${typed}" could be ${match.members.length} members: ${match.members.map((m) => who(byId.get(m.id)!)).join(", ")}; give the full name or the e-mail address.`,
        flag,
      ),
    };
  if (match.tag === "ambiguous")
    return {
      tag: "ambiguous",
      refusal: invalid(
        `${flag} "${typed}": ${match.members.length} members are named so (${match.members.map((m) => who(byId.get(m.id)!)).join(", ")}); give the e-mail address instead.`,
        flag,
      ),
    };
  if (match.by === "email")
    return {
      tag: "none",
      refusal: nobody(typed, `${flag} "${typed}": no member of this workspace has that e-mail address.`),
    };
  const word = normalizeName(typed);
  const near = members
    .map((m) => ({
      m,
      d: Math.min(
        leven(word, normalizeName(m.name)),
        ...normalizeName(m.name)
          .split(" ")
          .map((w) => leven(word, w)),
        leven(word, m.id.toLowerCase()),
      ),
    }))
    .filter((x) => x.d <= 2)
    .sort((a, b) => a.d - b.d);
  return {
    tag: "none",
    refusal: nobody(
      typed,
      `${flag} "${typed}": no member of this workspace is named so or has that id${near[0] ? ` (did you mean ${who(near[0].m)}?)` : ""}; \`accountable member list\` lists them.`,
    ),
  };
}

/**
 * The member `value` names, or a refusal that says why in words: nobody by that name (exit 3, and who is nearest),
 * or several (exit 2, with their addresses, to pick one by). See `matchMember`.
 */
export function resolveMember(value: string, members: readonly MemberEntry[], flag: string): MemberEntry {
  const match = matchMember(value, members, flag);
  if (match.tag === "found") return match.member;
  throw match.refusal;
}

/** Each of the comma-separated members a flag names ("amir,david@…"), by id, for a filter. */
export function resolveMembers(value: string, members: readonly MemberEntry[], flag: string): string[] {
  return value
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "")
    .map((v) => resolveMember(v, members, flag).id);
}

/** The member a flag names ("me" is the acting member), by id: for `--owner` and the like on commands that act. */
export async function memberFlag(
  session: { actorId(): string; read(): Promise<Pick<CliReader, "list">> },
  value: string,
  flag: string,
): Promise<string> {
  if (value.trim().toLowerCase() === "me") return session.actorId();
  return resolveMember(value, await membersOf(await session.read()), flag).id;
}

/**
 * Who owns an account created without `--owner`. An account executive creates their own (it is all they may
 * create); so does anyone in a workspace with no account executive (a founder on their own). Anyone else — an
 * admin, a director, a supervisor, usually creating for an AE — is asked to say whom: an account an AE cannot
 * act on helps nobody, and the admin would otherwise own it silently.
 */
export async function defaultAccountOwner(
  session: { actorId(): string; read(): Promise<Pick<CliReader, "list">> },
  accountName: string,
): Promise<string> {
  const me = session.actorId();
  const members = await membersOf(await session.read());
  const acting = members.find((m) => m.id === me);
  const executives = members.filter((m) => m.active && m.role === "account_executive");
  if (acting?.role === "account_executive" || executives.length === 0) return me;
  // A member who may not create an account even for themselves (a viewer, an assistant) is not asked whom it is
  // for: the service refuses the command in the domain's words (exit 4), whatever owner is named.
  const allowed = can({ memberId: me as MemberId, role: acting?.role as Role }, "account.create", {
    kind: "account",
    ownerId: me as MemberId,
  });
  if (acting && !allowed.allowed) return me;
  const shown = executives.slice(0, 5).map((m) => m.name);
  throw invalid(
    `Say who owns "${accountName}": --owner <name, e-mail or id> (an account executive: ${shown.join(", ")}${executives.length > shown.length ? ", …" : ""}), or --owner me to own it yourself.`,
    "--owner",
  );
}

/**
 * The member `--as` names: an id, an e-mail address, a full name or one member's first or last name, looked up
 * among the workspace's members (deactivated ones too) as its admin reads them — `--as "Amir Andersen"`, as
 * `--owner` takes it. A member of the workspace is acting even when deactivated: the service refuses them (exit
 * 4). A name several share is refused in words (exit 2); one nobody here has is not found (exit 3), with the
 * nearest name when there is one.
 */
export async function actingMember(
  value: string,
  read: () => Promise<Pick<CliReader, "list">>,
): Promise<string> {
  const members = await membersOf(await read());
  if (members.length === 0 || members.some((m) => m.id === value)) return value;
  const match = matchMember(value, members, "--as");
  if (match.tag === "found") return match.member.id;
  throw match.refusal;
}

/**
 * Who acts: the member `--as` names (an id, or a name or e-mail read among the members as the admin reads them),
 * else the workspace's admin. Without an admin to read as, `--as` is taken as an id.
 */
export async function actingAs(
  named: string | undefined,
  admin: () => Promise<string | undefined>,
  readAs: (adminId: string) => Promise<Pick<CliReader, "list">>,
): Promise<string | undefined> {
  const adminId = await admin();
  if (named === undefined) return adminId;
  if (adminId === undefined) return named;
  return actingMember(named, () => readAs(adminId));
}
