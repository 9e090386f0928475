use chrono::{DateTime, Utc};

use super::model::{NewStaff, StaffError, StaffPatch, StaffUser, StaffUserId};
use super::repo;
use crate::auth::Role;
use crate::db::{ClinicTx, DbFailure, classify};

const OWNERS_LOCK: &str = "staff:owners";

pub async fn create(tx: &mut ClinicTx, new: NewStaff, now: DateTime<Utc>) -> Result<StaffUser, StaffError> {
    let id = StaffUserId::generate();
    repo::insert(tx, id, &new, now).await.map_err(|e| match classify(&e) {
        DbFailure::Unique(_) => StaffError::EmailTaken,
        _ => StaffError::Db(e),
    })?;
    repo::by_id(tx, id).await?.ok_or(StaffError::NotFound)
}

pub async fn find_by_id(tx: &mut ClinicTx, id: StaffUserId) -> Result<Option<StaffUser>, sqlx::Error> {
    repo::by_id(tx, id).await
}

pub async fn find_by_email(tx: &mut ClinicTx, email: &str) -> Result<Option<StaffUser>, sqlx::Error> {
    repo::by_email(tx, email).await
}

pub async fn list(tx: &mut ClinicTx) -> Result<Vec<StaffUser>, sqlx::Error> {
    repo::all(tx).await
}

/// Would this change leave the clinic without an active owner?
async fn guard_last_owner(tx: &mut ClinicTx, user: &StaffUser, stays_owner: bool) -> Result<(), StaffError> {
    if user.role == Role::Owner && user.active && !stays_owner {
        tx.lock(OWNERS_LOCK).await?;
        if repo::active_owners(tx).await? <= 1 {
            return Err(StaffError::LastOwner);
        }
    }
    Ok(())
}

/// Changes name, role or credentials; returns the member before and after.
pub async fn update(
    tx: &mut ClinicTx,
    id: StaffUserId,
    patch: &StaffPatch,
    now: DateTime<Utc>,
) -> Result<(StaffUser, StaffUser), StaffError> {
    let before = repo::by_id(tx, id).await?.ok_or(StaffError::NotFound)?;
    if let Some(role) = patch.role {
        guard_last_owner(tx, &before, role == Role::Owner).await?;
    }
    repo::apply_patch(tx, id, patch, now).await?;
    let after = repo::by_id(tx, id).await?.ok_or(StaffError::NotFound)?;
    Ok((before, after))
}

/// Deactivates or reactivates; the caller ends sessions on deactivation.
pub async fn set_active(
    tx: &mut ClinicTx,
    id: StaffUserId,
    active: bool,
    now: DateTime<Utc>,
) -> Result<StaffUser, StaffError> {
    let before = repo::by_id(tx, id).await?.ok_or(StaffError::NotFound)?;
    if !active {
        guard_last_owner(tx, &before, false).await?;
    }
    repo::set_active(tx, id, active, now).await?;
    repo::by_id(tx, id).await?.ok_or(StaffError::NotFound)
}

pub async fn set_password(
    tx: &mut ClinicTx,
    id: StaffUserId,
    hash: &str,
    must_change: bool,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    repo::set_password(tx, id, hash, must_change, now).await
}
