//! Charts and their treatment entries.

use chrono::{DateTime, NaiveDate, Utc};

use crate::catalogue::{DoseUnit, LotId, ProductId};
use crate::patients::PatientId;
use crate::scheduling::AppointmentId;
use crate::staff::StaffUserId;

crate::id_type!(
    /// A chart's id.
    ChartId
);
crate::id_type!(
    /// A treatment entry's id.
    EntryId
);
crate::text_enum! {
    /// Which chart form a visit uses.
    pub enum TemplateKind {
        Injectables = "injectables",
        Laser = "laser",
        Skin = "skin",
        General = "general",
    }
}

crate::text_enum! {
    /// Where a chart is in its life: drafted by the provider, waiting for the medical director,
    /// or signed (and from then on unchangeable).
    pub enum ChartStatus {
        Draft = "draft",
        NeedsSignOff = "needs_signoff",
        MdSigned = "md_signed",
    }
}

/// A chart row as stored; free text is still sealed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChartRow {
    pub id: ChartId,
    pub patient_id: PatientId,
    pub appointment_id: Option<AppointmentId>,
    pub provider_id: StaffUserId,
    pub provider_name: String,
    pub template_kind: TemplateKind,
    pub status: ChartStatus,
    pub areas: sqlx::types::Json<Vec<String>>,
    pub technique_sealed: Option<String>,
    pub aftercare_sealed: Option<String>,
    pub revision: i32,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<StaffUserId>,
    pub signed_at: Option<DateTime<Utc>>,
    pub signed_by: Option<StaffUserId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The visit's start, when the chart belongs to one: as it is while the chart is a draft,
    /// as it was at submission after that (and likewise the service and provider's name).
    pub visit_at: Option<DateTime<Utc>>,
    pub service_id: Option<crate::scheduling::ServiceId>,
    pub service_name: Option<String>,
    /// The signed consents the submission rested on (none while a draft).
    pub consent_ids: Option<sqlx::types::Json<Vec<crate::consents::SignedConsentId>>>,
    /// Why the provider submitted without every required consent current.
    pub consent_override_reason: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Entry {
    pub id: EntryId,
    pub chart_id: ChartId,
    pub position: i32,
    pub area: String,
    pub product_id: Option<ProductId>,
    pub lot_id: Option<LotId>,
    pub product_name: Option<String>,
    pub lot_number: Option<String>,
    pub lot_expires_on: Option<NaiveDate>,
    /// Thousandths of the unit: 20 units = 20000, 0.5 mL = 500.
    pub dose_milli: Option<i64>,
    pub dose_unit: Option<DoseUnit>,
    pub injection_points: Option<i32>,
    pub technique: Option<String>,
}

/// What a new or changed entry says, checked.
#[derive(Debug, Clone)]
pub struct EntryInput {
    pub area: String,
    pub product: Option<ProductId>,
    pub lot: Option<LotId>,
    pub dose_milli: Option<i64>,
    pub dose_unit: Option<DoseUnit>,
    pub injection_points: Option<i32>,
    pub technique: Option<String>,
}

/// A chart awaiting the medical director.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueuedChart {
    pub id: ChartId,
    pub patient_id: PatientId,
    pub first_name: String,
    pub last_name: String,
    pub provider_id: StaffUserId,
    pub provider_name: String,
    pub template_kind: TemplateKind,
    pub submitted_at: DateTime<Utc>,
    pub visit_at: Option<DateTime<Utc>>,
    pub service_name: Option<String>,
    pub entry_count: i64,
    pub photo_count: i64,
    pub consent_override_reason: Option<String>,
}
