ALTER TABLE "idempotency_keys" ADD COLUMN "held_by" text;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "held_until" timestamp with time zone;--> statement-breakpoint
-- A key the API claimed before holders existed and never finished (its process died) is held by nobody who can
-- renew it: hand it to a holder whose lease has run out, so the next retry takes it over.
UPDATE "idempotency_keys" SET "held_by" = 'before-holders', "held_until" = '-infinity' WHERE "result"->>'state' = 'running';
