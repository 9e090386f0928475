//! The clinic's patient tags and which patients carry them.

use chrono::{DateTime, Utc};

use crate::args;
use crate::db::ClinicTx;
use crate::patients::model::{PatientId, Tag, TagId};
use crate::staff::StaffUserId;

pub(in crate::patients) async fn all_tags(tx: &mut ClinicTx) -> Result<Vec<Tag>, sqlx::Error> {
    tx.fetch_all("select id, name, color from tags order by name_key", args![]).await
}

pub(in crate::patients) async fn tag(tx: &mut ClinicTx, id: TagId) -> Result<Option<Tag>, sqlx::Error> {
    tx.fetch_optional("select id, name, color from tags where id = $1", args![id]).await
}

pub(in crate::patients) async fn insert_tag(
    tx: &mut ClinicTx,
    id: TagId,
    name: &str,
    color: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into tags (id, name, name_key, color, created_at, updated_at) values ($1, $2, $3, $4, $5, $5)",
        args![id, name, crate::types::name_key(name), color, now],
    )
    .await
    .map(drop)
}

pub(in crate::patients) async fn update_tag(
    tx: &mut ClinicTx,
    id: TagId,
    name: &str,
    color: &str,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        "update tags set name = $2, name_key = $3, color = $4, updated_at = $5 where id = $1",
        args![id, name, crate::types::name_key(name), color, now],
    )
    .await
}

pub(in crate::patients) async fn delete_tag(tx: &mut ClinicTx, id: TagId) -> Result<u64, sqlx::Error> {
    tx.execute("delete from patient_tags where tag_id = $1", args![id]).await?;
    tx.execute("delete from tags where id = $1", args![id]).await
}

pub(in crate::patients) async fn assign_tag(
    tx: &mut ClinicTx,
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

pub(in crate::patients) async fn unassign_tag(
    tx: &mut ClinicTx,
    patient: PatientId,
    tag: TagId,
) -> Result<u64, sqlx::Error> {
    tx.execute("delete from patient_tags where patient_id = $1 and tag_id = $2", args![patient, tag]).await
}
