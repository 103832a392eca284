import {
  type Account,
  AccountSchema,
  type Contact,
  ContactSchema,
  type Contract,
  ContractSchema,
  emptyFacts,
  type Facts,
  type FactsWanted,
  type Member,
  type MemberDirectory,
  memberDirectory,
  type WorkspaceSettings,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { type Scope, selectRows } from "../scope.ts";

// What an import batch decides with: the accounts its rows name, with their contacts and contracts, loaded in
// four queries for the whole batch instead of three per row, and kept up to date as the batch's rows create
// accounts and contacts. It is the batch's driver of the domain's command path: `factsFor` answers the facts
// `factsWanted` asks for from them, with no query per row.

/** Accounts parsed by earlier batches of a run, with the row version they were parsed at. */
export type AccountCache = Map<string, { readonly version: number; readonly account: Account }>;

// `column = any($1)`: one array parameter however many values (an IN list costs a parameter, and builder time, each).
const anyOf = (column: PgColumn, values: readonly string[]) =>
  sql`${column} = any(${sql.param(values)}::text[])`;

type MemberRef = Pick<Member, "id" | "name" | "email" | "active" | "reportsTo">;

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

  /**
   * The facts one command of the batch reads. An import writes accounts, contacts, deals and members, whose
   * commands read no other facts; asking for one is a bug.
   */
  factsFor(wanted: FactsWanted, settings: WorkspaceSettings): Facts {
    for (const fact of ["contract", "deal", "brief", "addressee", "userLinked"] as const)
      if (wanted[fact] !== null) throw new Error(`an import does not read the ${fact} a command names`);
    if (wanted.pipelinesInUse) throw new Error("an import does not change settings");
    return {
      ...emptyFacts(settings),
      members: wanted.members ? this.members : [],
      account: wanted.account === null ? null : (this.accounts.get(wanted.account) ?? null),
      contacts: wanted.contactsOf === null ? [] : this.contactsOf(wanted.contactsOf),
      contracts: wanted.contractsOf === null ? [] : this.contractsOf(wanted.contractsOf),
      // A row naming an account the workspace has is matched to it before anything is decided (import-rows).
      sameName: null,
    };
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
