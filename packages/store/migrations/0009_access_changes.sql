-- Who may do what is read once per process and kept (the API's principal cache): every change to what it is
-- read from (a token revoked or expired, a user, a membership link, a member's role or activity, a workspace's
-- settings) tells every listening process on the channel `accountable_access`, in the same transaction.
CREATE FUNCTION "accountable_notify_access_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('accountable_access', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "api_tokens_access_change" AFTER DELETE OR UPDATE OF "user_id", "token_hash", "expires_at" OR TRUNCATE ON "api_tokens" FOR EACH STATEMENT EXECUTE FUNCTION "accountable_notify_access_change"();
--> statement-breakpoint
CREATE TRIGGER "auth_users_access_change" AFTER UPDATE OR DELETE OR TRUNCATE ON "auth_users" FOR EACH STATEMENT EXECUTE FUNCTION "accountable_notify_access_change"();
--> statement-breakpoint
CREATE TRIGGER "workspace_users_access_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "workspace_users" FOR EACH STATEMENT EXECUTE FUNCTION "accountable_notify_access_change"();
--> statement-breakpoint
CREATE TRIGGER "members_access_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "members" FOR EACH STATEMENT EXECUTE FUNCTION "accountable_notify_access_change"();
--> statement-breakpoint
CREATE TRIGGER "workspaces_access_change" AFTER UPDATE OR DELETE OR TRUNCATE ON "workspaces" FOR EACH STATEMENT EXECUTE FUNCTION "accountable_notify_access_change"();
