//! Single sign-on's SQL: the clinic's settings, sign-ins waiting for the provider's answer, and
//! the identities linked to staff members.

use chrono::{DateTime, Utc};

use super::settings::SsoSettings;
use crate::args;
use crate::db::ClinicTx;
use crate::staff::StaffUserId;

pub(crate) async fn load_settings(tx: &mut ClinicTx) -> Result<Option<SsoSettings>, sqlx::Error> {
    tx.fetch_optional(
        "select enabled, issuer_url, client_id, client_secret_sealed, button_label, updated_at from oidc_settings",
        args![],
    )
    .await
}

/// The settings as stored, the secret already sealed.
pub(super) struct StoredSso<'a> {
    pub enabled: bool,
    pub issuer_url: &'a str,
    pub client_id: &'a str,
    pub client_secret_sealed: &'a str,
    pub button_label: Option<&'a str>,
}

pub(super) async fn save_settings(
    tx: &mut ClinicTx,
    s: &StoredSso<'_>,
    by: Option<StaffUserId>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into oidc_settings (singleton, enabled, issuer_url, client_id, client_secret_sealed, button_label, \
         updated_by, created_at, updated_at) values (true, $1, $2, $3, $4, $5, $6, $7, $7) \
         on conflict (singleton) do update set enabled = excluded.enabled, issuer_url = excluded.issuer_url, \
         client_id = excluded.client_id, client_secret_sealed = excluded.client_secret_sealed, \
         button_label = excluded.button_label, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        args![s.enabled, s.issuer_url, s.client_id, s.client_secret_sealed, s.button_label, by, now],
    )
    .await?;
    Ok(())
}

/// Whether there were settings to forget.
pub(super) async fn forget_settings(tx: &mut ClinicTx) -> Result<bool, sqlx::Error> {
    Ok(tx.execute("delete from oidc_settings", args![]).await? > 0)
}

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
