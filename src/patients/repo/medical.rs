//! A patient's allergies and staff notes.

use chrono::{DateTime, Utc};

use crate::args;
use crate::db::ClinicTx;
use crate::patients::model::{AllergyId, NewAllergy, NoteId, PatientId};
use crate::sealed::{Sensitive, seal};
use crate::staff::StaffUserId;

#[derive(sqlx::FromRow)]
pub(in crate::patients) struct AllergyRow {
    pub id: AllergyId,
    pub patient_id: PatientId,
    pub substance_sealed: String,
    pub reaction_sealed: Option<String>,
    pub severity: crate::patients::Severity,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(in crate::patients) async fn allergies(
    tx: &mut ClinicTx,
    patient: PatientId,
) -> Result<Vec<AllergyRow>, sqlx::Error> {
    tx.fetch_all(
        "select id, patient_id, substance_sealed, reaction_sealed, severity, created_at, updated_at \
         from patient_allergies where patient_id = $1 and deleted_at is null order by created_at",
        args![patient],
    )
    .await
}

pub(in crate::patients) async fn insert_allergy(
    tx: &mut ClinicTx,
    id: AllergyId,
    patient: PatientId,
    a: &NewAllergy,
    by: Option<StaffUserId>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into patient_allergies (id, patient_id, substance_sealed, reaction_sealed, severity, created_by, \
         created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $7)",
        args![id, patient, seal(&a.substance), a.reaction.as_ref().map(seal), a.severity, by, now],
    )
    .await
    .map(drop)
}

pub(in crate::patients) async fn update_allergy(
    tx: &mut ClinicTx,
    patient: PatientId,
    id: AllergyId,
    a: &NewAllergy,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        "update patient_allergies set substance_sealed = $3, reaction_sealed = $4, severity = $5, updated_at = $6 \
         where id = $1 and patient_id = $2 and deleted_at is null",
        args![id, patient, seal(&a.substance), a.reaction.as_ref().map(seal), a.severity, now],
    )
    .await
}

pub(in crate::patients) async fn remove_allergy(
    tx: &mut ClinicTx,
    patient: PatientId,
    id: AllergyId,
    by: Option<StaffUserId>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        "update patient_allergies set deleted_at = $3, deleted_by = $4, updated_at = $3 \
         where id = $1 and patient_id = $2 and deleted_at is null",
        args![id, patient, now, by],
    )
    .await
}

#[derive(sqlx::FromRow)]
pub(in crate::patients) struct NoteRow {
    pub id: NoteId,
    pub patient_id: PatientId,
    pub body_sealed: String,
    pub author_id: StaffUserId,
    pub author_name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(in crate::patients) async fn notes(tx: &mut ClinicTx, patient: PatientId) -> Result<Vec<NoteRow>, sqlx::Error> {
    tx.fetch_all(
        "select n.id, n.patient_id, n.body_sealed, n.author_id, s.display_name as author_name, n.created_at, \
         n.updated_at from patient_medical_notes n join staff_users s on s.id = n.author_id \
         where n.patient_id = $1 and n.deleted_at is null order by n.created_at desc",
        args![patient],
    )
    .await
}

pub(in crate::patients) async fn note(
    tx: &mut ClinicTx,
    patient: PatientId,
    id: NoteId,
) -> Result<Option<NoteRow>, sqlx::Error> {
    tx.fetch_optional(
        "select n.id, n.patient_id, n.body_sealed, n.author_id, s.display_name as author_name, n.created_at, \
         n.updated_at from patient_medical_notes n join staff_users s on s.id = n.author_id \
         where n.id = $1 and n.patient_id = $2 and n.deleted_at is null",
        args![id, patient],
    )
    .await
}

pub(in crate::patients) async fn insert_note(
    tx: &mut ClinicTx,
    id: NoteId,
    patient: PatientId,
    body: &Sensitive,
    author: StaffUserId,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into patient_medical_notes (id, patient_id, body_sealed, author_id, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $5)",
        args![id, patient, seal(body), author, now],
    )
    .await
    .map(drop)
}

pub(in crate::patients) async fn update_note(
    tx: &mut ClinicTx,
    id: NoteId,
    body: &Sensitive,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "update patient_medical_notes set body_sealed = $2, updated_at = $3 where id = $1",
        args![id, seal(body), now],
    )
    .await
    .map(drop)
}

pub(in crate::patients) async fn remove_note(
    tx: &mut ClinicTx,
    id: NoteId,
    by: StaffUserId,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "update patient_medical_notes set deleted_at = $2, deleted_by = $3, updated_at = $2 where id = $1",
        args![id, now, by],
    )
    .await
    .map(drop)
}
