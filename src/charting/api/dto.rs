//! What charting looks like on the wire.

use chrono::{DateTime, NaiveDate, Utc};
use poem_openapi::Object;
use poem_openapi::types::MaybeUndefined;

use super::super::model::{
    AddendumId, ChartId, ChartStatus, DoseUnit, Entry, EntryId, Lot, LotId, Photo, PhotoId, PhotoPhase, PhotoView,
    Product, ProductId, ProductKind, TemplateKind,
};
use super::super::rules::{Total, format_dose};
use crate::patients::PatientId;
use crate::scheduling::AppointmentId;
use crate::staff::StaffUserId;

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct LotOut {
    pub id: LotId,
    pub product_id: ProductId,
    pub lot_number: String,
    pub expires_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
    pub notes: Option<String>,
    pub archived: bool,
    /// Past its expiry date today (in the clinic's time zone): it can't be charted.
    pub expired: bool,
    /// How many chart entries used it.
    pub uses: i64,
}

impl LotOut {
    pub fn new(l: Lot, today: NaiveDate) -> Self {
        Self {
            id: l.id,
            product_id: l.product_id,
            expired: l.expires_on < today,
            lot_number: l.lot_number,
            expires_on: l.expires_on,
            received_on: l.received_on,
            notes: l.notes,
            archived: l.archived_at.is_some(),
            uses: l.uses,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct ProductOut {
    pub id: ProductId,
    pub name: String,
    pub manufacturer: Option<String>,
    pub kind: ProductKind,
    pub default_unit: DoseUnit,
    pub archived: bool,
    /// Newest expiry first.
    pub lots: Vec<LotOut>,
}

impl ProductOut {
    pub fn new(p: Product, lots: Vec<LotOut>) -> Self {
        Self {
            id: p.id,
            name: p.name,
            manufacturer: p.manufacturer,
            kind: p.kind,
            default_unit: p.default_unit,
            archived: p.archived_at.is_some(),
            lots,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct ProductIn {
    pub name: String,
    pub manufacturer: Option<String>,
    pub kind: ProductKind,
    pub default_unit: DoseUnit,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct LotIn {
    pub lot_number: String,
    pub expires_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
    pub notes: Option<String>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct LotUseOut {
    pub chart_id: ChartId,
    pub patient_id: PatientId,
    pub patient_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub provider_name: String,
    pub area: String,
    pub dose: Option<String>,
    pub dose_unit: Option<DoseUnit>,
    pub charted_at: DateTime<Utc>,
    pub chart_status: ChartStatus,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct RecallOut {
    pub product_name: String,
    pub lot: LotOut,
    /// Every chart entry that used the lot, newest first.
    pub uses: Vec<LotUseOut>,
    /// How many different patients received it.
    pub patient_count: i64,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct EntryOut {
    pub id: EntryId,
    pub position: i32,
    pub area: String,
    pub product_id: Option<ProductId>,
    pub product_name: Option<String>,
    pub lot_id: Option<LotId>,
    pub lot_number: Option<String>,
    pub lot_expires_on: Option<NaiveDate>,
    /// The dose as a decimal, e.g. `20` or `0.5`.
    pub dose: Option<String>,
    /// The dose in thousandths of the unit (exact).
    pub dose_milli: Option<i64>,
    pub dose_unit: Option<DoseUnit>,
    pub injection_points: Option<i32>,
    pub technique: Option<String>,
}

impl From<Entry> for EntryOut {
    fn from(e: Entry) -> Self {
        Self {
            id: e.id,
            position: e.position,
            area: e.area,
            product_id: e.product_id,
            product_name: e.product_name,
            lot_id: e.lot_id,
            lot_number: e.lot_number,
            lot_expires_on: e.lot_expires_on,
            dose: e.dose_milli.map(format_dose),
            dose_milli: e.dose_milli,
            dose_unit: e.dose_unit,
            injection_points: e.injection_points,
            technique: e.technique,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct EntryIn {
    /// The area treated, e.g. "Glabella".
    pub area: String,
    pub product_id: Option<ProductId>,
    pub lot_id: Option<LotId>,
    /// A decimal with up to three places: `20`, `0.5`.
    pub dose: Option<String>,
    /// Defaults to the product's unit.
    pub dose_unit: Option<DoseUnit>,
    pub injection_points: Option<i32>,
    pub technique: Option<String>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct TotalOut {
    /// A product's name, or an area.
    pub label: String,
    pub unit: DoseUnit,
    pub dose: String,
    pub dose_milli: i64,
}

impl From<Total> for TotalOut {
    fn from(t: Total) -> Self {
        Self { label: t.label, unit: t.unit, dose: format_dose(t.dose_milli), dose_milli: t.dose_milli }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct TotalsOut {
    pub by_product: Vec<TotalOut>,
    pub by_area: Vec<TotalOut>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct PhotoOut {
    pub id: PhotoId,
    pub chart_id: Option<ChartId>,
    pub phase: PhotoPhase,
    pub view: PhotoView,
    /// Upright size in pixels: overlays use this grid.
    pub width: i32,
    pub height: i32,
    pub content_type: String,
    pub byte_size: i64,
    /// SHA-256 of the original bytes.
    pub sha256: String,
    /// The latest overlay version (none: not drawn on).
    pub annotation_version: Option<i32>,
    pub created_at: DateTime<Utc>,
}

impl From<Photo> for PhotoOut {
    fn from(p: Photo) -> Self {
        Self {
            id: p.id,
            chart_id: p.chart_id,
            phase: p.phase,
            view: p.view,
            width: p.width.unwrap_or(0),
            height: p.height.unwrap_or(0),
            content_type: p.content_type,
            byte_size: p.byte_size,
            sha256: p.sha256,
            annotation_version: p.annotation_version,
            created_at: p.created_at,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct SignatureOut {
    pub signer_id: StaffUserId,
    pub signer_name: String,
    pub signer_role: String,
    pub signed_at: DateTime<Utc>,
    /// SHA-256 of the canonical record the signature covers.
    pub record_hash: String,
    pub hash_version: i32,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct ReturnOut {
    pub returned_by_name: String,
    pub comment: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct AddendumOut {
    pub id: AddendumId,
    pub author_name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub signature: Option<SignatureOut>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct ChartOut {
    pub id: ChartId,
    pub patient_id: PatientId,
    pub patient_first_name: String,
    pub patient_last_name: String,
    pub patient_preferred_name: Option<String>,
    pub appointment_id: Option<AppointmentId>,
    /// The visit's start, for charts of an appointment.
    pub visit_at: Option<DateTime<Utc>>,
    pub service_name: Option<String>,
    pub provider_id: StaffUserId,
    pub provider_name: String,
    pub template_kind: TemplateKind,
    pub status: ChartStatus,
    pub areas: Vec<String>,
    pub technique: Option<String>,
    pub aftercare: Option<String>,
    /// Goes up with every change.
    pub revision: i32,
    pub entries: Vec<EntryOut>,
    pub totals: TotalsOut,
    pub photos: Vec<PhotoOut>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub signed_at: Option<DateTime<Utc>>,
    /// The medical director's signature, once signed.
    pub signature: Option<SignatureOut>,
    /// Each time the medical director sent it back, with why.
    pub returns: Vec<ReturnOut>,
    pub addenda: Vec<AddendumOut>,
    /// Whether the person asking may change it now.
    pub can_edit: bool,
    pub can_submit: bool,
    pub can_sign: bool,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct ChartSummaryOut {
    pub id: ChartId,
    pub status: ChartStatus,
    pub template_kind: TemplateKind,
    pub provider_name: String,
    pub appointment_id: Option<AppointmentId>,
    pub visit_at: Option<DateTime<Utc>>,
    pub service_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub photo_count: i64,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct ChartPatchIn {
    pub template_kind: Option<TemplateKind>,
    pub areas: Option<Vec<String>>,
    #[oai(nullable)]
    pub technique: MaybeUndefined<String>,
    #[oai(nullable)]
    pub aftercare: MaybeUndefined<String>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct SavedOut {
    pub revision: i32,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct NewChartIn {
    pub template_kind: TemplateKind,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct OpenedOut {
    pub chart_id: ChartId,
    /// Made just now, on this first open.
    pub created: bool,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct CommentIn {
    pub comment: String,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct AddendumIn {
    pub body: String,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct QueueItemOut {
    pub chart_id: ChartId,
    pub patient_id: PatientId,
    pub patient_name: String,
    pub provider_id: StaffUserId,
    pub provider_name: String,
    pub template_kind: TemplateKind,
    pub submitted_at: DateTime<Utc>,
    pub visit_at: Option<DateTime<Utc>>,
    pub service_name: Option<String>,
    pub entry_count: i64,
    pub photo_count: i64,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct CheckOut {
    /// `record`, `photo <id>` or `addendum <id>`.
    pub what: String,
    pub signed_hash: String,
    pub computed_hash: String,
    pub matches: bool,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct VerifyOut {
    pub signed: bool,
    /// Every recomputed hash equals the one signed.
    pub matches: bool,
    pub checks: Vec<CheckOut>,
}
