-- The platform database: the clinics this installation serves and the people who run it
-- (SQLite twin of postgres/0001).

create table clinics (
    id blob primary key,
    slug text not null unique check (
        length(slug) between 2 and 40 and slug glob '[a-z]*' and slug not glob '*[^a-z0-9-]*'
        and slug not glob '*-'),
    name text not null check (length(name) between 1 and 120),
    timezone text not null check (length(timezone) between 1 and 64),
    status text not null default 'active' check (status in ('active', 'suspended')),
    is_demo integer not null default 0,
    suspended_at text,
    created_at text not null,
    updated_at text not null,
    check ((status = 'suspended') = (suspended_at is not null))
) strict;

create table admins (
    id blob primary key,
    email text not null unique check (email = lower(email) and length(email) between 3 and 254),
    display_name text not null check (length(display_name) between 1 and 120),
    password_hash text not null,
    active integer not null default 1,
    last_login_at text,
    created_at text not null,
    updated_at text not null
) strict;

create table admin_sessions (
    id blob primary key,
    admin_id blob not null references admins (id),
    token_hash text not null unique check (length(token_hash) = 64),
    csrf_token text not null,
    ip text,
    user_agent text,
    created_at text not null,
    last_seen_at text not null,
    expires_at text not null,
    ended_at text
) strict;
create index admin_sessions_live on admin_sessions (admin_id) where ended_at is null;

create table events (
    seq integer primary key autoincrement,
    occurred_at text not null,
    admin_id blob references admins (id),
    actor_label text not null,
    action text not null,
    clinic_id blob references clinics (id),
    ip text,
    details text not null default '{}' check (json_valid(details))
) strict;

create trigger events_no_update before update on events
begin select raise(abort, 'append_only: events'); end;
create trigger events_no_delete before delete on events
begin select raise(abort, 'append_only: events'); end;
