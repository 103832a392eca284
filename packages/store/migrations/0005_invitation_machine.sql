ALTER TABLE "invitations" ADD COLUMN "status" text DEFAULT 'pending' NOT NULL;--> statement-breakpoint
UPDATE "invitations" SET "email" = lower("email"), "status" = CASE WHEN "accepted_at" IS NOT NULL THEN 'accepted' WHEN "revoked_at" IS NOT NULL THEN 'revoked' ELSE 'pending' END;--> statement-breakpoint
-- Invitations sent before the invitation machine have no history: give each the events it would have had, so
-- it is decided like any other (a pending one can still be accepted or withdrawn).
INSERT INTO "events" ("workspace_id", "stream_type", "stream_id", "version", "type", "actor_id", "at", "reason", "payload")
SELECT i."workspace_id", 'invitation', i."id", 1, 'InvitationSent', i."invited_by", i."created_at", 'sent before invitations had a history',
  jsonb_build_object('type', 'InvitationSent', 'at', to_char(i."created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'invitationId', i."id", 'email', lower(i."email"), 'role', i."role", 'tokenHash', i."token_hash", 'invitedBy', i."invited_by",
    'expiresAt', to_char(i."expires_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
FROM "invitations" i
WHERE NOT EXISTS (SELECT 1 FROM "streams" s WHERE s."workspace_id" = i."workspace_id" AND s."stream_id" = i."id");--> statement-breakpoint
INSERT INTO "events" ("workspace_id", "stream_type", "stream_id", "version", "type", "actor_id", "at", "reason", "payload")
SELECT i."workspace_id", 'invitation', i."id", 2,
  CASE WHEN i."status" = 'accepted' THEN 'InvitationAccepted' ELSE 'InvitationRevoked' END,
  i."invited_by", coalesce(i."accepted_at", i."revoked_at"), 'settled before invitations had a history',
  CASE WHEN i."status" = 'accepted' THEN jsonb_build_object('type', 'InvitationAccepted',
      'at', to_char(i."accepted_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'userId', coalesce(i."accepted_by", 'a-deleted-user'), 'name', coalesce(u."name", 'a deleted user'),
      'memberId', coalesce(wu."member_id", 'user-' || coalesce(i."accepted_by", 'a-deleted-user')), 'joins', 'new')
    ELSE jsonb_build_object('type', 'InvitationRevoked', 'at', to_char(i."revoked_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
  END
FROM "invitations" i
LEFT JOIN "auth_users" u ON u."id" = i."accepted_by"
LEFT JOIN "workspace_users" wu ON wu."workspace_id" = i."workspace_id" AND wu."user_id" = i."accepted_by"
WHERE i."status" <> 'pending'
  AND NOT EXISTS (SELECT 1 FROM "streams" s WHERE s."workspace_id" = i."workspace_id" AND s."stream_id" = i."id");--> statement-breakpoint
INSERT INTO "streams" ("workspace_id", "stream_id", "stream_type", "version")
SELECT i."workspace_id", i."id", 'invitation', CASE WHEN i."status" = 'pending' THEN 1 ELSE 2 END
FROM "invitations" i
WHERE NOT EXISTS (SELECT 1 FROM "streams" s WHERE s."workspace_id" = i."workspace_id" AND s."stream_id" = i."id");
