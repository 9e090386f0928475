-- Invoices record what was charged and what was paid; no card processing. Totals are stored
-- (computed by the application from the lines) so reports never recompute history.

create table invoices (
    id uuid primary key,
    number text not null unique,
    patient_id uuid not null references patients (id),
    appointment_id uuid references appointments (id),
    status text not null default 'draft'
        check (status in ('draft', 'unpaid', 'partially_paid', 'paid', 'refunded', 'void')),
    discount_kind text not null default 'none' check (discount_kind in ('none', 'percent', 'amount')),
    -- basis points for a percent discount, minor units for an amount
    discount_value bigint not null default 0 check (discount_value >= 0),
    tax_rate_bp integer not null default 0 check (tax_rate_bp between 0 and 10000),
    subtotal_cents bigint not null default 0 check (subtotal_cents >= 0),
    discount_cents bigint not null default 0 check (discount_cents >= 0),
    tax_cents bigint not null default 0 check (tax_cents >= 0),
    total_cents bigint not null default 0 check (total_cents >= 0),
    paid_cents bigint not null default 0,
    notes text check (length(notes) <= 2000),
    issued_at timestamptz,
    voided_at timestamptz,
    void_reason text check (length(void_reason) <= 500),
    created_by uuid references staff_users (id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check (discount_kind <> 'percent' or discount_value <= 10000),
    check ((status = 'void') = (voided_at is not null))
);
create index invoices_by_patient on invoices (patient_id, created_at);
create index invoices_by_issued on invoices (issued_at) where issued_at is not null;

create table invoice_lines (
    id uuid primary key,
    invoice_id uuid not null references invoices (id),
    position integer not null default 0,
    kind text not null check (kind in ('service', 'product', 'membership', 'package', 'other')),
    description text not null check (length(description) between 1 and 200),
    service_id uuid references services (id),
    product_id uuid references products (id),
    quantity_milli bigint not null default 1000 check (quantity_milli > 0),
    unit_price_cents bigint not null check (unit_price_cents >= 0),
    discount_cents bigint not null default 0 check (discount_cents >= 0),
    taxable boolean not null default false,
    total_cents bigint not null check (total_cents >= 0),
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index invoice_lines_by_invoice on invoice_lines (invoice_id, position);

create table payments (
    id uuid primary key,
    invoice_id uuid not null references invoices (id),
    kind text not null default 'payment' check (kind in ('payment', 'refund')),
    method text not null
        check (method in ('card', 'cash', 'check', 'gift_card', 'membership_credit', 'bank_transfer', 'other')),
    amount_cents bigint not null check (amount_cents > 0),
    reference text check (length(reference) <= 120),
    received_at timestamptz not null,
    recorded_by uuid not null references staff_users (id),
    voided_at timestamptz,
    voided_by uuid references staff_users (id),
    void_reason text check (length(void_reason) <= 500),
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index payments_by_invoice on payments (invoice_id);
create index payments_by_received on payments (received_at);
