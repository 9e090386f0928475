//! Photos' verbs: recording a stored photo on a draft chart, labelling and removing it, signed
//! links to its objects (each one audited), and its versioned overlays. The functions that take
//! a transaction are what charting and sign-off build on.

use serde_json::{Value, json};

use super::error::PhotosError;
use super::model::{Annotation, Photo, PhotoId, PhotoPhase, PhotoRecord, PhotoView};
use super::overlay;
use super::repo::{self, NewPhoto};
use crate::audit::AuditAction;
use crate::auth::permissions::{Permission, PhotosRead, PhotosWrite};
use crate::canonical::canonical_sha256;
use crate::charting::{self, ChartId, ChartRow, rules};
use crate::clinic::{Audited, ClinicOp};
use crate::consents;
use crate::db::{ClinicTx, DbFailure, classify};
use crate::patients::PatientId;
use crate::storage::{ObjectKey, PhotoObject};

/// A chart's photos (not removed), oldest first.
pub async fn of_chart(tx: &mut ClinicTx, chart: ChartId) -> Result<Vec<Photo>, sqlx::Error> {
    repo::photos_of_chart(tx, chart).await
}

/// How many photos each of a patient's charts has.
pub async fn counts_by_chart(tx: &mut ClinicTx, patient: PatientId) -> Result<Vec<(ChartId, i64)>, sqlx::Error> {
    repo::photo_counts_of_patient(tx, patient).await
}

/// Every overlay version of a chart's photos, as stored: (photo, version, drawing).
pub async fn overlays_of_chart(
    tx: &mut ClinicTx,
    chart: ChartId,
) -> Result<Vec<(PhotoId, i32, sqlx::types::Json<Value>)>, sqlx::Error> {
    repo::overlays_of_chart(tx, chart).await
}

pub async fn photo(tx: &mut ClinicTx, id: PhotoId) -> Result<Photo, PhotosError> {
    repo::photo(tx, id).await?.ok_or(PhotosError::NotFound)
}

fn photo_entry<P: Permission>(op: &ClinicOp<P>, action: AuditAction, photo: &Photo) -> crate::audit::AuditEntry {
    op.entry(action).entity("photo", photo.id.0).patient(photo.patient_id.0)
}

/// Before any bytes are stored: the chart must be a draft.
pub async fn check_chart_takes_photos(op: &mut ClinicOp<PhotosWrite>, chart: ChartId) -> Result<(), PhotosError> {
    let chart = charting::chart_row(op.tx(), chart).await?;
    rules::check_editable(chart.status)?;
    Ok(())
}

/// Records a photo whose objects are stored against a draft chart the person may change.
pub async fn record(
    op: &mut ClinicOp<PhotosWrite>,
    chart: ChartId,
    p: &PhotoRecord<'_>,
) -> Result<Audited<Photo>, PhotosError> {
    let c = charting::editable_by(op, chart).await?;
    let uploaded_by = op.by().ok_or(PhotosError::NotFound)?;
    let now = op.now();
    let cover = consents::photo_cover(op.tx(), c.patient_id, now).await?;
    let new = NewPhoto {
        id: p.id,
        patient: c.patient_id,
        chart,
        appointment: c.appointment_id,
        phase: p.phase,
        view: p.view,
        object_key: p.object_key,
        content_type: p.content_type,
        byte_size: p.byte_size,
        sha256: p.sha256,
        width: p.width,
        height: p.height,
        uploaded_by,
        consent: cover.map(|c| c.id),
    };
    repo::insert_photo(op.tx(), &new, now).await?;
    charting::touch(op.tx(), chart, now).await?;
    let photo = photo(op.tx(), p.id).await?;
    let entry =
        photo_entry(op, AuditAction::PhotoUploaded, &photo).details(json!({ "chartId": chart, "sha256": p.sha256 }));
    Ok(op.audit(entry, photo).await?)
}

/// The photo and its chart, if the person acting may change that chart. The photo is read again
/// once the chart is held, so what the caller sees (its overlay version) is what the last writer
/// left.
async fn editable_photo(op: &mut ClinicOp<PhotosWrite>, id: PhotoId) -> Result<(Photo, ChartRow), PhotosError> {
    let found = photo(op.tx(), id).await?;
    let chart = found.chart_id.ok_or(PhotosError::NotFound)?;
    let chart = charting::editable_by(op, chart).await?;
    Ok((photo(op.tx(), id).await?, chart))
}

pub async fn relabel(
    op: &mut ClinicOp<PhotosWrite>,
    id: PhotoId,
    phase: PhotoPhase,
    view: PhotoView,
) -> Result<Audited<Photo>, PhotosError> {
    let (_, chart) = editable_photo(op, id).await?;
    let now = op.now();
    repo::update_photo_labels(op.tx(), id, phase, view, now).await?;
    charting::touch(op.tx(), chart.id, now).await?;
    let photo = photo(op.tx(), id).await?;
    let entry = photo_entry(op, AuditAction::PhotoChanged, &photo).details(json!({ "phase": phase, "view": view }));
    Ok(op.audit(entry, photo).await?)
}

/// Marks a draft chart's photo removed; its bytes stay in storage.
pub async fn remove(op: &mut ClinicOp<PhotosWrite>, id: PhotoId) -> Result<Audited<Photo>, PhotosError> {
    let (photo, chart) = editable_photo(op, id).await?;
    let (by, now) = (op.by().ok_or(PhotosError::NotFound)?, op.now());
    repo::remove_photo(op.tx(), id, by, now).await?;
    charting::touch(op.tx(), chart.id, now).await?;
    let entry = photo_entry(op, AuditAction::PhotoRemoved, &photo).details(json!({}));
    Ok(op.audit(entry, photo).await?)
}

/// Every overlay version of a photo, oldest first; reading them is recorded.
pub async fn annotations(op: &mut ClinicOp<PhotosRead>, id: PhotoId) -> Result<Audited<Vec<Annotation>>, PhotosError> {
    let photo = photo(op.tx(), id).await?;
    let versions = repo::annotations(op.tx(), id).await?;
    let entry = photo_entry(op, AuditAction::PhotoAnnotationsViewed, &photo);
    Ok(op.audit(entry, versions).await?)
}

/// Saves a drawing as the photo's next overlay version. `base` is the version the drawing was
/// made on, so two people saving at once don't silently overwrite each other.
pub async fn save_annotation(
    op: &mut ClinicOp<PhotosWrite>,
    id: PhotoId,
    drawing: &Value,
    base: Option<i32>,
) -> Result<Audited<(i32, Value)>, PhotosError> {
    let (photo, chart) = editable_photo(op, id).await?;
    if base != photo.annotation_version {
        return Err(PhotosError::VersionConflict);
    }
    let (width, height) = (i64::from(photo.width.unwrap_or(0)), i64::from(photo.height.unwrap_or(0)));
    let canonical =
        overlay::check(drawing, width, height).map_err(|m| PhotosError::Invalid { field: "overlay", message: m })?;
    let sha =
        canonical_sha256(&canonical).map_err(|e| PhotosError::Invalid { field: "overlay", message: e.to_string() })?;
    let version = photo.annotation_version.unwrap_or(0) + 1;
    let (by, now) = (op.by().ok_or(PhotosError::NotFound)?, op.now());
    repo::insert_annotation(op.tx(), id, version, canonical.clone(), &sha, by, now).await.map_err(
        |e| match classify(&e) {
            DbFailure::Unique(_) => PhotosError::VersionConflict,
            _ => e.into(),
        },
    )?;
    charting::touch(op.tx(), chart.id, now).await?;
    let entry = photo_entry(op, AuditAction::PhotoAnnotated, &photo).details(json!({ "version": version }));
    Ok(op.audit(entry, (version, canonical)).await?)
}

/// A signed link to one object of a photo, good for a few minutes.
pub struct PhotoLink {
    pub photo: PhotoId,
    pub url: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// Signed links to one object of each photo; each link issued is recorded.
async fn links(
    op: &mut ClinicOp<PhotosRead>,
    photos: Vec<Photo>,
    object: PhotoObject,
    label: &str,
) -> Result<Audited<Vec<PhotoLink>>, PhotosError> {
    let now = op.now();
    let lifetime = chrono::Duration::from_std(op.services().storage.link_lifetime()).unwrap_or_default();
    let mut done = Audited::unchanged(Vec::with_capacity(photos.len()));
    for photo in photos {
        let key = ObjectKey::photo(op.clinic().id.0, photo.id.0, object);
        let url = op.services().storage.signed_url(&key, now).await.map_err(PhotosError::Storage)?;
        let entry = photo_entry(op, AuditAction::PhotoUrlIssued, &photo).details(json!({ "variant": label }));
        let issued = op.audit(entry, PhotoLink { photo: photo.id, url, expires_at: now + lifetime }).await?;
        done = done.and(issued).map(|(mut all, link)| {
            all.push(link);
            all
        });
    }
    Ok(done)
}

/// A link to a photo's original for use beyond the chart (a before-and-after gallery, social
/// media). Only while the patient holds a current photography consent; issuing it is recorded
/// with the consent that allowed it.
pub async fn marketing_link(op: &mut ClinicOp<PhotosWrite>, id: PhotoId) -> Result<Audited<PhotoLink>, PhotosError> {
    let photo = photo(op.tx(), id).await?;
    let now = op.now();
    let cover = consents::photo_cover(op.tx(), photo.patient_id, now).await?.ok_or(PhotosError::ConsentMissing)?;
    let lifetime = chrono::Duration::from_std(op.services().storage.link_lifetime()).unwrap_or_default();
    let key = ObjectKey::photo(op.clinic().id.0, photo.id.0, PhotoObject::Original);
    let url = op.services().storage.signed_url(&key, now).await.map_err(PhotosError::Storage)?;
    let entry = photo_entry(op, AuditAction::PhotoMarketingExport, &photo).details(json!({ "consentId": cover.id }));
    Ok(op.audit(entry, PhotoLink { photo: photo.id, url, expires_at: now + lifetime }).await?)
}

/// A signed link to a photo; the link issued is recorded.
pub async fn link(
    op: &mut ClinicOp<PhotosRead>,
    id: PhotoId,
    object: PhotoObject,
    label: &str,
) -> Result<Audited<Vec<PhotoLink>>, PhotosError> {
    let photo = photo(op.tx(), id).await?;
    links(op, vec![photo], object, label).await
}

/// Signed links to all of a chart's photos, each recorded.
pub async fn chart_links(
    op: &mut ClinicOp<PhotosRead>,
    chart: ChartId,
    object: PhotoObject,
    label: &str,
) -> Result<Audited<Vec<PhotoLink>>, PhotosError> {
    charting::chart_row(op.tx(), chart).await?;
    let photos = of_chart(op.tx(), chart).await?;
    links(op, photos, object, label).await
}
