-- The clinic's hash-chained, append-only audit log (SQLite twin of postgres/0008).

create table audit_log (
    seq integer primary key autoincrement,
    id blob not null unique,
    occurred_at text not null,
    actor_kind text not null check (actor_kind in ('staff', 'api_token', 'platform_admin', 'system', 'anonymous')),
    actor_id blob,
    actor_name text,
    actor_role text,
    action text not null check (
        action glob '[a-z_]*.[a-z_]*' and action not glob '*.*.*' and action not glob '*[^a-z_.]*'
        and action not glob '.*' and action not glob '*.'),
    entity_type text,
    entity_id blob,
    patient_id blob,
    outcome text not null check (outcome in ('success', 'denied', 'failure')),
    ip text,
    user_agent text,
    request_id text,
    details text not null default '{}' check (json_valid(details)),
    prev_hash text not null check (length(prev_hash) = 64 and prev_hash not glob '*[^0-9a-f]*'),
    hash text not null unique check (length(hash) = 64 and hash not glob '*[^0-9a-f]*')
) strict;
-- Reading is newest first (by seq) with optional filters; each filter has an index in seq order.
create index audit_log_by_time on audit_log (occurred_at);
create index audit_log_by_actor on audit_log (actor_id, seq);
create index audit_log_by_patient on audit_log (patient_id, seq) where patient_id is not null;
create index audit_log_by_action on audit_log (action, seq);

create trigger audit_log_no_update before update on audit_log
begin select raise(abort, 'append_only: audit_log'); end;
create trigger audit_log_no_delete before delete on audit_log
begin select raise(abort, 'append_only: audit_log'); end;
