import {
  type Account,
  AccountSchema,
  BINDING_CONTRACT_STATUSES,
  type Contact,
  ContactSchema,
  type Contract,
  ContractSchema,
  type DecisionContext,
  findPipeline,
  type Member,
  type MemberDirectory,
  memberDirectory,
  type OpportunityType,
  type PermissionResource,
  pipelineForType,
  resourceUnder,
  type WorkspaceSettings,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { AggregateType } from "../aggregates/registry.ts";
import { type Scope, selectRows } from "../scope.ts";

// What an import batch decides with: the accounts its rows name, with their contacts and contracts, loaded in
// four queries for the whole batch instead of three per row, and kept up to date as the batch's rows create
// accounts and contacts. `contextOf` and `resourceOf` build from them exactly what the specs' `context` and
// `resource` (src/aggregates/*.ts) load from the read tables; a test holds the two side by side.

const binding: readonly string[] = BINDING_CONTRACT_STATUSES;

/** Accounts parsed by earlier batches of a run, with the row version they were parsed at. */
export type AccountCache = Map<string, { readonly version: number; readonly account: Account }>;

// `column = any($1)`: one array parameter however many values (an IN list costs a parameter, and builder time, each).
const anyOf = (column: PgColumn, values: readonly string[]) =>
  sql`${column} = any(${sql.param(values)}::text[])`;

type MemberRef = Pick<Member, "id" | "name" | "email" | "active">;

export class BatchFacts {
  readonly accounts = new Map<string, Account>();
  /**
   * The workspace's members, which an import decides owners with: the run's, and those this batch (or the
   * one before it, not committed yet) creates from member rows and owners' names.
   */
  readonly members: MemberRef[];
  #directory: MemberDirectory | undefined;

  private constructor(members: readonly MemberRef[]) {
    this.members = [...members];
  }

  /** The members by id, e-mail and name, for reading rows' owners. */
  get directory(): MemberDirectory {
    this.#directory ??= memberDirectory(this.members);
    return this.#directory;
  }

  addMember(member: MemberRef): void {
    this.members.push(member);
    this.#directory = undefined;
  }

  removeMember(id: string): void {
    const at = this.members.findIndex((m) => m.id === id);
    if (at >= 0) this.members.splice(at, 1);
    this.#directory = undefined;
  }
  readonly #contacts = new Map<string, Contact[]>();
  readonly #contracts = new Map<string, Contract[]>();

  /**
   * Loads the accounts with these ids (those that exist), and their contacts and contracts. Accounts come
   * back with their row version: one parsed by an earlier batch at the same version is reused from `cache`.
   */
  static async load(
    scope: Scope,
    accountIds: readonly string[],
    cache: AccountCache,
    members: readonly MemberRef[] = [],
  ): Promise<BatchFacts> {
    const facts = new BatchFacts(members);
    const ids = [...new Set(accountIds)];
    const t = schema.accounts;
    // Versions first: an account an earlier batch parsed at the same version is not fetched again.
    const versions =
      ids.length === 0
        ? []
        : await selectRows(scope, t, { id: t.id, version: t.version }, { where: [anyOf(t.id, ids)] });
    const stale = versions.filter((v) => cache.get(v.id)?.version !== v.version).map((v) => v.id);
    const fetched =
      stale.length === 0
        ? []
        : await selectRows(
            scope,
            t,
            { id: t.id, version: t.version, data: t.data },
            { where: [anyOf(t.id, stale)] },
          );
    for (const row of fetched)
      cache.set(row.id, { version: row.version, account: AccountSchema.parse(row.data) });
    for (const { id } of versions) {
      // A row changed between the two reads was parsed as the second read saw it: the newer state.
      const cached = cache.get(id);
      if (cached) facts.accounts.set(id, cached.account);
    }
    const found = [...facts.accounts.keys()];
    if (found.length === 0) return facts;
    const [contacts, contracts] = await Promise.all([
      selectRows(
        scope,
        schema.contacts,
        { data: schema.contacts.data },
        { where: [anyOf(schema.contacts.accountId, found)] },
      ),
      selectRows(
        scope,
        schema.contracts,
        { data: schema.contracts.data },
        { where: [anyOf(schema.contracts.accountId, found)] },
      ),
    ]);
    for (const { data } of contacts) facts.addContact(ContactSchema.parse(data));
    for (const { data } of contracts) {
      const contract = ContractSchema.parse(data);
      push(facts.#contracts, contract.accountId, contract);
    }
    return facts;
  }

  addAccount(account: Account): void {
    this.accounts.set(account.id, account);
  }

  addContact(contact: Contact): void {
    push(this.#contacts, contact.accountId, contact);
  }

  contactsOf(accountId: string): readonly Contact[] {
    return this.#contacts.get(accountId) ?? [];
  }

  contractsOf(accountId: string): readonly Contract[] {
    return this.#contracts.get(accountId) ?? [];
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

type AnyState = { readonly status: string } & Record<string, unknown>;
type AnyCommand = { readonly type: string } & Record<string, unknown>;

// As the opportunity spec's `isCreation`: the commands that start a deal's stream.
const isDealCreation = (c: AnyCommand) => c.type === "CreateOpportunity" || c.type === "ImportOpportunity";

/** The decision context the aggregate's spec would load, from the batch's facts. */
export function contextOf(
  aggregate: AggregateType,
  base: DecisionContext,
  settings: WorkspaceSettings,
  state: AnyState,
  command: AnyCommand,
  facts: BatchFacts,
): DecisionContext {
  switch (aggregate) {
    case "account": {
      const contracts = state.status === "none" ? [] : facts.contractsOf(state.id as string);
      return {
        ...base,
        hasBindingContract: contracts.some((c) => binding.includes(c.status)),
        // A row naming an account the workspace has is matched to it before anything is decided (import-rows).
        sameName: null,
      } as DecisionContext;
    }
    case "contact":
    case "member":
      return base;
    case "opportunity": {
      const isNew = state.status === "none";
      const accountId = isNew
        ? isDealCreation(command)
          ? (command.accountId as string)
          : null
        : (state.accountId as string);
      const pipeline = isNew
        ? pipelineForType(
            settings,
            isDealCreation(command) ? (command.opportunityType as OpportunityType) : "new_business",
          )
        : findPipeline(settings, state.pipelineId as never);
      if (!pipeline) throw new Error(`deal ${String(state.id)} is in a pipeline that no longer exists`);
      const contacts = accountId === null ? [] : facts.contactsOf(accountId);
      const contracts = accountId === null ? [] : facts.contractsOf(accountId);
      const ctx = { ...base, pipeline, contacts, contracts };
      return (
        command.type === "ImportOpportunity" ? { ...ctx, members: facts.members } : ctx
      ) as DecisionContext;
    }
    default:
      throw new Error(`an import does not write ${aggregate} records`);
  }
}

/** The permission resource the aggregate's spec would load, from the batch's facts. */
export function resourceOf(
  aggregate: AggregateType,
  state: AnyState,
  command: AnyCommand,
  facts: BatchFacts,
): PermissionResource {
  const under = (kind: "contact" | "opportunity", accountId: unknown, holders = {}) =>
    resourceUnder(
      kind,
      accountId === null ? null : (facts.accounts.get(accountId as string) ?? null),
      holders,
    );
  const isNew = state.status === "none";
  switch (aggregate) {
    case "account":
      return isNew
        ? { kind: "account", ownerId: command.type === "CreateAccount" ? (command.ownerId as never) : null }
        : { ...resourceUnder("account", state as unknown as Account), ownerId: state.ownerId as never };
    case "member":
      // As the member spec's `resource` for a new member (an import only creates members): nobody's yet.
      return { kind: "member", ownerId: null };
    case "contact":
      return under(
        "contact",
        isNew ? (command.type === "AddContact" ? command.accountId : null) : state.accountId,
      );
    case "opportunity":
      return isNew
        ? under("opportunity", isDealCreation(command) ? command.accountId : null, {
            ownerId: isDealCreation(command) ? command.ownerId : null,
          })
        : under("opportunity", state.accountId, { ownerId: state.ownerId });
    default:
      throw new Error(`an import does not write ${aggregate} records`);
  }
}
