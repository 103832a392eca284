-- Search by vocabulary (pg_trgm's own advice for typo tolerance at scale): a record is found by its words through
-- a full-text GIN index on its search vector (search-text.ts), and a misspelt or partly typed word is first
-- matched, by trigram similarity, against the workspace's vocabulary (`search_words`: its records' distinct
-- words, tens of thousands where records are millions) instead of against every record. The trigram indexes
-- on the records' texts go: nothing reads them now, and every write paid for them.
CREATE TABLE "search_words" (
	"workspace_id" text NOT NULL,
	"word" text NOT NULL,
	CONSTRAINT "search_words_workspace_id_word_pk" PRIMARY KEY("workspace_id","word")
);
--> statement-breakpoint
DROP INDEX "accounts_search_idx";--> statement-breakpoint
DROP INDEX "activities_note_search_idx";--> statement-breakpoint
DROP INDEX "briefs_search_idx";--> statement-breakpoint
DROP INDEX "contacts_search_idx";--> statement-breakpoint
DROP INDEX "contracts_search_idx";--> statement-breakpoint
DROP INDEX "opportunities_search_idx";--> statement-breakpoint
CREATE INDEX "search_words_trgm_idx" ON "search_words" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "accounts_words_idx" ON "accounts" USING gin (to_tsvector('simple'::regconfig, translate("name" || ' ' || coalesce("data" ->> 'sourceId', ''), '@._-/+:', '       ')));--> statement-breakpoint
CREATE INDEX "activities_note_words_idx" ON "activities" USING gin (to_tsvector('simple'::regconfig, translate(("data" ->> 'subject') || ' ' || coalesce("data" ->> 'sourceId', ''), '@._-/+:', '       '))) WHERE "activities"."kind" = 'note';--> statement-breakpoint
CREATE INDEX "briefs_words_idx" ON "briefs" USING gin (to_tsvector('simple'::regconfig, translate(("data" ->> 'title') || ' ' || coalesce("data" ->> 'sourceId', ''), '@._-/+:', '       ')));--> statement-breakpoint
CREATE INDEX "contacts_words_idx" ON "contacts" USING gin (to_tsvector('simple'::regconfig, translate(("name" || ' ' || coalesce("email", '')) || ' ' || coalesce("data" ->> 'sourceId', ''), '@._-/+:', '       ')));--> statement-breakpoint
CREATE INDEX "contracts_words_idx" ON "contracts" USING gin (to_tsvector('simple'::regconfig, translate("title" || ' ' || coalesce("data" ->> 'sourceId', ''), '@._-/+:', '       ')));--> statement-breakpoint
CREATE INDEX "opportunities_words_idx" ON "opportunities" USING gin (to_tsvector('simple'::regconfig, translate("name" || ' ' || coalesce("data" ->> 'sourceId', ''), '@._-/+:', '       ')));
--> statement-breakpoint
-- A record's search vector, as its table's words index has it (the same expression; search-text.ts writes it
-- for the index and the query): one function per searchable table, so a trigger can read it off any row.
CREATE FUNCTION "search_vector"(r "accounts") RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_tsvector('simple'::regconfig, translate(r."name" || ' ' || coalesce(r."data" ->> 'sourceId', ''), '@._-/+:', '       '))
$$;
--> statement-breakpoint
CREATE FUNCTION "search_vector"(r "contacts") RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_tsvector('simple'::regconfig, translate((r."name" || ' ' || coalesce(r."email", '')) || ' ' || coalesce(r."data" ->> 'sourceId', ''), '@._-/+:', '       '))
$$;
--> statement-breakpoint
CREATE FUNCTION "search_vector"(r "opportunities") RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_tsvector('simple'::regconfig, translate(r."name" || ' ' || coalesce(r."data" ->> 'sourceId', ''), '@._-/+:', '       '))
$$;
--> statement-breakpoint
CREATE FUNCTION "search_vector"(r "contracts") RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_tsvector('simple'::regconfig, translate(r."title" || ' ' || coalesce(r."data" ->> 'sourceId', ''), '@._-/+:', '       '))
$$;
--> statement-breakpoint
CREATE FUNCTION "search_vector"(r "briefs") RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_tsvector('simple'::regconfig, translate((r."data" ->> 'title') || ' ' || coalesce(r."data" ->> 'sourceId', ''), '@._-/+:', '       '))
$$;
--> statement-breakpoint
-- Only notes are searched among activities.
CREATE FUNCTION "search_vector"(r "activities") RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN r."kind" = 'note' THEN to_tsvector('simple'::regconfig, translate((r."data" ->> 'subject') || ' ' || coalesce(r."data" ->> 'sourceId', ''), '@._-/+:', '       ')) END
$$;
--> statement-breakpoint
-- The words of a vector the vocabulary keeps: two characters or more, no digit (an id, a number, a year is looked
-- up as typed, never corrected), no quote or backslash (so a word can be quoted into a tsquery as it is).
CREATE FUNCTION "search_vocabulary_words"(v tsvector) RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lexeme FROM unnest(v) WHERE length(lexeme) BETWEEN 2 AND 100 AND lexeme !~ '[0-9''\\]'
$$;
--> statement-breakpoint
-- Adds the words of the rows a statement wrote (one INSERT … SELECT a statement, so a bulk import pays once). A
-- transition table's rows are records: each table casts them to its own row type.
CREATE FUNCTION "search_words_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'accounts' THEN
    INSERT INTO "search_words" ("workspace_id", "word")
      SELECT DISTINCT a."workspace_id", w FROM "added" a, "search_vocabulary_words"("search_vector"(a::"accounts")) w
      ON CONFLICT DO NOTHING;
  ELSIF TG_TABLE_NAME = 'contacts' THEN
    INSERT INTO "search_words" ("workspace_id", "word")
      SELECT DISTINCT a."workspace_id", w FROM "added" a, "search_vocabulary_words"("search_vector"(a::"contacts")) w
      ON CONFLICT DO NOTHING;
  ELSIF TG_TABLE_NAME = 'opportunities' THEN
    INSERT INTO "search_words" ("workspace_id", "word")
      SELECT DISTINCT a."workspace_id", w FROM "added" a, "search_vocabulary_words"("search_vector"(a::"opportunities")) w
      ON CONFLICT DO NOTHING;
  ELSIF TG_TABLE_NAME = 'contracts' THEN
    INSERT INTO "search_words" ("workspace_id", "word")
      SELECT DISTINCT a."workspace_id", w FROM "added" a, "search_vocabulary_words"("search_vector"(a::"contracts")) w
      ON CONFLICT DO NOTHING;
  ELSIF TG_TABLE_NAME = 'briefs' THEN
    INSERT INTO "search_words" ("workspace_id", "word")
      SELECT DISTINCT a."workspace_id", w FROM "added" a, "search_vocabulary_words"("search_vector"(a::"briefs")) w
      ON CONFLICT DO NOTHING;
  ELSIF TG_TABLE_NAME = 'activities' THEN
    INSERT INTO "search_words" ("workspace_id", "word")
      SELECT DISTINCT a."workspace_id", w FROM "added" a, "search_vocabulary_words"("search_vector"(a::"activities")) w
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "accounts_search_words_insert" AFTER INSERT ON "accounts" REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "search_words_add"();
--> statement-breakpoint
CREATE TRIGGER "accounts_search_words_update" AFTER UPDATE ON "accounts" REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "search_words_add"();
--> statement-breakpoint
CREATE TRIGGER "contacts_search_words_insert" AFTER INSERT ON "contacts" REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "search_words_add"();
--> statement-breakpoint
CREATE TRIGGER "contacts_search_words_update" AFTER UPDATE ON "contacts" REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "search_words_add"();
--> statement-breakpoint
CREATE TRIGGER "opportunities_search_words_insert" AFTER INSERT ON "opportunities" REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "search_words_add"();
--> statement-breakpoint
CREATE TRIGGER "opportunities_search_words_update" AFTER UPDATE ON "opportunities" REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "search_words_add"();
--> statement-breakpoint
CREATE TRIGGER "contracts_search_words_insert" AFTER INSERT ON "contracts" REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "search_words_add"();
--> statement-breakpoint
CREATE TRIGGER "contracts_search_words_update" AFTER UPDATE ON "contracts" REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "search_words_add"();
--> statement-breakpoint
CREATE TRIGGER "briefs_search_words_insert" AFTER INSERT ON "briefs" REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "search_words_add"();
--> statement-breakpoint
CREATE TRIGGER "briefs_search_words_update" AFTER UPDATE ON "briefs" REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "search_words_add"();
--> statement-breakpoint
CREATE TRIGGER "activities_search_words_insert" AFTER INSERT ON "activities" REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "search_words_add"();
--> statement-breakpoint
CREATE TRIGGER "activities_search_words_update" AFTER UPDATE ON "activities" REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "search_words_add"();
--> statement-breakpoint
-- The vocabulary of the records already there.
INSERT INTO "search_words" ("workspace_id", "word") SELECT DISTINCT a."workspace_id", w FROM "accounts" a, "search_vocabulary_words"("search_vector"(a)) w ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "search_words" ("workspace_id", "word") SELECT DISTINCT a."workspace_id", w FROM "contacts" a, "search_vocabulary_words"("search_vector"(a)) w ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "search_words" ("workspace_id", "word") SELECT DISTINCT a."workspace_id", w FROM "opportunities" a, "search_vocabulary_words"("search_vector"(a)) w ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "search_words" ("workspace_id", "word") SELECT DISTINCT a."workspace_id", w FROM "contracts" a, "search_vocabulary_words"("search_vector"(a)) w ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "search_words" ("workspace_id", "word") SELECT DISTINCT a."workspace_id", w FROM "briefs" a, "search_vocabulary_words"("search_vector"(a)) w ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "search_words" ("workspace_id", "word") SELECT DISTINCT a."workspace_id", w FROM "activities" a, "search_vocabulary_words"("search_vector"(a)) w WHERE a."kind" = 'note' ON CONFLICT DO NOTHING;