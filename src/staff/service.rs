//! Staff verbs for owners (add, change, deactivate, reset a password), each audited, and the
//! lookups authentication and other domains build on.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::model::{NewStaff, StaffError, StaffPatch, StaffUser, StaffUserId};
use super::repo;
use crate::audit::AuditAction;
use crate::auth::Role;
use crate::auth::permissions::{StaffRead, StaffWrite};
use crate::auth::sessions::{self, EndReason};
use crate::clinic::{Audited, ClinicOp};
use crate::db::{ClinicTx, DbFailure, classify};

const OWNERS_LOCK: &str = "staff:owners";

/// Adds someone to the staff (the clinic's first owner is added this way by provisioning).
pub async fn insert(tx: &mut ClinicTx, new: NewStaff, now: DateTime<Utc>) -> Result<StaffUser, StaffError> {
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

/// Notes a sign-in on the staff record.
pub async fn record_sign_in(tx: &mut ClinicTx, id: StaffUserId, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    repo::set_last_login(tx, id, now).await
}

/// Sets a password (the person's own choice, or an owner's temporary one when `must_change`).
pub async fn set_password(
    tx: &mut ClinicTx,
    id: StaffUserId,
    hash: &str,
    must_change: bool,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    repo::set_password(tx, id, hash, must_change, now).await
}

pub async fn list(op: &mut ClinicOp<StaffRead>) -> Result<Vec<StaffUser>, sqlx::Error> {
    repo::all(op.tx()).await
}

pub async fn get(op: &mut ClinicOp<StaffRead>, id: StaffUserId) -> Result<StaffUser, StaffError> {
    repo::by_id(op.tx(), id).await?.ok_or(StaffError::NotFound)
}

/// An owner adds a staff member.
pub async fn create(op: &mut ClinicOp<StaffWrite>, new: NewStaff) -> Result<Audited<StaffUser>, StaffError> {
    let now = op.now();
    let user = insert(op.tx(), new, now).await?;
    let entry = op
        .entry(AuditAction::StaffCreated)
        .entity("staff_user", user.id.0)
        .details(json!({ "role": user.role.as_str() }));
    Ok(op.audit(entry, user).await?)
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

/// Changes name, role or credentials.
pub async fn update(
    op: &mut ClinicOp<StaffWrite>,
    id: StaffUserId,
    patch: &StaffPatch,
) -> Result<Audited<StaffUser>, StaffError> {
    let before = repo::by_id(op.tx(), id).await?.ok_or(StaffError::NotFound)?;
    if let Some(role) = patch.role {
        guard_last_owner(op.tx(), &before, role == Role::Owner).await?;
    }
    let now = op.now();
    repo::apply_patch(op.tx(), id, patch, now).await?;
    let after = repo::by_id(op.tx(), id).await?.ok_or(StaffError::NotFound)?;
    let entry = if before.role == after.role {
        op.entry(AuditAction::StaffUpdated).entity("staff_user", after.id.0)
    } else {
        op.entry(AuditAction::StaffRoleChanged)
            .entity("staff_user", after.id.0)
            .details(json!({ "from": before.role.as_str(), "to": after.role.as_str() }))
    };
    Ok(op.audit(entry, after).await?)
}

/// Deactivates (their sessions end at once) or reactivates someone.
pub async fn set_active(
    op: &mut ClinicOp<StaffWrite>,
    id: StaffUserId,
    active: bool,
) -> Result<Audited<StaffUser>, StaffError> {
    let now = op.now();
    let before = repo::by_id(op.tx(), id).await?.ok_or(StaffError::NotFound)?;
    if !active {
        guard_last_owner(op.tx(), &before, false).await?;
    }
    repo::set_active(op.tx(), id, active, now).await?;
    if !active {
        sessions::end_for_user(op.tx(), id, EndReason::Deactivated, now).await?;
    }
    let user = repo::by_id(op.tx(), id).await?.ok_or(StaffError::NotFound)?;
    let action = if active { AuditAction::StaffReactivated } else { AuditAction::StaffDeactivated };
    let entry = op.entry(action).entity("staff_user", user.id.0);
    Ok(op.audit(entry, user).await?)
}

/// Gives someone a temporary password they must change at next sign-in; their sessions end.
pub async fn reset_password(
    op: &mut ClinicOp<StaffWrite>,
    id: StaffUserId,
    hash: &str,
) -> Result<Audited<StaffUser>, StaffError> {
    let now = op.now();
    repo::by_id(op.tx(), id).await?.ok_or(StaffError::NotFound)?;
    repo::set_password(op.tx(), id, hash, true, now).await?;
    sessions::end_for_user(op.tx(), id, EndReason::PasswordChanged, now).await?;
    let user = repo::by_id(op.tx(), id).await?.ok_or(StaffError::NotFound)?;
    let entry = op.entry(AuditAction::StaffPasswordReset).entity("staff_user", user.id.0);
    Ok(op.audit(entry, user).await?)
}
