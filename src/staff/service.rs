use chrono::{DateTime, Utc};

use super::model::{NewStaff, StaffError, StaffUser, StaffUserId};
use super::repo;
use crate::db::{DbFailure, Tx, classify};

pub async fn create(tx: &mut Tx, new: NewStaff, now: DateTime<Utc>) -> Result<StaffUser, StaffError> {
    let id = StaffUserId::generate();
    repo::insert(tx, id, &new, now).await.map_err(|e| match classify(&e) {
        DbFailure::Unique(_) => StaffError::EmailTaken,
        _ => StaffError::Db(e),
    })?;
    Ok(repo::by_id(tx, id).await?.ok_or(sqlx::Error::RowNotFound)?)
}

pub async fn find_by_id(tx: &mut Tx, id: StaffUserId) -> Result<Option<StaffUser>, sqlx::Error> {
    repo::by_id(tx, id).await
}

pub async fn find_by_email(tx: &mut Tx, email: &str) -> Result<Option<StaffUser>, sqlx::Error> {
    repo::by_email(tx, email).await
}

pub async fn list(tx: &mut Tx) -> Result<Vec<StaffUser>, sqlx::Error> {
    repo::all(tx).await
}
