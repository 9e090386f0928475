//! The periodic work: a membership whose next period has begun is billed for it (an issued,
//! unpaid invoice) and granted its credits; what is left in pots past their last day is written
//! off. Days are the clinic's. It is safe to run twice, or on several servers at once: a period
//! is claimed in the database (`membership_periods`) before it is billed, each membership is
//! held while its credits change, and an expiry per pot is unique. The platform runs these for
//! every clinic (`platform::jobs`).

use chrono::NaiveDate;
use serde_json::json;

use crate::audit::AuditAction;
use crate::auth::permissions::Permission;
use crate::billing::{LineKind, sales};
use crate::clinic::{Audited, ClinicOp};
use crate::memberships::error::MembershipError;
use crate::memberships::ledger;
use crate::memberships::model::*;
use crate::memberships::repo;
use crate::memberships::service::credits;
use crate::memberships::service::enrol::overdue_before;

async fn membership<P: Permission>(
    op: &mut ClinicOp<P>,
    id: MembershipId,
    today: NaiveDate,
) -> Result<Membership, MembershipError> {
    repo::hold(op.tx(), id).await?;
    repo::membership(op.tx(), id, overdue_before(today)).await?.ok_or(MembershipError::NotFound)
}

/// Bills and grants every period of the membership that has begun by `today`; answers how many.
pub async fn renew<P: Permission>(
    op: &mut ClinicOp<P>,
    id: MembershipId,
    today: NaiveDate,
) -> Result<Audited<usize>, MembershipError> {
    let m = membership(op, id, today).await?;
    let Some(mut next) = m.next_renewal_on.filter(|d| m.status == MembershipStatus::Active && *d <= today) else {
        return Ok(Audited::unchanged(0));
    };
    let plan = repo::plan(op.tx(), m.plan_id).await?.ok_or(MembershipError::NotFound)?;
    let mut periods = 0;
    while next <= today {
        let (_, end) = ledger::period_of(m.started_on, plan.interval, next);
        let now = op.now();
        if repo::claim_period(op.tx(), id, next, end, now).await? {
            let sale = sales::Sale {
                patient: m.patient_id,
                kind: LineKind::Membership,
                description: format!("{} · {}", plan.name, next.format("%B %Y")),
                price_cents: plan.price_cents,
            };
            let invoice = sales::issue_invoice(op, &sale).await?;
            repo::set_period_invoice(op.tx(), id, next, invoice).await?;
            let last_day = ledger::period_credits_last_day(end, plan.rollover_months.max(0) as u32);
            credits::grant_period(op, id, m.patient_id, &plan, next, last_day).await?;
            periods += 1;
        }
        next = end;
    }
    let now = op.now();
    repo::set_next_renewal(op.tx(), id, next, now).await?;
    let entry = op.entry(AuditAction::MembershipRenewed).entity("patient_membership", id.0).patient(m.patient_id.0);
    Ok(op.audit(entry.details(json!({ "periods": periods, "nextRenewalOn": next })), periods).await?)
}

/// Writes off the membership's pots past their last day; answers how many.
pub async fn expire<P: Permission>(
    op: &mut ClinicOp<P>,
    id: MembershipId,
    today: NaiveDate,
) -> Result<Audited<usize>, MembershipError> {
    let m = membership(op, id, today).await?;
    let closed = credits::expire(op, &m, today).await?;
    if closed == 0 {
        return Ok(Audited::unchanged(0));
    }
    let entry = op.entry(AuditAction::CreditsExpired).entity("patient_membership", id.0).patient(m.patient_id.0);
    Ok(op.audit(entry.details(json!({ "pots": closed })), closed).await?)
}

/// The memberships that need the periodic work on `today`: those due a renewal, and those with
/// pots past their last day.
pub async fn due<P: Permission>(
    op: &mut ClinicOp<P>,
    today: NaiveDate,
) -> Result<(Vec<MembershipId>, Vec<MembershipId>), MembershipError> {
    Ok((repo::due(op.tx(), today).await?, repo::pots_past_their_day(op.tx(), today).await?))
}
