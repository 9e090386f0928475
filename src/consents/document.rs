//! A signed copy as the PDF a clinic prints or hands over.

use chrono_tz::Tz;

use super::model::{SignatureMethod, SignedConsent, SigningChannel};
use super::pdf::{ConsentPdf, render};
use super::signature::Strokes;
use crate::patients::Patient;

fn method(copy: &SignedConsent) -> &'static str {
    match (copy.summary.method, copy.summary.channel) {
        (SignatureMethod::Drawn, SigningChannel::InClinic) => "Drawn signature on the clinic's device",
        (SignatureMethod::Drawn, SigningChannel::OwnDevice) => "Drawn signature on the patient's own device",
        (SignatureMethod::Typed, SigningChannel::InClinic) => "Typed name on the clinic's device",
        (SignatureMethod::Typed, SigningChannel::OwnDevice) => "Typed name on the patient's own device",
    }
}

fn when(at: chrono::DateTime<chrono::Utc>, tz: Tz) -> String {
    format!("{} ({})", at.with_timezone(&tz).format("%B %-d, %Y at %-I:%M %p"), tz.name())
}

/// The PDF of a signed copy, its times in the clinic's time zone.
pub fn pdf(copy: &SignedConsent, patient: &Patient, clinic_name: &str, tz: Tz) -> Vec<u8> {
    let strokes = Strokes::from_stored(&copy.signature_strokes.0).unwrap_or_default();
    let patient_name = format!("{} {}", patient.first_name, patient.last_name);
    let birth = patient.date_of_birth.map(|d| d.format("%B %-d, %Y").to_string());
    let signed_at = when(copy.summary.signed_at, tz);
    let revoked_at = copy.summary.revoked_at.map(|at| when(at, tz));
    let consent_id = copy.summary.id.to_string();
    render(&ConsentPdf {
        clinic_name,
        patient_name: &patient_name,
        patient_birth_date: birth.as_deref(),
        title: &copy.summary.title,
        body: &copy.body,
        version: copy.summary.version,
        signer_name: &copy.summary.signer_name,
        signed_at: &signed_at,
        witness: copy.summary.witness_name.as_deref(),
        method: method(copy),
        body_sha256: &copy.body_sha256,
        signature_sha256: &copy.signature_sha256,
        strokes: &strokes.0,
        revoked: revoked_at.as_deref().map(|at| (at, copy.summary.revoke_reason.as_deref().unwrap_or(""))),
        consent_id: &consent_id,
    })
}
