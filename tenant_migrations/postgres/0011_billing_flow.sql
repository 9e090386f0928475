-- Billing in use. A draft invoice has no number yet: numbers are taken from the clinic's
-- sequence when it is issued, so they run without gaps. Once issued, what an invoice charges
-- (its lines, discount, tax and totals) never changes; only its payment status, refunds and a
-- void are added. Lines keep their share of the invoice discount and their tax, so reports add
-- up exactly what was charged.

alter table clinic_settings add column clinic_address text check (length(clinic_address) <= 300);
alter table clinic_settings add column clinic_phone text check (length(clinic_phone) <= 40);
alter table clinic_settings add column tax_services boolean not null default false;
alter table clinic_settings add column tax_products boolean not null default true;

-- 'per_unit': the visit is billed from the chart (the units of each product injected at the
-- product's price), plus the service's own price when it has one.
alter table services add column pricing text not null default 'fixed' check (pricing in ('fixed', 'per_unit'));
-- The price of one default unit of a product (a unit of neurotoxin, a syringe of filler), and
-- whether it is also sold over the counter.
alter table products add column price_cents bigint check (price_cents between 0 and 100000000);
alter table products add column retail boolean not null default false;

alter table invoices alter column number drop not null;
alter table invoices add column provider_id uuid references staff_users (id);
alter table invoices add column discount_reason text check (length(discount_reason) <= 200);
alter table invoices add column tax_exempt boolean not null default false;
alter table invoices add column refunded_cents bigint not null default 0 check (refunded_cents >= 0);
alter table invoices add column issued_by uuid references staff_users (id);
alter table invoices add column voided_by uuid references staff_users (id);
-- When it was made, then when it was issued: the date lists and reports go by.
alter table invoices add column dated_at timestamptz;
update invoices set dated_at = coalesce(issued_at, created_at);
alter table invoices alter column dated_at set not null;
alter table invoices add constraint invoices_numbered check ((number is null) = (status = 'draft' or (status = 'void' and issued_at is null)));
create unique index invoices_one_per_visit on invoices (appointment_id)
    where appointment_id is not null and status <> 'void';
create index invoices_by_date on invoices (dated_at desc, id desc);
create index invoices_by_patient_date on invoices (patient_id, dated_at desc);
create index invoices_by_provider_date on invoices (provider_id, dated_at desc);

alter table invoice_lines add column unit text
    check (unit in ('units', 'ml', 'syringes', 'vials', 'pulses', 'j_cm2', 'passes', 'other'));
-- Quantity taken from the chart's entries for this product (updated when the chart changes).
alter table invoice_lines add column from_chart boolean not null default false;
-- This line's share of the invoice discount, and its tax.
alter table invoice_lines add column invoice_discount_cents bigint not null default 0 check (invoice_discount_cents >= 0);
alter table invoice_lines add column tax_cents bigint not null default 0 check (tax_cents >= 0);

alter table payments add column idempotency_key text check (length(idempotency_key) between 1 and 255);
create unique index payments_by_idempotency_key on payments (idempotency_key);

create function reject_issued_invoice_change() returns trigger language plpgsql as $$
begin
    if old.status <> 'draft' and (new.number, new.patient_id, new.appointment_id, new.discount_kind,
            new.discount_value, new.discount_reason, new.tax_rate_bp, new.tax_exempt, new.subtotal_cents,
            new.discount_cents, new.tax_cents, new.total_cents, new.issued_at, new.dated_at)
        is distinct from (old.number, old.patient_id, old.appointment_id, old.discount_kind,
            old.discount_value, old.discount_reason, old.tax_rate_bp, old.tax_exempt, old.subtotal_cents,
            old.discount_cents, old.tax_cents, old.total_cents, old.issued_at, old.dated_at) then
        raise exception 'invoice_issued: an issued invoice cannot change what it charges' using errcode = 'CT004';
    end if;
    if old.status = 'void' and new.status <> 'void' then
        raise exception 'invoice_issued: a void invoice stays void' using errcode = 'CT004';
    end if;
    return new;
end
$$;
create trigger invoices_issued_frozen before update on invoices
    for each row execute function reject_issued_invoice_change();
create trigger invoices_no_delete before delete on invoices
    for each row execute function reject_change();

create function reject_issued_line_change() returns trigger language plpgsql as $$
declare
    target uuid;
begin
    if tg_op = 'DELETE' then
        target := old.invoice_id;
    else
        target := new.invoice_id;
    end if;
    if exists (select 1 from invoices where id = target and status <> 'draft')
        or (tg_op = 'UPDATE' and exists (select 1 from invoices where id = old.invoice_id and status <> 'draft')) then
        raise exception 'invoice_issued: the lines of an issued invoice cannot change' using errcode = 'CT004';
    end if;
    if tg_op = 'DELETE' then
        return old;
    end if;
    return new;
end
$$;
create trigger invoice_lines_issued_frozen before insert or update or delete on invoice_lines
    for each row execute function reject_issued_line_change();

-- A payment is never removed or altered; it can only be voided, once.
create function reject_payment_change() returns trigger language plpgsql as $$
begin
    if old.voided_at is not null
        or (new.invoice_id, new.kind, new.method, new.amount_cents, new.reference, new.received_at, new.recorded_by)
            is distinct from (old.invoice_id, old.kind, old.method, old.amount_cents, old.reference, old.received_at, old.recorded_by) then
        raise exception 'append_only: payments are voided, never changed' using errcode = 'CT001';
    end if;
    return new;
end
$$;
create trigger payments_append_only before update on payments
    for each row execute function reject_payment_change();
create trigger payments_no_delete before delete on payments
    for each row execute function reject_change();
