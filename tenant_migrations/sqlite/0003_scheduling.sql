-- Rooms, services, providers' hours and the appointment book (SQLite twin of postgres/0003).
-- SQLite has no exclusion constraints: triggers refuse overlapping active appointments of one
-- provider or one room. Times are fixed-width UTC text, so text comparison is time order.

create table rooms (
    id blob primary key,
    name text not null check (length(name) between 1 and 60),
    name_key text not null unique,
    description text check (length(description) <= 200),
    sort_order integer not null default 0,
    archived_at text,
    created_at text not null,
    updated_at text not null
) strict;

create table services (
    id blob primary key,
    name text not null check (length(name) between 1 and 80),
    name_key text not null unique,
    category text not null default 'General' check (length(category) between 1 and 60),
    description text check (length(description) <= 500),
    duration_minutes integer not null check (duration_minutes between 5 and 720),
    buffer_after_minutes integer not null default 0 check (buffer_after_minutes between 0 and 240),
    price_cents integer not null check (price_cents between 0 and 100000000),
    color text not null check (color glob '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
    needs_room integer not null default 0,
    bookable_online integer not null default 0,
    chart_kind text not null default 'general'
        check (chart_kind in ('injectables', 'laser', 'skin', 'general')),
    sort_order integer not null default 0,
    archived_at text,
    created_at text not null,
    updated_at text not null
) strict;

create table service_rooms (
    service_id blob not null references services (id),
    room_id blob not null references rooms (id),
    primary key (service_id, room_id)
) strict;

create table provider_profiles (
    user_id blob primary key references staff_users (id),
    calendar_color text not null
        check (calendar_color glob '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
    bookable_online integer not null default 1,
    bio text check (length(bio) <= 500),
    sort_order integer not null default 0,
    created_at text not null,
    updated_at text not null
) strict;

create table provider_working_hours (
    id blob primary key,
    provider_id blob not null references provider_profiles (user_id),
    weekday integer not null check (weekday between 1 and 7),
    start_minute integer not null check (start_minute between 0 and 1439),
    end_minute integer not null check (end_minute <= 1440),
    created_at text not null,
    updated_at text not null,
    check (end_minute > start_minute)
) strict;
create index provider_working_hours_by_provider on provider_working_hours (provider_id, weekday);

create table provider_time_off (
    id blob primary key,
    provider_id blob not null references provider_profiles (user_id),
    starts_at text not null,
    ends_at text not null,
    reason text check (length(reason) <= 200),
    created_by blob references staff_users (id),
    created_at text not null,
    updated_at text not null,
    deleted_at text,
    check (ends_at > starts_at)
) strict;
create index provider_time_off_by_provider on provider_time_off (provider_id, starts_at);

create table provider_services (
    provider_id blob not null references provider_profiles (user_id),
    service_id blob not null references services (id),
    created_at text not null,
    primary key (provider_id, service_id)
) strict;
create index provider_services_by_service on provider_services (service_id);

create table appointments (
    id blob primary key,
    patient_id blob not null references patients (id),
    provider_id blob not null references staff_users (id),
    service_id blob not null references services (id),
    room_id blob references rooms (id),
    starts_at text not null,
    ends_at text not null,
    blocked_until text not null,
    status text not null default 'booked' check (status in
        ('booked', 'confirmed', 'checked_in', 'in_progress', 'completed', 'cancelled', 'no_show')),
    source text not null check (source in ('staff', 'online', 'api')),
    notes text check (length(notes) <= 2000),
    cancellation_reason text check (length(cancellation_reason) <= 500),
    cancelled_at text,
    cancelled_by blob references staff_users (id),
    confirmed_at text,
    checked_in_at text,
    started_at text,
    completed_at text,
    idempotency_key text unique,
    created_by blob references staff_users (id),
    created_at text not null,
    updated_at text not null,
    check (ends_at > starts_at),
    check (blocked_until >= ends_at),
    check ((status = 'cancelled') = (cancelled_at is not null))
) strict;
create index appointments_by_start on appointments (starts_at);
create index appointments_by_patient on appointments (patient_id, starts_at);
create index appointments_by_provider on appointments (provider_id, starts_at);
create index appointments_by_room on appointments (room_id, starts_at) where room_id is not null;

create trigger appointments_overlap_on_insert before insert on appointments
when new.status not in ('cancelled', 'no_show')
begin
    select raise(abort, 'appointment_overlap: provider') where exists (
        select 1 from appointments a
        where a.provider_id = new.provider_id and a.status not in ('cancelled', 'no_show')
          and a.starts_at < new.blocked_until and a.blocked_until > new.starts_at);
    select raise(abort, 'appointment_overlap: room') where new.room_id is not null and exists (
        select 1 from appointments a
        where a.room_id = new.room_id and a.status not in ('cancelled', 'no_show')
          and a.starts_at < new.blocked_until and a.blocked_until > new.starts_at);
end;

create trigger appointments_overlap_on_update
before update of provider_id, room_id, starts_at, blocked_until, status on appointments
when new.status not in ('cancelled', 'no_show')
begin
    select raise(abort, 'appointment_overlap: provider') where exists (
        select 1 from appointments a
        where a.id <> new.id and a.provider_id = new.provider_id
          and a.status not in ('cancelled', 'no_show')
          and a.starts_at < new.blocked_until and a.blocked_until > new.starts_at);
    select raise(abort, 'appointment_overlap: room') where new.room_id is not null and exists (
        select 1 from appointments a
        where a.id <> new.id and a.room_id = new.room_id
          and a.status not in ('cancelled', 'no_show')
          and a.starts_at < new.blocked_until and a.blocked_until > new.starts_at);
end;
