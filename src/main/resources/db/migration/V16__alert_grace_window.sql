-- Per-check grace window: a failure is "at risk" for that long before it becomes an alert, so a setting
-- that is fixed within minutes (a deploy that briefly restarts a service) does not page anyone.
create table check_alert_setting (
    workspace_id  uuid    not null references workspace (id) on delete cascade,
    check_id      text    not null,
    grace_minutes integer not null check (grace_minutes between 0 and 1440),
    updated_at    timestamptz not null,
    updated_by    text    not null,
    primary key (workspace_id, check_id)
);

alter table alert drop constraint alert_state_check;
alter table alert add constraint alert_state_check check (state in ('AT_RISK', 'OPEN', 'RESOLVED'));
alter table alert add column due_at timestamptz;
drop index alert_open;
create unique index alert_open on alert (workspace_id, check_id, resource_id) where state in ('AT_RISK', 'OPEN');
create index alert_at_risk_due on alert (due_at) where state = 'AT_RISK';
