//! Charting's rules applied to the database: the product catalogue, charts and their entries,
//! the sign-off lifecycle, photo records and overlays, and the record hash.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use super::model::{
    AddendumId, AddendumRow, Annotation, ChartId, ChartRow, ChartStatus, ChartingError, DoseUnit, Entry, EntryId,
    EntryInput, Lot, LotId, LotUse, Photo, PhotoId, PhotoPhase, PhotoView, Product, ProductId, ProductKind,
    QueuedChart, Return, Signature, SignatureKind, TemplateKind,
};
use super::record::{self, OverlayDigest, RecordParts};
use super::repo::{self, EntryRow, NewPhoto};
use super::{overlay, rules};
use crate::args;
use crate::canonical::canonical_sha256;
use crate::db::{ClinicTx, DbFailure, classify};
use crate::patients::{self, PatientId};
use crate::scheduling::{AppointmentId, AppointmentStatus};
use crate::sealed::{Sensitive, seal, unseal};
use crate::staff::StaffUserId;

/// Who is acting, as charting needs to know: their id, name, and whether they are an owner
/// (owners may change any draft).
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: StaffUserId,
    pub name: String,
    pub role: String,
    pub is_owner: bool,
}

// ---- catalogue ----

#[derive(Debug, Clone)]
pub struct ProductInput {
    pub name: String,
    pub manufacturer: Option<String>,
    pub kind: ProductKind,
    pub unit: DoseUnit,
}

fn unique_name(err: sqlx::Error) -> ChartingError {
    match classify(&err) {
        DbFailure::Unique(_) => ChartingError::NameTaken,
        _ => err.into(),
    }
}

pub async fn create_product(
    tx: &mut ClinicTx,
    name: &str,
    manufacturer: Option<&str>,
    kind: ProductKind,
    unit: DoseUnit,
    now: DateTime<Utc>,
) -> Result<ProductId, sqlx::Error> {
    let id = ProductId::generate();
    repo::insert_product(tx, id, name, manufacturer, kind, unit, now).await?;
    Ok(id)
}

pub async fn add_product(tx: &mut ClinicTx, p: &ProductInput, now: DateTime<Utc>) -> Result<Product, ChartingError> {
    let id = ProductId::generate();
    repo::insert_product(tx, id, &p.name, p.manufacturer.as_deref(), p.kind, p.unit, now).await.map_err(unique_name)?;
    repo::product(tx, id).await?.ok_or(ChartingError::NotFound)
}

pub async fn update_product(
    tx: &mut ClinicTx,
    id: ProductId,
    p: &ProductInput,
    now: DateTime<Utc>,
) -> Result<Product, ChartingError> {
    let changed = repo::update_product(tx, id, &p.name, p.manufacturer.as_deref(), p.kind, p.unit, now)
        .await
        .map_err(unique_name)?;
    if changed == 0 {
        return Err(ChartingError::NotFound);
    }
    repo::product(tx, id).await?.ok_or(ChartingError::NotFound)
}

pub async fn set_product_archived(
    tx: &mut ClinicTx,
    id: ProductId,
    archived: bool,
    now: DateTime<Utc>,
) -> Result<Product, ChartingError> {
    if repo::set_product_archived(tx, id, archived.then_some(now), now).await? == 0 {
        return Err(ChartingError::NotFound);
    }
    repo::product(tx, id).await?.ok_or(ChartingError::NotFound)
}

pub async fn catalogue(tx: &mut ClinicTx) -> Result<(Vec<Product>, Vec<Lot>), ChartingError> {
    Ok((repo::products(tx).await?, repo::lots(tx).await?))
}

#[derive(Debug, Clone)]
pub struct LotInput {
    pub lot_number: String,
    pub expires_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
    pub notes: Option<String>,
}

fn lot_conflict(err: sqlx::Error) -> ChartingError {
    match classify(&err) {
        DbFailure::Unique(_) => {
            ChartingError::invalid("lotNumber", "taken", "This product already has a lot with that number.")
        }
        _ => err.into(),
    }
}

pub async fn add_lot(
    tx: &mut ClinicTx,
    product: ProductId,
    lot_number: &str,
    expires_on: NaiveDate,
    received_on: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<LotId, sqlx::Error> {
    let id = LotId::generate();
    repo::insert_lot(tx, id, product, lot_number, expires_on, received_on, None, now).await?;
    Ok(id)
}

pub async fn create_lot(
    tx: &mut ClinicTx,
    product: ProductId,
    l: &LotInput,
    now: DateTime<Utc>,
) -> Result<Lot, ChartingError> {
    repo::product(tx, product).await?.ok_or(ChartingError::NotFound)?;
    let id = LotId::generate();
    repo::insert_lot(tx, id, product, &l.lot_number, l.expires_on, l.received_on, l.notes.as_deref(), now)
        .await
        .map_err(lot_conflict)?;
    repo::lot(tx, id).await?.ok_or(ChartingError::NotFound)
}

pub async fn update_lot(tx: &mut ClinicTx, id: LotId, l: &LotInput, now: DateTime<Utc>) -> Result<Lot, ChartingError> {
    let current = repo::lot(tx, id).await?.ok_or(ChartingError::NotFound)?;
    if current.uses > 0 && (current.lot_number != l.lot_number || current.expires_on != l.expires_on) {
        // Charts copied the number and expiry; changing them here would make the catalogue
        // disagree with the record.
        return Err(ChartingError::invalid(
            "lotNumber",
            "in_use",
            "This lot has been charted, so its number and expiry can't change. Archive it and add the right one.",
        ));
    }
    repo::update_lot(tx, id, &l.lot_number, l.expires_on, l.received_on, l.notes.as_deref(), now)
        .await
        .map_err(lot_conflict)?;
    repo::lot(tx, id).await?.ok_or(ChartingError::NotFound)
}

pub async fn set_lot_archived(
    tx: &mut ClinicTx,
    id: LotId,
    archived: bool,
    now: DateTime<Utc>,
) -> Result<Lot, ChartingError> {
    if repo::set_lot_archived(tx, id, archived.then_some(now), now).await? == 0 {
        return Err(ChartingError::NotFound);
    }
    repo::lot(tx, id).await?.ok_or(ChartingError::NotFound)
}

/// A recall: every chart entry that used the lot, with the patient to contact.
pub async fn lot_uses(tx: &mut ClinicTx, id: LotId) -> Result<(Lot, Vec<LotUse>), ChartingError> {
    let lot = repo::lot(tx, id).await?.ok_or(ChartingError::NotFound)?;
    Ok((lot, repo::lot_uses(tx, id).await?))
}

// ---- charts ----

/// A chart with everything on it, free text unsealed.
pub struct ChartView {
    pub chart: ChartRow,
    pub technique: Option<Sensitive>,
    pub aftercare: Option<Sensitive>,
    pub entries: Vec<Entry>,
    pub photos: Vec<Photo>,
    pub returns: Vec<Return>,
    pub addenda: Vec<(AddendumRow, Sensitive)>,
    pub signatures: Vec<Signature>,
}

fn unsealed(stored: Option<&str>) -> Result<Option<Sensitive>, ChartingError> {
    stored.map(unseal).transpose().map_err(|e| ChartingError::Db(sqlx::Error::Decode(Box::new(e))))
}

/// The chart's row alone (no entries or photos).
pub async fn chart_row(tx: &mut ClinicTx, id: ChartId) -> Result<ChartRow, ChartingError> {
    repo::chart(tx, id).await?.ok_or(ChartingError::NotFound)
}

pub async fn chart(tx: &mut ClinicTx, id: ChartId) -> Result<ChartView, ChartingError> {
    let chart = repo::chart(tx, id).await?.ok_or(ChartingError::NotFound)?;
    view(tx, chart).await
}

async fn view(tx: &mut ClinicTx, chart: ChartRow) -> Result<ChartView, ChartingError> {
    let id = chart.id;
    let mut addenda = Vec::new();
    for row in repo::addenda(tx, id).await? {
        let body = unsealed(Some(&row.body_sealed))?.unwrap_or_default();
        addenda.push((row, body));
    }
    Ok(ChartView {
        technique: unsealed(chart.technique_sealed.as_deref())?,
        aftercare: unsealed(chart.aftercare_sealed.as_deref())?,
        entries: repo::entries(tx, id).await?,
        photos: repo::photos_of_chart(tx, id).await?,
        returns: repo::returns(tx, id).await?,
        signatures: repo::signatures(tx, id).await?,
        addenda,
        chart,
    })
}

pub async fn charts_of_patient(tx: &mut ClinicTx, patient: PatientId) -> Result<Vec<(ChartRow, i64)>, ChartingError> {
    let counts = repo::photo_counts_of_patient(tx, patient).await?;
    Ok(repo::charts_of_patient(tx, patient)
        .await?
        .into_iter()
        .map(|c| {
            let photos = counts.iter().find(|(id, _)| *id == c.id).map_or(0, |(_, n)| *n);
            (c, photos)
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct VisitRow {
    patient_id: PatientId,
    provider_id: StaffUserId,
    chart_kind: TemplateKind,
    status: AppointmentStatus,
}

/// The appointment's chart, made on first open. `created` says whether it is new.
pub async fn open_for_appointment(
    tx: &mut ClinicTx,
    appointment: AppointmentId,
    now: DateTime<Utc>,
) -> Result<(ChartId, bool), ChartingError> {
    tx.lock(&format!("chart-of:{appointment}")).await?;
    if let Some(id) = repo::chart_of_appointment(tx, appointment).await? {
        return Ok((id, false));
    }
    let visit: VisitRow = tx
        .fetch_optional(
            "select a.patient_id, a.provider_id, s.chart_kind, a.status from appointments a \
             join services s on s.id = a.service_id where a.id = $1",
            args![appointment],
        )
        .await?
        .ok_or(ChartingError::NotFound)?;
    if matches!(visit.status, AppointmentStatus::Cancelled | AppointmentStatus::NoShow) {
        return Err(ChartingError::Transition("A cancelled or no-show appointment has nothing to chart."));
    }
    let id = ChartId::generate();
    repo::insert_chart(tx, id, visit.patient_id, Some(appointment), visit.provider_id, visit.chart_kind, now).await?;
    Ok((id, true))
}

/// A chart for a patient without an appointment (a walk-in, a follow-up note).
pub async fn create_for_patient(
    tx: &mut ClinicTx,
    patient: PatientId,
    provider: StaffUserId,
    kind: TemplateKind,
    now: DateTime<Utc>,
) -> Result<ChartId, ChartingError> {
    let p = patients::get(tx, patient).await?;
    if p.deleted_at.is_some() {
        return Err(patients::PatientsError::Archived.into());
    }
    let id = ChartId::generate();
    repo::insert_chart(tx, id, patient, None, provider, kind, now).await?;
    Ok(id)
}

/// The chart, locked for this transaction, if this actor may change it now.
async fn editable(tx: &mut ClinicTx, id: ChartId, actor: &Actor) -> Result<ChartRow, ChartingError> {
    let chart = repo::chart_for_update(tx, id).await?.ok_or(ChartingError::NotFound)?;
    rules::check_editable(chart.status)?;
    if chart.provider_id != actor.id && !actor.is_owner {
        return Err(ChartingError::NotYours { provider_name: chart.provider_name.clone() });
    }
    Ok(chart)
}

/// What an autosave changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ContentChange {
    pub template_kind: Option<TemplateKind>,
    pub areas: Option<Vec<String>>,
    pub technique: Option<Option<Sensitive>>,
    pub aftercare: Option<Option<Sensitive>>,
}

pub async fn update_content(
    tx: &mut ClinicTx,
    id: ChartId,
    actor: &Actor,
    change: ContentChange,
    now: DateTime<Utc>,
) -> Result<i32, ChartingError> {
    let chart = editable(tx, id, actor).await?;
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
    Ok(repo::update_chart_content(tx, id, kind, &areas, technique, aftercare, now).await?)
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
            let p = repo::product(tx, id).await?.ok_or_else(|| {
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
            let l = repo::lot(tx, id)
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

pub async fn add_entry(
    tx: &mut ClinicTx,
    chart: ChartId,
    actor: &Actor,
    input: &EntryInput,
    visit_day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Entry, ChartingError> {
    editable(tx, chart, actor).await?;
    let (product, lot) = resolve_entry(tx, input, visit_day).await?;
    let id = EntryId::generate();
    let position = repo::next_position(tx, chart).await?;
    let row = entry_row(id, chart, position, input, product.as_ref(), lot.as_ref());
    repo::insert_entry(tx, &row, now).await?;
    repo::touch_chart(tx, chart, now).await?;
    entry(tx, chart, id).await
}

fn entry_row<'a>(
    id: EntryId,
    chart: ChartId,
    position: i32,
    input: &'a EntryInput,
    product: Option<&'a Product>,
    lot: Option<&'a Lot>,
) -> EntryRow<'a> {
    EntryRow {
        id,
        chart,
        position,
        area: &input.area,
        product,
        lot,
        dose_milli: input.dose_milli,
        dose_unit: input.dose_unit.or(input.dose_milli.and(product.map(|p| p.default_unit))),
        injection_points: input.injection_points,
        technique: input.technique.as_deref(),
    }
}

async fn entry(tx: &mut ClinicTx, chart: ChartId, id: EntryId) -> Result<Entry, ChartingError> {
    repo::entries(tx, chart).await?.into_iter().find(|e| e.id == id).ok_or(ChartingError::NotFound)
}

pub async fn update_entry(
    tx: &mut ClinicTx,
    chart: ChartId,
    id: EntryId,
    actor: &Actor,
    input: &EntryInput,
    visit_day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Entry, ChartingError> {
    editable(tx, chart, actor).await?;
    let current = entry(tx, chart, id).await?;
    let (product, lot) = resolve_entry(tx, input, visit_day).await?;
    let row = entry_row(id, chart, current.position, input, product.as_ref(), lot.as_ref());
    repo::update_entry(tx, &row, now).await?;
    repo::touch_chart(tx, chart, now).await?;
    entry(tx, chart, id).await
}

pub async fn remove_entry(
    tx: &mut ClinicTx,
    chart: ChartId,
    id: EntryId,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ChartingError> {
    editable(tx, chart, actor).await?;
    if repo::remove_entry(tx, chart, id, actor.id, now).await? == 0 {
        return Err(ChartingError::NotFound);
    }
    repo::touch_chart(tx, chart, now).await?;
    Ok(())
}

// ---- lifecycle ----

/// The provider hands the chart to the medical director; from here it is locked.
pub async fn submit(
    tx: &mut ClinicTx,
    id: ChartId,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<ChartRow, ChartingError> {
    let chart = repo::chart_for_update(tx, id).await?.ok_or(ChartingError::NotFound)?;
    match chart.status {
        ChartStatus::Draft => {}
        ChartStatus::NeedsSignOff => {
            return Err(ChartingError::Transition("This chart is already waiting for sign-off."));
        }
        ChartStatus::MdSigned => return Err(ChartingError::Signed),
    }
    if chart.provider_id != actor.id {
        return Err(ChartingError::Transition("Only the chart's own provider can submit it for sign-off."));
    }
    let technique = unsealed(chart.technique_sealed.as_deref())?;
    let entries = repo::entries(tx, id).await?;
    let problems = rules::submission_problems(
        chart.template_kind,
        &chart.areas.0,
        &entries,
        technique.as_ref().map(Sensitive::expose),
    );
    if !problems.is_empty() {
        return Err(ChartingError::Incomplete(problems));
    }
    let visit = match chart.appointment_id {
        Some(appointment) => repo::visit_now(tx, appointment).await?.unwrap_or_default(),
        None => repo::VisitShown::default(),
    };
    repo::set_submitted(tx, id, actor.id, &visit, now).await?;
    repo::chart(tx, id).await?.ok_or(ChartingError::NotFound)
}

/// Everything the record hash covers, read fresh from the database.
async fn record_hash_now(tx: &mut ClinicTx, chart: &ChartRow, version: i32) -> Result<String, ChartingError> {
    let technique = unsealed(chart.technique_sealed.as_deref())?;
    let aftercare = unsealed(chart.aftercare_sealed.as_deref())?;
    let entries = repo::entries(tx, chart.id).await?;
    let photos = repo::photos_of_chart(tx, chart.id).await?;
    let hashed: Vec<(&Photo, String)> = photos.iter().map(|p| (p, p.sha256.clone())).collect();
    let overlays = overlay_digests(tx, chart.id).await?;
    Ok(record::record_hash(
        version,
        &RecordParts {
            chart,
            technique: technique.as_ref().map(Sensitive::expose),
            aftercare: aftercare.as_ref().map(Sensitive::expose),
            entries: &entries,
            photos: &hashed,
            overlays: &overlays,
        },
    ))
}

/// Each overlay version's hash, recomputed from the JSON stored (not the stored hash column).
async fn overlay_digests(tx: &mut ClinicTx, chart: ChartId) -> Result<Vec<OverlayDigest>, ChartingError> {
    Ok(repo::overlays_of_chart(tx, chart)
        .await?
        .into_iter()
        .map(|(photo, version, json)| OverlayDigest {
            photo_id: photo.0,
            version,
            sha256: canonical_sha256(&json.0).unwrap_or_default(),
        })
        .collect())
}

/// The medical director signs: the record hash is computed and kept with the signature, and the
/// chart can never change again.
pub async fn sign(
    tx: &mut ClinicTx,
    id: ChartId,
    signer: &Actor,
    now: DateTime<Utc>,
) -> Result<(ChartRow, String), ChartingError> {
    let chart = repo::chart_for_update(tx, id).await?.ok_or(ChartingError::NotFound)?;
    match chart.status {
        ChartStatus::NeedsSignOff => {}
        ChartStatus::Draft => return Err(ChartingError::Transition("Only a submitted chart can be signed.")),
        ChartStatus::MdSigned => return Err(ChartingError::Signed),
    }
    let hash = record_hash_now(tx, &chart, record::HASH_VERSION).await?;
    repo::insert_signature(
        tx,
        id,
        None,
        SignatureKind::MdSignoff,
        signer.id,
        &signer.name,
        &signer.role,
        &hash,
        record::HASH_VERSION,
        now,
    )
    .await?;
    repo::set_signed(tx, id, signer.id, now).await?;
    Ok((repo::chart(tx, id).await?.ok_or(ChartingError::NotFound)?, hash))
}

/// The medical director sends the chart back to its provider with what needs changing.
pub async fn return_chart(
    tx: &mut ClinicTx,
    id: ChartId,
    by: &Actor,
    comment: &str,
    now: DateTime<Utc>,
) -> Result<ChartRow, ChartingError> {
    let chart = repo::chart_for_update(tx, id).await?.ok_or(ChartingError::NotFound)?;
    match chart.status {
        ChartStatus::NeedsSignOff => {}
        ChartStatus::Draft => return Err(ChartingError::Transition("Only a submitted chart can be returned.")),
        ChartStatus::MdSigned => return Err(ChartingError::Signed),
    }
    repo::insert_return(tx, id, by.id, comment, now).await?;
    repo::set_returned(tx, id, now).await?;
    repo::chart(tx, id).await?.ok_or(ChartingError::NotFound)
}

/// A correction to a signed chart, signed by its author.
pub async fn add_addendum(
    tx: &mut ClinicTx,
    id: ChartId,
    author: &Actor,
    body: &Sensitive,
    now: DateTime<Utc>,
) -> Result<AddendumId, ChartingError> {
    let chart = repo::chart_for_update(tx, id).await?.ok_or(ChartingError::NotFound)?;
    if chart.status != ChartStatus::MdSigned {
        return Err(ChartingError::Transition("Addenda are for signed charts; change the draft itself instead."));
    }
    if chart.provider_id != author.id && !author.is_owner {
        return Err(ChartingError::NotYours { provider_name: chart.provider_name.clone() });
    }
    let signed = repo::signatures(tx, id)
        .await?
        .into_iter()
        .find(|s| s.kind == SignatureKind::MdSignoff)
        .ok_or(ChartingError::NotFound)?;
    let addendum = AddendumId::generate();
    repo::insert_addendum(tx, addendum, id, author.id, &seal(body), now).await?;
    let hash = record::addendum_hash(
        record::HASH_VERSION,
        &chart,
        &signed.record_hash,
        addendum.0,
        author.id.0,
        body.expose(),
        now,
    );
    repo::insert_signature(
        tx,
        id,
        Some(addendum),
        SignatureKind::Addendum,
        author.id,
        &author.name,
        &author.role,
        &hash,
        record::HASH_VERSION,
        now,
    )
    .await?;
    Ok(addendum)
}

pub async fn queue(tx: &mut ClinicTx, provider: Option<StaffUserId>) -> Result<Vec<QueuedChart>, ChartingError> {
    Ok(repo::signoff_queue(tx, provider).await?)
}

/// One recomputed check: what was signed against what the record says now.
#[derive(Debug, Clone)]
pub struct Check {
    pub what: String,
    pub signed_hash: String,
    pub computed_hash: String,
}

impl Check {
    pub fn matches(&self) -> bool {
        self.signed_hash == self.computed_hash
    }
}

/// The result of re-checking a chart: its sign-off hash, each addendum's, and each photo's bytes.
#[derive(Debug, Clone)]
pub struct Verification {
    pub signed: bool,
    pub checks: Vec<Check>,
}

/// Recomputes every hash a chart's signatures vouch for. `photo_bytes_hash` reads an original
/// from storage and hashes it (or says it is missing).
pub async fn verify<F, Fut>(tx: &mut ClinicTx, id: ChartId, photo_bytes_hash: F) -> Result<Verification, ChartingError>
where
    F: Fn(Photo) -> Fut,
    Fut: std::future::Future<Output = Option<String>>,
{
    let chart = repo::chart(tx, id).await?.ok_or(ChartingError::NotFound)?;
    let signatures = repo::signatures(tx, id).await?;
    let Some(signoff) = signatures.iter().find(|s| s.kind == SignatureKind::MdSignoff) else {
        return Ok(Verification { signed: false, checks: Vec::new() });
    };
    let mut checks = vec![Check {
        what: "record".into(),
        signed_hash: signoff.record_hash.clone(),
        computed_hash: record_hash_now(tx, &chart, signoff.hash_version).await?,
    }];
    for photo in repo::photos_of_chart(tx, id).await? {
        let what = format!("photo {}", photo.id);
        let signed_hash = photo.sha256.clone();
        let computed_hash = photo_bytes_hash(photo).await.unwrap_or_else(|| "missing".into());
        checks.push(Check { what, signed_hash, computed_hash });
    }
    for (addendum, body) in view(tx, chart.clone()).await?.addenda {
        if let Some(sig) = signatures.iter().find(|s| s.addendum_id == Some(addendum.id)) {
            let computed = record::addendum_hash(
                sig.hash_version,
                &chart,
                &signoff.record_hash,
                addendum.id.0,
                addendum.author_id.0,
                body.expose(),
                addendum.created_at,
            );
            checks.push(Check {
                what: format!("addendum {}", addendum.id),
                signed_hash: sig.record_hash.clone(),
                computed_hash: computed,
            });
        }
    }
    Ok(Verification { signed: true, checks })
}

// ---- photos ----

/// A photo whose bytes are already stored, to be recorded against a draft chart.
pub struct PhotoRecord<'a> {
    pub id: PhotoId,
    pub phase: PhotoPhase,
    pub view: PhotoView,
    pub object_key: &'a str,
    pub content_type: &'a str,
    pub byte_size: i64,
    pub sha256: &'a str,
    pub width: i32,
    pub height: i32,
}

pub async fn record_photo(
    tx: &mut ClinicTx,
    chart: ChartId,
    actor: &Actor,
    p: &PhotoRecord<'_>,
    now: DateTime<Utc>,
) -> Result<Photo, ChartingError> {
    let c = editable(tx, chart, actor).await?;
    repo::insert_photo(
        tx,
        &NewPhoto {
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
            uploaded_by: actor.id,
        },
        now,
    )
    .await?;
    repo::touch_chart(tx, chart, now).await?;
    repo::photo(tx, p.id).await?.ok_or(ChartingError::NotFound)
}

/// Checks the actor may change the chart a photo belongs to; returns the photo and chart. The
/// photo is read again once the chart is held, so what the caller sees (its overlay version)
/// is what the last writer left.
async fn editable_photo(tx: &mut ClinicTx, id: PhotoId, actor: &Actor) -> Result<(Photo, ChartRow), ChartingError> {
    let photo = repo::photo(tx, id).await?.ok_or(ChartingError::NotFound)?;
    let chart = photo.chart_id.ok_or(ChartingError::NotFound)?;
    let chart = editable(tx, chart, actor).await?;
    let photo = repo::photo(tx, id).await?.ok_or(ChartingError::NotFound)?;
    Ok((photo, chart))
}

pub async fn photo(tx: &mut ClinicTx, id: PhotoId) -> Result<Photo, ChartingError> {
    repo::photo(tx, id).await?.ok_or(ChartingError::NotFound)
}

pub async fn relabel_photo(
    tx: &mut ClinicTx,
    id: PhotoId,
    actor: &Actor,
    phase: PhotoPhase,
    view: PhotoView,
    now: DateTime<Utc>,
) -> Result<Photo, ChartingError> {
    let (_, chart) = editable_photo(tx, id, actor).await?;
    repo::update_photo_labels(tx, id, phase, view, now).await?;
    repo::touch_chart(tx, chart.id, now).await?;
    photo(tx, id).await
}

/// Marks a draft chart's photo removed; its bytes stay in storage.
pub async fn remove_photo(
    tx: &mut ClinicTx,
    id: PhotoId,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Photo, ChartingError> {
    let (photo, chart) = editable_photo(tx, id, actor).await?;
    repo::remove_photo(tx, id, actor.id, now).await?;
    repo::touch_chart(tx, chart.id, now).await?;
    Ok(photo)
}

pub async fn annotations(tx: &mut ClinicTx, id: PhotoId) -> Result<Vec<Annotation>, ChartingError> {
    repo::photo(tx, id).await?.ok_or(ChartingError::NotFound)?;
    Ok(repo::annotations(tx, id).await?)
}

/// Saves a drawing as the photo's next overlay version. `base` is the version the drawing was
/// made on, so two people saving at once don't silently overwrite each other.
pub async fn save_annotation(
    tx: &mut ClinicTx,
    id: PhotoId,
    actor: &Actor,
    drawing: &Value,
    base: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(i32, Value), ChartingError> {
    let (photo, chart) = editable_photo(tx, id, actor).await?;
    if base != photo.annotation_version {
        return Err(ChartingError::VersionConflict);
    }
    let (width, height) = (i64::from(photo.width.unwrap_or(0)), i64::from(photo.height.unwrap_or(0)));
    let canonical =
        overlay::check(drawing, width, height).map_err(|m| ChartingError::invalid("overlay", "invalid", m))?;
    let sha = canonical_sha256(&canonical).map_err(|e| ChartingError::invalid("overlay", "invalid", e.to_string()))?;
    let version = photo.annotation_version.unwrap_or(0) + 1;
    repo::insert_annotation(tx, id, version, canonical.clone(), &sha, actor.id, now).await.map_err(
        |e| match classify(&e) {
            DbFailure::Unique(_) => ChartingError::VersionConflict,
            _ => e.into(),
        },
    )?;
    repo::touch_chart(tx, chart.id, now).await?;
    Ok((version, canonical))
}
