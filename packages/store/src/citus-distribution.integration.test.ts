// Can the schema be spread over several machines with Citus, every workspace's rows on one of them? This test
// reads the migrated database's catalog and holds every table to the rules Citus sets for that (see "Beyond one
// machine: Citus" in the README):
//   - each table is either distributed by its workspace column or on the short list of reference / local tables
//     below, each with its reason;
//   - on a distributed table, every primary key and unique index includes the workspace column (Citus can only
//     enforce uniqueness inside one shard);
//   - a foreign key between two distributed tables includes the workspace column on both sides, paired (so the
//     two rows live on the same shard); a reference or local table never points at a distributed one;
//   - no sequence or identity column on a distributed table is needed for correctness, except the ones named
//     below with why they are safe.
// Known violations are listed with the fix each needs; the test fails when one appears that is not listed, and
// when a listed one is gone (so the list and the README stay true).
// Not checked here: that no statement joins or reads across workspaces. That is checked by reading (every store
// function takes a workspace id and filters by it), not by a test.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "./open-database.ts";
import { testTargets } from "./testing/targets.ts";

/** The tenant table itself: distributed by its own id, the value every other table's workspace_id holds. */
const TENANT = { table: "workspaces", column: "id" } as const;
const WORKSPACE_COLUMN = "workspace_id";

/** Tables kept whole on every node (reference) or only on the coordinator (local), and why. */
const NOT_DISTRIBUTED: Readonly<Record<string, { kind: "reference" | "local"; why: string }>> = {
  // Sign-in (better-auth): a person is one user across all their workspaces, and a session, a password
  // account or a verification is looked up before any workspace is known. Small, read on every request, joined
  // by the workspace_users link from any shard: reference tables.
  auth_users: { kind: "reference", why: "a person spans workspaces; read before a workspace is known" },
  auth_sessions: { kind: "reference", why: "looked up by session token before a workspace is known" },
  auth_accounts: { kind: "reference", why: "a user's sign-in methods, not a workspace's" },
  auth_verifications: { kind: "reference", why: "e-mail / reset tokens, looked up by token alone" },
  auth_rate_limits: { kind: "reference", why: "keyed by client address, before any workspace is known" },
  // A personal API token belongs to a user and is looked up by its hash before the workspace is known.
  api_tokens: { kind: "reference", why: "looked up by token hash alone; belongs to a user, not a workspace" },
};

/** Schemas whose tables are the machinery's, not the product's: kept local on the coordinator. */
const LOCAL_SCHEMAS = ["drizzle", "pgboss"];

/** Sequence / identity columns on distributed tables, and why correctness does not need them to be global. */
const ALLOWED_SEQUENCES: Readonly<Record<string, string>> = {
  // Citus hands each node its own range of the sequence: values stay unique cluster-wide but are not one global
  // order. Nothing relies on that order across workspaces: (workspace_id, seq) is the unique key; readers page
  // one workspace by seq knowing it is not commit order; the outbox orders by (tx_id, seq) behind its snapshot
  // horizon, and one transaction's events come from one node, so seq still increases within a transaction.
  "events.seq": "unique per node range; only ever compared within one workspace / one transaction",
};

/** Violations known today, each with the fix it needs before distributing. Keep in step with the README. */
const KNOWN_VIOLATIONS: Readonly<Record<string, string>> = {
  "unique index invitations_token_hash_unique on invitations (token_hash) lacks workspace_id":
    "an invitation link is looked up by token hash alone: put the workspace id in the link (…/invitations/<ws>/<token>) " +
    "and make the key (workspace_id, token_hash), or keep a reference table token_hash → workspace_id",
  "unique index calendar_feeds_secret_idx on calendar_feeds (secret_hash) lacks workspace_id":
    "a calendar feed URL is looked up by its secret alone: put the workspace id in the feed URL and make the key " +
    "(workspace_id, secret_hash), or keep a reference table secret_hash → workspace_id",
};

interface TableRow {
  readonly schema: string;
  readonly table: string;
  readonly columns: string[];
}
interface UniqueRow {
  readonly table: string;
  readonly index: string;
  readonly columns: (string | null)[];
}
interface ForeignKeyRow {
  readonly name: string;
  readonly table: string;
  readonly columns: string[];
  readonly refTable: string;
  readonly refColumns: string[];
}
interface SequenceRow {
  readonly table: string;
  readonly column: string;
}

interface Catalog {
  readonly tables: TableRow[];
  readonly uniques: UniqueRow[];
  readonly foreignKeys: ForeignKeyRow[];
  readonly sequences: SequenceRow[];
}

async function readCatalog(handle: DatabaseHandle): Promise<Catalog> {
  const rows = async <T>(query: ReturnType<typeof sql>) =>
    ((await handle.db.execute(query)) as unknown as { rows: T[] }).rows;
  const tables = await rows<TableRow>(sql`
    select n.nspname as schema, c.relname as "table",
      array(select a.attname::text from pg_attribute a
            where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped order by a.attnum) as columns
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
      and n.nspname not like 'pg\_%'`);
  // Primary keys, unique constraints and unique indexes alike (all are unique indexes in pg_index). An expression
  // column (attnum 0) reads as null: it never counts as the workspace column.
  const uniques = await rows<UniqueRow>(sql`
    select t.relname as "table", i.relname as index,
      array(select a.attname::text from unnest(x.indkey[0:x.indnkeyatts - 1]) with ordinality k(attnum, ord)
            left join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.ord) as columns
    from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    where x.indisunique and n.nspname = 'public'`);
  const foreignKeys = await rows<ForeignKeyRow>(sql`
    select c.conname as name, t.relname as "table", r.relname as "refTable",
      array(select a.attname::text from unnest(c.conkey) with ordinality k(attnum, ord)
            join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.ord) as columns,
      array(select a.attname::text from unnest(c.confkey) with ordinality k(attnum, ord)
            join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum order by k.ord) as "refColumns"
    from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_class r on r.oid = c.confrelid
    join pg_namespace n on n.oid = t.relnamespace
    where c.contype = 'f' and n.nspname = 'public'`);
  const sequences = await rows<SequenceRow>(sql`
    select c.table_name as "table", c.column_name as "column"
    from information_schema.columns c
    where c.table_schema = 'public' and (c.is_identity = 'YES' or c.column_default like 'nextval(%')`);
  return { tables, uniques, foreignKeys, sequences };
}

/** The distribution column of a distributed table, or undefined for a reference / local one. */
function distributionColumn(table: string): string | undefined {
  if (table === TENANT.table) return TENANT.column;
  return table in NOT_DISTRIBUTED ? undefined : WORKSPACE_COLUMN;
}

/** Every way the catalog breaks the rules, as sentences. */
function distributionViolations(catalog: Catalog): string[] {
  const found: string[] = [];
  const publicTables = catalog.tables.filter((t) => t.schema === "public");
  for (const t of catalog.tables) {
    if (t.schema !== "public" && !LOCAL_SCHEMAS.includes(t.schema)) {
      found.push(`table ${t.schema}.${t.table} is in a schema this test does not classify`);
    }
  }
  for (const t of publicTables) {
    const column = distributionColumn(t.table);
    if (column && !t.columns.includes(column)) {
      found.push(
        `table ${t.table} has no ${column} column: distribute it by workspace or name it a reference table`,
      );
    }
  }
  for (const name of Object.keys(NOT_DISTRIBUTED)) {
    if (!publicTables.some((t) => t.table === name))
      found.push(`listed reference table ${name} does not exist`);
  }
  for (const u of catalog.uniques) {
    const column = distributionColumn(u.table);
    if (column && !u.columns.includes(column)) {
      found.push(
        `unique index ${u.index} on ${u.table} (${u.columns.map((c) => c ?? "<expression>").join(", ")}) lacks ${column}`,
      );
    }
  }
  for (const fk of catalog.foreignKeys) {
    const from = distributionColumn(fk.table);
    const to = distributionColumn(fk.refTable);
    if (!from && to) {
      found.push(`foreign key ${fk.name}: reference table ${fk.table} points at distributed ${fk.refTable}`);
    } else if (from && to) {
      const paired = fk.columns.some((c, i) => c === from && fk.refColumns[i] === to);
      if (!paired) {
        found.push(`foreign key ${fk.name} (${fk.table} → ${fk.refTable}) does not pair ${from} with ${to}`);
      }
    }
  }
  for (const s of catalog.sequences) {
    const key = `${s.table}.${s.column}`;
    if (distributionColumn(s.table) && !(key in ALLOWED_SEQUENCES)) {
      found.push(`sequence column ${key} on a distributed table is not on the allowed list`);
    }
  }
  for (const key of Object.keys(ALLOWED_SEQUENCES)) {
    if (!catalog.sequences.some((s) => `${s.table}.${s.column}` === key)) {
      found.push(`allowed sequence column ${key} does not exist`);
    }
  }
  return found.sort();
}

for (const target of testTargets(process.env.DATABASE_URL)) {
  describe.skipIf(target.skip)(`the schema can be distributed by workspace on Citus (${target.name})`, () => {
    let catalog: Catalog;
    beforeAll(async () => {
      const handle = await target.open();
      try {
        catalog = await readCatalog(handle);
      } finally {
        await handle.close();
      }
    });

    it("reads the whole schema (the catalog queries see the tables, keys and foreign keys)", () => {
      const names = catalog.tables.map((t) => t.table);
      expect(names).toEqual(expect.arrayContaining(["workspaces", "events", "streams", "opportunities"]));
      expect(catalog.uniques.map((u) => u.index)).toContain("events_pkey");
      expect(catalog.foreignKeys.length).toBeGreaterThan(5);
    });

    it("breaks no rule beyond the known violations, each listed with its fix", () => {
      expect(distributionViolations(catalog)).toEqual(Object.keys(KNOWN_VIOLATIONS).sort());
    });

    it("notices a unique index without the workspace, a new unclassified table and an unpaired foreign key", () => {
      const broken: Catalog = {
        ...catalog,
        tables: [...catalog.tables, { schema: "public", table: "shared_things", columns: ["id"] }],
        uniques: [
          ...catalog.uniques,
          { table: "opportunities", index: "opportunities_name_unique", columns: ["name"] },
        ],
        foreignKeys: [
          ...catalog.foreignKeys,
          {
            name: "tasks_owner_fk",
            table: "tasks",
            columns: ["assignee_id"],
            refTable: "members",
            refColumns: ["id"],
          },
        ],
      };
      expect(distributionViolations(broken)).toEqual(
        [
          ...Object.keys(KNOWN_VIOLATIONS),
          "table shared_things has no workspace_id column: distribute it by workspace or name it a reference table",
          "unique index opportunities_name_unique on opportunities (name) lacks workspace_id",
          "foreign key tasks_owner_fk (tasks → members) does not pair workspace_id with workspace_id",
        ].sort(),
      );
    });
  });
}
