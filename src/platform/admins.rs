//! Platform admins: the people who run this installation. They live in the platform database,
//! sign in on `admin.{base_domain}`, and provision, suspend and resume clinics. They have no
//! access to any clinic's data.

use chrono::{DateTime, Duration, Utc};
use poem::http::{Method, header};
use poem::{Request, RequestBody};
use poem_openapi::registry::{MetaSecurityScheme, Registry};
use poem_openapi::{ApiExtractor, ApiExtractorType, ExtractParamOptions};

use super::tenancy::Site;
use crate::args;
use crate::auth::passwords::{self, Password};
use crate::auth::secrets::{random_token, same_secret, token_hash};
use crate::auth::sessions::read_cookie;
use crate::db::{Databases, DbFailure, PlatformTx, classify};
use crate::http::{ApiError, ErrorCode, RequestMeta};
use crate::state::AppState;
use crate::types::Email;

pub const COOKIE: &str = "contour_admin";

crate::id_type!(
    /// A platform admin's id.
    AdminId
);

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Admin {
    pub id: AdminId,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub active: bool,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AdminSession {
    pub id: uuid::Uuid,
    pub admin_id: AdminId,
    pub csrf_token: String,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("an admin with that email already exists")]
    EmailTaken,
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

pub async fn create(
    dbs: &Databases,
    email: &str,
    name: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<Admin, AdminError> {
    let email = Email::parse(email).ok_or_else(|| AdminError::Invalid("Enter a valid email address.".into()))?;
    let password = Password::parse(password).map_err(|e| AdminError::Invalid(e.to_string()))?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(AdminError::Invalid("Give the admin a name of up to 120 characters.".into()));
    }
    let hash = passwords::hash(&password).await?;
    let id = AdminId::generate();
    let mut tx = dbs.platform_write().await?;
    tx.execute(
        "insert into admins (id, email, display_name, password_hash, active, created_at, updated_at) \
         values ($1, $2, $3, $4, true, $5, $5)",
        args![id, &email, name, &hash, now],
    )
    .await
    .map_err(|e| match classify(&e) {
        DbFailure::Unique(_) => AdminError::EmailTaken,
        _ => AdminError::Db(e),
    })?;
    tx.commit().await?;
    Ok(Admin { id, email: email.as_str().to_owned(), display_name: name.to_owned(), password_hash: hash, active: true })
}

pub async fn find_by_email(tx: &mut PlatformTx, email: &str) -> Result<Option<Admin>, sqlx::Error> {
    tx.fetch_optional(
        "select id, email, display_name, password_hash, active from admins where email = $1",
        args![email.trim().to_lowercase()],
    )
    .await
}

pub async fn find(tx: &mut PlatformTx, id: AdminId) -> Result<Option<Admin>, sqlx::Error> {
    tx.fetch_optional("select id, email, display_name, password_hash, active from admins where id = $1", args![id])
        .await
}

/// Starts a session; returns (raw token, CSRF token).
pub async fn start_session(
    tx: &mut PlatformTx,
    admin: AdminId,
    meta: &RequestMeta,
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<(String, String), sqlx::Error> {
    let (token, csrf) = (random_token(), random_token());
    tx.execute(
        "insert into admin_sessions (id, admin_id, token_hash, csrf_token, ip, user_agent, created_at, last_seen_at, \
         expires_at) values ($1, $2, $3, $4, $5, $6, $7, $7, $8)",
        args![uuid::Uuid::now_v7(), admin, token_hash(&token), &csrf, &meta.ip, &meta.user_agent, now, now + ttl],
    )
    .await?;
    tx.execute("update admins set last_login_at = $2 where id = $1", args![admin, now]).await?;
    Ok((token, csrf))
}

pub async fn end_session(tx: &mut PlatformTx, id: uuid::Uuid, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    tx.execute("update admin_sessions set ended_at = $2 where id = $1 and ended_at is null", args![id, now])
        .await
        .map(drop)
}

/// A signed-in platform admin, on the platform host.
pub struct PlatformAdmin {
    pub admin: Admin,
    pub session: AdminSession,
    pub state: AppState,
    pub request: RequestMeta,
}

impl PlatformAdmin {
    pub fn label(&self) -> String {
        format!("{} <{}>", self.admin.display_name, self.admin.email)
    }
}

fn unauthenticated() -> poem::Error {
    ApiError::new(ErrorCode::Unauthenticated, "Sign in to continue.").into()
}

pub async fn authenticate(req: &Request) -> poem::Result<PlatformAdmin> {
    if !matches!(req.extensions().get::<Site>(), Some(Site::Platform)) {
        return Err(ApiError::not_found().into());
    }
    let state = req.data::<AppState>().cloned().ok_or_else(|| ApiError::internal(anyhow::anyhow!("no state")))?;
    let request = req.extensions().get::<RequestMeta>().cloned().unwrap_or(RequestMeta {
        id: String::new(),
        ip: None,
        user_agent: None,
    });
    let raw = read_cookie(req.header(header::COOKIE), COOKIE).ok_or_else(unauthenticated)?;
    let now = state.clock.now();
    let mut tx = state.dbs().platform_read().await.map_err(ApiError::from)?;
    let session: Option<AdminSession> = tx
        .fetch_optional(
            "select id, admin_id, csrf_token, last_seen_at, expires_at from admin_sessions \
             where token_hash = $1 and ended_at is null",
            args![token_hash(raw)],
        )
        .await
        .map_err(ApiError::from)?;
    let session = session.ok_or_else(unauthenticated)?;
    let admin = find(&mut tx, session.admin_id).await.map_err(ApiError::from)?;
    tx.rollback().await.map_err(ApiError::from)?;
    let idle = Duration::from_std(state.config.session_idle_timeout).unwrap_or_default();
    let Some(admin) = admin.filter(|a| a.active && now < session.expires_at && now - session.last_seen_at < idle)
    else {
        return Err(unauthenticated());
    };
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        && !same_secret(req.header(crate::auth::CSRF_HEADER).unwrap_or_default(), &session.csrf_token)
    {
        return Err(ApiError::new(ErrorCode::CsrfFailed, "This request is missing its security token.").into());
    }
    if now - session.last_seen_at >= Duration::seconds(60) {
        let mut tx = state.dbs().platform_write().await.map_err(ApiError::from)?;
        tx.execute("update admin_sessions set last_seen_at = $2 where id = $1", args![session.id, now])
            .await
            .map_err(ApiError::from)?;
        tx.commit().await.map_err(ApiError::from)?;
    }
    Ok(PlatformAdmin { admin, session, state, request })
}

impl<'a> ApiExtractor<'a> for PlatformAdmin {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::SecurityScheme];
    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut Registry) {
        registry.create_security_scheme(
            "platformSession",
            MetaSecurityScheme {
                ty: "apiKey",
                description: Some(
                    "A platform admin's session cookie on the admin host, set by `platform.login`; writes also \
                     send `X-CSRF-Token`.",
                ),
                name: Some(COOKIE),
                key_in: Some("cookie"),
                scheme: None,
                bearer_format: None,
                flows: None,
                openid_connect_url: None,
            },
        );
    }

    fn security_schemes() -> Vec<&'static str> {
        vec!["platformSession"]
    }

    async fn from_request(
        req: &'a Request,
        _body: &mut RequestBody,
        _opts: ExtractParamOptions<Self::ParamType>,
    ) -> poem::Result<Self> {
        authenticate(req).await
    }
}
