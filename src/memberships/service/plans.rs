//! The owner's plans: making one, changing it, archiving it. What a plan grants can change
//! only until somebody enrols; after that the owner archives it and makes a new one, so every
//! grant in the ledger still means what it meant when it was written.

use crate::audit::AuditAction;
use crate::auth::permissions::SettingsWrite;
use crate::clinic::{Audited, ClinicOp};
use crate::memberships::error::MembershipError;
use crate::memberships::model::*;
use crate::memberships::repo;
use crate::scheduling::ServiceId;

type Op = ClinicOp<SettingsWrite>;

async fn check(op: &mut Op, input: &PlanInput, except: Option<PlanId>) -> Result<(), MembershipError> {
    if repo::name_taken(op.tx(), &input.name, except).await? {
        return Err(MembershipError::NameTaken);
    }
    let services: Vec<ServiceId> = input.benefits.iter().filter_map(|b| b.credit.service()).collect();
    if !repo::services_exist(op.tx(), &services).await? {
        return Err(MembershipError::invalid("benefits", "unknown_service", "One of the services doesn't exist."));
    }
    Ok(())
}

pub async fn create(op: &mut Op, input: &PlanInput) -> Result<Audited<PlanId>, MembershipError> {
    check(op, input, None).await?;
    let id = PlanId::generate();
    let now = op.now();
    repo::insert_plan(op.tx(), id, input, now).await?;
    Ok(op.record_change(AuditAction::PlanChanged, "membership_plan", id.0, "created", id).await?)
}

pub async fn update(op: &mut Op, id: PlanId, input: &PlanInput) -> Result<Audited<PlanId>, MembershipError> {
    let plan = repo::plan(op.tx(), id).await?.ok_or(MembershipError::NotFound)?;
    if plan.kind != input.kind {
        return Err(MembershipError::invalid("kind", "fixed", "A plan stays a membership or a package."));
    }
    check(op, input, Some(id)).await?;
    let same_benefits = plan.benefits.len() == input.benefits.len()
        && plan.benefits.iter().zip(&input.benefits).all(|(b, i)| b.credit == i.credit && b.amount == i.amount);
    let enrolled = repo::ever_enrolled(op.tx(), id).await?;
    if enrolled && (!same_benefits || plan.interval != input.interval) {
        return Err(MembershipError::PlanInUse);
    }
    let now = op.now();
    repo::update_plan(op.tx(), id, input, now).await?;
    if !same_benefits {
        repo::replace_benefits(op.tx(), id, &input.benefits, now).await?;
    }
    Ok(op.record_change(AuditAction::PlanChanged, "membership_plan", id.0, "updated", id).await?)
}

/// Archives a plan (nobody new enrols; members keep theirs), or brings it back.
pub async fn set_archived(op: &mut Op, id: PlanId, archived: bool) -> Result<Audited<PlanId>, MembershipError> {
    let plan = repo::plan(op.tx(), id).await?.ok_or(MembershipError::NotFound)?;
    if plan.archived_at.is_some() == archived {
        return Ok(Audited::unchanged(id));
    }
    let now = op.now();
    repo::set_archived(op.tx(), id, archived.then_some(now), now).await?;
    let change = if archived { "archived" } else { "restored" };
    Ok(op.record_change(AuditAction::PlanChanged, "membership_plan", id.0, change, id).await?)
}
