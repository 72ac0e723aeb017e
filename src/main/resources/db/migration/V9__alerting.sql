-- Alerting: channels, routing rules, alerts, the notices sent about them and every delivery attempt.

-- Where alerts go. Secret settings (webhook URLs, signing secrets, routing keys) are stored encrypted inside
-- config, the same way integration credentials are.
create table alert_channel (
    id           uuid primary key,
    workspace_id uuid        not null references workspace (id) on delete cascade,
    type         text        not null check (type in ('email', 'slack', 'teams', 'webhook', 'pagerduty')),
    name         text        not null,
    config       jsonb       not null,
    enabled      boolean     not null,
    created_at   timestamptz not null,
    created_by   text        not null,
    updated_at   timestamptz not null,
    updated_by   text        not null,
    deleted_at   timestamptz,
    deleted_by   text
);
create unique index alert_channel_name on alert_channel (workspace_id, lower(name)) where deleted_at is null;

-- Which alerts go to which channels, and how soon. A workspace without rules sends every alert to every
-- channel at once.
create table alert_rule (
    id           uuid primary key,
    workspace_id uuid        not null references workspace (id) on delete cascade,
    name         text        not null,
    condition    text        not null,
    channel_ids  uuid[]      not null,
    delivery     text        not null check (delivery in ('immediate', 'hourly', 'daily')),
    enabled      boolean     not null,
    created_at   timestamptz not null,
    created_by   text        not null,
    updated_at   timestamptz not null,
    updated_by   text        not null
);
create index alert_rule_workspace on alert_rule (workspace_id);
create unique index alert_rule_name on alert_rule (workspace_id, lower(name));

-- One alert per (check, resource) while it is out of compliance.
create table alert (
    id                  uuid primary key,
    workspace_id        uuid        not null references workspace (id) on delete cascade,
    check_id            text        not null,
    resource_id         uuid        not null references resource (id) on delete cascade,
    state               text        not null check (state in ('OPEN', 'RESOLVED')),
    severity            text        not null,
    status              text        not null,
    reason              text        not null,
    flapping            boolean     not null default false,
    opened_at           timestamptz not null,
    resolved_at         timestamptz,
    -- When the same (check, resource) was fixed before: the alert is a regression.
    previously_resolved_at timestamptz
);
create unique index alert_open on alert (workspace_id, check_id, resource_id) where state = 'OPEN';
create index alert_workspace on alert (workspace_id, opened_at desc, id);

-- Each message about an alert: opened, resolved, flapping, re-opened after an exception expired, test.
-- The unique key makes handling a drift event twice (a redelivered outbox event) harmless.
create table alert_notice (
    id             uuid primary key,
    workspace_id   uuid        not null references workspace (id) on delete cascade,
    alert_id       uuid references alert (id) on delete cascade,
    kind           text        not null check (kind in ('opened', 'resolved', 'flapping', 'reopened', 'test')),
    drift_event_id uuid,
    cause          text        not null,
    payload        jsonb       not null,
    created_at     timestamptz not null
);
create unique index alert_notice_drift on alert_notice (drift_event_id, kind) where drift_event_id is not null;
create index alert_notice_alert on alert_notice (alert_id, created_at);

-- The outbox of messages to channels: written in the transaction that creates the notice, sent by the
-- delivery worker, retried with backoff, dead after too many attempts (and retried by hand from there).
create table alert_delivery (
    id              uuid primary key,
    workspace_id    uuid        not null references workspace (id) on delete cascade,
    notice_id       uuid        not null references alert_notice (id) on delete cascade,
    channel_id      uuid        not null references alert_channel (id) on delete cascade,
    idempotency_key text        not null unique,
    mode            text        not null check (mode in ('immediate', 'hourly', 'daily')),
    state           text        not null check (state in ('PENDING', 'SENDING', 'DELIVERED', 'DEAD')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    lease_until     timestamptz,
    last_error      text,
    delivered_at    timestamptz,
    created_at      timestamptz not null
);
create index alert_delivery_due on alert_delivery (next_attempt_at) where state in ('PENDING', 'SENDING');
create index alert_delivery_notice on alert_delivery (notice_id);
create index alert_delivery_dead on alert_delivery (workspace_id, created_at desc) where state = 'DEAD';

create table alert_delivery_attempt (
    id            uuid primary key,
    delivery_id   uuid        not null references alert_delivery (id) on delete cascade,
    attempted_at  timestamptz not null,
    succeeded     boolean     not null,
    detail        text        not null,
    duration_ms   integer     not null
);
create index alert_delivery_attempt_delivery on alert_delivery_attempt (delivery_id, attempted_at);

-- Accepted risk for a (check, resource): requested with a reason, approved by someone else, until an expiry.
create table risk_exception (
    id           uuid primary key,
    workspace_id uuid        not null references workspace (id) on delete cascade,
    check_id     text        not null,
    resource_id  uuid        not null references resource (id) on delete cascade,
    reason       text        not null,
    requested_by text        not null,
    requested_at timestamptz not null,
    expires_at   timestamptz not null,
    approved_by  text,
    approved_at  timestamptz,
    revoked_by   text,
    revoked_at   timestamptz,
    -- Set once the expiry has been handled (the finding re-opened and alerted if still failing).
    expiry_handled_at timestamptz
);
create index risk_exception_lookup on risk_exception (workspace_id, check_id, resource_id);
create index risk_exception_expiring on risk_exception (expires_at) where expiry_handled_at is null and revoked_at is null;
