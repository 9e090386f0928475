//! Allergies and medical notes: every change is audited, and so is every read.

use serde_json::json;

use super::super::model::{Allergy, AllergyId, MedicalNote, NewAllergy, NoteId, PatientId, PatientsError};
use super::super::repo;
use super::{active, record};
use crate::audit::AuditAction;
use crate::auth::permissions::{MedicalRead, MedicalWrite};
use crate::clinic::{Audited, ClinicOp};
use crate::db::ClinicTx;
use crate::sealed::{Sensitive, unseal};

async fn allergies_of(tx: &mut ClinicTx, patient: PatientId) -> Result<Vec<Allergy>, PatientsError> {
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

async fn allergy(tx: &mut ClinicTx, patient: PatientId, id: AllergyId) -> Result<Allergy, PatientsError> {
    allergies_of(tx, patient).await?.into_iter().find(|a| a.id == id).ok_or(PatientsError::NotFound)
}

/// A patient's allergies; reading them is recorded.
pub async fn allergies(
    op: &mut ClinicOp<MedicalRead>,
    patient: PatientId,
) -> Result<Audited<Vec<Allergy>>, PatientsError> {
    record(op.tx(), patient).await?;
    let list = allergies_of(op.tx(), patient).await?;
    let entry = op.entry(AuditAction::AllergiesViewed).entity("patient", patient.0).patient(patient.0);
    Ok(op.audit(entry, list).await?)
}

pub async fn add_allergy(
    op: &mut ClinicOp<MedicalWrite>,
    patient: PatientId,
    new: &NewAllergy,
) -> Result<Audited<Allergy>, PatientsError> {
    active(op.tx(), patient).await?;
    let id = AllergyId::generate();
    let (by, now) = (op.by(), op.now());
    repo::insert_allergy(op.tx(), id, patient, new, by, now).await?;
    let added = allergy(op.tx(), patient, id).await?;
    let entry = op
        .entry(AuditAction::AllergyAdded)
        .entity("allergy", id.0)
        .patient(patient.0)
        .details(json!({ "severity": new.severity.as_str() }));
    Ok(op.audit(entry, added).await?)
}

pub async fn update_allergy(
    op: &mut ClinicOp<MedicalWrite>,
    patient: PatientId,
    id: AllergyId,
    new: &NewAllergy,
) -> Result<Audited<Allergy>, PatientsError> {
    active(op.tx(), patient).await?;
    let now = op.now();
    if repo::update_allergy(op.tx(), patient, id, new, now).await? == 0 {
        return Err(PatientsError::NotFound);
    }
    let changed = allergy(op.tx(), patient, id).await?;
    let entry = op.entry(AuditAction::AllergyUpdated).entity("allergy", id.0).patient(patient.0);
    Ok(op.audit(entry, changed).await?)
}

/// Marks an allergy removed; the row stays.
pub async fn remove_allergy(
    op: &mut ClinicOp<MedicalWrite>,
    patient: PatientId,
    id: AllergyId,
) -> Result<Audited<()>, PatientsError> {
    active(op.tx(), patient).await?;
    let (by, now) = (op.by(), op.now());
    if repo::remove_allergy(op.tx(), patient, id, by, now).await? == 0 {
        return Err(PatientsError::NotFound);
    }
    let entry = op.entry(AuditAction::AllergyRemoved).entity("allergy", id.0).patient(patient.0);
    Ok(op.audit(entry, ()).await?)
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

/// A patient's medical notes, newest first; reading them is recorded.
pub async fn notes(
    op: &mut ClinicOp<MedicalRead>,
    patient: PatientId,
) -> Result<Audited<Vec<MedicalNote>>, PatientsError> {
    record(op.tx(), patient).await?;
    let list = repo::notes(op.tx(), patient).await?.into_iter().map(note_of).collect::<Result<Vec<_>, _>>()?;
    let entry = op.entry(AuditAction::MedicalNotesViewed).entity("patient", patient.0).patient(patient.0);
    Ok(op.audit(entry, list).await?)
}

pub async fn add_note(
    op: &mut ClinicOp<MedicalWrite>,
    patient: PatientId,
    body: &Sensitive,
) -> Result<Audited<MedicalNote>, PatientsError> {
    active(op.tx(), patient).await?;
    let author = op.by().ok_or(PatientsError::NotAuthor)?;
    let id = NoteId::generate();
    let now = op.now();
    repo::insert_note(op.tx(), id, patient, body, author, now).await?;
    let note = note_of(repo::note(op.tx(), patient, id).await?.ok_or(PatientsError::NotFound)?)?;
    let entry = op.entry(AuditAction::NoteAdded).entity("medical_note", id.0).patient(patient.0);
    Ok(op.audit(entry, note).await?)
}

/// A note may be changed or removed by its author, or by an owner.
async fn own_note(
    op: &mut ClinicOp<MedicalWrite>,
    patient: PatientId,
    id: NoteId,
) -> Result<repo::NoteRow, PatientsError> {
    active(op.tx(), patient).await?;
    let note = repo::note(op.tx(), patient, id).await?.ok_or(PatientsError::NotFound)?;
    if Some(note.author_id) != op.by() && !op.acting().is_owner() {
        return Err(PatientsError::NotAuthor);
    }
    Ok(note)
}

pub async fn update_note(
    op: &mut ClinicOp<MedicalWrite>,
    patient: PatientId,
    id: NoteId,
    body: &Sensitive,
) -> Result<Audited<MedicalNote>, PatientsError> {
    own_note(op, patient, id).await?;
    let now = op.now();
    repo::update_note(op.tx(), id, body, now).await?;
    let note = note_of(repo::note(op.tx(), patient, id).await?.ok_or(PatientsError::NotFound)?)?;
    let entry = op.entry(AuditAction::NoteUpdated).entity("medical_note", id.0).patient(patient.0);
    Ok(op.audit(entry, note).await?)
}

/// Marks a note removed; it is never erased.
pub async fn remove_note(
    op: &mut ClinicOp<MedicalWrite>,
    patient: PatientId,
    id: NoteId,
) -> Result<Audited<()>, PatientsError> {
    own_note(op, patient, id).await?;
    let (by, now) = (op.by().ok_or(PatientsError::NotAuthor)?, op.now());
    repo::remove_note(op.tx(), id, by, now).await?;
    let entry = op.entry(AuditAction::NoteRemoved).entity("medical_note", id.0).patient(patient.0);
    Ok(op.audit(entry, ()).await?)
}
