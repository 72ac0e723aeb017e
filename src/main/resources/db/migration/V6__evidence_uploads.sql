-- Documents uploaded for evidence tasks (recurring manual evidence). Append-only like the evidence ledger:
-- a wrong upload is superseded by a newer one, never edited or removed.
create table evidence_upload (
    id             uuid primary key,
    workspace_id   uuid        not null references workspace (id),
    task_id        text        not null,
    file_name      text        not null,
    content_type   text        not null,
    size_bytes     bigint      not null,
    sha256         text        not null,
    content        bytea       not null,
    effective_date date        not null,
    note           text,
    uploaded_at    timestamptz not null,
    uploaded_by    text        not null
);
create index evidence_upload_task on evidence_upload (workspace_id, task_id, effective_date desc, uploaded_at desc);

create trigger evidence_upload_append_only before update or delete on evidence_upload
    for each row execute function evidence_is_append_only();
