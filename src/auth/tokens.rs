//! API tokens for a clinic's own integrations. The raw token is shown once, when created; only
//! its hash is kept. Each token carries a role and is checked by the same policy as people.

use chrono::{DateTime, Duration, Utc};

use serde_json::json;

use super::Role;
use super::permissions::StaffWrite;
use super::secrets::{random_token, token_hash};
use crate::args;
use crate::audit::AuditAction;
use crate::clinic::{Audited, ClinicOp};
use crate::db::ClinicTx;
use crate::staff::StaffUserId;

pub const PREFIX: &str = "ctr_";
const TOUCH_EVERY: Duration = Duration::seconds(60);

crate::id_type!(
    /// An API token's id.
    ApiTokenId
);

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiToken {
    pub id: ApiTokenId,
    pub name: String,
    pub token_prefix: String,
    pub role: Role,
    pub created_by: StaffUserId,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ApiToken {
    pub fn usable(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|at| now < at)
    }
}

macro_rules! select {
    () => {
        "select id, name, token_prefix, role, created_by, created_at, expires_at, last_used_at, revoked_at \
         from api_tokens"
    };
}

/// Creates a token; returns it with its raw secret (the only time the secret exists).
pub async fn create(
    tx: &mut ClinicTx,
    name: &str,
    role: Role,
    expires_at: Option<DateTime<Utc>>,
    by: StaffUserId,
    now: DateTime<Utc>,
) -> Result<(ApiToken, String), sqlx::Error> {
    let id = ApiTokenId::generate();
    let secret = format!("{PREFIX}{}", random_token());
    let prefix: String = secret.chars().take(PREFIX.len() + 6).collect();
    tx.execute(
        "insert into api_tokens (id, name, token_prefix, token_hash, role, created_by, created_at, updated_at, \
         expires_at) values ($1, $2, $3, $4, $5, $6, $7, $7, $8)",
        args![id, name, &prefix, token_hash(&secret), role, by, now, expires_at],
    )
    .await?;
    let token = find(tx, id).await?.ok_or(sqlx::Error::RowNotFound)?;
    Ok((token, secret))
}

pub async fn find(tx: &mut ClinicTx, id: ApiTokenId) -> Result<Option<ApiToken>, sqlx::Error> {
    tx.fetch_optional(concat!(select!(), " where id = $1"), args![id]).await
}

pub async fn list(tx: &mut ClinicTx) -> Result<Vec<ApiToken>, sqlx::Error> {
    tx.fetch_all(concat!(select!(), " order by created_at desc"), args![]).await
}

/// The usable token for a raw bearer secret. A token acts on behalf of the owner who made it,
/// so it works only while that person is an active owner: deactivating or demoting them stops
/// their tokens at once.
pub async fn find_usable(tx: &mut ClinicTx, secret: &str, now: DateTime<Utc>) -> Result<Option<ApiToken>, sqlx::Error> {
    if !secret.starts_with(PREFIX) || secret.len() > 100 {
        return Ok(None);
    }
    let token: Option<ApiToken> = tx
        .fetch_optional(
            "select t.id, t.name, t.token_prefix, t.role, t.created_by, t.created_at, t.expires_at, t.last_used_at, \
             t.revoked_at from api_tokens t join staff_users u on u.id = t.created_by \
             where t.token_hash = $1 and u.active = true and u.role = 'owner'",
            args![token_hash(secret)],
        )
        .await?;
    Ok(token.filter(|t| t.usable(now)))
}

pub fn needs_touch(token: &ApiToken, now: DateTime<Utc>) -> bool {
    token.last_used_at.is_none_or(|at| now - at >= TOUCH_EVERY)
}

pub async fn touch(tx: &mut ClinicTx, id: ApiTokenId, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    tx.execute("update api_tokens set last_used_at = $2 where id = $1", args![id, now]).await.map(drop)
}

/// An owner issues a token; the secret exists only in the answer.
pub async fn issue(
    op: &mut ClinicOp<StaffWrite>,
    name: &str,
    role: Role,
    expires_at: Option<DateTime<Utc>>,
) -> Result<Audited<(ApiToken, String)>, sqlx::Error> {
    let by = op.by().ok_or(sqlx::Error::RowNotFound)?;
    let now = op.now();
    let (token, secret) = create(op.tx(), name, role, expires_at, by, now).await?;
    let entry = op
        .entry(AuditAction::TokenCreated)
        .entity("api_token", token.id.0)
        .details(json!({ "role": token.role.as_str() }));
    op.audit(entry, (token, secret)).await
}

/// Revokes a token at once; `None` when there is no such token. Revoking a revoked one changes
/// nothing.
pub async fn revoke(op: &mut ClinicOp<StaffWrite>, id: ApiTokenId) -> Result<Option<Audited<()>>, sqlx::Error> {
    if find(op.tx(), id).await?.is_none() {
        return Ok(None);
    }
    let (by, now) = (op.by(), op.now());
    let changed = op
        .tx()
        .execute(
            "update api_tokens set revoked_at = $2, revoked_by = $3, updated_at = $2 where id = $1 and revoked_at is null",
            args![id, now, by],
        )
        .await?;
    if changed == 0 {
        return Ok(Some(Audited::unchanged(())));
    }
    let entry = op.entry(AuditAction::TokenRevoked).entity("api_token", id.0);
    Ok(Some(op.audit(entry, ()).await?))
}
