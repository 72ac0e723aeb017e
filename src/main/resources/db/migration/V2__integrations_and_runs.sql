-- Configured connectors and their collection runs.
create table integration (
    id               uuid primary key,
    workspace_id     uuid        not null references workspace (id) on delete cascade,
    connector        text        not null,
    name             text        not null,
    config           jsonb       not null,
    interval_minutes integer     not null check (interval_minutes >= 1),
    enabled          boolean     not null,
    created_at       timestamptz not null,
    created_by       text        not null,
    updated_at       timestamptz not null,
    updated_by       text        not null,
    -- Deleting an integration keeps its row (and so its resources and evidence) for the audit period.
    deleted_at       timestamptz,
    deleted_by       text
);
create index integration_workspace on integration (workspace_id) where deleted_at is null;
create unique index integration_name on integration (workspace_id, lower(name)) where deleted_at is null;

create table collection_run (
    id                uuid primary key,
    workspace_id      uuid        not null references workspace (id) on delete cascade,
    integration_id    uuid        not null references integration (id) on delete cascade,
    trigger           text        not null,
    status            text        not null check (status in ('RUNNING', 'SUCCEEDED', 'FAILED')),
    progress          text,
    started_at        timestamptz not null,
    finished_at       timestamptz,
    resources_seen    integer     not null default 0,
    resources_changed integer     not null default 0,
    error_category    text,
    error             text
);
create index collection_run_integration on collection_run (workspace_id, integration_id, started_at desc);
-- At most one run in progress per integration, whatever the scheduler does.
create unique index collection_run_one_running on collection_run (integration_id) where status = 'RUNNING';

-- db-scheduler's table (cluster-safe work distribution through the database).
create table scheduled_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
