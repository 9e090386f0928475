-- Memberships, packages and unit banks in use. Nothing wrote the tables of 0007 before this
-- version, so they are made again in the shape the module uses (the guard below refuses if a
-- clinic has rows in them after all).
--
-- A plan grants credits: a number of a service, an amount of money, or units of a product kind
-- (a unit bank: "40 units of neurotoxin", drawn from what is charted). A patient's membership
-- has periods (one for a package); each period's credits are granted once, guarded by
-- `membership_periods` and a unique index. The ledger is append-only. A grant (or a positive
-- adjustment) is a pot; uses, expiries, reversals and negative adjustments name the pot they
-- draw from or return to, and a trigger refuses any entry that would overdraw its pot.

do $$
begin
    if exists (select 1 from membership_plans) or exists (select 1 from patient_memberships)
        or exists (select 1 from credit_ledger) then
        raise exception 'memberships are already in use in this clinic; this migration would remake their tables';
    end if;
end
$$;

drop table credit_ledger;
drop table patient_memberships;
drop table plan_benefits;
drop table membership_plans;

create table membership_plans (
    id uuid primary key,
    kind text not null check (kind in ('membership', 'package')),
    name text not null check (length(name) between 1 and 80),
    name_key text not null unique,
    description text check (length(description) <= 1000),
    price_cents bigint not null check (price_cents between 0 and 100000000),
    billing_interval text not null check (billing_interval in ('month', 'year', 'none')),
    member_discount_bp integer not null default 0 check (member_discount_bp between 0 and 10000),
    discount_services boolean not null default false,
    discount_products boolean not null default false,
    -- Packages: how long the credits last from the day of purchase.
    validity_days integer check (validity_days between 1 and 3650),
    -- Memberships: how many months a period's unused credits stay usable after it ends.
    credit_rollover_months integer not null default 0 check (credit_rollover_months between 0 and 24),
    archived_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check ((kind = 'package') = (billing_interval = 'none')),
    check ((kind = 'package') = (validity_days is not null))
);

create table plan_benefits (
    id uuid primary key,
    plan_id uuid not null references membership_plans (id),
    position integer not null,
    credit_kind text not null check (credit_kind in ('service', 'money', 'units')),
    service_id uuid references services (id),
    product_kind text check (product_kind in ('neurotoxin', 'filler', 'biostimulator', 'skin', 'energy', 'other')),
    -- Thousandths: 1000 is one session or one unit.
    quantity_milli bigint not null default 0 check (quantity_milli between 0 and 100000000),
    amount_cents bigint not null default 0 check (amount_cents between 0 and 100000000),
    created_at timestamptz not null,
    unique (plan_id, position),
    check ((credit_kind = 'service') = (service_id is not null)),
    check ((credit_kind = 'units') = (product_kind is not null)),
    check ((credit_kind = 'money') = (amount_cents > 0)),
    check ((credit_kind = 'money') = (quantity_milli = 0))
);

create table patient_memberships (
    id uuid primary key,
    patient_id uuid not null references patients (id),
    plan_id uuid not null references membership_plans (id),
    status text not null check (status in ('active', 'paused', 'cancelled', 'ended')),
    started_on date not null,
    -- Memberships: the day the next period starts (and is billed); none while paused or cancelled.
    next_renewal_on date,
    -- Packages: the last day their credits can be used.
    expires_on date,
    paused_on date,
    cancelled_at timestamptz,
    cancelled_by uuid references staff_users (id),
    cancellation_reason text check (length(cancellation_reason) between 1 and 500),
    sale_invoice_id uuid references invoices (id),
    created_by uuid references staff_users (id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check ((status = 'cancelled') = (cancelled_at is not null)),
    check ((status = 'paused') = (paused_on is not null))
);
create index patient_memberships_by_patient on patient_memberships (patient_id, created_at);
create index patient_memberships_due on patient_memberships (next_renewal_on) where status = 'active';

-- One row per period of a membership: the renewal that writes it is the one that bills and
-- grants it, however many runs race for it.
create table membership_periods (
    membership_id uuid not null references patient_memberships (id),
    starts_on date not null,
    ends_on date not null check (ends_on > starts_on),
    invoice_id uuid references invoices (id),
    created_at timestamptz not null,
    primary key (membership_id, starts_on)
);

create table credit_ledger (
    id uuid primary key,
    membership_id uuid not null references patient_memberships (id),
    patient_id uuid not null references patients (id),
    entry_kind text not null check (entry_kind in ('grant', 'use', 'expire', 'reverse', 'adjust')),
    credit_kind text not null check (credit_kind in ('service', 'money', 'units')),
    service_id uuid references services (id),
    product_kind text,
    quantity_milli bigint not null default 0,
    amount_cents bigint not null default 0,
    -- The pot (a grant or a positive adjustment) this entry draws from or returns to.
    pot_id uuid references credit_ledger (id),
    -- A reversal names the use it undoes.
    reverses_id uuid references credit_ledger (id),
    benefit_id uuid references plan_benefits (id),
    -- A grant's share of what was paid for it: what its unused part is worth (deferred revenue).
    value_cents bigint not null default 0 check (value_cents >= 0),
    period_starts_on date,
    expires_on date,
    appointment_id uuid references appointments (id),
    invoice_id uuid references invoices (id),
    reason text check (length(reason) between 1 and 500),
    created_by uuid references staff_users (id),
    created_at timestamptz not null,
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
);
create index credit_ledger_by_membership on credit_ledger (membership_id, created_at);
create index credit_ledger_by_patient on credit_ledger (patient_id, created_at);
create index credit_ledger_by_pot on credit_ledger (pot_id);
create index credit_ledger_pots_by_expiry on credit_ledger (expires_on) where pot_id is null;
create index credit_ledger_by_invoice on credit_ledger (invoice_id) where invoice_id is not null;
create unique index credit_ledger_one_grant_per_period on credit_ledger (membership_id, benefit_id, period_starts_on)
    where entry_kind = 'grant';
create unique index credit_ledger_one_expiry on credit_ledger (pot_id) where entry_kind = 'expire';
create unique index credit_ledger_one_reversal on credit_ledger (reverses_id) where reverses_id is not null;

create trigger credit_ledger_append_only before update or delete on credit_ledger
    for each row execute function reject_change();

-- No entry may take a pot below zero. The pot's row is locked first, so entries racing for the
-- same pot are checked one after another, each seeing the others' committed entries.
create function reject_overdrawn_pot() returns trigger language plpgsql as $$
declare
    left_milli bigint;
    left_cents bigint;
begin
    if new.pot_id is null then
        return new;
    end if;
    perform 1 from credit_ledger where id = new.pot_id for update;
    select sum(quantity_milli) + new.quantity_milli, sum(amount_cents) + new.amount_cents
        into left_milli, left_cents
        from credit_ledger where id = new.pot_id or pot_id = new.pot_id;
    if left_milli < 0 or left_cents < 0 then
        raise exception 'credit_overdrawn: the credit has less left than this entry takes' using errcode = 'CT005';
    end if;
    return new;
end
$$;
create trigger credit_ledger_pot_not_overdrawn before insert on credit_ledger
    for each row execute function reject_overdrawn_pot();
