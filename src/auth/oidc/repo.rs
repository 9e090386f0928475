//! Single sign-on's SQL: sign-ins waiting for the provider's answer, and the identities linked
//! to staff members.

use chrono::{DateTime, Utc};

use crate::args;
use crate::db::ClinicTx;
use crate::staff::StaffUserId;

/// A sign-in sent to the provider and not yet back.
pub(super) struct NewPending<'a> {
    pub state_hash: &'a str,
    pub nonce: &'a str,
    pub pkce_verifier: &'a str,
    pub return_to: &'a str,
    pub expires_at: DateTime<Utc>,
}

pub(super) async fn insert_pending(
    tx: &mut ClinicTx,
    p: &NewPending<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute("delete from oidc_pending_logins where expires_at <= $1", args![now]).await?;
    tx.execute(
        "insert into oidc_pending_logins (state_hash, nonce, pkce_verifier, return_to, created_at, expires_at) \
         values ($1, $2, $3, $4, $5, $6)",
        args![p.state_hash, p.nonce, p.pkce_verifier, p.return_to, now, p.expires_at],
    )
    .await
    .map(drop)
}

#[derive(sqlx::FromRow)]
pub(super) struct PendingRow {
    pub nonce: String,
    pub pkce_verifier: String,
    pub return_to: Option<String>,
    pub expires_at: DateTime<Utc>,
}

/// Claims and removes a pending sign-in in one statement: of two callbacks racing with one
/// state, one wins.
pub(super) async fn take_pending(tx: &mut ClinicTx, state_hash: &str) -> Result<Option<PendingRow>, sqlx::Error> {
    tx.fetch_optional(
        "delete from oidc_pending_logins where state_hash = $1 returning nonce, pkce_verifier, return_to, expires_at",
        args![state_hash],
    )
    .await
}

#[derive(sqlx::FromRow)]
pub(super) struct Identity {
    pub id: uuid::Uuid,
    pub user_id: StaffUserId,
}

pub(super) async fn identity(tx: &mut ClinicTx, issuer: &str, subject: &str) -> Result<Option<Identity>, sqlx::Error> {
    tx.fetch_optional(
        "select id, user_id from oidc_identities where issuer = $1 and subject = $2",
        args![issuer, subject],
    )
    .await
}

pub(super) async fn touch_identity(tx: &mut ClinicTx, id: uuid::Uuid, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    tx.execute("update oidc_identities set last_login_at = $2 where id = $1", args![id, now]).await.map(drop)
}

/// Whether the staff member already has an identity with this provider.
pub(super) async fn linked_with(tx: &mut ClinicTx, user: StaffUserId, issuer: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = tx
        .fetch_scalar("select count(*) from oidc_identities where user_id = $1 and issuer = $2", args![user, issuer])
        .await?;
    Ok(n > 0)
}

pub(super) async fn link(
    tx: &mut ClinicTx,
    user: StaffUserId,
    issuer: &str,
    subject: &str,
    email: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into oidc_identities (id, user_id, issuer, subject, email_at_link, created_at, last_login_at) \
         values ($1, $2, $3, $4, $5, $6, $6)",
        args![uuid::Uuid::now_v7(), user, issuer, subject, email, now],
    )
    .await
    .map(drop)
}
