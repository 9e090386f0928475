//! The clinic's SSO settings, kept by owners. The client secret goes in through the sealed-field
//! seam and never comes back out of the API.

use chrono::{DateTime, Utc};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde_json::json;

use crate::audit::AuditAction;
use crate::auth::Staff;
use crate::auth::permissions::{StaffRead, StaffWrite};
use crate::clinic::{Audited, ClinicOp};
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, FieldProblem};
use crate::sealed::{Sensitive, seal, unseal};
use crate::types::clean_optional;

use super::repo;

#[cfg(test)]
mod tests {
    #[test]
    fn issuers() {
        assert!(super::issuer_acceptable("https://login.example.com/realms/glow"));
        assert!(super::issuer_acceptable("https://tenant.auth0.example/"));
        assert!(super::issuer_acceptable("http://127.0.0.1:4000"));
        assert!(!super::issuer_acceptable("http://login.example.com"));
        assert!(!super::issuer_acceptable("https://login.example.com/?x=1"));
        assert!(!super::issuer_acceptable("ftp://login.example.com"));
        assert!(!super::issuer_acceptable("not a url"));
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SsoSettings {
    pub enabled: bool,
    pub issuer_url: String,
    pub client_id: String,
    pub client_secret_sealed: String,
    pub button_label: Option<String>,
    pub updated_at: DateTime<Utc>,
}

impl SsoSettings {
    pub fn client_secret(&self) -> Result<Sensitive, crate::sealed::UnknownCodec> {
        unseal(&self.client_secret_sealed)
    }
}

pub struct SsoApi;

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct SsoSettingsOut {
    /// Whether settings exist at all.
    pub configured: bool,
    pub enabled: bool,
    pub issuer_url: Option<String>,
    pub client_id: Option<String>,
    /// Whether a client secret is stored (it is never returned).
    pub has_client_secret: bool,
    pub button_label: Option<String>,
    /// Register this address with the identity provider as the redirect URI.
    pub redirect_uri: String,
    pub updated_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct SsoSettingsIn {
    /// The provider's issuer, e.g. `https://login.example.com/realms/clinic`.
    pub issuer_url: String,
    pub client_id: String,
    /// Required the first time; leave out to keep the stored secret.
    pub client_secret: Option<String>,
    pub enabled: bool,
    /// The sign-in button's text, e.g. "Sign in with Okta".
    pub button_label: Option<String>,
}

#[derive(ApiResponse)]
pub enum Removed {
    #[oai(status = 204)]
    Done,
}

fn out(settings: Option<SsoSettings>, redirect_uri: String) -> SsoSettingsOut {
    match settings {
        Some(s) => SsoSettingsOut {
            configured: true,
            enabled: s.enabled,
            issuer_url: Some(s.issuer_url),
            client_id: Some(s.client_id),
            has_client_secret: !s.client_secret_sealed.is_empty(),
            button_label: s.button_label,
            redirect_uri,
            updated_at: Some(s.updated_at),
        },
        None => SsoSettingsOut {
            configured: false,
            enabled: false,
            issuer_url: None,
            client_id: None,
            has_client_secret: false,
            button_label: None,
            redirect_uri,
            updated_at: None,
        },
    }
}

/// An https URL without a query; plain http only to this machine (a provider under test).
fn issuer_acceptable(issuer: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(issuer) else { return false };
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    url.query().is_none()
        && url.fragment().is_none()
        && url.host().is_some()
        && (url.scheme() == "https" || (url.scheme() == "http" && loopback))
}

pub fn redirect_uri(config: &crate::config::Config, slug: &str) -> String {
    format!("{}/auth/oidc/callback", config.clinic_url(slug))
}

#[OpenApi(tag = "ApiTags::Sso")]
impl SsoApi {
    /// Single sign-on settings
    ///
    /// Never includes the client secret. Needs `staff:read`.
    #[oai(path = "/sso", method = "get", operation_id = "sso.get")]
    async fn get(&self, auth: Staff<StaffRead>) -> ApiResult<Json<SsoSettingsOut>> {
        let mut op = auth.begin_read().await?;
        let settings = repo::load_settings(op.tx()).await?;
        Ok(Json(out(settings, redirect_uri(&op.services().config, &op.clinic().slug))))
    }

    /// Set up single sign-on
    ///
    /// The issuer, the client id and secret the provider issued for this clinic, and whether
    /// the sign-in page offers it. Needs `staff:write`.
    #[oai(path = "/sso", method = "put", operation_id = "sso.update")]
    async fn update(&self, auth: Staff<StaffWrite>, body: Json<SsoSettingsIn>) -> ApiResult<Json<SsoSettingsOut>> {
        let mut fields = Vec::new();
        // Kept exactly as the provider states it: issuers are compared character for character.
        let issuer = body.issuer_url.trim().to_owned();
        if !issuer_acceptable(&issuer) {
            fields.push(FieldProblem::new("issuerUrl", "invalid", "Enter the provider's issuer URL (https://...)."));
        }
        let client_id = body.client_id.trim().to_owned();
        if client_id.is_empty() || client_id.len() > 200 {
            fields.push(FieldProblem::new("clientId", "invalid", "Enter the client id the provider issued."));
        }
        let label = clean_optional(body.button_label.as_deref());
        if label.as_ref().is_some_and(|l| l.chars().count() > 60) {
            fields.push(FieldProblem::new("buttonLabel", "too_long", "Keep the label under 60 characters."));
        }
        let change = SsoChange {
            enabled: body.enabled,
            issuer,
            client_id,
            label,
            new_secret: clean_optional(body.client_secret.as_deref()),
        };
        let mut op = auth.begin().await?;
        let saved = save(&mut op, &change, fields).await?;
        let redirect = redirect_uri(&op.services().config, &op.clinic().slug);
        let settings = op.commit(saved).await?;
        auth.ctx.host.services.oidc.forget(&change.issuer).await;
        Ok(Json(out(settings, redirect)))
    }

    /// Turn single sign-on off and forget its settings
    ///
    /// Links between staff and their provider identities are kept, so setting the same provider
    /// up again needs no re-linking. Needs `staff:write`.
    #[oai(path = "/sso", method = "delete", operation_id = "sso.delete")]
    async fn delete(&self, auth: Staff<StaffWrite>) -> ApiResult<Removed> {
        let mut op = auth.begin().await?;
        let removed = remove(&mut op).await?;
        op.commit(removed).await?;
        Ok(Removed::Done)
    }
}

/// What an owner sets; a secret left out keeps the one stored.
struct SsoChange {
    enabled: bool,
    issuer: String,
    client_id: String,
    label: Option<String>,
    new_secret: Option<String>,
}

/// Saves the settings (the secret sealed), audited without the secret.
async fn save(
    op: &mut ClinicOp<StaffWrite>,
    change: &SsoChange,
    mut fields: Vec<FieldProblem>,
) -> Result<Audited<Option<SsoSettings>>, ApiError> {
    let existing = repo::load_settings(op.tx()).await?;
    let sealed = match (&change.new_secret, &existing) {
        (Some(secret), _) => seal(&Sensitive::new(secret.clone())),
        (None, Some(existing)) => existing.client_secret_sealed.clone(),
        (None, None) => {
            fields.push(FieldProblem::new("clientSecret", "required", "Enter the client secret."));
            String::new()
        }
    };
    if !fields.is_empty() {
        return Err(ApiError::validation(fields));
    }
    let (by, now) = (op.by(), op.now());
    let stored = repo::StoredSso {
        enabled: change.enabled,
        issuer_url: &change.issuer,
        client_id: &change.client_id,
        client_secret_sealed: &sealed,
        button_label: change.label.as_deref(),
    };
    repo::save_settings(op.tx(), &stored, by, now).await?;
    let entry = op.entry(AuditAction::SsoSettingsChanged).details(json!({
        "enabled": change.enabled,
        "issuerUrl": change.issuer,
        "clientId": change.client_id,
        "secretChanged": change.new_secret.is_some(),
    }));
    let settings = repo::load_settings(op.tx()).await?;
    Ok(op.audit(entry, settings).await?)
}

/// Forgets the settings; removing what isn't there changes nothing.
async fn remove(op: &mut ClinicOp<StaffWrite>) -> Result<Audited<()>, sqlx::Error> {
    if !repo::forget_settings(op.tx()).await? {
        return Ok(Audited::unchanged(()));
    }
    let entry = op.entry(AuditAction::SsoSettingsChanged).details(json!({ "removed": true }));
    op.audit(entry, ()).await
}
