-- Contracts recorded before the handover to delivery have no `projectManagerIds` and no `handedOverAt` in their
-- row; reads trust the row (they do not re-parse it with the domain's defaults), so a page reading either field
-- of an older contract failed. Fill in the defaults the domain's schema gives: no project managers named, not
-- handed over.
UPDATE "contracts" SET "data" = jsonb_set("data", '{projectManagerIds}', '[]'::jsonb)
  WHERE NOT ("data" ? 'projectManagerIds');--> statement-breakpoint
UPDATE "contracts" SET "data" = jsonb_set("data", '{handedOverAt}', 'null'::jsonb)
  WHERE NOT ("data" ? 'handedOverAt');
