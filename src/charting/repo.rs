//! Charting's SQL, the same text on both databases.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use super::model::{
    AddendumId, AddendumRow, Annotation, ChartId, ChartRow, DoseUnit, Entry, EntryId, Lot, LotId, LotUse, Photo,
    PhotoId, PhotoPhase, PhotoView, Product, ProductId, ProductKind, QueuedChart, Return, Signature, SignatureKind,
    TemplateKind,
};
use crate::args;
use crate::db::{ClinicTx, Sql};
use crate::patients::PatientId;
use crate::scheduling::{AppointmentId, ServiceId};
use crate::staff::StaffUserId;
use crate::types::name_key;

// ---- products and lots ----

pub(super) async fn insert_product(
    tx: &mut ClinicTx,
    id: ProductId,
    name: &str,
    manufacturer: Option<&str>,
    kind: ProductKind,
    unit: DoseUnit,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into products (id, name, name_key, manufacturer, kind, default_unit, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $7)",
        args![id, name, name_key(name), manufacturer, kind, unit, now],
    )
    .await
    .map(drop)
}

pub(super) async fn update_product(
    tx: &mut ClinicTx,
    id: ProductId,
    name: &str,
    manufacturer: Option<&str>,
    kind: ProductKind,
    unit: DoseUnit,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        "update products set name = $2, name_key = $3, manufacturer = $4, kind = $5, default_unit = $6, \
         updated_at = $7 where id = $1",
        args![id, name, name_key(name), manufacturer, kind, unit, now],
    )
    .await
}

pub(super) async fn set_product_archived(
    tx: &mut ClinicTx,
    id: ProductId,
    at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute("update products set archived_at = $2, updated_at = $3 where id = $1", args![id, at, now]).await
}

pub(super) async fn products(tx: &mut ClinicTx) -> Result<Vec<Product>, sqlx::Error> {
    tx.fetch_all(
        "select id, name, manufacturer, kind, default_unit, archived_at from products \
         order by archived_at is not null, name_key",
        args![],
    )
    .await
}

pub(super) async fn product(tx: &mut ClinicTx, id: ProductId) -> Result<Option<Product>, sqlx::Error> {
    tx.fetch_optional(
        "select id, name, manufacturer, kind, default_unit, archived_at from products where id = $1",
        args![id],
    )
    .await
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn insert_lot(
    tx: &mut ClinicTx,
    id: LotId,
    product: ProductId,
    lot_number: &str,
    expires_on: NaiveDate,
    received_on: Option<NaiveDate>,
    notes: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into product_lots (id, product_id, lot_number, expires_on, received_on, notes, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $7)",
        args![id, product, lot_number, expires_on, received_on, notes, now],
    )
    .await
    .map(drop)
}

pub(super) async fn update_lot(
    tx: &mut ClinicTx,
    id: LotId,
    lot_number: &str,
    expires_on: NaiveDate,
    received_on: Option<NaiveDate>,
    notes: Option<&str>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        "update product_lots set lot_number = $2, expires_on = $3, received_on = $4, notes = $5, updated_at = $6 \
         where id = $1",
        args![id, lot_number, expires_on, received_on, notes, now],
    )
    .await
}

pub(super) async fn set_lot_archived(
    tx: &mut ClinicTx,
    id: LotId,
    at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute("update product_lots set archived_at = $2, updated_at = $3 where id = $1", args![id, at, now]).await
}

macro_rules! lot_select {
    () => {
        "select l.id, l.product_id, l.lot_number, l.expires_on, l.received_on, l.notes, l.archived_at, \
         (select count(*) from chart_entries e where e.lot_id = l.id and e.deleted_at is null) as uses \
         from product_lots l"
    };
}

pub(super) async fn lots(tx: &mut ClinicTx) -> Result<Vec<Lot>, sqlx::Error> {
    tx.fetch_all(concat!(lot_select!(), " order by l.product_id, l.expires_on desc, l.lot_number"), args![]).await
}

pub(super) async fn lot(tx: &mut ClinicTx, id: LotId) -> Result<Option<Lot>, sqlx::Error> {
    tx.fetch_optional(concat!(lot_select!(), " where l.id = $1"), args![id]).await
}

pub(super) async fn lot_uses(tx: &mut ClinicTx, lot: LotId) -> Result<Vec<LotUse>, sqlx::Error> {
    tx.fetch_all(
        "select c.id as chart_id, p.id as patient_id, p.first_name, p.last_name, p.phone, p.email, \
         u.display_name as provider_name, e.area, e.dose_milli, e.dose_unit, e.created_at as charted_at, c.status \
         from chart_entries e join charts c on c.id = e.chart_id join patients p on p.id = c.patient_id \
         join staff_users u on u.id = c.provider_id \
         where e.lot_id = $1 and e.deleted_at is null and c.deleted_at is null \
         order by e.created_at desc",
        args![lot],
    )
    .await
}

// ---- charts ----

macro_rules! chart_select {
    () => {
        "select c.id, c.patient_id, c.appointment_id, c.provider_id, \
         coalesce(c.submitted_provider_name, u.display_name) as provider_name, \
         c.template_kind, c.status, c.areas, c.technique_sealed, c.aftercare_sealed, c.revision, c.submitted_at, \
         c.submitted_by, c.signed_at, c.signed_by, c.created_at, c.updated_at, \
         case when c.status = 'draft' then a.starts_at else c.submitted_visit_at end as visit_at, \
         case when c.status = 'draft' then a.service_id else c.submitted_service_id end as service_id, \
         case when c.status = 'draft' then s.name else c.submitted_service_name end as service_name \
         from charts c join staff_users u on u.id = c.provider_id \
         left join appointments a on a.id = c.appointment_id left join services s on s.id = a.service_id"
    };
}

pub(super) async fn chart(tx: &mut ClinicTx, id: ChartId) -> Result<Option<ChartRow>, sqlx::Error> {
    tx.fetch_optional(concat!(chart_select!(), " where c.id = $1 and c.deleted_at is null"), args![id]).await
}

/// Reads the chart and keeps it from changing under this transaction (Postgres); SQLite writes
/// are already serialised by `BEGIN IMMEDIATE`.
pub(super) async fn chart_for_update(tx: &mut ClinicTx, id: ChartId) -> Result<Option<ChartRow>, sqlx::Error> {
    tx.lock(&format!("chart:{id}")).await?;
    chart(tx, id).await
}

pub(super) async fn chart_of_appointment(
    tx: &mut ClinicTx,
    appointment: AppointmentId,
) -> Result<Option<ChartId>, sqlx::Error> {
    tx.fetch_optional::<(ChartId,)>(
        "select id from charts where appointment_id = $1 and deleted_at is null",
        args![appointment],
    )
    .await
    .map(|r| r.map(|(id,)| id))
}

pub(super) async fn charts_of_patient(tx: &mut ClinicTx, patient: PatientId) -> Result<Vec<ChartRow>, sqlx::Error> {
    tx.fetch_all(
        concat!(chart_select!(), " where c.patient_id = $1 and c.deleted_at is null order by c.created_at desc"),
        args![patient],
    )
    .await
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn insert_chart(
    tx: &mut ClinicTx,
    id: ChartId,
    patient: PatientId,
    appointment: Option<AppointmentId>,
    provider: StaffUserId,
    kind: TemplateKind,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into charts (id, patient_id, appointment_id, provider_id, template_kind, status, areas, revision, \
         created_at, updated_at) values ($1, $2, $3, $4, $5, 'draft', $6, 1, $7, $7)",
        args![id, patient, appointment, provider, kind, serde_json::json!([]), now],
    )
    .await
    .map(drop)
}

pub(super) async fn update_chart_content(
    tx: &mut ClinicTx,
    id: ChartId,
    kind: TemplateKind,
    areas: &[String],
    technique_sealed: Option<String>,
    aftercare_sealed: Option<String>,
    now: DateTime<Utc>,
) -> Result<i32, sqlx::Error> {
    tx.fetch_scalar(
        "update charts set template_kind = $2, areas = $3, technique_sealed = $4, aftercare_sealed = $5, \
         revision = revision + 1, updated_at = $6 where id = $1 returning revision",
        args![id, kind, serde_json::json!(areas), technique_sealed, aftercare_sealed, now],
    )
    .await
}

/// Any change to a chart's entries or photos bumps its revision too.
pub(super) async fn touch_chart(tx: &mut ClinicTx, id: ChartId, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    tx.execute("update charts set revision = revision + 1, updated_at = $2 where id = $1", args![id, now])
        .await
        .map(drop)
}

/// What a chart shows of its visit, fixed at submission.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub(super) struct VisitShown {
    pub visit_at: Option<DateTime<Utc>>,
    pub service_id: Option<ServiceId>,
    pub service_name: Option<String>,
}

/// The chart's visit as it is now. On Postgres the appointment row is held until the
/// transaction ends, so a move racing the submission either lands first (and is what gets
/// copied) or waits and is then refused by the visit lock.
pub(super) async fn visit_now(
    tx: &mut ClinicTx,
    appointment: AppointmentId,
) -> Result<Option<VisitShown>, sqlx::Error> {
    tx.fetch_optional(
        Sql::each(
            "select a.starts_at as visit_at, a.service_id, s.name as service_name \
             from appointments a join services s on s.id = a.service_id where a.id = $1 for share of a",
            "select a.starts_at as visit_at, a.service_id, s.name as service_name \
             from appointments a join services s on s.id = a.service_id where a.id = $1",
        ),
        args![appointment],
    )
    .await
}

pub(super) async fn set_submitted(
    tx: &mut ClinicTx,
    id: ChartId,
    by: StaffUserId,
    visit: &VisitShown,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "update charts set status = 'needs_signoff', submitted_at = $3, submitted_by = $2, \
         submitted_visit_at = $4, submitted_service_id = $5, submitted_service_name = $6, \
         submitted_provider_name = (select display_name from staff_users where id = charts.provider_id), \
         revision = revision + 1, updated_at = $3 where id = $1",
        args![id, by, now, visit.visit_at, visit.service_id, visit.service_name.clone()],
    )
    .await
    .map(drop)
}

pub(super) async fn set_returned(tx: &mut ClinicTx, id: ChartId, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    tx.execute(
        "update charts set status = 'draft', submitted_at = null, submitted_by = null, submitted_visit_at = null, \
         submitted_service_id = null, submitted_service_name = null, submitted_provider_name = null, \
         revision = revision + 1, updated_at = $2 where id = $1",
        args![id, now],
    )
    .await
    .map(drop)
}

pub(super) async fn set_signed(
    tx: &mut ClinicTx,
    id: ChartId,
    by: StaffUserId,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "update charts set status = 'md_signed', signed_at = $3, signed_by = $2, revision = revision + 1, \
         updated_at = $3 where id = $1",
        args![id, by, now],
    )
    .await
    .map(drop)
}

pub(super) async fn signoff_queue(
    tx: &mut ClinicTx,
    provider: Option<StaffUserId>,
) -> Result<Vec<QueuedChart>, sqlx::Error> {
    tx.fetch_all(
        "select c.id, c.patient_id, p.first_name, p.last_name, c.provider_id, \
         coalesce(c.submitted_provider_name, u.display_name) as provider_name, \
         c.template_kind, c.submitted_at, c.submitted_visit_at as visit_at, c.submitted_service_name as service_name, \
         (select count(*) from chart_entries e where e.chart_id = c.id and e.deleted_at is null) as entry_count, \
         (select count(*) from photos ph where ph.chart_id = c.id and ph.deleted_at is null) as photo_count \
         from charts c join patients p on p.id = c.patient_id join staff_users u on u.id = c.provider_id \
         where c.status = 'needs_signoff' and c.deleted_at is null and ($1 is null or c.provider_id = $1) \
         order by c.submitted_at, c.id",
        args![provider],
    )
    .await
}

// ---- entries ----

pub(super) async fn entries(tx: &mut ClinicTx, chart: ChartId) -> Result<Vec<Entry>, sqlx::Error> {
    tx.fetch_all(
        "select id, chart_id, position, area, product_id, lot_id, product_name, lot_number, lot_expires_on, \
         dose_milli, dose_unit, injection_points, technique from chart_entries \
         where chart_id = $1 and deleted_at is null order by position, id",
        args![chart],
    )
    .await
}

/// An entry as it will be stored, with the product and lot copied in for the record.
pub(super) struct EntryRow<'a> {
    pub id: EntryId,
    pub chart: ChartId,
    pub position: i32,
    pub area: &'a str,
    pub product: Option<&'a Product>,
    pub lot: Option<&'a Lot>,
    pub dose_milli: Option<i64>,
    pub dose_unit: Option<DoseUnit>,
    pub injection_points: Option<i32>,
    pub technique: Option<&'a str>,
}

/// An entry's values in the order both statements below number them.
fn entry_args(e: &EntryRow<'_>, now: DateTime<Utc>) -> Vec<crate::db::Arg> {
    args![
        e.id,
        e.chart,
        e.area,
        e.product.map(|p| p.id),
        e.lot.map(|l| l.id),
        e.product.map(|p| p.name.clone()),
        e.lot.map(|l| l.lot_number.clone()),
        e.lot.map(|l| l.expires_on),
        e.dose_milli,
        e.dose_unit,
        e.injection_points,
        e.technique,
        now,
        e.position
    ]
}

pub(super) async fn insert_entry(tx: &mut ClinicTx, e: &EntryRow<'_>, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into chart_entries (id, chart_id, area, product_id, lot_id, product_name, lot_number, \
         lot_expires_on, dose_milli, dose_unit, injection_points, technique, created_at, updated_at, position) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14)",
        entry_args(e, now),
    )
    .await
    .map(drop)
}

pub(super) async fn update_entry(tx: &mut ClinicTx, e: &EntryRow<'_>, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    tx.execute(
        "update chart_entries set area = $3, product_id = $4, lot_id = $5, product_name = $6, lot_number = $7, \
         lot_expires_on = $8, dose_milli = $9, dose_unit = $10, injection_points = $11, technique = $12, \
         updated_at = $13, position = $14 where id = $1 and chart_id = $2 and deleted_at is null",
        entry_args(e, now),
    )
    .await
}

pub(super) async fn remove_entry(
    tx: &mut ClinicTx,
    chart: ChartId,
    id: EntryId,
    by: StaffUserId,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        "update chart_entries set deleted_at = $3, deleted_by = $4, updated_at = $3 \
         where id = $1 and chart_id = $2 and deleted_at is null",
        args![id, chart, now, by],
    )
    .await
}

pub(super) async fn next_position(tx: &mut ClinicTx, chart: ChartId) -> Result<i32, sqlx::Error> {
    tx.fetch_scalar::<i32>(
        "select cast(coalesce(max(position), -1) + 1 as integer) from chart_entries where chart_id = $1",
        args![chart],
    )
    .await
}

// ---- photos ----

macro_rules! photo_select {
    () => {
        "select p.id, p.patient_id, p.chart_id, p.phase, p.view, p.object_key, p.content_type, p.byte_size, \
         p.sha256, p.width, p.height, p.uploaded_by, p.created_at, p.deleted_at, \
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
}

pub(super) async fn insert_photo(tx: &mut ClinicTx, p: &NewPhoto<'_>, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into photos (id, patient_id, chart_id, appointment_id, phase, view, object_key, content_type, \
         byte_size, sha256, width, height, uploaded_by, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
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
            now
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

// ---- sign-off ----

pub(super) async fn insert_return(
    tx: &mut ClinicTx,
    chart: ChartId,
    by: StaffUserId,
    comment: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into chart_returns (id, chart_id, returned_by, comment, created_at) values ($1, $2, $3, $4, $5)",
        args![uuid::Uuid::now_v7(), chart, by, comment, now],
    )
    .await
    .map(drop)
}

pub(super) async fn returns(tx: &mut ClinicTx, chart: ChartId) -> Result<Vec<Return>, sqlx::Error> {
    tx.fetch_all(
        "select u.display_name as returned_by_name, r.comment, r.created_at from chart_returns r \
         join staff_users u on u.id = r.returned_by where r.chart_id = $1 order by r.created_at",
        args![chart],
    )
    .await
}

pub(super) async fn insert_addendum(
    tx: &mut ClinicTx,
    id: AddendumId,
    chart: ChartId,
    author: StaffUserId,
    body_sealed: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into chart_addenda (id, chart_id, author_id, body_sealed, created_at) values ($1, $2, $3, $4, $5)",
        args![id, chart, author, body_sealed, now],
    )
    .await
    .map(drop)
}

pub(super) async fn addenda(tx: &mut ClinicTx, chart: ChartId) -> Result<Vec<AddendumRow>, sqlx::Error> {
    tx.fetch_all(
        "select d.id, d.author_id, u.display_name as author_name, d.body_sealed, d.created_at from chart_addenda d \
         join staff_users u on u.id = d.author_id where d.chart_id = $1 order by d.created_at",
        args![chart],
    )
    .await
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn insert_signature(
    tx: &mut ClinicTx,
    chart: ChartId,
    addendum: Option<AddendumId>,
    kind: SignatureKind,
    signer: StaffUserId,
    signer_name: &str,
    signer_role: &str,
    record_hash: &str,
    hash_version: i32,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into signatures (id, chart_id, addendum_id, kind, signer_id, signer_name, signer_role, signed_at, \
         record_hash, hash_version, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $8)",
        args![
            uuid::Uuid::now_v7(),
            chart,
            addendum,
            kind,
            signer,
            signer_name,
            signer_role,
            now,
            record_hash,
            hash_version
        ],
    )
    .await
    .map(drop)
}

pub(super) async fn signatures(tx: &mut ClinicTx, chart: ChartId) -> Result<Vec<Signature>, sqlx::Error> {
    tx.fetch_all(
        "select kind, addendum_id, signer_id, signer_name, signer_role, signed_at, record_hash, hash_version \
         from signatures where chart_id = $1 order by signed_at",
        args![chart],
    )
    .await
}
