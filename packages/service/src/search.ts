// Global search: one query over accounts, contacts, deals, contracts, briefs and notes, typo-tolerant and
// ranked by PostgreSQL itself (pg_trgm's word similarity and similarity, and text search's ts_rank over a
// prefix query), answered as the acting member may read. A typo is mended against the workspace's vocabulary
// (its records' distinct words, a small table with a trigram index); each kind is then one arm of a UNION ALL
// finding records by the words matched through the kind's full-text index (the same expression, from the
// store's search-text.ts); an exact id is an arm of its own, on the primary key. Members whose role reads only their own records are narrowed in SQL
// to the accounts and records they hold, and every hit is then checked with `can()` like any other read: a
// search never shows a record its member could not open. No hit carries money.
import {
  type Action,
  can,
  type MemberId,
  PERMISSION_MATRIX,
  SEARCH_KINDS,
  type SearchKind,
  SearchKindSchema,
  type SearchQuery,
  SearchQuerySchema,
  searchWords,
} from "@accountable/domain";
import {
  accountSearchText,
  briefSearchText,
  contactSearchText,
  contractSearchText,
  noteSearchText,
  opportunitySearchText,
  type StoreDatabase,
  schema,
  searchVector,
} from "@accountable/store";
import { inArray, type SQL, sql } from "drizzle-orm";
import { type PgColumn, PgDialect } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { AggregateType } from "./aggregates/registry.ts";
import { parseOptions, type QueryResult, queryOk, queryRefused } from "./queries/result.ts";
import { selectRows } from "./scope.ts";
import { type Viewer, viewerOf, visibleRecords } from "./visibility.ts";

export const SearchHitSchema = z
  .object({
    kind: SearchKindSchema,
    id: z.string(),
    title: z
      .string()
      .meta({ description: "The record's name (a note: its subject; a contract, a brief: its title)." }),
    detail: z
      .string()
      .nullable()
      .meta({ description: "What tells two hits of one name apart: a contact's e-mail address." }),
    status: z.string(),
    accountId: z
      .string()
      .nullable()
      .meta({ description: "The account the record is under (an account: null)." }),
    accountName: z.string().nullable(),
    score: z.number().meta({ description: "How well it matches; hits come best first." }),
  })
  .meta({ id: "SearchHit" });
export type SearchHit = z.output<typeof SearchHitSchema>;

export const SearchResultsSchema = z
  .object({
    text: z.string().meta({ description: "The text searched, as read (spaces folded, ends trimmed)." }),
    hits: z.array(SearchHitSchema).meta({ description: "Best match first; only records you may read." }),
  })
  .meta({ id: "SearchResults", description: "What a global search found that you may read." });
export type SearchResults = z.output<typeof SearchResultsSchema>;

/** The aggregate each kind of hit is read as (a note is an activity). */
const AGGREGATE_OF: Readonly<Record<SearchKind, AggregateType>> = {
  account: "account",
  contact: "contact",
  opportunity: "opportunity",
  contract: "contract",
  brief: "brief",
  note: "activity",
};

// Below this word similarity a word of the vocabulary is not a match for a word typed (pg_trgm's default, 0.6,
// misses "jon" for "John").
const WORD_SIMILARITY_THRESHOLD = 0.3;
// How many words of the vocabulary one word of a search may stand for (the closest first).
const VARIANTS_PER_WORD = 8;

interface Arm {
  readonly from: SQL;
  readonly data: PgColumn;
  readonly text: SQL;
  /** The words the record is found by (its full-text index's expression). */
  readonly vector: SQL;
  readonly title: SQL;
  readonly detail: SQL;
  readonly accountId: SQL;
  readonly status: SQL;
  readonly id: PgColumn;
  readonly workspaceId: PgColumn;
  /** Besides the table's own filter (a note is an activity of kind note). */
  readonly where?: SQL;
  /** Who holds the record itself, beside its account's owner and team (see the specs' `resource`). */
  readonly holders: readonly SQL[];
  /** Equal to the search, a record ranks first among its kind (a name typed out, an e-mail address). */
  readonly exact: readonly SQL[];
}

const a = schema.accounts;
const c = schema.contacts;
const o = schema.opportunities;
const k = schema.contracts;
const b = schema.briefs;
const n = schema.activities;

const ARMS: Readonly<Record<SearchKind, Arm>> = {
  account: {
    from: sql`${a}`,
    data: a.data,
    text: accountSearchText(a),
    vector: searchVector(a, accountSearchText(a)),
    title: sql`${a.name}`,
    detail: sql`null::text`,
    accountId: sql`null::text`,
    status: sql`${a.status}`,
    id: a.id,
    workspaceId: a.workspaceId,
    holders: [],
    exact: [sql`${a.name}`],
  },
  contact: {
    from: sql`${c}`,
    data: c.data,
    text: contactSearchText(c),
    vector: searchVector(c, contactSearchText(c)),
    title: sql`${c.name}`,
    detail: sql`${c.email}`,
    accountId: sql`${c.accountId}`,
    status: sql`(${c.data} ->> 'status')`,
    id: c.id,
    workspaceId: c.workspaceId,
    holders: [],
    exact: [sql`${c.name}`, sql`${c.email}`],
  },
  opportunity: {
    from: sql`${o}`,
    data: o.data,
    text: opportunitySearchText(o),
    vector: searchVector(o, opportunitySearchText(o)),
    title: sql`${o.name}`,
    detail: sql`null::text`,
    accountId: sql`${o.accountId}`,
    status: sql`${o.status}`,
    id: o.id,
    workspaceId: o.workspaceId,
    holders: [sql`${o.ownerId}`],
    exact: [sql`${o.name}`],
  },
  contract: {
    from: sql`${k}`,
    data: k.data,
    text: contractSearchText(k),
    vector: searchVector(k, contractSearchText(k)),
    title: sql`${k.title}`,
    detail: sql`null::text`,
    accountId: sql`${k.accountId}`,
    status: sql`${k.status}`,
    id: k.id,
    workspaceId: k.workspaceId,
    holders: [sql`${k.ownerId}`],
    exact: [sql`${k.title}`],
  },
  brief: {
    from: sql`${b}`,
    data: b.data,
    text: briefSearchText(b),
    vector: searchVector(b, briefSearchText(b)),
    title: briefSearchText(b),
    detail: sql`null::text`,
    accountId: sql`${b.accountId}`,
    status: sql`${b.status}`,
    id: b.id,
    workspaceId: b.workspaceId,
    holders: [sql`${b.plannerId}`],
    exact: [briefSearchText(b)],
  },
  note: {
    from: sql`${n}`,
    data: n.data,
    text: noteSearchText(n),
    vector: searchVector(n, noteSearchText(n)),
    title: noteSearchText(n),
    detail: sql`null::text`,
    accountId: sql`${n.accountId}`,
    status: sql`${n.status}`,
    id: n.id,
    workspaceId: n.workspaceId,
    where: sql`${n.kind} = 'note'`,
    holders: [sql`(${n.data} ->> 'authorId')`],
    exact: [noteSearchText(n)],
  },
};

/** A row of the ranked UNION, before the permission check. */
interface Candidate {
  readonly kind: SearchKind;
  readonly id: string;
  readonly title: string;
  readonly detail: string | null;
  readonly status: string;
  readonly account_id: string | null;
  readonly score: number | string;
  readonly data: unknown;
}

/**
 * How many candidates of a kind each pass hands to the full ranking. A common word ("acme", "media group",
 * "2027") matches tens of thousands of records in a large workspace, and scoring every one of them was the
 * search's cost; each pass stops at this many (its full-text index finds them, and the scan ends there).
 */
export const SEARCH_CANDIDATES_PER_KIND = 60;

/**
 * The ranked SQL of one search, as run for a member whose read rule on each kind is given (`people`: whose
 * records are theirs, the member and, under a team rule, who reports to them; null: every record). Exported
 * for the benchmark's baseline, which runs the same statement straight through a driver.
 *
 * Typos are mended against the workspace's vocabulary, not against its records (pg_trgm's advice for large
 * tables): each word of the search stands for the few words of `search_words` most like it (word similarity,
 * `<%`: "globx" for "globex", "jon" for "john", "logi" for "logistics"), found by the vocabulary's small trigram
 * index; a word holding a digit, or like no word there, stands for the words it begins. The records are then
 * found by those words through each kind's full-text index, in passes that each stop at
 * SEARCH_CANDIDATES_PER_KIND records: (1) every word of the search by its closest variants; (2) only when that
 * is fewer than a page, by any of its variants; (3) only when no record of any kind holds every word so, and
 * the search has several words, records holding any of them by its closest variants. Only the candidates are ranked in full — word similarity and similarity of the
 * search to the record's text, text search's rank over a prefix query, and a bonus for an exact match — so
 * when more records match than a pass takes, the hits are the best of those taken, not of every match.
 * Beside the passes: records whose text equals the search, case aside (a b-tree on `lower(text)`), so a name
 * typed out ranks first however many records contain it as a word ("Acme" among a thousand "Acme …"); and the
 * record whose id is the search.
 */
export function searchStatement(
  workspaceId: string,
  query: Pick<SearchQuery, "text" | "kinds">,
  options: {
    readonly perKind: number;
    readonly limit: number;
    readonly people?: (kind: SearchKind) => readonly string[] | null;
  },
): SQL {
  const q = sql`${query.text}::text`;
  const words = searchWords(query.text);
  const tsq = words.length === 0 ? null : words.map((w) => `${w}:*`).join(" & ");
  const kinds = query.kinds ?? SEARCH_KINDS;
  const candidates = Math.max(options.perKind, SEARCH_CANDIDATES_PER_KIND);
  // The words looked up: two characters or more (a lone letter would stand for half the vocabulary), once each.
  const looked = [...new Set(words.filter((w) => w.length >= 2))];
  const quoted = (word: SQL) => sql`'''' || ${word} || ''''`;
  // Each word: its variants in the vocabulary (none for a word holding a digit: the vocabulary has no such word).
  const variants = looked.map((word, i) =>
    /\p{N}/u.test(word)
      ? sql`(select ${i}::int as i, null::text as word, 0::real as score where false)`
      : sql`(select ${i}::int as i, s.word, word_similarity(${word}::text, s.word) as score from ${schema.searchWords} s
          where s.workspace_id = ${workspaceId} and ${word}::text <% s.word
          order by score desc, similarity(${word}::text, s.word) desc, s.word limit ${VARIANTS_PER_WORD})`,
  );
  // Each word as tsquery text: its closest variants (best), all of them (near); the words it begins if none.
  const terms = looked.map(
    (word, i) => sql`select ${i}::int as i,
      coalesce((select string_agg(${quoted(sql`v.word`)}, ' | ') from variants v where v.i = ${i}
        and v.score >= (select max(x.score) from variants x where x.i = ${i})), ${`'${word}':*`}::text) as best,
      coalesce((select string_agg(${quoted(sql`v.word`)}, ' | ') from variants v where v.i = ${i}), ${`'${word}':*`}::text) as near`,
  );
  const searched =
    looked.length === 0
      ? sql`searched as (select null::tsquery as q_best, null::tsquery as q_near, null::tsquery as q_wide)`
      : sql`variants as materialized (${sql.join(variants, sql` union all `)}),
        terms as materialized (${sql.join(terms, sql` union all `)}),
        searched as materialized (select
          (select string_agg('(' || best || ')', ' & ') from terms)::tsquery as q_best,
          (select string_agg('(' || near || ')', ' & ') from terms)::tsquery as q_near,
          (select string_agg('(' || best || ')', ' | ') from terms)::tsquery as q_wide)`;
  const passes: SQL[] = [];
  const arms = kinds.map((kind, order) => {
    const arm = ARMS[kind];
    const people = options.people?.(kind) ?? null;
    const narrow = people === null ? sql`true` : ownedBy(kind, workspaceId, people);
    const exactly = arm.exact.map((e) => sql`lower(${e}) = lower(${q})`);
    const exact = sql.join(exactly, sql` or `);
    const rank = sql`(word_similarity(${q}, ${arm.text}) + 0.5 * similarity(${q}, ${arm.text})${
      tsq === null
        ? sql``
        : sql` + 3 * ts_rank(to_tsvector('simple', ${arm.text}), to_tsquery('simple', ${tsq}::text))`
    } + case when ${exact} then 1 else 0 end)`;
    const where = arm.where ?? sql`true`;
    const table = arm.from;
    const select = (score: SQL, from: SQL) =>
      sql`select ${kind}::text as kind, ${order}::int as kind_order, ${arm.id} as id, ${arm.title} as title, ${arm.detail} as detail, ${arm.status} as status, ${arm.accountId} as account_id, ${score} as score, ${arm.data} as data from ${from}`;
    const mine = sql`${arm.workspaceId} = ${workspaceId} and ${where} and ${narrow}`;
    // The candidates, in a subquery named as the table so the arm's column references read its rows. Each pass is
    // planned as if every match were wanted (a materialized CTE, read lazily up to the LIMIT): planned with its
    // LIMIT, PostgreSQL would rather walk another index of the table (its workspace's b-tree) and test each row
    // until it had enough, which reads the whole workspace when few or none match.
    const pass = (name: string, words: string, gate: SQL = sql``) =>
      sql`${sql.identifier(`${kind}_${name}`)} as (with matches as materialized (select * from ${table} where ${mine} and ${arm.vector} @@ (select ${sql.identifier(words)} from searched)${gate}) select * from matches limit ${candidates})`;
    // The closer variants only when the closest are too few to fill the page, so a common word does not pay.
    passes.push(pass("best", "q_best"));
    passes.push(
      pass(
        "near",
        "q_near",
        sql` and (select count(*) from ${sql.identifier(`${kind}_best`)}) < ${options.perKind}`,
      ),
    );
    // Records holding only some of the words: only when no record of any kind holds them all (such a pass reads
    // every record holding any of the words: tens of thousands for a common one, as "test" of an e-mail address).
    passes.push(
      looked.length > 1
        ? pass("wide", "q_wide", sql` and not exists (select 1 from holding_all)`)
        : sql`${sql.identifier(`${kind}_wide`)} as (select * from ${sql.identifier(`${kind}_best`)} where false)`,
    );
    const candidatesOf = sql.join(
      ["best", "near", "wide"].map((name) => sql`select * from ${sql.identifier(`${kind}_${name}`)}`),
      sql` union `,
    );
    return sql`(${select(rank, sql`(${candidatesOf}) as ${table}`)} order by score desc, ${arm.id} limit ${options.perKind})
      union all (${select(rank, table)} where ${mine} and (${exact}) limit ${options.perKind})
      union all (${select(sql`10.0::real`, table)} where ${arm.workspaceId} = ${workspaceId} and ${arm.id} = ${q} and ${where} and ${narrow})`;
  });
  const holdingAll = sql`holding_all as (${sql.join(
    kinds.flatMap((kind) =>
      ["best", "near"].map((name) => sql`select id from ${sql.identifier(`${kind}_${name}`)}`),
    ),
    sql` union all `,
  )})`;
  // A record found by more than one arm (its name typed out is also a candidate; its id) counts once, at its best.
  return sql`with ${searched}, ${sql.join(
    passes.filter((_, i) => i % 3 !== 2),
    sql`, `,
  )}, ${holdingAll}, ${sql.join(
    passes.filter((_, i) => i % 3 === 2),
    sql`, `,
  )} select kind, id, title, detail, status, account_id, score, data from (select distinct on (kind, id) * from (${sql.join(arms, sql` union all `)}) hits order by kind, id, score desc) best order by score desc, kind_order, title, id limit ${options.limit}`;
}

/** The statement of {@link searchStatement} as text and parameters, for a driver of one's own (the benchmark's baseline). */
export function searchStatementText(...args: Parameters<typeof searchStatement>): {
  readonly sql: string;
  readonly params: unknown[];
} {
  return new PgDialect().sqlToQuery(searchStatement(...args));
}

/** The word similarity a word of the vocabulary needs to stand for a word typed (`pg_trgm.word_similarity_threshold`). */
export const SEARCH_WORD_SIMILARITY_THRESHOLD = WORD_SIMILARITY_THRESHOLD;

/** The settings the statement is run under (in its transaction: `set_config(name, value, true)`). */
export const SEARCH_SETTINGS: Readonly<Record<string, string>> = {
  "pg_trgm.word_similarity_threshold": String(WORD_SIMILARITY_THRESHOLD),
  // A pass stops at a few dozen rows, so the planner, guessing that many records match, would rather read the
  // table from its start until it has them — and reads all of it when nothing matches (seconds over 150,000
  // notes). Every arm has its index; this search's transaction does without sequential scans.
  enable_seqscan: "off",
};

/** One statement setting {@link SEARCH_SETTINGS} for the transaction (a round trip, not one a setting). */
function settingsStatement(): SQL {
  const each = Object.entries(SEARCH_SETTINGS).map(
    ([name, setting]) => sql`set_config(${name}, ${setting}, true)`,
  );
  return sql`select ${sql.join(each, sql`, `)}`;
}

/** Records held by `people`: on an account they own or whose team they are on, or held by them themselves. */
function ownedBy(kind: SearchKind, workspaceId: string, people: readonly string[]): SQL {
  const arm = ARMS[kind];
  const list = sql`(select jsonb_array_elements_text(${JSON.stringify(people)}::jsonb))`;
  const held = sql`(select ${a.id} from ${a} where ${a.workspaceId} = ${workspaceId} and (${a.ownerId} in ${list} or exists (select 1 from jsonb_array_elements(${a.data} -> 'team') m where m ->> 'memberId' in ${list})))`;
  const mine = kind === "account" ? sql`${a.id} in ${held}` : sql`${arm.accountId} in ${held}`;
  const holders = arm.holders.map((h) => sql` or ${h} in ${list}`);
  return sql`(${mine}${sql.join(holders, sql``)})`;
}

/** The member's read rule on a kind: every record (null), or the records held by these people. */
async function readersOf(viewer: Viewer, kind: SearchKind): Promise<readonly string[] | null> {
  const action = `${kind === "note" ? "activity" : kind}.read` as Action;
  if (can(viewer.actor, action, { kind: kind === "note" ? "activity" : kind }).allowed) return null;
  const rule = viewer.actor.role === "admin" ? "always" : PERMISSION_MATRIX[viewer.actor.role][action];
  if (rule === "never") return [];
  const me: MemberId = viewer.actor.memberId;
  return rule === "team" ? [me, ...(await viewer.reports())] : [me];
}

export function searchOf(db: StoreDatabase) {
  return {
    /**
     * The records matching `input` (a SearchQuery: text, kinds, limit) that the member may read, best first;
     * InvalidInput for a text too short, too long or holding a NUL; NotAMember for anyone else.
     */
    async search(workspaceId: string, memberId: string, input: unknown): Promise<QueryResult<SearchResults>> {
      const parsed = parseOptions(SearchQuerySchema, input);
      if (!parsed.ok) return queryRefused(parsed.error);
      const query = parsed.value;
      const viewer = await viewerOf(db, workspaceId, memberId);
      if (!viewer.ok) return queryRefused(viewer.error);
      const kinds = query.kinds ?? SEARCH_KINDS;
      const rules = new Map<SearchKind, readonly string[] | null>();
      for (const kind of kinds) rules.set(kind, await readersOf(viewer.value, kind));
      const narrowed = [...rules.values()].some((r) => r !== null);
      // Narrowed in SQL, every hit is still checked on its own below; a few more than asked make up for any
      // the check leaves out.
      const limit = narrowed ? query.limit * 2 : query.limit;
      const statement = searchStatement(workspaceId, query, {
        perKind: limit,
        limit,
        people: (kind) => rules.get(kind) ?? null,
      });
      const candidates = await db.transaction(async (tx) => {
        await tx.execute(settingsStatement());
        return rowsOf<Candidate>(await tx.execute(statement));
      });
      const readable = await readableHits(viewer.value, candidates, narrowed);
      const hits = dedupe(readable).slice(0, query.limit);
      const names = await accountNames(
        viewer.value,
        hits.flatMap((h) => (h.account_id ? [h.account_id] : [])),
      );
      return queryOk({
        text: query.text,
        hits: hits.map((h) => ({
          kind: h.kind,
          id: h.id,
          title: h.title,
          detail: h.detail,
          status: h.status,
          accountId: h.account_id,
          accountName: h.account_id ? (names.get(h.account_id) ?? null) : null,
          score: Math.round(Number(h.score) * 1000) / 1000,
        })),
      });
    },
  };
}

export type SearchService = ReturnType<typeof searchOf>;

/** The candidates the member may read, each checked by `can()` as its record's reads are (when narrowed). */
async function readableHits(
  viewer: Viewer,
  candidates: readonly Candidate[],
  narrowed: boolean,
): Promise<Candidate[]> {
  if (!narrowed) return [...candidates];
  const allowed = new Set<Candidate>();
  for (const kind of SEARCH_KINDS) {
    const ofKind = candidates.filter((h) => h.kind === kind);
    if (ofKind.length === 0) continue;
    const records = ofKind.map((h) => h.data as { readonly status: string });
    const visible = new Set(await visibleRecords(viewer, AGGREGATE_OF[kind], records));
    ofKind.forEach((h, i) => {
      if (visible.has(records[i]!)) allowed.add(h);
    });
  }
  return candidates.filter((h) => allowed.has(h));
}

/** A record found both by its id and by its name is listed once, where it ranks best (the order is by score). */
function dedupe(hits: readonly Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return hits.filter((h) => {
    const key = `${h.kind}:${h.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function accountNames(viewer: Viewer, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await selectRows(
    viewer.scope,
    a,
    { id: a.id, name: a.name },
    { where: [inArray(a.id, unique)] },
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
