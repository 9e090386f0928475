//! The staff web app, served on every clinic host: its built files, and `index.html` for any
//! other path so the app's own router can take over. Release builds carry the files inside the
//! binary; debug builds read `frontend/dist` from disk, so a rebuilt app shows up on reload.

use poem::http::{Method, StatusCode, header};
use poem::{Request, Response, handler};

use crate::http::pages;
use crate::platform::tenancy::Site;

#[derive(rust_embed::RustEmbed)]
#[folder = "frontend/dist"]
#[allow_missing = true]
struct Built;

/// What the app may load: only itself, plus images over https or from the configured object
/// store (signed photo links point there). No framing, no inline scripts.
fn csp(object_store: Option<&str>) -> String {
    let store = object_store.map(|origin| format!(" {origin}")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob: https:{store}; font-src 'self' data:; connect-src 'self'; \
         frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
    )
}

/// The scheme, host and port of the S3 endpoint, if photos live in one.
fn store_origin(req: &Request) -> Option<String> {
    let endpoint = req.data::<crate::state::AppState>()?.config.s3.as_ref()?.endpoint.clone()?;
    let url = reqwest::Url::parse(&endpoint).ok()?;
    Some(url.origin().ascii_serialization())
}

#[handler]
pub fn app(req: &Request) -> Response {
    if !matches!(req.extensions().get::<Site>(), Some(Site::Clinic(_))) {
        return crate::http::middleware::not_available_page();
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Response::builder().status(StatusCode::METHOD_NOT_ALLOWED).finish();
    }
    let path = req.uri().path().trim_start_matches('/');
    if !path.is_empty()
        && let Some(file) = Built::get(path)
    {
        // Vite puts a content hash in every name under assets/: those never change.
        let cache = if path.starts_with("assets/") { "public, max-age=31536000, immutable" } else { "no-cache" };
        return Response::builder()
            .content_type(file.metadata.mimetype())
            .header(header::CACHE_CONTROL, cache)
            .body(file.data.into_owned());
    }
    // A file-looking path that does not exist is a real 404, not the app.
    if path.rsplit('/').next().is_some_and(|last| last.contains('.')) {
        return crate::http::middleware::not_available_page();
    }
    match Built::get("index.html") {
        Some(index) => Response::builder()
            .content_type("text/html; charset=utf-8")
            .header(header::CACHE_CONTROL, "no-cache")
            .header("content-security-policy", csp(store_origin(req).as_deref()))
            .body(index.data.into_owned()),
        None => pages::message(
            StatusCode::SERVICE_UNAVAILABLE,
            "The web app isn’t built yet",
            "Run scripts/start (or npm run build in frontend/) and reload.",
            None,
        ),
    }
}
