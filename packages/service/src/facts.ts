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
import { findData, type Scope } from "./scope.ts";

const none = Promise.resolve(null);

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

/** The facts a command needs, read from the read tables (rows were validated when written). */
export async function loadFacts(scope: Scope, wanted: FactsWanted): Promise<Omit<Facts, "missingReference">> {
  const [members, account, contacts, contracts, contract, deal, brief, sameName, pipelinesInUse, addressee] =
    await Promise.all([
      wanted.members ? allMembers(scope) : [],
      wanted.account === null ? none : loadAccount(scope, wanted.account).then((a) => a ?? null),
      wanted.contactsOf === null ? [] : accountContacts(scope, wanted.contactsOf),
      wanted.contractsOf === null ? [] : accountContracts(scope, wanted.contractsOf),
      wanted.contract === null
        ? none
        : findData(scope, schema.contracts, wanted.contract).then((d) =>
            d === undefined ? null : ContractSchema.parse(d),
          ),
      wanted.deal === null
        ? none
        : findData(scope, schema.opportunities, wanted.deal).then((d) => (d ?? null) as Opportunity | null),
      wanted.brief === null
        ? none
        : findData(scope, schema.briefs, wanted.brief).then((d) => (d ?? null) as Brief | null),
      wanted.sameName === null ? none : accountNamed(scope, wanted.sameName).then((a) => a ?? null),
      wanted.pipelinesInUse ? dealsPerPipeline(scope) : [],
      wanted.addressee === null ? none : addresseeOf(scope, wanted.addressee),
    ]);
  const userIsMember =
    wanted.userLinked !== null && (await isUserLinked(scope.db, wanted.userLinked, scope.workspaceId));
  return {
    settings: scope.settings,
    members,
    account,
    contacts,
    contracts,
    contract,
    deal,
    brief,
    sameName: sameName as Facts["sameName"],
    pipelinesInUse,
    addressee,
    userIsMember,
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
