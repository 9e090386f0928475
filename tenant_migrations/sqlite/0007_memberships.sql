-- Memberships, packages and the append-only credit ledger (SQLite twin of postgres/0007).

create table membership_plans (
    id blob primary key,
    kind text not null check (kind in ('membership', 'package')),
    name text not null check (length(name) between 1 and 80),
    name_key text not null unique,
    description text check (length(description) <= 1000),
    price_cents integer not null check (price_cents >= 0),
    billing_interval text not null check (billing_interval in ('month', 'year', 'none')),
    member_discount_bp integer not null default 0 check (member_discount_bp between 0 and 10000),
    validity_days integer check (validity_days between 1 and 3650),
    credit_rollover_months integer check (credit_rollover_months between 0 and 24),
    active integer not null default 1,
    archived_at text,
    created_at text not null,
    updated_at text not null,
    check (kind <> 'package' or billing_interval = 'none'),
    check (kind <> 'membership' or billing_interval <> 'none')
) strict;

create table plan_benefits (
    id blob primary key,
    plan_id blob not null references membership_plans (id),
    credit_kind text not null check (credit_kind in ('service', 'money')),
    service_id blob references services (id),
    quantity integer not null default 0 check (quantity >= 0),
    amount_cents integer not null default 0 check (amount_cents >= 0),
    created_at text not null,
    check ((credit_kind = 'service') = (service_id is not null)),
    check ((credit_kind = 'service' and quantity > 0) or (credit_kind = 'money' and amount_cents > 0))
) strict;
create index plan_benefits_by_plan on plan_benefits (plan_id);

create table patient_memberships (
    id blob primary key,
    patient_id blob not null references patients (id),
    plan_id blob not null references membership_plans (id),
    status text not null default 'active'
        check (status in ('active', 'paused', 'cancelled', 'expired', 'used_up')),
    started_on text not null check (date(started_on) = started_on),
    expires_on text check (expires_on is null or date(expires_on) = expires_on),
    next_renewal_on text check (next_renewal_on is null or date(next_renewal_on) = next_renewal_on),
    cancelled_at text,
    cancellation_reason text check (length(cancellation_reason) <= 500),
    created_by blob references staff_users (id),
    created_at text not null,
    updated_at text not null,
    check (expires_on is null or expires_on >= started_on)
) strict;
create index patient_memberships_by_patient on patient_memberships (patient_id);

create table credit_ledger (
    id blob primary key,
    patient_membership_id blob not null references patient_memberships (id),
    patient_id blob not null references patients (id),
    entry_kind text not null check (entry_kind in ('grant', 'use', 'expire', 'adjust')),
    service_id blob references services (id),
    quantity integer not null default 0,
    amount_cents integer not null default 0,
    appointment_id blob references appointments (id),
    invoice_id blob references invoices (id),
    reason text check (length(reason) <= 500),
    expires_on text check (expires_on is null or date(expires_on) = expires_on),
    created_by blob references staff_users (id),
    created_at text not null,
    check (quantity <> 0 or amount_cents <> 0),
    check (entry_kind <> 'grant' or (quantity >= 0 and amount_cents >= 0)),
    check (entry_kind not in ('use', 'expire') or (quantity <= 0 and amount_cents <= 0)),
    check (entry_kind <> 'adjust' or reason is not null)
) strict;
create index credit_ledger_by_membership on credit_ledger (patient_membership_id, created_at);
create index credit_ledger_by_patient on credit_ledger (patient_id, created_at);

create trigger credit_ledger_no_update before update on credit_ledger
begin select raise(abort, 'append_only: credit_ledger'); end;
create trigger credit_ledger_no_delete before delete on credit_ledger
begin select raise(abort, 'append_only: credit_ledger'); end;
