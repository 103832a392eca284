CREATE TABLE "account_plans" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"account_id" text NOT NULL,
	"owner_id" text NOT NULL,
	"status" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"next_review_on" date,
	CONSTRAINT "account_plans_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE INDEX "account_plans_account_idx" ON "account_plans" USING btree ("workspace_id","account_id","period_start");--> statement-breakpoint
CREATE INDEX "account_plans_owner_review_idx" ON "account_plans" USING btree ("workspace_id","owner_id","status","next_review_on");