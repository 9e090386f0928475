-- Staff, sign-in and clinic-wide settings (SQLite twin of postgres/0001).
-- uuid -> blob, timestamptz -> fixed-width ISO-8601 UTC text, boolean -> integer, jsonb -> text.

create table clinic_settings (
    singleton integer primary key default 1 check (singleton = 1),
    brand_color text not null default '#6d5bd0'
        check (brand_color glob '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
    currency text not null default 'USD' check (length(currency) = 3 and currency not glob '*[^A-Z]*'),
    default_tax_rate_bp integer not null default 0 check (default_tax_rate_bp between 0 and 10000),
    online_booking_enabled integer not null default 0,
    booking_min_lead_minutes integer not null default 120 check (booking_min_lead_minutes between 0 and 20160),
    booking_horizon_days integer not null default 60 check (booking_horizon_days between 1 and 365),
    booking_slot_interval_minutes integer not null default 15
        check (booking_slot_interval_minutes in (5, 10, 15, 20, 30, 60)),
    invoice_prefix text not null default 'INV'
        check (length(invoice_prefix) between 1 and 10 and invoice_prefix not glob '*[^A-Z0-9-]*'),
    next_invoice_number integer not null default 1 check (next_invoice_number > 0),
    created_at text not null,
    updated_at text not null
) strict;

create table staff_users (
    id blob primary key,
    email text not null unique check (email = lower(email) and length(email) between 3 and 254),
    display_name text not null check (length(display_name) between 1 and 120),
    role text not null
        check (role in ('owner', 'provider', 'front_desk', 'billing', 'medical_director', 'read_only')),
    credentials text check (length(credentials) <= 40),
    password_hash text,
    must_change_password integer not null default 0,
    active integer not null default 1,
    deactivated_at text,
    password_changed_at text,
    last_login_at text,
    created_at text not null,
    updated_at text not null,
    check (active or deactivated_at is not null)
) strict;

create table staff_sessions (
    id blob primary key,
    user_id blob not null references staff_users (id),
    token_hash text not null unique check (length(token_hash) = 64),
    csrf_token text not null,
    ip text,
    user_agent text,
    created_at text not null,
    last_seen_at text not null,
    expires_at text not null,
    ended_at text,
    end_reason text check (end_reason in
        ('logout', 'password_changed', 'deactivated', 'role_changed', 'clinic_suspended', 'expired')),
    check ((ended_at is null) = (end_reason is null))
) strict;
create index staff_sessions_live on staff_sessions (user_id) where ended_at is null;

create table api_tokens (
    id blob primary key,
    name text not null check (length(name) between 1 and 80),
    token_prefix text not null,
    token_hash text not null unique check (length(token_hash) = 64),
    role text not null
        check (role in ('owner', 'provider', 'front_desk', 'billing', 'medical_director', 'read_only')),
    created_by blob not null references staff_users (id),
    created_at text not null,
    updated_at text not null,
    expires_at text,
    last_used_at text,
    revoked_at text,
    revoked_by blob references staff_users (id),
    check ((revoked_at is null) = (revoked_by is null))
) strict;

create table oidc_settings (
    singleton integer primary key default 1 check (singleton = 1),
    enabled integer not null default 1,
    issuer_url text not null check (substr(issuer_url, 1, 7) = 'http://' or substr(issuer_url, 1, 8) = 'https://'),
    client_id text not null check (length(client_id) between 1 and 200),
    client_secret_sealed text not null,
    button_label text check (length(button_label) <= 60),
    updated_by blob references staff_users (id),
    created_at text not null,
    updated_at text not null
) strict;

create table oidc_identities (
    id blob primary key,
    user_id blob not null references staff_users (id),
    issuer text not null,
    subject text not null,
    email_at_link text,
    created_at text not null,
    last_login_at text,
    unique (issuer, subject),
    unique (user_id, issuer)
) strict;
create index oidc_identities_user on oidc_identities (user_id);

create table oidc_pending_logins (
    state_hash text primary key check (length(state_hash) = 64),
    nonce text not null,
    pkce_verifier text not null,
    return_to text,
    created_at text not null,
    expires_at text not null
) strict;
