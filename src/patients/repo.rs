use chrono::{DateTime, Utc};

use super::model::{AllergyId, NewAllergy, NewPatient, PatientId, TagId, search_name};
use crate::args;
use crate::db::Tx;
use crate::sealed::seal;
use crate::staff::StaffUserId;

pub(super) async fn insert(
    tx: &mut Tx,
    id: PatientId,
    p: &NewPatient,
    by: Option<StaffUserId>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into patients (id, first_name, last_name, preferred_name, date_of_birth, sex, pronouns, \
         email, phone, phone_digits, search_name, source, created_by, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
        args![
            id,
            &p.first_name,
            &p.last_name,
            &p.preferred_name,
            p.date_of_birth,
            p.sex,
            &p.pronouns,
            p.email.as_ref().map(|e| e.as_str().to_owned()),
            p.phone.as_ref().map(|ph| ph.display.clone()),
            p.phone.as_ref().map(|ph| ph.digits.clone()),
            search_name(&p.first_name, &p.last_name, p.preferred_name.as_deref()),
            p.source,
            by,
            now,
        ],
    )
    .await
    .map(drop)
}

pub(super) async fn insert_allergy(
    tx: &mut Tx,
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

pub(super) async fn insert_tag(
    tx: &mut Tx,
    id: TagId,
    name: &str,
    key: &str,
    color: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into tags (id, name, name_key, color, created_at, updated_at) values ($1, $2, $3, $4, $5, $5)",
        args![id, name, key, color, now],
    )
    .await
    .map(drop)
}

pub(super) async fn insert_patient_tag(
    tx: &mut Tx,
    patient: PatientId,
    tag: TagId,
    by: Option<StaffUserId>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into patient_tags (patient_id, tag_id, created_by, created_at) values ($1, $2, $3, $4) \
         on conflict do nothing",
        args![patient, tag, by, now],
    )
    .await
    .map(drop)
}
