//! The platform host's API: platform admins sign in, then provision, list, suspend and resume
//! clinics.

use chrono::{DateTime, Duration, Utc};
use poem::{FromRequest, Request, RequestBody};
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::admins::{self, PlatformAdmin};
use super::model::{Clinic, ClinicId, ClinicStatus};
use super::provisioning::{self, NewClinic, ProvisionError};
use super::repo;
use super::tenancy::Site;
use crate::auth::passwords;
use crate::auth::sessions::{clear_cookie, cookie};
use crate::auth::throttle::{self, ACCOUNT_LIMIT, ADDRESS_LIMIT, Attempt};
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, ErrorCode, FieldProblem, RequestMeta};
use crate::state::AppState;

/// A request on the platform host (admin.{base_domain}), signed in or not.
pub struct PlatformHost {
    pub state: AppState,
    pub request: RequestMeta,
}

impl<'a> FromRequest<'a> for PlatformHost {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        if !matches!(req.extensions().get::<Site>(), Some(Site::Platform)) {
            return Err(ApiError::not_found().into());
        }
        let state = req.data::<AppState>().cloned().ok_or_else(|| ApiError::internal(anyhow::anyhow!("no state")))?;
        let request = req.extensions().get::<RequestMeta>().cloned().unwrap_or(RequestMeta {
            id: String::new(),
            ip: None,
            user_agent: None,
        });
        Ok(Self { state, request })
    }
}

pub struct PlatformApi;

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct PlatformLoginIn {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct PlatformMeOut {
    pub email: String,
    pub display_name: String,
    pub csrf_token: String,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct PlatformClinicOut {
    pub id: ClinicId,
    pub slug: String,
    pub name: String,
    pub timezone: String,
    pub status: ClinicStatus,
    pub is_demo: bool,
    /// Where the clinic's staff sign in.
    pub url: String,
    pub created_at: DateTime<Utc>,
    pub suspended_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct PlatformClinicIn {
    /// The subdomain: `{slug}.{base domain}`.
    pub slug: String,
    pub name: String,
    /// IANA time zone, e.g. `America/Los_Angeles`.
    pub timezone: String,
    pub owner_email: String,
    pub owner_name: String,
    /// The first owner's password; they can change it once signed in.
    pub owner_password: String,
}

#[derive(ApiResponse)]
pub enum PlatformSignedIn {
    #[oai(status = 200)]
    Ok(Json<PlatformMeOut>, #[oai(header = "Set-Cookie")] String),
}

#[derive(ApiResponse)]
pub enum PlatformSignedOut {
    #[oai(status = 204)]
    Done(#[oai(header = "Set-Cookie")] String),
}

#[derive(ApiResponse)]
pub enum ClinicCreated {
    #[oai(status = 201)]
    Created(Json<PlatformClinicOut>),
}

fn platform_clinic(state: &AppState, c: Clinic) -> PlatformClinicOut {
    PlatformClinicOut {
        url: state.config.clinic_url(&c.slug),
        id: c.id,
        slug: c.slug,
        name: c.name,
        timezone: c.timezone,
        status: c.status,
        is_demo: c.is_demo,
        created_at: c.created_at,
        suspended_at: c.suspended_at,
    }
}

fn provision_error(err: ProvisionError) -> ApiError {
    match err {
        ProvisionError::SlugTaken => ApiError::new(ErrorCode::AlreadyExists, "That address is taken.")
            .field(FieldProblem::new("slug", "taken", "That address is taken.")),
        ProvisionError::NotFound => ApiError::not_found(),
        ProvisionError::Failed(e) => ApiError::internal(e),
    }
}

#[OpenApi(tag = "ApiTags::Platform")]
impl PlatformApi {
    /// Platform admin sign-in
    ///
    /// On the platform host only. Sets the platform session cookie. Failures read the same and
    /// are throttled like staff sign-in.
    #[oai(path = "/platform/auth/login", method = "post", operation_id = "platform.login")]
    async fn login(&self, host: PlatformHost, body: Json<PlatformLoginIn>) -> ApiResult<PlatformSignedIn> {
        let state = &host.state;
        let now = state.clock.now();
        let account = throttle::account_key("platform", &body.email);
        let address = throttle::address_key("platform", host.request.ip.as_deref());
        let keys = [(account.as_str(), ACCOUNT_LIMIT), (address.as_str(), ADDRESS_LIMIT)];
        if let Attempt::Blocked { wait_secs, .. } = state.login_throttle.attempt(&keys, now) {
            return Err(ApiError::new(ErrorCode::TooManyRequests, "Too many sign-in attempts. Try again later.")
                .with_retry_after(wait_secs));
        }
        let admin = {
            let mut tx = state.dbs().platform_read().await?;
            admins::find_by_email(&mut tx, &body.email).await?
        };
        let ok = passwords::verify(admin.as_ref().map(|a| a.password_hash.as_str()), &body.password).await?;
        let Some(admin) = admin.filter(|a| ok && a.active) else {
            return Err(ApiError::new(ErrorCode::InvalidCredentials, "That email and password don't match."));
        };
        state.login_throttle.succeeded(&account, &address);
        let ttl = Duration::from_std(state.config.session_absolute_timeout).unwrap_or_else(|_| Duration::hours(12));
        let mut tx = state.dbs().platform_write().await?;
        let (token, csrf) = admins::start_session(&mut tx, admin.id, &host.request, ttl, now).await?;
        tx.commit().await?;
        Ok(PlatformSignedIn::Ok(
            Json(PlatformMeOut { email: admin.email, display_name: admin.display_name, csrf_token: csrf }),
            cookie(admins::COOKIE, &token, ttl, state.config.secure_cookies()),
        ))
    }

    /// Platform admin sign-out
    #[oai(path = "/platform/auth/logout", method = "post", operation_id = "platform.logout")]
    async fn logout(&self, admin: PlatformAdmin) -> ApiResult<PlatformSignedOut> {
        let mut tx = admin.state.dbs().platform_write().await?;
        admins::end_session(&mut tx, admin.session.id, admin.state.clock.now()).await?;
        tx.commit().await?;
        Ok(PlatformSignedOut::Done(clear_cookie(admins::COOKIE, admin.state.config.secure_cookies())))
    }

    /// The signed-in platform admin
    #[oai(path = "/platform/me", method = "get", operation_id = "platform.me")]
    async fn me(&self, admin: PlatformAdmin) -> ApiResult<Json<PlatformMeOut>> {
        Ok(Json(PlatformMeOut {
            email: admin.admin.email.clone(),
            display_name: admin.admin.display_name.clone(),
            csrf_token: admin.session.csrf_token.clone(),
        }))
    }

    /// List clinics
    #[oai(path = "/platform/clinics", method = "get", operation_id = "platform.list_clinics")]
    async fn list_clinics(&self, admin: PlatformAdmin) -> ApiResult<Json<Vec<PlatformClinicOut>>> {
        let mut tx = admin.state.dbs().platform_read().await?;
        let clinics = repo::list(&mut tx).await?;
        Ok(Json(clinics.into_iter().map(|c| platform_clinic(&admin.state, c)).collect()))
    }

    /// Create a clinic with its first owner
    ///
    /// All or nothing: the clinic's schema (or file), its migrations and its owner. Fails with
    /// `already_exists` when the address is taken.
    #[oai(path = "/platform/clinics", method = "post", operation_id = "platform.create_clinic")]
    async fn create_clinic(&self, admin: PlatformAdmin, body: Json<PlatformClinicIn>) -> ApiResult<ClinicCreated> {
        let new = NewClinic::parse(
            &body.slug,
            &body.name,
            &body.timezone,
            &body.owner_email,
            &body.owner_name,
            &body.owner_password,
        )
        .map_err(ApiError::validation)?;
        let state = &admin.state;
        let clinic =
            provisioning::create(state.dbs(), new, &admin.label(), state.clock.now()).await.map_err(provision_error)?;
        state.tenants().forget(&clinic.slug).await;
        Ok(ClinicCreated::Created(Json(platform_clinic(state, clinic))))
    }

    /// Suspend a clinic
    ///
    /// Every session of the clinic ends at once and its address stops answering (404).
    #[oai(path = "/platform/clinics/:slug/suspend", method = "post", operation_id = "platform.suspend_clinic")]
    async fn suspend(&self, admin: PlatformAdmin, slug: Path<String>) -> ApiResult<Json<PlatformClinicOut>> {
        set_status(&admin, &slug.0, ClinicStatus::Suspended).await
    }

    /// Resume a suspended clinic
    #[oai(path = "/platform/clinics/:slug/resume", method = "post", operation_id = "platform.resume_clinic")]
    async fn resume(&self, admin: PlatformAdmin, slug: Path<String>) -> ApiResult<Json<PlatformClinicOut>> {
        set_status(&admin, &slug.0, ClinicStatus::Active).await
    }
}

async fn set_status(admin: &PlatformAdmin, slug: &str, status: ClinicStatus) -> ApiResult<Json<PlatformClinicOut>> {
    let state = &admin.state;
    let clinic =
        provisioning::set_status(state.dbs(), state.tenants(), slug, status, &admin.label(), state.clock.now())
            .await
            .map_err(provision_error)?;
    tracing::info!(clinic_id = %clinic.id, status = clinic.status.as_str(), "clinic status changed");
    Ok(Json(platform_clinic(state, clinic)))
}
