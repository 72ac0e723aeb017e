-- Tenancy and identity. Every row of tenant data carries workspace_id.
create table workspace (
    id          uuid primary key,
    name        text        not null,
    slug        text        not null unique,
    created_at  timestamptz not null
);

create table app_user (
    id            uuid primary key,
    email         text        not null,
    display_name  text        not null,
    password_hash text,
    created_at    timestamptz not null,
    created_by    text        not null
);
create unique index app_user_email_key on app_user (lower(email));

create table membership (
    workspace_id uuid        not null references workspace (id) on delete cascade,
    user_id      uuid        not null references app_user (id) on delete cascade,
    role         text        not null check (role in ('OWNER', 'ADMIN', 'MEMBER', 'AUDITOR')),
    created_at   timestamptz not null,
    primary key (workspace_id, user_id)
);

create table api_token (
    id           uuid primary key,
    workspace_id uuid        not null references workspace (id) on delete cascade,
    user_id      uuid        not null references app_user (id) on delete cascade,
    name         text        not null,
    token_hash   text        not null unique,
    created_at   timestamptz not null,
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
create index api_token_workspace on api_token (workspace_id);
