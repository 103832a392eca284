import { type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

// Global search matches one text per record. Its words are indexed for full-text search (a GIN index on the
// record's search vector, see tables.ts) and gathered, per workspace, into the search vocabulary
// (`search_words`, kept by triggers: migration 0021), where a misspelt or partly typed word is matched by
// trigram similarity before the records are looked up by the words found. The same expressions are indexed
// and queried (the service's search), so the indexes serve the query; the triggers spell them out in SQL.

/** An account's searchable text: its name. */
export const accountSearchText = (t: { readonly name: PgColumn }): SQL => sql`${t.name}`;

/** A contact's searchable text: name and e-mail address. */
export const contactSearchText = (t: { readonly name: PgColumn; readonly email: PgColumn }): SQL =>
  sql`(${t.name} || ' ' || coalesce(${t.email}, ''))`;

/** A deal's searchable text: its name. */
export const opportunitySearchText = (t: { readonly name: PgColumn }): SQL => sql`${t.name}`;

/** A contract's searchable text: its title. */
export const contractSearchText = (t: { readonly title: PgColumn }): SQL => sql`${t.title}`;

/** A brief's searchable text: its title (kept in the entity only). */
export const briefSearchText = (t: { readonly data: PgColumn }): SQL => sql`(${t.data} ->> 'title')`;

/** A note's searchable text: its subject (kept in the entity only). */
export const noteSearchText = (t: { readonly data: PgColumn }): SQL => sql`(${t.data} ->> 'subject')`;

/**
 * The words a record is found by: its searchable text and the id it had in the system it was imported from
 * (`sourceId`), through PostgreSQL's `simple` text-search configuration (lower case, no stemming, no stop
 * words), with `@ . _ - / + :` read as spaces so that each part of an e-mail address, of "SF-0013000001" or of
 * "Q3/Q4" is a word (PostgreSQL's parser would read "-0013000001" as a negative number, "Q3/Q4" as a path).
 */
export const searchVector = (t: { readonly data: PgColumn }, text: SQL): SQL =>
  sql`to_tsvector('simple'::regconfig, translate(${text} || ' ' || coalesce(${t.data} ->> 'sourceId', ''), '@._-/+:', '       '))`;

/**
 * The storage options of the words indexes. A GIN index keeps new entries in a pending list until a vacuum or an
 * insert past `gin_pending_list_limit` (4 MB by default) merges them, and every search reads that list whole: after
 * a bulk write of 100,000 accounts, 48,765 pending entries made each search of a million records 160 ms instead
 * of 18 ms. A 64 kB list (a few hundred entries) keeps writes batched and a search's scan of it short.
 */
export const SEARCH_WORDS_INDEX = { gin_pending_list_limit: 64 } as const;
