-- Check results as state intervals: one row per (check, resource) per state, [since, until).
create table check_result (
    id                uuid primary key,
    workspace_id      uuid        not null references workspace (id) on delete cascade,
    check_id          text        not null,
    resource_id       uuid        not null references resource (id) on delete cascade,
    status            text        not null check (status in ('PASS', 'FAIL', 'ERROR', 'NOT_APPLICABLE')),
    reason            text        not null,
    observed          text,
    check_fingerprint text        not null,
    evidence_id       uuid,
    since             timestamptz not null,
    until             timestamptz,
    last_evaluated_at timestamptz not null
);
create unique index check_result_current on check_result (workspace_id, check_id, resource_id) where until is null;
create index check_result_history on check_result (workspace_id, check_id, resource_id, since);
create index check_result_resource on check_result (workspace_id, resource_id) where until is null;

-- Every transition of a (check, resource); the alerting capability delivers them.
create table drift_event (
    id            uuid primary key,
    workspace_id  uuid        not null references workspace (id) on delete cascade,
    check_id      text        not null,
    resource_id   uuid        not null references resource (id) on delete cascade,
    previous_status text,
    status        text        not null,
    reason        text        not null,
    cause         text        not null,
    occurred_at   timestamptz not null
);
create index drift_event_workspace on drift_event (workspace_id, occurred_at desc, id);
