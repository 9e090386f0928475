//! The public face of a clinic host: what its sign-in and booking pages show before anyone has
//! signed in.

use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use crate::args;
use crate::clinic::ClinicHost;
use crate::http::ApiResult;
use crate::http::tags::ApiTags;

pub struct ClinicApi;

/// The public face of a clinic: enough for the sign-in and booking pages.
#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct ClinicOut {
    pub slug: String,
    pub name: String,
    /// IANA time zone the clinic's calendar runs in.
    pub timezone: String,
    /// `#rrggbb`
    pub brand_color: String,
    /// Whether "Sign in with SSO" is offered.
    pub sso_enabled: bool,
    /// The SSO button's label, e.g. "Sign in with Okta".
    pub sso_label: Option<String>,
}

#[derive(sqlx::FromRow)]
struct PublicSettings {
    brand_color: String,
    sso_enabled: bool,
    sso_label: Option<String>,
}

pub(crate) async fn clinic_out(host: &ClinicHost) -> ApiResult<ClinicOut> {
    let mut tx = host.db().read().await?;
    let s: PublicSettings = tx
        .fetch_one(
            "select s.brand_color, coalesce(o.enabled, false) as sso_enabled, o.button_label as sso_label \
             from clinic_settings s left join oidc_settings o on true where s.singleton = true",
            args![],
        )
        .await?;
    tx.rollback().await?;
    Ok(ClinicOut {
        slug: host.clinic.slug.clone(),
        name: host.clinic.name.clone(),
        timezone: host.clinic.timezone.clone(),
        brand_color: s.brand_color,
        sso_enabled: s.sso_enabled,
        sso_label: s.sso_enabled.then(|| s.sso_label.unwrap_or_else(|| "Sign in with SSO".into())),
    })
}

#[OpenApi(tag = "ApiTags::Clinic")]
impl ClinicApi {
    /// The clinic this host belongs to
    ///
    /// Public. Name, time zone, brand colour and sign-in options of the clinic addressed by the
    /// request's host.
    #[oai(path = "/clinic", method = "get", operation_id = "clinic.get")]
    async fn get(&self, host: ClinicHost) -> ApiResult<Json<ClinicOut>> {
        Ok(Json(clinic_out(&host).await?))
    }
}
