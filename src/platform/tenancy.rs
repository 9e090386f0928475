//! Which site a request is for, from its Host header alone: a clinic (`{slug}.{base}`), the
//! platform (`admin.{base}`) or nothing. Unknown, malformed and suspended hosts are all the same
//! "nothing" and get the same 404.

use std::sync::Arc;
use std::time::Duration;

use poem::http::header;
use poem::{Endpoint, Request, Response};

use super::model::{Clinic, ClinicStatus, Slug};
use super::repo;
use crate::db::Databases;
use crate::http::{ApiError, ErrorCode};
use crate::state::AppState;

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

/// A Host value that breaks RFC 9112 §3.2 or RFC 3986's `host [ ":" port ]`: answered 400.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadHost;

/// RFC 3986's `reg-name`: unreserved characters, sub-delims and percent-escapes.
fn is_reg_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                if !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
                {
                    return false;
                }
                i += 3;
                continue;
            }
            b if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=".contains(&b) => {}
            _ => return false,
        }
        i += 1;
    }
    true
}

/// Splits a Host value (or a target's authority) into its name, checking its syntax (RFC 3986
/// `host [ ":" port ]`): a registered name or a bracketed IP literal, then an optional port of
/// up to five digits. Userinfo (`user@`), spaces, slashes and anything else are refused rather
/// than guessed at.
pub fn split_host(value: &str) -> Result<&str, BadHost> {
    let (name, port) = if let Some(rest) = value.strip_prefix('[') {
        let (literal, after) = rest.split_once(']').ok_or(BadHost)?;
        if literal.is_empty() || !literal.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.') {
            return Err(BadHost);
        }
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':').ok_or(BadHost)?),
        };
        (&value[..literal.len() + 2], port)
    } else {
        match value.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (value, None),
        }
    };
    if let Some(port) = port
        && (port.is_empty()
            || port.len() > 5
            || !port.bytes().all(|b| b.is_ascii_digit())
            || port.parse::<u32>().map_or(true, |p| p > 65_535))
    {
        return Err(BadHost);
    }
    if !name.starts_with('[') && !is_reg_name(name) {
        return Err(BadHost);
    }
    Ok(name)
}

pub fn parse_host(host: &str, base_domain: &str) -> HostName {
    let Ok(name) = split_host(host.trim()) else {
        return HostName::Unknown;
    };
    // IPv6 literals are never a clinic.
    if name.starts_with('[') {
        return HostName::Unknown;
    }
    let name = name.to_ascii_lowercase();
    let name = name.strip_suffix('.').unwrap_or(&name);
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

/// The host a request is addressed to, by RFC 9112 §3.2: the target's own authority when it
/// has one (absolute-form, or HTTP/2's `:authority`), otherwise the one Host header. More than
/// one Host, a malformed one, or none at all on HTTP/1.1 is a bad request. Behind a trusted
/// proxy, its `X-Forwarded-Host` (one value) takes the place of both.
fn addressed_host(req: &Request, trust_forwarded: bool) -> Result<String, BadHost> {
    let single = |name: &str| -> Result<Option<String>, BadHost> {
        let mut values = req.headers().get_all(name).iter();
        let Some(first) = values.next() else { return Ok(None) };
        if values.next().is_some() {
            return Err(BadHost);
        }
        let text = first.to_str().map_err(|_| BadHost)?.trim();
        split_host(text)?;
        Ok(Some(text.to_owned()))
    };
    if trust_forwarded && let Some(forwarded) = single("x-forwarded-host")? {
        return Ok(forwarded);
    }
    let host_header = single(header::HOST.as_str())?;
    if let Some(authority) = req.uri().authority() {
        // userinfo in a target's authority is as unwelcome as in a Host header.
        let text = authority.as_str();
        split_host(text)?;
        return Ok(text.to_owned());
    }
    match host_header {
        Some(host) => Ok(host),
        None if req.version() >= poem::http::Version::HTTP_11 => Err(BadHost),
        None => Ok(String::new()),
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
    let host = match addressed_host(&req, state.config.trust_forwarded_host) {
        Ok(host) => host,
        Err(BadHost) => {
            return Err(ApiError::new(
                ErrorCode::BadRequest,
                "The request's Host header is missing, repeated or malformed.",
            )
            .into());
        }
    };
    let site = match parse_host(&host, &state.config.base_domain) {
        HostName::Platform => Site::Platform,
        HostName::Clinic(slug) => match state.tenants().active(&slug).await.map_err(ApiError::from)? {
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

    #[test]
    fn host_syntax_is_checked_not_guessed() {
        for good in [
            "glow.localhost",
            "glow.localhost:8080",
            "GLOW.localhost.",
            "[::1]",
            "[::1]:80",
            "127.0.0.1:9",
            "bad_host.x",
        ] {
            assert!(split_host(good).is_ok(), "{good}");
        }
        for bad in [
            "beta.localhost:8080@alpha.localhost",
            "user@glow.localhost",
            "glow.localhost:",
            "glow.localhost:99999",
            "glow.localhost:80:80",
            "glow.localhost:8o",
            "glow localhost",
            "glow.localhost/x",
            "glow.localhost%zz",
            "[::1",
            "[]",
            "[::1]x",
            "glöw.localhost",
        ] {
            assert_eq!(split_host(bad), Err(BadHost), "{bad}");
        }
        assert_eq!(split_host("glow.localhost:8080"), Ok("glow.localhost"));
    }
}
