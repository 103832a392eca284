// The read tables as a driver of the domain's command path: the facts `factsWanted` asks for, loaded for one
// command (or one record's permission resource) from the workspace's read tables.
import {
  type Addressee,
  type Brief,
  ContractSchema,
  emptyFacts,
  type Facts,
  type FactsWanted,
  MemberIdSchema,
  type Opportunity,
  type PermissionResource,
  RoleSchema,
} from "@accountable/domain";
import { findMemberByEmail, isUserLinked, schema } from "@accountable/store";
import type { AnySpec } from "./aggregates/spec.ts";
import {
  accountContacts,
  accountContracts,
  accountNamed,
  allMembers,
  dealsPerPipeline,
  loadAccount,
} from "./lookups.ts";
import { findData, type ReadTable, type Scope } from "./scope.ts";

/** The active member with the address, as the invitation machine's guards ask about them. */
async function addresseeOf(scope: Scope, email: string): Promise<Addressee | null> {
  const found = await findMemberByEmail(scope.db, scope.workspaceId, email);
  return found
    ? {
        memberId: MemberIdSchema.parse(found.id),
        name: found.name,
        role: RoleSchema.parse(found.role),
        signsIn: found.signsIn,
      }
    : null;
}

/**
 * The facts a command needs, read from the read tables (rows were validated when written). One after another:
 * a command's queries share its transaction's one connection, which runs them one at a time anyway.
 */
export async function loadFacts(scope: Scope, wanted: FactsWanted): Promise<Omit<Facts, "missingReference">> {
  const row = async <T>(table: ReadTable, id: string | null): Promise<T | null> =>
    id === null ? null : (((await findData(scope, table, id)) ?? null) as T | null);
  const contract = await row<unknown>(schema.contracts, wanted.contract);
  return {
    settings: scope.settings,
    members: wanted.members ? await allMembers(scope) : [],
    account: wanted.account === null ? null : ((await loadAccount(scope, wanted.account)) ?? null),
    contacts: wanted.contactsOf === null ? [] : await accountContacts(scope, wanted.contactsOf),
    contracts: wanted.contractsOf === null ? [] : await accountContracts(scope, wanted.contractsOf),
    contract: contract === null ? null : ContractSchema.parse(contract),
    deal: await row<Opportunity>(schema.opportunities, wanted.deal),
    brief: await row<Brief>(schema.briefs, wanted.brief),
    sameName:
      wanted.sameName === null
        ? null
        : (((await accountNamed(scope, wanted.sameName)) ?? null) as Facts["sameName"]),
    pipelinesInUse: wanted.pipelinesInUse ? await dealsPerPipeline(scope) : [],
    addressee: wanted.addressee === null ? null : await addresseeOf(scope, wanted.addressee),
    userIsMember:
      wanted.userLinked !== null && (await isUserLinked(scope.db, wanted.userLinked, scope.workspaceId)),
  };
}

// A placeholder command: `resource` only reads the command for a record that does not exist yet.
const NO_COMMAND = { type: "" };

/** A record's permission resource as its commands describe it, with the account it is under read. */
export async function recordResource(
  scope: Scope,
  spec: AnySpec,
  record: unknown,
): Promise<PermissionResource> {
  const accountId: string | null = spec.wants(record, NO_COMMAND).account ?? null;
  const account = accountId === null ? null : ((await loadAccount(scope, accountId)) ?? null);
  return spec.resource(record, NO_COMMAND, { ...emptyFacts(scope.settings), account });
}
