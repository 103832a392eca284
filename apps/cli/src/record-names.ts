// Ids as people read them in a table: the member's name for "amir", the client's for "acme", the deal's, the
// contract's, the contact's, the stage's label. One place for every readable table that names records by id
// (`<aggregate> list`, `history`'s details), read as the acting member may read (a record they may not read
// keeps its id). `--json` keeps the ids: these are for the eyes only.
import type { Pipeline } from "@accountable/domain";
import type { CliReader } from "./cli-service.ts";
import { type MemberEntry, membersOf } from "./members.ts";

/** The kinds of record a table names by id. */
export type NameKind = "member" | "account" | "opportunity" | "contract" | "contact" | "stage" | "pipeline";

/** Read by id, one record each: these kinds are few on a page. */
const BY_RECORD = ["account", "opportunity", "contract", "contact"] as const;
type RecordKind = (typeof BY_RECORD)[number];

/** The field of each record that names it. */
const LABEL: Readonly<Record<RecordKind, string>> = {
  account: "name",
  opportunity: "name",
  contract: "title",
  contact: "name",
};

export interface RecordNames {
  /** The name of the record of this kind and id, or the id itself when it is not known (or not readable). */
  name(kind: NameKind, id: unknown): string;
}

/**
 * Names for these ids, read once: the workspace's members (given, or read), the pipelines' stage labels, and the
 * accounts, deals, contracts and contacts asked for (one read each, in parallel; a page names fifty at most).
 */
export async function recordNames(
  read: Pick<CliReader, "list" | "record">,
  wanted: Partial<Record<RecordKind, Iterable<unknown>>>,
  options: { readonly people?: readonly MemberEntry[]; readonly pipelines?: readonly Pipeline[] } = {},
): Promise<RecordNames> {
  const members = new Map((options.people ?? (await membersOf(read))).map((m) => [m.id as string, m.name]));
  const stages = new Map<string, string>();
  const pipelines = new Map<string, string>();
  for (const p of options.pipelines ?? []) {
    pipelines.set(p.id, p.name);
    for (const st of p.stages) if (!stages.has(st.id)) stages.set(st.id, st.label);
  }
  const found: Record<RecordKind, Map<string, string>> = {
    account: new Map(),
    opportunity: new Map(),
    contract: new Map(),
    contact: new Map(),
  };
  await Promise.all(
    BY_RECORD.flatMap((kind) =>
      [...new Set([...(wanted[kind] ?? [])].filter((id): id is string => typeof id === "string"))].map(
        async (id) => {
          const r = await read.record(kind, id).catch(() => undefined);
          const label =
            r?.ok === true ? (r.value.state as Record<string, unknown> | null)?.[LABEL[kind]] : undefined;
          if (typeof label === "string") found[kind].set(id, label);
        },
      ),
    ),
  );
  return {
    name(kind, id) {
      if (typeof id !== "string") return id === null || id === undefined ? "—" : String(id);
      const known =
        kind === "member"
          ? members.get(id)
          : kind === "stage"
            ? stages.get(id)
            : kind === "pipeline"
              ? pipelines.get(id)
              : found[kind].get(id);
      return known ?? id;
    },
  };
}

/** Ids of a kind that these rows hold in these fields (a field holding a list gives each of its ids). */
export function idsIn(rows: readonly Readonly<Record<string, unknown>>[], ...fields: string[]): string[] {
  const ids: string[] = [];
  for (const r of rows)
    for (const f of fields) {
      const v = r[f];
      if (typeof v === "string") ids.push(v);
      else if (Array.isArray(v)) for (const x of v) if (typeof x === "string") ids.push(x);
    }
  return ids;
}

/**
 * What a field of an event's payload names, by its name: `ownerId` a member, `toStageId` a stage, `accountId` an
 * account… (undefined: a field that names nothing, printed as it is).
 */
export function kindOfField(field: string): NameKind | undefined {
  if (/[sS]tageIds?$/.test(field)) return "stage";
  if (field === "pipelineId") return "pipeline";
  if (/^(accountId|accountIds|parentId)$/.test(field)) return "account";
  if (/[oO]pportunityIds?$/.test(field)) return "opportunity";
  if (/[cC]ontractIds?$/.test(field) || field === "renewedById") return "contract";
  if (/[cC]ontactIds?$/.test(field) || field === "reportsToId" || field === "stakeholderIds")
    return "contact";
  if (
    /^(ownerId|memberId|memberIds|assigneeId|plannerId|authorId|accountManagerId|supervisorId|reportsTo|recordedBy|addedBy|invitedBy|escalatedTo|projectManagerIds|previousOwnerId)$/.test(
      field,
    )
  )
    return "member";
  return undefined;
}

/** A field named by what it holds once its ids are names: "ownerId" → "owner", "projectManagerIds" → "projectManagers". */
export const namedField = (field: string) =>
  /^(reportsTo|escalatedTo|recordedBy|addedBy|invitedBy)$/.test(field)
    ? field
    : field.replace(/Ids$/, "s").replace(/Id$/, "");
