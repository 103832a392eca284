-- A deal may have no amount (and then no currency) and no close date yet, where its stage allows it (the domain's
-- PipelineStage.requires). Existing rows all have both and keep them; nothing to backfill. Stages written before
-- stages said what they require read as requiring both (the domain schema's default), so existing workspaces
-- keep refusing deals without them until an admin says otherwise in the pipeline settings.
ALTER TABLE "opportunities" ALTER COLUMN "amount_minor" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "opportunities" ALTER COLUMN "currency" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "opportunities" ALTER COLUMN "close_date" DROP NOT NULL;
