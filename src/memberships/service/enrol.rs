//! A patient's memberships and packages: enrolment (the sale is an invoice line, the first
//! period's credits are granted at once), pause, resume, cancellation with a reason, and
//! adjustments by hand. A cancelled membership keeps its history and the credits it was given
//! until they expire.

use chrono::NaiveDate;
use serde_json::json;

use crate::audit::AuditAction;
use crate::auth::permissions::MembershipsWrite;
use crate::billing::{InvoiceId, LineKind, sales};
use crate::clinic::{Audited, ClinicOp};
use crate::memberships::error::MembershipError;
use crate::memberships::ledger;
use crate::memberships::model::*;
use crate::memberships::repo::{self, NewEntry, NewMembership, StatusChange};
use crate::memberships::service::credits;
use crate::patients::PatientId;

type Op = ClinicOp<MembershipsWrite>;

/// The clinic's today.
pub fn today<P: crate::auth::permissions::Permission>(op: &ClinicOp<P>) -> NaiveDate {
    op.now().with_timezone(&op.tz()).date_naive()
}

/// The day before which an unpaid period counts as overdue.
pub fn overdue_before(today: NaiveDate) -> NaiveDate {
    today - chrono::Days::new(repo::OVERDUE_AFTER_DAYS)
}

async fn held(op: &mut Op, id: MembershipId) -> Result<Membership, MembershipError> {
    repo::hold(op.tx(), id).await?;
    let before = overdue_before(today(op));
    repo::membership(op.tx(), id, before).await?.ok_or(MembershipError::NotFound)
}

async fn audit(
    op: &mut Op,
    action: AuditAction,
    m: &Membership,
    details: serde_json::Value,
) -> Result<Audited<MembershipId>, MembershipError> {
    let entry = op.entry(action).entity("patient_membership", m.id.0).patient(m.patient_id.0).details(details);
    Ok(op.audit(entry, m.id).await?)
}

/// What enrolment is asked for.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub patient: PatientId,
    pub plan: PlanId,
    pub starts_on: Option<NaiveDate>,
    /// The patient's draft invoice to add the sale to (at checkout); otherwise the sale gets an
    /// invoice of its own, issued at once.
    pub invoice: Option<InvoiceId>,
}

pub async fn enrol(op: &mut Op, e: &Enrolment) -> Result<Audited<MembershipId>, MembershipError> {
    let plan = repo::plan(op.tx(), e.plan).await?.ok_or(MembershipError::invalid(
        "planId",
        "unknown",
        "That plan doesn't exist.",
    ))?;
    if plan.archived_at.is_some() {
        return Err(MembershipError::PlanArchived);
    }
    if !repo::patient_exists(op.tx(), e.patient).await? {
        return Err(MembershipError::invalid("patientId", "unknown", "That patient doesn't exist or is archived."));
    }
    let starts_on = e.starts_on.unwrap_or_else(|| today(op));
    let sale = sales::Sale {
        patient: e.patient,
        kind: if plan.kind == PlanKind::Package { LineKind::Package } else { LineKind::Membership },
        description: plan.name.clone(),
        price_cents: plan.price_cents,
    };
    let invoice = match e.invoice {
        Some(draft) => {
            sales::add_to_draft(op, draft, &sale).await?;
            draft
        }
        None => sales::issue_invoice(op, &sale).await?,
    };
    let id = MembershipId::generate();
    let (period_end, last_day) = match plan.kind {
        PlanKind::Membership => {
            let end = ledger::period_start(starts_on, plan.interval, 1);
            (Some(end), ledger::period_credits_last_day(end, plan.rollover_months.max(0) as u32))
        }
        PlanKind::Package => (None, ledger::package_last_day(starts_on, plan.validity_days.unwrap_or(1).max(1) as u32)),
    };
    let new = NewMembership {
        id,
        patient: e.patient,
        plan: plan.id,
        started_on: starts_on,
        next_renewal_on: period_end,
        expires_on: (plan.kind == PlanKind::Package).then_some(last_day),
        sale_invoice: Some(invoice),
        by: op.by(),
        now: op.now(),
    };
    repo::insert_membership(op.tx(), &new).await?;
    let now = op.now();
    repo::claim_period(op.tx(), id, starts_on, period_end.unwrap_or(last_day + chrono::Days::new(1)), now).await?;
    repo::set_period_invoice(op.tx(), id, starts_on, invoice).await?;
    credits::grant_period(op, id, e.patient, &plan, starts_on, last_day).await?;
    let before = overdue_before(today(op));
    let m = repo::membership(op.tx(), id, before).await?.ok_or(MembershipError::NotFound)?;
    audit(op, AuditAction::MembershipEnrolled, &m, json!({ "plan": plan.name, "invoiceId": invoice })).await
}

pub async fn pause(op: &mut Op, id: MembershipId) -> Result<Audited<MembershipId>, MembershipError> {
    let m = held(op, id).await?;
    if m.status != MembershipStatus::Active || m.plan_kind != PlanKind::Membership {
        return Err(MembershipError::Transition(m.status));
    }
    let change = StatusChange {
        status: MembershipStatus::Paused,
        next_renewal_on: None,
        paused_on: Some(today(op)),
        cancelled: None,
    };
    let now = op.now();
    repo::set_status(op.tx(), id, &change, now).await?;
    audit(op, AuditAction::MembershipPaused, &m, json!({})).await
}

/// Resumes a paused membership: its next period starts on the next day of the month it renews
/// on (the months it was paused are neither billed nor granted).
pub async fn resume(op: &mut Op, id: MembershipId) -> Result<Audited<MembershipId>, MembershipError> {
    let m = held(op, id).await?;
    if m.status != MembershipStatus::Paused {
        return Err(MembershipError::Transition(m.status));
    }
    let plan = repo::plan(op.tx(), m.plan_id).await?.ok_or(MembershipError::NotFound)?;
    let today = today(op);
    let (start, next) = ledger::period_of(m.started_on, plan.interval, today);
    let renews_on = if start == today { start } else { next };
    let change = StatusChange {
        status: MembershipStatus::Active,
        next_renewal_on: Some(renews_on),
        paused_on: None,
        cancelled: None,
    };
    let now = op.now();
    repo::set_status(op.tx(), id, &change, now).await?;
    audit(op, AuditAction::MembershipResumed, &m, json!({ "renewsOn": renews_on })).await
}

pub async fn cancel(op: &mut Op, id: MembershipId, reason: &str) -> Result<Audited<MembershipId>, MembershipError> {
    let m = held(op, id).await?;
    if !matches!(m.status, MembershipStatus::Active | MembershipStatus::Paused) {
        return Err(MembershipError::Transition(m.status));
    }
    let (now, by) = (op.now(), op.by());
    let change = StatusChange {
        status: MembershipStatus::Cancelled,
        next_renewal_on: None,
        paused_on: None,
        cancelled: Some((now, by, reason)),
    };
    repo::set_status(op.tx(), id, &change, now).await?;
    audit(op, AuditAction::MembershipCancelled, &m, json!({ "reason": reason })).await
}

/// A correction by hand: a positive amount is a new pot (usable through `expires_on`, or
/// without end); a negative one is taken from the pots that expire soonest.
#[derive(Debug, Clone)]
pub struct Adjustment {
    pub credit: Credit,
    pub amount: i64,
    pub reason: String,
    pub expires_on: Option<NaiveDate>,
}

pub async fn adjust(op: &mut Op, id: MembershipId, a: &Adjustment) -> Result<Audited<MembershipId>, MembershipError> {
    let m = held(op, id).await?;
    let (now, by) = (op.now(), op.by());
    let entry = |amount: i64, pot| {
        let mut e = NewEntry::new(m.id, m.patient_id, EntryKind::Adjust, a.credit, amount);
        e.pot = pot;
        e.reason = Some(a.reason.clone());
        e.by = by;
        e
    };
    if a.amount > 0 {
        let mut e = entry(a.amount, None);
        e.expires_on = a.expires_on;
        repo::insert_entry(op.tx(), &e, now).await?;
    } else {
        let today = today(op);
        let pots = ledger::pots(&repo::ledger(op.tx(), id).await?);
        if ledger::available(&pots, a.credit, today) < -a.amount {
            return Err(MembershipError::CreditUnavailable);
        }
        for (pot, take) in ledger::draw(&pots, a.credit, -a.amount, today) {
            repo::insert_entry(op.tx(), &entry(-take, Some(pot)), now).await?;
        }
    }
    let details = json!({ "credit": a.credit.kind(), "amount": a.amount, "reason": a.reason });
    audit(op, AuditAction::CreditsAdjusted, &m, details).await
}
