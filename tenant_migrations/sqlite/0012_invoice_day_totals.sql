-- Running sums of the invoices, one row per UTC day and status, kept by triggers in the same
-- transaction as the invoice itself. The invoices list answers its totals from whole days of
-- these sums plus the invoices of a range's partial first and last days, so a year of a busy
-- clinic is a few thousand small rows to add up, not every invoice. Instants are fixed-width
-- UTC text, so the day is their first ten characters.

create table invoice_day_totals (
    day text not null,
    status text not null,
    invoice_count integer not null,
    total_cents integer not null,
    paid_cents integer not null,
    refunded_cents integer not null,
    primary key (day, status)
) strict, without rowid;

create trigger invoices_day_totals_insert after insert on invoices
begin
    insert into invoice_day_totals (day, status, invoice_count, total_cents, paid_cents, refunded_cents)
    values (substr(new.dated_at, 1, 10), new.status, 1, new.total_cents, new.paid_cents, new.refunded_cents)
    on conflict (day, status) do update set
        invoice_count = invoice_count + excluded.invoice_count,
        total_cents = total_cents + excluded.total_cents,
        paid_cents = paid_cents + excluded.paid_cents,
        refunded_cents = refunded_cents + excluded.refunded_cents;
end;

create trigger invoices_day_totals_update after update of status, dated_at, total_cents, paid_cents, refunded_cents
on invoices
begin
    insert into invoice_day_totals (day, status, invoice_count, total_cents, paid_cents, refunded_cents)
    values (substr(old.dated_at, 1, 10), old.status, -1, -old.total_cents, -old.paid_cents, -old.refunded_cents)
    on conflict (day, status) do update set
        invoice_count = invoice_count + excluded.invoice_count,
        total_cents = total_cents + excluded.total_cents,
        paid_cents = paid_cents + excluded.paid_cents,
        refunded_cents = refunded_cents + excluded.refunded_cents;
    insert into invoice_day_totals (day, status, invoice_count, total_cents, paid_cents, refunded_cents)
    values (substr(new.dated_at, 1, 10), new.status, 1, new.total_cents, new.paid_cents, new.refunded_cents)
    on conflict (day, status) do update set
        invoice_count = invoice_count + excluded.invoice_count,
        total_cents = total_cents + excluded.total_cents,
        paid_cents = paid_cents + excluded.paid_cents,
        refunded_cents = refunded_cents + excluded.refunded_cents;
end;

insert into invoice_day_totals (day, status, invoice_count, total_cents, paid_cents, refunded_cents)
select substr(dated_at, 1, 10), status, count(*), sum(total_cents), sum(paid_cents), sum(refunded_cents)
from invoices where true group by 1, 2;

-- A patient's or provider's page is read along these, in the list's own order.
drop index invoices_by_patient_date;
drop index invoices_by_provider_date;
create index invoices_by_patient_date on invoices (patient_id, dated_at desc, id desc);
create index invoices_by_provider_date on invoices (provider_id, dated_at desc, id desc);
