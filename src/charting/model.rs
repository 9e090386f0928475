use chrono::{DateTime, NaiveDate, Utc};

use crate::patients::PatientId;
use crate::scheduling::AppointmentId;
use crate::staff::StaffUserId;

crate::id_type!(
    /// A product's id.
    ProductId
);
crate::id_type!(
    /// A product lot's id.
    LotId
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
    pub enum ProductKind {
        Neurotoxin = "neurotoxin",
        Filler = "filler",
        Biostimulator = "biostimulator",
        Skin = "skin",
        Energy = "energy",
        Other = "other",
    }
}

crate::text_enum! {
    /// The unit a dose is charted in.
    pub enum DoseUnit {
        Units = "units",
        Ml = "ml",
        Syringes = "syringes",
        Vials = "vials",
        Pulses = "pulses",
        JoulesPerCm2 = "j_cm2",
        Passes = "passes",
        Other = "other",
    }
}

impl DoseUnit {
    /// How the unit reads after a number: "20 units", "1.5 mL", "12 J/cm²".
    pub fn label(self) -> &'static str {
        match self {
            DoseUnit::Units => "units",
            DoseUnit::Ml => "mL",
            DoseUnit::Syringes => "syringes",
            DoseUnit::Vials => "vials",
            DoseUnit::Pulses => "pulses",
            DoseUnit::JoulesPerCm2 => "J/cm²",
            DoseUnit::Passes => "passes",
            DoseUnit::Other => "",
        }
    }
}

crate::id_type!(
    /// A chart's id.
    ChartId
);
crate::id_type!(
    /// A treatment entry's id.
    EntryId
);
crate::id_type!(
    /// A clinical photo's id.
    PhotoId
);
crate::id_type!(
    /// An addendum's id.
    AddendumId
);

crate::text_enum! {
    /// Where a chart is in its life: drafted by the provider, waiting for the medical director,
    /// or signed (and from then on unchangeable).
    pub enum ChartStatus {
        Draft = "draft",
        NeedsSignOff = "needs_signoff",
        MdSigned = "md_signed",
    }
}

crate::text_enum! {
    pub enum PhotoPhase {
        Before = "before",
        After = "after",
        Other = "other",
    }
}

crate::text_enum! {
    /// The standard angles of facial photography.
    pub enum PhotoView {
        Front = "front",
        LeftOblique = "left_oblique",
        RightOblique = "right_oblique",
        LeftProfile = "left_profile",
        RightProfile = "right_profile",
        Other = "other",
    }
}

crate::text_enum! {
    pub enum SignatureKind {
        MdSignoff = "md_signoff",
        Addendum = "addendum",
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Product {
    pub id: ProductId,
    pub name: String,
    pub manufacturer: Option<String>,
    pub kind: ProductKind,
    pub default_unit: DoseUnit,
    pub archived_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Lot {
    pub id: LotId,
    pub product_id: ProductId,
    pub lot_number: String,
    pub expires_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
    pub notes: Option<String>,
    pub archived_at: Option<DateTime<Utc>>,
    /// How many chart entries used it.
    pub uses: i64,
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

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Photo {
    pub id: PhotoId,
    pub patient_id: PatientId,
    pub chart_id: Option<ChartId>,
    pub phase: PhotoPhase,
    pub view: PhotoView,
    pub object_key: String,
    pub content_type: String,
    pub byte_size: i64,
    pub sha256: String,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub uploaded_by: StaffUserId,
    pub created_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
    /// The latest overlay version, if it has been annotated.
    pub annotation_version: Option<i32>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Annotation {
    pub photo_id: PhotoId,
    pub version: i32,
    pub overlay: sqlx::types::Json<serde_json::Value>,
    pub overlay_sha256: String,
    pub created_by: StaffUserId,
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Signature {
    pub kind: SignatureKind,
    pub addendum_id: Option<AddendumId>,
    pub signer_id: StaffUserId,
    pub signer_name: String,
    pub signer_role: String,
    pub signed_at: DateTime<Utc>,
    pub record_hash: String,
    pub hash_version: i32,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Return {
    pub returned_by_name: String,
    pub comment: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AddendumRow {
    pub id: AddendumId,
    pub author_id: StaffUserId,
    pub author_name: String,
    pub body_sealed: String,
    pub created_at: DateTime<Utc>,
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
}

/// A chart entry that used a lot, for a recall.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LotUse {
    pub chart_id: ChartId,
    pub patient_id: PatientId,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub provider_name: String,
    pub area: String,
    pub dose_milli: Option<i64>,
    pub dose_unit: Option<DoseUnit>,
    pub charted_at: DateTime<Utc>,
    pub status: ChartStatus,
}

#[derive(Debug, thiserror::Error)]
pub enum ChartingError {
    #[error("not found")]
    NotFound,
    /// Submitted and waiting for sign-off: nothing changes until it is signed or returned.
    #[error("the chart is waiting for sign-off")]
    Locked,
    #[error("the chart is signed")]
    Signed,
    #[error("only the chart's provider or an owner can change it")]
    NotYours { provider_name: String },
    #[error("{0}")]
    Transition(&'static str),
    #[error("{field}: {message}")]
    Invalid { field: String, code: &'static str, message: String },
    #[error("{} things missing before submission", .0.len())]
    Incomplete(Vec<(String, String)>),
    #[error("a product with that name exists")]
    NameTaken,
    /// Someone saved a newer overlay on the photo than the one this drawing was made on.
    #[error("a newer version was saved")]
    VersionConflict,
    #[error(transparent)]
    Patients(#[from] crate::patients::PatientsError),
    #[error(transparent)]
    Db(sqlx::Error),
}

impl From<sqlx::Error> for ChartingError {
    fn from(err: sqlx::Error) -> Self {
        match crate::db::classify(&err) {
            crate::db::DbFailure::ChartSigned => ChartingError::Signed,
            _ => ChartingError::Db(err),
        }
    }
}

impl ChartingError {
    pub fn invalid(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid { field: field.into(), code, message: message.into() }
    }
}

impl From<ChartingError> for crate::http::ApiError {
    fn from(err: ChartingError) -> Self {
        use crate::http::{ApiError, ErrorCode, FieldProblem};
        match err {
            ChartingError::NotFound => ApiError::not_found(),
            ChartingError::Locked => ApiError::new(
                ErrorCode::ChartLocked,
                "This chart is waiting for sign-off and can't change. The medical director can return it for changes.",
            ),
            ChartingError::Signed => {
                ApiError::new(ErrorCode::ChartSigned, "This chart is signed and can't change. Add an addendum instead.")
            }
            ChartingError::NotYours { provider_name } => {
                ApiError::new(ErrorCode::Forbidden, format!("Only {provider_name} or an owner can change this chart."))
            }
            ChartingError::Transition(message) => ApiError::new(ErrorCode::InvalidTransition, message),
            ChartingError::Invalid { field, code, message } => {
                let status = if code == "lot_expired" { ErrorCode::LotExpired } else { ErrorCode::ValidationFailed };
                ApiError::new(status, message.clone()).field(FieldProblem::new(field, code, message))
            }
            ChartingError::Incomplete(problems) => {
                let mut e = ApiError::new(
                    ErrorCode::ChartIncomplete,
                    "The chart needs a little more before it can be submitted.",
                );
                for (field, message) in problems {
                    e = e.field(FieldProblem::new(field, "required", message));
                }
                e
            }
            ChartingError::NameTaken => ApiError::new(ErrorCode::AlreadyExists, "A product with that name exists.")
                .field(FieldProblem::new("name", "taken", "A product with that name exists.")),
            ChartingError::VersionConflict => ApiError::new(
                ErrorCode::VersionConflict,
                "Someone saved a newer drawing on this photo. Reload to see it.",
            ),
            ChartingError::Patients(e) => e.into(),
            ChartingError::Db(e) => e.into(),
        }
    }
}
