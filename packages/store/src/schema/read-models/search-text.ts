import { type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

// Global search matches one text per record: the same expression is indexed (a trigram GIN index, see
// tables.ts) and queried (the service's search), so the index serves the query. pg_trgm folds case itself.

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
