//! Which site a request is for, from its Host header alone: a clinic (`{slug}.{base}`), the
//! platform (`admin.{base}`) or nothing. Unknown, malformed and suspended hosts are all the same
//! "nothing" and get the same 404.

use std::sync::Arc;
use std::time::Duration;

use poem::http::header;
use poem::{Endpoint, Request, Response};

use super::model::{Clinic, ClinicStatus, Slug};
use super::repo;
use crate::app::AppState;
use crate::db::Databases;
use crate::http::ApiError;

/// The site a request was addressed to; in the request's extensions for every handler.
#[derive(Debug, Clone)]
pub enum Site {
    Clinic(Arc<Clinic>),
    Platform,
}

/// What a Host header names, before any lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostName {
    Clinic(String),
    Platform,
    Unknown,
}

pub fn parse_host(host: &str, base_domain: &str) -> HostName {
    let host = host.trim().to_ascii_lowercase();
    // Drop the port; IPv6 literals are never a clinic.
    if host.starts_with('[') {
        return HostName::Unknown;
    }
    let name = host.rsplit_once(':').map_or(host.as_str(), |(name, _port)| name);
    let name = name.strip_suffix('.').unwrap_or(name);
    let Some(label) = name.strip_suffix(base_domain).and_then(|rest| rest.strip_suffix('.')) else {
        return HostName::Unknown;
    };
    if label == "admin" {
        return HostName::Platform;
    }
    match Slug::parse(label) {
        Ok(slug) => HostName::Clinic(slug.as_str().to_owned()),
        Err(_) => HostName::Unknown,
    }
}

/// Slug -> active clinic, cached for 30 seconds. Misses are cached for 5, so random hosts cost
/// little while a clinic created on another server is found almost at once.
#[derive(Clone)]
pub struct TenantDirectory {
    dbs: Databases,
    cache: moka::future::Cache<String, Option<Arc<Clinic>>>,
}

struct Lifetimes;

impl moka::Expiry<String, Option<Arc<Clinic>>> for Lifetimes {
    fn expire_after_create(&self, _: &String, value: &Option<Arc<Clinic>>, _: std::time::Instant) -> Option<Duration> {
        Some(if value.is_some() { Duration::from_secs(30) } else { Duration::from_secs(5) })
    }
}

impl TenantDirectory {
    pub fn new(dbs: Databases) -> Self {
        Self { dbs, cache: moka::future::Cache::builder().max_capacity(10_000).expire_after(Lifetimes).build() }
    }

    /// The active clinic with this slug, if any.
    pub async fn active(&self, slug: &str) -> Result<Option<Arc<Clinic>>, sqlx::Error> {
        let dbs = self.dbs.clone();
        let key = slug.to_owned();
        self.cache
            .try_get_with(key.clone(), async move {
                let mut tx = dbs.platform_read().await?;
                let clinic = repo::find_by_slug(&mut tx, &key).await?;
                tx.rollback().await?;
                Ok::<_, sqlx::Error>(clinic.filter(|c| c.status == ClinicStatus::Active).map(Arc::new))
            })
            .await
            .map_err(|e: Arc<sqlx::Error>| sqlx::Error::Protocol(e.to_string()))
    }

    pub async fn forget(&self, slug: &str) {
        self.cache.invalidate(slug).await;
    }
}

/// Resolves the site for every request except the health checks; a request for no site ends
/// here with 404.
pub async fn resolve_site<E: Endpoint>(next: E, mut req: Request) -> poem::Result<Response> {
    let path = req.uri().path();
    if path == "/healthz" || path == "/readyz" {
        return next.call(req).await.map(poem::IntoResponse::into_response);
    }
    let Some(state) = req.data::<AppState>().cloned() else {
        return Err(ApiError::internal(anyhow::anyhow!("application state missing")).into());
    };
    let forwarded = state.config.trust_forwarded_host.then(|| req.header("x-forwarded-host")).flatten();
    let host = forwarded.or_else(|| req.header(header::HOST)).or_else(|| req.uri().host()).unwrap_or_default();
    let site = match parse_host(host, &state.config.base_domain) {
        HostName::Platform => Site::Platform,
        HostName::Clinic(slug) => match state.tenants.active(&slug).await.map_err(ApiError::from)? {
            Some(clinic) => Site::Clinic(clinic),
            None => return Err(poem::error::NotFoundError.into()),
        },
        HostName::Unknown => return Err(poem::error::NotFoundError.into()),
    };
    req.extensions_mut().insert(site);
    next.call(req).await.map(poem::IntoResponse::into_response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_name_sites() {
        let base = "localhost";
        assert_eq!(parse_host("glow.localhost:8080", base), HostName::Clinic("glow".into()));
        assert_eq!(parse_host("GLOW.localhost", base), HostName::Clinic("glow".into()));
        assert_eq!(parse_host("glow.localhost.", base), HostName::Clinic("glow".into()));
        assert_eq!(parse_host("admin.localhost:8080", base), HostName::Platform);
        for unknown in [
            "localhost",
            "localhost:8080",
            "a.b.localhost",
            "glow.example.com",
            "-x.localhost",
            "[::1]:8080",
            "",
            "glowlocalhost",
            "www.localhost",
        ] {
            assert_eq!(parse_host(unknown, base), HostName::Unknown, "{unknown}");
        }
        assert_eq!(parse_host("skin-co.contour.example", "contour.example"), HostName::Clinic("skin-co".into()));
    }
}
