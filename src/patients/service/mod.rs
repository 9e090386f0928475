//! Patients' verbs. Records and search here; allergies and medical notes in `medical`; tags in
//! `tags`. Every change is audited in the unit of work that makes it, and so is every read of
//! medical information.

mod medical;
mod tags;

pub use medical::*;
pub use tags::*;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;

use super::model::{NewPatient, Patient, PatientId, PatientsError, Tag};
use super::repo::{self, Filter};
use super::search::{self, Query};
use crate::audit::AuditAction;
use crate::auth::permissions::{
    MedicalRead, OnlineBooking, PatientsArchive, PatientsRead, PatientsWrite, Permission, Permit,
};
use crate::clinic::{Audited, ClinicOp};
use crate::db::ClinicTx;

/// One page of a patient list. `next_cursor` continues a browse; searches return their best
/// matches in one page.
pub struct Page {
    pub patients: Vec<Patient>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("that cursor is not valid")]
pub struct BadCursor;

fn encode_cursor(p: &Patient) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::json!([p.sort_name, p.id.0]).to_string())
}

fn decode_cursor(cursor: &str) -> Result<(String, PatientId), BadCursor> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| BadCursor)?;
    let (name, id): (String, uuid::Uuid) = serde_json::from_slice(&bytes).map_err(|_| BadCursor)?;
    Ok((name, PatientId(id)))
}

/// Finds patients by what was typed: a name (prefix or close to it), phone digits (the whole
/// number or its last digits), an email, or a date of birth; or lists everyone in name order.
pub async fn search(
    op: &mut ClinicOp<PatientsRead>,
    typed: &str,
    filter: Filter,
    cursor: Option<&str>,
    limit: i64,
) -> Result<Result<Page, BadCursor>, sqlx::Error> {
    let tx = op.tx();
    let found = match search::parse(typed) {
        Query::Everyone => {
            let after = match cursor.map(decode_cursor).transpose() {
                Ok(after) => after,
                Err(bad) => return Ok(Err(bad)),
            };
            let mut patients = repo::browse(tx, filter, after, limit + 1).await?;
            let next_cursor = (patients.len() as i64 > limit).then(|| {
                patients.truncate(limit as usize);
                patients.last().map(encode_cursor).unwrap_or_default()
            });
            return Ok(Ok(Page { patients, next_cursor }));
        }
        Query::Name(words) => by_name(tx, &words, filter, limit).await?,
        Query::Phone(digits) => {
            let mut found = repo::by_phone_ending(tx, &digits, filter, limit).await?;
            // "+1 310 555 0142" should find "(310) 555-0142".
            if found.is_empty() && digits.len() == 11 && digits.starts_with('1') {
                found = repo::by_phone_ending(tx, &digits[1..], filter, limit).await?;
            }
            found
        }
        Query::Email(prefix) => repo::by_email_prefix(tx, &prefix, filter, limit).await?,
        Query::BirthDate(date) => repo::by_birth_date(tx, date, filter, limit).await?,
    };
    Ok(Ok(Page { patients: found, next_cursor: None }))
}

async fn by_name(tx: &mut ClinicTx, words: &[String], filter: Filter, limit: i64) -> Result<Vec<Patient>, sqlx::Error> {
    let longest = words.iter().max_by_key(|w| w.chars().count()).cloned().unwrap_or_default();
    let mut candidates = repo::by_word_prefix(tx, &longest, filter, 200).await?;
    let grams: Vec<String> =
        words.iter().filter(|w| w.chars().count() >= 3).flat_map(|w| search::trigrams(w)).collect();
    if !grams.is_empty() {
        for p in repo::by_trigrams(tx, grams, filter, 60).await? {
            if !candidates.iter().any(|c| c.id == p.id) {
                candidates.push(p);
            }
        }
    }
    let mut scored: Vec<(u32, Patient)> = candidates
        .into_iter()
        .filter_map(|p| {
            let name = search::name_words(&p.first_name, &p.last_name, p.preferred_name.as_deref());
            search::score(words, &name).map(|s| (s, p))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.sort_name.cmp(&b.1.sort_name)));
    Ok(scored.into_iter().take(limit as usize).map(|(_, p)| p).collect())
}

/// A patient's record (archived ones too), for the other domains that show or check it.
pub async fn record(tx: &mut ClinicTx, id: PatientId) -> Result<Patient, PatientsError> {
    repo::by_id(tx, id).await?.ok_or(PatientsError::NotFound)
}

/// An active patient (not archived), for changes.
pub async fn active(tx: &mut ClinicTx, id: PatientId) -> Result<Patient, PatientsError> {
    let patient = record(tx, id).await?;
    if patient.deleted_at.is_some() {
        return Err(PatientsError::Archived);
    }
    Ok(patient)
}

pub async fn get(op: &mut ClinicOp<PatientsRead>, id: PatientId) -> Result<Patient, PatientsError> {
    record(op.tx(), id).await
}

/// Existing patients this one may duplicate: same phone, same email, or same name and birth date.
async fn duplicates_of(
    tx: &mut ClinicTx,
    new: &NewPatient,
    except: Option<PatientId>,
) -> Result<Vec<Patient>, sqlx::Error> {
    let found = repo::possible_duplicates(
        tx,
        new.phone.as_ref().map(|p| p.digits.as_str()),
        new.email.as_ref().map(|e| e.as_str()),
        &search::sort_name(&new.first_name, &new.last_name),
        new.date_of_birth,
    )
    .await?;
    Ok(found.into_iter().filter(|p| Some(p.id) != except).collect())
}

pub async fn possible_duplicates(
    op: &mut ClinicOp<PatientsRead>,
    new: &NewPatient,
) -> Result<Vec<Patient>, sqlx::Error> {
    duplicates_of(op.tx(), new, None).await
}

async fn insert<P: Permission>(op: &mut ClinicOp<P>, new: &NewPatient) -> Result<Patient, PatientsError> {
    let id = PatientId::generate();
    let (by, now) = (op.by(), op.now());
    repo::insert(op.tx(), id, new, by, now).await?;
    record(op.tx(), id).await
}

/// Adds a patient, unless they look like one on file (and `allow_duplicate` is not set).
pub async fn create(
    op: &mut ClinicOp<PatientsWrite>,
    new: &NewPatient,
    allow_duplicate: bool,
) -> Result<Audited<Patient>, PatientsError> {
    if !allow_duplicate {
        let dups = duplicates_of(op.tx(), new, None).await?;
        if !dups.is_empty() {
            return Err(PatientsError::PossibleDuplicate(dups.into_iter().map(|p| p.id).collect()));
        }
    }
    let patient = insert(op, new).await?;
    let entry = op.entry(AuditAction::PatientCreated).entity("patient", patient.id.0).patient(patient.id.0);
    Ok(op.audit(entry, patient).await?)
}

/// Changes an active patient's details; `change` makes the new details from the current ones
/// (or says what is wrong with them).
pub async fn update<E>(
    op: &mut ClinicOp<PatientsWrite>,
    id: PatientId,
    change: impl FnOnce(&Patient) -> Result<NewPatient, E>,
) -> Result<Result<Audited<Patient>, E>, PatientsError> {
    let before = active(op.tx(), id).await?;
    let new = match change(&before) {
        Ok(new) => new,
        Err(problem) => return Ok(Err(problem)),
    };
    let now = op.now();
    repo::update(op.tx(), id, &new, now).await?;
    let patient = record(op.tx(), id).await?;
    let entry = op.entry(AuditAction::PatientUpdated).entity("patient", id.0).patient(id.0);
    Ok(Ok(op.audit(entry, patient).await?))
}

/// Archives (soft-deletes) or restores a patient.
pub async fn set_archived(
    op: &mut ClinicOp<PatientsArchive>,
    id: PatientId,
    archive: bool,
) -> Result<Audited<Patient>, PatientsError> {
    record(op.tx(), id).await?;
    let (by, now) = (op.by(), op.now());
    let changed = repo::set_archived(op.tx(), id, archive, by, now).await? > 0;
    let patient = record(op.tx(), id).await?;
    if !changed {
        return Ok(Audited::unchanged(patient));
    }
    let action = if archive { AuditAction::PatientArchived } else { AuditAction::PatientRestored };
    let entry = op.entry(action).entity("patient", id.0).patient(id.0);
    Ok(op.audit(entry, patient).await?)
}

/// Tags of each patient, and (for those who may see medical details) which have allergies.
pub async fn decorate(
    tx: &mut ClinicTx,
    patients: &[Patient],
    allergy_flags: Option<Permit<MedicalRead>>,
) -> Result<(Vec<(PatientId, Tag)>, Option<Vec<PatientId>>), sqlx::Error> {
    let ids: Vec<uuid::Uuid> = patients.iter().map(|p| p.id.0).collect();
    if ids.is_empty() {
        return Ok((Vec::new(), allergy_flags.map(|_| Vec::new())));
    }
    let tags = repo::tags_of(tx, ids.clone())
        .await?
        .into_iter()
        .map(|t| (t.patient_id, Tag { id: t.id, name: t.name, color: t.color }))
        .collect();
    let flags = match allergy_flags {
        Some(_) => Some(repo::with_allergies(tx, ids).await?),
        None => None,
    };
    Ok((tags, flags))
}

/// The patient an online booking is for.
pub struct Registered {
    pub patient: PatientId,
    /// A new record was made (and audited).
    pub is_new: bool,
    pub recorded: Audited<()>,
}

/// Someone booking online: the patient on file when the first and last name and the phone or
/// email match exactly, otherwise a new record with just what they gave (source `online`). A
/// new record is audited; finding one on file changes nothing.
pub async fn find_or_register_online(
    op: &mut ClinicOp<OnlineBooking>,
    new: &NewPatient,
) -> Result<Registered, PatientsError> {
    let phone = new.phone.as_ref().map(|p| p.digits.as_str()).unwrap_or_default();
    let email = new.email.as_ref().map(|e| e.as_str()).unwrap_or_default();
    if let Some(id) = repo::same_person(op.tx(), &new.first_name, &new.last_name, phone, email).await? {
        return Ok(Registered { patient: id, is_new: false, recorded: Audited::unchanged(()) });
    }
    let patient = insert(op, new).await?;
    let entry = op
        .entry(AuditAction::PatientCreated)
        .entity("patient", patient.id.0)
        .patient(patient.id.0)
        .details(json!({ "source": "online" }));
    let recorded = op.audit(entry, ()).await?;
    Ok(Registered { patient: patient.id, is_new: true, recorded })
}
