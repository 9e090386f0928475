//! Tags: the clinic's labels for patients (VIP, filler client), and who carries them.

use serde_json::json;

use super::super::model::{PatientId, PatientsError, Tag, TagId};
use super::super::repo;
use super::active;
use crate::audit::AuditAction;
use crate::auth::permissions::{PatientsRead, PatientsWrite};
use crate::clinic::{Audited, ClinicOp};
use crate::db::{DbFailure, classify};

pub async fn tags(op: &mut ClinicOp<PatientsRead>) -> Result<Vec<Tag>, sqlx::Error> {
    repo::all_tags(op.tx()).await
}

fn tag_taken(e: sqlx::Error) -> PatientsError {
    match classify(&e) {
        DbFailure::Unique(_) => PatientsError::TagNameTaken,
        _ => PatientsError::Db(e),
    }
}

pub async fn create_tag(
    op: &mut ClinicOp<PatientsWrite>,
    name: &str,
    color: &str,
) -> Result<Audited<Tag>, PatientsError> {
    let id = TagId::generate();
    let now = op.now();
    repo::insert_tag(op.tx(), id, name, color, now).await.map_err(tag_taken)?;
    let tag = repo::tag(op.tx(), id).await?.ok_or(PatientsError::NotFound)?;
    let entry = op.entry(AuditAction::TagCreated).entity("tag", id.0);
    Ok(op.audit(entry, tag).await?)
}

pub async fn update_tag(
    op: &mut ClinicOp<PatientsWrite>,
    id: TagId,
    name: &str,
    color: &str,
) -> Result<Audited<Tag>, PatientsError> {
    let now = op.now();
    if repo::update_tag(op.tx(), id, name, color, now).await.map_err(tag_taken)? == 0 {
        return Err(PatientsError::NotFound);
    }
    let tag = repo::tag(op.tx(), id).await?.ok_or(PatientsError::NotFound)?;
    let entry = op.entry(AuditAction::TagUpdated).entity("tag", id.0);
    Ok(op.audit(entry, tag).await?)
}

/// Deletes a tag; it comes off every patient who had it.
pub async fn delete_tag(op: &mut ClinicOp<PatientsWrite>, id: TagId) -> Result<Audited<()>, PatientsError> {
    if repo::delete_tag(op.tx(), id).await? == 0 {
        return Err(PatientsError::NotFound);
    }
    let entry = op.entry(AuditAction::TagDeleted).entity("tag", id.0);
    Ok(op.audit(entry, ()).await?)
}

pub async fn assign_tag(
    op: &mut ClinicOp<PatientsWrite>,
    patient: PatientId,
    tag: TagId,
) -> Result<Audited<()>, PatientsError> {
    active(op.tx(), patient).await?;
    repo::tag(op.tx(), tag).await?.ok_or(PatientsError::NotFound)?;
    let (by, now) = (op.by(), op.now());
    repo::assign_tag(op.tx(), patient, tag, by, now).await?;
    let entry = op
        .entry(AuditAction::PatientTagged)
        .entity("patient", patient.0)
        .patient(patient.0)
        .details(json!({ "tagId": tag }));
    Ok(op.audit(entry, ()).await?)
}

pub async fn unassign_tag(
    op: &mut ClinicOp<PatientsWrite>,
    patient: PatientId,
    tag: TagId,
) -> Result<Audited<()>, PatientsError> {
    active(op.tx(), patient).await?;
    repo::tag(op.tx(), tag).await?.ok_or(PatientsError::NotFound)?;
    repo::unassign_tag(op.tx(), patient, tag).await?;
    let entry = op
        .entry(AuditAction::PatientUntagged)
        .entity("patient", patient.0)
        .patient(patient.0)
        .details(json!({ "tagId": tag }));
    Ok(op.audit(entry, ()).await?)
}
