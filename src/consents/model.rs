//! Consent templates and their versions, signed copies, revocations, and a visit's consent state.

use chrono::{DateTime, Utc};

use crate::patients::PatientId;
use crate::scheduling::{AppointmentId, ServiceId};
use crate::staff::StaffUserId;

crate::id_type!(
    /// A consent template's id.
    ConsentTemplateId
);
crate::id_type!(
    /// One version of a template's text.
    TemplateVersionId
);
crate::id_type!(
    /// A signed consent's id.
    SignedConsentId
);

crate::text_enum! {
    /// What a consent is for; photography consents decide whether photos may leave the chart.
    pub enum ConsentKind {
        Neurotoxin = "neurotoxin",
        Filler = "filler",
        Laser = "laser",
        Peel = "peel",
        Skin = "skin",
        Photography = "photography",
        General = "general",
    }
}

crate::text_enum! {
    /// How the patient signed: a drawn signature, or their typed full name alone (a phone
    /// without JavaScript).
    pub enum SignatureMethod {
        Drawn = "drawn",
        Typed = "typed",
    }
}

crate::text_enum! {
    /// Where the patient signed: on the clinic's device with staff witnessing, or on their own.
    pub enum SigningChannel {
        InClinic = "in_clinic",
        OwnDevice = "own_device",
    }
}

/// A template with its current version.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Template {
    pub id: ConsentTemplateId,
    pub name: String,
    pub kind: ConsentKind,
    /// Days a signature stays current; none means until the template's text changes.
    pub renew_after_days: Option<i32>,
    pub archived_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub version_id: TemplateVersionId,
    pub version: i32,
    pub title: String,
    pub body: String,
    pub body_sha256: String,
    pub version_created_at: DateTime<Utc>,
}

/// One version of a template's text, as it was written.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TemplateVersion {
    pub id: TemplateVersionId,
    pub template_id: ConsentTemplateId,
    pub version: i32,
    pub title: String,
    pub body: String,
    pub body_sha256: String,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// What an owner writes for a template.
#[derive(Debug, Clone)]
pub struct TemplateInput {
    pub name: String,
    pub kind: ConsentKind,
    pub body: String,
    pub renew_after_days: Option<i32>,
    /// The services that require it, in the order given.
    pub services: Vec<ServiceId>,
}

/// A signed consent without its text and strokes: what lists and status need.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SignedSummary {
    pub id: SignedConsentId,
    pub patient_id: PatientId,
    pub template_id: ConsentTemplateId,
    pub template_version_id: TemplateVersionId,
    pub version: i32,
    pub kind: ConsentKind,
    pub appointment_id: Option<AppointmentId>,
    pub title: String,
    pub signer_name: String,
    pub signed_at: DateTime<Utc>,
    pub witness_name: Option<String>,
    pub method: SignatureMethod,
    pub channel: SigningChannel,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoke_reason: Option<String>,
    pub revoked_by_name: Option<String>,
}

/// A signed consent in full: the exact text the patient saw, and their signature.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SignedConsent {
    #[sqlx(flatten)]
    pub summary: SignedSummary,
    pub body: String,
    pub body_sha256: String,
    pub signature_strokes: sqlx::types::Json<serde_json::Value>,
    pub signature_sha256: String,
    pub witness_id: Option<StaffUserId>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// A template a service requires, with the version a signature must be of to count.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Requirement {
    pub template_id: ConsentTemplateId,
    pub name: String,
    pub kind: ConsentKind,
    pub renew_after_days: Option<i32>,
    pub version_id: TemplateVersionId,
    pub version: i32,
}

/// The visit consents are collected for.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VisitFacts {
    pub appointment_id: AppointmentId,
    pub patient_id: PatientId,
    pub first_name: String,
    pub last_name: String,
    pub service_id: ServiceId,
    pub service_name: String,
    pub starts_at: DateTime<Utc>,
    pub status: crate::scheduling::model::AppointmentStatus,
}

impl VisitFacts {
    pub fn patient_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}
