-- Billing in use (SQLite twin of postgres/0011). SQLite cannot relax a NOT NULL column, so
-- invoices is rebuilt (it has no rows before this version: nothing wrote to it).

alter table clinic_settings add column clinic_address text check (length(clinic_address) <= 300);
alter table clinic_settings add column clinic_phone text check (length(clinic_phone) <= 40);
alter table clinic_settings add column tax_services integer not null default 0;
alter table clinic_settings add column tax_products integer not null default 1;

alter table services add column pricing text not null default 'fixed' check (pricing in ('fixed', 'per_unit'));
alter table products add column price_cents integer check (price_cents between 0 and 100000000);
alter table products add column retail integer not null default 0;

create table invoices_v2 (
    id blob primary key,
    number text unique,
    patient_id blob not null references patients (id),
    appointment_id blob references appointments (id),
    provider_id blob references staff_users (id),
    status text not null default 'draft'
        check (status in ('draft', 'unpaid', 'partially_paid', 'paid', 'refunded', 'void')),
    discount_kind text not null default 'none' check (discount_kind in ('none', 'percent', 'amount')),
    discount_value integer not null default 0 check (discount_value >= 0),
    discount_reason text check (length(discount_reason) <= 200),
    tax_rate_bp integer not null default 0 check (tax_rate_bp between 0 and 10000),
    tax_exempt integer not null default 0,
    subtotal_cents integer not null default 0 check (subtotal_cents >= 0),
    discount_cents integer not null default 0 check (discount_cents >= 0),
    tax_cents integer not null default 0 check (tax_cents >= 0),
    total_cents integer not null default 0 check (total_cents >= 0),
    paid_cents integer not null default 0,
    refunded_cents integer not null default 0 check (refunded_cents >= 0),
    notes text check (length(notes) <= 2000),
    issued_at text,
    issued_by blob references staff_users (id),
    voided_at text,
    voided_by blob references staff_users (id),
    void_reason text check (length(void_reason) <= 500),
    created_by blob references staff_users (id),
    dated_at text not null,
    created_at text not null,
    updated_at text not null,
    check (discount_kind <> 'percent' or discount_value <= 10000),
    check ((status = 'void') = (voided_at is not null)),
    check ((number is null) = (status = 'draft' or (status = 'void' and issued_at is null)))
) strict;
insert into invoices_v2 (id, number, patient_id, appointment_id, status, discount_kind, discount_value, tax_rate_bp,
    subtotal_cents, discount_cents, tax_cents, total_cents, paid_cents, notes, issued_at, voided_at, void_reason,
    created_by, dated_at, created_at, updated_at)
select id, number, patient_id, appointment_id, status, discount_kind, discount_value, tax_rate_bp,
    subtotal_cents, discount_cents, tax_cents, total_cents, paid_cents, notes, issued_at, voided_at, void_reason,
    created_by, coalesce(issued_at, created_at), created_at, updated_at
from invoices;
drop table invoices;
alter table invoices_v2 rename to invoices;
create index invoices_by_patient on invoices (patient_id, created_at);
create index invoices_by_issued on invoices (issued_at) where issued_at is not null;
create unique index invoices_one_per_visit on invoices (appointment_id)
    where appointment_id is not null and status <> 'void';
create index invoices_by_date on invoices (dated_at desc, id desc);
create index invoices_by_patient_date on invoices (patient_id, dated_at desc);
create index invoices_by_provider_date on invoices (provider_id, dated_at desc);

create trigger invoices_issued_frozen before update on invoices
when old.status <> 'draft' and (new.number, new.patient_id, new.appointment_id, new.discount_kind,
        new.discount_value, new.discount_reason, new.tax_rate_bp, new.tax_exempt, new.subtotal_cents,
        new.discount_cents, new.tax_cents, new.total_cents, new.issued_at, new.dated_at)
    is not (old.number, old.patient_id, old.appointment_id, old.discount_kind,
        old.discount_value, old.discount_reason, old.tax_rate_bp, old.tax_exempt, old.subtotal_cents,
        old.discount_cents, old.tax_cents, old.total_cents, old.issued_at, old.dated_at)
begin select raise(abort, 'invoice_issued: an issued invoice cannot change what it charges'); end;
create trigger invoices_void_stays before update of status on invoices
when old.status = 'void' and new.status <> 'void'
begin select raise(abort, 'invoice_issued: a void invoice stays void'); end;
create trigger invoices_no_delete before delete on invoices
begin select raise(abort, 'append_only: invoices'); end;

alter table invoice_lines add column unit text
    check (unit in ('units', 'ml', 'syringes', 'vials', 'pulses', 'j_cm2', 'passes', 'other'));
alter table invoice_lines add column from_chart integer not null default 0;
alter table invoice_lines add column invoice_discount_cents integer not null default 0 check (invoice_discount_cents >= 0);
alter table invoice_lines add column tax_cents integer not null default 0 check (tax_cents >= 0);

create trigger invoice_lines_issued_insert before insert on invoice_lines
when exists (select 1 from invoices where id = new.invoice_id and status <> 'draft')
begin select raise(abort, 'invoice_issued: the lines of an issued invoice cannot change'); end;
create trigger invoice_lines_issued_update before update on invoice_lines
when exists (select 1 from invoices where id = old.invoice_id and status <> 'draft')
begin select raise(abort, 'invoice_issued: the lines of an issued invoice cannot change'); end;
create trigger invoice_lines_issued_delete before delete on invoice_lines
when exists (select 1 from invoices where id = old.invoice_id and status <> 'draft')
begin select raise(abort, 'invoice_issued: the lines of an issued invoice cannot change'); end;

alter table payments add column idempotency_key text check (length(idempotency_key) between 1 and 255);
create unique index payments_by_idempotency_key on payments (idempotency_key);

create trigger payments_append_only before update on payments
when old.voided_at is not null
    or (new.invoice_id, new.kind, new.method, new.amount_cents, new.reference, new.received_at, new.recorded_by)
        is not (old.invoice_id, old.kind, old.method, old.amount_cents, old.reference, old.received_at, old.recorded_by)
begin select raise(abort, 'append_only: payments are voided, never changed'); end;
create trigger payments_no_delete before delete on payments
begin select raise(abort, 'append_only: payments'); end;
