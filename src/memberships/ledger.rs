//! The ledger's arithmetic, pure. A pot is a grant or a positive adjustment; every other entry
//! draws from one pot or gives back to it, so a pot's remainder is its amount plus theirs, and
//! a balance is the sum of the ledger. Uses draw from the pot that expires soonest (then the
//! oldest); a pot is usable through its last day in the clinic's time zone and expires the day
//! after, when what is left in it is written off by an `expire` entry.

use std::collections::HashMap;

use chrono::{Days, Months, NaiveDate};

use super::model::{BillingInterval, Credit, Entry, EntryId, EntryKind};

/// A pot with what is left in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pot {
    pub id: EntryId,
    pub credit: Credit,
    pub granted: i64,
    pub left: i64,
    pub expires_on: Option<NaiveDate>,
}

impl Pot {
    /// Whether it can be drawn from on `today`.
    pub fn usable(&self, today: NaiveDate) -> bool {
        self.left > 0 && self.expires_on.is_none_or(|last| today <= last)
    }
}

/// The pots of a ledger, in the order they were written.
pub fn pots(entries: &[Entry]) -> Vec<Pot> {
    let mut drawn: HashMap<EntryId, i64> = HashMap::new();
    for e in entries {
        if let Some(pot) = e.pot_id {
            *drawn.entry(pot).or_default() += e.amount;
        }
    }
    entries
        .iter()
        .filter(|e| e.pot_id.is_none() && matches!(e.kind, EntryKind::Grant | EntryKind::Adjust))
        .map(|e| Pot {
            id: e.id,
            credit: e.credit,
            granted: e.amount,
            left: e.amount + drawn.get(&e.id).copied().unwrap_or(0),
            expires_on: e.expires_on,
        })
        .collect()
}

/// What can be drawn of `credit` on `today`.
pub fn available(pots: &[Pot], credit: Credit, today: NaiveDate) -> i64 {
    pots.iter().filter(|p| p.credit == credit && p.usable(today)).map(|p| p.left).sum()
}

/// Where `want` of `credit` comes from: the pots that expire soonest first (those that never
/// expire last), then the oldest. Takes what there is when there is less than `want`.
pub fn draw(pots: &[Pot], credit: Credit, want: i64, today: NaiveDate) -> Vec<(EntryId, i64)> {
    let mut usable: Vec<&Pot> = pots.iter().filter(|p| p.credit == credit && p.usable(today)).collect();
    usable.sort_by_key(|p| (p.expires_on.is_none(), p.expires_on, p.id));
    let mut left = want;
    let mut draws = Vec::new();
    for pot in usable {
        if left <= 0 {
            break;
        }
        let take = pot.left.min(left);
        draws.push((pot.id, take));
        left -= take;
    }
    draws
}

/// The pots whose last day is before `today` and still hold something: what to write off.
pub fn expiring(pots: &[Pot], today: NaiveDate) -> Vec<(EntryId, i64)> {
    pots.iter()
        .filter(|p| p.left > 0 && p.expires_on.is_some_and(|last| last < today))
        .map(|p| (p.id, p.left))
        .collect()
}

/// The first day of a membership's `n`th period (0 is the day it started). Periods keep the
/// day of the month it started on, or the month's last day when the month is shorter.
pub fn period_start(started_on: NaiveDate, interval: BillingInterval, n: u32) -> NaiveDate {
    let months = match interval {
        BillingInterval::Month => n,
        BillingInterval::Year => n.saturating_mul(12),
        BillingInterval::None => 0,
    };
    started_on.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// The last day a period's credits can be used: the period's last day, plus the rollover.
pub fn period_credits_last_day(period_end: NaiveDate, rollover_months: u32) -> NaiveDate {
    period_end.checked_add_months(Months::new(rollover_months)).and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
}

/// A package's last day: `validity_days` counting the day it was bought.
pub fn package_last_day(bought_on: NaiveDate, validity_days: u32) -> NaiveDate {
    bought_on.checked_add_days(Days::new(u64::from(validity_days.max(1)) - 1)).unwrap_or(NaiveDate::MAX)
}

/// The period of a membership that `day` falls in: its first day and the first day of the next.
pub fn period_of(started_on: NaiveDate, interval: BillingInterval, day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let mut n = 0;
    while period_start(started_on, interval, n + 1) <= day && n < 12_000 {
        n += 1;
    }
    (period_start(started_on, interval, n), period_start(started_on, interval, n + 1))
}

/// Shares `price` among credits in proportion to what each is worth at list price (equally
/// when none has a list price); the shares add up to `price` exactly.
pub fn allocate(price: i64, list_values: &[i64]) -> Vec<i64> {
    if list_values.is_empty() {
        return Vec::new();
    }
    let total: i128 = list_values.iter().map(|v| i128::from((*v).max(0))).sum();
    let n = list_values.len() as i128;
    let mut shares: Vec<i64> = list_values
        .iter()
        .map(|v| {
            let share =
                if total == 0 { i128::from(price) / n } else { i128::from(price) * i128::from((*v).max(0)) / total };
            share as i64
        })
        .collect();
    let given: i64 = shares.iter().sum();
    if let Some(last) = shares.last_mut() {
        *last += price - given;
    }
    shares
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use proptest::prelude::*;

    use super::*;
    use crate::memberships::model::MembershipId;
    use crate::scheduling::ServiceId;

    fn day(n: u64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Days::new(n)
    }

    fn entry(
        kind: EntryKind,
        credit: Credit,
        amount: i64,
        pot: Option<EntryId>,
        expires_on: Option<NaiveDate>,
    ) -> Entry {
        Entry {
            id: EntryId::generate(),
            membership_id: MembershipId(uuid::Uuid::nil()),
            kind,
            credit,
            service_name: None,
            amount,
            pot_id: pot,
            expires_on,
            appointment_id: None,
            invoice_id: None,
            invoice_number: None,
            reason: None,
            by_name: None,
            created_at: Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap(),
        }
    }

    #[test]
    fn uses_draw_from_the_pot_that_expires_first() {
        let facial = Credit::Service(ServiceId(uuid::Uuid::nil()));
        let later = entry(EntryKind::Grant, facial, 1000, None, Some(day(60)));
        let sooner = entry(EntryKind::Grant, facial, 1000, None, Some(day(30)));
        let never = entry(EntryKind::Adjust, facial, 1000, None, None);
        let ledger = vec![never.clone(), later.clone(), sooner.clone()];
        let draws = draw(&pots(&ledger), facial, 2500, day(1));
        assert_eq!(draws, vec![(sooner.id, 1000), (later.id, 1000), (never.id, 500)]);
        assert_eq!(available(&pots(&ledger), facial, day(31)), 2000, "the first expired after its last day");
        assert_eq!(expiring(&pots(&ledger), day(31)), vec![(sooner.id, 1000)]);
    }

    #[test]
    fn periods_keep_their_day_of_the_month() {
        let start = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        assert_eq!(period_start(start, BillingInterval::Month, 1), NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
        assert_eq!(period_start(start, BillingInterval::Month, 2), NaiveDate::from_ymd_opt(2026, 3, 31).unwrap());
        assert_eq!(period_start(start, BillingInterval::Year, 1), NaiveDate::from_ymd_opt(2027, 1, 31).unwrap());
        let end = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(period_credits_last_day(end, 0), NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
        assert_eq!(period_credits_last_day(end, 2), NaiveDate::from_ymd_opt(2026, 4, 30).unwrap());
        assert_eq!(package_last_day(day(0), 365), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
    }

    #[test]
    fn a_price_is_shared_by_list_value_to_the_cent() {
        assert_eq!(allocate(9_900, &[15_000, 5_000]), vec![7_425, 2_475]);
        assert_eq!(allocate(10_000, &[0, 0, 0]), vec![3_333, 3_333, 3_334]);
        assert_eq!(allocate(0, &[100]), vec![0]);
        let start = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        let in_march = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(
            period_of(start, BillingInterval::Month, in_march),
            (NaiveDate::from_ymd_opt(2026, 2, 28).unwrap(), NaiveDate::from_ymd_opt(2026, 3, 31).unwrap())
        );
    }

    #[derive(Debug, Clone)]
    enum Step {
        Grant { amount: i64, days: Option<u64> },
        Use { want: i64 },
        Expire,
        Adjust { amount: i64 },
        Wait { days: u64 },
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (1i64..5, proptest::option::of(1u64..60)).prop_map(|(n, days)| Step::Grant { amount: n * 1000, days }),
            (1i64..4).prop_map(|n| Step::Use { want: n * 1000 }),
            Just(Step::Expire),
            (-3i64..4).prop_filter("not zero", |n| *n != 0).prop_map(|n| Step::Adjust { amount: n * 1000 }),
            (1u64..30).prop_map(|days| Step::Wait { days }),
        ]
    }

    proptest! {
        /// Whatever happens, no pot goes below zero, what is available never does either, and
        /// the balance after expiry is exactly the sum of the ledger.
        #[test]
        fn the_balance_is_the_sum_and_never_negative(steps in proptest::collection::vec(step(), 1..60)) {
            let facial = Credit::Service(ServiceId(uuid::Uuid::nil()));
            let mut ledger: Vec<Entry> = Vec::new();
            let mut today = day(0);
            for s in steps {
                match s {
                    Step::Grant { amount, days } => ledger.push(entry(
                        EntryKind::Grant, facial, amount, None, days.map(|d| today + Days::new(d)),
                    )),
                    Step::Use { want } => {
                        let pots = pots(&ledger);
                        if available(&pots, facial, today) >= want {
                            for (pot, take) in draw(&pots, facial, want, today) {
                                ledger.push(entry(EntryKind::Use, facial, -take, Some(pot), None));
                            }
                        }
                    }
                    Step::Expire => {
                        for (pot, left) in expiring(&pots(&ledger), today) {
                            ledger.push(entry(EntryKind::Expire, facial, -left, Some(pot), None));
                        }
                    }
                    Step::Adjust { amount } if amount > 0 => {
                        ledger.push(entry(EntryKind::Adjust, facial, amount, None, None));
                    }
                    Step::Adjust { amount } => {
                        for (pot, take) in draw(&pots(&ledger), facial, -amount, today) {
                            ledger.push(entry(EntryKind::Adjust, facial, -take, Some(pot), None));
                        }
                    }
                    Step::Wait { days } => today = today + Days::new(days),
                }
                let pots = pots(&ledger);
                prop_assert!(pots.iter().all(|p| p.left >= 0));
                prop_assert!(available(&pots, facial, today) >= 0);
                prop_assert_eq!(ledger.iter().map(|e| e.amount).sum::<i64>(), pots.iter().map(|p| p.left).sum::<i64>());
            }
            for (pot, left) in expiring(&pots(&ledger), today) {
                ledger.push(entry(EntryKind::Expire, facial, -left, Some(pot), None));
            }
            let sum: i64 = ledger.iter().map(|e| e.amount).sum();
            prop_assert_eq!(available(&pots(&ledger), facial, today), sum);
        }
    }
}
