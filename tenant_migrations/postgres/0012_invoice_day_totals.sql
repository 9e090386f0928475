-- Running sums of the invoices, one row per UTC day and status, kept by a trigger in the same
-- transaction as the invoice itself. The invoices list answers its totals from whole days of
-- these sums plus the invoices of a range's partial first and last days, so a year of a busy
-- clinic is a few thousand small rows to add up, not every invoice.

create table invoice_day_totals (
    day date not null,
    status text not null,
    invoice_count bigint not null,
    total_cents bigint not null,
    paid_cents bigint not null,
    refunded_cents bigint not null,
    primary key (day, status)
);

create function add_invoice_day_totals(d date, s text, n bigint, total bigint, paid bigint, refunded bigint)
returns void language plpgsql as $$
begin
    insert into invoice_day_totals as t (day, status, invoice_count, total_cents, paid_cents, refunded_cents)
    values (d, s, n, total, paid, refunded)
    on conflict (day, status) do update set
        invoice_count = t.invoice_count + excluded.invoice_count,
        total_cents = t.total_cents + excluded.total_cents,
        paid_cents = t.paid_cents + excluded.paid_cents,
        refunded_cents = t.refunded_cents + excluded.refunded_cents;
end
$$;

create function keep_invoice_day_totals() returns trigger language plpgsql as $$
declare
    new_day date := (new.dated_at at time zone 'UTC')::date;
    old_day date;
begin
    if tg_op = 'INSERT' then
        perform add_invoice_day_totals(new_day, new.status, 1, new.total_cents, new.paid_cents, new.refunded_cents);
        return null;
    end if;
    old_day := (old.dated_at at time zone 'UTC')::date;
    if (old_day, old.status) = (new_day, new.status) then
        if (old.total_cents, old.paid_cents, old.refunded_cents) <> (new.total_cents, new.paid_cents, new.refunded_cents) then
            perform add_invoice_day_totals(new_day, new.status, 0, new.total_cents - old.total_cents,
                new.paid_cents - old.paid_cents, new.refunded_cents - old.refunded_cents);
        end if;
    elsif (old_day, old.status) < (new_day, new.status) then
        -- Two rows change; they are always taken in key order, so two transactions never wait
        -- on each other in a circle.
        perform add_invoice_day_totals(old_day, old.status, -1, -old.total_cents, -old.paid_cents, -old.refunded_cents);
        perform add_invoice_day_totals(new_day, new.status, 1, new.total_cents, new.paid_cents, new.refunded_cents);
    else
        perform add_invoice_day_totals(new_day, new.status, 1, new.total_cents, new.paid_cents, new.refunded_cents);
        perform add_invoice_day_totals(old_day, old.status, -1, -old.total_cents, -old.paid_cents, -old.refunded_cents);
    end if;
    return null;
end
$$;

create trigger invoices_day_totals after insert or update on invoices
    for each row execute function keep_invoice_day_totals();

insert into invoice_day_totals (day, status, invoice_count, total_cents, paid_cents, refunded_cents)
select (dated_at at time zone 'UTC')::date, status, count(*), sum(total_cents), sum(paid_cents), sum(refunded_cents)
from invoices group by 1, 2;

-- A patient's or provider's page is read along these, in the list's own order.
drop index invoices_by_patient_date;
drop index invoices_by_provider_date;
create index invoices_by_patient_date on invoices (patient_id, dated_at desc, id desc);
create index invoices_by_provider_date on invoices (provider_id, dated_at desc, id desc);
