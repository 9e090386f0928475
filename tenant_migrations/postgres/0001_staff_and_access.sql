-- Staff, sign-in and clinic-wide settings.
-- Conventions: ids are UUIDv7 made by the application; instants are timestamptz in UTC and come
-- from the application's clock (never now()); money is integer minor units; enums are text with
-- a check constraint so both backends read the same.

create function reject_change() returns trigger language plpgsql as $$
begin
    raise exception 'append_only: rows of % cannot be changed or removed', tg_table_name
        using errcode = 'CT001';
end
$$;

create table clinic_settings (
    singleton boolean primary key default true check (singleton),
    brand_color text not null default '#6d5bd0' check (brand_color ~ '^#[0-9a-f]{6}$'),
    currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
    default_tax_rate_bp integer not null default 0 check (default_tax_rate_bp between 0 and 10000),
    online_booking_enabled boolean not null default false,
    booking_min_lead_minutes integer not null default 120 check (booking_min_lead_minutes between 0 and 20160),
    booking_horizon_days integer not null default 60 check (booking_horizon_days between 1 and 365),
    booking_slot_interval_minutes integer not null default 15
        check (booking_slot_interval_minutes in (5, 10, 15, 20, 30, 60)),
    invoice_prefix text not null default 'INV' check (invoice_prefix ~ '^[A-Z0-9-]{1,10}$'),
    next_invoice_number bigint not null default 1 check (next_invoice_number > 0),
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table staff_users (
    id uuid primary key,
    email text not null unique check (email = lower(email) and length(email) between 3 and 254),
    display_name text not null check (length(display_name) between 1 and 120),
    role text not null
        check (role in ('owner', 'provider', 'front_desk', 'billing', 'medical_director', 'read_only')),
    credentials text check (length(credentials) <= 40),
    password_hash text,
    must_change_password boolean not null default false,
    active boolean not null default true,
    deactivated_at timestamptz,
    password_changed_at timestamptz,
    last_login_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check (active or deactivated_at is not null)
);

create table staff_sessions (
    id uuid primary key,
    user_id uuid not null references staff_users (id),
    token_hash text not null unique check (length(token_hash) = 64),
    csrf_token text not null,
    ip text,
    user_agent text,
    created_at timestamptz not null,
    last_seen_at timestamptz not null,
    expires_at timestamptz not null,
    ended_at timestamptz,
    end_reason text check (end_reason in
        ('logout', 'password_changed', 'deactivated', 'role_changed', 'clinic_suspended', 'expired')),
    check ((ended_at is null) = (end_reason is null))
);
create index staff_sessions_live on staff_sessions (user_id) where ended_at is null;

create table api_tokens (
    id uuid primary key,
    name text not null check (length(name) between 1 and 80),
    token_prefix text not null,
    token_hash text not null unique check (length(token_hash) = 64),
    role text not null
        check (role in ('owner', 'provider', 'front_desk', 'billing', 'medical_director', 'read_only')),
    created_by uuid not null references staff_users (id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    expires_at timestamptz,
    last_used_at timestamptz,
    revoked_at timestamptz,
    revoked_by uuid references staff_users (id),
    check ((revoked_at is null) = (revoked_by is null))
);

create table oidc_settings (
    singleton boolean primary key default true check (singleton),
    enabled boolean not null default true,
    issuer_url text not null check (issuer_url ~ '^https?://'),
    client_id text not null check (length(client_id) between 1 and 200),
    client_secret_sealed text not null,
    button_label text check (length(button_label) <= 60),
    updated_by uuid references staff_users (id),
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table oidc_identities (
    id uuid primary key,
    user_id uuid not null references staff_users (id),
    issuer text not null,
    subject text not null,
    email_at_link text,
    created_at timestamptz not null,
    last_login_at timestamptz,
    unique (issuer, subject),
    unique (user_id, issuer)
);
create index oidc_identities_user on oidc_identities (user_id);

-- One row per sign-in started at the identity provider; consumed by the callback.
create table oidc_pending_logins (
    state_hash text primary key check (length(state_hash) = 64),
    nonce text not null,
    pkce_verifier text not null,
    return_to text,
    created_at timestamptz not null,
    expires_at timestamptz not null
);
