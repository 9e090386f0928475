use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use crate::args;
use crate::context::ClinicHost;
use crate::http::ApiResult;
use crate::http::tags::ApiTags;

pub struct ClinicApi;

/// The public face of a clinic: enough for the sign-in and booking pages.
#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct ClinicOut {
    pub slug: String,
    pub name: String,
    /// IANA time zone the clinic's calendar runs in.
    pub timezone: String,
    /// `#rrggbb`
    pub brand_color: String,
}

#[OpenApi(tag = "ApiTags::Clinic")]
impl ClinicApi {
    /// The clinic this host belongs to
    ///
    /// Public. Name, time zone and brand colour of the clinic addressed by the request's host.
    #[oai(path = "/clinic", method = "get", operation_id = "clinic.get")]
    async fn get(&self, host: ClinicHost) -> ApiResult<Json<ClinicOut>> {
        let mut tx = host.db.read().await?;
        let brand_color: String =
            tx.fetch_scalar("select brand_color from clinic_settings where singleton = true", args![]).await?;
        tx.rollback().await?;
        Ok(Json(ClinicOut {
            slug: host.clinic.slug.clone(),
            name: host.clinic.name.clone(),
            timezone: host.clinic.timezone.clone(),
            brand_color,
        }))
    }
}
