use chrono::{DateTime, Duration, Utc};
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreIdTokenClaims};
use openidconnect::{
    AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use poem::http::{StatusCode, header};
use poem::web::Query;
use poem::{Request, Response, handler};
use serde::Deserialize;
use serde_json::json;

use super::repo;
use super::settings::{self, SsoSettings};
use crate::audit::{Actor, AuditAction, AuditEntry, Outcome};
use crate::auth::secrets::{random_token, same_secret, token_hash};
use crate::auth::sessions::read_cookie;
use crate::auth::sign_in;
use crate::clinic::ClinicHost;
use crate::http::pages;
use crate::staff::{self, StaffUser, StaffUserId};

const STATE_COOKIE: &str = "contour_oidc";
const PENDING_FOR: Duration = Duration::minutes(10);

/// Where a failed sign-in sends people back to.
const SIGN_IN_PATH: &str = "/login";

/// A sign-in that could not finish, shown to the person as a page.
struct Refusal {
    status: StatusCode,
    title: &'static str,
    body: String,
    /// Why, for the audit log (never shown).
    reason: &'static str,
}

impl Refusal {
    fn new(status: StatusCode, title: &'static str, body: impl Into<String>, reason: &'static str) -> Self {
        Self { status, title, body: body.into(), reason }
    }

    fn page(&self) -> Response {
        pages::message(self.status, self.title, &self.body, Some((SIGN_IN_PATH, "Back to sign-in")))
    }
}

fn failed(reason: &'static str) -> Refusal {
    Refusal::new(
        StatusCode::BAD_REQUEST,
        "We couldn\u{2019}t sign you in",
        "Something went wrong between us and your sign-in provider. Please try again.",
        reason,
    )
}

/// A safe place to return to: a path on this host, nothing else. Browsers drop tabs and line
/// breaks from URLs ("/\t/evil.example" becomes "//evil.example"), so any whitespace or control
/// character disqualifies a path outright.
fn safe_return_to(raw: Option<&str>) -> String {
    match raw {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && !p.chars().any(|c| c.is_control() || c.is_whitespace())
                && p.len() <= 512 =>
        {
            p.to_owned()
        }
        _ => "/".to_owned(),
    }
}

fn state_cookie(value: &str, max_age: Duration, secure: bool) -> String {
    format!(
        "{STATE_COOKIE}={value}; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age={}{}",
        max_age.num_seconds(),
        if secure { "; Secure" } else { "" }
    )
}

/// A client built from discovery: authorization endpoint known, token and userinfo endpoints
/// present when the provider advertises them.
type DiscoveredClient =
    CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointMaybeSet>;

async fn client_for(host: &ClinicHost, settings: &SsoSettings) -> Result<DiscoveredClient, Refusal> {
    let unreachable = || {
        Refusal::new(
            StatusCode::BAD_GATEWAY,
            "Your sign-in provider isn\u{2019}t answering",
            "Try again in a moment, or sign in with your email and password.",
            "sso_provider_unreachable",
        )
    };
    let metadata = host.services.oidc.metadata(&settings.issuer_url).await.map_err(|err| {
        tracing::warn!(error = %err, "identity provider discovery failed");
        unreachable()
    })?;
    let secret = settings.client_secret().map_err(|_| failed("sso_secret_unreadable"))?;
    let redirect = RedirectUrl::new(settings::redirect_uri(&host.services.config, &host.clinic.slug))
        .map_err(|_| failed("sso_bad_redirect"))?;
    Ok(CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(settings.client_id.clone()),
        Some(ClientSecret::new(secret.into_inner())),
    )
    .set_redirect_uri(redirect))
}

async fn enabled_settings(host: &ClinicHost) -> Result<SsoSettings, Refusal> {
    let mut tx = host.db().read().await.map_err(|_| failed("db"))?;
    let settings = super::repo::load_settings(&mut tx).await.map_err(|_| failed("db"))?;
    settings.filter(|s| s.enabled).ok_or_else(|| {
        Refusal::new(
            StatusCode::NOT_FOUND,
            "Single sign-on isn\u{2019}t set up here",
            "Sign in with your email and password instead.",
            "sso_not_configured",
        )
    })
}

#[derive(Debug, Deserialize)]
pub struct StartParams {
    #[serde(rename = "returnTo")]
    return_to: Option<String>,
}

/// `GET /auth/oidc/start`: off to the clinic's identity provider.
#[handler]
pub async fn start(req: &Request, Query(params): Query<StartParams>) -> poem::Result<Response> {
    let host = ClinicHost::from_request_without_body(req).await?;
    Ok(match start_sign_in(&host, params).await {
        Ok(response) => response,
        Err(refusal) => refusal.page(),
    })
}

async fn start_sign_in(host: &ClinicHost, params: StartParams) -> Result<Response, Refusal> {
    let settings = enabled_settings(host).await?;
    let client = client_for(host, &settings).await?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (state, nonce) = (random_token(), random_token());
    let (state_for_url, nonce_for_url) = (state.clone(), nonce.clone());
    let (url, _, _) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            move || CsrfToken::new(state_for_url.clone()),
            move || Nonce::new(nonce_for_url.clone()),
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();
    let now = host.now();
    let mut tx = host.db().write().await.map_err(|_| failed("db"))?;
    let pending = repo::NewPending {
        state_hash: &token_hash(&state),
        nonce: &nonce,
        pkce_verifier: verifier.secret(),
        return_to: &safe_return_to(params.return_to.as_deref()),
        expires_at: now + PENDING_FOR,
    };
    repo::insert_pending(&mut tx, &pending, now).await.map_err(|_| failed("db"))?;
    tx.commit().await.map_err(|_| failed("db"))?;
    Ok(Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, url.as_str())
        .header(header::SET_COOKIE, state_cookie(&state, PENDING_FOR, host.services.config.secure_cookies()))
        .header(header::CACHE_CONTROL, "no-store")
        .finish())
}

#[derive(Debug, Deserialize)]
pub struct CallbackParams {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

struct Pending {
    nonce: String,
    pkce_verifier: String,
    return_to: Option<String>,
}

/// `GET /auth/oidc/callback`: back from the provider with a code.
#[handler]
pub async fn callback(req: &Request, Query(params): Query<CallbackParams>) -> poem::Result<Response> {
    let host = ClinicHost::from_request_without_body(req).await?;
    let browser_state = read_cookie(req.header(header::COOKIE), STATE_COOKIE).map(str::to_owned);
    let secure = host.services.config.secure_cookies();
    let outcome = finish_sign_in(&host, params, browser_state).await;
    let mut response = match outcome {
        Ok((user, return_to)) => match sign_in::start_session(&host, &user, "sso").await {
            Ok(session) => Response::builder()
                .status(StatusCode::SEE_OTHER)
                .header(header::LOCATION, return_to)
                .header(header::SET_COOKIE, session.cookie)
                .header(header::CACHE_CONTROL, "no-store")
                .finish(),
            Err(_) => failed("db").page(),
        },
        Err((refusal, who)) => {
            record_failure(&host, &refusal, who).await;
            refusal.page()
        }
    };
    response.headers_mut().append(
        header::SET_COOKIE,
        state_cookie("", Duration::zero(), secure).parse().map_err(|_| poem::error::NotFoundError)?,
    );
    Ok(response)
}

/// Who the provider said it was, for the audit log of a refused sign-in.
#[derive(Default)]
struct Claimed {
    issuer: Option<String>,
    subject: Option<String>,
    email: Option<String>,
    user: Option<StaffUserId>,
}

async fn finish_sign_in(
    host: &ClinicHost,
    params: CallbackParams,
    browser_state: Option<String>,
) -> Result<(StaffUser, String), (Refusal, Claimed)> {
    let none = Claimed::default;
    if params.error.is_some() {
        return Err((
            Refusal::new(
                StatusCode::BAD_REQUEST,
                "Sign-in was cancelled",
                "Your sign-in provider did not complete the sign-in.",
                "sso_provider_error",
            ),
            none(),
        ));
    }
    let (Some(code), Some(state)) = (params.code, params.state) else {
        return Err((failed("sso_missing_code"), none()));
    };
    if !browser_state.as_deref().is_some_and(|b| same_secret(b, &state)) {
        return Err((
            Refusal::new(
                StatusCode::BAD_REQUEST,
                "This sign-in didn\u{2019}t start here",
                "Start again from the sign-in page in this browser.",
                "sso_state_mismatch",
            ),
            none(),
        ));
    }
    let now = host.now();
    let pending = consume_pending(host, &state, now).await.map_err(|r| (r, none()))?;
    let settings = enabled_settings(host).await.map_err(|r| (r, none()))?;
    let client = client_for(host, &settings).await.map_err(|r| (r, none()))?;
    let token = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|_| (failed("sso_no_token_endpoint"), none()))?
        .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier))
        .request_async(&host.services.oidc.http)
        .await
        .map_err(|err| {
            tracing::warn!(error = %err, "code exchange refused");
            (failed("sso_code_exchange_failed"), none())
        })?;
    let id_token = token.id_token().ok_or_else(|| (failed("sso_no_id_token"), none()))?;
    let verifier = client.id_token_verifier().set_time_fn(move || now);
    let claims: &CoreIdTokenClaims = id_token.claims(&verifier, &Nonce::new(pending.nonce)).map_err(|err| {
        let reason = match err {
            ClaimsVerificationError::Expired(_) => "sso_token_expired",
            ClaimsVerificationError::InvalidAudience(_) => "sso_invalid_audience",
            ClaimsVerificationError::InvalidIssuer(_) => "sso_invalid_issuer",
            ClaimsVerificationError::InvalidNonce(_) => "sso_invalid_nonce",
            ClaimsVerificationError::SignatureVerification(_) => "sso_bad_signature",
            _ => "sso_token_rejected",
        };
        (failed(reason), none())
    })?;
    let mut claimed = Claimed {
        issuer: Some(claims.issuer().as_str().to_owned()),
        subject: Some(claims.subject().as_str().to_owned()),
        email: claims.email().map(|e| e.as_str().to_lowercase()),
        user: None,
    };
    let mut email_verified = claims.email_verified().unwrap_or(false);
    // Conforming providers put scope claims in the userinfo response rather than the ID token
    // when an access token is issued; ask there when the ID token is silent.
    if claimed.email.is_none() {
        let subject = claims.subject().clone();
        if let Ok(request) = client.user_info(token.access_token().clone(), Some(subject)) {
            match request
                .request_async::<openidconnect::EmptyAdditionalClaims, _, openidconnect::core::CoreGenderClaim>(
                    &host.services.oidc.http,
                )
                .await
            {
                Ok(info) => {
                    claimed.email = info.email().map(|e| e.as_str().to_lowercase());
                    email_verified = info.email_verified().unwrap_or(false);
                }
                Err(err) => tracing::warn!(error = %err, "userinfo request failed"),
            }
        }
    }
    let verified_email = email_verified.then(|| claimed.email.clone()).flatten();
    let user = match link_identity(host, &claimed, verified_email.as_deref(), now).await {
        Ok(user) => user,
        Err(refusal) => return Err((refusal, claimed)),
    };
    Ok((user, pending.return_to.unwrap_or_else(|| "/".into())))
}

async fn consume_pending(host: &ClinicHost, state: &str, now: DateTime<Utc>) -> Result<Pending, Refusal> {
    let expired = || {
        Refusal::new(
            StatusCode::BAD_REQUEST,
            "This sign-in has expired",
            "Sign-in links last ten minutes and work once. Start again from the sign-in page.",
            "sso_expired_or_replayed",
        )
    };
    let mut tx = host.db().write().await.map_err(|_| failed("db"))?;
    let row = repo::take_pending(&mut tx, &token_hash(state)).await.map_err(|_| failed("db"))?;
    tx.commit().await.map_err(|_| failed("db"))?;
    row.filter(|r| r.expires_at > now)
        .map(|r| Pending { nonce: r.nonce, pkce_verifier: r.pkce_verifier, return_to: r.return_to })
        .ok_or_else(expired)
}

/// The staff member this identity belongs to: by (issuer, subject) once linked; the first time
/// by verified email, linking it then.
async fn link_identity(
    host: &ClinicHost,
    claimed: &Claimed,
    verified_email: Option<&str>,
    now: DateTime<Utc>,
) -> Result<StaffUser, Refusal> {
    let (Some(issuer), Some(subject)) = (&claimed.issuer, &claimed.subject) else {
        return Err(failed("sso_no_subject"));
    };
    let not_member = || {
        Refusal::new(
            StatusCode::FORBIDDEN,
            "You\u{2019}re not a member of this clinic",
            format!(
                "Your sign-in worked, but it doesn\u{2019}t match anyone on the staff of {}. Ask the clinic\u{2019}s owner to add you with the email your provider uses.",
                host.clinic.name
            ),
            "sso_unknown_identity",
        )
    };
    let deactivated = || {
        Refusal::new(
            StatusCode::FORBIDDEN,
            "Your account is deactivated",
            "Ask the clinic\u{2019}s owner to reactivate it.",
            "sso_deactivated",
        )
    };
    let db = |_: sqlx::Error| failed("db");
    let mut tx = host.db().write().await.map_err(db)?;
    // Two sign-ins of one new identity at once link it once.
    tx.lock(&format!("oidc-identity:{issuer}:{subject}")).await.map_err(db)?;
    let linked = repo::identity(&mut tx, issuer, subject).await.map_err(db)?;
    let user = match linked {
        Some(identity) => {
            let user = staff::find_by_id(&mut tx, identity.user_id).await.map_err(db)?.ok_or_else(not_member)?;
            repo::touch_identity(&mut tx, identity.id, now).await.map_err(db)?;
            user
        }
        None => {
            let Some(email) = verified_email else { return Err(not_member()) };
            let user = staff::find_by_email(&mut tx, email).await.map_err(db)?.ok_or_else(not_member)?;
            // Once someone is linked to this provider, only that identity signs them in.
            if repo::linked_with(&mut tx, user.id, issuer).await.map_err(db)? {
                return Err(not_member());
            }
            if user.active {
                repo::link(&mut tx, user.id, issuer, subject, email, now).await.map_err(db)?;
            }
            user
        }
    };
    if !user.active {
        return Err(deactivated());
    }
    tx.commit().await.map_err(db)?;
    Ok(user)
}

async fn record_failure(host: &ClinicHost, refusal: &Refusal, claimed: Claimed) {
    let mut entry =
        AuditEntry::new(AuditAction::LoginFailed, Actor::anonymous()).outcome(Outcome::Failure).details(json!({
            "method": "sso",
            "reason": refusal.reason,
            "issuer": claimed.issuer,
            "subject": claimed.subject,
            "email": claimed.email,
        }));
    if let Some(user) = claimed.user {
        entry = entry.entity("staff_user", user.0);
    }
    if let Err(err) = sign_in::record_refusal(host, entry).await {
        tracing::error!(error = %err, "could not audit a failed sign-in");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_returned_to() {
        assert_eq!(safe_return_to(Some("/patients/1?tab=medical")), "/patients/1?tab=medical");
        for evil in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/x",
            "javascript:alert(1)",
            "",
        ] {
            assert_eq!(safe_return_to(Some(evil)), "/", "{evil}");
        }
        assert_eq!(safe_return_to(None), "/");
    }
}
