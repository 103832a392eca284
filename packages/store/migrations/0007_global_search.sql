-- Global search: trigram indexes (pg_trgm, a trusted extension: a database owner may create it; PGlite loads it
-- from its contrib bundle when the store opens).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "accounts_search_idx" ON "accounts" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "activities_note_search_idx" ON "activities" USING gin (("data" ->> 'subject') gin_trgm_ops) WHERE "activities"."kind" = 'note';--> statement-breakpoint
CREATE INDEX "briefs_search_idx" ON "briefs" USING gin (("data" ->> 'title') gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_search_idx" ON "contacts" USING gin (("name" || ' ' || coalesce("email", '')) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contracts_search_idx" ON "contracts" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "opportunities_search_idx" ON "opportunities" USING gin ("name" gin_trgm_ops);