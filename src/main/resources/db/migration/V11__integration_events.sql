-- Inbound events: a per-integration signing secret (stored encrypted) and the event ids received, which guard
-- against replays and tell a run that ends whether an event arrived while it ran (then another run follows).
alter table integration add column event_secret text;

create table integration_event (
    integration_id uuid        not null references integration (id) on delete cascade,
    event_id       text        not null,
    received_at    timestamptz not null,
    primary key (integration_id, event_id)
);
create index integration_event_received on integration_event (received_at);
create index integration_event_integration on integration_event (integration_id, received_at);
