//! Owners manage the clinic's API tokens: create (the secret is shown once), list, revoke.

use chrono::{DateTime, Utc};
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::permissions::{StaffRead, StaffWrite};
use super::tokens::{self, ApiToken, ApiTokenId};
use super::{Role, Staff};
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, FieldProblem};
use crate::staff::StaffUserId;

pub struct ApiTokensApi;

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct ApiTokenOut {
    pub id: ApiTokenId,
    pub name: String,
    /// The first characters of the secret, to tell tokens apart.
    pub prefix: String,
    pub role: Role,
    pub created_by: StaffUserId,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiToken> for ApiTokenOut {
    fn from(t: ApiToken) -> Self {
        Self {
            id: t.id,
            name: t.name,
            prefix: t.token_prefix,
            role: t.role,
            created_by: t.created_by,
            created_at: t.created_at,
            expires_at: t.expires_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct ApiTokenIn {
    pub name: String,
    /// What the token may do, by the same policy as people.
    pub role: Role,
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct ApiTokenCreated {
    pub token: ApiTokenOut,
    /// The secret, shown this once: send it as `Authorization: Bearer <secret>`.
    pub secret: String,
}

#[derive(ApiResponse)]
pub enum Created {
    #[oai(status = 201)]
    Created(Json<ApiTokenCreated>),
}

#[derive(ApiResponse)]
pub enum Revoked {
    /// Revoked (or already revoked).
    #[oai(status = 204)]
    Done,
}

#[OpenApi(tag = "ApiTags::ApiTokens")]
impl ApiTokensApi {
    /// List API tokens
    ///
    /// Revoked ones included, newest first; never the secrets. Needs `staff:read`.
    #[oai(path = "/api-tokens", method = "get", operation_id = "api_tokens.list")]
    async fn list(&self, auth: Staff<StaffRead>) -> ApiResult<Json<Vec<ApiTokenOut>>> {
        let mut op = auth.begin_read().await?;
        Ok(Json(tokens::list(op.tx()).await?.into_iter().map(Into::into).collect()))
    }

    /// Create an API token
    ///
    /// Returns the secret once; only its hash is kept. The token's role may hold only
    /// permissions its creator holds (otherwise `validation_failed` on `role`, code `not_held`),
    /// so an owner can't make a medical director's token. Whatever its role, a token never signs
    /// or returns a chart or signs an addendum. Needs `staff:write`.
    #[oai(path = "/api-tokens", method = "post", operation_id = "api_tokens.create")]
    async fn create(&self, auth: Staff<StaffWrite>, body: Json<ApiTokenIn>) -> ApiResult<Created> {
        let ctx = &auth.ctx;
        let now = ctx.now();
        let name = body.name.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut fields = Vec::new();
        if name.is_empty() || name.chars().count() > 80 {
            fields.push(FieldProblem::new("name", "invalid", "Name the token (up to 80 characters)."));
        }
        if body.expires_at.is_some_and(|at| at <= now) {
            fields.push(FieldProblem::new("expiresAt", "in_the_past", "Choose an expiry in the future."));
        }
        // A token never does more than the person who makes it could.
        let rbac = &ctx.host.services.rbac;
        let held = rbac.permissions_of(ctx.role);
        if rbac.permissions_of(body.role).iter().any(|p| !held.contains(p)) {
            fields.push(FieldProblem::new(
                "role",
                "not_held",
                "A token can only have a role whose permissions you hold yourself.",
            ));
        }
        if !fields.is_empty() {
            return Err(ApiError::validation(fields));
        }
        let mut op = auth.begin().await?;
        let issued = tokens::issue(&mut op, &name, body.role, body.expires_at).await?;
        let (token, secret) = op.commit(issued).await?;
        Ok(Created::Created(Json(ApiTokenCreated { token: token.into(), secret })))
    }

    /// Revoke an API token
    ///
    /// It stops working at once. Needs `staff:write`.
    #[oai(path = "/api-tokens/:id", method = "delete", operation_id = "api_tokens.revoke")]
    async fn revoke(&self, auth: Staff<StaffWrite>, id: Path<ApiTokenId>) -> ApiResult<Revoked> {
        let mut op = auth.begin().await?;
        let revoked = tokens::revoke(&mut op, id.0).await?.ok_or_else(ApiError::not_found)?;
        op.commit(revoked).await?;
        Ok(Revoked::Done)
    }
}
