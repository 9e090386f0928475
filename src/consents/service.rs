//! Consent templates: owners write them; every edit of the text is a new, append-only version
//! with its SHA-256, so a signed copy always points at the exact words the patient saw. Each
//! template names the services that require it.

use super::error::ConsentsError;
use super::model::{ConsentTemplateId, Template, TemplateInput, TemplateVersion, TemplateVersionId};
use super::repo;
use super::signature::body_sha256;
use crate::audit::AuditAction;
use crate::auth::permissions::ConsentTemplatesWrite;
use crate::clinic::{Audited, ClinicOp};
use crate::db::{ClinicTx, DbFailure, classify};
use crate::scheduling::ServiceId;

type Op = ClinicOp<ConsentTemplatesWrite>;

fn unique_name(err: sqlx::Error) -> ConsentsError {
    match classify(&err) {
        DbFailure::Unique(_) => ConsentsError::NameTaken,
        _ => err.into(),
    }
}

/// Every template with its current version, active first, and the services requiring each.
pub async fn templates(tx: &mut ClinicTx) -> Result<(Vec<Template>, Vec<(ConsentTemplateId, ServiceId)>), sqlx::Error> {
    Ok((repo::templates(tx).await?, repo::requirement_pairs(tx).await?))
}

/// One template, every version of its text (newest first), and the services requiring it.
pub async fn template(
    tx: &mut ClinicTx,
    id: ConsentTemplateId,
) -> Result<(Template, Vec<TemplateVersion>, Vec<ServiceId>), ConsentsError> {
    let template = repo::template(tx, id).await?.ok_or(ConsentsError::NotFound)?;
    let versions = repo::versions(tx, id).await?;
    let services = repo::requirement_pairs(tx).await?.into_iter().filter(|(t, _)| *t == id).map(|(_, s)| s).collect();
    Ok((template, versions, services))
}

async fn check_services(op: &mut Op, services: &[ServiceId]) -> Result<(), ConsentsError> {
    if repo::count_services(op.tx(), services).await? != services.len() {
        return Err(ConsentsError::invalid("serviceIds", "unknown", "One of those services doesn't exist."));
    }
    Ok(())
}

async fn changed(
    op: &mut Op,
    id: ConsentTemplateId,
    change: &'static str,
) -> Result<Audited<ConsentTemplateId>, ConsentsError> {
    Ok(op.record_change(AuditAction::ConsentTemplateChanged, "consent_template", id.0, change, id).await?)
}

pub async fn create(op: &mut Op, input: &TemplateInput) -> Result<Audited<ConsentTemplateId>, ConsentsError> {
    check_services(op, &input.services).await?;
    let id = ConsentTemplateId::generate();
    let now = op.now();
    let by = op.by();
    let tx = op.tx();
    repo::insert_template(tx, id, &input.name, input.kind, input.renew_after_days, now).await.map_err(unique_name)?;
    let sha = body_sha256(&input.body);
    repo::insert_version(tx, TemplateVersionId::generate(), id, 1, &input.name, &input.body, &sha, by, now).await?;
    repo::set_services(tx, id, &input.services).await?;
    changed(op, id, "created").await
}

/// Changes a template. A new version is written when its text or title changes; the old
/// versions, and every copy signed from them, stay exactly as they were.
pub async fn update(
    op: &mut Op,
    id: ConsentTemplateId,
    input: &TemplateInput,
) -> Result<Audited<ConsentTemplateId>, ConsentsError> {
    check_services(op, &input.services).await?;
    let now = op.now();
    let by = op.by();
    let tx = op.tx();
    tx.lock(&format!("consent_template:{id}")).await?;
    let current = repo::template(tx, id).await?.ok_or(ConsentsError::NotFound)?;
    if repo::update_template(tx, id, &input.name, input.kind, input.renew_after_days, now).await.map_err(unique_name)?
        == 0
    {
        return Err(ConsentsError::NotFound);
    }
    let new_text = current.body != input.body || current.title != input.name;
    if new_text {
        let sha = body_sha256(&input.body);
        let version = current.version + 1;
        repo::insert_version(tx, TemplateVersionId::generate(), id, version, &input.name, &input.body, &sha, by, now)
            .await?;
    }
    repo::set_services(tx, id, &input.services).await?;
    changed(op, id, if new_text { "new_version" } else { "updated" }).await
}

pub async fn set_archived(
    op: &mut Op,
    id: ConsentTemplateId,
    archived: bool,
) -> Result<Audited<ConsentTemplateId>, ConsentsError> {
    let now = op.now();
    if repo::set_archived(op.tx(), id, archived.then_some(now), now).await? == 0 {
        return Err(ConsentsError::NotFound);
    }
    changed(op, id, if archived { "archived" } else { "restored" }).await
}
