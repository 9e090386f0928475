use chrono::{DateTime, Utc};

use super::model::{NewStaff, StaffPatch, StaffUser, StaffUserId};
use crate::args;
use crate::auth::Role;
use crate::db::ClinicTx;

macro_rules! select {
    () => {
        "select id, email, display_name, role, credentials, password_hash, must_change_password, \
         active, last_login_at, created_at from staff_users"
    };
}

pub(super) async fn insert(
    tx: &mut ClinicTx,
    id: StaffUserId,
    new: &NewStaff,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into staff_users (id, email, display_name, role, credentials, password_hash, \
         must_change_password, active, password_changed_at, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, true, $8, $8, $8)",
        args![
            id,
            &new.email,
            &new.display_name,
            new.role,
            &new.credentials,
            &new.password_hash,
            new.must_change_password,
            now
        ],
    )
    .await
    .map(drop)
}

pub(super) async fn by_id(tx: &mut ClinicTx, id: StaffUserId) -> Result<Option<StaffUser>, sqlx::Error> {
    tx.fetch_optional(concat!(select!(), " where id = $1"), args![id]).await
}

pub(super) async fn by_email(tx: &mut ClinicTx, email: &str) -> Result<Option<StaffUser>, sqlx::Error> {
    tx.fetch_optional(concat!(select!(), " where email = $1"), args![email]).await
}

pub(super) async fn all(tx: &mut ClinicTx) -> Result<Vec<StaffUser>, sqlx::Error> {
    tx.fetch_all(concat!(select!(), " order by active desc, display_name"), args![]).await
}

pub(super) async fn active_owners(tx: &mut ClinicTx) -> Result<i64, sqlx::Error> {
    tx.fetch_scalar("select count(*) from staff_users where role = $1 and active = true", args![Role::Owner]).await
}

pub(super) async fn apply_patch(
    tx: &mut ClinicTx,
    id: StaffUserId,
    patch: &StaffPatch,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let clear_credentials = matches!(patch.credentials, Some(None));
    let credentials = patch.credentials.clone().flatten();
    tx.execute(
        "update staff_users set display_name = coalesce($2, display_name), role = coalesce($3, role), \
         credentials = case when $4 then null else coalesce($5, credentials) end, updated_at = $6 where id = $1",
        args![id, &patch.display_name, patch.role, clear_credentials, credentials, now],
    )
    .await
    .map(drop)
}

pub(super) async fn set_active(
    tx: &mut ClinicTx,
    id: StaffUserId,
    active: bool,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let deactivated_at = (!active).then_some(now);
    tx.execute(
        "update staff_users set active = $2, deactivated_at = $3, updated_at = $4 where id = $1",
        args![id, active, deactivated_at, now],
    )
    .await
    .map(drop)
}

pub(super) async fn set_password(
    tx: &mut ClinicTx,
    id: StaffUserId,
    hash: &str,
    must_change: bool,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "update staff_users set password_hash = $2, must_change_password = $3, password_changed_at = $4, \
         updated_at = $4 where id = $1",
        args![id, hash, must_change, now],
    )
    .await
    .map(drop)
}

pub(super) async fn set_last_login(tx: &mut ClinicTx, id: StaffUserId, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    tx.execute("update staff_users set last_login_at = $2 where id = $1", args![id, now]).await.map(drop)
}
