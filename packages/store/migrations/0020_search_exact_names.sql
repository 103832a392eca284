-- Search: a name, title, subject or e-mail typed out in full ranks first however many records hold it as a word;
-- these b-trees find such records at once (the search's exact arm), beside the trigram GIN indexes of 0007.
CREATE INDEX "accounts_exact_idx" ON "accounts" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
CREATE INDEX "activities_note_exact_idx" ON "activities" USING btree ("workspace_id",lower(("data" ->> 'subject'))) WHERE "activities"."kind" = 'note';--> statement-breakpoint
CREATE INDEX "briefs_exact_idx" ON "briefs" USING btree ("workspace_id",lower(("data" ->> 'title')));--> statement-breakpoint
CREATE INDEX "contacts_exact_name_idx" ON "contacts" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
CREATE INDEX "contacts_exact_email_idx" ON "contacts" USING btree ("workspace_id",lower("email"));--> statement-breakpoint
CREATE INDEX "contracts_exact_idx" ON "contracts" USING btree ("workspace_id",lower("title"));--> statement-breakpoint
CREATE INDEX "opportunities_exact_idx" ON "opportunities" USING btree ("workspace_id",lower("name"));