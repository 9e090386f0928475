use chrono::{DateTime, Utc};

use super::model::{NewStaff, StaffUser, StaffUserId};
use crate::args;
use crate::db::Tx;

macro_rules! select {
    () => {
        "select id, email, display_name, role, credentials, password_hash, must_change_password, \
         active, last_login_at, created_at from staff_users"
    };
}

pub(super) async fn insert(
    tx: &mut Tx,
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

pub(super) async fn by_id(tx: &mut Tx, id: StaffUserId) -> Result<Option<StaffUser>, sqlx::Error> {
    tx.fetch_optional(concat!(select!(), " where id = $1"), args![id]).await
}

pub(super) async fn by_email(tx: &mut Tx, email: &str) -> Result<Option<StaffUser>, sqlx::Error> {
    tx.fetch_optional(concat!(select!(), " where email = $1"), args![email]).await
}

pub(super) async fn all(tx: &mut Tx) -> Result<Vec<StaffUser>, sqlx::Error> {
    tx.fetch_all(concat!(select!(), " order by display_name"), args![]).await
}
