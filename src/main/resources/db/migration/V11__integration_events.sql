-- Inbound events: a per-integration signing secret (stored encrypted), when an event last asked for a run
-- (so an event arriving during a run is followed by another run), and the ids already seen (replay protection).
alter table integration add column event_secret text;
alter table integration add column event_requested_at timestamptz;

create table integration_event (
    integration_id uuid        not null references integration (id) on delete cascade,
    event_id       text        not null,
    received_at    timestamptz not null,
    primary key (integration_id, event_id)
);
create index integration_event_received on integration_event (received_at);
