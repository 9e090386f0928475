-- Rooms, services, providers' hours and the appointment book.

create table rooms (
    id uuid primary key,
    name text not null check (length(name) between 1 and 60),
    name_key text not null unique,
    description text check (length(description) <= 200),
    sort_order integer not null default 0,
    archived_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table services (
    id uuid primary key,
    name text not null check (length(name) between 1 and 80),
    name_key text not null unique,
    category text not null default 'General' check (length(category) between 1 and 60),
    description text check (length(description) <= 500),
    duration_minutes integer not null check (duration_minutes between 5 and 720),
    buffer_after_minutes integer not null default 0 check (buffer_after_minutes between 0 and 240),
    price_cents bigint not null check (price_cents between 0 and 100000000),
    color text not null check (color ~ '^#[0-9a-f]{6}$'),
    needs_room boolean not null default false,
    bookable_online boolean not null default false,
    chart_kind text not null default 'general'
        check (chart_kind in ('injectables', 'laser', 'skin', 'general')),
    sort_order integer not null default 0,
    archived_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

-- When a service needs a room and rows exist here, only these rooms will do; with no rows any
-- room will.
create table service_rooms (
    service_id uuid not null references services (id),
    room_id uuid not null references rooms (id),
    primary key (service_id, room_id)
);

create table provider_profiles (
    user_id uuid primary key references staff_users (id),
    calendar_color text not null check (calendar_color ~ '^#[0-9a-f]{6}$'),
    bookable_online boolean not null default true,
    bio text check (length(bio) <= 500),
    sort_order integer not null default 0,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

-- Weekly hours in the clinic's wall-clock time; ISO weekday (1 = Monday); minutes since midnight.
create table provider_working_hours (
    id uuid primary key,
    provider_id uuid not null references provider_profiles (user_id),
    weekday smallint not null check (weekday between 1 and 7),
    start_minute integer not null check (start_minute between 0 and 1439),
    end_minute integer not null check (end_minute <= 1440),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check (end_minute > start_minute)
);
create index provider_working_hours_by_provider on provider_working_hours (provider_id, weekday);

create table provider_time_off (
    id uuid primary key,
    provider_id uuid not null references provider_profiles (user_id),
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    reason text check (length(reason) <= 200),
    created_by uuid references staff_users (id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    deleted_at timestamptz,
    check (ends_at > starts_at)
);
create index provider_time_off_by_provider on provider_time_off (provider_id, starts_at);

create table provider_services (
    provider_id uuid not null references provider_profiles (user_id),
    service_id uuid not null references services (id),
    created_at timestamptz not null,
    primary key (provider_id, service_id)
);
create index provider_services_by_service on provider_services (service_id);

-- blocked_until = ends_at + the service's buffer: the span in which neither the provider nor the
-- room can take another appointment. Cancelled and no-show appointments free their time.
create table appointments (
    id uuid primary key,
    patient_id uuid not null references patients (id),
    provider_id uuid not null references staff_users (id),
    service_id uuid not null references services (id),
    room_id uuid references rooms (id),
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    blocked_until timestamptz not null,
    status text not null default 'booked' check (status in
        ('booked', 'confirmed', 'checked_in', 'in_progress', 'completed', 'cancelled', 'no_show')),
    source text not null check (source in ('staff', 'online', 'api')),
    notes text check (length(notes) <= 2000),
    cancellation_reason text check (length(cancellation_reason) <= 500),
    cancelled_at timestamptz,
    cancelled_by uuid references staff_users (id),
    confirmed_at timestamptz,
    checked_in_at timestamptz,
    started_at timestamptz,
    completed_at timestamptz,
    idempotency_key text unique,
    created_by uuid references staff_users (id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check (ends_at > starts_at),
    check (blocked_until >= ends_at),
    check ((status = 'cancelled') = (cancelled_at is not null)),
    constraint appointments_provider_overlap exclude using gist (
        provider_id with =,
        tstzrange(starts_at, blocked_until, '[)') with &&
    ) where (status not in ('cancelled', 'no_show')),
    constraint appointments_room_overlap exclude using gist (
        room_id with =,
        tstzrange(starts_at, blocked_until, '[)') with &&
    ) where (room_id is not null and status not in ('cancelled', 'no_show'))
);
create index appointments_by_start on appointments (starts_at);
create index appointments_by_patient on appointments (patient_id, starts_at);
create index appointments_by_provider on appointments (provider_id, starts_at);
create index appointments_by_room on appointments (room_id, starts_at) where room_id is not null;
