-- Who did what, when: sign-ins, changes, uploads and exports. One hash chain for the installation (some
-- events, such as a failed sign-in for an unknown account, belong to no workspace). Append-only.
create table audit_event (
    id             uuid primary key,
    sequence       bigint      not null unique,
    workspace_id   uuid references workspace (id),
    occurred_at    timestamptz not null,
    actor          text        not null,
    action         text        not null,
    target         text,
    details        jsonb       not null,
    remote_address text,
    previous_hash  text        not null,
    record_hash    text        not null
);
create index audit_event_workspace on audit_event (workspace_id, sequence desc);

create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function evidence_is_append_only();
