-- Which frameworks, and which of their categories (SOC 2 trust services categories), a workspace pursues.
-- No row means the default: the framework and all its categories are in scope.
create table framework_scope (
    workspace_id        uuid        not null references workspace (id) on delete cascade,
    framework_id        text        not null,
    in_scope            boolean     not null,
    excluded_categories text[]      not null default '{}',
    updated_at          timestamptz not null,
    updated_by          text        not null,
    primary key (workspace_id, framework_id)
);
