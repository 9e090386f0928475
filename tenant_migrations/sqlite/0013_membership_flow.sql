-- Memberships, packages and unit banks in use (SQLite twin of postgres/0013). Nothing wrote
-- the tables of 0007 before this version, so they are made again in the shape the module uses;
-- the guard below refuses (a check fails) if a clinic has rows in them after all.

create temp table memberships_unused (rows integer check (rows = 0));
insert into memberships_unused select (select count(*) from membership_plans) + (select count(*) from patient_memberships)
    + (select count(*) from credit_ledger);
drop table memberships_unused;

drop table credit_ledger;
drop table patient_memberships;
drop table plan_benefits;
drop table membership_plans;

create table membership_plans (
    id blob primary key,
    kind text not null check (kind in ('membership', 'package')),
    name text not null check (length(name) between 1 and 80),
    name_key text not null unique,
    description text check (length(description) <= 1000),
    price_cents integer not null check (price_cents between 0 and 100000000),
    billing_interval text not null check (billing_interval in ('month', 'year', 'none')),
    member_discount_bp integer not null default 0 check (member_discount_bp between 0 and 10000),
    discount_services integer not null default 0,
    discount_products integer not null default 0,
    validity_days integer check (validity_days between 1 and 3650),
    credit_rollover_months integer not null default 0 check (credit_rollover_months between 0 and 24),
    archived_at text,
    created_at text not null,
    updated_at text not null,
    check ((kind = 'package') = (billing_interval = 'none')),
    check ((kind = 'package') = (validity_days is not null))
) strict;

create table plan_benefits (
    id blob primary key,
    plan_id blob not null references membership_plans (id),
    position integer not null,
    credit_kind text not null check (credit_kind in ('service', 'money', 'units')),
    service_id blob references services (id),
    product_kind text check (product_kind in ('neurotoxin', 'filler', 'biostimulator', 'skin', 'energy', 'other')),
    quantity_milli integer not null default 0 check (quantity_milli between 0 and 100000000),
    amount_cents integer not null default 0 check (amount_cents between 0 and 100000000),
    created_at text not null,
    unique (plan_id, position),
    check ((credit_kind = 'service') = (service_id is not null)),
    check ((credit_kind = 'units') = (product_kind is not null)),
    check ((credit_kind = 'money') = (amount_cents > 0)),
    check ((credit_kind = 'money') = (quantity_milli = 0))
) strict;

create table patient_memberships (
    id blob primary key,
    patient_id blob not null references patients (id),
    plan_id blob not null references membership_plans (id),
    status text not null check (status in ('active', 'paused', 'cancelled', 'ended')),
    started_on text not null check (date(started_on) = started_on),
    next_renewal_on text check (next_renewal_on is null or date(next_renewal_on) = next_renewal_on),
    expires_on text check (expires_on is null or date(expires_on) = expires_on),
    paused_on text check (paused_on is null or date(paused_on) = paused_on),
    cancelled_at text,
    cancelled_by blob references staff_users (id),
    cancellation_reason text check (length(cancellation_reason) between 1 and 500),
    sale_invoice_id blob references invoices (id),
    created_by blob references staff_users (id),
    created_at text not null,
    updated_at text not null,
    check ((status = 'cancelled') = (cancelled_at is not null)),
    check ((status = 'paused') = (paused_on is not null))
) strict;
create index patient_memberships_by_patient on patient_memberships (patient_id, created_at);
create index patient_memberships_due on patient_memberships (next_renewal_on) where status = 'active';

create table membership_periods (
    membership_id blob not null references patient_memberships (id),
    starts_on text not null check (date(starts_on) = starts_on),
    ends_on text not null check (date(ends_on) = ends_on and ends_on > starts_on),
    invoice_id blob references invoices (id),
    created_at text not null,
    primary key (membership_id, starts_on)
) strict, without rowid;

create table credit_ledger (
    id blob primary key,
    membership_id blob not null references patient_memberships (id),
    patient_id blob not null references patients (id),
    entry_kind text not null check (entry_kind in ('grant', 'use', 'expire', 'reverse', 'adjust')),
    credit_kind text not null check (credit_kind in ('service', 'money', 'units')),
    service_id blob references services (id),
    product_kind text,
    quantity_milli integer not null default 0,
    amount_cents integer not null default 0,
    pot_id blob references credit_ledger (id),
    reverses_id blob references credit_ledger (id),
    benefit_id blob references plan_benefits (id),
    -- A grant's share of what was paid for it: what its unused part is worth (deferred revenue).
    value_cents integer not null default 0 check (value_cents >= 0),
    period_starts_on text check (period_starts_on is null or date(period_starts_on) = period_starts_on),
    expires_on text check (expires_on is null or date(expires_on) = expires_on),
    appointment_id blob references appointments (id),
    invoice_id blob references invoices (id),
    reason text check (length(reason) between 1 and 500),
    created_by blob references staff_users (id),
    created_at text not null,
    check ((credit_kind = 'money') = (amount_cents <> 0)),
    check ((credit_kind = 'money') = (quantity_milli = 0)),
    check ((credit_kind = 'service') = (service_id is not null)),
    check ((credit_kind = 'units') = (product_kind is not null)),
    check (case entry_kind
        when 'grant' then quantity_milli >= 0 and amount_cents >= 0 and pot_id is null
        when 'use' then quantity_milli <= 0 and amount_cents <= 0 and pot_id is not null
        when 'expire' then quantity_milli <= 0 and amount_cents <= 0 and pot_id is not null
        when 'reverse' then quantity_milli >= 0 and amount_cents >= 0 and pot_id is not null and reverses_id is not null
        else reason is not null and ((quantity_milli + amount_cents > 0) = (pot_id is null))
    end)
) strict;
create index credit_ledger_by_membership on credit_ledger (membership_id, created_at);
create index credit_ledger_by_patient on credit_ledger (patient_id, created_at);
create index credit_ledger_by_pot on credit_ledger (pot_id);
create index credit_ledger_pots_by_expiry on credit_ledger (expires_on) where pot_id is null;
create index credit_ledger_by_invoice on credit_ledger (invoice_id) where invoice_id is not null;
create unique index credit_ledger_one_grant_per_period on credit_ledger (membership_id, benefit_id, period_starts_on)
    where entry_kind = 'grant';
create unique index credit_ledger_one_expiry on credit_ledger (pot_id) where entry_kind = 'expire';
create unique index credit_ledger_one_reversal on credit_ledger (reverses_id) where reverses_id is not null;

create trigger credit_ledger_no_update before update on credit_ledger
begin select raise(abort, 'append_only: credit_ledger'); end;
create trigger credit_ledger_no_delete before delete on credit_ledger
begin select raise(abort, 'append_only: credit_ledger'); end;
create trigger credit_ledger_pot_not_overdrawn before insert on credit_ledger
when new.pot_id is not null and (
    (select sum(quantity_milli) from credit_ledger where id = new.pot_id or pot_id = new.pot_id) + new.quantity_milli < 0
    or (select sum(amount_cents) from credit_ledger where id = new.pot_id or pot_id = new.pot_id) + new.amount_cents < 0)
begin select raise(abort, 'credit_overdrawn: the credit has less left than this entry takes'); end;
