-- API tokens become scoped, and their use is recorded cheaply (docs/adr/0014-api-token-scopes.md).

-- What a token may do on top of its owner's role: 'read' (GET, HEAD, OPTIONS) or 'write' (every method).
-- Tokens issued before scopes existed could do everything their owner's role allowed, so they keep 'write';
-- the default is dropped right after, so a future insert that forgets the scopes fails instead of granting
-- write. A text array leaves room for further scopes (such as one for agents): a new value needs a new
-- migration widening this check, on purpose.
alter table api_token add column scopes text[] not null default array['write'];
alter table api_token alter column scopes drop default;
alter table api_token add constraint api_token_scopes_known
    check (cardinality(scopes) > 0 and scopes <@ array['read', 'write']);

-- Where the last use came from (last_used_at already exists). Both are updated at most once a minute per
-- token, so a busy automation does not turn every API call into a write.
alter table api_token add column last_used_address text;

-- When the last 'api-token.used' audit entry was written for the token: at most one an hour.
alter table api_token add column use_recorded_at timestamptz;

-- Who revoked it, for the list of tokens (the audit log has the full record).
alter table api_token add column revoked_by text;

-- Listing a person's tokens, newest first.
create index api_token_owner on api_token (workspace_id, user_id, created_at desc);
