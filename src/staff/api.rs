//! Staff management for owners: add people with a role and a temporary password, change roles,
//! deactivate and reactivate, reset passwords. There is no email in v1: the owner passes the
//! temporary password on, and the app asks for a new one at first sign-in.

use chrono::{DateTime, Utc};
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::model::{NewStaff, StaffPatch, StaffUser, StaffUserId};
use crate::auth::passwords::{self, Password};
use crate::auth::permissions::{StaffRead, StaffWrite};
use crate::auth::{Role, Staff};
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, FieldProblem};
use crate::staff;
use crate::types::{Email, clean_optional};

pub struct StaffApi;

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct StaffOut {
    pub id: StaffUserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub credentials: Option<String>,
    pub active: bool,
    pub must_change_password: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<StaffUser> for StaffOut {
    fn from(u: StaffUser) -> Self {
        Self {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            role: u.role,
            credentials: u.credentials,
            active: u.active,
            must_change_password: u.must_change_password,
            last_login_at: u.last_login_at,
            created_at: u.created_at,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct StaffIn {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// RN, NP, MD, LE...
    pub credentials: Option<String>,
    /// Given to the person; they choose their own at first sign-in.
    pub temporary_password: String,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct StaffPatchIn {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    /// An empty string clears them.
    pub credentials: Option<String>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct PasswordResetIn {
    pub temporary_password: String,
}

#[derive(ApiResponse)]
pub enum Created {
    #[oai(status = 201)]
    Created(Json<StaffOut>),
}

fn display_name(input: &str, fields: &mut Vec<FieldProblem>) -> String {
    let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.chars().count() > 120 {
        fields.push(FieldProblem::new("displayName", "invalid", "Enter a name of up to 120 characters."));
    }
    name
}

fn credentials(input: Option<&str>, fields: &mut Vec<FieldProblem>) -> Option<String> {
    let c = clean_optional(input);
    if c.as_ref().is_some_and(|c| c.chars().count() > 40) {
        fields.push(FieldProblem::new("credentials", "too_long", "Keep credentials under 40 characters."));
    }
    c
}

fn temporary_password(input: &str, fields: &mut Vec<FieldProblem>) -> Option<Password> {
    Password::parse(input).map_err(|e| fields.push(FieldProblem::new("temporaryPassword", "weak", e.to_string()))).ok()
}

#[OpenApi(tag = "ApiTags::Staff")]
impl StaffApi {
    /// List staff
    ///
    /// Everyone on the staff, active first. Needs `staff:read`.
    #[oai(path = "/staff", method = "get", operation_id = "staff.list")]
    async fn list(&self, auth: Staff<StaffRead>) -> ApiResult<Json<Vec<StaffOut>>> {
        let mut op = auth.begin_read().await?;
        Ok(Json(staff::list(&mut op).await?.into_iter().map(Into::into).collect()))
    }

    /// Get a staff member
    ///
    /// Needs `staff:read`.
    #[oai(path = "/staff/:id", method = "get", operation_id = "staff.get")]
    async fn get(&self, auth: Staff<StaffRead>, id: Path<StaffUserId>) -> ApiResult<Json<StaffOut>> {
        let mut op = auth.begin_read().await?;
        Ok(Json(staff::get(&mut op, id.0).await?.into()))
    }

    /// Add a staff member
    ///
    /// With a role and a temporary password, which they must change at first sign-in. Needs
    /// `staff:write`. Fails with `already_exists` when the email is taken.
    #[oai(path = "/staff", method = "post", operation_id = "staff.create")]
    async fn create(&self, auth: Staff<StaffWrite>, body: Json<StaffIn>) -> ApiResult<Created> {
        let mut fields = Vec::new();
        let email = Email::parse(&body.email);
        if email.is_none() {
            fields.push(FieldProblem::new("email", "invalid", "Enter a valid email address."));
        }
        let name = display_name(&body.display_name, &mut fields);
        let creds = credentials(body.credentials.as_deref(), &mut fields);
        let password = temporary_password(&body.temporary_password, &mut fields);
        let (Some(email), Some(password), true) = (email, password, fields.is_empty()) else {
            return Err(ApiError::validation(fields));
        };
        let hash = passwords::hash(&password).await.map_err(ApiError::internal)?;
        let new = NewStaff {
            email,
            display_name: name,
            role: body.role,
            credentials: creds,
            password_hash: Some(hash),
            must_change_password: true,
        };
        let mut op = auth.begin().await?;
        let created = staff::create(&mut op, new).await?;
        Ok(Created::Created(Json(op.commit(created).await?.into())))
    }

    /// Change a staff member's name, role or credentials
    ///
    /// Needs `staff:write`. Fails with `last_owner` when it would leave no active owner.
    #[oai(path = "/staff/:id", method = "patch", operation_id = "staff.update")]
    async fn update(
        &self,
        auth: Staff<StaffWrite>,
        id: Path<StaffUserId>,
        body: Json<StaffPatchIn>,
    ) -> ApiResult<Json<StaffOut>> {
        let mut fields = Vec::new();
        let patch = StaffPatch {
            display_name: body.display_name.as_deref().map(|n| display_name(n, &mut fields)),
            role: body.role,
            credentials: body.credentials.as_deref().map(|c| credentials(Some(c), &mut fields)),
        };
        if !fields.is_empty() {
            return Err(ApiError::validation(fields));
        }
        let mut op = auth.begin().await?;
        let updated = staff::update(&mut op, id.0, &patch).await?;
        Ok(Json(op.commit(updated).await?.into()))
    }

    /// Deactivate a staff member
    ///
    /// They cannot sign in any more and their sessions end at once; their records stay. Needs
    /// `staff:write`. Fails with `last_owner` for the last active owner.
    #[oai(path = "/staff/:id/deactivate", method = "post", operation_id = "staff.deactivate")]
    async fn deactivate(&self, auth: Staff<StaffWrite>, id: Path<StaffUserId>) -> ApiResult<Json<StaffOut>> {
        let mut op = auth.begin().await?;
        let user = staff::set_active(&mut op, id.0, false).await?;
        Ok(Json(op.commit(user).await?.into()))
    }

    /// Reactivate a staff member
    ///
    /// Needs `staff:write`.
    #[oai(path = "/staff/:id/reactivate", method = "post", operation_id = "staff.reactivate")]
    async fn reactivate(&self, auth: Staff<StaffWrite>, id: Path<StaffUserId>) -> ApiResult<Json<StaffOut>> {
        let mut op = auth.begin().await?;
        let user = staff::set_active(&mut op, id.0, true).await?;
        Ok(Json(op.commit(user).await?.into()))
    }

    /// Reset a staff member's password
    ///
    /// Sets a temporary password they must change at next sign-in and ends their sessions.
    /// Needs `staff:write`.
    #[oai(path = "/staff/:id/password-reset", method = "post", operation_id = "staff.reset_password")]
    async fn reset_password(
        &self,
        auth: Staff<StaffWrite>,
        id: Path<StaffUserId>,
        body: Json<PasswordResetIn>,
    ) -> ApiResult<Json<StaffOut>> {
        let mut fields = Vec::new();
        let Some(password) = temporary_password(&body.temporary_password, &mut fields) else {
            return Err(ApiError::validation(fields));
        };
        let hash = passwords::hash(&password).await.map_err(ApiError::internal)?;
        let mut op = auth.begin().await?;
        let user = staff::reset_password(&mut op, id.0, &hash).await?;
        Ok(Json(op.commit(user).await?.into()))
    }
}
