-- How long one collection run of an integration may take before it is stopped and fails, and a run outcome for
-- collections that read the system but not all of it (some attributes could not be determined).
alter table integration add column timeout_seconds integer not null default 300
    check (timeout_seconds between 5 and 3600);

alter table collection_run drop constraint collection_run_status_check;
alter table collection_run add constraint collection_run_status_check
    check (status in ('RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED'));
