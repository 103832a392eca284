CREATE TABLE "accounts" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"owner_id" text NOT NULL,
	"parent_id" text,
	CONSTRAINT "accounts_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "activities" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"account_id" text NOT NULL,
	"opportunity_id" text,
	"contract_id" text,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "activities_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "briefs" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"account_id" text NOT NULL,
	"planner_id" text,
	"status" text NOT NULL,
	"deadline" date,
	CONSTRAINT "briefs_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"account_id" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"active" boolean NOT NULL,
	CONSTRAINT "contacts_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"account_id" text NOT NULL,
	"opportunity_id" text,
	"owner_id" text NOT NULL,
	"title" text NOT NULL,
	"status" text NOT NULL,
	"value_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	CONSTRAINT "contracts_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "costs" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"account_id" text NOT NULL,
	"contract_id" text,
	"tower_id" text,
	"date" date NOT NULL,
	"status" text NOT NULL,
	CONSTRAINT "costs_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "escalations" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"account_id" text NOT NULL,
	"owner_id" text NOT NULL,
	"status" text NOT NULL,
	"severity" text NOT NULL,
	"sla_due_at" timestamp with time zone NOT NULL,
	CONSTRAINT "escalations_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"account_id" text NOT NULL,
	"contract_id" text,
	"status" text NOT NULL,
	"due_date" date NOT NULL,
	"currency" text NOT NULL,
	CONSTRAINT "invoices_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "members" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"reports_to" text,
	"active" boolean NOT NULL,
	CONSTRAINT "members_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "opportunities" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"account_id" text NOT NULL,
	"owner_id" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"pipeline_id" text NOT NULL,
	"stage_id" text NOT NULL,
	"status" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"probability" integer NOT NULL,
	"forecast_category" text NOT NULL,
	"close_date" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"stage_entered_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "opportunities_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "quotas" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"member_id" text NOT NULL,
	"period" text NOT NULL,
	"status" text NOT NULL,
	CONSTRAINT "quotas_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"account_id" text,
	"assignee_id" text NOT NULL,
	"status" text NOT NULL,
	"due_date" date NOT NULL,
	"agreed_with_client" boolean NOT NULL,
	CONSTRAINT "tasks_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "towers" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"contract_id" text NOT NULL,
	"account_id" text NOT NULL,
	"account_manager_id" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "towers_workspace_id_contract_id_id_pk" PRIMARY KEY("workspace_id","contract_id","id")
);
--> statement-breakpoint
CREATE INDEX "accounts_name_idx" ON "accounts" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE INDEX "accounts_owner_idx" ON "accounts" USING btree ("workspace_id","owner_id","status");--> statement-breakpoint
CREATE INDEX "activities_account_at_idx" ON "activities" USING btree ("workspace_id","account_id","at");--> statement-breakpoint
CREATE INDEX "activities_opportunity_idx" ON "activities" USING btree ("workspace_id","opportunity_id");--> statement-breakpoint
CREATE INDEX "briefs_account_idx" ON "briefs" USING btree ("workspace_id","account_id");--> statement-breakpoint
CREATE INDEX "contacts_account_idx" ON "contacts" USING btree ("workspace_id","account_id");--> statement-breakpoint
CREATE INDEX "contacts_email_idx" ON "contacts" USING btree ("workspace_id","email");--> statement-breakpoint
CREATE INDEX "contracts_account_idx" ON "contracts" USING btree ("workspace_id","account_id");--> statement-breakpoint
CREATE INDEX "contracts_status_end_idx" ON "contracts" USING btree ("workspace_id","status","end_date");--> statement-breakpoint
CREATE INDEX "costs_account_idx" ON "costs" USING btree ("workspace_id","account_id","date");--> statement-breakpoint
CREATE INDEX "costs_contract_idx" ON "costs" USING btree ("workspace_id","contract_id");--> statement-breakpoint
CREATE INDEX "escalations_account_idx" ON "escalations" USING btree ("workspace_id","account_id");--> statement-breakpoint
CREATE INDEX "escalations_status_sla_idx" ON "escalations" USING btree ("workspace_id","status","sla_due_at");--> statement-breakpoint
CREATE INDEX "invoices_account_idx" ON "invoices" USING btree ("workspace_id","account_id");--> statement-breakpoint
CREATE INDEX "invoices_status_due_idx" ON "invoices" USING btree ("workspace_id","status","due_date");--> statement-breakpoint
CREATE INDEX "members_email_idx" ON "members" USING btree ("workspace_id","email");--> statement-breakpoint
CREATE INDEX "opportunities_stage_close_idx" ON "opportunities" USING btree ("workspace_id","stage_id","close_date","id");--> statement-breakpoint
CREATE INDEX "opportunities_close_idx" ON "opportunities" USING btree ("workspace_id","close_date","id");--> statement-breakpoint
CREATE INDEX "opportunities_owner_idx" ON "opportunities" USING btree ("workspace_id","owner_id","status");--> statement-breakpoint
CREATE INDEX "opportunities_account_idx" ON "opportunities" USING btree ("workspace_id","account_id");--> statement-breakpoint
CREATE INDEX "quotas_member_idx" ON "quotas" USING btree ("workspace_id","member_id","period");--> statement-breakpoint
CREATE INDEX "tasks_assignee_due_idx" ON "tasks" USING btree ("workspace_id","assignee_id","status","due_date");--> statement-breakpoint
CREATE INDEX "tasks_account_idx" ON "tasks" USING btree ("workspace_id","account_id");--> statement-breakpoint
CREATE INDEX "towers_manager_idx" ON "towers" USING btree ("workspace_id","account_manager_id");