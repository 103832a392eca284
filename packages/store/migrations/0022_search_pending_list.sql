-- A GIN index keeps new entries in a pending list until a vacuum, or an insert that takes the list past
-- gin_pending_list_limit (4 MB by default), merges them into the index; every search reads the list whole. After a
-- bulk write (an import, the search benchmark's million records) the list held tens of thousands of entries and a
-- search took 160 ms instead of 18 ms. A 64 kB list keeps writes batched and each search's scan of it short; the
-- lists already there are merged now.
ALTER INDEX "accounts_words_idx" SET (gin_pending_list_limit = 64);--> statement-breakpoint
ALTER INDEX "activities_note_words_idx" SET (gin_pending_list_limit = 64);--> statement-breakpoint
ALTER INDEX "briefs_words_idx" SET (gin_pending_list_limit = 64);--> statement-breakpoint
ALTER INDEX "contacts_words_idx" SET (gin_pending_list_limit = 64);--> statement-breakpoint
ALTER INDEX "contracts_words_idx" SET (gin_pending_list_limit = 64);--> statement-breakpoint
ALTER INDEX "opportunities_words_idx" SET (gin_pending_list_limit = 64);--> statement-breakpoint
SELECT gin_clean_pending_list(i::regclass) FROM unnest(array['accounts_words_idx', 'activities_note_words_idx',
  'briefs_words_idx', 'contacts_words_idx', 'contracts_words_idx', 'opportunities_words_idx']) AS i;
