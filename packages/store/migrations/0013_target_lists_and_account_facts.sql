CREATE TABLE "target_lists" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"owner_id" text NOT NULL,
	CONSTRAINT "target_lists_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE INDEX "target_lists_owner_idx" ON "target_lists" USING btree ("workspace_id","owner_id","status");--> statement-breakpoint
-- Accounts recorded before they had a size and a region have no `employees`, `annualRevenue` or `region` in
-- their row; reads trust the row, so fill in what the domain's schema gives them: not known.
UPDATE "accounts" SET "data" = "data" || '{"employees":null,"annualRevenue":null,"region":null}'::jsonb
  WHERE NOT ("data" ? 'employees');
