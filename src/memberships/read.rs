//! Reading memberships: the plans, a patient's memberships with what each has left, and the
//! clinic's credit liability (what unused credits are worth) on a day.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::ledger::{self, Pot};
use super::model::*;
use super::repo;
use crate::db::ClinicTx;
use crate::patients::PatientId;

pub async fn plans(tx: &mut ClinicTx) -> Result<Vec<Plan>, sqlx::Error> {
    repo::plans(tx).await
}

pub async fn plan(tx: &mut ClinicTx, id: PlanId) -> Result<Option<Plan>, sqlx::Error> {
    repo::plan(tx, id).await
}

/// What is left of one kind of credit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    pub credit: Credit,
    pub label: String,
    /// Usable today (thousandths, or cents for money).
    pub available: i64,
    /// The soonest last day among the pots it comes from, and how much is in them.
    pub next_expiry: Option<(NaiveDate, i64)>,
}

#[derive(Debug, Clone)]
pub struct MembershipView {
    pub membership: Membership,
    pub balances: Vec<Balance>,
    /// Oldest first.
    pub entries: Vec<Entry>,
}

fn label(credit: Credit, entries: &[Entry]) -> String {
    match credit {
        Credit::Service(_) => entries
            .iter()
            .find(|e| e.credit == credit)
            .and_then(|e| e.service_name.clone())
            .unwrap_or_else(|| "Service".to_owned()),
        Credit::Money => "Credit".to_owned(),
        Credit::Units(kind) => format!("{} units", capitalised(kind.as_str())),
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The balances of one membership's ledger on `today`, one per kind of credit it was given.
pub fn balances(entries: &[Entry], today: NaiveDate) -> Vec<Balance> {
    let pots = ledger::pots(entries);
    let mut credits: Vec<Credit> = Vec::new();
    for p in &pots {
        if !credits.contains(&p.credit) {
            credits.push(p.credit);
        }
    }
    credits
        .into_iter()
        .map(|credit| {
            let usable: Vec<&Pot> = pots.iter().filter(|p| p.credit == credit && p.usable(today)).collect();
            let next_expiry = usable
                .iter()
                .filter_map(|p| p.expires_on)
                .min()
                .map(|day| (day, usable.iter().filter(|p| p.expires_on == Some(day)).map(|p| p.left).sum::<i64>()));
            Balance {
                credit,
                label: label(credit, entries),
                available: ledger::available(&pots, credit, today),
                next_expiry,
            }
        })
        .collect()
}

/// A patient's memberships and packages, newest first, each with its balances and ledger.
pub async fn of_patient(
    tx: &mut ClinicTx,
    patient: PatientId,
    today: NaiveDate,
) -> Result<Vec<MembershipView>, sqlx::Error> {
    let memberships = repo::memberships_of(tx, patient, super::service::enrol::overdue_before(today)).await?;
    let mut entries = repo::patient_ledger(tx, patient).await?;
    Ok(memberships
        .into_iter()
        .map(|membership| {
            let (mine, rest): (Vec<Entry>, Vec<Entry>) =
                std::mem::take(&mut entries).into_iter().partition(|e| e.membership_id == membership.id);
            entries = rest;
            MembershipView { balances: balances(&mine, today), membership, entries: mine }
        })
        .collect())
}

/// One plan's standing on a day: its members, the credits they have left and what those are
/// worth (their share of what was paid: deferred revenue).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanLiability {
    pub plan_id: PlanId,
    pub plan_name: String,
    pub kind: PlanKind,
    pub members: i64,
    /// Credits left, per kind of credit (thousandths, or cents for money).
    pub outstanding: Vec<(Credit, i64)>,
    pub value_cents: i64,
}

/// Every plan's liability on `on`, counting what happened before `until` (the end of that day
/// in the clinic's time zone).
pub async fn liability(
    tx: &mut ClinicTx,
    on: NaiveDate,
    until: DateTime<Utc>,
) -> Result<Vec<PlanLiability>, sqlx::Error> {
    let plans = repo::plans(tx).await?;
    let members: BTreeMap<PlanId, i64> = repo::members_per_plan(tx, on, until).await?.into_iter().collect();
    let mut out: Vec<PlanLiability> = plans
        .iter()
        .map(|p| PlanLiability {
            plan_id: p.id,
            plan_name: p.name.clone(),
            kind: p.kind,
            members: members.get(&p.id).copied().unwrap_or(0),
            outstanding: Vec::new(),
            value_cents: 0,
        })
        .collect();
    for pot in repo::pots_standing(tx, on, until).await? {
        let Some(credit) = Credit::from_columns(pot.credit_kind, pot.service_id, pot.product_kind) else { continue };
        let (granted, left) = if credit == Credit::Money {
            (pot.granted_cents, pot.left_cents)
        } else {
            (pot.granted_milli, pot.left_milli)
        };
        let Some(plan) = out.iter_mut().find(|p| p.plan_id == pot.plan_id) else { continue };
        if left <= 0 {
            continue;
        }
        match plan.outstanding.iter_mut().find(|(c, _)| *c == credit) {
            Some((_, sum)) => *sum += left,
            None => plan.outstanding.push((credit, left)),
        }
        if granted > 0 {
            plan.value_cents += (i128::from(pot.value_cents) * i128::from(left) / i128::from(granted)) as i64;
        }
    }
    Ok(out)
}
