//! Photos' and overlays' SQL, the same text on both databases.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::model::{Annotation, Photo, PhotoId, PhotoPhase, PhotoView};
use crate::args;
use crate::charting::ChartId;
use crate::db::ClinicTx;
use crate::patients::PatientId;
use crate::scheduling::AppointmentId;
use crate::staff::StaffUserId;

macro_rules! photo_select {
    () => {
        "select p.id, p.patient_id, p.chart_id, p.phase, p.view, p.object_key, p.content_type, p.byte_size, \
         p.sha256, p.width, p.height, p.uploaded_by, p.created_at, p.deleted_at, p.consent_id, \
         (select max(a.version) from photo_annotations a where a.photo_id = p.id) as annotation_version \
         from photos p"
    };
}

pub(super) async fn photo(tx: &mut ClinicTx, id: PhotoId) -> Result<Option<Photo>, sqlx::Error> {
    tx.fetch_optional(concat!(photo_select!(), " where p.id = $1 and p.deleted_at is null"), args![id]).await
}

pub(super) async fn photos_of_chart(tx: &mut ClinicTx, chart: ChartId) -> Result<Vec<Photo>, sqlx::Error> {
    tx.fetch_all(
        concat!(photo_select!(), " where p.chart_id = $1 and p.deleted_at is null order by p.created_at, p.id"),
        args![chart],
    )
    .await
}

pub(super) async fn photo_counts_of_patient(
    tx: &mut ClinicTx,
    patient: PatientId,
) -> Result<Vec<(ChartId, i64)>, sqlx::Error> {
    tx.fetch_all(
        "select chart_id, count(*) from photos where patient_id = $1 and chart_id is not null \
         and deleted_at is null group by chart_id",
        args![patient],
    )
    .await
}

pub(super) struct NewPhoto<'a> {
    pub id: PhotoId,
    pub patient: PatientId,
    pub chart: ChartId,
    pub appointment: Option<AppointmentId>,
    pub phase: PhotoPhase,
    pub view: PhotoView,
    pub object_key: &'a str,
    pub content_type: &'a str,
    pub byte_size: i64,
    pub sha256: &'a str,
    pub width: i32,
    pub height: i32,
    pub uploaded_by: StaffUserId,
    /// The photography consent that covered it when taken.
    pub consent: Option<crate::consents::SignedConsentId>,
}

pub(super) async fn insert_photo(tx: &mut ClinicTx, p: &NewPhoto<'_>, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into photos (id, patient_id, chart_id, appointment_id, phase, view, object_key, content_type, \
         byte_size, sha256, width, height, uploaded_by, created_at, updated_at, consent_id) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15)",
        args![
            p.id,
            p.patient,
            p.chart,
            p.appointment,
            p.phase,
            p.view,
            p.object_key,
            p.content_type,
            p.byte_size,
            p.sha256,
            p.width,
            p.height,
            p.uploaded_by,
            now,
            p.consent
        ],
    )
    .await
    .map(drop)
}

pub(super) async fn update_photo_labels(
    tx: &mut ClinicTx,
    id: PhotoId,
    phase: PhotoPhase,
    view: PhotoView,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute("update photos set phase = $2, view = $3, updated_at = $4 where id = $1", args![id, phase, view, now])
        .await
}

pub(super) async fn remove_photo(
    tx: &mut ClinicTx,
    id: PhotoId,
    by: StaffUserId,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        "update photos set deleted_at = $2, deleted_by = $3, updated_at = $2 where id = $1 and deleted_at is null",
        args![id, now, by],
    )
    .await
}

pub(super) async fn annotations(tx: &mut ClinicTx, photo: PhotoId) -> Result<Vec<Annotation>, sqlx::Error> {
    tx.fetch_all(
        "select a.photo_id, a.version, a.overlay, a.overlay_sha256, a.created_by, u.display_name as created_by_name, \
         a.created_at from photo_annotations a join staff_users u on u.id = a.created_by \
         where a.photo_id = $1 order by a.version",
        args![photo],
    )
    .await
}

/// Every overlay version of the chart's photos: what the record hash covers.
pub(super) async fn overlays_of_chart(
    tx: &mut ClinicTx,
    chart: ChartId,
) -> Result<Vec<(PhotoId, i32, sqlx::types::Json<Value>)>, sqlx::Error> {
    tx.fetch_all(
        "select a.photo_id, a.version, a.overlay from photo_annotations a join photos p on p.id = a.photo_id \
         where p.chart_id = $1 and p.deleted_at is null order by a.photo_id, a.version",
        args![chart],
    )
    .await
}

pub(super) async fn insert_annotation(
    tx: &mut ClinicTx,
    photo: PhotoId,
    version: i32,
    overlay: Value,
    sha256: &str,
    by: StaffUserId,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into photo_annotations (id, photo_id, version, overlay, overlay_sha256, created_by, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7)",
        args![uuid::Uuid::now_v7(), photo, version, overlay, sha256, by, now],
    )
    .await
    .map(drop)
}
