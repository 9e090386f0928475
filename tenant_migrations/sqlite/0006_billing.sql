-- Invoices, lines and payments (SQLite twin of postgres/0006).

create table invoices (
    id blob primary key,
    number text not null unique,
    patient_id blob not null references patients (id),
    appointment_id blob references appointments (id),
    status text not null default 'draft'
        check (status in ('draft', 'unpaid', 'partially_paid', 'paid', 'refunded', 'void')),
    discount_kind text not null default 'none' check (discount_kind in ('none', 'percent', 'amount')),
    discount_value integer not null default 0 check (discount_value >= 0),
    tax_rate_bp integer not null default 0 check (tax_rate_bp between 0 and 10000),
    subtotal_cents integer not null default 0 check (subtotal_cents >= 0),
    discount_cents integer not null default 0 check (discount_cents >= 0),
    tax_cents integer not null default 0 check (tax_cents >= 0),
    total_cents integer not null default 0 check (total_cents >= 0),
    paid_cents integer not null default 0,
    notes text check (length(notes) <= 2000),
    issued_at text,
    voided_at text,
    void_reason text check (length(void_reason) <= 500),
    created_by blob references staff_users (id),
    created_at text not null,
    updated_at text not null,
    check (discount_kind <> 'percent' or discount_value <= 10000),
    check ((status = 'void') = (voided_at is not null))
) strict;
create index invoices_by_patient on invoices (patient_id, created_at);
create index invoices_by_issued on invoices (issued_at) where issued_at is not null;

create table invoice_lines (
    id blob primary key,
    invoice_id blob not null references invoices (id),
    position integer not null default 0,
    kind text not null check (kind in ('service', 'product', 'membership', 'package', 'other')),
    description text not null check (length(description) between 1 and 200),
    service_id blob references services (id),
    product_id blob references products (id),
    quantity_milli integer not null default 1000 check (quantity_milli > 0),
    unit_price_cents integer not null check (unit_price_cents >= 0),
    discount_cents integer not null default 0 check (discount_cents >= 0),
    taxable integer not null default 0,
    total_cents integer not null check (total_cents >= 0),
    created_at text not null,
    updated_at text not null
) strict;
create index invoice_lines_by_invoice on invoice_lines (invoice_id, position);

create table payments (
    id blob primary key,
    invoice_id blob not null references invoices (id),
    kind text not null default 'payment' check (kind in ('payment', 'refund')),
    method text not null
        check (method in ('card', 'cash', 'check', 'gift_card', 'membership_credit', 'bank_transfer', 'other')),
    amount_cents integer not null check (amount_cents > 0),
    reference text check (length(reference) <= 120),
    received_at text not null,
    recorded_by blob not null references staff_users (id),
    voided_at text,
    voided_by blob references staff_users (id),
    void_reason text check (length(void_reason) <= 500),
    created_at text not null,
    updated_at text not null
) strict;
create index payments_by_invoice on payments (invoice_id);
create index payments_by_received on payments (received_at);
