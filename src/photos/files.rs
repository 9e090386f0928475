//! `/files/...`: photo objects of the local store, served only against a signed link made for
//! this clinic, this object, and not yet expired. Anything else is a plain 403 or 404.

use poem::http::{StatusCode, header};
use poem::web::Query;
use poem::{Request, Response, handler};
use serde::Deserialize;

use super::images::ImageKind;
use crate::clinic::ClinicHost;
use crate::storage::{StorageError, UrlRefused};

#[derive(Deserialize)]
pub struct Signed {
    exp: Option<String>,
    sig: Option<String>,
}

fn refused(status: StatusCode, message: &str) -> Response {
    Response::builder()
        .status(status)
        .content_type("text/plain; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .body(message.to_owned())
}

#[handler]
pub async fn serve(req: &Request, Query(q): Query<Signed>) -> Response {
    let Ok(host) = ClinicHost::from_request_without_body(req).await else {
        return refused(StatusCode::NOT_FOUND, "Not found.");
    };
    let (clinic, storage) = (&host.clinic, &host.services.storage);
    if storage.is_s3() {
        return refused(StatusCode::NOT_FOUND, "Not found.");
    }
    let path = req.uri().path().trim_start_matches("/files/");
    let (Some(exp), Some(sig)) = (q.exp.as_deref(), q.sig.as_deref()) else {
        return refused(StatusCode::FORBIDDEN, "This link is not valid.");
    };
    let key = match storage.check_local_url(path, exp, sig, host.now()) {
        Ok(key) if key.clinic() == clinic.id.0 => key,
        Ok(_) | Err(UrlRefused::Invalid) => return refused(StatusCode::FORBIDDEN, "This link is not valid."),
        Err(UrlRefused::Expired) => return refused(StatusCode::FORBIDDEN, "This link has expired. Reload the page."),
    };
    match storage.get(&key).await {
        Ok(bytes) => {
            let content_type = ImageKind::sniff(&bytes).map_or("application/octet-stream", ImageKind::content_type);
            Response::builder()
                .content_type(content_type)
                .header(header::CACHE_CONTROL, "private, max-age=300")
                .header("x-content-type-options", "nosniff")
                .header("content-security-policy", "default-src 'none'; sandbox")
                .body(bytes.to_vec())
        }
        Err(StorageError::NotFound(_)) => refused(StatusCode::NOT_FOUND, "Not found."),
        Err(e) => {
            tracing::error!(error = %e, "reading a stored photo failed");
            refused(StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong on our side.")
        }
    }
}
