//! Taking, revoking and reading signed consents, and where a visit's consents stand.
//!
//! A signature is taken on the clinic's device with a staff member witnessing (`consents:write`),
//! or on the patient's own phone through a signed link (`PatientSigning`, no witness). Either
//! way the copy keeps the exact title and text of the version shown, its hash, the strokes and
//! their hash, the typed name, the instant, the visit and where the request came from; it is
//! never changed. A mistaken copy is revoked, which adds a row beside it.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use super::error::ConsentsError;
use super::model::{
    SignatureMethod, SignedConsent, SignedConsentId, SignedSummary, SigningChannel, TemplateVersionId, VisitFacts,
};
use super::repo::{self, NewSigned};
use super::signature::{Strokes, body_sha256, signature_sha256};
use super::status::{self, ConsentState, Standing};
use crate::audit::AuditAction;
use crate::auth::permissions::{ConsentsRead, ConsentsWrite, PatientSigning, Permission};
use crate::clinic::{Audited, ClinicOp};
use crate::db::ClinicTx;
use crate::patients::PatientId;
use crate::scheduling::AppointmentId;
use crate::scheduling::model::AppointmentStatus;

/// A permission under which a patient's signature may be taken, and where it is taken.
pub trait TakesSignatures: Permission {
    const CHANNEL: SigningChannel;
}

impl TakesSignatures for ConsentsWrite {
    const CHANNEL: SigningChannel = SigningChannel::InClinic;
}

impl TakesSignatures for PatientSigning {
    const CHANNEL: SigningChannel = SigningChannel::OwnDevice;
}

/// What the patient gave: the version they were shown, their typed full name, and the strokes
/// they drew (none on a phone without JavaScript: the typed name is then the signature).
#[derive(Debug, Clone)]
pub struct SignatureInput {
    pub version: TemplateVersionId,
    pub signer_name: String,
    pub strokes: Strokes,
}

/// A visit, what its service requires, and every copy the patient has signed.
#[derive(Debug, Clone)]
pub struct VisitConsents {
    pub visit: VisitFacts,
    pub requirements: Vec<super::model::Requirement>,
    pub signed: Vec<SignedSummary>,
}

impl VisitConsents {
    /// Each required consent's standing at the visit's start: a copy current then covers the
    /// visit even if it lapses later, and a copy signed at check-in counts too.
    pub fn standings(&self) -> Vec<Standing<'_>> {
        status::standings(&self.requirements, &self.signed, self.visit.starts_at)
    }

    pub fn all_current(&self) -> bool {
        status::all_current(&self.standings())
    }

    /// Copies signed at this visit, revoked ones included (they show as revoked).
    pub fn signed_here(&self) -> impl Iterator<Item = &SignedSummary> {
        self.signed.iter().filter(|s| s.appointment_id == Some(self.visit.appointment_id))
    }

    /// The copies this visit's record rests on: each requirement's current copy and everything
    /// signed at the visit and not revoked, each once, in a stable order.
    pub fn relied_on(&self) -> Vec<SignedConsentId> {
        let mut ids: Vec<SignedConsentId> = self
            .standings()
            .iter()
            .filter(|s| s.state == ConsentState::Current)
            .filter_map(|s| s.signed.map(|c| c.id))
            .chain(self.signed_here().filter(|s| s.revoked_at.is_none()).map(|s| s.id))
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }
}

/// Where a visit's consents stand. A plain read: staff with `consents:read`, charting (to warn
/// and to refuse submission) and the patient's signing link all build on it.
pub async fn of_visit(tx: &mut ClinicTx, appointment: AppointmentId) -> Result<VisitConsents, ConsentsError> {
    let (visit, requirements) = repo::visit_requirements(tx, appointment).await?.ok_or(ConsentsError::NotFound)?;
    let signed = repo::signed_of_patient(tx, visit.patient_id).await?;
    Ok(VisitConsents { visit, requirements, signed })
}

/// A patient's signed copies, newest first, and their next visit's consents (if one is booked).
pub async fn of_patient(
    tx: &mut ClinicTx,
    patient: PatientId,
    now: DateTime<Utc>,
) -> Result<(Vec<SignedSummary>, Option<VisitConsents>), ConsentsError> {
    let signed = repo::signed_of_patient(tx, patient).await?;
    let next = match repo::next_visit(tx, patient, now).await? {
        Some(id) => Some(of_visit(tx, id).await?),
        None => None,
    };
    Ok((signed, next))
}

/// Every copy a patient signed, newest first, revoked ones included.
pub async fn signed_by_patient(tx: &mut ClinicTx, patient: PatientId) -> Result<Vec<SignedSummary>, sqlx::Error> {
    repo::signed_of_patient(tx, patient).await
}

/// The photography consent that lets a patient's photos be used beyond their chart at `at`, if
/// the patient has a current one.
pub async fn photo_cover(
    tx: &mut ClinicTx,
    patient: PatientId,
    at: DateTime<Utc>,
) -> Result<Option<SignedSummary>, sqlx::Error> {
    let requirements = repo::photography_requirements(tx).await?;
    if requirements.is_empty() {
        return Ok(None);
    }
    let signed = repo::signed_of_patient(tx, patient).await?;
    let cover = status::standings(&requirements, &signed, at)
        .into_iter()
        .filter(|s| s.state == ConsentState::Current)
        .find_map(|s| s.signed.cloned());
    Ok(cover)
}

/// A copy's text and signature hashes recomputed from what is stored, to compare with the
/// hashes stored beside them and to put into a chart's record.
pub fn recomputed_hashes(copy: &SignedConsent) -> (String, String) {
    let strokes = Strokes::from_stored(&copy.signature_strokes.0).unwrap_or_default();
    let signature = signature_sha256(copy.summary.method, &copy.summary.signer_name, &strokes);
    (body_sha256(&copy.body), signature)
}

/// The full copies of `ids` (a chart's record and its review screen).
pub async fn copies(tx: &mut ClinicTx, ids: &[SignedConsentId]) -> Result<Vec<SignedConsent>, sqlx::Error> {
    repo::signed_many(tx, ids).await
}

fn checked_name(name: &str) -> Result<String, ConsentsError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(ConsentsError::unsigned("signerName", "Type your full name to sign."));
    }
    if name.chars().count() > 200 {
        return Err(ConsentsError::invalid("signerName", "too_long", "The name can be at most 200 characters."));
    }
    Ok(name)
}

/// Takes the patient's signature on the current version of a template, for a visit.
pub async fn sign<P: TakesSignatures>(
    op: &mut ClinicOp<P>,
    appointment: AppointmentId,
    input: &SignatureInput,
) -> Result<Audited<SignedSummary>, ConsentsError> {
    let witness = match P::CHANNEL {
        SigningChannel::InClinic => Some(op.acting().signer().map(|s| s.id).ok_or(ConsentsError::NeedsPerson)?),
        SigningChannel::OwnDevice => None,
    };
    let signer_name = checked_name(&input.signer_name)?;
    let method = match (P::CHANNEL, input.strokes.0.is_empty()) {
        (SigningChannel::OwnDevice, true) => SignatureMethod::Typed,
        _ => SignatureMethod::Drawn,
    };
    if method == SignatureMethod::Drawn
        && let Some(problem) = input.strokes.problem()
    {
        return Err(ConsentsError::unsigned("strokes", problem));
    }
    let now = op.now();
    let (ip, user_agent) = op.request().map(|r| (r.ip.clone(), r.user_agent.clone())).unwrap_or_default();
    let tx = op.tx();
    tx.lock(&format!("consents:{appointment}")).await?;
    let visit = repo::visit(tx, appointment).await?.ok_or(ConsentsError::NotFound)?;
    if matches!(visit.status, AppointmentStatus::Cancelled | AppointmentStatus::NoShow) {
        return Err(ConsentsError::invalid(
            "appointmentId",
            "not_active",
            "This appointment was cancelled or missed; consents are signed for a visit that happens.",
        ));
    }
    let version = repo::version(tx, input.version)
        .await?
        .ok_or_else(|| ConsentsError::invalid("templateVersionId", "unknown", "That consent doesn't exist."))?;
    let template = repo::template(tx, version.template_id).await?.ok_or(ConsentsError::NotFound)?;
    if template.archived_at.is_some() {
        return Err(ConsentsError::invalid("templateVersionId", "archived", "That consent is no longer in use."));
    }
    if template.version_id != version.id {
        return Err(ConsentsError::VersionChanged);
    }
    let strokes_json = serde_json::to_value(&input.strokes).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let signature_hash = signature_sha256(method, &signer_name, &input.strokes);
    // The same signature sent twice (a double tap, a retried request) is kept once.
    let earlier = repo::signed_of_patient(tx, visit.patient_id).await?.into_iter().find(|s| {
        s.appointment_id == Some(appointment) && s.template_version_id == version.id && s.revoked_at.is_none()
    });
    if let Some(earlier) = earlier
        && repo::signature_hash(tx, earlier.id).await?.as_deref() == Some(signature_hash.as_str())
    {
        return Ok(Audited::unchanged(earlier));
    }
    let id = SignedConsentId::generate();
    let body_hash = body_sha256(&version.body);
    repo::insert_signed(
        tx,
        &NewSigned {
            id,
            patient: visit.patient_id,
            version: version.id,
            appointment: Some(appointment),
            title: &version.title,
            body: &version.body,
            body_sha256: &body_hash,
            strokes: &strokes_json,
            signature_sha256: &signature_hash,
            signer_name: &signer_name,
            witness,
            ip: ip.as_deref(),
            user_agent: user_agent.as_deref(),
            method,
            channel: P::CHANNEL,
        },
        now,
    )
    .await?;
    let signed = repo::signed(tx, id).await?.ok_or(ConsentsError::NotFound)?.summary;
    let entry =
        op.entry(AuditAction::ConsentSigned).entity("consent", id.0).patient(visit.patient_id.0).details(json!({
            "templateVersionId": version.id,
            "appointmentId": appointment,
            "channel": P::CHANNEL.as_str(),
            "method": method.as_str(),
        }));
    Ok(op.audit(entry, signed).await?)
}

/// Revokes a signed copy that should not count (the wrong patient signed, the wrong form). The
/// copy stays as it was; the revocation is a new row with its reason.
pub async fn revoke(
    op: &mut ClinicOp<ConsentsWrite>,
    id: SignedConsentId,
    reason: &str,
) -> Result<Audited<SignedSummary>, ConsentsError> {
    let by = op.by().ok_or(ConsentsError::NeedsPerson)?;
    let now = op.now();
    let tx = op.tx();
    tx.lock(&format!("consent:{id}")).await?;
    let copy = repo::signed(tx, id).await?.ok_or(ConsentsError::NotFound)?.summary;
    if copy.revoked_at.is_some() {
        return Err(ConsentsError::AlreadyRevoked);
    }
    repo::insert_revocation(tx, id, reason, by, now).await.map_err(|e| match crate::db::classify(&e) {
        crate::db::DbFailure::Unique(_) => ConsentsError::AlreadyRevoked,
        _ => e.into(),
    })?;
    let revoked = repo::signed(tx, id).await?.ok_or(ConsentsError::NotFound)?.summary;
    let entry = op
        .entry(AuditAction::ConsentRevoked)
        .entity("consent", id.0)
        .patient(copy.patient_id.0)
        .details(json!({ "appointmentId": copy.appointment_id }));
    Ok(op.audit(entry, revoked).await?)
}

/// A signed copy in full. Reading it is recorded; `downloaded` says it was taken away as a PDF.
pub async fn read(
    op: &mut ClinicOp<ConsentsRead>,
    id: SignedConsentId,
    downloaded: bool,
) -> Result<Audited<SignedConsent>, ConsentsError> {
    let copy = repo::signed(op.tx(), id).await?.ok_or(ConsentsError::NotFound)?;
    let action = if downloaded { AuditAction::ConsentDownloaded } else { AuditAction::ConsentViewed };
    let entry = op.entry(action).entity("consent", id.0).patient(copy.summary.patient_id.0);
    Ok(op.audit(entry, copy).await?)
}

/// A link the patient opens on their own phone to sign what their visit needs.
#[derive(Debug, Clone)]
pub struct SigningLink {
    pub path: String,
    pub expires_at: DateTime<Utc>,
}

const LINK_PURPOSE: &str = "contour-consent-link-v1";

/// The signed path for a visit's consents, valid until `expires_at`.
pub fn link_path<P: Permission>(op: &ClinicOp<P>, appointment: AppointmentId, expires_at: DateTime<Utc>) -> String {
    let expires = expires_at.timestamp().to_string();
    format!("/consent/{appointment}/{expires}/{}", link_token(op, appointment, &expires))
}

/// The HMAC a link carries: the clinic, the visit and the expiry, under the server's secret.
pub fn link_token<P: Permission>(op: &ClinicOp<P>, appointment: AppointmentId, expires: &str) -> String {
    let clinic = op.clinic().id.0.to_string();
    let mut mac = op.services().secret.sign(LINK_PURPOSE, &[&clinic, &appointment.to_string(), expires]);
    mac.truncate(32);
    mac
}

/// How long a link shown at the front desk stays good: long enough to sign in the waiting room.
pub const DESK_LINK_HOURS: i64 = 2;

/// Issues a link for the patient's phone (shown as a QR code at the desk). Recorded, since it
/// lets someone without an account see which consents a patient's visit needs.
pub async fn issue_link(
    op: &mut ClinicOp<ConsentsWrite>,
    appointment: AppointmentId,
) -> Result<Audited<SigningLink>, ConsentsError> {
    let visit = repo::visit(op.tx(), appointment).await?.ok_or(ConsentsError::NotFound)?;
    let expires_at = op.now() + Duration::hours(DESK_LINK_HOURS);
    let link = SigningLink { path: link_path(op, appointment, expires_at), expires_at };
    let entry = op
        .entry(AuditAction::ConsentLinkIssued)
        .entity("appointment", appointment.0)
        .patient(visit.patient_id.0)
        .details(json!({ "expiresAt": expires_at.timestamp() }));
    Ok(op.audit(entry, link).await?)
}

/// Seeds a signed copy exactly as given, witnessed by `witness` at `at`, not tied to a visit
/// (the demo's signatures from before its calendar begins).
pub async fn seed_signed(
    tx: &mut ClinicTx,
    patient: PatientId,
    version: TemplateVersionId,
    signer_name: &str,
    strokes: &Strokes,
    witness: crate::staff::StaffUserId,
    at: DateTime<Utc>,
) -> Result<SignedConsentId, ConsentsError> {
    let text = repo::version(tx, version).await?.ok_or(ConsentsError::NotFound)?;
    let strokes_json = serde_json::to_value(strokes).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let id = SignedConsentId::generate();
    let copy = NewSigned {
        id,
        patient,
        version,
        appointment: None,
        title: &text.title,
        body: &text.body,
        body_sha256: &body_sha256(&text.body),
        strokes: &strokes_json,
        signature_sha256: &signature_sha256(SignatureMethod::Drawn, signer_name, strokes),
        signer_name,
        witness: Some(witness),
        ip: None,
        user_agent: None,
        method: SignatureMethod::Drawn,
        channel: SigningChannel::InClinic,
    };
    repo::insert_signed(tx, &copy, at).await?;
    Ok(id)
}
