//! Whether a patient's signed consents cover what a service requires. Pure: given the
//! requirements, the patient's signed copies and the instant that matters (the visit's start),
//! each required consent is current, expired (by days or by a new version of its text), or
//! missing. Revoked copies count for nothing.

use chrono::{DateTime, Duration, Utc};

use super::model::{Requirement, SignedSummary};

crate::text_enum! {
    /// Where a required consent stands for a visit.
    pub enum ConsentState {
        /// Signed, of the template's current version, and within its renewal period.
        Current = "current",
        /// Signed, of the current version, but longer ago than the template's renewal period.
        Expired = "expired",
        /// Signed, but the template's text has changed since: it must be signed again.
        NewVersion = "new_version",
        /// Never signed (or every signed copy was revoked).
        Missing = "missing",
    }
}

/// One required consent's standing, with the signed copy it rests on.
#[derive(Debug, Clone)]
pub struct Standing<'a> {
    pub requirement: &'a Requirement,
    pub state: ConsentState,
    /// The copy that makes it current, or the newest one that no longer does.
    pub signed: Option<&'a SignedSummary>,
    /// When the current copy stops counting (none: until the text changes).
    pub expires_at: Option<DateTime<Utc>>,
}

/// When a signature made at `signed_at` stops counting under a template's renewal rule.
pub fn expiry(signed_at: DateTime<Utc>, renew_after_days: Option<i32>) -> Option<DateTime<Utc>> {
    renew_after_days.map(|days| signed_at + Duration::days(i64::from(days)))
}

/// Each requirement's standing at `at`. `signed` is every signed copy the patient has.
pub fn standings<'a>(
    requirements: &'a [Requirement],
    signed: &'a [SignedSummary],
    at: DateTime<Utc>,
) -> Vec<Standing<'a>> {
    requirements.iter().map(|r| standing(r, signed, at)).collect()
}

fn standing<'a>(requirement: &'a Requirement, signed: &'a [SignedSummary], at: DateTime<Utc>) -> Standing<'a> {
    let newest = |current_version: bool| {
        signed
            .iter()
            .filter(|s| s.template_id == requirement.template_id && s.revoked_at.is_none())
            .filter(|s| (s.template_version_id == requirement.version_id) == current_version)
            .max_by_key(|s| (s.signed_at, s.id))
    };
    if let Some(copy) = newest(true) {
        let expires_at = expiry(copy.signed_at, requirement.renew_after_days);
        let state = if expires_at.is_some_and(|e| e <= at) { ConsentState::Expired } else { ConsentState::Current };
        return Standing { requirement, state, signed: Some(copy), expires_at };
    }
    match newest(false) {
        Some(old) => Standing { requirement, state: ConsentState::NewVersion, signed: Some(old), expires_at: None },
        None => Standing { requirement, state: ConsentState::Missing, signed: None, expires_at: None },
    }
}

/// Whether every requirement is met.
pub fn all_current(standings: &[Standing<'_>]) -> bool {
    standings.iter().all(|s| s.state == ConsentState::Current)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::consents::model::{
        ConsentKind, ConsentTemplateId, SignatureMethod, SignedConsentId, SigningChannel, TemplateVersionId,
    };
    use crate::patients::PatientId;

    fn day(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, d, 12, 0, 0).unwrap()
    }

    fn requirement(days: Option<i32>) -> Requirement {
        Requirement {
            template_id: ConsentTemplateId::generate(),
            name: "Neurotoxin consent".into(),
            kind: ConsentKind::Neurotoxin,
            renew_after_days: days,
            version_id: TemplateVersionId::generate(),
            version: 2,
        }
    }

    fn copy(r: &Requirement, version: TemplateVersionId, at: DateTime<Utc>) -> SignedSummary {
        SignedSummary {
            id: SignedConsentId::generate(),
            patient_id: PatientId::generate(),
            template_id: r.template_id,
            template_version_id: version,
            version: 1,
            kind: r.kind,
            appointment_id: None,
            title: r.name.clone(),
            signer_name: "Testy McTestface".into(),
            signed_at: at,
            witness_name: None,
            method: SignatureMethod::Drawn,
            channel: SigningChannel::InClinic,
            revoked_at: None,
            revoke_reason: None,
            revoked_by_name: None,
        }
    }

    #[test]
    fn nothing_signed_is_missing() {
        let r = [requirement(Some(365))];
        let s = standings(&r, &[], day(10));
        assert_eq!(s[0].state, ConsentState::Missing);
        assert!(!all_current(&s));
    }

    #[test]
    fn a_recent_copy_of_the_current_version_is_current_until_its_renewal() {
        let r = [requirement(Some(5))];
        let signed = [copy(&r[0], r[0].version_id, day(1))];
        let now = standings(&r, &signed, day(5));
        assert_eq!(now[0].state, ConsentState::Current);
        assert_eq!(now[0].expires_at, Some(day(6)));
        assert!(all_current(&now));
        assert_eq!(standings(&r, &signed, day(6))[0].state, ConsentState::Expired);
    }

    #[test]
    fn without_renewal_days_a_copy_lasts_until_the_text_changes() {
        let r = [requirement(None)];
        let current = [copy(&r[0], r[0].version_id, day(1))];
        let later = Utc.with_ymd_and_hms(2031, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(standings(&r, &current, later)[0].state, ConsentState::Current);
        let old = [copy(&r[0], TemplateVersionId::generate(), day(9))];
        let s = standings(&r, &old, day(10));
        assert_eq!(s[0].state, ConsentState::NewVersion);
        assert!(s[0].signed.is_some());
    }

    #[test]
    fn revoked_copies_count_for_nothing_and_the_newest_good_copy_wins() {
        let r = [requirement(Some(30))];
        let mut revoked = copy(&r[0], r[0].version_id, day(9));
        revoked.revoked_at = Some(day(9));
        assert_eq!(standings(&r, std::slice::from_ref(&revoked), day(10))[0].state, ConsentState::Missing);
        let older = copy(&r[0], r[0].version_id, day(2));
        let signed = [older.clone(), revoked];
        let s = standings(&r, &signed, day(10));
        assert_eq!(s[0].state, ConsentState::Current);
        assert_eq!(s[0].signed.map(|c| c.id), Some(older.id));
    }

    #[test]
    fn other_templates_copies_do_not_count() {
        let r = [requirement(None)];
        let other = requirement(None);
        let signed = [copy(&other, other.version_id, day(1))];
        assert_eq!(standings(&r, &signed, day(2))[0].state, ConsentState::Missing);
    }
}
