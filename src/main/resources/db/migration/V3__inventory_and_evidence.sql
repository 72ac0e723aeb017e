-- Normalized snapshots of external things, and the immutable evidence behind them.
create table resource (
    id             uuid primary key,
    workspace_id   uuid        not null references workspace (id) on delete cascade,
    integration_id uuid        not null references integration (id) on delete cascade,
    type           text        not null,
    external_id    text        not null,
    name           text        not null,
    attributes     jsonb       not null,
    unknown        jsonb       not null,
    content_hash   text        not null,
    first_seen_at  timestamptz not null,
    last_seen_at   timestamptz not null,
    changed_at     timestamptz not null,
    gone_at        timestamptz,
    unique (workspace_id, integration_id, type, external_id)
);
create index resource_workspace_type on resource (workspace_id, type) where gone_at is null;

-- Append-only; each record carries the previous record's hash within its workspace (a hash chain).
create table evidence (
    id             uuid primary key,
    workspace_id   uuid        not null references workspace (id) on delete cascade,
    sequence       bigint      not null,
    -- No cascade: evidence outlives what it describes, for the audit period.
    resource_id    uuid        not null references resource (id),
    run_id         uuid        not null,
    observed_at    timestamptz not null,
    content        jsonb       not null,
    content_hash   text        not null,
    previous_hash  text        not null,
    record_hash    text        not null,
    unique (workspace_id, sequence)
);
create index evidence_resource on evidence (workspace_id, resource_id, observed_at desc);

create or replace function evidence_is_append_only() returns trigger as $$
begin
    raise exception 'evidence is append-only';
end;
$$ language plpgsql;
create trigger evidence_no_update before update or delete on evidence
    for each row execute function evidence_is_append_only();
