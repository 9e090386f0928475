//! Writing credits: a period's grants (at enrolment and at each renewal), each valued at its
//! share of what the period cost, and the write-off of what is left in expired pots.

use chrono::NaiveDate;

use crate::auth::permissions::Permission;
use crate::clinic::ClinicOp;
use crate::memberships::error::MembershipError;
use crate::memberships::ledger;
use crate::memberships::model::*;
use crate::memberships::repo::{self, NewEntry};
use crate::patients::PatientId;

/// What each of a plan's credits is worth at list price, in cents.
async fn list_values<P: Permission>(op: &mut ClinicOp<P>, plan: &Plan) -> Result<Vec<i64>, MembershipError> {
    let mut values = Vec::with_capacity(plan.benefits.len());
    for b in &plan.benefits {
        let unit_price = match b.credit {
            Credit::Money => Some(1000),
            Credit::Service(service) => repo::service_price(op.tx(), service).await?,
            Credit::Units(kind) => repo::unit_price(op.tx(), kind).await?,
        };
        values.push(unit_price.unwrap_or(0).saturating_mul(b.amount) / 1000);
    }
    Ok(values)
}

/// Grants a period's credits, usable through `last_day`. A period is granted once: the
/// database refuses a second grant of the same benefit for the same period.
pub async fn grant_period<P: Permission>(
    op: &mut ClinicOp<P>,
    membership: MembershipId,
    patient: PatientId,
    plan: &Plan,
    period_starts_on: NaiveDate,
    last_day: NaiveDate,
) -> Result<(), MembershipError> {
    let shares = ledger::allocate(plan.price_cents, &list_values(op, plan).await?);
    let (now, by) = (op.now(), op.by());
    for (benefit, value) in plan.benefits.iter().zip(shares) {
        let mut grant = NewEntry::new(membership, patient, EntryKind::Grant, benefit.credit, benefit.amount);
        grant.benefit = Some(benefit.id);
        grant.period_starts_on = Some(period_starts_on);
        grant.value_cents = value;
        grant.expires_on = Some(last_day);
        grant.by = by;
        repo::insert_entry(op.tx(), &grant, now).await?;
    }
    Ok(())
}

/// Writes off what is left in the membership's pots whose last day is before `today`;
/// answers how many pots it closed. The caller holds the membership.
pub async fn expire<P: Permission>(
    op: &mut ClinicOp<P>,
    membership: &Membership,
    today: NaiveDate,
) -> Result<usize, MembershipError> {
    let entries = repo::ledger(op.tx(), membership.id).await?;
    let pots = ledger::pots(&entries);
    let due = ledger::expiring(&pots, today);
    let now = op.now();
    for (pot, left) in &due {
        let Some(credit) = pots.iter().find(|p| p.id == *pot).map(|p| p.credit) else { continue };
        let mut entry = NewEntry::new(membership.id, membership.patient_id, EntryKind::Expire, credit, -left);
        entry.pot = Some(*pot);
        repo::insert_entry(op.tx(), &entry, now).await?;
    }
    Ok(due.len())
}
