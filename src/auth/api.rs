//! Signing in and out, and the signed-in user's own profile.

use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::Role;
use super::account;
use super::context::{Principal, Staff};
use super::passwords::{self, Password};
use super::permissions::{PermissionName, SignedIn};
use super::public::{ClinicOut, clinic_out};
use super::sessions;
use super::sign_in::{self, session_ttl};
use super::throttle::{self, ACCOUNT_LIMIT, ADDRESS_LIMIT, Attempt};
use crate::audit::AuditAction;
use crate::clinic::ClinicHost;
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, ErrorCode, FieldProblem};
use crate::staff::{self, StaffUser, StaffUserId};

pub struct AuthApi;

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct LoginIn {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct MeUser {
    pub id: StaffUserId,
    pub email: String,
    pub display_name: String,
    /// Professional credentials shown after the name (RN, NP, MD).
    pub credentials: Option<String>,
    /// Set after an owner reset the password: the app asks for a new one.
    pub must_change_password: bool,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct MeToken {
    pub id: super::tokens::ApiTokenId,
    pub name: String,
}

/// Who is signed in, where, and what they may do.
#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct MeOut {
    /// The signed-in staff member (absent for API tokens).
    pub user: Option<MeUser>,
    /// The API token in use (absent for people).
    pub api_token: Option<MeToken>,
    pub role: Role,
    pub clinic: ClinicOut,
    /// Everything this role may do, as `resource:action` (e.g. `charts:sign`). The UI uses it
    /// to hide what would be refused; the server checks every request regardless.
    pub permissions: Vec<PermissionName>,
    /// Send this in `X-CSRF-Token` with every request that changes something.
    pub csrf_token: Option<String>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct ConfirmIn {
    pub password: String,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct ConfirmedOut {
    pub confirmed: bool,
}

/// Whether `candidate` is the signed-in person's password. Guessing it from a borrowed session
/// is throttled like signing in, and a wrong guess is recorded as `refused`.
async fn own_password(
    auth: &Staff<SignedIn>,
    user: &StaffUser,
    candidate: &str,
    refused: AuditAction,
) -> ApiResult<bool> {
    let ctx = &auth.ctx;
    let services = &ctx.host.services;
    let scope = ctx.clinic().id.to_string();
    let account_key = throttle::account_key(&scope, &user.email);
    let address_key = throttle::address_key(&scope, ctx.host.request.ip.as_deref());
    let keys = [(account_key.as_str(), ACCOUNT_LIMIT), (address_key.as_str(), ADDRESS_LIMIT)];
    if let Attempt::Blocked { wait_secs, .. } = services.login_throttle.attempt(&keys, ctx.now()) {
        return Err(ApiError::new(ErrorCode::TooManyRequests, "Too many attempts. Wait a few minutes and try again.")
            .with_retry_after(wait_secs));
    }
    if !passwords::verify(user.password_hash.as_deref(), candidate).await? {
        let mut op = auth.begin().await?;
        let done = account::password_refused(&mut op, user.id, refused).await?;
        op.commit(done).await?;
        return Ok(false);
    }
    services.login_throttle.succeeded(&account_key, &address_key);
    Ok(true)
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct PasswordChangeIn {
    pub current_password: String,
    pub new_password: String,
}

#[derive(ApiResponse)]
pub enum SignedInResponse {
    /// Signed in; the session cookie is set.
    #[oai(status = 200)]
    Ok(Json<MeOut>, #[oai(header = "Set-Cookie")] String),
}

#[derive(ApiResponse)]
pub enum SignedOutResponse {
    /// Signed out; the session cookie is cleared.
    #[oai(status = 204)]
    Done(#[oai(header = "Set-Cookie")] String),
}

fn invalid_credentials() -> ApiError {
    ApiError::new(ErrorCode::InvalidCredentials, "That email and password don't match an active account.")
}

pub(crate) async fn me_out(
    host: &ClinicHost,
    user: Option<&StaffUser>,
    token: Option<&super::tokens::ApiToken>,
    role: Role,
    csrf: Option<String>,
) -> ApiResult<MeOut> {
    Ok(MeOut {
        user: user.map(|u| MeUser {
            id: u.id,
            email: u.email.clone(),
            display_name: u.display_name.clone(),
            credentials: u.credentials.clone(),
            must_change_password: u.must_change_password,
        }),
        api_token: token.map(|t| MeToken { id: t.id, name: t.name.clone() }),
        role,
        clinic: clinic_out(host).await?,
        permissions: host.services.rbac.permissions_of(role),
        csrf_token: csrf,
    })
}

#[OpenApi(tag = "ApiTags::Auth")]
impl AuthApi {
    /// Sign in with email and password
    ///
    /// Public. Sets the session cookie and returns the user, their permissions and the CSRF
    /// token. Every failure reads the same (`invalid_credentials`), whether the email is unknown,
    /// the password wrong or the account deactivated. Repeated failures for one account or from
    /// one address are refused for a while with `too_many_requests` and `Retry-After`.
    #[oai(path = "/auth/login", method = "post", operation_id = "auth.login")]
    async fn login(&self, host: ClinicHost, body: Json<LoginIn>) -> ApiResult<SignedInResponse> {
        let services = host.services.clone();
        let now = host.now();
        let email = body.email.trim().to_lowercase();
        if email.is_empty() || body.password.is_empty() {
            let mut fields = Vec::new();
            if email.is_empty() {
                fields.push(FieldProblem::new("email", "required", "Enter your email."));
            }
            if body.password.is_empty() {
                fields.push(FieldProblem::new("password", "required", "Enter your password."));
            }
            return Err(ApiError::validation(fields));
        }
        let scope = host.clinic.id.to_string();
        let account_key = throttle::account_key(&scope, &email);
        let address_key = throttle::address_key(&scope, host.request.ip.as_deref());
        let keys = [(account_key.as_str(), ACCOUNT_LIMIT), (address_key.as_str(), ADDRESS_LIMIT)];
        if let Attempt::Blocked { wait_secs, first } = services.login_throttle.attempt(&keys, now) {
            // The start of a block is worth recording; every refused guess after it is not.
            if first {
                sign_in::password_refused(&host, &email, "throttled", None).await?;
            }
            return Err(ApiError::new(
                ErrorCode::TooManyRequests,
                "Too many sign-in attempts. Wait a few minutes and try again.",
            )
            .with_retry_after(wait_secs));
        }

        let user = {
            let mut tx = host.db().read().await?;
            staff::find_by_email(&mut tx, &email).await?
        };
        let password_ok =
            passwords::verify(user.as_ref().and_then(|u| u.password_hash.as_deref()), &body.password).await?;
        let user = match user {
            Some(user) if password_ok && user.active => user,
            other => {
                let reason = match &other {
                    None => "unknown_account",
                    Some(u) if !u.active => "deactivated",
                    Some(_) => "wrong_password",
                };
                sign_in::password_refused(&host, &email, reason, other.map(|u| u.id)).await?;
                return Err(invalid_credentials());
            }
        };
        services.login_throttle.succeeded(&account_key, &address_key);
        let session = sign_in::start_session(&host, &user, "password").await?;
        let me = me_out(&host, Some(&user), None, user.role, Some(session.csrf_token)).await?;
        Ok(SignedInResponse::Ok(Json(me), session.cookie))
    }

    /// Sign out
    ///
    /// Ends this session at once and clears the cookie. Any signed-in user.
    #[oai(path = "/auth/logout", method = "post", operation_id = "auth.logout")]
    async fn logout(&self, auth: Staff<SignedIn>) -> ApiResult<SignedOutResponse> {
        if let Principal::Session { session, .. } = &auth.ctx.principal {
            let mut op = auth.begin().await?;
            let ended = account::sign_out(&mut op, session.id).await?;
            op.commit(ended).await?;
        }
        let secure = auth.ctx.host.services.config.secure_cookies();
        Ok(SignedOutResponse::Done(sessions::clear_cookie(sessions::COOKIE, secure)))
    }

    /// Who am I
    ///
    /// The signed-in user (or API token), their role, the clinic, the permissions the role holds
    /// and the CSRF token for this session. Any signed-in user.
    #[oai(path = "/me", method = "get", operation_id = "auth.me")]
    async fn me(&self, auth: Staff<SignedIn>) -> ApiResult<Json<MeOut>> {
        let ctx = auth.ctx;
        let me = match &ctx.principal {
            Principal::Session { user, session } => {
                me_out(&ctx.host, Some(user), None, ctx.role, Some(session.csrf_token.clone())).await?
            }
            Principal::Token { token } => me_out(&ctx.host, None, Some(token), ctx.role, None).await?,
        };
        Ok(Json(me))
    }

    /// Confirm it's me
    ///
    /// The signed-in person types their password again, as when taking an iPad back from a
    /// patient after they signed. Wrong passwords are throttled like signing in and recorded.
    /// Any signed-in person (not API tokens).
    #[oai(path = "/me/confirm", method = "post", operation_id = "auth.confirm")]
    async fn confirm(&self, auth: Staff<SignedIn>, body: Json<ConfirmIn>) -> ApiResult<Json<ConfirmedOut>> {
        let Principal::Session { user, .. } = &auth.ctx.principal else {
            return Err(ApiError::new(ErrorCode::BadRequest, "API tokens have no password."));
        };
        if !own_password(&auth, user, &body.password, AuditAction::ConfirmFailed).await? {
            return Err(ApiError::validation(vec![FieldProblem::new(
                "password",
                "incorrect",
                "That password is not right.",
            )]));
        }
        Ok(Json(ConfirmedOut { confirmed: true }))
    }

    /// Change my password
    ///
    /// Any signed-in person (not API tokens). Needs the current password. Ends every session of
    /// this user, this one included, and starts a fresh one for this browser.
    #[oai(path = "/me/password", method = "post", operation_id = "auth.change_password")]
    async fn change_password(
        &self,
        auth: Staff<SignedIn>,
        body: Json<PasswordChangeIn>,
    ) -> ApiResult<SignedInResponse> {
        let ctx = &auth.ctx;
        let Principal::Session { user, .. } = &ctx.principal else {
            return Err(ApiError::new(ErrorCode::BadRequest, "API tokens have no password."));
        };
        let new = Password::parse(&body.new_password)
            .map_err(|e| ApiError::validation(vec![FieldProblem::new("newPassword", "weak", e.to_string())]))?;
        let services = &ctx.host.services;
        if !own_password(&auth, user, &body.current_password, AuditAction::PasswordChangeFailed).await? {
            return Err(ApiError::validation(vec![FieldProblem::new(
                "currentPassword",
                "incorrect",
                "Your current password is not right.",
            )]));
        }
        let hash = passwords::hash(&new).await.map_err(ApiError::internal)?;
        let ttl = session_ttl(&services.config);
        let mut op = auth.begin().await?;
        let started = account::change_password(&mut op, user.id, &hash, ttl).await?;
        let started = op.commit(started).await?;
        let mut refreshed = user.clone();
        refreshed.must_change_password = false;
        let cookie = sessions::cookie(sessions::COOKIE, &started.token, ttl, services.config.secure_cookies());
        let me = me_out(&ctx.host, Some(&refreshed), None, ctx.role, Some(started.csrf_token)).await?;
        Ok(SignedInResponse::Ok(Json(me), cookie))
    }
}
