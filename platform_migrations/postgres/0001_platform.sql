-- The platform schema: the clinics this installation serves and the people who run it.
-- Runs with search_path = platform.

-- btree_gist lets the appointment exclusion constraints mix uuid equality with range overlap.
-- Its operator classes are found without being on a clinic's search_path.
create schema if not exists extensions;
create extension if not exists btree_gist with schema extensions;

create table clinics (
    id uuid primary key,
    slug text not null unique check (slug ~ '^[a-z][a-z0-9-]{0,38}[a-z0-9]$'),
    name text not null check (length(name) between 1 and 120),
    timezone text not null check (length(timezone) between 1 and 64),
    status text not null default 'active' check (status in ('active', 'suspended')),
    is_demo boolean not null default false,
    suspended_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check ((status = 'suspended') = (suspended_at is not null))
);

create table admins (
    id uuid primary key,
    email text not null unique check (email = lower(email) and length(email) between 3 and 254),
    display_name text not null check (length(display_name) between 1 and 120),
    password_hash text not null,
    active boolean not null default true,
    last_login_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table admin_sessions (
    id uuid primary key,
    admin_id uuid not null references admins (id),
    token_hash text not null unique check (length(token_hash) = 64),
    csrf_token text not null,
    ip text,
    user_agent text,
    created_at timestamptz not null,
    last_seen_at timestamptz not null,
    expires_at timestamptz not null,
    ended_at timestamptz
);
create index admin_sessions_live on admin_sessions (admin_id) where ended_at is null;

-- What platform admins did to clinics (create, suspend, resume); append-only.
create table events (
    seq bigint generated always as identity primary key,
    occurred_at timestamptz not null,
    admin_id uuid references admins (id),
    actor_label text not null,
    action text not null,
    clinic_id uuid references clinics (id),
    ip text,
    details jsonb not null default '{}'
);

create function reject_change() returns trigger language plpgsql as $$
begin
    raise exception 'append_only: rows of % cannot be changed or removed', tg_table_name
        using errcode = 'CT001';
end
$$;
create trigger events_append_only before update or delete on events
    for each row execute function reject_change();
