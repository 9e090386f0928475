use chrono::{DateTime, Utc};

use super::model::{AllergyId, NewAllergy, NewPatient, PatientId, TagId};
use super::repo;
use crate::db::Tx;
use crate::staff::StaffUserId;
use crate::types::name_key;

pub async fn create(
    tx: &mut Tx,
    new: &NewPatient,
    by: Option<StaffUserId>,
    now: DateTime<Utc>,
) -> Result<PatientId, sqlx::Error> {
    let id = PatientId::generate();
    repo::insert(tx, id, new, by, now).await?;
    Ok(id)
}

pub async fn add_allergy(
    tx: &mut Tx,
    patient: PatientId,
    allergy: &NewAllergy,
    by: Option<StaffUserId>,
    now: DateTime<Utc>,
) -> Result<AllergyId, sqlx::Error> {
    let id = AllergyId::generate();
    repo::insert_allergy(tx, id, patient, allergy, by, now).await?;
    Ok(id)
}

pub async fn create_tag(tx: &mut Tx, name: &str, color: &str, now: DateTime<Utc>) -> Result<TagId, sqlx::Error> {
    let id = TagId::generate();
    repo::insert_tag(tx, id, name.trim(), &name_key(name), color, now).await?;
    Ok(id)
}

pub async fn assign_tag(
    tx: &mut Tx,
    patient: PatientId,
    tag: TagId,
    by: Option<StaffUserId>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    repo::insert_patient_tag(tx, patient, tag, by, now).await
}
