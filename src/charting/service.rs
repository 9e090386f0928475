//! Charting's verbs: a chart opened from a visit (or for a patient), its content and entries
//! changed while it is a draft, read (always audited), and submitted for sign-off. Every change
//! is audited in the unit of work that makes it. The functions that take a transaction rather
//! than a unit of work are what the other clinical domains build on (sign-off, photos,
//! scheduling's visit lock, the timeline).

use chrono::NaiveDate;
use serde_json::json;

use super::error::ChartingError;
use super::model::{ChartId, ChartRow, Entry, EntryId, EntryInput, QueuedChart, TemplateKind};
use super::repo::{self, EntryRow};
use super::rules;
use crate::audit::AuditAction;
use crate::auth::permissions::{ChartsRead, ChartsWrite, Permission, Permit};
use crate::catalogue::{self, Lot, Product};
use crate::clinic::{Acting, Audited, ClinicOp};
use crate::consents;
use crate::db::ClinicTx;
use crate::patients::{self, Patient, PatientId};
use crate::photos::{self, Photo};
use crate::scheduling::{self, AppointmentId, AppointmentStatus};
use crate::sealed::{Sensitive, seal, unseal};
use crate::signoff::{self, SignoffRecord};
use crate::staff::StaffUserId;

/// A chart with everything on it, free text unsealed, for showing.
pub struct ChartView {
    pub chart: ChartRow,
    /// The visit's consents (charts of an appointment), and the copies a submission rests on.
    pub consents: Option<consents::VisitConsents>,
    pub relied_on: Vec<consents::SignedSummary>,
    pub patient: Patient,
    pub technique: Option<Sensitive>,
    pub aftercare: Option<Sensitive>,
    pub entries: Vec<Entry>,
    pub photos: Vec<Photo>,
    pub signoff: SignoffRecord,
}

pub(crate) fn unsealed(stored: Option<&str>) -> Result<Option<Sensitive>, ChartingError> {
    stored.map(unseal).transpose().map_err(|e| ChartingError::Db(sqlx::Error::Decode(Box::new(e))))
}

// ---- what the other clinical domains build on ----

/// The chart's row alone (no entries or photos).
pub async fn chart_row(tx: &mut ClinicTx, id: ChartId) -> Result<ChartRow, ChartingError> {
    repo::chart(tx, id).await?.ok_or(ChartingError::NotFound)
}

/// The chart's row, held against other changes until the transaction ends.
pub async fn hold(tx: &mut ClinicTx, id: ChartId) -> Result<ChartRow, ChartingError> {
    repo::chart_for_update(tx, id).await?.ok_or(ChartingError::NotFound)
}

pub async fn entries_of(tx: &mut ClinicTx, id: ChartId) -> Result<Vec<Entry>, sqlx::Error> {
    repo::entries(tx, id).await
}

/// The chart, held for this transaction, if the person acting may change it now: a draft, and
/// theirs (owners may change any draft).
pub async fn editable(tx: &mut ClinicTx, id: ChartId, acting: &Acting) -> Result<ChartRow, ChartingError> {
    let chart = hold(tx, id).await?;
    rules::check_editable(chart.status)?;
    if Some(chart.provider_id) != acting.staff_id() && !acting.is_owner() {
        return Err(ChartingError::NotYours { provider_name: chart.provider_name.clone() });
    }
    Ok(chart)
}

/// [`editable`], for the person acting in a unit of work.
pub async fn editable_by<P: Permission>(op: &mut ClinicOp<P>, id: ChartId) -> Result<ChartRow, ChartingError> {
    let acting = op.acting().clone();
    editable(op.tx(), id, &acting).await
}

/// Any change to a chart's entries or photos bumps its revision too.
pub async fn touch(tx: &mut ClinicTx, id: ChartId, now: chrono::DateTime<chrono::Utc>) -> Result<(), sqlx::Error> {
    repo::touch_chart(tx, id, now).await
}

/// The medical director signed: the chart never changes again.
pub async fn mark_signed(
    tx: &mut ClinicTx,
    id: ChartId,
    by: StaffUserId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    repo::set_signed(tx, id, by, now).await
}

/// The medical director returned it: a draft again, its visit free to change.
pub async fn mark_returned(
    tx: &mut ClinicTx,
    id: ChartId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    repo::set_returned(tx, id, now).await
}

pub async fn awaiting_signoff(
    tx: &mut ClinicTx,
    provider: Option<StaffUserId>,
) -> Result<Vec<QueuedChart>, sqlx::Error> {
    repo::signoff_queue(tx, provider).await
}

/// Whether the visit's chart has been submitted (or signed): its time, provider, service and
/// patient are then part of the record, and the visit holds still.
pub async fn holds_visit(tx: &mut ClinicTx, appointment: AppointmentId) -> Result<bool, sqlx::Error> {
    repo::visit_held(tx, appointment).await
}

/// A patient's charts, newest first, with how many photos each has; for those who may read
/// charts (the timeline).
pub async fn summaries_of_patient(
    tx: &mut ClinicTx,
    _: &Permit<ChartsRead>,
    patient: PatientId,
) -> Result<Vec<(ChartRow, i64)>, sqlx::Error> {
    summaries(tx, patient).await
}

async fn summaries(tx: &mut ClinicTx, patient: PatientId) -> Result<Vec<(ChartRow, i64)>, sqlx::Error> {
    let counts = photos::counts_by_chart(tx, patient).await?;
    Ok(repo::charts_of_patient(tx, patient)
        .await?
        .into_iter()
        .map(|c| {
            let n = counts.iter().find(|(id, _)| *id == c.id).map_or(0, |(_, n)| *n);
            (c, n)
        })
        .collect())
}

/// Everything on a chart, read fresh.
pub async fn view(tx: &mut ClinicTx, chart: ChartRow) -> Result<ChartView, ChartingError> {
    let id = chart.id;
    let visit_consents = match chart.appointment_id {
        Some(appointment) => Some(consents::of_visit(tx, appointment).await?),
        None => None,
    };
    let relied_on = match (&chart.consent_ids, &visit_consents) {
        (Some(ids), Some(v)) => v.signed.iter().filter(|s| ids.0.contains(&s.id)).cloned().collect(),
        (None, Some(v)) => {
            let ids = v.relied_on();
            v.signed.iter().filter(|s| ids.contains(&s.id)).cloned().collect()
        }
        _ => Vec::new(),
    };
    Ok(ChartView {
        consents: visit_consents,
        relied_on,
        patient: patients::record(tx, chart.patient_id).await?,
        technique: unsealed(chart.technique_sealed.as_deref())?,
        aftercare: unsealed(chart.aftercare_sealed.as_deref())?,
        entries: repo::entries(tx, id).await?,
        photos: photos::of_chart(tx, id).await?,
        signoff: signoff::of_chart(tx, id).await?,
        chart,
    })
}

// ---- verbs ----

pub(super) fn chart_entry<P: Permission>(
    op: &ClinicOp<P>,
    action: AuditAction,
    chart: &ChartRow,
) -> crate::audit::AuditEntry {
    op.entry(action).entity("chart", chart.id.0).patient(chart.patient_id.0)
}

/// The appointment's chart, made on first open with its patient, provider and the service's
/// chart kind; the answer says whether it is new.
pub async fn open_for_appointment(
    op: &mut ClinicOp<ChartsWrite>,
    appointment: AppointmentId,
) -> Result<Audited<(ChartId, bool)>, ChartingError> {
    let now = op.now();
    let tx = op.tx();
    tx.lock(&format!("chart-of:{appointment}")).await?;
    if let Some(id) = repo::chart_of_appointment(tx, appointment).await? {
        return Ok(Audited::unchanged((id, false)));
    }
    let visit = scheduling::service::visit_for_chart(tx, appointment).await?.ok_or(ChartingError::NotFound)?;
    if matches!(visit.status, AppointmentStatus::Cancelled | AppointmentStatus::NoShow) {
        return Err(ChartingError::Transition("A cancelled or no-show appointment has nothing to chart."));
    }
    let id = ChartId::generate();
    repo::insert_chart(tx, id, visit.patient_id, Some(appointment), visit.provider_id, visit.chart_kind, now).await?;
    let entry = op
        .entry(AuditAction::ChartCreated)
        .entity("chart", id.0)
        .patient(visit.patient_id.0)
        .details(json!({ "appointmentId": appointment }));
    Ok(op.audit(entry, (id, true)).await?)
}

/// A chart for a patient without an appointment (a walk-in, a follow-up note); the person
/// acting is its provider.
pub async fn create_for_patient(
    op: &mut ClinicOp<ChartsWrite>,
    patient: PatientId,
    kind: TemplateKind,
) -> Result<Audited<ChartId>, ChartingError> {
    patients::active(op.tx(), patient).await?;
    let provider = op.by().ok_or(ChartingError::Transition("Only a staff member can start a chart."))?;
    let id = ChartId::generate();
    let now = op.now();
    repo::insert_chart(op.tx(), id, patient, None, provider, kind, now).await?;
    let entry = op.entry(AuditAction::ChartCreated).entity("chart", id.0).patient(patient.0).details(json!({}));
    Ok(op.audit(entry, id).await?)
}

/// A patient's charts, newest first, with their photo counts; the listing is recorded.
pub async fn list_for_patient(
    op: &mut ClinicOp<ChartsRead>,
    patient: PatientId,
) -> Result<Audited<Vec<(ChartRow, i64)>>, ChartingError> {
    patients::record(op.tx(), patient).await?;
    let charts = summaries(op.tx(), patient).await?;
    let entry = op.entry(AuditAction::ChartsListed).entity("patient", patient.0).patient(patient.0);
    Ok(op.audit(entry, charts).await?)
}

/// Reads a chart, with everything on it; every read is recorded.
pub async fn read(op: &mut ClinicOp<ChartsRead>, id: ChartId) -> Result<Audited<ChartView>, ChartingError> {
    let chart = chart_row(op.tx(), id).await?;
    let entry = chart_entry(op, AuditAction::ChartRead, &chart).details(json!({}));
    let view = view(op.tx(), chart).await?;
    Ok(op.audit(entry, view).await?)
}

/// What an autosave changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ContentChange {
    pub template_kind: Option<TemplateKind>,
    pub areas: Option<Vec<String>>,
    pub technique: Option<Option<Sensitive>>,
    pub aftercare: Option<Option<Sensitive>>,
}

impl ContentChange {
    /// The fields it sets, for the audit log (never their content).
    fn fields(&self) -> Vec<&'static str> {
        [
            ("templateKind", self.template_kind.is_some()),
            ("areas", self.areas.is_some()),
            ("technique", self.technique.is_some()),
            ("aftercare", self.aftercare.is_some()),
        ]
        .into_iter()
        .filter_map(|(f, on)| on.then_some(f))
        .collect()
    }
}

/// Saves a draft's content; answers with the chart's new revision.
pub async fn update_content(
    op: &mut ClinicOp<ChartsWrite>,
    id: ChartId,
    change: ContentChange,
) -> Result<Audited<i32>, ChartingError> {
    let chart = editable_by(op, id).await?;
    let fields = change.fields();
    let sealed = |text: Option<Sensitive>| text.filter(|t| !t.expose().trim().is_empty()).map(|t| seal(&t));
    let technique = match change.technique {
        Some(t) => sealed(t),
        None => chart.technique_sealed.clone(),
    };
    let aftercare = match change.aftercare {
        Some(t) => sealed(t),
        None => chart.aftercare_sealed.clone(),
    };
    let areas = change.areas.unwrap_or_else(|| chart.areas.0.clone());
    let kind = change.template_kind.unwrap_or(chart.template_kind);
    let now = op.now();
    let revision = repo::update_chart_content(op.tx(), id, kind, &areas, technique, aftercare, now).await?;
    let entry = chart_entry(op, AuditAction::ChartUpdated, &chart).details(json!({ "fields": fields }));
    Ok(op.audit(entry, revision).await?)
}

/// The day a chart's treatment happened: its visit's day, or today for charts without one.
fn visit_day(op: &ClinicOp<ChartsWrite>, chart: &ChartRow) -> NaiveDate {
    chart.visit_at.unwrap_or(op.now()).with_timezone(&op.tz()).date_naive()
}

/// Checks an entry against the catalogue: the product exists, the lot is the product's and not
/// expired on the day of the visit.
async fn resolve_entry(
    tx: &mut ClinicTx,
    input: &EntryInput,
    visit_day: NaiveDate,
) -> Result<(Option<Product>, Option<Lot>), ChartingError> {
    let product = match input.product {
        Some(id) => {
            let p = catalogue::product(tx, id).await?.ok_or_else(|| {
                ChartingError::invalid("productId", "unknown", "Choose a product from the catalogue.")
            })?;
            if p.archived_at.is_some() {
                return Err(ChartingError::invalid("productId", "archived", format!("{} is archived.", p.name)));
            }
            Some(p)
        }
        None => None,
    };
    let lot = match input.lot {
        Some(id) => {
            let l = catalogue::lot(tx, id)
                .await?
                .ok_or_else(|| ChartingError::invalid("lotId", "unknown", "Choose one of the product's lots."))?;
            if product.as_ref().is_none_or(|p| p.id != l.product_id) {
                return Err(ChartingError::invalid("lotId", "wrong_product", "That lot belongs to another product."));
            }
            if l.archived_at.is_some() {
                return Err(ChartingError::invalid("lotId", "archived", format!("Lot {} is archived.", l.lot_number)));
            }
            if l.expires_on < visit_day {
                return Err(ChartingError::invalid(
                    "lotId",
                    "lot_expired",
                    format!(
                        "Lot {} expired on {} and can't be charted.",
                        l.lot_number,
                        l.expires_on.format("%-d %b %Y")
                    ),
                ));
            }
            Some(l)
        }
        None => None,
    };
    Ok((product, lot))
}

/// Adds a treatment entry (`existing: None`) or changes one, audited either way.
pub async fn save_entry(
    op: &mut ClinicOp<ChartsWrite>,
    chart: ChartId,
    existing: Option<EntryId>,
    input: &EntryInput,
) -> Result<Audited<Entry>, ChartingError> {
    let row = editable_by(op, chart).await?;
    let day = visit_day(op, &row);
    let now = op.now();
    let tx = op.tx();
    let (product, lot) = resolve_entry(tx, input, day).await?;
    let (id, position, action) = match existing {
        None => (EntryId::generate(), repo::next_position(tx, chart).await?, AuditAction::ChartEntryAdded),
        Some(id) => {
            let current = entry(tx, chart, id).await?;
            (id, current.position, AuditAction::ChartEntryChanged)
        }
    };
    let stored = EntryRow {
        id,
        chart,
        position,
        area: &input.area,
        product: product.as_ref(),
        lot: lot.as_ref(),
        dose_milli: input.dose_milli,
        dose_unit: input.dose_unit.or(input.dose_milli.and(product.as_ref().map(|p| p.default_unit))),
        injection_points: input.injection_points,
        technique: input.technique.as_deref(),
    };
    match existing {
        None => repo::insert_entry(tx, &stored, now).await?,
        Some(_) => drop(repo::update_entry(tx, &stored, now).await?),
    }
    repo::touch_chart(tx, chart, now).await?;
    let saved = entry(tx, chart, id).await?;
    let audit = chart_entry(op, action, &row).details(json!({ "entryId": saved.id, "lotId": saved.lot_id }));
    Ok(op.audit(audit, saved).await?)
}

async fn entry(tx: &mut ClinicTx, chart: ChartId, id: EntryId) -> Result<Entry, ChartingError> {
    repo::entries(tx, chart).await?.into_iter().find(|e| e.id == id).ok_or(ChartingError::NotFound)
}

/// Marks an entry removed; the row stays.
pub async fn remove_entry(
    op: &mut ClinicOp<ChartsWrite>,
    chart: ChartId,
    id: EntryId,
) -> Result<Audited<()>, ChartingError> {
    let row = editable_by(op, chart).await?;
    let (by, now) = (op.by(), op.now());
    if repo::remove_entry(op.tx(), chart, id, by, now).await? == 0 {
        return Err(ChartingError::NotFound);
    }
    repo::touch_chart(op.tx(), chart, now).await?;
    let entry = chart_entry(op, AuditAction::ChartEntryRemoved, &row).details(json!({ "entryId": id }));
    Ok(op.audit(entry, ()).await?)
}
