//! Who is asking: the extractors every clinic operation starts with.
//!
//! `Staff<P>` authenticates the request (a session cookie, or a bearer API token), then checks
//! that the actor's role holds permission `P`. Both happen before the handler body runs, so
//! before any data is read. A denial is answered with 403 `forbidden` and written to the audit
//! log. A cookie-authenticated request that changes anything must carry the session's CSRF token
//! in `X-CSRF-Token`; bearer requests need none.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use poem::http::{Method, header};
use poem::{Request, RequestBody};
use poem_openapi::registry::{MetaSecurityScheme, Registry};
use poem_openapi::{ApiExtractor, ApiExtractorType, ExtractParamOptions};
use serde_json::json;

use super::Role;
use super::op::{Acting, ClinicOp, SystemWork};
use super::permissions::{OnlineBooking, PatientSigning, Permission, Permit, SignedIn};
use super::rbac::Rbac;
use super::secrets::same_secret;
use super::sessions::{self, EndReason, LiveSession};
use super::tokens::{self, ApiToken};
use crate::audit::{self, Actor, ActorKind, AuditAction, AuditEntry, Outcome};
use crate::clinic::ClinicHost;
use crate::db::ClinicTx;
use crate::http::{ApiError, ErrorCode};
use crate::platform::Clinic;
use crate::staff::{self, StaffUser, StaffUserId};
use crate::state::AppState;

pub const CSRF_HEADER: &str = "x-csrf-token";
/// Sent by the web app with requests made while the person hasn't touched it for a while.
pub const UNATTENDED_HEADER: &str = "x-contour-unattended";

/// How the actor proved who they are.
#[derive(Debug, Clone)]
pub enum Principal {
    Session { user: StaffUser, session: LiveSession },
    Token { token: ApiToken },
}

/// An authenticated request to a clinic.
#[derive(Clone)]
pub struct ClinicCtx {
    pub host: ClinicHost,
    pub principal: Principal,
    pub role: Role,
}

impl ClinicCtx {
    pub fn clinic(&self) -> &Arc<Clinic> {
        &self.host.clinic
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.host.now()
    }

    /// The staff member acting: the signed-in user, or the person who created the API token.
    pub fn on_behalf_of(&self) -> StaffUserId {
        match &self.principal {
            Principal::Session { user, .. } => user.id,
            Principal::Token { token } => token.created_by,
        }
    }

    pub fn user(&self) -> Option<&StaffUser> {
        match &self.principal {
            Principal::Session { user, .. } => Some(user),
            Principal::Token { .. } => None,
        }
    }

    /// The actor as the audit log records it.
    pub fn actor(&self) -> Actor {
        match &self.principal {
            Principal::Session { user, .. } => Actor {
                kind: ActorKind::Staff,
                id: Some(user.id.0),
                name: Some(user.display_name.clone()),
                role: Some(user.role),
            },
            Principal::Token { token } => Actor {
                kind: ActorKind::ApiToken,
                id: Some(token.id.0),
                name: Some(token.name.clone()),
                role: Some(token.role),
            },
        }
    }

    /// A field-level check: a permit for `Q` when this role holds it.
    pub fn may<Q: Permission>(&self) -> Option<Permit<Q>> {
        self.host.services.rbac.allows::<Q>(self.role).then(Permit::granted)
    }

    fn acting(&self, signer: Option<Signer>) -> Acting {
        let by_token = matches!(self.principal, Principal::Token { .. });
        Acting::staff(self.actor(), self.on_behalf_of(), self.role, signer, by_token)
    }

    /// A unit of work for `P`, writing (`write`) or only reading.
    async fn begin<P: Permission>(&self, signer: Option<Signer>, write: bool) -> Result<ClinicOp<P>, sqlx::Error> {
        let db = self.host.db();
        let tx = if write { db.write().await? } else { db.read().await? };
        Ok(ClinicOp::new(
            tx,
            Permit::granted(),
            self.acting(signer),
            self.host.clinic.clone(),
            self.host.services.clone(),
            Some(self.host.request.clone()),
        ))
    }

    /// Authentication's own transaction (sessions, tokens, refusals), outside any operation.
    pub(super) async fn auth_tx(&self) -> Result<ClinicTx, ApiError> {
        Ok(self.host.db().write().await?)
    }
}

/// A staff member or API token whose role holds permission `P`.
pub struct Staff<P: Permission> {
    pub ctx: ClinicCtx,
    pub permit: Permit<P>,
}

impl<P: Permission> Staff<P> {
    /// The unit of work for an operation that writes (or whose reading is audited).
    pub async fn begin(&self) -> Result<ClinicOp<P>, sqlx::Error> {
        self.ctx.begin(None, true).await
    }

    /// The unit of work for an operation that only reads: it is never committed.
    pub async fn begin_read(&self) -> Result<ClinicOp<P>, sqlx::Error> {
        self.ctx.begin(None, false).await
    }

    /// A field-level check, as [`ClinicCtx::may`].
    pub fn may<Q: Permission>(&self) -> Option<Permit<Q>> {
        self.ctx.may::<Q>()
    }
}

impl<P: Permission> Person<P> {
    /// The unit of work, which records this person as the signer.
    pub async fn begin(&self) -> Result<ClinicOp<P>, sqlx::Error> {
        self.ctx.begin(Some(self.signer.clone()), true).await
    }

    pub fn may<Q: Permission>(&self) -> Option<Permit<Q>> {
        self.ctx.may::<Q>()
    }
}

/// The person making a clinical signature, as the signature records them: their own id, name
/// and role, never an API token's.
#[derive(Debug, Clone)]
pub struct Signer {
    pub id: StaffUserId,
    pub name: String,
    pub role: Role,
}

/// A person signed in as themselves whose role holds permission `P`: what signing, returning a
/// chart and signing an addendum need. An API token is refused (403 `signature_needs_person`,
/// audited) whatever role it carries, because a signature must be the act of the person whose
/// name it bears.
pub struct Person<P: Permission> {
    pub ctx: ClinicCtx,
    pub permit: Permit<P>,
    pub signer: Signer,
}

fn unauthenticated(message: &'static str) -> poem::Error {
    ApiError::new(ErrorCode::Unauthenticated, message).into()
}

fn bearer(req: &Request) -> Option<&str> {
    let value = req.header(header::AUTHORIZATION)?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Authenticates a request to a clinic host: bearer token first, then the session cookie.
pub async fn authenticate(req: &Request) -> poem::Result<ClinicCtx> {
    let host = ClinicHost::from_request_without_body(req).await?;
    let now = host.now();
    if let Some(secret) = bearer(req) {
        let invalid = || unauthenticated("That API token is not valid.");
        if !secret.starts_with(tokens::PREFIX) {
            return Err(invalid());
        }
        let mut tx = host.db().read().await.map_err(ApiError::from)?;
        let token = tokens::find_usable(&mut tx, secret, now).await.map_err(ApiError::from)?;
        tx.rollback().await.map_err(ApiError::from)?;
        let token = token.ok_or_else(invalid)?;
        if tokens::needs_touch(&token, now) {
            let mut tx = host.db().write().await.map_err(ApiError::from)?;
            tokens::touch(&mut tx, token.id, now).await.map_err(ApiError::from)?;
            tx.commit().await.map_err(ApiError::from)?;
        }
        let role = token.role;
        return Ok(ClinicCtx { host, principal: Principal::Token { token }, role });
    }

    let raw = sessions::read_cookie(req.header(header::COOKIE), sessions::COOKIE)
        .ok_or_else(|| unauthenticated("Sign in to continue."))?;
    let mut tx = host.db().read().await.map_err(ApiError::from)?;
    let session = sessions::find(&mut tx, raw).await.map_err(ApiError::from)?;
    let Some(session) = session else {
        return Err(unauthenticated("Your session has ended. Sign in again."));
    };
    let user = staff::find_by_id(&mut tx, session.user_id).await.map_err(ApiError::from)?;
    tx.rollback().await.map_err(ApiError::from)?;
    let idle = chrono::Duration::from_std(host.services.config.session_idle_timeout).unwrap_or_default();
    let user = match user {
        Some(user) if user.active && !sessions::expired(&session, idle, now) => user,
        _ => {
            let mut tx = host.db().write().await.map_err(ApiError::from)?;
            sessions::end(&mut tx, session.id, EndReason::Expired, now).await.map_err(ApiError::from)?;
            tx.commit().await.map_err(ApiError::from)?;
            return Err(unauthenticated("Your session has ended. Sign in again."));
        }
    };
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        let sent = req.header(CSRF_HEADER).unwrap_or_default();
        if !same_secret(sent, &session.csrf_token) {
            return Err(ApiError::new(
                ErrorCode::CsrfFailed,
                "This request is missing its security token. Reload the page and try again.",
            )
            .into());
        }
    }
    // A screen refreshing itself while nobody touches it (the calendar on a front-desk monitor)
    // says so, and doesn't keep an unattended session alive.
    let unattended = req.header(UNATTENDED_HEADER).is_some();
    if !unattended && sessions::needs_touch(&session, now) {
        let mut tx = host.db().write().await.map_err(ApiError::from)?;
        sessions::touch(&mut tx, session.id, now).await.map_err(ApiError::from)?;
        tx.commit().await.map_err(ApiError::from)?;
    }
    let role = user.role;
    Ok(ClinicCtx { host, principal: Principal::Session { user, session }, role })
}

/// Writes a refusal to the audit log, in its own transaction (the request ends here).
async fn audit_refusal<P: Permission>(ctx: &ClinicCtx, req: &Request, reason: Option<&str>) -> poem::Result<()> {
    let mut details =
        json!({ "permission": P::name(), "method": req.method().as_str(), "path": req.original_uri().path() });
    if let Some(reason) = reason {
        details["reason"] = json!(reason);
    }
    let entry = AuditEntry::new(AuditAction::PermissionDenied, ctx.actor())
        .request(&ctx.host.request)
        .outcome(Outcome::Denied)
        .details(details);
    let mut tx = ctx.auth_tx().await?;
    audit::append(&mut tx, ctx.clinic().id, entry, ctx.now()).await.map_err(ApiError::from)?;
    tx.commit().await.map_err(ApiError::from)?;
    Ok(())
}

/// Checks `P` for an authenticated actor; a refusal is audited before it is answered.
pub async fn authorize<P: Permission>(ctx: &ClinicCtx, req: &Request) -> poem::Result<Permit<P>> {
    let rbac = &ctx.host.services.rbac;
    // Someone on a temporary password may only see who they are and choose a new one.
    if ctx.user().is_some_and(|u| u.must_change_password) && !P::ANY_ROLE {
        return Err(
            ApiError::new(ErrorCode::PasswordChangeRequired, "Choose a new password before carrying on.").into()
        );
    }
    if rbac.allows::<P>(ctx.role) {
        return Ok(Permit::granted());
    }
    audit_refusal::<P>(ctx, req, None).await?;
    Err(ApiError::forbidden().into())
}

/// The signer behind a request, if a person signed in as themselves made it; a request by API
/// token is refused and the refusal audited.
async fn signer<P: Permission>(ctx: &ClinicCtx, req: &Request) -> poem::Result<Signer> {
    match &ctx.principal {
        Principal::Session { user, .. } => Ok(Signer { id: user.id, name: user.display_name.clone(), role: user.role }),
        Principal::Token { .. } => {
            audit_refusal::<P>(ctx, req, Some("signature_needs_person")).await?;
            Err(ApiError::new(
                ErrorCode::SignatureNeedsPerson,
                "A signature must be made by the person it names, signed in as themselves; API tokens can't sign.",
            )
            .into())
        }
    }
}

/// What an extractor tells the spec: that it is a security requirement, met by these schemes.
macro_rules! security_requirement {
    ($($scheme:literal),+) => {
        const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::SecurityScheme];
        type ParamType = ();
        type ParamRawType = ();

        fn register(registry: &mut Registry) {
            register_schemes(registry);
        }

        fn security_schemes() -> Vec<&'static str> {
            vec![$($scheme),+]
        }
    };
}

impl<'a, P: Permission> ApiExtractor<'a> for Staff<P> {
    security_requirement!("session", "apiToken");

    async fn from_request(
        req: &'a Request,
        _body: &mut RequestBody,
        _opts: ExtractParamOptions<Self::ParamType>,
    ) -> poem::Result<Self> {
        let ctx = authenticate(req).await?;
        let permit = authorize::<P>(&ctx, req).await?;
        Ok(Self { ctx, permit })
    }
}

impl<'a, P: Permission> ApiExtractor<'a> for Person<P> {
    // The spec offers only the session: a token is refused here whatever its role.
    security_requirement!("session");

    async fn from_request(
        req: &'a Request,
        _body: &mut RequestBody,
        _opts: ExtractParamOptions<Self::ParamType>,
    ) -> poem::Result<Self> {
        let ctx = authenticate(req).await?;
        let permit = authorize::<P>(&ctx, req).await?;
        let signer = signer::<P>(&ctx, req).await?;
        Ok(Self { ctx, permit, signer })
    }
}

pub fn register_schemes(registry: &mut Registry) {
    registry.create_security_scheme(
        "session",
        MetaSecurityScheme {
            ty: "apiKey",
            description: Some(
                "The staff web app's session cookie, set by `auth.login`. Requests that change anything must \
                 also send the session's CSRF token (from `auth.login` or `auth.me`) in `X-CSRF-Token`.",
            ),
            name: Some(sessions::COOKIE),
            key_in: Some("cookie"),
            scheme: None,
            bearer_format: None,
            flows: None,
            openid_connect_url: None,
        },
    );
    registry.create_security_scheme(
        "apiToken",
        MetaSecurityScheme {
            ty: "http",
            description: Some("An API token created by the clinic's owner: `Authorization: Bearer ctr_...`."),
            name: None,
            key_in: None,
            scheme: Some("bearer"),
            bearer_format: Some("ctr_..."),
            flows: None,
            openid_connect_url: None,
        },
    );
}

/// A permit for `Q` for whoever is acting in a unit of work: their role's, all of them for the
/// system, none for a visitor.
pub(super) fn permit_for<Q: Permission>(rbac: &Rbac, acting: &Acting) -> Option<Permit<Q>> {
    let holds = match acting.role() {
        Some(role) => rbac.allows::<Q>(role),
        None => acting.is_system(),
    };
    holds.then(Permit::granted)
}

/// The public booking pages' unit of work: a visitor who is not staff, named "Online booking" in
/// the audit log, who may do only what [`OnlineBooking`] verbs allow.
pub async fn online_booking(host: &ClinicHost, write: bool) -> Result<ClinicOp<OnlineBooking>, sqlx::Error> {
    visitor(host, write, "Online booking").await
}

/// A unit of work for someone who is not staff, named `name` in the audit log, granted only `P`
/// (a permission no role holds).
async fn visitor<P: Permission>(host: &ClinicHost, write: bool, name: &str) -> Result<ClinicOp<P>, sqlx::Error> {
    let db = host.db();
    let tx = if write { db.write().await? } else { db.read().await? };
    let actor = Actor { kind: ActorKind::Anonymous, id: None, name: Some(name.into()), role: None };
    Ok(ClinicOp::new(
        tx,
        Permit::granted(),
        Acting::visitor(actor),
        host.clinic.clone(),
        host.services.clone(),
        Some(host.request.clone()),
    ))
}

/// The system's work on a clinic (see [`SystemWork`]), in a new transaction or in one already
/// open (the demo fills a store in the transaction that built it). Reaching it takes the
/// [`AppState`], which clinic code never has.
pub async fn system_work(
    state: &AppState,
    clinic: &Clinic,
    name: &str,
    open: Option<ClinicTx>,
) -> Result<SystemWork, sqlx::Error> {
    let tx = match open {
        Some(tx) => tx,
        None => state.dbs().tenant(clinic.id.0).write().await?,
    };
    let op = ClinicOp::new(
        tx,
        Permit::<SignedIn>::granted(),
        Acting::system(name, None),
        Arc::new(clinic.clone()),
        state.services().clone(),
        None,
    );
    Ok(SystemWork::new(op))
}

/// The system's work on a clinic that only reads (benchmarks measure reads in it); nothing it
/// does is kept.
pub async fn system_read(state: &AppState, clinic: &Clinic, name: &str) -> Result<SystemWork, sqlx::Error> {
    let tx = state.dbs().tenant(clinic.id.0).read().await?;
    system_work(state, clinic, name, Some(tx)).await
}

/// The unit of work of a patient signing on their own phone through a consent link: a visitor
/// who is not staff, named "Patient (signing link)" in the audit log, who may do only what
/// [`PatientSigning`] verbs allow.
pub async fn patient_signing(host: &ClinicHost, write: bool) -> Result<ClinicOp<PatientSigning>, sqlx::Error> {
    visitor(host, write, "Patient (signing link)").await
}
