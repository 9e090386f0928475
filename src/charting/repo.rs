//! Charts' and entries' SQL, the same text on both databases.

use chrono::{DateTime, Utc};

use super::model::{ChartId, ChartRow, Entry, EntryId, QueuedChart, TemplateKind};
use crate::args;
use crate::catalogue::{DoseUnit, Lot, Product};
use crate::db::ClinicTx;
use crate::patients::PatientId;
use crate::scheduling::{AppointmentId, VisitShown as Visit};
use crate::staff::StaffUserId;

macro_rules! chart_select {
    () => {
        "select c.id, c.patient_id, c.appointment_id, c.provider_id, \
         coalesce(c.submitted_provider_name, u.display_name) as provider_name, \
         c.template_kind, c.status, c.areas, c.technique_sealed, c.aftercare_sealed, c.revision, c.submitted_at, \
         c.submitted_by, c.signed_at, c.signed_by, c.created_at, c.updated_at, \
         case when c.status = 'draft' then a.starts_at else c.submitted_visit_at end as visit_at, \
         case when c.status = 'draft' then a.service_id else c.submitted_service_id end as service_id, \
         case when c.status = 'draft' then s.name else c.submitted_service_name end as service_name, \
         c.consent_ids, c.consent_override_reason \
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

/// What a submission fixes besides its status: the visit as shown, and the consents it rests on
/// or why it went ahead without them.
pub(super) struct Submission<'a> {
    pub visit: &'a Visit,
    pub consents: &'a [crate::consents::SignedConsentId],
    pub override_reason: Option<&'a str>,
}

pub(super) async fn set_submitted(
    tx: &mut ClinicTx,
    id: ChartId,
    by: StaffUserId,
    s: &Submission<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "update charts set status = 'needs_signoff', submitted_at = $3, submitted_by = $2, \
         submitted_visit_at = $4, submitted_service_id = $5, submitted_service_name = $6, \
         submitted_provider_name = (select display_name from staff_users where id = charts.provider_id), \
         consent_ids = $7, consent_override_reason = $8, revision = revision + 1, updated_at = $3 where id = $1",
        args![
            id,
            by,
            now,
            s.visit.visit_at,
            s.visit.service_id,
            s.visit.service_name.clone(),
            serde_json::json!(s.consents),
            s.override_reason
        ],
    )
    .await
    .map(drop)
}

pub(super) async fn set_returned(tx: &mut ClinicTx, id: ChartId, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    tx.execute(
        "update charts set status = 'draft', submitted_at = null, submitted_by = null, submitted_visit_at = null, \
         submitted_service_id = null, submitted_service_name = null, submitted_provider_name = null, \
         consent_ids = null, consent_override_reason = null, revision = revision + 1, updated_at = $2 where id = $1",
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
         (select count(*) from photos ph where ph.chart_id = c.id and ph.deleted_at is null) as photo_count, \
         c.consent_override_reason \
         from charts c join patients p on p.id = c.patient_id join staff_users u on u.id = c.provider_id \
         where c.status = 'needs_signoff' and c.deleted_at is null and ($1 is null or c.provider_id = $1) \
         order by c.submitted_at, c.id",
        args![provider],
    )
    .await
}

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
    by: Option<StaffUserId>,
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

/// Whether the appointment's chart has been submitted (or signed), which holds the visit still.
pub(super) async fn visit_held(tx: &mut ClinicTx, appointment: AppointmentId) -> Result<bool, sqlx::Error> {
    tx.fetch_scalar(
        "select exists (select 1 from charts where appointment_id = $1 and status <> 'draft' and deleted_at is null)",
        args![appointment],
    )
    .await
}
