-- Host agent: one agent per push-only integration (connector linux-agent). The token is stored only as its
-- SHA-256 hash; the agent's own account of itself and its last accepted report are shown with the integration.
create table integration_agent (
    integration_id   uuid primary key references integration (id) on delete cascade,
    workspace_id     uuid        not null references workspace (id) on delete cascade,
    token_hash       text        not null unique,
    token_created_at timestamptz not null,
    token_created_by text        not null,
    hostname         text,
    version          text,
    last_report_id   uuid,
    last_sent_at     timestamptz,
    last_report_at   timestamptz,
    last_run_id      uuid
);

-- Report ids already accepted, so a captured report cannot be replayed.
create table agent_report (
    integration_id uuid        not null references integration (id) on delete cascade,
    report_id      uuid        not null,
    received_at    timestamptz not null,
    primary key (integration_id, report_id)
);
create index agent_report_received on agent_report (received_at);
