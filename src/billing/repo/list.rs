//! The invoices list: newest first, a page at a time, with the totals of everything the
//! filters match.
//!
//! Each statement is fixed and prepared once. A page is read along one index: the patient's
//! when the list is one patient's, else the provider's when it is one provider's, else the
//! date's; the other filters are `$n is null or ...`, which match everything when absent.
//! Totals of one patient, one provider or a search add up the invoices they match; otherwise
//! they add up whole days of `invoice_day_totals` (running sums kept by a trigger) and, for a
//! range that starts or ends within a day, that part day's invoices.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::{invoice_columns, invoice_joins};
use crate::args;
use crate::billing::model::{Cursor, Invoice, ListFilter, ListTotals};
use crate::db::{Arg, ClinicTx, Sql};

/// How a statement narrows by provider (`$4`) and patient (`$5`), and so which index it reads.
macro_rules! along {
    (postgres, patient) => {
        "i.patient_id = $5 and ($4::uuid is null or i.provider_id = $4) "
    };
    (postgres, provider) => {
        "i.provider_id = $4 and $5::uuid is null "
    };
    (postgres, date) => {
        "$4::uuid is null and $5::uuid is null "
    };
    (sqlite, patient) => {
        "i.patient_id = $5 and ($4 is null or i.provider_id = $4) "
    };
    (sqlite, provider) => {
        "i.provider_id = $4 and $5 is null "
    };
    (sqlite, date) => {
        "$4 is null and $5 is null "
    };
}

/// `$1` statuses, `$2`–`$3` the date range, `$4`–`$5` as `along!`, `$6`–`$8` the search.
macro_rules! filters {
    (postgres, $along:ident) => {
        concat!(
            "(cardinality($1::text[]) = 0 or i.status = any($1)) \
             and ($2::timestamptz is null or i.dated_at >= $2) and ($3::timestamptz is null or i.dated_at < $3) and ",
            along!(postgres, $along),
            "and ($6::text is null or i.number like $6 or i.patient_id in (select q.id from patients q \
             where (lower(q.first_name) like $7 and ($8::text is null or lower(q.last_name) like $8)) \
             or ($8::text is null and lower(q.last_name) like $7))) "
        )
    };
    (sqlite, $along:ident) => {
        concat!(
            "(json_array_length($1) = 0 or i.status in (select value from json_each($1))) \
             and ($2 is null or i.dated_at >= $2) and ($3 is null or i.dated_at < $3) and ",
            along!(sqlite, $along),
            "and ($6 is null or i.number like $6 or i.patient_id in (select q.id from patients q \
             where (lower(q.first_name) like $7 and ($8 is null or lower(q.last_name) like $8)) \
             or ($8 is null and lower(q.last_name) like $7))) "
        )
    };
}

/// The page is chosen from the invoices alone (newest first, along the index), then only its
/// rows are joined to what they show. `$9`–`$10` the cursor, `$11` the page size.
macro_rules! page {
    ($along:ident) => {
        Sql::each(
            concat!(
                invoice_columns!(),
                "from (select i.id as page_id from invoices i where ",
                filters!(postgres, $along),
                "and ($9::timestamptz is null or i.dated_at < $9 or (i.dated_at = $9 and i.id < $10)) \
                 order by i.dated_at desc, i.id desc limit $11) page join invoices i on i.id = page.page_id ",
                invoice_joins!(),
                "order by i.dated_at desc, i.id desc"
            ),
            concat!(
                invoice_columns!(),
                "from (select i.id as page_id from invoices i where ",
                filters!(sqlite, $along),
                "and ($9 is null or i.dated_at < $9 or (i.dated_at = $9 and i.id < $10)) \
                 order by i.dated_at desc, i.id desc limit $11) page join invoices i on i.id = page.page_id ",
                invoice_joins!(),
                "order by i.dated_at desc, i.id desc"
            ),
        )
    };
}

/// The totals' columns, over `invoices` or `invoice_day_totals` alike.
macro_rules! sums {
    (postgres, $count:literal) => {
        concat!(
            "select ",
            $count,
            " as count, \
             coalesce(sum(case when status not in ('draft', 'void') then total_cents else 0 end), 0)::bigint \
             as invoiced_cents, \
             coalesce(sum(case when status not in ('draft', 'void') then paid_cents - refunded_cents else 0 end), 0)::bigint \
             as collected_cents, \
             coalesce(sum(case when status in ('unpaid', 'partially_paid') then total_cents - paid_cents else 0 end), 0)::bigint \
             as outstanding_cents "
        )
    };
    (sqlite, $count:literal) => {
        concat!(
            "select ",
            $count,
            " as count, \
             coalesce(sum(case when status not in ('draft', 'void') then total_cents else 0 end), 0) as invoiced_cents, \
             coalesce(sum(case when status not in ('draft', 'void') then paid_cents - refunded_cents else 0 end), 0) \
             as collected_cents, \
             coalesce(sum(case when status in ('unpaid', 'partially_paid') then total_cents - paid_cents else 0 end), 0) \
             as outstanding_cents "
        )
    };
}

macro_rules! matched_totals {
    ($along:ident) => {
        Sql::each(
            concat!(sums!(postgres, "count(*)"), "from invoices i where ", filters!(postgres, $along)),
            concat!(sums!(sqlite, "count(*)"), "from invoices i where ", filters!(sqlite, $along)),
        )
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Along {
    Patient,
    Provider,
    Date,
}

/// A filter as its statements take it.
struct Bound {
    along: Along,
    searching: bool,
    args: Vec<Arg>,
}

impl Bound {
    /// `$1`–`$8`, in the order the statements above use them.
    fn new(f: &ListFilter) -> Self {
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
        let along = match (f.patient, f.provider) {
            (Some(_), _) => Along::Patient,
            (None, Some(_)) => Along::Provider,
            (None, None) => Along::Date,
        };
        let args = args![statuses(f), f.from, f.to, f.provider, f.patient, number, first, second];
        Self { along, searching: query.is_some(), args }
    }
}

fn statuses(f: &ListFilter) -> Vec<String> {
    f.statuses.iter().map(|s| s.as_str().to_owned()).collect()
}

pub(in crate::billing) async fn list(
    tx: &mut ClinicTx,
    f: &ListFilter,
    after: Option<Cursor>,
    limit: i64,
) -> Result<Vec<Invoice>, sqlx::Error> {
    let Bound { along, mut args, .. } = Bound::new(f);
    args.extend(args![after.map(|c| c.dated_at), after.map(|c| c.id), limit]);
    let sql = match along {
        Along::Patient => page!(patient),
        Along::Provider => page!(provider),
        Along::Date => page!(date),
    };
    tx.fetch_all(sql, args).await
}

pub(in crate::billing) async fn totals(tx: &mut ClinicTx, f: &ListFilter) -> Result<ListTotals, sqlx::Error> {
    let bound = Bound::new(f);
    let sql = match (bound.along, bound.searching) {
        (Along::Patient, _) => matched_totals!(patient),
        (Along::Provider, _) => matched_totals!(provider),
        (Along::Date, true) => matched_totals!(date),
        (Along::Date, false) => return day_totals(tx, f).await,
    };
    tx.fetch_one(sql, bound.args).await
}

/// Totals filtered by status and date only: whole days from the running sums, part days from
/// the invoices.
async fn day_totals(tx: &mut ClinicTx, f: &ListFilter) -> Result<ListTotals, sqlx::Error> {
    let split = DaySplit::of(f.from, f.to);
    let mut totals = ListTotals::default();
    if let Some((first, end)) = split.days {
        totals += tx
            .fetch_one::<ListTotals>(
                Sql::each(
                    concat!(
                        sums!(postgres, "coalesce(sum(invoice_count), 0)::bigint"),
                        "from invoice_day_totals where (cardinality($1::text[]) = 0 or status = any($1)) \
                         and ($2::date is null or day >= $2) and ($3::date is null or day < $3)"
                    ),
                    concat!(
                        sums!(sqlite, "coalesce(sum(invoice_count), 0)"),
                        "from invoice_day_totals where (json_array_length($1) = 0 or status in \
                         (select value from json_each($1))) and ($2 is null or day >= $2) and ($3 is null or day < $3)"
                    ),
                ),
                args![statuses(f), first, end],
            )
            .await?;
    }
    if !split.edges.is_empty() {
        // Up to two ranges; a missing one is passed empty.
        let none = (DateTime::UNIX_EPOCH, DateTime::UNIX_EPOCH);
        let (a, b) = (split.edges[0], split.edges.get(1).copied().unwrap_or(none));
        totals += tx
            .fetch_one::<ListTotals>(
                Sql::each(
                    concat!(
                        sums!(postgres, "count(*)"),
                        "from invoices i where (cardinality($1::text[]) = 0 or i.status = any($1)) \
                         and ((i.dated_at >= $2 and i.dated_at < $3) or (i.dated_at >= $4 and i.dated_at < $5))"
                    ),
                    concat!(
                        sums!(sqlite, "count(*)"),
                        "from invoices i where (json_array_length($1) = 0 or i.status in \
                         (select value from json_each($1))) \
                         and ((i.dated_at >= $2 and i.dated_at < $3) or (i.dated_at >= $4 and i.dated_at < $5))"
                    ),
                ),
                args![statuses(f), a.0, a.1, b.0, b.1],
            )
            .await?;
    }
    Ok(totals)
}

/// A date range `[from, to)` (either end open) as whole UTC days and the part days at its ends.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DaySplit {
    /// Whole days `[first, end)`, an absent bound open; `None` when the range holds no whole day.
    days: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
    /// At most two ranges of instants `[start, end)` outside those days.
    edges: Vec<(DateTime<Utc>, DateTime<Utc>)>,
}

impl DaySplit {
    fn of(from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> Self {
        let midnight = |d: NaiveDate| d.and_time(NaiveTime::MIN).and_utc();
        // The first day that starts within the range, and the first that ends after it.
        let first = from.map(|f| {
            let day = f.date_naive();
            if midnight(day) == f { day } else { day.succ_opt().unwrap_or(NaiveDate::MAX) }
        });
        let end = to.map(|t| t.date_naive());
        if let (Some(f), Some(t)) = (from, to) {
            if f >= t {
                return Self { days: None, edges: Vec::new() };
            }
            if first >= end {
                return Self { days: None, edges: vec![(f, t)] };
            }
        }
        let mut edges = Vec::new();
        if let (Some(f), Some(day)) = (from, first)
            && midnight(day) != f
        {
            edges.push((f, midnight(day)));
        }
        if let (Some(t), Some(day)) = (to, end)
            && midnight(day) != t
        {
            edges.push((midnight(day), t));
        }
        Self { days: Some((first, end)), edges }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap() + Duration::minutes(minutes)
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    #[test]
    fn a_range_of_whole_days_reads_only_the_running_sums() {
        let split = DaySplit::of(Some(at(0)), Some(at(3 * 1440)));
        assert_eq!(split, DaySplit { days: Some((Some(day(1)), Some(day(4)))), edges: vec![] });
        assert_eq!(DaySplit::of(None, None), DaySplit { days: Some((None, None)), edges: vec![] });
    }

    #[test]
    fn part_days_at_either_end_are_read_from_the_invoices() {
        let split = DaySplit::of(Some(at(600)), Some(at(2 * 1440 + 60)));
        assert_eq!(split.days, Some((Some(day(2)), Some(day(3)))));
        assert_eq!(split.edges, vec![(at(600), at(1440)), (at(2 * 1440), at(2 * 1440 + 60))]);
    }

    #[test]
    fn a_range_within_one_day_is_read_from_the_invoices() {
        let split = DaySplit::of(Some(at(600)), Some(at(700)));
        assert_eq!(split, DaySplit { days: None, edges: vec![(at(600), at(700))] });
        assert_eq!(DaySplit::of(Some(at(700)), Some(at(600))), DaySplit { days: None, edges: vec![] });
    }

    fn bound() -> impl Strategy<Value = Option<i64>> {
        prop_oneof![Just(None), (0i64..10 * 1440).prop_map(Some), (0i64..10).prop_map(|d| Some(d * 1440))]
    }

    proptest! {
        /// Every instant of the range is counted exactly once, and nothing outside it.
        #[test]
        fn the_split_covers_the_range_exactly_once(from in bound(), to in bound(), t in -1440i64..12 * 1440) {
            let (from, to, t) = (from.map(at), to.map(at), at(t));
            let split = DaySplit::of(from, to);
            let in_range = from.is_none_or(|f| t >= f) && to.is_none_or(|e| t < e);
            let in_days = split.days.is_some_and(|(first, end)| {
                first.is_none_or(|d| t.date_naive() >= d) && end.is_none_or(|d| t.date_naive() < d)
            });
            let in_edges = split.edges.iter().filter(|(s, e)| t >= *s && t < *e).count();
            prop_assert!(split.edges.len() <= 2);
            prop_assert_eq!(usize::from(in_days) + in_edges, usize::from(in_range));
        }
    }
}
