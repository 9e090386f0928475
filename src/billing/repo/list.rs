//! The invoices list: newest first, a page at a time, with the totals of everything the
//! filters match. Absent filters match everything (`$n is null or ...`), so each statement is
//! fixed and prepared once.

use super::{invoice_columns, invoice_joins};
use crate::args;
use crate::billing::model::{Cursor, Invoice, ListFilter, ListTotals};
use crate::db::{Arg, ClinicTx, Sql};

macro_rules! filters {
    (postgres) => {
        "(cardinality($1::text[]) = 0 or i.status = any($1)) \
         and ($2::timestamptz is null or i.dated_at >= $2) and ($3::timestamptz is null or i.dated_at < $3) \
         and ($4::uuid is null or i.provider_id = $4) and ($5::uuid is null or i.patient_id = $5) \
         and ($6::text is null or i.number like $6 or i.patient_id in (select q.id from patients q \
             where (lower(q.first_name) like $7 and ($8::text is null or lower(q.last_name) like $8)) \
             or ($8::text is null and lower(q.last_name) like $7))) "
    };
    (sqlite) => {
        "(json_array_length($1) = 0 or i.status in (select value from json_each($1))) \
         and ($2 is null or i.dated_at >= $2) and ($3 is null or i.dated_at < $3) \
         and ($4 is null or i.provider_id = $4) and ($5 is null or i.patient_id = $5) \
         and ($6 is null or i.number like $6 or i.patient_id in (select q.id from patients q \
             where (lower(q.first_name) like $7 and ($8 is null or lower(q.last_name) like $8)) \
             or ($8 is null and lower(q.last_name) like $7))) "
    };
}

/// `$1`–`$8`: the filter's parameters, in the order the statements above use them.
fn filter_args(f: &ListFilter) -> Vec<Arg> {
    let query = f.query.as_deref().map(|q| q.replace(['%', '_', '\\'], "")).filter(|q| !q.trim().is_empty());
    let (number, first, second) = match &query {
        None => (None, None, None),
        Some(q) => {
            let mut words = q.split_whitespace().map(str::to_lowercase);
            let first = words.next().map(|w| format!("{w}%"));
            let second = words.next().map(|w| format!("{w}%"));
            (Some(format!("%{}", q.trim().to_uppercase())), first, second)
        }
    };
    args![
        f.statuses.iter().map(|s| s.as_str().to_owned()).collect::<Vec<_>>(),
        f.from,
        f.to,
        f.provider,
        f.patient,
        number,
        first,
        second
    ]
}

pub(in crate::billing) async fn list(
    tx: &mut ClinicTx,
    f: &ListFilter,
    after: Option<Cursor>,
    limit: i64,
) -> Result<Vec<Invoice>, sqlx::Error> {
    let mut args = filter_args(f);
    args.extend(args![after.map(|c| c.dated_at), after.map(|c| c.id), limit]);
    // The page is chosen from the invoices alone (newest first, along the date index), then
    // only its rows are joined to what they show.
    tx.fetch_all(
        Sql::each(
            concat!(
                invoice_columns!(),
                "from (select i.id as page_id from invoices i where ",
                filters!(postgres),
                "and ($9::timestamptz is null or i.dated_at < $9 or (i.dated_at = $9 and i.id < $10)) \
                 order by i.dated_at desc, i.id desc limit $11) page join invoices i on i.id = page.page_id ",
                invoice_joins!(),
                "order by i.dated_at desc, i.id desc"
            ),
            concat!(
                invoice_columns!(),
                "from (select i.id as page_id from invoices i where ",
                filters!(sqlite),
                "and ($9 is null or i.dated_at < $9 or (i.dated_at = $9 and i.id < $10)) \
                 order by i.dated_at desc, i.id desc limit $11) page join invoices i on i.id = page.page_id ",
                invoice_joins!(),
                "order by i.dated_at desc, i.id desc"
            ),
        ),
        args,
    )
    .await
}

pub(in crate::billing) async fn totals(tx: &mut ClinicTx, f: &ListFilter) -> Result<ListTotals, sqlx::Error> {
    tx.fetch_one(
        Sql::each(
            concat!(
                "select count(*) as count, \
                 coalesce(sum(case when i.status not in ('draft', 'void') then i.total_cents else 0 end), 0)::bigint \
                 as invoiced_cents, \
                 coalesce(sum(case when i.status not in ('draft', 'void') then i.paid_cents - i.refunded_cents \
                 else 0 end), 0)::bigint as collected_cents, \
                 coalesce(sum(case when i.status in ('unpaid', 'partially_paid') then i.total_cents - i.paid_cents \
                 else 0 end), 0)::bigint as outstanding_cents from invoices i where ",
                filters!(postgres)
            ),
            concat!(
                "select count(*) as count, \
                 coalesce(sum(case when i.status not in ('draft', 'void') then i.total_cents else 0 end), 0) \
                 as invoiced_cents, \
                 coalesce(sum(case when i.status not in ('draft', 'void') then i.paid_cents - i.refunded_cents \
                 else 0 end), 0) as collected_cents, \
                 coalesce(sum(case when i.status in ('unpaid', 'partially_paid') then i.total_cents - i.paid_cents \
                 else 0 end), 0) as outstanding_cents from invoices i where ",
                filters!(sqlite)
            ),
        ),
        filter_args(f),
    )
    .await
}
