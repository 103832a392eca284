CREATE TABLE "inbox_reads" (
	"workspace_id" text NOT NULL,
	"member_id" text NOT NULL,
	"item_key" text NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inbox_reads_pkey" PRIMARY KEY("workspace_id","member_id","item_key")
);
--> statement-breakpoint
ALTER TABLE "inbox_reads" ADD CONSTRAINT "inbox_reads_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;