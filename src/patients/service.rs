use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};

use super::model::{
    Allergy, AllergyId, MedicalNote, NewAllergy, NewPatient, NoteId, Patient, PatientId, PatientsError, Tag, TagId,
};
use super::repo::{self, Filter};
use super::search::{self, Query};
use crate::db::{ClinicTx, DbFailure, classify};
use crate::sealed::{Sensitive, unseal};
use crate::staff::StaffUserId;

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
    tx: &mut ClinicTx,
    typed: &str,
    filter: Filter,
    cursor: Option<&str>,
    limit: i64,
) -> Result<Result<Page, BadCursor>, sqlx::Error> {
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

pub async fn get(tx: &mut ClinicTx, id: PatientId) -> Result<Patient, PatientsError> {
    repo::by_id(tx, id).await?.ok_or(PatientsError::NotFound)
}

/// An active patient (not archived), for changes.
async fn active(tx: &mut ClinicTx, id: PatientId) -> Result<Patient, PatientsError> {
    let patient = get(tx, id).await?;
    if patient.deleted_at.is_some() {
        return Err(PatientsError::Archived);
    }
    Ok(patient)
}

/// Existing patients this one may duplicate: same phone, same email, or same name and birth date.
pub async fn possible_duplicates(
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

pub async fn create(
    tx: &mut ClinicTx,
    new: &NewPatient,
    allow_duplicate: bool,
    by: Option<StaffUserId>,
    now: DateTime<Utc>,
) -> Result<Patient, PatientsError> {
    if !allow_duplicate {
        let dups = possible_duplicates(tx, new, None).await?;
        if !dups.is_empty() {
            return Err(PatientsError::PossibleDuplicate(dups.into_iter().map(|p| p.id).collect()));
        }
    }
    let id = PatientId::generate();
    repo::insert(tx, id, new, by, now).await?;
    get(tx, id).await
}

pub async fn update(
    tx: &mut ClinicTx,
    id: PatientId,
    new: &NewPatient,
    now: DateTime<Utc>,
) -> Result<Patient, PatientsError> {
    active(tx, id).await?;
    repo::update(tx, id, new, now).await?;
    get(tx, id).await
}

/// Archives (soft-deletes) or restores a patient; returns whether anything changed.
pub async fn set_archived(
    tx: &mut ClinicTx,
    id: PatientId,
    archive: bool,
    by: StaffUserId,
    now: DateTime<Utc>,
) -> Result<(Patient, bool), PatientsError> {
    get(tx, id).await?;
    let changed = repo::set_archived(tx, id, archive.then_some(by), now).await? > 0;
    Ok((get(tx, id).await?, changed))
}

/// Tags of each patient, and (when asked) which have allergies on record.
pub async fn decorate(
    tx: &mut ClinicTx,
    patients: &[Patient],
    with_allergy_flags: bool,
) -> Result<(Vec<(PatientId, Tag)>, Option<Vec<PatientId>>), sqlx::Error> {
    let ids: Vec<uuid::Uuid> = patients.iter().map(|p| p.id.0).collect();
    if ids.is_empty() {
        return Ok((Vec::new(), with_allergy_flags.then(Vec::new)));
    }
    let tags = repo::tags_of(tx, ids.clone())
        .await?
        .into_iter()
        .map(|t| (t.patient_id, Tag { id: t.id, name: t.name, color: t.color }))
        .collect();
    let flags = if with_allergy_flags { Some(repo::with_allergies(tx, ids).await?) } else { None };
    Ok((tags, flags))
}

pub async fn allergies(tx: &mut ClinicTx, patient: PatientId) -> Result<Vec<Allergy>, PatientsError> {
    get(tx, patient).await?;
    repo::allergies(tx, patient)
        .await?
        .into_iter()
        .map(|r| {
            Ok(Allergy {
                id: r.id,
                patient_id: r.patient_id,
                substance: unseal(&r.substance_sealed)?,
                reaction: r.reaction_sealed.as_deref().map(unseal).transpose()?,
                severity: r.severity,
                created_at: r.created_at,
                updated_at: r.updated_at,
            })
        })
        .collect()
}

pub async fn add_allergy(
    tx: &mut ClinicTx,
    patient: PatientId,
    allergy: &NewAllergy,
    by: Option<StaffUserId>,
    now: DateTime<Utc>,
) -> Result<AllergyId, PatientsError> {
    active(tx, patient).await?;
    let id = AllergyId::generate();
    repo::insert_allergy(tx, id, patient, allergy, by, now).await?;
    Ok(id)
}

pub async fn update_allergy(
    tx: &mut ClinicTx,
    patient: PatientId,
    id: AllergyId,
    allergy: &NewAllergy,
    now: DateTime<Utc>,
) -> Result<(), PatientsError> {
    active(tx, patient).await?;
    if repo::update_allergy(tx, patient, id, allergy, now).await? == 0 {
        return Err(PatientsError::NotFound);
    }
    Ok(())
}

pub async fn remove_allergy(
    tx: &mut ClinicTx,
    patient: PatientId,
    id: AllergyId,
    by: StaffUserId,
    now: DateTime<Utc>,
) -> Result<(), PatientsError> {
    active(tx, patient).await?;
    if repo::remove_allergy(tx, patient, id, by, now).await? == 0 {
        return Err(PatientsError::NotFound);
    }
    Ok(())
}

fn note_of(r: repo::NoteRow) -> Result<MedicalNote, PatientsError> {
    Ok(MedicalNote {
        id: r.id,
        patient_id: r.patient_id,
        body: unseal(&r.body_sealed)?,
        author_id: r.author_id,
        author_name: r.author_name,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

pub async fn notes(tx: &mut ClinicTx, patient: PatientId) -> Result<Vec<MedicalNote>, PatientsError> {
    get(tx, patient).await?;
    repo::notes(tx, patient).await?.into_iter().map(note_of).collect()
}

pub async fn add_note(
    tx: &mut ClinicTx,
    patient: PatientId,
    body: &Sensitive,
    author: StaffUserId,
    now: DateTime<Utc>,
) -> Result<MedicalNote, PatientsError> {
    active(tx, patient).await?;
    let id = NoteId::generate();
    repo::insert_note(tx, id, patient, body, author, now).await?;
    note_of(repo::note(tx, patient, id).await?.ok_or(PatientsError::NotFound)?)
}

/// Changes a note; only its author may (or anyone when `any_author`, for owners).
pub async fn update_note(
    tx: &mut ClinicTx,
    patient: PatientId,
    id: NoteId,
    body: &Sensitive,
    by: StaffUserId,
    any_author: bool,
    now: DateTime<Utc>,
) -> Result<MedicalNote, PatientsError> {
    active(tx, patient).await?;
    let note = repo::note(tx, patient, id).await?.ok_or(PatientsError::NotFound)?;
    if note.author_id != by && !any_author {
        return Err(PatientsError::NotAuthor);
    }
    repo::update_note(tx, id, body, now).await?;
    note_of(repo::note(tx, patient, id).await?.ok_or(PatientsError::NotFound)?)
}

pub async fn remove_note(
    tx: &mut ClinicTx,
    patient: PatientId,
    id: NoteId,
    by: StaffUserId,
    any_author: bool,
    now: DateTime<Utc>,
) -> Result<(), PatientsError> {
    active(tx, patient).await?;
    let note = repo::note(tx, patient, id).await?.ok_or(PatientsError::NotFound)?;
    if note.author_id != by && !any_author {
        return Err(PatientsError::NotAuthor);
    }
    repo::remove_note(tx, id, by, now).await?;
    Ok(())
}

pub async fn tags(tx: &mut ClinicTx) -> Result<Vec<Tag>, sqlx::Error> {
    repo::all_tags(tx).await
}

fn tag_taken(e: sqlx::Error) -> PatientsError {
    match classify(&e) {
        DbFailure::Unique(_) => PatientsError::TagNameTaken,
        _ => PatientsError::Db(e),
    }
}

pub async fn create_tag(tx: &mut ClinicTx, name: &str, color: &str, now: DateTime<Utc>) -> Result<Tag, PatientsError> {
    let id = TagId::generate();
    repo::insert_tag(tx, id, name, color, now).await.map_err(tag_taken)?;
    repo::tag(tx, id).await?.ok_or(PatientsError::NotFound)
}

pub async fn update_tag(
    tx: &mut ClinicTx,
    id: TagId,
    name: &str,
    color: &str,
    now: DateTime<Utc>,
) -> Result<Tag, PatientsError> {
    if repo::update_tag(tx, id, name, color, now).await.map_err(tag_taken)? == 0 {
        return Err(PatientsError::NotFound);
    }
    repo::tag(tx, id).await?.ok_or(PatientsError::NotFound)
}

pub async fn delete_tag(tx: &mut ClinicTx, id: TagId) -> Result<(), PatientsError> {
    if repo::delete_tag(tx, id).await? == 0 {
        return Err(PatientsError::NotFound);
    }
    Ok(())
}

pub async fn assign_tag(
    tx: &mut ClinicTx,
    patient: PatientId,
    tag: TagId,
    by: Option<StaffUserId>,
    now: DateTime<Utc>,
) -> Result<(), PatientsError> {
    active(tx, patient).await?;
    repo::tag(tx, tag).await?.ok_or(PatientsError::NotFound)?;
    repo::assign_tag(tx, patient, tag, by, now).await?;
    Ok(())
}

pub async fn unassign_tag(tx: &mut ClinicTx, patient: PatientId, tag: TagId) -> Result<(), PatientsError> {
    active(tx, patient).await?;
    repo::tag(tx, tag).await?.ok_or(PatientsError::NotFound)?;
    repo::unassign_tag(tx, patient, tag).await?;
    Ok(())
}
