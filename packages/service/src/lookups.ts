import {
  type Account,
  AccountSchema,
  type Contact,
  ContactSchema,
  type Contract,
  ContractSchema,
  type Member,
  MemberSchema,
  NAME_MARKS_CLASS,
  normalizeName,
  type PermissionResource,
  type PipelineUse,
  type ResourceKind,
  resourceUnder,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { findData, listDataWhere, type Scope, selectRows } from "./scope.ts";

// Reads of the read tables that decisions and permission checks need, parsed with the domain's schemas.

export async function loadAccount(scope: Scope, id: string): Promise<Account | undefined> {
  if (scope.accounts) {
    let data = scope.accounts.get(id);
    if (!data) {
      data = findData(scope, schema.accounts, id);
      scope.accounts.set(id, data);
    }
    const found = await data;
    return found === undefined ? undefined : AccountSchema.parse(found);
  }
  const data = await findData(scope, schema.accounts, id);
  return data === undefined ? undefined : AccountSchema.parse(data);
}

export async function accountContacts(scope: Scope, accountId: string): Promise<Contact[]> {
  return (await listDataWhere(scope, schema.contacts, schema.contacts.accountId, accountId)).map((d) =>
    ContactSchema.parse(d),
  );
}

export async function accountContracts(scope: Scope, accountId: string): Promise<Contract[]> {
  return (await listDataWhere(scope, schema.contracts, schema.contracts.accountId, accountId)).map((d) =>
    ContractSchema.parse(d),
  );
}

export async function loadMember(
  scope: Pick<Scope, "db" | "workspaceId">,
  id: string,
): Promise<Member | undefined> {
  const data = await findData(scope, schema.members, id);
  return data === undefined ? undefined : MemberSchema.parse(data);
}

export async function allMembers(scope: Scope): Promise<Member[]> {
  const rows = await scope.db
    .select({ data: schema.members.data })
    .from(schema.members)
    .where(eqWorkspace(scope));
  return rows.map((r) => MemberSchema.parse(r.data));
}

import { eq, sql } from "drizzle-orm";

/** How many deals, open and closed, each pipeline holds (for the workspace's "pipeline in use" guard). */
export async function dealsPerPipeline(scope: Scope): Promise<PipelineUse[]> {
  const o = schema.opportunities;
  return selectRows(
    scope,
    o,
    {
      pipelineId: o.pipelineId,
      open: sql<number>`(count(*) filter (where ${o.status} = 'open'))::int`,
      closed: sql<number>`(count(*) filter (where ${o.status} <> 'open'))::int`,
    },
    { groupBy: [o.pipelineId] },
  );
}

const eqWorkspace = (scope: Scope) => eq(schema.members.workspaceId, scope.workspaceId);

/** The permission resource of a record under an account, loading the account's owner and team. */
export async function underAccount(
  scope: Scope,
  kind: ResourceKind,
  accountId: string | null,
  holders: Parameters<typeof resourceUnder>[2] = {},
): Promise<PermissionResource> {
  const account = accountId === null ? null : await loadAccount(scope, accountId);
  return resourceUnder(kind, account ?? null, holders);
}

/**
 * Another account of the workspace with this name, compared as the import compares names (the domain's
 * `normalizeName`: accents, case and spacing aside — the same steps in SQL), or undefined: a new account of a
 * name already taken is refused unless asked for.
 */
export async function accountNamed(
  scope: Scope,
  name: string,
): Promise<{ id: string; name: string } | undefined> {
  const normalized = normalizeName(name);
  const bare = sql`regexp_replace(normalize(${schema.accounts.name}, NFKD), ${NAME_MARKS_CLASS}, '', 'g')`;
  const [found] = await selectRows(
    scope,
    schema.accounts,
    { id: schema.accounts.id, name: schema.accounts.name },
    {
      where: [sql`lower(btrim(regexp_replace(${bare}, '[[:space:]]+', ' ', 'g'))) = ${normalized}`],
      limit: 1,
    },
  );
  return found;
}
