ALTER TABLE "briefs" ADD COLUMN "opportunity_id" text;--> statement-breakpoint
ALTER TABLE "briefs" ADD COLUMN "contract_id" text;--> statement-breakpoint
CREATE INDEX "briefs_opportunity_idx" ON "briefs" USING btree ("workspace_id","opportunity_id");--> statement-breakpoint
CREATE INDEX "briefs_contract_idx" ON "briefs" USING btree ("workspace_id","contract_id");--> statement-breakpoint
-- Records kept before briefs were linked to their deal and contract, before contracts had a billing schedule and
-- before invoice lines named a period have none of these fields in their row; reads trust the row, so fill in the
-- defaults the domain's schemas give: not linked, no schedule, no period.
UPDATE "briefs" SET "data" = jsonb_set("data", '{opportunityId}', 'null'::jsonb)
  WHERE NOT ("data" ? 'opportunityId');--> statement-breakpoint
UPDATE "briefs" SET "data" = jsonb_set("data", '{contractId}', 'null'::jsonb)
  WHERE NOT ("data" ? 'contractId');--> statement-breakpoint
UPDATE "contracts" SET "data" = jsonb_set("data", '{billingSchedule}', 'null'::jsonb)
  WHERE NOT ("data" ? 'billingSchedule');--> statement-breakpoint
UPDATE "invoices" SET "data" = jsonb_set("data", '{lines}', (
    SELECT coalesce(jsonb_agg(CASE WHEN l ? 'period' THEN l ELSE l || '{"period":null}'::jsonb END ORDER BY n), '[]'::jsonb)
    FROM jsonb_array_elements("data"->'lines') WITH ORDINALITY AS e(l, n)))
  WHERE EXISTS (SELECT 1 FROM jsonb_array_elements("data"->'lines') AS e(l) WHERE NOT (l ? 'period'));
