//! What the consents API sends and takes.

use chrono::{DateTime, Utc};
use poem_openapi::Object;

use super::model::{
    ConsentKind, ConsentTemplateId, SignatureMethod, SignedConsent, SignedConsentId, SignedSummary, SigningChannel,
    Template, TemplateVersion, TemplateVersionId,
};
use super::signature::Strokes;
use super::signing::VisitConsents;
use super::status::{ConsentState, Standing};
use crate::patients::PatientId;
use crate::scheduling::{AppointmentId, ServiceId};

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct ConsentTemplateOut {
    pub id: ConsentTemplateId,
    pub name: String,
    pub kind: ConsentKind,
    /// Days a signature stays current; absent: until the text changes.
    pub renew_after_days: Option<i32>,
    pub archived: bool,
    /// The current version: what a patient signs today.
    pub version_id: TemplateVersionId,
    pub version: i32,
    pub body: String,
    /// Hex SHA-256 of the current version's text.
    pub body_sha256: String,
    pub updated_at: DateTime<Utc>,
    /// The services that require it, each in its own order.
    pub service_ids: Vec<ServiceId>,
}

impl ConsentTemplateOut {
    pub fn new(t: Template, service_ids: Vec<ServiceId>) -> Self {
        Self {
            id: t.id,
            name: t.name,
            kind: t.kind,
            renew_after_days: t.renew_after_days,
            archived: t.archived_at.is_some(),
            version_id: t.version_id,
            version: t.version,
            body: t.body,
            body_sha256: t.body_sha256,
            updated_at: t.updated_at.max(t.version_created_at),
            service_ids,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct TemplateVersionOut {
    pub id: TemplateVersionId,
    pub version: i32,
    pub title: String,
    pub body: String,
    pub body_sha256: String,
    pub created_at: DateTime<Utc>,
    pub created_by_name: Option<String>,
}

impl From<TemplateVersion> for TemplateVersionOut {
    fn from(v: TemplateVersion) -> Self {
        Self {
            id: v.id,
            version: v.version,
            title: v.title,
            body: v.body,
            body_sha256: v.body_sha256,
            created_at: v.created_at,
            created_by_name: v.created_by_name,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct ConsentTemplateDetailOut {
    pub template: ConsentTemplateOut,
    /// Every version of the text, newest first. Versions never change.
    pub versions: Vec<TemplateVersionOut>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct ConsentTemplateIn {
    pub name: String,
    pub kind: ConsentKind,
    /// Plain text: `#` and `##` headings, `-` bullets, `1.` numbered lists, `**bold**`.
    pub body: String,
    /// Days a signature stays current (1–3650); leave out to keep it until the text changes.
    pub renew_after_days: Option<i32>,
    /// The services that require it, in order.
    #[oai(default)]
    pub service_ids: Vec<ServiceId>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct RevocationOut {
    pub revoked_at: DateTime<Utc>,
    pub reason: String,
    pub revoked_by_name: String,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct SignedConsentSummaryOut {
    pub id: SignedConsentId,
    pub patient_id: PatientId,
    pub template_id: ConsentTemplateId,
    pub template_version_id: TemplateVersionId,
    pub version: i32,
    pub kind: ConsentKind,
    /// The visit it was signed for.
    pub appointment_id: Option<AppointmentId>,
    pub title: String,
    /// The name the patient typed.
    pub signer_name: String,
    pub signed_at: DateTime<Utc>,
    /// The staff member who witnessed it; absent when signed on the patient's own phone.
    pub witness_name: Option<String>,
    pub method: SignatureMethod,
    pub channel: SigningChannel,
    /// Present once revoked: the copy no longer counts.
    pub revocation: Option<RevocationOut>,
}

impl From<&SignedSummary> for SignedConsentSummaryOut {
    fn from(s: &SignedSummary) -> Self {
        Self {
            id: s.id,
            patient_id: s.patient_id,
            template_id: s.template_id,
            template_version_id: s.template_version_id,
            version: s.version,
            kind: s.kind,
            appointment_id: s.appointment_id,
            title: s.title.clone(),
            signer_name: s.signer_name.clone(),
            signed_at: s.signed_at,
            witness_name: s.witness_name.clone(),
            method: s.method,
            channel: s.channel,
            revocation: s.revoked_at.map(|at| RevocationOut {
                revoked_at: at,
                reason: s.revoke_reason.clone().unwrap_or_default(),
                revoked_by_name: s.revoked_by_name.clone().unwrap_or_default(),
            }),
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct SignedConsentOut {
    #[oai(flatten)]
    pub summary: SignedConsentSummaryOut,
    /// The exact text the patient saw.
    pub body: String,
    pub body_sha256: String,
    /// Strokes on a 3000 × 1000 pad, each a list of `[x, y]` points; empty for a typed signature.
    pub strokes: Vec<Vec<Vec<u16>>>,
    /// Hex SHA-256 of the method, typed name and strokes, as canonical JSON.
    pub signature_sha256: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

impl From<SignedConsent> for SignedConsentOut {
    fn from(c: SignedConsent) -> Self {
        let strokes = Strokes::from_stored(&c.signature_strokes.0).unwrap_or_default();
        Self {
            summary: SignedConsentSummaryOut::from(&c.summary),
            body: c.body,
            body_sha256: c.body_sha256,
            strokes: strokes.0.into_iter().map(|s| s.into_iter().map(|p| p.to_vec()).collect()).collect(),
            signature_sha256: c.signature_sha256,
            ip: c.ip,
            user_agent: c.user_agent,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct RequiredConsentOut {
    pub template_id: ConsentTemplateId,
    pub name: String,
    pub kind: ConsentKind,
    pub state: ConsentState,
    /// The version a signature must be of to count: what the patient is shown.
    pub current_version_id: TemplateVersionId,
    pub current_version: i32,
    /// The copy that makes it current, or the newest one that no longer does.
    pub signed: Option<SignedConsentSummaryOut>,
    /// When the current copy stops counting; absent: until the text changes.
    pub expires_at: Option<DateTime<Utc>>,
}

impl From<&Standing<'_>> for RequiredConsentOut {
    fn from(s: &Standing<'_>) -> Self {
        Self {
            template_id: s.requirement.template_id,
            name: s.requirement.name.clone(),
            kind: s.requirement.kind,
            state: s.state,
            current_version_id: s.requirement.version_id,
            current_version: s.requirement.version,
            signed: s.signed.map(SignedConsentSummaryOut::from),
            expires_at: s.expires_at.filter(|_| s.state == ConsentState::Current),
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct VisitConsentsOut {
    pub appointment_id: AppointmentId,
    pub patient_id: PatientId,
    pub patient_name: String,
    pub service_id: ServiceId,
    pub service_name: String,
    pub visit_at: DateTime<Utc>,
    /// Every required consent is signed and current.
    pub all_current: bool,
    /// What the visit's service requires, in the service's order.
    pub required: Vec<RequiredConsentOut>,
    /// Everything signed at this visit, newest first, revoked copies included.
    pub signed_here: Vec<SignedConsentSummaryOut>,
}

impl From<&VisitConsents> for VisitConsentsOut {
    fn from(v: &VisitConsents) -> Self {
        let standings = v.standings();
        Self {
            appointment_id: v.visit.appointment_id,
            patient_id: v.visit.patient_id,
            patient_name: v.visit.patient_name(),
            service_id: v.visit.service_id,
            service_name: v.visit.service_name.clone(),
            visit_at: v.visit.starts_at,
            all_current: super::status::all_current(&standings),
            required: standings.iter().map(RequiredConsentOut::from).collect(),
            signed_here: v.signed_here().map(SignedConsentSummaryOut::from).collect(),
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct PatientConsentsOut {
    /// Every copy the patient signed, newest first, revoked ones included.
    pub signed: Vec<SignedConsentSummaryOut>,
    /// The patient's next booked visit and where its consents stand.
    pub next_visit: Option<VisitConsentsOut>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct SignConsentIn {
    /// The version the patient was shown (a template's `versionId`).
    pub template_version_id: TemplateVersionId,
    /// The patient's full name, as they typed it.
    pub signer_name: String,
    /// Strokes on a 3000 × 1000 pad (y grows downwards), each a list of `[x, y]` points.
    pub strokes: Vec<Vec<Vec<u16>>>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct RevokeConsentIn {
    pub reason: String,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct ConsentLinkOut {
    /// Opens the visit's consents on the patient's own phone, with no sign-in.
    pub url: String,
    pub expires_at: DateTime<Utc>,
    /// The URL as a QR code (SVG), for the patient to scan.
    pub qr_svg: String,
}
