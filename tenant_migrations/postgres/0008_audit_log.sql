-- The clinic's audit log: append-only and hash-chained. hash = sha256(prev_hash || canonical row),
-- so an edited, removed or reordered row breaks the chain from that row on.

create table audit_log (
    seq bigint generated always as identity primary key,
    id uuid not null unique,
    occurred_at timestamptz not null,
    actor_kind text not null check (actor_kind in ('staff', 'api_token', 'platform_admin', 'system', 'anonymous')),
    actor_id uuid,
    actor_name text,
    actor_role text,
    action text not null check (action ~ '^[a-z_]+\.[a-z_]+$'),
    entity_type text,
    entity_id uuid,
    patient_id uuid,
    outcome text not null check (outcome in ('success', 'denied', 'failure')),
    ip text,
    user_agent text,
    request_id text,
    details jsonb not null default '{}',
    prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
    hash text not null unique check (hash ~ '^[0-9a-f]{64}$')
);
-- Reading is newest first (by seq) with optional filters; each filter has an index in seq order.
create index audit_log_by_time on audit_log (occurred_at);
create index audit_log_by_actor on audit_log (actor_id, seq);
create index audit_log_by_patient on audit_log (patient_id, seq) where patient_id is not null;
create index audit_log_by_action on audit_log (action, seq);

create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function reject_change();
